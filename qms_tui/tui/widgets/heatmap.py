"""The 5×5 likelihood × impact grid of the risk register, with the count of open items in each cell.

Likelihood runs up (5 at the top), impact to the right, as on the paper register. The level zones are
coloured on colour terminals and, for NO_COLOR, high cells are reversed and medium cells bold.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from qms_tui.domain.models import risk_level
from qms_tui.labels import tr

ZONE_STYLES = {
    "high": "bold reverse red",
    "medium": "bold black on yellow",
    "low": "black on green",
}


def heat_map_text(grid: list[list[int]]) -> Text:
    """``grid[likelihood-1][impact-1]`` as a labelled 5×5 block of cells four characters wide."""
    text = Text()
    text.append(f"{tr('heat_l')}\\{tr('heat_i')}", style="bold")
    for impact in range(1, 6):
        text.append(f"  {impact} ", style="bold")
    text.append("\n")
    for likelihood in range(5, 0, -1):
        text.append(f" {likelihood} ", style="bold")
        for impact in range(1, 6):
            count = grid[likelihood - 1][impact - 1]
            cell = f" {count:>2} " if count else "  · "
            text.append(cell, style=ZONE_STYLES[risk_level(likelihood * impact)])
        text.append("\n")
    text.rstrip()
    return text


class HeatMap(Static):
    """The heat map widget: call ``show(grid)`` with ``Qms.heat_map()``."""

    DEFAULT_CSS = """
    HeatMap { width: 25; height: 6; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """An empty grid until ``show``."""
        super().__init__("", id=id, markup=False)
        self.grid: list[list[int]] = [[0] * 5 for _ in range(5)]

    def show(self, grid: list[list[int]]) -> None:
        """Draw ``grid`` (likelihood rows, impact columns)."""
        self.grid = [list(row) for row in grid]
        self.update(heat_map_text(self.grid))
