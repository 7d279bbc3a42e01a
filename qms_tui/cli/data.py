"""``qms import``, ``qms export`` and ``qms log``: dossiers in and out of files, the store as a file, the
change log.

Each command is a thin shell over ``qms_tui.importing`` and the store; the register commands are in
``registers.py``, the dossier commands in ``dossier.py``. Errors reach ``cli.main()`` as ``ValidationError``
(exit 1) or ``StoreError`` (exit 2). ``--db`` and ``--read-only`` may be given before the command too
(``qms --db x.json --read-only export ...``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qms_tui.cli.common import choose_format, emit, open_for_command
from qms_tui.cli.options import DbOption, ReadOnlyOption, opt
from qms_tui.cli.text import error_line, in_language, say
from qms_tui.domain.problems import Fault
from qms_tui.domain.safety import visible
from qms_tui.locale import nwords, words
from qms_tui.outputs import write_output
from qms_tui.services.common import parse_day, problem_of

if TYPE_CHECKING:
    from qms_tui.importing import CsvTable
    from qms_tui.importing.dossiers import Progress


# -- import / export --------------------------------------------------------------------------------

import_app = typer.Typer(help="Import records from files.", no_args_is_help=True)
export_app = typer.Typer(help="Export records to files.", no_args_is_help=True)

PROGRESS_MIN_LINES = 5000
"""Smaller files import too fast to need a progress bar."""


@contextlib.contextmanager
def _progress(table: CsvTable) -> Iterator[Progress | None]:
    """A Rich progress bar on stderr, only on a terminal (never in CI logs or pipes)."""
    if not sys.stderr.isatty() or table.line_count < PROGRESS_MIN_LINES:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"checking {Path(table.file).name} (lines)", total=table.line_count)
        yield lambda done: bar.update(task, completed=done)


@import_app.command("dossiers")
def import_dossiers_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        help="A CSV file, an Excel workbook (.xlsx, .xls), an .ods, or the HTML table some systems save as .xls.",
        show_default=False)],
    db: DbOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    sheet: Annotated[str | None, opt("--sheet", help="The workbook sheet (or HTML table) to read"
                                      " (default: the first sheet).", metavar="NAME")] = None,
    encoding: Annotated[str | None, opt("--encoding", help="The CSV's text encoding, e.g. cp1258 (default:"
                                         " UTF-8, else Windows-1258/1252 with a note).", metavar="NAME")] = None,
    channel: Annotated[str | None, opt("--channel", help="The channel of rows without one (online, direct,"
                                        " postal); without it such dossiers are 'unknown'.", metavar="CHANNEL")] = None,
    mapping: Annotated[Path | None, opt("--mapping", help="A TOML or JSON file: header → column, and per column"
                                         " value → canonical value.", metavar="FILE")] = None,
    show_mapping: Annotated[bool, typer.Option(
        "--show-mapping", help="Print how each column and value is understood; write nothing.")] = False,
    max_size: Annotated[int, opt("--max-size", help="Refuse files larger than this many MB (default 200).",
                                  metavar="MB")] = 200,
) -> None:
    """Import dossiers from a one-stop-shop export: added or updated by code, all rows or none.

    Columns: code, procedure, channel, received, due, finished, outcome, pauses, or the systems' names
    (Mã hồ sơ, Mã thủ tục / Mã TTHC / Tên thủ tục hành chính, Hình thức nộp, Ngày tiếp nhận, Ngày hẹn trả,
    Ngày trả kết quả, Trạng thái, Ngày cập nhật). The procedure is matched by its code, its national TTHC
    code or its name. Title rows, two-row headers, a column-number row and totals rows are skipped.
    Applicant columns (name, ID number, phone, address, e-mail) are never read. Dates dd/mm/yyyy (with a
    time), d-m-Y or YYYY-MM-DD. An empty due date is computed from the procedure's statutory working days.
    Any bad row aborts the import: every problem is listed as FILE:LINE (CSV) or FILE:SHEET:ROW.
    """
    # imported here: start-up time of one-shot commands (the other commands of this module need no CSV)
    from qms_tui.domain.vocabulary import channel_from_text
    from qms_tui.importing import CsvError, CsvProblems, ImportOptions, import_dossiers, read_dossier_file
    from qms_tui.importing.mapping import load_mapping

    try:
        if max_size < 1:
            raise CsvError(Fault("imp_bad_max_size", size=max_size))
        try:
            given_channel = channel_from_text(channel) if channel is not None else None
        except ValueError as exc:
            raise CsvError(Fault("imp_bad_channel_option", why=problem_of(exc))) from None
        rules = load_mapping(mapping) if mapping is not None else None
        options = ImportOptions(channel=given_channel, mapping=rules)
        table = read_dossier_file(file, sheet=sheet, encoding=encoding, mapping=rules,
                                  max_bytes=max_size * 1024 * 1024)
        if show_mapping:
            from qms_tui.importing.explain import explain_mapping

            store = open_for_command(db, read_only=True)
            for line in explain_mapping(table, store.load(), options):
                typer.echo(line)
            typer.echo(words("cli_show_mapping_wrote_nothing"))
            return
        store = open_for_command(db, read_only=dry_run)
        with _progress(table) as progress:
            plan = import_dossiers(store, table, dry_run=dry_run, progress=progress, options=options)
    except CsvProblems as exc:
        for problem in exc.problems:
            say(problem, err=True)
        say(error_line(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except CsvError as exc:
        say(error_line(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    for note in plan.notes:
        typer.echo(words("cli_note", note=visible(in_language(note), one_line=True)), err=True)
    if plan.ignored_columns:
        ignored = ", ".join(visible(name, one_line=True) for name in plan.ignored_columns)
        say(words("cli_note", note=nwords("cli_ignored_columns", len(plan.ignored_columns), names=ignored)), err=True)
    if dry_run:
        for change in plan.samples:
            say(f"  {in_language(change)}")
        if plan.changes > len(plan.samples):
            say("  " + nwords("cli_and_more", plan.changes - len(plan.samples)))
        say(words("cli_dry_run", file=table.file, summary=in_language(plan.summary())))
    else:
        say(f"{table.file}: {in_language(plan.summary())}")


@export_app.command("dossiers")
def export_dossiers_command(
    ctx: typer.Context,
    fmt: Annotated[str | None, opt("--format", "-f", help="csv (default) or json.", metavar="FORMAT")] = None,
    output: Annotated[Path | None, opt("--output", "-o", help="Write to this file (default: stdout).")] = None,
    bom: Annotated[bool, typer.Option("--bom", help="Start the CSV with a byte-order mark (for Excel).")] = False,
    db: DbOption = None,
    read_only: ReadOnlyOption = False,
) -> None:
    """Export every dossier as canonical CSV (UTF-8, comma, ISO dates) or JSON; re-importable as is."""
    from qms_tui.reports.formats import renderer  # imported here: start-up time of one-shot commands

    fmt = choose_format("dossiers", output, fmt)
    store = open_for_command(db, read_only, output=output)  # a refused output is refused before any reading
    dossiers = store.snapshot().dossiers
    text = renderer("dossiers")(dossiers, fmt, bom=bom)
    if output is None:
        emit(text, None)
        return
    write_output(output, text, store)
    say(nwords("cli_wrote_dossiers", len(dossiers), path=output), err=True)


@export_app.command("store")
def export_store_command(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(help="The file to write.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    db: DbOption = None,
    read_only: ReadOnlyOption = False,
) -> None:
    """Copy the whole store to one self-contained TinyDB file, to keep or move (the store itself is a file
    and its .shards folder). Open the copy with --db; its first write splits it into shards again."""
    store = open_for_command(db, read_only, output=target)
    tables = store.copy_to(target, overwrite=force)
    logged = len(tables.get("changelog", {}))
    counts = ", ".join((nwords("cli_n_dossiers", len(tables.get("dossiers", {}))),
                        nwords("cli_n_procedures", len(tables.get("procedures", {}))),
                        nwords("cli_n_log_entries", logged)))
    say(words("cli_wrote_store", path=target, counts=counts))


# -- the change log -------------------------------------------------------------------------------------


def log_command(
    ctx: typer.Context,
    since: Annotated[str | None, opt("--since", help="Only changes on or after this day.", metavar="DATE")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show the last N changes (0: all).")] = 50,
    db: DbOption = None,
    read_only: ReadOnlyOption = False,
) -> None:
    """Who changed what, and when (oldest first, newest last)."""
    first = None
    if since is not None:
        first = parse_day("log", "since", since, date.min).isoformat()
    raw = open_for_command(db, read_only).table("changelog")
    entries = [doc for _, doc in sorted(raw.items(), key=lambda item: int(item[0]) if item[0].isdigit() else 0)]
    if first:
        entries = [e for e in entries if str(e.get("at", ""))[:10] >= first]
    total = len(entries)
    if limit > 0:
        entries = entries[-limit:]
    if not entries:
        say(words("cli_no_changes_since", since=since) if since else words("cli_no_changes"))
        return
    rows = [
        tuple(visible(cell, one_line=True) for cell in (
            _when(str(e.get("at", ""))), str(e.get("user", "")), str(e.get("action", "")), str(e.get("table", "")),
            str(e.get("record", "")), str(e.get("summary", ""))))
        for e in entries
    ]  # fmt: skip  # a hand-edited log entry prints as text, one line each
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        say("  ".join([*(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])), row[5]]).rstrip())
    if total > len(entries):
        say(nwords("cli_log_limited", total, shown=len(entries)), err=True)


def _when(at: str) -> str:
    try:
        return datetime.fromisoformat(at).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return at


