"""``qms review-pack`` (the clause 9.3.2 inputs) and ``qms clauses`` (the clause matrix) on the demo store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from qms_cli import run_qms as qms

from qms_tui.domain.models import Decision
from qms_tui.reports.clauses import CLAUSES
from qms_tui.store import Store

HEADINGS_VI = (
    "a) Tình trạng của các hành động từ các cuộc xem xét của lãnh đạo trước",
    "b) Những thay đổi về các vấn đề bên ngoài và nội bộ liên quan đến HTQLCL",
    "c) Kết quả thực hiện và hiệu lực của HTQLCL",
    "d) Sự thỏa đáng của các nguồn lực",
    "e) Hiệu lực của các hành động giải quyết rủi ro và cơ hội",
    "f) Các cơ hội cải tiến",
)
HEADINGS_EN = (
    "a) Status of actions from previous management reviews",
    "b) Changes in external and internal issues relevant to the QMS",
    "c) Performance and effectiveness of the QMS",
    "d) Adequacy of resources",
    "e) Effectiveness of actions taken to address risks and opportunities",
    "f) Opportunities for improvement",
)


def _plain(text: str) -> None:
    assert "\x1b" not in text
    assert max(len(line) for line in text.splitlines()) <= 80


def _line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_review_pack_text_has_every_section_and_the_figures(demo_db: Path):
    r = qms("review-pack", "--year", "2024", "--db", demo_db)
    assert r.code == 0, r.err
    text = r.out
    _plain(text)
    for heading in HEADINGS_VI:
        assert heading in text
    flat = " ".join(text.split())
    assert "Tỷ lệ đúng hạn (Biểu 06): 84,05%" in flat
    assert "Kết quả giải quyết hồ sơ TTHC" in text and "08/2024" in text  # the month trend
    assert "4/6 mục tiêu đạt" in text
    assert _line(text, "MTCL-01").endswith("chưa đạt") and _line(text, "MTCL-02").endswith("chưa đạt")
    assert _line(text, "MTCL-03").endswith(" đạt")
    # a) the previous review's actions: one done, one not due, one overdue
    assert "3 hành động: 1 xong, 2 chưa xong, 1 quá hạn" in text
    assert "quá hạn 12 ngày" in _line(text, "XXLD-2024-01")
    # b) context and legal changes
    assert "Bối cảnh nội bộ: nguồn nhân lực: RR-01" in text
    assert "28/2023/QH15" in text and "35/2023/NĐ-CP" in text
    # c) nonconformities: the overdue one with its days; audits
    assert ("5 điểm không phù hợp: 2 đang mở, 1 đã thực hiện hành động, 1 đã xác nhận hiệu lực, 1 đã đóng; "
            "1 quá hạn") in flat
    assert "KPH-2024-01 (đang mở, quá hạn 17 ngày; hạn 15/08/2024; số ngày mở 73" in flat
    assert "2 điểm không phù hợp (DGNB-2024-01, DGNB-2024-02)" in flat
    assert "DGNB-2024-XD" in text
    # d) resources, e) risks, f) opportunities
    assert "34/40 cán bộ (85,00%)" in flat and "NV037 Trần Minh Quân" in text
    assert "RR-08" in text and "6 → 3" in text
    assert "DGNB-2024-06 (khoản 8.5.1)" in text and "CH-04 (mở)" in text
    assert "DỮ LIỆU MẪU" in text


def test_review_pack_in_english(demo_db: Path):
    r = qms("review-pack", "--year", "2024", "--lang", "en", "--db", demo_db)
    assert r.code == 0, r.err
    text = r.out
    _plain(text)
    for heading in HEADINGS_EN:
        assert heading in text
    flat = " ".join(text.split())
    assert "On-time rate (Biểu 06): 84.05%" in flat and "4/6 objectives met" in flat
    assert _line(text, "MTCL-01").endswith("not met")
    assert "KPH-2024-01 (open, overdue 17 days; deadline 2024-08-15" in flat
    for label in ("Tỷ lệ đúng hạn", "mục tiêu đạt", "số ngày mở", "đang mở", "Trạng thái",
                  "Đào tạo HTQLCL", "khoản", "DỮ LIỆU MẪU"):  # labels only: the data's own words stay Vietnamese
        assert label not in text


def test_review_pack_markdown_html_json_and_output_file(demo_db: Path, tmp_path: Path):
    md = qms("review-pack", "--year", "2024", "--format", "markdown", "--db", demo_db).out
    assert md.startswith("# Đầu vào xem xét của lãnh đạo năm 2024")
    assert "## a) Tình trạng" in md and "### Mục tiêu chất lượng" in md and "| MTCL-01 |" in md
    html = qms("review-pack", "--year", "2024", "--format", "html", "--lang", "en", "--db", demo_db).out
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html and "<h2>f) Opportunities" in html
    data = json.loads(qms("review-pack", "--year", "2024", "--format", "json", "--db", demo_db).out)
    c = data["c_performance"]
    assert c["dossiers"]["on_time_rate"] == 84.05 and c["dossiers"]["resolved"] == 439
    assert {o["code"]: o["met"] for o in c["objectives"]}["MTCL-01"] is False
    assert [n["code"] for n in c["nonconformities"] if n["overdue"]] == ["KPH-2024-01"]
    assert [a["code"] for a in data["a_previous_actions"] if a["overdue"]] == ["XXLD-2024-01"]
    assert [f["code"] for f in data["f_improvement"]["audit_ofis"]] == ["DGNB-2024-06", "DGNB-2024-07"]
    out = tmp_path / "pack.md"
    r = qms("review-pack", "--year", "2024", "--output", out, "--db", demo_db)
    assert r.code == 0 and out.read_text(encoding="utf-8") == md


def test_review_pack_refuses_a_year_not_started_and_unknown_formats(demo_db: Path):
    r = qms("review-pack", "--year", "2025", "--db", demo_db)
    assert r.code == 1 and r.err == "qms: năm 2025 chưa bắt đầu vào ngày tính đến 01/09/2024: chưa có số liệu\n"
    r = qms("review-pack", "--year", "2025", "--lang", "en", "--db", demo_db)
    assert r.code == 1 and r.err == "qms: 2025 has not started on the as-of date 2024-09-01: no data yet\n"
    assert qms("review-pack", "--format", "svg", "--db", demo_db).code == 2
    assert qms("review-pack", "--lang", "fr", "--db", demo_db).code == 2


def test_review_pack_of_an_empty_store(empty_db: Path):
    r = qms("review-pack", "--db", empty_db)
    assert r.code == 0, r.err
    _plain(r.out)
    assert "Chưa có hành động nào" in r.out and "Không có cuộc đánh giá nội bộ nào trong năm" in r.out


def test_clause_matrix_lists_the_evidence_and_the_gaps(demo_db: Path):
    data = json.loads(qms("clauses", "--format", "json", "--db", demo_db).out)
    assert [c["clause"] for c in data["clauses"]] == list(CLAUSES) and len(CLAUSES) == 28
    assert data["gaps"] == ["5.2", "8.3", "8.4"]
    evidence = {c["clause"]: {e["kind"]: e["codes"] for e in c["evidence"]} for c in data["clauses"]}
    assert evidence["9.2"]["audits"] == ["DGNB-2024"]
    assert evidence["9.3"]["reviews"] == ["XXLD-2024"]
    assert evidence["10.2"]["ncs"] == [f"KPH-2024-0{i}" for i in range(1, 6)]
    assert evidence["5.3"]["decisions"] == ["3426/QĐ-BQL"]
    assert evidence["6.1"]["risks"][:2] == ["RR-01", "RR-02"] and evidence["6.2"]["objectives"][0] == "MTCL-01"
    assert evidence["7.2"]["trainings"] == ["TH-2023-01", "TH-2024-01"]
    assert evidence["8.7"]["late_ncs"] == ["KPH-2024-03"]
    issues = {c["clause"]: c["issues"] for c in data["clauses"]}
    assert issues["7.2"] == ["DGNB-2024-01", "KPH-2024-01"]

    r = qms("clauses", "--db", demo_db)
    assert r.code == 0
    _plain(r.out)
    assert "Điều khoản chưa có bằng chứng" in r.out
    assert "3/28 điều khoản chưa có bằng chứng" in r.out
    for gap in ("• 5.2 Chính sách", "• 8.3 Thiết kế và phát triển", "• 8.4 Kiểm soát quá trình"):
        assert gap in r.out


def test_clause_matrix_follows_the_store(demo_db: Path, empty_db: Path):
    store = Store(demo_db)
    with store.transaction() as tx:
        tx.put("decisions", Decision("15/QĐ-BQL", "decision", date(2024, 8, 1), "Quyết định ban hành chính sách "
                                     "chất lượng", "policy"))
    data = json.loads(qms("clauses", "--format", "json", "--db", demo_db).out)
    assert data["gaps"] == ["8.3", "8.4"]
    empty = json.loads(qms("clauses", "--format", "json", "--db", empty_db).out)
    assert empty["gaps"] == list(CLAUSES)
    r = qms("clauses", "--lang", "en", "--db", empty_db)
    _plain(r.out)
    assert "Clauses with no evidence (gaps)" in r.out and "28/28 clauses have no evidence" in r.out


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_clause_matrix_documents(demo_db: Path, fmt: str):
    r = qms("clauses", "--format", fmt, "--db", demo_db)
    assert r.code == 0 and "5.2" in r.out and ("## 4. Bối cảnh" in r.out or "<h2>4. Bối cảnh" in r.out)
