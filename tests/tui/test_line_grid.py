"""``widgets/line_grid.py`` draws what Rich's ``Table.grid(padding=(0, 1), expand=True)`` draws for one-line
cells, whenever the fixed columns fit the width (then only the stretch column is cut, with an ellipsis)."""

from __future__ import annotations

import io

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qms_tui.tui.widgets.line_grid import GridColumn, LineGrid

WORDS = st.text(st.sampled_from("abc xyzĐđễ ố,·/0123456789"), max_size=30)
STYLES = st.sampled_from(["", "bold", "red", "bold reverse"])
LAYOUTS = [  # the overview's grids: (justify, stretch) per column
    [("left", False), ("right", False), ("left", True)],
    [("left", False), ("right", False), ("left", False), ("left", True)],
    [("left", True), ("right", False)],
    [("left", True), ("left", False)],
]


def _drawn(renderable: object, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True)
    console.print(renderable, end="")
    return console.file.getvalue()


@settings(max_examples=150, deadline=None)
@given(layout=st.sampled_from(LAYOUTS), data=st.data(), width=st.integers(20, 100))
def test_the_grid_draws_what_rich_draws(layout, data, width):
    rows = data.draw(st.lists(st.lists(st.tuples(WORDS, STYLES), min_size=len(layout), max_size=len(layout)),
                              min_size=1, max_size=5))
    # every column holds something (a column empty in every row makes Rich give up expanding the table)
    assume(all(any(row[i][0].strip() for row in rows) for i in range(len(layout))))
    rich = Table.grid(padding=(0, 1), expand=True)
    ours = LineGrid(*(GridColumn(justify, stretch=stretch) for justify, stretch in layout))
    for justify, stretch in layout:
        rich.add_column(justify=justify, no_wrap=True, **({"overflow": "ellipsis", "ratio": 1} if stretch else {}))
    for row in rows:
        rich.add_row(*(Text(text.strip(), style=style) for text, style in row))
        ours.add_row(*(Text(text.strip(), style=style) for text, style in row))
    fixed = sum(w for w, (_, stretch) in zip(ours.widths(width), layout, strict=True) if not stretch)
    if fixed + len(layout) - 1 <= width:  # the fixed columns fit: Rich cuts only the stretch column too
        assert _drawn(ours, width) == _drawn(rich, width)
    assert all(len(line) <= width for line in Text.from_ansi(_drawn(ours, width)).plain.split("\n"))


def test_a_string_cell_is_shown_as_written_with_its_controls_visible():
    grid = LineGrid(GridColumn(), GridColumn(stretch=True))
    grid.add_row("RR-01", "[/x] \x1b]0;pwned\x07 [bold]x")
    assert _drawn(grid, 60).rstrip() == "RR-01 [/x] \\x1b]0;pwned\\x07 [bold]x"
