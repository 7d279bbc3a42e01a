"""The period picker: presets, typed dates with clear errors, and the period reaching every screen."""

from __future__ import annotations

from qms_tui.tui.dialogs.period import PeriodDialog
from qms_tui.tui.screens.overview import OverviewScreen
from qms_tui.tui.widgets.block import Block
from qms_tui.tui.widgets.header import QmsHeader


def dossier_block(app) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#ov-dossiers", Block).plain


async def test_choosing_q1_changes_every_figure_and_the_header(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "578" in dossier_block(app)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PeriodDialog)
        await pilot.press("down", "down", "enter")  # year, last 30 days, Q1
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        q1 = app.stats().total
        assert (app.period.start.isoformat(), app.period.end.isoformat()) == ("2024-01-01", "2024-03-31")
        block = dossier_block(app)
        assert "578" not in block
        assert f"{q1.received} = {q1.resolved} + {q1.in_progress} + {q1.withdrawn_returned} ✓ khớp" in block
        assert q1.received < 578 and q1.carried_over == 124
        assert "Kỳ 01/01/2024–31/03/2024" in app.screen.query_one(QmsHeader).text
        await pilot.press("2")  # the other screens use the same period
        await pilot.pause()
        assert "Kỳ 01/01/2024–31/03/2024" in app.screen.query_one(QmsHeader).text
        assert sum(c.received for c in app.stats().by_procedure.values()) == q1.received
        await pilot.press("5")
        await pilot.pause()
        assert len(app.screen.table.records) == q1.received


async def test_typed_dates_are_validated_with_a_clear_message(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p", "tab")
        await pilot.pause()
        dialog = app.screen
        await pilot.press(*"01/01/2024", "enter")
        await pilot.pause()
        assert dialog.error == "Cần hai ngày dạng dd/mm/yyyy – dd/mm/yyyy"
        assert app.screen is dialog
        box = dialog.query_one("#period-input")
        box.value = "31/02/2024 - 01/03/2024"
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.error.startswith("Ngày không hợp lệ")
        box.value = "30/06/2024 - 01/01/2024"
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.error.startswith("Ngày kết thúc trước ngày bắt đầu")
        assert str(dialog.query_one("#period-error").content).startswith("! Ngày kết thúc")
        box.value = ""
        await pilot.press(*"1/7/2024-31/7/2024", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert (app.period.start.isoformat(), app.period.end.isoformat()) == ("2024-07-01", "2024-07-31")
        july = app.stats().total
        assert july.received != 578
        line = f"{july.received} = {july.resolved} + {july.in_progress} + {july.withdrawn_returned}"
        assert line in dossier_block(app)


async def test_escape_keeps_the_period(app):
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.period
        await pilot.press("p", "down", "escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert app.period == before


async def test_tab_then_a_bad_range_and_enter_shows_the_error_and_applies_nothing(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p", "tab", *"1/7/2024-31/7/2024", "enter")  # a typed period: the next p starts in the box
        await pilot.pause()
        before = app.period
        assert (before.start.isoformat(), before.end.isoformat()) == ("2024-07-01", "2024-07-31")
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PeriodDialog)
        assert dialog.query_one("#period-input").value  # the box holds the current period
        await pilot.press("tab", *"32/13/2024", "enter")  # Tab left the box for the presets
        await pilot.pause()
        assert app.screen is dialog  # not closed on "this year"
        assert dialog.error and "!" in str(dialog.query_one("#period-error").content)
        assert dialog.query_one("#period-input").value == "32/13/2024"
        await pilot.press("escape")
        await pilot.pause()
        assert app.period == before
