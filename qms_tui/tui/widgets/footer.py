"""The footer of every screen: the keys the screen offers, drawn as one line by one widget.

Textual's footer is a container with one widget per key, rebuilt (removed, mounted, styled, laid out) each
time the screen's bindings may have changed: with its CSS it cost about 30 ms of the overview's first
frame, a tenth of the start-up. This one draws the same line from the screen's active bindings each time
it is painted, so a change of keys costs a repaint. It reads as Textual's compact footer did: each key in
bold then its label, a key that does nothing now dimmed, the command palette's key at the right. A click on
a key presses it (a key that does nothing now rings the bell).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class ShownKey(NamedTuple):
    """One key of the footer as drawn."""

    key: str
    display: str
    description: str
    enabled: bool


class QmsFooter(Widget, can_focus=False):
    """The screen's keys on one line; the palette's key at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description"}
    DEFAULT_CSS = """
    QmsFooter {
        dock: bottom; height: 1; text-wrap: nowrap;
        color: $footer-foreground; background: $footer-background;
    }
    QmsFooter > .footer--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
    QmsFooter > .footer--description {
        color: $footer-description-foreground; background: $footer-description-background;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, ShownKey]] = []
        """Where each key was last drawn (start and end column), for clicks."""

    def on_mount(self) -> None:
        """Repaint whenever the screen's bindings may have changed (a focus moved, a key was bound)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def shown_keys(self) -> tuple[list[ShownKey], ShownKey | None]:
        """The keys on the left (one per action, in the order the screen lists them) and the palette's key."""
        app = self.app
        bindings = self.screen.active_bindings  # computed anew at each read: read once
        keys: list[ShownKey] = []
        actions: set[str] = set()
        for _node, binding, enabled, _tooltip in bindings.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(self._shown(binding, enabled))
        palette = None
        if app.ENABLE_COMMAND_PALETTE:
            found = bindings.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                palette = self._shown(found.binding, found.enabled)
        return keys, palette

    def _shown(self, binding: Binding, enabled: bool) -> ShownKey:
        return ShownKey(binding.key, self.app.get_key_display(binding), binding.description, enabled)

    def _key_text(self, shown: ShownKey) -> Text:
        """``q Thoát``: the key in bold, then its label; dimmed when the key does nothing now."""
        text = Text.assemble((shown.display, self.get_component_rich_style("footer--key")),
                             (f" {shown.description}" if shown.description else "",
                              self.get_component_rich_style("footer--description")))
        if not shown.enabled:
            text.stylize(Style(dim=True))
        return text

    def render(self) -> Text:
        """The keys left to right with a space between, the palette's key at the right edge."""
        keys, palette = self.shown_keys()
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, ShownKey]] = []
        for shown in keys:  # columns in cells, as clicks count them
            start = line.cell_len
            line.append_text(self._key_text(shown))
            spans.append((start, line.cell_len, shown))
            line.append(" ")
        if palette is not None:
            right = self._key_text(palette)
            start = max(line.cell_len, self.size.width - right.cell_len)
            line.append(" " * (start - line.cell_len))
            line.append_text(right)
            spans.append((start, line.cell_len, palette))
        self._spans = spans
        return line

    @property
    def text(self) -> str:
        """The footer as the user reads it."""
        return self.render().plain

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        for start, end, shown in self._spans:
            if start <= event.x < end:
                event.stop()
                if shown.enabled:
                    self.app.simulate_key(shown.key)
                else:
                    self.app.bell()
                return
