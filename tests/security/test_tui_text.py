"""The TUI draws a store's hostile text as visible text: no escape sequence or bidi override reaches the
terminal, whichever screen, table, detail page, dialog or notification shows it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hostile import RISK_DESCRIPTION, raw_unsafe

from qms_tui.store import Store
from qms_tui.tui.app import QmsApp, make_app
from qms_tui.tui.widgets.block import Block
from qms_tui.tui.widgets.visible import InertText

SIZE = (100, 30)


def _app(path: Path, *, last_wall: bool) -> QmsApp:
    app = make_app(Store(path), clock=lambda: date(2024, 9, 1), poll_interval=5)
    if not last_wall:  # the widgets' own escaping alone, without the line filter behind it
        app._filters[:] = [f for f in app._filters if not isinstance(f, InertText)]
    return app


def _drawn(app: QmsApp) -> str:
    """Every line the terminal is sent for the current screen, and the screenshot of it."""
    lines = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
    return lines + app.export_screenshot()


@pytest.mark.slow
@pytest.mark.parametrize("last_wall", [False, True])
async def test_every_screen_draws_hostile_text_escaped(hostile_db: Path, last_wall: bool):
    app = _app(hostile_db, last_wall=last_wall)
    seen = ""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "\\x1b]0;pwned\\x07" in app.screen.query_one("#ov-risks", Block).plain
        for keys in (["1"], ["2"], ["2", "enter"], ["escape", "3"], ["3", "enter"], ["escape", "4"], ["5"],
                     ["slash", *"X-", "enter"], ["enter"], ["escape", "6"]):
            await pilot.press(*keys)
            await pilot.pause(0.1)
            drawn = _drawn(app)
            assert raw_unsafe(drawn) == [], (keys, type(app.screen).__name__, sorted(set(raw_unsafe(drawn))))
            seen += drawn
    for shown in ("\\x1b]0;pwned\\x07", "\\x1b[2J", "U+202E", "\\x1b]8;;https://evil.example/"):
        assert shown in seen, shown  # escaped, not silently dropped


async def test_notifications_escape_what_they_name(hostile_db: Path):
    app = _app(hostile_db, last_wall=False)
    async with app.run_test(size=SIZE) as pilot:
        app.notify(f"saved {RISK_DESCRIPTION}", title="\x1b[2J")
        await pilot.pause(0.1)
        notification = list(app._notifications)[-1]
        assert "\\x1b]0;pwned\\x07" in notification.message and notification.title == "\\x1b[2J"
        assert raw_unsafe(_drawn(app)) == []


async def test_an_edit_form_of_a_hostile_record_draws_nothing_raw(hostile_db: Path):
    """Its inputs hold the stored text as it is (Textual's own widget), so the last wall keeps it inert."""
    app = _app(hostile_db, last_wall=True)
    code = next(r.code for r in Store(hostile_db).snapshot().risks if r.description == RISK_DESCRIPTION)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash", *code, "enter", "e")
        await pilot.pause(0.2)
        form = app.screen
        assert form.widget("description").value == RISK_DESCRIPTION  # nothing lost
        assert raw_unsafe(_drawn(app)) == []


MARKUP = "[/x] broken [link=https://evil.example]click[/link] [bold red]LOUD :smile:"


async def test_stored_text_that_reads_as_markup_is_shown_as_written(tmp_path: Path):
    """A string cell of a Rich table (or of a data table) is read as markup: a stored ``[/x]`` stopped the app
    with a markup error, and a ``[link=…]`` would have become a link. It is shown as it is written."""
    from qms_tui import services
    from qms_tui.store import create_store

    path = create_store(tmp_path / "qms.json", demo=True)
    services.edit_record(Store(path), "risks", "RR-02", {"description": MARKUP})
    app = _app(path, last_wall=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "RR-02 16 CAO [/x] broken [link=https://evil" in app.screen.query_one("#ov-risks", Block).plain
        await pilot.press("3")
        await pilot.pause(0.1)
        assert "[/x] broken" in _drawn(app)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert "[link=https://evil.example]click[/link] [bold red]LOUD :smile:" in _drawn(app).replace("\n", "")
