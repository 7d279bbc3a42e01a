"""The ``qms`` command: opens the TUI with no subcommand; ``init``, ``summary``, ``check`` and more.

This package's top imports nothing: ``main()`` first offers the arguments to the quick path
(``cli/quick.py``: ``qms summary`` with plain options, run without typer or click, which cost a tenth of a
second per run), and else runs the whole typer app (``cli/root.py``), which answers everything else, help
and usage errors included, as before. The app's names (``app``, ``COMMANDS``, ``command_named``,
``build_app``…) are read from ``cli/root.py`` when first asked for.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any


def main() -> None:
    """Entry point (the ``qms`` console script, ``python -m qms_tui``)."""
    from qms_tui.cli.quick import run_quick

    if not run_quick(sys.argv[1:]):
        importlib.import_module("qms_tui.cli.root").main()


def __getattr__(name: str) -> Any:
    """The typer app's names (``from qms_tui.cli import app``, ``cli.COMMANDS``), from ``cli/root.py``."""
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module("qms_tui.cli.root"), name)
