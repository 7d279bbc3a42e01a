"""``qms --version``, descriptions in ``--help`` shown whole, and typer's shell completion."""

from __future__ import annotations

import os
import subprocess
import sys

from qms_tui import __version__


def test_version(qms):
    run = qms("--version")
    assert (run.code, run.out) == (0, f"qms-tui {__version__}\n")


def commands_section(text: str) -> str:
    """The command list, each description joined back onto one line."""
    listed = text.split("\nCommands:\n", 1)[1]
    rows: list[str] = []
    for line in listed.splitlines():
        if line.startswith("  ") and not line.startswith("    "):
            rows.append(line.strip())
        elif line.strip():
            rows[-1] += " " + line.strip()
    return "\n".join(rows)


def test_help_shows_each_description_whole(qms):
    listed = commands_section(qms("--lang", "en", "--help").out)  # Vietnamese: tests/cli/test_help_words.py
    assert "init Create a store: a copy of the demo QMS (default) or an empty one." in " ".join(listed.split())
    assert "..." not in listed
    run = qms("--lang", "en", "dossier", "--help")
    assert "return The dossier was returned without a result (e.g. ineligible)." in " ".join(
        commands_section(run.out).split())
    assert max(len(line) for line in qms("--help").out.splitlines()) <= 80
    assert max(len(line) for line in qms("--lang", "en", "--help").out.splitlines()) <= 80


def test_show_completion_prints_the_script(tmp_path):
    """In a process of its own, the shell named rather than detected: typer finds the user's shell among the
    process's parents, which a test run started from cron or a CI runner may not have."""
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1", "QMS_DB": str(tmp_path / "q.json")}
    run = subprocess.run([sys.executable, "-m", "qms_tui", "--show-completion", "bash"], capture_output=True,
                         text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "_QMS_COMPLETE=complete_bash" in run.stdout


def test_completion_completes_commands_and_options():
    env = {**os.environ, "_QMS_COMPLETE": "complete_bash", "COMP_WORDS": "qms due --wi", "COMP_CWORD": "2"}
    code = "import sys; sys.argv = ['qms']; from qms_tui.cli import main; main()"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["--within"], run.stderr
