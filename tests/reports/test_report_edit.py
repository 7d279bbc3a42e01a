"""``qms report edit``: $EDITOR on the year's narrative, read back, validated, saved in one transaction."""

from __future__ import annotations

import shlex
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from qms_tui.domain.models import ReportText
from qms_tui.reports.narrative import NarrativeError, parse_edit_file, to_edit_file
from qms_tui.store import open_store


@pytest.fixture(autouse=True)
def english_words(isolated: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English words and headings; NEW_TEXT has the Vietnamese headings, read back
    whatever the language (test_vietnamese_words checks the Vietnamese default)."""
    monkeypatch.setenv("QMS_LANG", "en")

NEW_TEXT = """\
# a comment line that is not saved
## Số
4021

## Ngày
12/09/2024

## Đánh giá chung
Đoạn thứ nhất,
viết trên hai dòng.

Đoạn thứ hai.

## Khó khăn, tồn tại
- Cán bộ mới chưa được đào tạo về HTQLCL.
- Văn bản pháp luật thay đổi thường xuyên,
  khó cập nhật kịp quy trình.

## Kiến nghị
- Sở KH&CN tổ chức tập huấn.
"""


def fake_editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR that runs ``body`` (Python) with ``path`` bound to the file being edited."""
    script = tmp_path / "editor.py"
    script.write_text("import sys\nfrom pathlib import Path\npath = Path(sys.argv[1])\n" + textwrap.dedent(body),
                      encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def writer(tmp_path: Path, content: str) -> str:
    """An $EDITOR that replaces the file with ``content``."""
    (tmp_path / "content.txt").write_text(content, encoding="utf-8")
    return fake_editor(tmp_path, f"path.write_text(Path({str(tmp_path / 'content.txt')!r}).read_text('utf-8'), "
                                 "encoding='utf-8')\n")


def report_text(db: Path) -> ReportText | None:
    return open_store(db, read_only=True).snapshot().report_text(2024)


def test_round_trip_saves_the_edited_narrative(run, demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", writer(tmp_path, NEW_TEXT))
    result = run("report", "edit", "--year", "2024", "--db", str(demo_db))
    assert result.exit_code == 0, result.stderr
    assert "saved the 2024 report text" in result.stdout
    saved = report_text(demo_db)
    assert saved == ReportText(
        year=2024, number="4021", date=date(2024, 9, 12),
        assessment="Đoạn thứ nhất, viết trên hai dòng.\n\nĐoạn thứ hai.",
        difficulties=["Cán bộ mới chưa được đào tạo về HTQLCL.",
                      "Văn bản pháp luật thay đổi thường xuyên, khó cập nhật kịp quy trình."],
        recommendations=["Sở KH&CN tổ chức tập huấn."],
    )
    log = open_store(demo_db, read_only=True).load()["changelog"]
    assert any(entry["table"] == "report_texts" and entry["record"] == "2024" for entry in log.values())
    monkeypatch.setenv("QMS_LANG", "vi")  # the report as the agency prints it
    printed = run("report", "--db", str(demo_db), "--year", "2024").stdout
    assert "Số: 4021/BC-BQL" in printed and "Hải Phòng, ngày 12 tháng 9 năm 2024" in printed
    assert "- Sở KH&CN tổ chức tập huấn." in printed


def test_an_editor_that_edits_in_place_keeps_everything_else(run, demo_db, tmp_path, monkeypatch):
    before = report_text(demo_db)
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, """
        text = path.read_text("utf-8")
        path.write_text(text.replace("## Recommendations\\n", "## Recommendations\\n- Kiến nghị thêm.\\n"), "utf-8")
    """))
    assert run("report", "edit", "--year", "2024", "--db", str(demo_db)).exit_code == 0
    after = report_text(demo_db)
    assert after.recommendations == ["Kiến nghị thêm.", *before.recommendations]
    assert (after.number, after.date, after.assessment, after.difficulties) == (
        before.number, before.date, before.assessment, before.difficulties)


def test_year_can_be_given_before_the_subcommand(run, demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", writer(tmp_path, NEW_TEXT))
    assert run("report", "--year", "2024", "--db", str(demo_db), "edit").exit_code == 0
    assert report_text(demo_db).number == "4021"


def test_an_unchanged_file_saves_nothing(run, demo_db, monkeypatch):
    monkeypatch.setenv("EDITOR", "true")
    before = demo_db.read_bytes()
    result = run("report", "edit", "--year", "2024", "--db", str(demo_db))
    assert result.exit_code == 0 and "no changes" in result.stdout
    assert demo_db.read_bytes() == before


@pytest.mark.parametrize(("content", "message"), [
    ("garbage\n", "line 1: text before the first heading"),
    ("", "the file has no headings"),
    (NEW_TEXT.replace("## Kiến nghị", "## Đề xuất"), 'unknown heading "## Đề xuất"'),
    (NEW_TEXT.replace("## Kiến nghị\n- Sở KH&CN tổ chức tập huấn.\n", ""), 'missing heading: "## Recommendations"'),
    (NEW_TEXT.replace("12/09/2024", "31/02/2024"), "line 6: '31/02/2024' is not a real date"),
    (NEW_TEXT.replace("12/09/2024", "12/09/2042"), "is not a date for the 2024 report"),
    (NEW_TEXT.replace("4021", "4021/BC-BQL"), "write only the number (e.g. 4021)"),
    (NEW_TEXT.replace("- Cán bộ mới", "Cán bộ mới"),
     'start each item under "## Difficulties and shortcomings" with "- "'),
    (NEW_TEXT + "## Số\n1\n", '"## Number" appears twice'),
])
def test_a_bad_file_saves_nothing_and_is_kept(run, demo_db, tmp_path, monkeypatch, content, message):
    monkeypatch.setenv("EDITOR", writer(tmp_path, content))
    before = demo_db.read_bytes()
    result = run("report", "edit", "--year", "2024", "--db", str(demo_db))
    assert result.exit_code == 1
    assert result.stderr.startswith("qms: ") and message in result.stderr and "nothing saved" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert demo_db.read_bytes() == before
    kept = Path(result.stderr.rsplit("kept in ", 1)[1].rstrip(")\n"))
    assert kept.read_text(encoding="utf-8") == content
    kept.unlink()


def test_read_only_refuses_before_the_editor_opens(run, demo_db, monkeypatch):
    monkeypatch.setenv("EDITOR", "false")
    result = run("--read-only", "report", "edit", "--year", "2024", "--db", str(demo_db))
    assert result.exit_code == 1 and "read-only" in result.stderr


def test_an_editor_that_fails_saves_nothing(run, demo_db, monkeypatch):
    monkeypatch.setenv("EDITOR", "false")
    before = demo_db.read_bytes()
    result = run("report", "edit", "--year", "2024", "--db", str(demo_db))
    assert result.exit_code == 1 and "the editor exited with status 1: nothing saved" in result.stderr
    assert demo_db.read_bytes() == before


def test_a_change_made_meanwhile_by_someone_else_is_not_overwritten(run, demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, f"""
        from qms_tui.domain.models import ReportText
        from qms_tui.store import open_store
        with open_store({str(demo_db)!r}).transaction() as tx:
            tx.put("report_texts", ReportText(year=2024, number="9999"))
        path.write_text(path.read_text("utf-8").replace("3966", "4000"), "utf-8")
    """))
    result = run("report", "edit", "--year", "2024", "--db", str(demo_db))
    assert result.exit_code == 1 and "changed by someone else" in result.stderr
    assert report_text(demo_db).number == "9999"


def test_a_year_with_no_text_yet_starts_from_an_empty_file(run, demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, """
        text = path.read_text("utf-8")
        assert "## Number\\n\\n" in text and "## Recommendations\\n" in text
        said = "## General assessment\\nNăm 2023 ổn định.\\n"
        path.write_text(text.replace("## General assessment\\n", said), "utf-8")
    """))
    assert run("report", "edit", "--year", "2023", "--db", str(demo_db)).exit_code == 0
    saved = open_store(demo_db, read_only=True).snapshot().report_text(2023)
    assert saved == ReportText(year=2023, assessment="Năm 2023 ổn định.")


def test_the_file_format_round_trips(demo_db):
    original = report_text(demo_db)
    assert parse_edit_file(to_edit_file(original, 2024, "BC-BQL"), 2024) == original
    assert parse_edit_file(to_edit_file(None, 2024), 2024) == ReportText(year=2024)


def test_parse_errors_carry_the_line_number():
    with pytest.raises(NarrativeError) as caught:
        parse_edit_file(NEW_TEXT.replace("## Ngày\n12/09/2024", "## Ngày\n12/09/2024\n13/09/2024"), 2024)
    assert caught.value.line == 7 and "takes one line" in str(caught.value)
