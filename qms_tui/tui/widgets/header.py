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

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from qms_tui.domain.safety import visible
from qms_tui.i18n import day
from qms_tui.labels import lang, tr

SCREENS = ("overview", "procedures", "risks", "training", "dossiers", "improvement")
"""The screens in key order: key 1 is the overview, key 6 the improvement screen."""

STORE_WIDTH = 32
"""Characters left for the store description on an 80-column terminal (the period and "as of" take 47, and
the "(cố định)" / "(hôm nay)" marker of a store with a pinned date 10 more)."""


def store_label(store: object, demo: bool | None = None) -> str:
    """The store as the header names it: its path and flags, READ-ONLY in the app's language (CHỈ ĐỌC), the
    demo flag as ``DEMO`` in both (the word on the demo's own printouts). ``demo``: the snapshot's flag (the
    store's own would load every table to read it)."""
    demo = getattr(store, "is_demo", False) if demo is None else demo
    flags = [tr(label) for label, on in (("flag_demo", demo),
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
    """Store, period and "as of" date; the screen keys: two lines drawn by one widget (start-up is shorter
    with fewer widgets to style and lay out)."""

    DEFAULT_CSS = """
    QmsHeader { dock: top; height: 2; background: $panel; }
    """

    def __init__(self, screen_name: str) -> None:
        """``screen_name`` is the tab shown as current."""
        super().__init__()
        self.screen_name = screen_name
        self._store = ""
        self._period = ""
        self._as_of = ""
        self._marker = ""

    def show(self, store_description: str, start: date, end: date, as_of: date, pinned: bool | None = None) -> None:
        """Update the header with the store, the period and the "as of" date; ``pinned`` says which "as of"
        is in force where the store pins one (True: its pinned date, False: today; ``Qms.as_of_pinned``)."""
        language = lang()
        period = f"{day(start, language)}–{day(end, language)}"
        self._period = f"{tr('period_short', period=period)} · "
        self._as_of = f"{tr('as_of_short')} {day(as_of, language)}"
        self._marker = "" if pinned is None else " " + (tr("as_of_pinned") if pinned else tr("as_of_today"))
        self._store = visible(store_description, one_line=True)  # a file name may hold anything
        self.refresh()

    def _parts(self) -> tuple[Text, str, int]:
        """The left of line 1 (the store, with the app's title before it when the line has room for both),
        its right (period and "as of") and the columns left of it. The store's flags come first: where they
        would be cut (a long path, read-only), the "as of" marker gives way."""
        width = self.size.width or 80
        store, right, room = "", "", 0
        for marker in dict.fromkeys((self._marker, "")):
            right = f"{self._period}{self._as_of}{marker}"
            room = width - (cell_len(right) + 1)  # + the padding at the right edge
            store = shorten_store(self._store, max(room - 2, 12))  # room for the leading space and the padding
            if len(store) <= room - 2:
                break
        title_prefix = f" {tr('app_short')} │ "
        if len(title_prefix) + len(store) + 1 <= room:  # + the padding before the period
            title = Text.assemble((f" {tr('app_short')}", "bold"), " │ ", store)
        else:
            title = Text(f" {store}")
        return title, right, max(room, 0)

    def render(self) -> Text:
        """Line 1: the store cut with an ellipsis, then the period and "as of" kept whole; line 2: the tabs."""
        width = self.size.width or 80
        title, right, room = self._parts()
        title.stylize("bold")
        title.truncate(max(room - 1, 0), overflow="ellipsis", pad=True)  # a cut store never touches the period
        line = Text.assemble(title, " " if room else "", right, " ")
        line.truncate(width, overflow="ellipsis")
        tabs = tabs_text(self.screen_name)
        tabs.truncate(width, overflow="ellipsis")
        return Text.assemble(line, "\n", tabs, no_wrap=True, end="")

    @property
    def text(self) -> str:
        """The header as plain text (two lines), as the user reads it."""
        title, right, _room = self._parts() if self._store else (Text(), "", 0)
        return f"{title.plain}  {right}\n{tabs_text(self.screen_name).plain}"
