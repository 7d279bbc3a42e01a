"""The strip that names a screen's views and shows which one is on (``v`` cycles them).

Screens 4 and 5 hold more than fits in 80×24 at once; rather than squeeze, they show one view at a
time. The current view is reversed so it reads without colour.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class ViewBar(Static):
    """``v: [Danh sách]  Theo lĩnh vực  …`` — ``show(current)`` redraws it."""

    DEFAULT_CSS = """
    ViewBar { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, views: list[tuple[str, str]], *, id: str | None = None) -> None:
        """``views`` are (id, label) pairs in the order ``v`` cycles them."""
        super().__init__("", id=id, markup=False)
        self.views = views
        self.current = views[0][0]

    def show(self, current: str) -> None:
        """Highlight ``current`` (a view id)."""
        self.current = current
        text = Text("v ", style="bold")
        for view_id, label in self.views:
            text.append(f" {label} ", style="bold reverse" if view_id == current else "")
            text.append(" ")
        self.update(text)

    def next_view(self) -> str:
        """The view after the current one (wrapping round)."""
        ids = [view_id for view_id, _ in self.views]
        return ids[(ids.index(self.current) + 1) % len(ids)]
