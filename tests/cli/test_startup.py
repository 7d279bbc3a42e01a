"""Start-up of one-shot commands: ``qms X`` loads only what ``X`` needs, and ``qms --help`` still lists everything.

These check behaviour (what is imported, what is listed), not timing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from qms_tui import cli

PROBE = """
import json, sys
out, sys.argv = sys.argv[1], ["qms", *sys.argv[2:]]
try:
    from qms_tui import cli
    cli.main()
finally:
    with open(out, "w", encoding="utf-8") as f:
        json.dump(sorted(sys.modules), f)
"""
"""Runs ``qms ARGS`` as the console script does and writes every module loaded by then to a file."""

NEVER_LOADED = ("textual", "pydantic", "holidays", "qms_tui.reports")
"""Loaded by no ``qms dossier`` command: the TUI, typer 0.29's coercion, the holiday tables, the renderers."""

HELP_ORDER = [
    "init", "summary", "check", "restore", "rollup", "log", "due", "serve", "review-pack", "clauses", "org", "field",
    "import", "export", "dossier", "procedure", "legal", "risk", "staff", "training", "objective", "task", "report",
    "calendar", "config",
    "audit", "nc", "review", "index", "feedback", "survey",
]  # fmt: skip
"""``qms --help`` lists single commands first, then groups, each in the order of ``cli.COMMANDS``."""


def loaded_by(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    out = tmp_path / "modules.json"
    run = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], capture_output=True, text=True, timeout=120)
    return run, json.loads(out.read_text(encoding="utf-8"))


def matching(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == name or m.startswith(name + ".") for name in names)]


@pytest.mark.parametrize("help_only", [False, True], ids=["resolve", "resolve --help"])
def test_dossier_resolve_loads_only_the_dossier_commands(tmp_path: Path, demo_db: Path, help_only: bool):
    args = ["--help"] if help_only else ["BQL-240722-0004", "--date", "2024-09-01", "--db", str(demo_db)]
    run, modules = loaded_by(tmp_path, "dossier", "resolve", *args)
    assert run.returncode == 0, run.stderr
    assert ("Cách dùng:" if help_only else "ngày 01/09/2024 (đúng hạn") in run.stdout
    assert "qms_tui.cli.dossier" in modules  # the probe sees what the command loaded
    assert matching(modules, NEVER_LOADED) == []
    other_commands = ("qms_tui.cli.store", "qms_tui.cli.report", "qms_tui.cli.calendar", "qms_tui.cli.data",
                      "qms_tui.cli.registers", "qms_tui.cli.audit", "qms_tui.cli.nc", "qms_tui.cli.review")
    assert matching(modules, other_commands) == []


def test_report_loads_python_docx_only_to_write_a_docx(tmp_path: Path, demo_db: Path):
    run, modules = loaded_by(tmp_path, "report", "--year", "2024", "--db", str(demo_db))
    assert run.returncode == 0, run.stderr
    assert "(1) Tổng số hồ sơ yêu cầu giải quyết TTHC: 578 Hồ sơ" in run.stdout
    assert matching(modules, ("docx", "lxml", "textual")) == []
    out = tmp_path / "bao-cao.docx"
    run, modules = loaded_by(tmp_path, "report", "--year", "2024", "--db", str(demo_db), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert "docx" in modules and out.read_bytes().startswith(b"PK")


def test_help_lists_every_top_level_command_in_order(qms):
    run = qms("--help")
    assert run.code == 0, run.err
    listed = run.out.split("\nLệnh:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed if line.startswith("  ") and line[2] != " "] == HELP_ORDER
    assert sorted(HELP_ORDER) == sorted(cli.COMMANDS)


def test_module_app_has_every_command():
    assert list(typer.main.get_command(cli.app).commands) == HELP_ORDER


def test_an_unknown_command_is_answered_by_the_whole_app(qms):
    run = qms("summ")
    assert run.code == 2
    assert "Không có lệnh 'summ'. Có phải 'summary'?" in run.err


def test_root_options_before_the_command_still_apply(qms, demo_db: Path):
    run = qms("--db", demo_db, "--read-only", "dossier", "resolve", "BQL-240722-0004", "--date", "2024-09-01")
    assert run.code == 2 and "đang mở chỉ đọc" in run.err


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["dossier", "resolve", "X"], "dossier"),
        (["--db", "x.json", "review-pack", "--year", "2024"], "review-pack"),
        (["--db=x.json", "--read-only", "log"], "log"),
        (["--db", "dossier", "summary"], "summary"),  # "dossier" is the --db value
        (["--lang", "en", "--as-of", "today", "due"], "due"),
        (["--as-of=pinned", "--lang=en", "--theme", "light", "serve"], "serve"),
        ([], None),
        (["--help"], None),
        (["nosuch"], None),
        (["--bogus", "dossier"], None),
        (["--", "init"], None),
        (["--db"], None),
    ],
)
def test_command_named(args: list[str], name: str | None):
    assert cli.command_named(args) == name


def test_init_takes_the_db_given_before_the_command(tmp_path):
    """``qms --db X init`` creates X, as ``qms init --db X`` does (never the default store)."""
    from qms_cli import run_qms

    target = tmp_path / "agency" / "qms.json"
    assert run_qms("--db", str(target), "init", "--empty").code == 0
    assert target.is_file()


def test_summary_loads_neither_typer_nor_the_stores_writing(tmp_path: Path, demo_db: Path):
    """``qms summary`` runs on the quick path (``cli/quick.py``): no typer or click, and a read-only summary
    loads none of what only writing needs (TinyDB, the transaction, the lock, random file names)."""
    run, modules = loaded_by(tmp_path, "summary", "--db", str(demo_db), "--read-only", "--format", "text")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Tình hình HTQLCL")
    assert "qms_tui.reports.summary" in modules  # the probe sees what the command loaded
    assert matching(modules, ("typer", "click", "textual", "tinydb", "qms_tui.store.tx", "qms_tui.store.lock",
                              "qms_tui.cli.root", "secrets")) == []
    run, modules = loaded_by(tmp_path, "summary", "--help")  # anything else: the typer app, as before
    assert run.returncode == 0 and "--read-only" in run.stdout
    assert "typer" in modules
