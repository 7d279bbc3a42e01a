"""What every screen of the app shares: the header, the footer, and catching up with the data.

The app bumps a *generation* number whenever the data or the period changes. A screen refreshes when it
is shown and its generation is behind, so a reload costs only the visible screen's work; the others
catch up when the user comes back to them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from qms_tui.labels import tr
from qms_tui.tui.widgets.footer import QmsFooter
from qms_tui.tui.widgets.header import QmsHeader, store_label

if TYPE_CHECKING:
    from qms_tui.tui.app import QmsApp


class QmsScreen(Screen):
    """A screen with the QMS header and footer that refreshes itself from the app's current data."""

    SCREEN_NAME = "overview"
    """Which tab the header highlights (detail screens name the screen they belong to)."""

    BINDINGS = [Binding("escape", "back", tr("key_back"), show=False, id="screen.back")]

    def __init__(self) -> None:
        """No generation drawn yet: the first ``sync`` always draws."""
        super().__init__()
        self.generation = -1

    @property
    def qms_app(self) -> QmsApp:
        """The app, typed: screens read the data from it."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """Header, the screen's own widgets, footer."""
        yield QmsHeader(self.SCREEN_NAME)
        yield from self.compose_body()
        yield QmsFooter(compact=True)

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between header and footer."""
        yield from ()

    def on_mount(self) -> None:
        """Draw the data as soon as the widgets exist."""
        self.sync()

    def on_screen_resume(self) -> None:
        """Catch up with data that changed while another screen was shown."""
        self.sync()

    def sync(self) -> None:
        """Refresh header and content if the app's data moved on since this screen last drew them."""
        app = self.qms_app
        if not self.is_mounted or self.generation == app.generation:
            return
        self.generation = app.generation
        period = app.period
        self.query_one(QmsHeader).show(store_label(app.store), period.start, period.end, app.qms.today,
                                       app.qms.as_of_pinned)
        self.refresh_data()

    def refresh_data(self) -> None:
        """Redraw the screen's content from ``self.qms_app`` (each screen implements it)."""

    def action_back(self) -> None:
        """Esc: close this screen if it was opened on top of another."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
