"""NO_COLOR means no colour at all (bold, reverse and underline stay); the three themes; ``--theme``."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from rich.console import Console
from tui_helpers import wait_for

from qms_tui.tui.app import QmsApp

SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def colour_codes(params: str) -> list[str]:
    """The colour-setting parameters of one SGR sequence (30–37, 40–47, 90–97, 100–107, 38;… and 48;…)."""
    codes = [c for c in re.split("[;:]", params) if c]
    found, i = [], 0
    while i < len(codes):
        code = int(codes[i])
        if code in (38, 48):
            found.append(";".join(codes[i:i + 3]))
            i += 5 if i + 1 < len(codes) and codes[i + 1] == "2" else 3
            continue
        if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
            found.append(str(code))
        i += 1
    return found


def terminal_output(app: QmsApp, color_system: str = "standard") -> str:
    """The bytes the app would send for a full redraw (TERM=xterm: 16 colours)."""
    console = Console(file=io.StringIO(), force_terminal=True, color_system=color_system, width=80,  # type: ignore[arg-type]
                      legacy_windows=False)
    return app.screen._compositor.render_full_update().render_segments(console)


def sgr_params(output: str) -> set[str]:
    return {p for params in SGR.findall(output) for p in re.split("[;:]", params) if p}


@pytest.mark.parametrize("theme", ["default", "light", "ansi"])
async def test_no_color_sends_no_colour_but_keeps_the_cursor(make: Callable[..., QmsApp], theme: str,
                                                             monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("QMS_THEME", theme)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        for color_system in ("standard", "256", "truecolor"):
            output = terminal_output(app, color_system)
            colours = [c for params in SGR.findall(output) for c in colour_codes(params)]
            assert colours == [], (theme, color_system, sorted(set(colours)))
        assert "7" in sgr_params(output)  # reverse: the table's cursor
        assert "1" in sgr_params(output)  # bold


async def test_without_no_color_the_app_has_colour(make: Callable[..., QmsApp], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NO_COLOR", "")  # empty: not set (no-color.org)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        output = terminal_output(app)
        assert [c for params in SGR.findall(output) for c in colour_codes(params)]


@pytest.mark.parametrize(("name", "textual"), [("default", "textual-dark"), ("light", "textual-light"),
                                               ("ansi", "ansi-dark")])
async def test_the_theme_comes_from_the_settings(make: Callable[..., QmsApp], monkeypatch: pytest.MonkeyPatch,
                                                 name: str, textual: str):
    monkeypatch.setenv("QMS_THEME", name)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_for(pilot, lambda: app.theme == textual)


async def test_the_palette_switches_the_theme(make: Callable[..., QmsApp]):
    from qms_tui.labels import tr

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = {title: callback for title, _, callback in app.palette_commands()}
        titles[tr("cmd_theme", name=tr("theme_light"))]()
        assert await wait_for(pilot, lambda: app.theme == "textual-light")
        titles[tr("cmd_theme", name=tr("theme_ansi"))]()
        assert await wait_for(pilot, lambda: app.theme == "ansi-dark")
