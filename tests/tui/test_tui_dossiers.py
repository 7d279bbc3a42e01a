"""Screen 5: the dossier list with its filters and paging, the statistics views and the trend."""

from __future__ import annotations

from pathlib import Path

from store_files import stored_tables, write_one_file_store

from qms_tui.tui.dialogs.choice import ChoiceDialog
from qms_tui.tui.screens.dossiers import PAGE_SIZE, DossiersScreen
from qms_tui.tui.widgets.record_table import RecordTable
from qms_tui.tui.widgets.table_view import TableView


def status_line(screen: DossiersScreen) -> str:
    return screen.query_one("#list-view", TableView).status_text


def filter_line(screen: DossiersScreen) -> str:
    return str(screen.query_one("#dossier-filters").content)


async def test_list_holds_the_period_dossiers_and_shows_500_at_first(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DossiersScreen)
        assert len(screen.table.records) == 578
        assert screen.table.row_count == PAGE_SIZE == 500
        assert "hiển thị 500 / 578" in status_line(screen)
        await pilot.press("end")  # to the last loaded row: the rest is loaded
        await pilot.pause()
        assert screen.table.row_count == 578
        assert "hiển thị" not in status_line(screen)


async def test_status_filter_cycles_through_the_form_classes(app):
    expected = {"in_progress": 113, "overdue": 0, "resolved": 439, "late": 70, "withdrawn_returned": 26}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        seen = {}
        for _ in range(6):
            await pilot.press("t")
            await pilot.pause()
            seen[screen.status] = len(screen.table.records)
        for status, count in expected.items():
            assert seen[status] == count, status
        assert seen["attention"] == len(app.qms.attention_dossiers())
        assert screen.status == "withdrawn_returned"
        assert "[t] Trạng thái: rút / trả lại" in filter_line(screen) and "→ 26" in filter_line(screen)
        await pilot.press("t")  # back to all
        await pilot.pause()
        assert screen.status == "all" and len(screen.table.records) == 578


async def test_field_and_text_filters_combine_and_x_clears(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "l")  # first field: Đầu tư
        await pilot.pause()
        screen = app.screen
        by_field = app.stats().by_field
        assert screen.field == "dau_tu"
        assert len(screen.table.records) == by_field["dau_tu"].received
        assert "[l] Lĩnh vực: Đầu tư" in filter_line(screen)
        await pilot.press("l")
        await pilot.pause()
        assert screen.field == "lao_dong" and len(screen.table.records) == by_field["lao_dong"].received
        await pilot.press("slash", *"gia han", "enter")
        await pilot.pause()
        shown = screen.table.view_records
        assert shown and len(shown) < len(screen.table.records)
        assert {r.dossier.procedure for r in shown} == {"QT-LD03"}  # Gia hạn giấy phép lao động
        assert len(shown) == app.stats().by_procedure["QT-LD03"].received
        await pilot.press("x")
        await pilot.pause()
        assert (screen.status, screen.field, screen.procedure, screen.table.filter_text) == ("all", None, None, "")
        assert len(screen.table.view_records) == 578


async def test_c_picks_a_procedure_by_typing_without_accents(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "c")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press(*"lai giay phep l", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DossiersScreen)
        assert screen.procedure == "QT-LD02"
        assert {r.dossier.procedure for r in screen.table.records} == {"QT-LD02"}
        assert len(screen.table.records) == app.stats().by_procedure["QT-LD02"].received
        await pilot.press("c", "escape")  # cancel keeps the filter
        await pilot.pause()
        assert screen.procedure == "QT-LD02"


async def test_statistics_views_and_monthly_trend(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "v")
        await pilot.pause()
        screen = app.screen
        by_field = screen.query_one("#by-field-table", RecordTable)
        assert app.focused is by_field
        total = by_field.view_records[0]
        assert total[1] == "Tổng cộng" and total[2].received == 578 and total[2].on_time == 369
        assert sum(r[2].received for r in by_field.view_records[1:]) == 578
        await pilot.press("v")
        await pilot.pause()
        by_procedure = screen.query_one("#by-procedure-table", RecordTable)
        assert app.focused is by_procedure
        assert sum(r[2].resolved for r in by_procedure.view_records[1:]) == 439
        await pilot.press("v")
        await pilot.pause()
        trend = screen.query_one("#trend-table", RecordTable)
        months = [r[0] for r in trend.view_records]
        assert months == [f"2024-{m:02d}" for m in range(1, 10)]
        assert [r[1:] for r in trend.view_records] == [r[1:] for r in app.qms.trend(app.period)]
        await pilot.press("v")  # the service index (tests/tui/test_tui_index.py)
        await pilot.pause()
        assert screen.view == "index"
        await pilot.press("v")
        await pilot.pause()
        assert app.focused is screen.table


async def test_a_large_store_is_paged(make, store_dir: Path):
    """3,000 extra dossiers: the list draws one page and says how many there are."""
    path = store_dir / "qms.json"
    tables = stored_tables(path)
    dossiers = tables["dossiers"]
    template = next(iter(dossiers.values()))
    start = max(int(k) for k in dossiers) + 1
    for i in range(3_000):
        doc = dict(template, code=f"BIG-{i:06d}", received="2024-05-02", due="2024-05-20", finished=None,
                   outcome=None, pauses=[])
        dossiers[str(start + i)] = doc
    write_one_file_store(path, tables)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        total = len(screen.table.records)
        assert total == 578 + 3_000
        assert screen.table.row_count == 500
        assert f"hiển thị 500 / {total:,}".replace(",", ".") in status_line(screen)
        await pilot.press("end")  # the last loaded row: the next page comes in, not all of them
        await pilot.pause()
        assert screen.table.row_count == 1_000
        assert f"hiển thị 1.000 / {total:,}".replace(",", ".") in status_line(screen)
        await pilot.press("slash", "b", "i", "g")  # a new filter is a new list: first page, first row
        await pilot.pause()
        assert len(screen.table.view_records) == 3_000
        assert (screen.table.row_count, screen.table.cursor_key) == (500, "BIG-000000")
        await pilot.press("escape", "x", "t")  # in progress: a new list starts with its first page
        await pilot.pause()
        assert screen.table.row_count == 500
        assert len(screen.table.view_records) == 113 + 3_000


async def test_opened_filtered_from_the_overview_the_list_is_filled_once(app, monkeypatch):
    """The attention block's Enter builds the dossier screen with its filter: one fill, not all then filtered
    (at 100,000 dossiers each fill is about 0.6 s)."""

    fills: list[int] = []
    set_records = RecordTable.set_records

    def counting(self, records, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.id == "dossiers-table":
            fills.append(len(records))
        return set_records(self, records, *args, **kwargs)

    monkeypatch.setattr(RecordTable, "set_records", counting)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # the dossiers block, then the one of those due soon
        await pilot.pause()
        assert app.current_mode == "dossiers" and app.screen.status == "attention"
        assert fills == [len(app.qms.attention_dossiers())]
        await pilot.press("1", "i")  # built now: the index view comes by message, filled from the data
        await pilot.pause()
        assert app.screen.view == "index"
        assert len(app.screen.query_one("#index-table", RecordTable).records) == 8


async def test_the_index_view_opened_first_from_the_overview_is_filled(app):

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        assert app.current_mode == "dossiers" and app.screen.view == "index"
        assert len(app.screen.query_one("#index-table", RecordTable).records) == 8
        assert app.screen.status == "all" and len(app.screen.table.records) == 578
