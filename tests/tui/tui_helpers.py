"""Helpers for the TUI tests: read the screen as text, wait for the app, find widgets."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from qms_tui.app import QmsApp

AS_OF = date(2024, 9, 1)
"""The demo's pinned "as of" date; the clock is fixed to it too."""


def screen_text(app: QmsApp) -> str:
    """What the terminal shows right now, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 2.0) -> bool:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition()`` holds or ``timeout`` seconds pass; returns the final value."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await pilot.pause(0.05)
        if condition():
            return True
    return condition()
