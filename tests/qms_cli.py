"""Running ``qms`` in-process exactly as the console script does (``cli.main``), with its exit code."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from typer.testing import CliRunner

from qms_tui.cli import main


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
