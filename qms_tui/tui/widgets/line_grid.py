"""Rows of one-line cells in columns, as the overview's blocks draw their figures: what Rich's
``Table.grid(padding=(0, 1), expand=True)`` draws for such cells, for a fraction of its cost.

Rich's table measures every cell and renders each through a console pass of its own: 1 to 2 ms a block,
about 8 ms of the overview's first frame for five small tables. Here a column is as wide as its widest
cell, the one ``stretch`` column takes the room left (its cells cut with an ellipsis), one space parts two
columns, and each row is assembled as one line of ``Text``. When the cells do not fit even with the
stretch column empty, each line is cut at the edge. ``tests/tui/test_line_grid.py`` checks that it draws
what Rich's grid draws.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.text import Text

from qms_tui.domain.safety import visible
from qms_tui.tui.widgets.visible import visible_text


class GridColumn:
    """How a column's cells sit: ``justify`` left or right; ``stretch``: takes the room left, cut with "…"."""

    __slots__ = ("justify", "stretch")

    def __init__(self, justify: Literal["left", "right"] = "left", *, stretch: bool = False) -> None:
        self.justify = justify
        self.stretch = stretch


class LineGrid:
    """Rows of one-line cells (``add_row``) drawn in ``columns`` across the width given when drawn."""

    def __init__(self, *columns: GridColumn) -> None:
        self.columns = columns
        self.rows: list[list[Text]] = []

    def add_row(self, *cells: str | Text) -> None:
        """One row, its record text made inert here (``visible_renderable`` leaves a grid as it is): a string
        is shown as written, never read as markup, its unsafe characters written out before it becomes
        ``Text`` (which would drop a BEL silently)."""
        self.rows.append([visible_text(cell, one_line=True) if isinstance(cell, Text)
                          else Text(visible(cell, one_line=True)) for cell in cells])

    def widths(self, width: int) -> list[int]:
        """Each column's width at ``width``: its widest cell, the stretch column what is left."""
        widest = [max((row[i].cell_len for row in self.rows), default=0) for i in range(len(self.columns))]
        room = width - (len(self.columns) - 1) - sum(w for w, c in zip(widest, self.columns, strict=True)
                                                   if not c.stretch)
        return [max(room, 0) if column.stretch else w for w, column in zip(widest, self.columns, strict=True)]

    def line(self, row: list[Text], widths: list[int], width: int) -> Text:
        """One row as a line of ``width`` cells."""
        line = Text(no_wrap=True, overflow="crop", end="")
        for i, (cell, column, room) in enumerate(zip(row, self.columns, widths, strict=True)):
            if i:
                line.append(" ")
            cell = cell.copy()
            if cell.cell_len > room:
                cell.truncate(room, overflow="ellipsis" if column.stretch else "crop")
            if column.justify == "right":  # the padding takes the cell's own style, as in Rich's table
                cell.pad_left(room - cell.cell_len)
            else:
                cell.pad_right(room - cell.cell_len)
            line.append_text(cell)
        line.truncate(width, overflow="crop", pad=True)
        return line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = options.max_width
        widths = self.widths(width)
        for row in self.rows:
            line = self.line(row, widths, width)
            line.end = "\n"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)
