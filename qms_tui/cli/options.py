"""The options every ``qms`` command declares alike (``--db``, ``--read-only``, ``--as-of``, ``--format``, a
record's code, a date), as typer annotations: kept apart from ``cli/common.py`` so that what commands *do*
can run without typer (``qms summary``'s quick path, ``cli/quick.py``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer


def opt(*names: str, help: str, metavar: str | None = None) -> Any:
    """A ``typer.Option`` as the commands declare theirs: no default shown (the help says it)."""
    return typer.Option(*names, help=help, metavar=metavar, show_default=False)


def date_opt(help: str, name: str = "--date") -> Any:
    """A date option (dd/mm/yyyy or YYYY-MM-DD, read by the services or ``option_date``) with its help."""
    return Annotated[str | None, opt(name, help=help, metavar="DATE")]


DbOption = Annotated[
    str | None,
    typer.Option("--db", help="The store file (default: $QMS_DB, else the per-user store).", show_default=False),
]
ReadOnlyOption = Annotated[bool, typer.Option("--read-only", help="Open the store for viewing only.")]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Count as if today were this day; 'today': the clock's date, not the store's "
                 "pinned one (the demo's 01/09/2024); 'pinned': the pinned one (default: $QMS_AS_OF, else "
                 "as_of of the settings file, else pinned).", show_default=False),
]

FormatOption = Annotated[str, typer.Option("--format", "-f", help="text or json.")]
CodeArg = Annotated[str, typer.Argument(help="The record's code.", show_default=False)]
DateOpt = date_opt("The day (default: the store's today).")

