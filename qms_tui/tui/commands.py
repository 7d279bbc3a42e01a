"""The command palette (Ctrl+P): every action of the app by name, found with or without accents.

The list itself comes from ``QmsApp.palette_commands()`` so that keys, help and palette name the same
actions: the app's own, and those the screen under the palette declares (``QmsScreen.palette_commands``).
"""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from qms_tui.domain.text import fold
from qms_tui.labels import tr


class QmsCommands(Provider):
    """Go to each screen, change the period, reload, export the current screen (any format) or the
    summary, help, quit."""

    def _commands(self) -> list[tuple[str, str, object]]:
        """The app's command list with the commands of the screen the palette was opened on, asked for anew so
        it follows the period and the data."""
        return self.app.palette_commands(self.screen)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        """All commands, in the app's order, before anything is typed."""
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        """Commands matching ``query`` fuzzily, accents optional ("ky" finds "Kỳ")."""
        matcher = self.matcher(fold(query))
        for title, help_text, callback in self._commands():
            score = matcher.match(fold(title))
            if score > 0:
                yield Hit(score, title, partial(_run, callback), text=title, help=help_text)


def _run(callback) -> None:  # type: ignore[no-untyped-def]
    """Run a palette command (a plain callable)."""
    callback()


class WordedPalette(CommandPalette):
    """Textual's command palette with its own words in the app's language: the placeholder ("Search for
    commands…", a constructor argument) and "No matches found" (written inside Textual's countdown, which is
    therefore repeated here with the same timing and id)."""

    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder=tr("palette_placeholder"))

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # discovery (nothing typed) with nothing to list is not worth saying
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(tr("palette_no_matches"), style="not bold")), disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
