"""``qms summary``'s quick path (``cli/quick.py``) against the typer app (``cli/root.py``): the same arguments
give the same bytes on stdout and stderr, the same written file and the same exit code, whichever path runs;
and the quick path's option table is the typer command's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from qms_tui.cli import quick

QUICK = "import sys; sys.argv = ['qms', *sys.argv[1:]]; from qms_tui.cli import main; main()"
TYPER = "import sys; sys.argv = ['qms', *sys.argv[1:]]; from qms_tui.cli.root import main; main()"
PATH_TAKEN = ("import json, sys; out, sys.argv = sys.argv[1], ['qms', *sys.argv[2:]]\n"
              "try:\n    from qms_tui.cli import main; main()\nfinally:\n"
              "    open(out, 'w').write(json.dumps('typer' in sys.modules))\n")


def run(code: str, *args: object, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, timeout=120, cwd=cwd,
                          env={**os.environ, "COLUMNS": "100"})


def test_the_quick_options_are_the_typer_commands():
    from qms_tui.cli.root import build_app

    command = typer.main.get_command(build_app(["summary"])).commands["summary"]  # type: ignore[attr-defined]
    flags, options = {}, {}
    for param in command.params:
        for name in [*param.opts, *param.secondary_opts]:
            (flags if getattr(param, "is_flag", False) else options)[name] = param.name
    assert (options, flags) == (quick.OPTIONS, quick.FLAGS)


def test_parse_takes_only_plain_arguments():
    assert quick.parse(["summary", "--db", "x.json", "-f", "json", "--full", "--to=2024-06-30"]) == {
        "db": "x.json", "start": None, "end": "2024-06-30", "as_of": None, "fmt": "json", "output": None,
        "lang": None, "read_only": False, "full": True}
    for args in (["summary", "--help"], ["--db", "x", "summary"], ["summary", "--format"], ["summary", "-fjson"],
                 ["summary", "-f=json"], ["summary", "--full=yes"], ["summary", "--db", "a", "--db", "b"],
                 ["summary", "--db", "-x"], ["summary", "--db="], ["summary", "x"], ["summary", "--"], ["check"], []):
        assert quick.parse(args) is None, args


SAME_ARGS = [
    [],
    ["--format", "json"],
    ["-f", "markdown", "--full"],
    ["--format=html", "--lang", "en"],
    ["--from", "2024-03-01", "--to", "30/06/2024", "--read-only"],
    ["--as-of", "today"],
    ["--as-of", "2024-05-31", "--lang=EN"],
    ["--from", "2024-12-01"],  # after the as-of day: the period is that one day
    # refused: the quick path hands these to typer, which says why
    ["--lang", "fr"],
    ["--format", "docx"],
    ["--from", "31/02/2024"],
    ["--from", "2024-06-30", "--to", "2024-06-01"],
    ["--to", "2023-06-01"],  # before the default period's start: only the store can tell
    ["--as-of", "yesterday"],
    ["--bogus"],
    ["--help"],
]


@pytest.mark.slow
@pytest.mark.parametrize("args", SAME_ARGS, ids=lambda args: " ".join(args) or "plain")
def test_both_paths_print_the_same(tmp_path: Path, demo_db: Path, args: list[str]):
    argv = ["summary", "--db", demo_db, *args]
    fast, slow = run(QUICK, *argv, cwd=tmp_path), run(TYPER, *argv, cwd=tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert fast.stdout or fast.stderr


def test_errors_and_written_files_are_the_same(tmp_path: Path, demo_db: Path):
    for name, code in (("quick", QUICK), ("typer", TYPER)):
        out = tmp_path / f"{name}.md"
        written = run(code, "summary", "--db", demo_db, "-o", out, cwd=tmp_path)
        missing = run(code, "summary", "--db", tmp_path / "none.json", "--read-only", cwd=tmp_path)
        onto_store = run(code, "summary", "--db", demo_db, "--output", demo_db, cwd=tmp_path)
        runs = [(r.returncode, r.stdout, r.stderr.replace(name.encode(), b"NAME"))
                for r in (written, missing, onto_store)]
        if name == "quick":
            first, first_file = runs, out.read_bytes()
    assert runs == first and out.read_bytes() == first_file
    assert first[0][0] == 0 and first[1][0] == 2 and first[2][0] == 1


def test_a_damaged_store_ends_alike(tmp_path: Path, demo_db: Path):
    demo_db.write_text("{ not json", encoding="utf-8")
    fast, slow = (run(code, "summary", "--db", demo_db, cwd=tmp_path) for code in (QUICK, TYPER))
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert fast.returncode == 2 and fast.stderr.startswith(b"qms: ")


@pytest.mark.parametrize(("args", "typer_loaded"), [
    (["summary", "--format", "text", "--read-only"], False),
    (["summary", "--help"], True),
    (["summary", "--lang", "fr"], True),
])
def test_which_path_runs(tmp_path: Path, demo_db: Path, args: list[str], typer_loaded: bool):
    out = tmp_path / "typer.json"
    run(PATH_TAKEN, out, *args, "--db", demo_db, cwd=tmp_path)
    assert json.loads(out.read_text()) is typer_loaded
