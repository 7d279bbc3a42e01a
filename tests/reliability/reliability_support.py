"""Helpers of the reliability tests: run the real CLI and the writer script in bounded subprocesses.

A module with its own name rather than a ``conftest.py``: several test folders have one, and
``from conftest import ...`` would depend on the order pytest collects them.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

WORKER = Path(__file__).with_name("_store_worker.py")
TIMEOUT = 60
"""No subprocess of these tests may run longer than this (seconds)."""


@dataclass
class Result:
    """What a CLI run printed and returned; ``error`` is an exception that escaped ``main()`` (in-process)."""

    code: int
    stdout: str
    stderr: str
    error: BaseException | None = None

    @property
    def crashed(self) -> bool:
        return self.error is not None or "Traceback" in self.stderr


def subprocess_env() -> dict[str, str]:
    """The test's environment with the project importable, never the user's store or language."""
    env = dict(os.environ)
    for name in ("QMS_DB", "QMS_LANG"):
        env.pop(name, None)
    env["NO_COLOR"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parents[2]), env.get("PYTHONPATH")]))
    return env


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "qms_tui.cli", *args]


def run_cli_many(commands: list[list[str]], timeout: float = TIMEOUT) -> list[Result]:
    """Run several ``qms`` commands at once (each on its own files, or only reading) and wait for all, bounded."""
    env = subprocess_env()
    procs = [
        subprocess.Popen(cli_command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for args in commands
    ]
    results = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=timeout)
            results.append(Result(proc.returncode, out, err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return results


def run_cli(*args: str, timeout: float = TIMEOUT) -> Result:
    return run_cli_many([list(args)], timeout)[0]


def run_cli_in_process(*args: str) -> Result:
    """``qms ARGS`` through ``qms_tui.cli.main`` in this process: fast enough for hypothesis.

    ``main()`` turns store and validation errors into exit codes; any other exception would be a
    traceback for the user, so it is returned in ``error`` instead of raised.
    """
    from qms_tui import cli

    out, err = io.StringIO(), io.StringIO()
    code, error = 0, None
    argv = mock.patch.object(sys, "argv", ["qms", *args])
    with argv, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception as exc:  # the bug these tests look for
            code, error = -1, exc
    return Result(code, out.getvalue(), err.getvalue(), error)


def assert_one_clear_line(result: Result, code: int = 2) -> None:
    """Exit ``code`` with one ``qms: ...`` line on stderr and no traceback."""
    assert not result.crashed, result.error or result.stderr
    assert result.code == code, (result.code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("qms: "), result.stderr


def permissions_enforced() -> bool:
    """Whether this process is refused writing into a folder it made read-only.

    Root (``os.geteuid() == 0``) normally is not, which is how CI runs; root without CAP_DAC_OVERRIDE is.
    """
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o555)
        try:
            Path(folder, "probe").touch()
        except PermissionError:
            return True
        finally:
            os.chmod(folder, 0o755)
        return False
