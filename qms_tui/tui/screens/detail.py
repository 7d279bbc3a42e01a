"""The base of the drill-down screens: one scrollable page of text and tables about one record.

A detail screen is pushed on top of its list (Enter) and popped with Esc; ``E`` saves the page as drawn. It
keeps the record's key, not the record, so a live reload redraws it from the new data (or says the record is
gone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from qms_tui.labels import lang, tr
from qms_tui.tui.data import ScreenData
from qms_tui.tui.screens.base import QmsScreen
from qms_tui.tui.widgets.plain import plain_text
from qms_tui.tui.widgets.visible import visible_renderable

if TYPE_CHECKING:
    from qms_tui.exporting import Export


class DetailBody(VerticalScroll, can_focus=True):
    """The scrolling page; j/k and the arrows scroll it."""

    BINDINGS = [
        Binding("j", "scroll_down", tr("key_down"), show=False, id="detail.down"),
        Binding("k", "scroll_up", tr("key_up"), show=False, id="detail.up"),
    ]


class DetailScreen(QmsScreen):
    """A record's detail page; subclasses build ``body()`` from the app's current data."""

    CSS_PATH = "detail.tcss"
    BINDINGS = [Binding("escape", "back", tr("key_back"), key_display="Esc", id="detail.back")]

    def __init__(self, data: ScreenData, key: str) -> None:
        """Remember the record's key, not the record: reloads redraw from new data."""
        super().__init__(data)
        self.key = key
        self.text = ""
        """The page as plain text, as drawn last (tests read it)."""

    def compose_body(self) -> ComposeResult:
        """One scrolling page."""
        with DetailBody(id="detail-body"):
            yield Static("", id="detail-content", markup=False)

    def on_mount(self) -> None:
        """j/k scroll the page from the start."""
        self.set_focus(self.query_one(DetailBody))

    def refresh_data(self) -> None:
        """Redraw the page and keep its plain text."""
        body = visible_renderable(self.body())  # a record's text, escaped
        self.query_one("#detail-content", Static).update(body)
        self.text = plain_text(body, max(self.size.width - 3, 40))

    def body(self) -> RenderableType:
        """The page's content (each detail screen implements it)."""
        return ""

    def export(self) -> Export:
        """The page as drawn, under its record's key."""
        from qms_tui.exporting import Export

        name = self.EXPORT_NAME or self.SCREEN_NAME
        return Export(f"{name}-{self.key}", f"{tr(f'screen_{name}')} — {self.key}", self.export_context(),
                      renderable=self.body(), lang=lang())
