"""Screens own their behaviour (issue #14): each is made with the app's data and redraws when the app says
the data moved on (a new period here), each gives its own export to ``E`` and the palette, and each adds its
own commands to the palette; the dossier filter from another screen reaches the list as a message."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from textual.command import CommandPalette
from tui_helpers import wait_for

from qms_tui.domain.dossier_list import STATUSES
from qms_tui.domain.periods import PeriodChoice
from qms_tui.domain.text import fold
from qms_tui.labels import tr
from qms_tui.tui.screens.base import QmsScreen
from qms_tui.tui.screens.dossiers import DossiersScreen
from qms_tui.tui.screens.improvement import ImprovementScreen
from qms_tui.tui.screens.overview import OverviewScreen
from qms_tui.tui.screens.procedure_detail import ProcedureDetailScreen
from qms_tui.tui.screens.procedures import ProceduresScreen
from qms_tui.tui.screens.risks import RisksScreen
from qms_tui.tui.screens.training import TrainingScreen
from qms_tui.tui.widgets.header import QmsHeader

SIZE = (80, 24)
NOW = datetime(2024, 9, 2, 8, 30, 5)
STAMP = "20240902-083005"
SCREENS = {"1": OverviewScreen, "2": ProceduresScreen, "3": RisksScreen, "4": TrainingScreen, "5": DossiersScreen,
           "6": ImprovementScreen}
"""Each screen's key and the screen it shows."""


@pytest.fixture(autouse=True)
def no_export_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports go to the test's current folder."""
    monkeypatch.delenv("QMS_EXPORT_DIR", raising=False)


def header(app) -> str:  # type: ignore[no-untyped-def]
    """The visible screen's header line."""
    return app.screen.query_one(QmsHeader).text


def period_words(app) -> str:  # type: ignore[no-untyped-def]
    """The app's period as the header says it."""
    return f"Kỳ {app.period.start:%d/%m/%Y}–{app.period.end:%d/%m/%Y}"


def action_title(screen: str, label: str) -> str:
    """A screen's palette command as it is listed."""
    return tr("cmd_screen_action", screen=tr(f"screen_{screen}"), action=tr(label))


@pytest.mark.slow
async def test_a_new_period_reaches_the_visible_screen_at_once_and_the_others_when_shown(app):
    async with app.run_test(size=SIZE) as pilot:
        for key in SCREENS:  # every screen made and drawn once
            await pilot.press(key)
            await pilot.pause()
        kinds = iter(("q1", "q2", "q3", "q4", "last30", "year"))
        for key, screen_type in SCREENS.items():
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, screen_type)
            before = app.generation
            app.set_period(PeriodChoice(next(kinds)))
            assert app.generation == before + 1
            assert await wait_for(pilot, lambda screen=screen: screen.generation == app.generation), key
            assert period_words(app) in header(app), key
            if isinstance(screen, DossiersScreen):
                assert len(screen.table.records) == app.stats().total.received
        q1 = PeriodChoice("q1")
        app.set_period(q1)  # on screen 6: screen 2 is behind until it is shown again
        await pilot.pause()
        procedures = app.get_screen_stack("procedures")[0]
        assert procedures.generation < app.generation
        await pilot.press("2")
        assert await wait_for(pilot, lambda: procedures.generation == app.generation)
        assert "Kỳ 01/01/2024–31/03/2024" in header(app)


async def test_a_new_period_reaches_a_detail_page(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ProcedureDetailScreen))
        page = app.screen
        app.set_period(PeriodChoice("q2"))
        assert await wait_for(pilot, lambda: page.generation == app.generation)
        assert "Kỳ 01/04/2024–30/06/2024" in header(app)


@pytest.mark.slow
@pytest.mark.parametrize("key", list(SCREENS))
async def test_e_saves_what_the_screen_exports(app, store_dir: Path, key: str):
    app.export_clock = lambda: NOW
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QmsScreen)
        expected = screen.export()
        await pilot.press("E", "t")
        path = store_dir / f"qms-{expected.name}-{STAMP}.txt"
        assert await wait_for(pilot, path.is_file), list(store_dir.glob("qms-*"))
        assert path.read_text(encoding="utf-8") == expected.render("text")
        name = "summary" if key == "1" else screen.SCREEN_NAME
        title = tr("summary_title") if key == "1" else tr(f"screen_{name}")
        assert path.read_text(encoding="utf-8").lstrip().startswith(title.split("{")[0].strip()[:10])


async def test_a_detail_page_and_the_plan_page_save_their_own_export(app, store_dir: Path):
    app.export_clock = lambda: NOW
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter")
        await pilot.pause()
        page = app.screen
        code = page.key
        app.action_export("markdown")
        path = store_dir / f"qms-risks-{code.lower()}-{STAMP}.md"
        assert await wait_for(pilot, path.is_file)
        assert path.read_text(encoding="utf-8") == page.export().render("markdown")
        await pilot.press("escape", "1")
        await pilot.pause()
        app.open_plan()
        await pilot.pause()
        app.action_export("json")
        assert await wait_for(pilot, (store_dir / f"qms-plan-{STAMP}.json").is_file)


async def test_the_palette_offers_the_current_screens_own_commands(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        titles = [title for title, _, _ in app.palette_commands()]
        for label in ("key_clear", "key_status", "key_view", "key_add", "key_nc"):
            assert action_title("dossiers", label) in titles, label
        assert action_title("procedures", "key_add") not in titles
        await pilot.press("2")
        await pilot.pause()
        titles = [title for title, _, _ in app.palette_commands()]
        assert action_title("procedures", "key_add") in titles
        assert action_title("procedures", "key_dossiers") in titles
        assert not any(title.startswith(tr("screen_dossiers") + ":") for title in titles)
        await pilot.press("5")
        await pilot.pause()
        assert app.screen.status == "all"
        status = action_title("dossiers", "key_status")
        await pilot.press("ctrl+p")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*fold(status))  # the palette lists the commands of the screen under it
        options = app.screen.query_one("CommandList")
        assert await wait_for(pilot, lambda: options.option_count > 0)
        assert status in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, DossiersScreen) and app.screen.status != "all")
        assert app.screen.status == STATUSES[1]


async def test_a_read_only_store_lists_no_screen_command_that_writes(make):
    app = make(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        titles = [title for title, _, _ in app.palette_commands()]
        assert action_title("dossiers", "key_clear") in titles
        for label in ("key_add", "key_edit", "key_lifecycle", "key_nc"):
            assert action_title("dossiers", label) not in titles, label


async def test_the_dossier_filter_travels_to_a_new_and_to_a_shown_list(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")  # the overview's attention block
        await pilot.pause()
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, DossiersScreen))
        dossiers = app.screen
        assert await wait_for(pilot, lambda: dossiers.status == "attention")
        assert {row.dossier.code for row in dossiers.table.records} <= app.data.attention_codes()
        await pilot.press("2")
        await pilot.pause()
        first = next(iter(app.stats().by_procedure))  # a procedure with dossiers in the period
        assert app.screen.table.move_to_key(first)
        await pilot.press("d")
        assert await wait_for(pilot, lambda: app.screen is dossiers and dossiers.procedure == first)
        assert dossiers.status == "all" and dossiers.view == "list"
        assert {row.dossier.procedure for row in dossiers.table.records} == {first}
        assert len(dossiers.table.records) == app.stats().by_procedure[first].received
        await pilot.press("1", "i")  # the index view of the list already made
        assert await wait_for(pilot, lambda: app.screen is dossiers and dossiers.view == "index")
        assert dossiers.procedure is None
