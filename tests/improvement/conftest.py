"""Fixtures for the improvement loop: ``qms`` run in-process as the console script runs it, real store files."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qms_tui.cli import main
from qms_tui.domain.qms import Qms
from qms_tui.store import Store


@dataclass
class Run:
    """The outcome of one ``qms`` command."""

    code: int
    out: str
    err: str


def run_qms(*args: object) -> Run:
    """``qms ARGS`` through ``cli.main()``: errors become one line and an exit code, as for a user."""
    runner = CliRunner()
    saved = sys.argv
    with runner.isolation() as (out, err, _):
        sys.argv = ["qms", *map(str, args)]
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = saved
        return Run(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


@pytest.fixture
def qms() -> Callable[..., Run]:
    """Run a ``qms`` command line; returns exit code, stdout and stderr."""
    return run_qms


@pytest.fixture
def snapshot() -> Callable[[Path], Qms]:
    """The QMS as stored in a file now (a fresh read)."""
    return lambda path: Store(path, read_only=True).snapshot()


@pytest.fixture
def log_of() -> Callable[[Path], list[dict]]:
    """The change log of a store file, oldest first."""

    def read(path: Path) -> list[dict]:
        raw = Store(path).load().get("changelog", {})
        return [doc for _, doc in sorted(raw.items(), key=lambda item: int(item[0]))]

    return read
