"""Helpers for the TUI tests: read the screen as text, wait for the app, find widgets."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from pathlib import Path

from qms_tui.store import Store
from qms_tui.tui.app import QmsApp
from qms_tui.tui.dialogs.form import FormDialog

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


def fresh(store_dir: Path) -> Store:
    """The store file as another process would read it now."""
    return Store(store_dir / "qms.json", read_only=True)


def messages(app: QmsApp) -> list[str]:
    """The notifications shown so far."""
    return [n.message for n in app._notifications]


def footer_keys(app: QmsApp) -> set[str]:
    """The keys the footer offers on the current screen."""
    return {key for key, active in app.screen.active_bindings.items() if active.binding.show}


async def open_form(pilot, *keys: str) -> FormDialog:  # type: ignore[no-untyped-def]
    """Press ``keys`` and return the form dialog they opened."""
    await pilot.press(*keys)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormDialog)
    return form


async def settle(pilot, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    """Let a write running in a thread (a form's save, a confirmed change: ``dialogs.writing``) end, and
    the app show its outcome (the dialog closed or the problem said)."""
    app = pilot.app
    await pilot.pause()
    await wait_for(pilot, lambda: getattr(app, "store_write", None) is None, timeout)
    await pilot.pause()
    await pilot.pause()
