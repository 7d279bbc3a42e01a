"""Adjustments for the Linux text console (TERM=linux), whose fonts lack the eighth-block glyphs that
Textual draws at the ends of scrollbar thumbs and the emoji of the command palette: there the thumbs
are drawn with whole cells only and the palette's prompt is a plain ``>``."""

from __future__ import annotations

import os
import sys
from functools import cache

from textual.command import SearchIcon

CONSOLE_KEYS = {"⏎": "Enter"}
"""Key symbols the console fonts cannot draw, and the words shown instead."""


def is_linux_console(environ: dict[str, str] | None = None) -> bool:
    """True on the Linux text console (TERM=linux)."""
    return (environ if environ is not None else os.environ).get("TERM", "") == "linux"


def console_key_display(display: str, environ: dict[str, str] | None = None) -> str:
    """``display`` as the terminal can draw it: "Enter" instead of "⏎" on the Linux console."""
    return CONSOLE_KEYS.get(display, display) if is_linux_console(environ) else display


_TEXTUAL_SEARCH_ICON = SearchIcon.render


def adapt_to_terminal(environ: dict[str, str] | None = None) -> bool:
    """Use whole-cell scrollbars on the Linux console, Textual's own elsewhere; True if the console was detected.

    Both branches set the class attributes: they are global to the process, so an app started for another
    terminal (a test, the province screen's per-agency app) must not inherit the console's. Textual's
    scrollbar module is imported only where it is changed or already in use (the overview draws none)."""
    linux = is_linux_console(environ)
    if linux or "textual.scrollbar" in sys.modules:
        from textual.scrollbar import ScrollBar, ScrollBarRender

        ScrollBar.renderer = whole_cell_scrollbars() if linux else ScrollBarRender
    SearchIcon.render = (lambda self: ">") if linux else _TEXTUAL_SEARCH_ICON  # type: ignore[method-assign]
    return linux


@cache
def whole_cell_scrollbars() -> type:
    """Scrollbar thumbs made of reversed spaces only: coarser, but drawable by any console font."""
    from textual.scrollbar import ScrollBarRender

    class WholeCellScrollBarRender(ScrollBarRender):
        VERTICAL_BARS = [" "] * 8
        HORIZONTAL_BARS = [" "] * 8

    return WholeCellScrollBarRender
