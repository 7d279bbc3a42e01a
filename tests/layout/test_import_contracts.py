"""The import contracts of ``pyproject.toml`` (run by ``make test`` as ``lint-imports``) hold on the code,
and break on a deliberate violation: a copy of the package with one bad import makes ``lint-imports`` fail
naming the contract. Also what the contracts cannot see: a store transaction opened by the CLI or the TUI."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}  # the copy shadows the installed package
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package and its contracts, to break."""
    root = tmp_path_factory.mktemp("contracts")
    shutil.copytree(ROOT / "qms_tui", root / "qms_tui", ignore=shutil.ignore_patterns("__pycache__", "*.json"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


VIOLATIONS = {
    "textual outside the TUI": ("qms_tui/services/bad.py", "import textual.app\n",
                                "Only qms_tui.tui imports Textual BROKEN"),
    "the CLI importing the store's transaction": ("qms_tui/cli/bad.py", "from qms_tui.store.tx import Transaction\n",
                                                  "never import the store's write API BROKEN"),
    "a screen importing a TUI module from the CLI": ("qms_tui/cli/bad.py", "from qms_tui.tui.app import QmsApp\n",
                                                     "only through qms_tui.tui.launch BROKEN"),
    "the domain importing the store": ("qms_tui/domain/bad.py", "from qms_tui.store import Store\n",
                                       "outside the domain BROKEN"),
    "the store importing the CLI": ("qms_tui/store/bad.py", "from qms_tui.cli.text import say\n",
                                    "Layers: domain < store < services < cli | tui BROKEN"),
}


def test_the_code_keeps_every_contract(tree: Path):
    run = lint_imports(tree)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize("case", VIOLATIONS, ids=list(VIOLATIONS))
def test_a_deliberate_violation_fails(tree: Path, case: str):
    path, source, broken = VIOLATIONS[case]
    bad = tree / path
    bad.write_text(source, encoding="utf-8")
    try:
        run = lint_imports(tree)
    finally:
        bad.unlink()
    assert run.returncode != 0
    assert broken in run.stdout, run.stdout


def test_ruff_refuses_the_transaction_name_outside_the_writers(tmp_path: Path):
    """``from qms_tui.store import Transaction`` is an import of ``qms_tui.store`` to import-linter: ruff's
    banned-api catches the name (the services, the store and the import may use it)."""
    ruff = Path(sys.executable).with_name("ruff")
    source = "from qms_tui.store import Transaction\n\n__all__ = ['Transaction']\n"
    for where, refused in (("qms_tui/tui/forms/bad.py", True), ("qms_tui/services/bad.py", False)):
        run = subprocess.run([str(ruff), "check", "--config", str(ROOT / "pyproject.toml"), "--stdin-filename",
                              str(ROOT / where), "-"], input=source, capture_output=True, text=True, timeout=60)
        assert ("TID251" in run.stdout) is refused, (where, run.stdout)


def _transaction_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("transaction", "write_version", "locked")]


def test_neither_the_cli_nor_the_tui_opens_a_store_transaction():
    """Only services write: a ``store.transaction()`` in a command or a screen would bypass their checks."""
    found = [hit for package in ("cli", "tui") for path in sorted((ROOT / "qms_tui" / package).rglob("*.py"))
             for hit in _transaction_calls(path)]
    assert found == []
    assert _transaction_calls(ROOT / "qms_tui" / "services" / "records.py")  # the scan sees a real one
