"""The footer of every screen: Textual's, rebuilt only when the keys it shows change.

Textual's footer removes and mounts one widget per key each time the screen's bindings *may* have
changed (a focus moved, a screen resumed, the app got the focus): five times before the overview's
first frame, each time with the same five keys, and each rebuild restyles, lays out and draws the footer
again. This one remembers what it drew, with every detail Textual's ``compose`` draws from, and rebuilds
only when one of them differs; several calls before the next refresh make one check.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class QmsFooter(Footer):
    """``Footer`` that skips rebuilding when its keys, their words and their states are unchanged."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._drawn: tuple[Any, ...] | None = None
        self._check_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        """Textual's call when the bindings may have changed: check once, after the next refresh."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._check_pending = False
        if not self.is_attached:
            return
        shown = self._shown_keys()
        if shown == self._drawn:
            return
        self._drawn = shown
        await self.recompose()

    def _shown_keys(self) -> tuple[Any, ...]:
        """Everything ``Footer.compose`` reads to draw the keys: if it is equal, so is the footer."""
        app = self.app
        keys = []
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                group = binding.group
                keys.append((binding.key, app.get_key_display(binding), binding.description, binding.action,
                             enabled, tooltip, binding.tooltip,
                             None if group is None else (id(group), group.description, group.compact)))
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, tooltip = found
                palette = (binding.key, app.get_key_display(binding), binding.description, binding.action,
                           enabled, tooltip, binding.tooltip)
        return tuple(keys), palette, self.combine_groups
