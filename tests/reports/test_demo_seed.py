"""The demo does not put invented facts in the agency's mouth: where the seed report (3966/BC-BQL) states a
fact, the demo's annual report says it in the seed's words; what the demo adds for illustration is listed in
the store (``_meta.sample``) and printed only inside "[Dữ liệu mẫu: …]"."""

from __future__ import annotations

import json
import re
from pathlib import Path

from qms_tui.reports.annual import build_report, report_text
from qms_tui.store import Store

SEED_SENTENCES = [
    "Ban Quản lý đã thực hiện công bố sự phù hợp HTQLCL TCVN ISO 9001:2015 tại Ban Quản lý theo Quyết định số "
    "1872/QĐ-BQL ngày 26/4/2024.",
    "Hiện nay, Ban Chỉ đạo ISO của Ban Quản lý được kiện toàn theo Quyết định số 3426/QĐ-BQL ngày 12/7/2023.",
    "Ban hành Kế hoạch duy trì và cải tiến HTQLCL TCVN ISO 9001:2015 của Ban Quản lý năm 2024 (Kế hoạch số "
    "510/KH-BQL ngày 05/02/2024), theo đó đề ra các nhiệm vụ và tiến độ thực hiện cụ thể.",
    "Tổ chức 01 lớp tập huấn cập nhật kiến thức TCVN ISO 9001:2015 do đồng chí Phó Ban chỉ đạo ISO Bùi Ngọc Hải "
    "trực tiếp trao đổi (kèm theo Công văn triệu tập cán bộ, công chức tham gia đào tạo; Danh sách học viên tham "
    "gia đào tạo; Tài liệu đào tạo).",
    "Rà soát, sửa đổi, cập nhật hệ thống, ban hành mục tiêu chất lượng; bảng phân tích, đánh giá bối cảnh của Ban "
    "Quản lý; bảng nhận diện, đánh giá, xử lý rủi ro và cơ hội kèm theo kế hoạch giải quyết rủi ro và cơ hội của "
    "Ban Quản lý trong năm 2024.",
]
"""Sentences of section I.1 of the seed, word for word."""

INVENTED = ["640/QĐ-BQL", "705/QĐ-BQL", "1045/QĐ-BQL", "2160/QĐ-BQL", "1138/BQL-VP", "32 cán bộ",
            "08 nhiệm vụ", "ngày 20/3/2024"]
"""Details the seed never gives."""

SEED = Path("/work/shared/seed")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _outside_sample_notes(text: str) -> str:
    return re.sub(r"\[Dữ liệu mẫu: [^\]]*\]", "", text)


def test_the_seed_sentences_are_in_the_demo_report_word_for_word(demo_db: Path) -> None:
    text = _flat(report_text(build_report(Store(demo_db, read_only=True).snapshot(), 2024)))
    for sentence in SEED_SENTENCES:
        assert sentence in text
    seed = next(iter(SEED.glob("*.txt")), None)
    if seed is not None:  # the sentences above are the seed's own
        source = _flat(seed.read_text(encoding="utf-8"))
        assert all(sentence in source for sentence in SEED_SENTENCES[:2])
        assert "do đồng chí Phó Ban chỉ đạo ISO Bùi Ngọc Hải trực tiếp trao đổi" in source


def test_invented_details_appear_only_marked_as_sample(demo_db: Path) -> None:
    text = _flat(report_text(build_report(Store(demo_db, read_only=True).snapshot(), 2024)))
    assert text.count("[Dữ liệu mẫu:") >= 5  # the banner and each sentence with additions
    outside = _outside_sample_notes(text)
    for detail in INVENTED:
        assert detail in text, detail  # still shown, for illustration
        assert detail not in outside, detail
    assert "Phó Trưởng Ban Bùi Ngọc Hải trực tiếp" not in text


def test_the_store_lists_what_is_sample(demo_db: Path) -> None:
    qms = Store(demo_db, read_only=True).snapshot()
    sample = qms.sample_data
    assert sample["seed"] == "3966/BC-BQL"
    assert {"640/QĐ-BQL", "705/QĐ-BQL", "1045/QĐ-BQL", "2160/QĐ-BQL"} <= set(sample["decisions"])
    assert not {"1872/QĐ-BQL", "3426/QĐ-BQL", "510/KH-BQL"} & set(sample["decisions"])
    assert qms.is_sample("trainings", "TH-2024-01") and not qms.is_sample("decisions", "1872/QĐ-BQL")
    assert set(sample["plan_tasks"]) == {t.code for t in qms.plan_tasks}


def test_a_store_without_sample_data_states_its_details_inline(demo_db: Path) -> None:
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    del data["_meta"]["1"]["sample"]
    demo_db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = _flat(report_text(build_report(Store(demo_db, read_only=True).snapshot(), 2024)))
    assert "Dữ liệu mẫu" not in text
    assert "ngày 20/3/2024 do đồng chí Phó Ban chỉ đạo ISO Bùi Ngọc Hải trực tiếp trao đổi, với 32 cán bộ" in text
    assert "(Quyết định số 640/QĐ-BQL ngày 19/02/2024, 06 mục tiêu)" in text
    assert "đã hoàn thành 08 nhiệm vụ" in text


def test_other_outputs_of_a_sample_store_say_so(qms, demo_db: Path) -> None:
    index = qms("index", "--year", "2024", "--db", demo_db)
    assert index.code == 0 and "DỮ LIỆU MẪU" in index.out
    english = qms("index", "--year", "2024", "-f", "markdown", "--lang", "en", "--db", demo_db)
    assert "**SAMPLE DATA:" in english.out
    assert "DỮ LIỆU MẪU" in qms("summary", "--db", demo_db).out
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    data["_meta"]["1"]["demo"] = False  # a copy no longer called the demo still lists its sample records
    demo_db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "DỮ LIỆU MẪU" in qms("index", "--year", "2024", "--db", demo_db).out
    assert "DỮ LIỆU MẪU" in qms("summary", "--db", demo_db).out
    del data["_meta"]["1"]["sample"]
    demo_db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "DỮ LIỆU MẪU" not in qms("index", "--year", "2024", "--db", demo_db).out
