"""Screen 5's index view: the service index of the period, and Enter on an indicator lists the dossiers that
pull it down."""

from __future__ import annotations

from qms_tui.tui.screens.dossiers import DossiersScreen
from qms_tui.tui.widgets.record_table import RecordTable


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


async def test_d_on_a_late_dossier_offers_the_apology_letter(app, store_dir):
    from tui_helpers import fresh, messages, open_form, settle

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", *"ttttt")  # late
        await pilot.pause()
        screen = app.screen
        assert screen.status == "late"
        code = screen.table.cursor_key
        form = await open_form(pilot, "d")
        assert form.typed()["action"] == "apologize"  # returned late: the only step left
        form.widget("date").value = "01/08/2024"
        form.widget("new_due").value = "09/08/2024"
        form.widget("ref").value = "21/TB-BQL"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DossiersScreen), messages(app)
    apology = next(a for a in fresh(store_dir).snapshot().apologies if a.dossier == code)
    assert (str(apology.date), str(apology.new_due), apology.ref) == ("2024-08-01", "2024-08-09", "21/TB-BQL")


async def test_the_dossier_form_keeps_unknown_flags_unknown(app, store_dir):
    from tui_helpers import fresh, open_form, settle

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        code = app.screen.table.cursor_key  # a 2023 carried-over dossier: flags unknown
        form = await open_form(pilot, "e")
        assert {name: form.typed()[name] for name in ("paid_online", "digitised", "e_result", "supplements")} == {
            "paid_online": "", "digitised": "", "e_result": "", "supplements": ""}
        form.widget("e_result").value = "yes"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DossiersScreen)
    dossier = next(d for d in fresh(store_dir).snapshot().dossiers if d.code == code)
    assert (dossier.e_result, dossier.paid_online, dossier.digitised) == (True, None, None)
