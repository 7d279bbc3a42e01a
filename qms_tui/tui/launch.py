"""The one way into the TUI from the command line: ``qms`` with no command opens the app, ``qms rollup`` on
a terminal opens the province screen.

The CLI imports this module inside the functions that need it, and only it (an import contract in
``pyproject.toml`` says so): every other ``qms`` command starts without loading Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qms_tui.store import Store


def run_app(store: Store, theme: str | None = None) -> None:
    """Open the app on ``store`` until the user quits; a store found damaged once open is reported as one
    found so before (the error propagates to the CLI)."""
    from qms_tui.tui.app import make_app

    app = make_app(store, theme=theme)
    app.run()
    if app.load_error is not None:
        raise app.load_error


def run_province(result: Any, language: str) -> None:
    """Open the province roll-up screen on ``result`` (``rollup.RollUp``)."""
    from qms_tui.tui.province_app import run_province as run

    run(result, language)
