"""Fixtures for the TUI tests: a private demo store in a temporary folder, a fixed clock, helpers.

The store is opened by a *relative* path from inside its folder, so the header reads "qms.json [DEMO]"
in every run (snapshots stay deterministic). HOME, XDG_DATA_HOME and QMS_DB point into the test's own
folder, so no user data is read or written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tui_helpers import AS_OF

from qms_tui.store import Store, create_store
from qms_tui.tui.app import QmsApp, make_app


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a copy of the demo store as ``qms.json``; it is the current folder."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("QMS_DB", str(tmp_path / "qms.json"))
    monkeypatch.delenv("QMS_LANG", raising=False)
    monkeypatch.chdir(tmp_path)
    create_store(tmp_path / "qms.json", demo=True)
    return tmp_path


@pytest.fixture
def make(store_dir: Path) -> Callable[..., QmsApp]:
    """Build an app on the test's store: ``make(read_only=False, poll_interval=0.1)``."""

    def build(*, read_only: bool = False, poll_interval: float = 0.1) -> QmsApp:
        store = Store(Path("qms.json"), read_only=read_only)
        return make_app(store, clock=lambda: AS_OF, poll_interval=poll_interval)

    return build


@pytest.fixture
def app(make: Callable[..., QmsApp]) -> QmsApp:
    """The app on the demo store, polling the file every 0.1 s."""
    return make()
