"""Shared fixtures: every test runs with its own HOME and no QMS_DB, so no user data leaks in."""

from __future__ import annotations

from pathlib import Path

import pytest

from qms_tui.store import create_store


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh HOME and XDG_DATA_HOME; QMS_DB and QMS_LANG unset; no colour codes."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("QMS_DB", raising=False)
    monkeypatch.delenv("QMS_LANG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A private copy of the demo store (as of 01/09/2024)."""
    return create_store(tmp_path / "qms.json", demo=True)


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """An empty store."""
    return create_store(tmp_path / "empty.json", demo=False)
