"""The demo's procedure lines against the seed (3966/BC-BQL): the split by field, the revisions, the pending
legal updates and the withdrawn/returned split are the demo's records, so they appear only inside
"[Dữ liệu mẫu: …]"; the seed's sentence on legal updates is printed word for word; where the app counts
procedures differently from the seed (55 TTHC of 55, never "66/55": DOMAIN.md), the note says how the seed
counts them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from qms_tui.reports.annual import build_report, report_text
from qms_tui.store import Store

SEED_LEGAL = ("Cập nhật các thay đổi của văn bản quy phạm pháp luật liên quan đến hoạt động xử lý công việc vào Hệ "
              "thống quản lý chất lượng; bổ sung các quy trình nội bộ tại Ban Quản lý Khu kinh tế Hải Phòng.")
SAMPLE_ONLY = ["lĩnh vực đầu tư: 18 quy trình", "cập nhật 52 quy trình", "02 quy trình đang được sửa đổi",
               "theo Nghị định số 35/2023/NĐ-CP", "“05 quy trình chung và 61 quy trình giải quyết TTHC”",
               "vào tử số (66 quy trình)"]
SEED = Path("/work/shared/seed")


def _text(db: Path) -> str:
    return " ".join(report_text(build_report(Store(db, read_only=True).snapshot(), 2024)).split())


def _outside(text: str) -> str:
    return re.sub(r"\[Dữ liệu mẫu(: [^\]]*)?\]", "", text)


def test_generated_procedure_details_are_only_in_sample_notes(demo_db: Path) -> None:
    text = _text(demo_db)
    outside = _outside(text)
    for detail in SAMPLE_ONLY:
        assert detail in text, detail
        assert detail not in outside, detail
    assert "lĩnh vực đầu tư (18)" not in text and "66/55" not in text
    assert "55/55 (ngoài ra 5 quy trình chung và 6 quy trình nội bộ của Văn phòng)." in outside
    assert "Số hồ sơ tổ chức, cá nhân rút: 15 Hồ sơ [Dữ liệu mẫu]" in text  # the seed gives no such split


def test_the_seed_sentence_on_legal_updates_is_word_for_word(demo_db: Path) -> None:
    assert SEED_LEGAL in _outside(_text(demo_db))
    seed = next(iter(SEED.glob("*.txt")), None)
    if seed is not None:
        assert SEED_LEGAL in " ".join(seed.read_text(encoding="utf-8").split())


def test_a_store_without_sample_data_states_them_inline(demo_db: Path) -> None:
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    del data["_meta"]["1"]["sample"]
    demo_db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = _text(demo_db)
    assert "Dữ liệu mẫu" not in text
    assert "lĩnh vực đầu tư (18)" in text and "; 02 quy trình đang được sửa đổi (QT-MT02, QT-XD09)." in text
    assert "hệ thống quản lý chất lượng (trong kỳ đã sửa đổi, cập nhật 52 quy trình;" in text.replace("Hệ", "hệ")
    assert "Số hồ sơ tổ chức, cá nhân rút: 15 Hồ sơ Số" in text


def test_the_seed_wording_gives_way_when_the_store_no_longer_holds_its_procedures(qms, demo_db: Path) -> None:
    run = qms("procedure", "add", "QT-NB07", "--name", "Quy trình mới", "--kind", "internal", "--unit", "Văn phòng",
              "--db", demo_db)
    assert run.code == 0, run.err
    text = _outside(_text(demo_db))
    assert SEED_LEGAL not in text  # seven internal procedures now: the seed's sentence no longer describes them
    assert "Cập nhật các thay đổi của văn bản quy phạm pháp luật" in text
