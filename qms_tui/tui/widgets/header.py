"""The two-line header on every screen: which store (and whether it is the demo or read-only), the
period and the "as of" date, and the screens with their keys.

Leaders open the app minutes before a meeting; the header must answer "whose data, which period, as of
when" without a keypress. Line 1: the store on the left (the app's title before it when the terminal is
wide enough), the period and the "as of" date on the right. Line 2: the six screen keys with the current
one in reverse video (readable without colour). Six tabs and the period do not fit one 80-column line,
so the period shares line 1 with the store.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from qms_tui.domain.safety import visible
from qms_tui.i18n import day
from qms_tui.labels import lang, tr

SCREENS = ("overview", "procedures", "risks", "training", "dossiers", "improvement")
"""The screens in key order: key 1 is the overview, key 6 the improvement screen."""

STORE_WIDTH = 32
"""Characters left for the store description on an 80-column terminal (the period and "as of" take 47, and
the "(cố định)" / "(hôm nay)" marker of a store with a pinned date 10 more)."""


def store_label(store: object) -> str:
    """The store as the header names it: its path and flags, READ-ONLY in the app's language (CHỈ ĐỌC), the
    demo flag as ``DEMO`` in both (the word on the demo's own printouts)."""
    flags = [tr(label) for label, on in (("flag_demo", getattr(store, "is_demo", False)),
                                         ("flag_read_only", getattr(store, "read_only", False))) if on]
    return f"{getattr(store, 'path', '')}" + (f" [{', '.join(flags)}]" if flags else "")


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
    """Store, period and "as of" date; the screen keys."""

    DEFAULT_CSS = """
    QmsHeader { dock: top; height: 2; background: $panel; }
    QmsHeader Horizontal { height: 1; }
    QmsHeader .left { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    QmsHeader .right { width: auto; text-wrap: nowrap; }
    QmsHeader #hdr-asof { padding: 0 1 0 0; }
    QmsHeader #hdr-title { text-style: bold; padding: 0 1 0 0; }  /* a cut store name never touches the period */
    """

    def __init__(self, screen_name: str) -> None:
        """``screen_name`` is the tab shown as current."""
        super().__init__()
        self.screen_name = screen_name
        self._store = ""
        self._as_of = ""
        self._marker = ""

    def compose(self) -> ComposeResult:
        """Line 1: store (cut with an ellipsis), period and "as of" kept whole; line 2: the tabs."""
        with Horizontal():
            yield Static("", id="hdr-title", classes="left", markup=False)
            yield Static("", id="hdr-period", classes="right", markup=False)
            yield Static("", id="hdr-asof", classes="right", markup=False)
        with Horizontal():
            yield Static(tabs_text(self.screen_name), id="hdr-tabs", classes="left", markup=False)

    def show(self, store_description: str, start: date, end: date, as_of: date, pinned: bool | None = None) -> None:
        """Update the header with the store, the period and the "as of" date; ``pinned`` says which "as of"
        is in force where the store pins one (True: its pinned date, False: today; ``Qms.as_of_pinned``)."""
        language = lang()
        period = f"{day(start, language)}–{day(end, language)}"
        self.query_one("#hdr-period", Static).update(f"{tr('period_short', period=period)} · ")
        self._as_of = f"{tr('as_of_short')} {day(as_of, language)}"
        self._marker = "" if pinned is None else " " + (tr("as_of_pinned") if pinned else tr("as_of_today"))
        self._store = visible(store_description, one_line=True)  # a file name may hold anything
        self._show_title()

    def _show_title(self) -> None:
        """The store, with the app's title before it when the line has room for both. The store's flags
        come first: where they would be cut (a long path, read-only), the "as of" marker gives way."""
        period = len(self._plain("#hdr-period"))
        for marker in dict.fromkeys((self._marker, "")):
            room = (self.size.width or 80) - (period + len(self._as_of) + len(marker) + 1)  # + the padding
            store = shorten_store(self._store, max(room - 2, 12))  # room for the leading space and the padding
            if len(store) <= room - 2:
                break
        self.query_one("#hdr-asof", Static).update(self._as_of + marker)
        title_prefix = f" {tr('app_short')} │ "
        if len(title_prefix) + len(store) + 1 <= room:  # + the padding before the period
            title = Text.assemble((f" {tr('app_short')}", "bold"), " │ ", store)
        else:
            title = Text(f" {store}")
        self.query_one("#hdr-title", Static).update(title)

    def on_resize(self) -> None:
        """The title comes and goes with the width."""
        if self._store:
            self._show_title()

    def _plain(self, widget_id: str) -> str:
        """What one part of the header says, without styles."""
        content = self.query_one(widget_id, Static).content
        return content.plain if isinstance(content, Text) else str(content)

    @property
    def text(self) -> str:
        """The header as plain text (two lines), as the user reads it."""
        line1 = f"{self._plain('#hdr-title')}  {self._plain('#hdr-period')}{self._plain('#hdr-asof')}"
        return f"{line1}\n{self._plain('#hdr-tabs')}"
