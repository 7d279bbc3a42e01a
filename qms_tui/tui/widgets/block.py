"""A focusable block of the overview: a titled box of figures that leads to the screen behind them.

The title carries the key of its screen ("[2] Quy trình") so a leader can jump straight there; Enter on
a focused block does the same. Focus shows as a double border, visible without colour.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from qms_tui.labels import tr
from qms_tui.tui.widgets.plain import plain_text
from qms_tui.tui.widgets.visible import visible_renderable


class Block(Static, can_focus=True):
    """An overview block; ``target`` names a screen (``procedures``) or an app action (``plan``)."""

    BINDINGS = [
        Binding("enter", "open", tr("key_open"), key_display="⏎", id="block.open"),
        Binding("j,down,right", "app.focus_next", tr("key_down"), show=False, id="block.next"),
        Binding("k,up,left", "app.focus_previous", tr("key_up"), show=False, id="block.previous"),
    ]

    class Opened(Message):
        """Enter was pressed on a block."""

        def __init__(self, block: Block) -> None:
            """Title with the screen's key, and where Enter leads."""
            super().__init__()
            self.block = block

    def __init__(self, title: str, target: str, key: str | None = None, *, id: str | None = None) -> None:
        """Title with the screen's key, and where Enter leads."""
        super().__init__("", id=id, markup=False)
        self.target = target
        self.border_title = Text(f"[{key}] {title}" if key else title)
        self._body: RenderableType = ""

    def show(self, body: RenderableType) -> None:
        """Replace the block's content (its record text escaped: ``visible_renderable``)."""
        body = visible_renderable(body)
        self._body = body
        self.update(body)

    @property
    def plain(self) -> str:
        """The block's content as plain text at its current width (what the tests read)."""
        body = self._body
        return body.plain if isinstance(body, Text) else plain_text(body, max(self.content_size.width, 20))

    def action_open(self) -> None:
        """Go to the screen behind the figures."""
        self.post_message(self.Opened(self))
