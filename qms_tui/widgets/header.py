"""The two-line header on every screen: which store (and whether it is the demo or read-only), the
screens and their keys, the period and the "as of" date.

Leaders open the app minutes before a meeting; the header must answer "whose data, which period, as of
when" without a keypress. Line 1: title and store, "as of" on the right. Line 2: the screen keys with the
current one in reverse video (readable without colour), the period on the right.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from ..i18n import day
from ..labels import lang, tr

SCREENS = ("overview", "procedures", "risks", "training", "dossiers")
"""The screens in key order: key 1 is the overview, key 5 the dossiers."""

STORE_WIDTH = 44
"""Characters left for the store description on an 80-column terminal."""


def shorten_store(description: str, width: int = STORE_WIDTH) -> str:
    """Keep the flags and the end of the path (the file name) when the path is too long."""
    if len(description) <= width:
        return description
    path, bracket, flags = description.partition(" [")
    tail = f" [{flags}" if bracket else ""
    room = max(width - len(tail) - 1, 8)
    return "…" + path[-room:] + tail


def tabs_text(current: str) -> Text:
    """``1 Tổng quan  2 Quy trình …`` with the current screen reversed and bold."""
    text = Text()
    for index, name in enumerate(SCREENS, start=1):
        label = f"{index} {tr('screen_' + name)}"
        text.append(f" {label} ", style="bold reverse" if name == current else "")
    return text


class QmsHeader(Widget):
    """Title, store, screen keys, period and "as of" date."""

    DEFAULT_CSS = """
    QmsHeader { dock: top; height: 2; background: $panel; }
    QmsHeader Horizontal { height: 1; }
    QmsHeader .left { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    QmsHeader .right { width: auto; text-wrap: nowrap; }
    QmsHeader #hdr-asof { padding: 0 1 0 0; }
    QmsHeader #hdr-title { text-style: bold; }
    """

    def __init__(self, screen_name: str) -> None:
        """``screen_name`` is the tab shown as current."""
        super().__init__()
        self.screen_name = screen_name

    def compose(self) -> ComposeResult:
        """Two lines of two parts: left cut with an ellipsis, right kept whole."""
        with Horizontal():
            yield Static("", id="hdr-title", classes="left", markup=False)
            yield Static("", id="hdr-asof", classes="right", markup=False)
        with Horizontal():
            yield Static(tabs_text(self.screen_name), id="hdr-tabs", classes="left", markup=False)
            yield Static("", id="hdr-period", classes="right", markup=False)

    def show(self, store_description: str, start: date, end: date, as_of: date) -> None:
        """Update the header with the store, the period and the "as of" date."""
        language = lang()
        title = Text.assemble((f" {tr('app_short')}", "bold"), " │ ", shorten_store(store_description))
        self.query_one("#hdr-title", Static).update(title)
        self.query_one("#hdr-asof", Static).update(f"{tr('as_of_short')} {day(as_of, language)}")
        prefix = tr("period_short")
        self.query_one("#hdr-period", Static).update(
            f"{prefix + ' ' if prefix else ''}{day(start, language)}–{day(end, language)}"
        )

    @property
    def text(self) -> str:
        """The header as plain text (two lines), as the user reads it."""
        parts = []
        for ids in (("#hdr-title", "#hdr-asof"), ("#hdr-tabs", "#hdr-period")):
            line = []
            for widget_id in ids:
                content = self.query_one(widget_id, Static).content
                line.append(content.plain if isinstance(content, Text) else str(content))
            parts.append("  ".join(line))
        return "\n".join(parts)
