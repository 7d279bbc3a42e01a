"""Shared fixtures: every test runs with its own HOME and no QMS_DB, so no user data leaks in."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from qms_cli import Run, run_qms

from qms_tui.domain.qms import Qms
from qms_tui.store import Store, create_store


@pytest.fixture(autouse=True, scope="session")
def no_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module-scoped fixtures run ``qms`` before ``isolated_env``: they too keep the holiday tables in a
    temporary cache, never the user's (``qms_tui.holiday_cache``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh HOME, XDG_DATA_HOME and XDG_CONFIG_HOME (no settings file); QMS_* unset; no colour codes."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))  # y/Y leave a copy in qms-tui/clipboard.txt
    for name in ("QMS_THEME", "QMS_EXPORT_DIR", "QMS_AS_OF"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("QMS_DB", raising=False)
    monkeypatch.delenv("QMS_LANG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture(autouse=True)
def unfrozen_after_test() -> Iterator[None]:
    """Loading a store freezes what is alive out of the collector's walks (qms_tui/domain/memory.py).
    A user's process runs one app; this one runs hundreds, so each test's objects are released after it."""
    yield
    gc.unfreeze()


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A private copy of the demo store (as of 01/09/2024)."""
    return create_store(tmp_path / "qms.json", demo=True)


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """An empty store."""
    return create_store(tmp_path / "empty.json", demo=False)


@pytest.fixture
def qms() -> Callable[..., Run]:
    """Run a ``qms`` command line in-process; returns exit code, stdout and stderr."""
    return run_qms


@pytest.fixture
def bare_db(tmp_path: Path) -> Path:
    """A copy of the demo store without dossiers and with an empty change log (procedures kept)."""
    path = create_store(tmp_path / "bare.json", demo=True)
    with Store(path).transaction() as tx:
        tables = tx.tables
        tables["dossiers"].clear()
        tables["changelog"].clear()
        tx.touched("dossiers")
        tx.touched("changelog")
    return path


@pytest.fixture
def log_of() -> Callable[[Path], list[dict]]:
    """The change log of a store file, oldest first."""

    def read(path: Path) -> list[dict]:
        raw = Store(path).load().get("changelog", {})
        return [doc for _, doc in sorted(raw.items(), key=lambda item: int(item[0]))]

    return read


@pytest.fixture
def stored_qms() -> Callable[[Path], Qms]:
    """The QMS as stored in a file now (a fresh read)."""
    return lambda path: Store(path, read_only=True).snapshot()
