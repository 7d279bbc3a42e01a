"""Screen 5's index view: the service index of the period, and Enter on an indicator lists the dossiers that
pull it down."""

from __future__ import annotations

from qms_tui.screens.dossiers import DossiersScreen
from qms_tui.widgets.record_table import RecordTable


async def test_index_view_and_drill_down(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DossiersScreen)
        for _ in range(4):
            await pilot.press("v")
            await pilot.pause()
        assert screen.view == "index"
        table = screen.query_one("#index-table", RecordTable)
        items = {item.id: item for item in table.records}
        assert {"2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "5.2", "5.4"} <= items.keys()
        assert (items["2.1"].numerator, items["2.1"].denominator) == (508, 578)
        assert all(item.data for item in items.values())  # the demo has data for each
        assert app.focused is table and table.cursor_record.id == "2.1"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.view == "list" and screen.indicator == "2.1"
        assert len(screen.table.records) == 70  # the late ones; no open dossier is overdue
        assert "2.1" in str(screen.query_one("#dossier-filters").content)
        await pilot.press("x")
        await pilot.pause()
        assert screen.indicator is None and len(screen.table.records) == 578
