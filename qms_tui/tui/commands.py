"""The command palette (Ctrl+P): every action of the app by name, found with or without accents.

The list itself comes from ``QmsApp.palette_commands()`` so that keys, help and palette name the same
actions.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from qms_tui.domain.text import fold


class QmsCommands(Provider):
    """Go to each screen, change the period, reload, export the current screen (any format) or the
    summary, help, quit."""

    def _commands(self) -> list[tuple[str, str, object]]:
        """The app's command list, asked for anew so it follows the period and the data."""
        return self.app.palette_commands()  # type: ignore[attr-defined]

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
