"""What every ``qms`` command shares: the store options and how a command opens its store."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from qms_tui.domain.dates import parse_date
from qms_tui.store import Store, open_store

if TYPE_CHECKING:
    from qms_tui.services.common import EditResult


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
                 "pinned one (the demo's 01/09/2024).", show_default=False),
]

FormatOption = Annotated[str, typer.Option("--format", "-f", help="text or json.")]
CodeArg = Annotated[str, typer.Argument(help="The record's code.", show_default=False)]
DateOpt = date_opt("The day (default: the store's today).")

ROOT_OPTIONS: dict[str, object] = {"db": None, "read_only": False, "theme": None}
"""``--db`` and ``--read-only`` given before the command (``qms --db X summary``); set by the root callback."""


def option_date(value: str | None, name: str) -> date | None:
    """A date option (YYYY-MM-DD or dd/mm/yyyy); a bad one is a usage error naming the option."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=name) from None


def given(**values: Any) -> dict[str, Any]:
    """The options the user gave (``None`` or an empty list: not given)."""
    return {k: v for k, v in values.items() if v is not None and v != []}


def done(result: EditResult) -> None:
    """Say what a write did (``table code: summary``)."""
    from qms_tui.cli.text import say

    say(str(result))


def open_for_command(
    db: str | None = None, read_only: bool = False, as_of: str | None = None, output: Path | None = None
) -> Store:
    """The store of ``--db`` given to the command or before it (``qms --db X summary``), read-only if
    ``--read-only`` was given anywhere; ``as_of`` counts as if today were that day, ``today`` as of the
    clock's date even where the store pins one (nothing is saved).

    ``output`` (``-o``) is refused at once if it may not be written (``outputs.output_problem``: the
    store's own files, a device, a FIFO, a folder), before the store is read."""
    root_db = ROOT_OPTIONS["db"]
    read_only = read_only or bool(ROOT_OPTIONS["read_only"])
    store = open_store(db or (str(root_db) if root_db else None), read_only=read_only, load=False)
    if output is not None:
        from qms_tui.outputs import check_output

        check_output(output, store)
    if as_of is not None and as_of.strip().lower() == "today":
        store.follow_clock = True  # the store's clock: the real date, or the one a test gives
    else:
        try:
            store.as_of = option_date(as_of, "--as-of")
        except typer.BadParameter as exc:
            raise typer.BadParameter(f"{exc.message}, or today", param_hint="--as-of") from None
    return store


def emit(text: str, output: Path | None, store: Store | None = None) -> None:
    """Print ``text``, or write it to ``output`` (UTF-8, whole or not at all) and say so on stderr.

    ``output`` may not be ``store``'s file, lock, shards or backups, nor a device, FIFO or folder
    (``outputs.output_problem``). A failed write to stdout (``> /dev/full``, a closed pipe) ends in
    ``cli.main``, as one line or quietly.
    """
    if output is None:
        if sys.stdout is None:  # started with stdout closed (``qms summary >&-``)
            from qms_tui.outputs import OutputError

            raise OutputError("cannot write standard output: it is closed")
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    emit_bytes(text.encode("utf-8"), output, store)


def emit_bytes(content: bytes, output: Path, store: Store | None = None) -> None:
    """Write a file (text as UTF-8, or a .docx) to ``output`` whole or not at all and say so on stderr.

    The bytes go to a temp file beside ``output`` that replaces it once complete: a failure leaves no
    half-written file (and an earlier ``output`` as it was, its mode kept)."""
    from qms_tui.outputs import replace_output

    replace_output(output, content, store)
    typer.echo(f"wrote {output}", err=True)


def choose_language(value: str | None) -> str:
    """``--lang``, else ``$QMS_LANG``, else Vietnamese."""
    from qms_tui.i18n import LANGS, default_lang  # imported here: start-up time of one-shot commands

    lang = (value or default_lang()).lower()
    if lang not in LANGS:
        raise typer.BadParameter(f"{value!r}: choose vi or en", param_hint="--lang")
    return lang
