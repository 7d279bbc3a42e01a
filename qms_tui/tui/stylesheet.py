"""The app's stylesheet: Textual's, with each source parsed once per set of CSS variables.

Textual's ``Stylesheet`` forgets every parsed rule whenever its variables are set, even to the same values,
and its ``reparse`` parses every source again in a fresh stylesheet: before the overview's first frame the
app's CSS, the overview's and Textual's own defaults were each parsed three times (the first screen's
mode start sets the same variables and reparses; the footer's CSS, added next, parses all again), about
18 ms of a start-up that has 0.3 s. Here the parsed rules stay while the variables are unchanged (a theme
change still parses everything again), and ``reparse`` parses in place: ``parse`` only replaces the rules
once every source parsed, so CSS with errors still leaves the stylesheet as it was.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class ParseOnceStylesheet(Stylesheet):
    """``Stylesheet`` that keeps its parsed sources while its variables stay the same."""

    def set_variables(self, variables: dict[str, str]) -> None:
        """New values: forget what was parsed with the old ones; the same values: keep it."""
        if variables != self._variables:
            super().set_variables(variables)

    def reparse(self) -> None:
        """Parse the sources again with the current variables (the unchanged ones come from the cache)."""
        self.parse()
