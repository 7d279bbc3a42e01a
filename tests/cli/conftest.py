"""Running ``qms`` in-process exactly as the console script does (``cli.main``), with its exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qms_tui.cli import main
from qms_tui.store import Store, create_store


@dataclass
class Run:
    """The outcome of one ``qms`` command."""

    code: int
    out: str
    err: str


def run_qms(*args: object) -> Run:
    """``qms ARGS`` through ``cli.main()``, so errors become messages and exit codes as for users."""
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
def bare_db(tmp_path: Path) -> Path:
    """A copy of the demo store without dossiers and with an empty change log (procedures kept)."""
    path = create_store(tmp_path / "bare.json", demo=True)
    tables = json.loads(path.read_text(encoding="utf-8"))
    tables["dossiers"], tables["changelog"] = {}, {}
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def log_of() -> Callable[[Path], list[dict]]:
    """The change log of a store file, oldest first."""

    def read(path: Path) -> list[dict]:
        raw = Store(path).load().get("changelog", {})
        return [doc for _, doc in sorted(raw.items(), key=lambda item: int(item[0]))]

    return read
