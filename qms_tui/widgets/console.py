"""Adjustments for the Linux text console (TERM=linux), whose fonts lack the eighth-block glyphs that
Textual draws at the ends of scrollbar thumbs and the emoji of the command palette: there the thumbs
are drawn with whole cells only and the palette's prompt is a plain ``>``."""

from __future__ import annotations

import os

from textual.command import SearchIcon
from textual.scrollbar import ScrollBar, ScrollBarRender


class WholeCellScrollBarRender(ScrollBarRender):
    """Scrollbar thumbs made of reversed spaces only: coarser, but drawable by any console font."""

    VERTICAL_BARS = [" "] * 8
    HORIZONTAL_BARS = [" "] * 8


CONSOLE_KEYS = {"⏎": "Enter"}
"""Key symbols the console fonts cannot draw, and the words shown instead."""


def is_linux_console(environ: dict[str, str] | None = None) -> bool:
    """True on the Linux text console (TERM=linux)."""
    return (environ if environ is not None else os.environ).get("TERM", "") == "linux"


def console_key_display(display: str, environ: dict[str, str] | None = None) -> str:
    """``display`` as the terminal can draw it: "Enter" instead of "⏎" on the Linux console."""
    return CONSOLE_KEYS.get(display, display) if is_linux_console(environ) else display


def adapt_to_terminal(environ: dict[str, str] | None = None) -> bool:
    """Use whole-cell scrollbars on the Linux console; True if the console was detected."""
    if is_linux_console(environ):
        ScrollBar.renderer = WholeCellScrollBarRender
        SearchIcon.render = lambda self: ">"  # type: ignore[method-assign]  # no emoji in console fonts
        return True
    return False
