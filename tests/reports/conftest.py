"""Fixtures for the summary and report tests: real store files in tmp_path, no user data, no editor."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from qms_tui.cli import app
from qms_tui.store import create_store

SEED = {
    "received": 578, "new": 454, "carried_over": 124, "resolved": 439, "on_time": 369, "late": 70,
    "in_progress": 113, "not_due": 113, "overdue": 0, "withdrawn": 26,
}
"""The dossier figures of report 3966/BC-BQL for 01/01/2024–01/09/2024 (withdrawn: the 26 it leaves out)."""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Own HOME, XDG_DATA_HOME and temp folder, a QMS_DB that does not exist, no language or editor."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("QMS_DB", str(tmp_path / "no-such-store.json"))
    for name in ("QMS_LANG", "EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # files that ``report edit`` keeps stay in here


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A private copy of the demo store (as of 01/09/2024)."""
    return create_store(tmp_path / "qms.json", demo=True)


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run ``qms`` in-process; stdout and stderr are kept apart."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        from qms_tui.locale import use

        use("")  # as ``cli.main`` does: this run's language, not an earlier run's --lang
        return runner.invoke(app, list(args), env=env, catch_exceptions=False)

    return invoke
