"""What every ``qms`` command shares: how a command opens its store, reads its dates, language and format, and
writes its output.

Typer is not imported here (its options are declared in ``cli/options.py``; a usage error imports it when
raised): ``qms summary``'s quick path (``cli/quick.py``) runs these without loading typer or click."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from qms_tui.domain.dates import parse_date
from qms_tui.locale import words
from qms_tui.store import Store, open_store

if TYPE_CHECKING:
    from qms_tui.services.common import EditResult


ROOT_OPTIONS: dict[str, object] = {"db": None, "read_only": False, "theme": None, "lang": None, "as_of": None}
"""``--db``, ``--read-only``, ``--theme``, ``--lang`` and ``--as-of`` given before the command (``qms --db X
summary``); set by the root callback."""


def option_date(value: str | None, name: str) -> date | None:
    """A date option (YYYY-MM-DD or dd/mm/yyyy); a bad one is a usage error naming the option."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        from qms_tui.cli.text import in_language

        usage_error(in_language(exc.args[0] if exc.args else exc), name)


def given(**values: Any) -> dict[str, Any]:
    """The options the user gave (``None`` or an empty list: not given)."""
    return {k: v for k, v in values.items() if v is not None and v != []}


def done(result: EditResult) -> None:
    """Say what a write did (``table code: summary``)."""
    from qms_tui.cli.text import say

    say(result)


def open_for_command(
    db: str | None = None, read_only: bool = False, as_of: str | None = None, output: Path | None = None
) -> Store:
    """The store of ``--db`` given to the command or before it (``qms --db X summary``), read-only if
    ``--read-only`` was given anywhere; ``as_of`` counts as if today were that day, ``today`` as of the
    clock's date even where the store pins one, ``pinned`` as of the pinned one; without ``--as-of``,
    ``$QMS_AS_OF`` or the settings file's ``as_of`` says which (nothing is saved).

    ``output`` (``-o``) is refused at once if it may not be written (``outputs.output_problem``: the
    store's own files, a device, a FIFO, a folder), before the store is read."""
    root_db = ROOT_OPTIONS["db"]
    read_only = read_only or bool(ROOT_OPTIONS["read_only"])
    store = open_store(db or (str(root_db) if root_db else None), read_only=read_only, load=False)
    if output is not None:
        from qms_tui.outputs import check_output

        check_output(output, store)
    from qms_tui.config import as_of_mode

    mode = as_of_mode(as_of or _root_str("as_of")).value or "pinned"
    if mode.strip().lower() == "today":
        store.follow_clock = True  # the store's clock: the real date, or the one a test gives
    elif mode.strip().lower() != "pinned":
        try:
            store.as_of = parse_date(mode)
        except ValueError as exc:
            from qms_tui.cli.text import in_language

            usage_error(words("cli_or_today_or_pinned", why=in_language(exc.args[0] if exc.args else exc)), "--as-of")
    return store


def _root_str(key: str) -> str | None:
    value = ROOT_OPTIONS.get(key)
    return str(value) if value else None


def emit(content: str | bytes, output: Path | None, store: Store | None = None) -> None:
    """Print ``content``, or write it to ``output`` whole or not at all and say so on stderr.

    Written by ``outputs.write_output``, the one file writer (the TUI's exports too): text as UTF-8, bytes
    (a .docx) as they are, to a temp file beside ``output`` that replaces it once complete, so a failure
    leaves no half-written file (and an earlier ``output`` as it was, its mode kept). ``output`` may not be
    ``store``'s file, lock, shards or backups, nor a device, FIFO or folder (``outputs.output_problem``). A
    failed write to stdout (``> /dev/full``, a closed pipe) ends in ``cli.main``, as one line or quietly.
    """
    if output is not None:
        from qms_tui.outputs import write_output

        write_output(output, content, store)
        import typer  # only for this line on stderr: the quick path writes to stdout

        typer.echo(words("cli_wrote", path=output), err=True)
        return
    if sys.stdout is None or isinstance(content, bytes):  # stdout closed (``qms summary >&-``), or a .docx
        from qms_tui.domain.problems import Fault
        from qms_tui.outputs import OutputError

        if sys.stdout is None:
            raise OutputError(Fault("out_stdout_closed"))
        raise OutputError(Fault("out_stdout_binary"))
    sys.stdout.write(content)
    sys.stdout.flush()


def choose_format(content: str, output: Path | None, requested: str | None) -> str:
    """The format of ``content`` for ``--format``/``-o`` (``formats.choose_format``); a usage error if the
    content is not made in it."""
    from qms_tui.reports.formats import FormatError
    from qms_tui.reports.formats import choose_format as choose

    try:
        return choose(content, output, requested)
    except FormatError as exc:
        from qms_tui.cli.text import in_language

        usage_error(in_language(exc.args[0]), "--format")


def choose_language(value: str | None) -> str:
    """``--lang`` (of the command, else before it), else ``$QMS_LANG``, else the settings file, else Vietnamese."""
    from qms_tui.i18n import LANGS, default_lang  # imported here: start-up time of one-shot commands
    from qms_tui.locale import use

    value = value or _root_str("lang")
    lang = (value or default_lang()).lower()
    if lang not in LANGS:
        usage_error(words("cli_choose_lang", value=repr(value)), "--lang")
    use(lang)  # the command's errors and notes too
    return lang


def completing() -> bool:
    """Shell completion (``_QMS_COMPLETE=…``): it completes over every command."""
    return any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)


def usage_error(message: str, option: str) -> NoReturn:
    """Raise click's usage error for a bad ``option`` value (``typer.BadParameter``, imported only then)."""
    import typer

    raise typer.BadParameter(message, param_hint=option) from None
