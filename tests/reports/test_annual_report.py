"""``qms report``: the annual report in the seed's layout, with the seed's figures for the demo store."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from qms_tui.domain.models import Organisation, ReportText
from qms_tui.domain.qms import Period
from qms_tui.reports.annual import build_report, default_period, place_date, recipient_lines, self_name, vn_date
from qms_tui.store import open_store
from reports.test_report_summary import parse_page

SEED_LINES = [
    "(1) Tổng số hồ sơ yêu cầu giải quyết TTHC: 578 Hồ sơ",
    "Số hồ sơ mới tiếp nhận: 454 Hồ sơ",
    "Số hồ sơ kỳ trước chuyển qua: 124 Hồ sơ",
    "(2) Số hồ sơ đã giải quyết: 439 Hồ sơ",
    "Số hồ sơ giải quyết đúng hạn: 369 Hồ sơ",
    "Số hồ sơ giải quyết quá hạn: 70 Hồ sơ",
    "(3) Số hồ sơ đang giải quyết: 113 Hồ sơ",
    "Số hồ sơ chưa đến hạn: 113 Hồ sơ",
    "Số hồ sơ đã quá hạn: 0 Hồ sơ",
]
"""Section I.2 of report 3966/BC-BQL, line for line (its "Hồ Sơ" typo aside)."""


def report(run, db: Path, *args: str) -> str:
    result = run("report", "--db", str(db), "--year", "2024", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def test_the_figures_equal_the_seed_line_for_line(run, demo_db):
    lines = lines_of(report(run, demo_db))
    start = lines.index(SEED_LINES[0])
    assert lines[start : start + len(SEED_LINES)] == SEED_LINES
    assert "(4) Số hồ sơ rút, trả lại (không giải quyết): 26 Hồ sơ" in lines
    text = " ".join(lines)
    assert ("Đối chiếu: tổng số hồ sơ (578) = đã giải quyết (439) + đang giải quyết (113) + rút, trả lại (26)."
            in text)


def test_tthc_coverage_is_55_of_55_never_66(run, demo_db):
    text = " ".join(lines_of(report(run, demo_db)))
    assert ("Tổng số TTHC được đưa vào HTQLCL/Tổng số TTHC thuộc thẩm quyền giải quyết của Ban Quản lý (theo quyết "
            "định số 4356/QĐ-UBND ngày 15/12/2023 của Ủy ban nhân dân thành phố): 55/55 (ngoài ra 5 quy trình chung "
            "và 6 quy trình nội bộ của Văn phòng).") in text
    assert "66/55" not in text


def test_header_date_number_and_signature_follow_decree_30(run, demo_db):
    text = report(run, demo_db)
    lines = lines_of(text)
    head = "\n".join(text.splitlines()[:6])
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG" in head and "BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG" in head
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head and "Độc lập - Tự do - Hạnh phúc" in head
    assert re.search(r"^ +Số: 3966/BC-BQL +Hải Phòng, ngày 05 tháng 9 năm 2024$", head, re.M)
    assert "BÁO CÁO" in lines
    assert lines.index("BÁO CÁO") < lines.index("II. ĐÁNH GIÁ, NHẬN XÉT")
    all_lines = text.splitlines()
    tail = all_lines[next(i for i, line in enumerate(all_lines) if line.startswith("Nơi nhận:")) :]
    assert tail[0].startswith("Nơi nhận:") and tail[0].endswith("KT. TRƯỞNG BAN")
    assert tail[1].startswith("- Sở KH&CN;") and tail[1].endswith("PHÓ TRƯỞNG BAN")
    assert "- Lưu: VP/BQL." in lines_of("\n".join(tail))
    assert lines[-1] == "Bùi Ngọc Hải"
    assert "trân trọng báo cáo./." in text


def test_the_default_period_ends_at_the_earlier_of_report_date_and_as_of(run, demo_db):
    text = " ".join(lines_of(report(run, demo_db)))
    assert "từ ngày 01/01/2024 đến ngày 01/9/2024 như sau:" in text  # as of 01/09 < report date 05/09
    later = " ".join(lines_of(report(run, demo_db, "--as-of", "2024-12-01")))
    assert "từ ngày 01/01/2024 đến ngày 05/9/2024 như sau:" in later  # the report's date is earlier now
    qms = open_store(demo_db, read_only=True).snapshot()
    assert default_period(qms, 2024, qms.report_text(2024)) == Period(date(2024, 1, 1), date(2024, 9, 1), "2024")
    assert default_period(qms, 2023, None).end == date(2023, 12, 31)


def test_from_and_to_choose_another_period(run, demo_db):
    text = " ".join(lines_of(report(run, demo_db, "--from", "01/03/2024", "--to", "2024-06-30")))
    assert "từ ngày 01/3/2024 đến ngày 30/6/2024 như sau:" in text
    assert "Tổng số hồ sơ yêu cầu giải quyết TTHC: 578" not in text


def test_section_one_lists_what_the_store_holds(run, demo_db):
    text = " ".join(lines_of(report(run, demo_db)))
    assert "theo Quyết định số 1872/QĐ-BQL ngày 26/4/2024." in text
    assert "được kiện toàn theo Quyết định số 3426/QĐ-BQL ngày 12/7/2023." in text
    assert "(Kế hoạch số 510/KH-BQL ngày 05/02/2024)" in text
    # the demo's training: the seed's sentence, then what the demo adds, marked (tests/reports/test_demo_seed.py)
    assert "Tổ chức 01 lớp tập huấn cập nhật kiến thức TCVN ISO 9001:2015 do đồng chí Phó Ban chỉ đạo ISO" in text
    assert "[Dữ liệu mẫu: ngày 20/3/2024; 32 cán bộ, công chức tham gia; Công văn số 1138/BQL-VP.]" in text
    assert "Rà soát các quy trình ISO gồm 05 quy trình chung, 06 quy trình nội bộ và 55 quy trình giải quyết" \
        " TTHC" in text
    assert "[Dữ liệu mẫu: mục tiêu chất lượng năm 2024: Quyết định số 640/QĐ-BQL ngày 19/02/2024, 06 mục tiêu;" in text
    assert "Nghị định số 35/2023/NĐ-CP" in text  # the legal change not yet carried in


def test_section_two_is_the_years_narrative(run, demo_db):
    text = " ".join(lines_of(report(run, demo_db)))
    qms = open_store(demo_db, read_only=True).snapshot()
    narrative = qms.report_text(2024)
    assert f"* Đánh giá chung: {narrative.assessment}" in text
    for item in [*narrative.difficulties, *narrative.recommendations]:
        assert f"- {item}" in text
    assert "kiến nghị Sở Khoa học và Công nghệ:" in text


def test_text_report_is_plain_and_fits_80_columns(run, demo_db):
    text = report(run, demo_db)
    assert "\x1b" not in text and text == unicodedata.normalize("NFC", text)
    assert max(cell_len(line) for line in text.splitlines()) <= 80


def test_markdown_and_html_render_the_same_report(run, demo_db):
    markdown = report(run, demo_db, "--format", "markdown")
    assert "```" not in markdown and "# BÁO CÁO" in markdown
    assert "| Số: 3966/BC-BQL | *Hải Phòng, ngày 05 tháng 9 năm 2024* |" in markdown
    assert "(1) Tổng số hồ sơ yêu cầu giải quyết TTHC: 578 Hồ sơ" in markdown and "66/55" not in markdown
    page = report(run, demo_db, "--format", "html")
    parse_page(page)  # well formed: doctype, every element closed
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page and '<meta charset="utf-8">' in page
    assert "<p class=\"figure\">(1) Tổng số hồ sơ yêu cầu giải quyết TTHC: 578 Hồ sơ</p>" in page
    assert "Hải Phòng, ngày 05 tháng 9 năm 2024" in page and "Bùi Ngọc Hải" in page


def test_output_extension_picks_the_format_and_svg_is_refused(run, demo_db, tmp_path):
    out = tmp_path / "bao-cao.html"
    result = run("report", "--db", str(demo_db), "--year", "2024", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    refused = run("report", "--db", str(demo_db), "--year", "2024", "--format", "svg")
    assert refused.exit_code == 2 and "text, markdown, html" in refused.stderr


def test_without_a_report_text_the_number_is_blank_and_dated_today(run, demo_db):
    store = open_store(demo_db)
    with store.transaction() as tx:
        tx.delete("report_texts", "2024")
    result = run("report", "--db", str(demo_db), "--year", "2024")
    assert result.exit_code == 0
    assert re.search(r"Số: +/BC-BQL +Hải Phòng, ngày 01 tháng 9 năm 2024", result.stdout)  # as-of date
    assert "[chưa nhập: qms report edit --year 2024]" in result.stdout
    assert "qms: cảnh báo: chưa có phần lời văn của báo cáo năm 2024" in result.stderr  # the CLI speaks Vietnamese


def test_a_coverage_mismatch_states_the_computed_figure_and_check_lists_it(run, demo_db):
    store = open_store(demo_db)
    organisation = store.snapshot().organisation
    with store.transaction() as tx:
        tx.put("organisation", Organisation(**{**organisation.__dict__, "tthc_in_remit": 57}))
    result = run("report", "--db", str(demo_db), "--year", "2024")
    text = " ".join(lines_of(result.stdout))
    assert ": 55/57 (ngoài ra 5 quy trình chung và 6 quy trình nội bộ của Văn phòng); còn 02 TTHC" in text
    assert "độ bao phủ TTHC 55/57 không khớp" in result.stderr
    check = run("check", "--db", str(demo_db))  # a gap the agency closes, not a broken store: a warning
    assert check.exit_code == 0 and "lỗi:" not in check.stdout
    assert ("cảnh báo: tthc_coverage: 55 quy trình TTHC trong HTQLCL trên 57 TTHC thuộc thẩm quyền: còn 2 TTHC chưa "
            "đưa vào HTQLCL (qms procedure add)") in check.stdout
    assert run("check", "--strict", "--db", str(demo_db)).exit_code == 1


def test_a_year_not_started_is_a_clear_error(run, demo_db):
    result = run("report", "--db", str(demo_db), "--year", "2025")
    assert result.exit_code == 1 and result.stderr.startswith("qms: năm 2025 chưa bắt đầu (tính đến 01/09/2024)")


@pytest.mark.parametrize(("day", "line"), [
    (date(2024, 9, 5), "Hải Phòng, ngày 05 tháng 9 năm 2024"),
    (date(2025, 2, 1), "Hải Phòng, ngày 01 tháng 02 năm 2025"),
    (date(2024, 12, 25), "Hải Phòng, ngày 25 tháng 12 năm 2024"),
])
def test_place_and_date_line(day, line):
    assert place_date("Hải Phòng", day) == line


def test_helpers_for_the_administrative_style():
    assert vn_date(date(2024, 4, 26)) == "26/4/2024" and vn_date(date(2024, 2, 5)) == "05/02/2024"
    assert self_name("Ban Quản lý Khu kinh tế Hải Phòng") == "Ban Quản lý"
    assert self_name("Sở Tư pháp") == "Sở"
    assert recipient_lines(["Sở KH&CN", "Lưu: VP/BQL;"]) == ["- Sở KH&CN;", "- Lưu: VP/BQL."]


def test_build_report_is_usable_without_the_cli(demo_db):
    qms = open_store(demo_db, read_only=True).snapshot()
    annual = build_report(qms, 2024)
    assert annual.counts is not None and annual.counts.received == 578
    assert annual.coverage == (55, 55) and annual.warnings == []
    assert isinstance(qms.report_text(2024), ReportText)


def test_the_installed_script_prints_the_report_and_one_line_errors(demo_db, tmp_path):
    qms = Path(sys.executable).with_name("qms")
    if not qms.exists():
        pytest.skip("the qms console script is not installed in this environment")
    done = subprocess.run([str(qms), "report", "--db", str(demo_db), "--year", "2024"], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0 and "(1) Tổng số hồ sơ yêu cầu giải quyết TTHC: 578 Hồ sơ" in done.stdout
    missing = subprocess.run([str(qms), "report", "--db", str(tmp_path / "missing.json")], capture_output=True,
                             text=True, timeout=120)
    assert missing.returncode == 2 and missing.stderr.startswith("qms: không có kho dữ liệu tại")
    assert len(missing.stderr.strip().splitlines()) == 1
