"""``E`` (and ``e`` on the overview) and the palette save the current screen to a file: the overview as the
meeting summary, a table as its rows after filter and sort, a detail page as drawn; CSV, text, Markdown,
HTML, SVG or JSON (``E`` asks which: one key each, Enter the last used); into the current folder or
$QMS_EXPORT_DIR; named by the real clock; errors are notified."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from rich.text import Text
from tui_helpers import wait_for

from qms_tui.exporting import Export, export_file_name, narrow_table, write_export
from qms_tui.reports import document as doc
from qms_tui.tui.screens.detail import DetailScreen
from qms_tui.tui.screens.improvement import ImprovementScreen
from qms_tui.tui.screens.procedures import ProceduresScreen

SIZE = (80, 24)
NOW = datetime(2024, 9, 2, 8, 30, 5)
"""The export clock of these tests: the real clock names the file, the data's "as of" day is 01/09/2024."""
STAMP = "20240902-083005"


@pytest.fixture(autouse=True)
def no_export_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports go to the test's current folder unless a test sets $QMS_EXPORT_DIR."""
    monkeypatch.delenv("QMS_EXPORT_DIR", raising=False)


@pytest.fixture
def app(make):  # type: ignore[no-untyped-def]
    """The demo app with the export clock pinned."""
    app = make()
    app.export_clock = lambda: NOW
    return app


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


def check_plain(text: str) -> None:
    """No escape codes and nothing wider than 80 columns."""
    assert "\x1b" not in text
    assert max(len(line) for line in text.splitlines()) <= 80


async def test_e_on_the_overview_writes_the_meeting_summary_as_text(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e", "enter")
        path = store_dir / f"qms-overview-{STAMP}.txt"
        assert await wait_for(pilot, path.is_file)
        text = path.read_text(encoding="utf-8")
        check_plain(text)
        for figure in ("578 = 439 + 113 + 26 ✓ khớp", "578", "439", "113", "84,1%", "01/09/2024"):
            assert figure in text, figure
        assert any(str(path) in m and m.startswith("Đã xuất ra tệp") for m in messages(app))
        assert path.is_absolute()


async def test_shift_e_exports_too_and_never_overwrites(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("E", "enter", "E", "t")  # Enter: text, the default; t: text
        assert await wait_for(pilot, lambda: (store_dir / f"qms-overview-{STAMP}-2.txt").is_file())
        assert (store_dir / f"qms-overview-{STAMP}.txt").is_file()


async def test_filtered_procedures_export_holds_only_the_filtered_rows(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"lao dong", "enter")
        await pilot.pause()
        table = app.screen.table
        expected = [p.code for p in table.view_records]
        assert len(expected) == 10
        await pilot.press("E", "enter")
        path = store_dir / f"qms-procedures-{STAMP}.txt"
        assert await wait_for(pilot, path.is_file)
        text = path.read_text(encoding="utf-8")
        check_plain(text)
        lines = text.splitlines()
        assert lines[0] == "Quy trình"
        assert "Kỳ 01/01/2024–01/09/2024 · tính đến 01/09/2024" in text
        assert "Kho dữ liệu: qms.json [DEMO]" in text
        assert "Lọc «lao dong»: 10 dòng / 66 · sắp xếp: Mã ▲" in text
        listed = [line.split()[0] for line in lines if line.startswith("QT-")]
        assert listed == expected  # in the table's order, nothing else
        others = {p.code for p in app.qms.procedures} - set(expected)
        assert not any(code in text for code in others)
        # the names the table cuts at 17 characters are whole in the file
        assert "Cấp giấy phép lao động cho người lao động nước ngoài" in " ".join(text.split())
        assert any(str(path) in m for m in messages(app))


async def test_export_follows_the_sort_and_json_holds_the_rows(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"lao dong", "enter", "S")  # reverse the sort
        await pilot.pause()
        app.action_export("json")
        path = store_dir / f"qms-procedures-{STAMP}.json"
        assert await wait_for(pilot, path.is_file)
        data = json.loads(path.read_text(encoding="utf-8"))
        codes = [row["code"] for row in data["rows"]]
        assert codes == sorted(codes, reverse=True) and len(codes) == 10
        assert data["filter"] == "lao dong" and data["as_of"] == "2024-09-01"
        assert data["rows"][0]["name"].startswith("Tiếp nhận thỏa ước")  # whole, not cut


async def test_html_export_from_the_palette_is_a_utf8_page(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"lao dong", "enter")
        await pilot.pause()
        await pilot.press("ctrl+p", *"xuat man hinh html")
        await pilot.pause(0.3)
        await pilot.press("enter")
        path = store_dir / f"qms-procedures-{STAMP}.html"
        assert await wait_for(pilot, path.is_file)
        page = path.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
        assert '<meta charset="utf-8">' in page and '<html lang="vi">' in page
        assert "<table>" in page and "QT-LD01" in page and "QT-DT01" not in page
        assert isinstance(app.screen, ProceduresScreen)


@pytest.mark.parametrize("fmt", ["markdown", "svg"])
async def test_other_formats(app, store_dir: Path, fmt: str):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        app.action_export(fmt)
        path = store_dir / f"qms-risks-{STAMP}.{'md' if fmt == 'markdown' else 'svg'}"
        assert await wait_for(pilot, path.is_file)
        content = path.read_text(encoding="utf-8")
        assert "RR-02" in content
        assert content.startswith("# Rủi ro") if fmt == "markdown" else "<svg" in content


async def test_improvement_export_keeps_the_board_groups(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        assert isinstance(app.screen, ImprovementScreen)
        await pilot.press("E", "enter")
        path = store_dir / f"qms-improvement-{STAMP}.txt"
        assert await wait_for(pilot, path.is_file)
        text = path.read_text(encoding="utf-8")
        check_plain(text)
        assert text.startswith("Cải tiến — Sự không phù hợp")
        for heading in ("đang mở (2)", "đã thực hiện hành động (1)", "đã xác nhận hiệu lực (1)", "đã đóng (1)"):
            assert heading in text.splitlines(), heading
        line = next(line for line in text.splitlines() if line.startswith("KPH-2024-01"))
        assert "QUÁ HẠN 17" in line


async def test_a_detail_page_exports_as_drawn_and_says_when_a_format_does_not_apply(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        key = app.screen.key
        await pilot.press("E", "enter")
        path = store_dir / f"qms-risks-{key.lower()}-{STAMP}.txt"
        assert await wait_for(pilot, path.is_file)
        check_plain(path.read_text(encoding="utf-8"))
        app.action_export("json")
        await pilot.pause()
        assert any("không xuất được dạng json" in m for m in messages(app))
        leftovers = [p for p in store_dir.glob("*.json.*") if p.name != "qms.json.shards"]
        assert not leftovers and not list(store_dir.glob(f"qms-risks-*{STAMP}.json"))


async def test_the_plan_page_exports_its_focused_table(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_plan()
        await pilot.pause()
        await pilot.press("E", "enter")
        path = store_dir / f"qms-plan-{STAMP}.txt"
        assert await wait_for(pilot, path.is_file)
        text = path.read_text(encoding="utf-8")
        assert text.startswith("Kế hoạch và đánh giá") and "KH510-09" in text and "TRỄ HẠN" in text


async def test_export_dir_comes_from_the_environment(app, store_dir: Path, monkeypatch: pytest.MonkeyPatch):
    target = store_dir / "exports" / "new"
    monkeypatch.setenv("QMS_EXPORT_DIR", str(target))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "enter")
        path = target / f"qms-overview-{STAMP}.txt"
        assert await wait_for(pilot, path.is_file)
        assert any(str(path) in m for m in messages(app))


async def test_an_unwritable_folder_is_notified_not_a_crash(app, store_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QMS_EXPORT_DIR", str(store_dir / "qms.json" / "exports"))  # under a file: cannot exist
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "E", "enter")
        await pilot.pause()
        assert any(n.severity == "error" and n.message.startswith("Không lưu được") for n in app._notifications)
        assert app.is_running and isinstance(app.screen, ProceduresScreen)
        await pilot.press("j")  # still usable
        await pilot.pause()
        assert app.screen.table.cursor_row == 1


async def test_an_export_folder_inside_the_store_is_refused(app, store_dir: Path, monkeypatch: pytest.MonkeyPatch):
    shards = store_dir / "qms.json.shards"
    before = sorted(shards.iterdir()) if shards.exists() else []
    monkeypatch.setenv("QMS_EXPORT_DIR", str(shards))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "E", "enter")
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "tệp nằm trong thư mục phân mảnh của kho dữ liệu" in errors[0], errors
        assert app.is_running and isinstance(app.screen, ProceduresScreen)
    assert (sorted(shards.iterdir()) if shards.exists() else []) == before


async def test_a_read_only_store_can_export(make, store_dir: Path):
    app = make(read_only=True)
    app.export_clock = lambda: NOW
    before = (store_dir / "qms.json").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "E", "enter")
        path = store_dir / f"qms-dossiers-{STAMP}.txt"
        assert await wait_for(pilot, path.is_file)
        text = path.read_text(encoding="utf-8")
        assert "578 dòng" in text
        check_plain(text)
    assert (store_dir / "qms.json").read_bytes() == before


async def test_the_palette_lists_every_format(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [title for title, _, _ in app.palette_commands()]
        for fmt in ("văn bản (.txt)", "Markdown (.md)", "trang HTML (.html)", "ảnh SVG (.svg)", "dữ liệu JSON (.json)"):
            assert f"Xuất màn hình hiện tại ra tệp: {fmt}" in titles, fmt
        assert "Đi tới: Cải tiến" in titles


# -- the module itself, without a terminal ------------------------------------------------------------


def test_file_name_uses_the_clock_and_a_safe_screen_name():
    assert export_file_name("procedures", "text", NOW) == f"qms-procedures-{STAMP}.txt"
    assert export_file_name("procedures-QT-XD09", "html", NOW) == f"qms-procedures-qt-xd09-{STAMP}.html"
    assert export_file_name("Cải tiến / 2024", "markdown", NOW) == f"qms-cai-tien-2024-{STAMP}.md"


def test_write_export_renders_before_writing_and_keeps_earlier_files(tmp_path: Path):
    export = Export("risks", "Rủi ro", ["ngữ cảnh"], [doc.Table([doc.Column("Mã")], [["RR-01"]])])
    first = write_export(export, "text", folder=tmp_path, now=NOW)
    second = write_export(export, "text", folder=tmp_path, now=NOW)
    assert first.name == f"qms-risks-{STAMP}.txt" and second.name == f"qms-risks-{STAMP}-2.txt"
    assert "RR-01" in first.read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        write_export(export, "json", folder=tmp_path, now=NOW)  # no data for JSON: nothing written
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])


def test_narrow_tables_never_break_codes_and_fit_80_columns():
    long_text = "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam " * 2
    columns = [doc.Column("Mã"), doc.Column("Tên"), *(doc.Column(f"Cột {i}") for i in range(9)),
               doc.Column("Số", "right")]
    rows = [[f"QT-LD{i:02d}", long_text, *(f"giá trị {i}" for i in range(9)), doc.Span("QUÁ HẠN", "bad")]
            for i in range(3)]
    from qms_tui.reports.export import to_text

    text = to_text(narrow_table(doc.Table(columns, rows)))
    check_plain(text)
    assert [line.split()[0] for line in text.splitlines() if line.startswith("QT-")] == ["QT-LD00", "QT-LD01",
                                                                                       "QT-LD02"]
    assert "Tên: Cấp giấy phép" in text
    assert text.count("QUÁ HẠN") == 3  # every cell is somewhere: in the row or under it
    assert isinstance(doc.rich_text(doc.Span("x", "bad")), Text)


async def test_csv_export_holds_the_rows_shown_after_filter_and_sort(app, store_dir: Path):
    import csv

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"lao dong", "enter", "S")  # filtered, sort reversed
        await pilot.pause()
        shown = [str(record.code) for record in app.screen.table.view_records]
        app.action_export("csv")
        path = store_dir / f"qms-procedures-{STAMP}.csv"
        assert await wait_for(pilot, path.is_file)
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    header, body = rows[0], rows[1:]
    assert header[0] == "Mã"
    assert [row[0] for row in body] == shown and len(shown) == 10
    assert shown == sorted(shown, reverse=True)
    assert any(row[header.index("Tên quy trình") if "Tên quy trình" in header else 1].startswith("Tiếp nhận thỏa ước")
               for row in body)  # whole, not cut as on the screen


def test_csv_cells_are_guarded_against_formulas():
    from qms_tui.exporting import UnsupportedFormat, to_csv

    table = doc.Table([doc.Column("Mã"), doc.Column("Tên")], [["=1+1", "a,b"], ["@SUM(A1)", "x"]])
    assert to_csv([doc.Heading("t", 1), table]).splitlines() == ["Mã,Tên", "'=1+1,\"a,b\"", "'@SUM(A1),x"]
    with pytest.raises(UnsupportedFormat):
        to_csv([doc.Paragraph("no table")])


async def test_e_asks_the_format_and_csv_holds_exactly_the_rows_shown_in_their_order(app, store_dir: Path):
    import csv

    from qms_tui.tui.dialogs.choice import ChoiceDialog

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"lao dong", "enter", "s", "S")  # filter, sort by the next column, reversed
        await pilot.pause()
        table = app.screen.table
        shown = [p.code for p in table.view_records]
        assert len(shown) == 10 and shown not in (sorted(shown), sorted(shown, reverse=True)), shown
        await pilot.press("E")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("escape")  # nothing chosen, nothing written
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog) and not list(store_dir.glob("qms-procedures-*"))
        await pilot.press("E", "c")
        path = store_dir / f"qms-procedures-{STAMP}.csv"
        assert await wait_for(pilot, path.is_file)
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        assert rows[0][0] == "Mã"
        assert [row[0] for row in rows[1:]] == shown
        await pilot.press("E", "enter")  # Enter: the last format used
        assert await wait_for(pilot, (store_dir / f"qms-procedures-{STAMP}-2.csv").is_file)
        assert not list(store_dir.glob("qms-procedures-*.txt"))
