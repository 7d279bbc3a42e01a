"""The ``qms`` command: opens the TUI with no subcommand; ``init``, ``summary``, ``check`` and more.

User mistakes end with one clear line on stderr and an exit code (1: invalid input or data,
2: the store cannot be used), never a traceback.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from .cli_calendar import calendar_app
from .cli_common import ROOT_OPTIONS, choose_language, emit, open_for_command, option_date
from .cli_improvement import audit_app, clauses_command, nc_app, review_app, review_pack_command
from .cli_report import report_app
from .domain.qms import Period, Qms
from .domain.validation import check as check_store
from .reports import export
from .reports.summary import render_summary
from .store import Store, StoreError, ValidationError, create_store, resolve_path

app = typer.Typer(
    help="Review a TCVN ISO 9001:2015 quality management system from the terminal.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="The store file (default: $QMS_DB, else the per-user store).", show_default=False),
]
ReadOnlyOption = Annotated[bool, typer.Option("--read-only", help="Open the store for viewing only.")]
DateOption = Annotated[str | None, typer.Option(help="A date as YYYY-MM-DD or dd/mm/yyyy.", show_default=False)]
LangOption = Annotated[str | None, typer.Option("--lang", help="vi or en (default: $QMS_LANG, else vi).")]


def _date(value: str | None, name: str) -> date | None:
    return option_date(value, name)


def _period(qms: Qms, start: str | None, end: str | None) -> Period:
    default = qms.default_period()
    first = _date(start, "--from") or default.start
    last = _date(end, "--to") or (default.end if first <= default.end else first)
    try:
        return Period(first, last)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--from/--to") from None


def _open(db: str | None, read_only: bool = False, as_of: str | None = None) -> Store:
    return open_for_command(db, read_only, as_of)


@app.callback(invoke_without_command=True)
def main_callback(ctx: typer.Context, db: DbOption = None, read_only: ReadOnlyOption = False) -> None:
    """With no command, open the TUI on the chosen store."""
    ROOT_OPTIONS.update(db=db, read_only=read_only)
    if ctx.invoked_subcommand is not None:
        return
    from .app import make_app  # imported here so that CLI commands never load Textual

    store = _open(db, read_only)
    make_app(store).run()


@app.command()
def init(
    db: DbOption = None,
    demo: Annotated[bool, typer.Option("--demo/--empty", help="Start from the demo data or empty.")] = True,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing store.")] = False,
) -> None:
    """Create a store: a copy of the demo QMS (default) or an empty one."""
    path = resolve_path(db)
    create_store(path, demo=demo, overwrite=force)
    typer.echo(f"created {'demo' if demo else 'empty'} store {path}")


@app.command()
def summary(
    db: DbOption = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: 1 January).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: the as-of date).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Count as if today were this day.")] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help=f"One of {', '.join(export.FORMATS)}.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    lang: LangOption = None,
    read_only: ReadOnlyOption = False,
) -> None:
    """The one-page status for a meeting: dossiers, risks, training, procedures, findings."""
    language = choose_language(lang)
    fmt = export.format_for(output, fmt)
    if fmt not in export.FORMATS:
        raise typer.BadParameter(f"{fmt!r}: choose one of {', '.join(export.FORMATS)}", param_hint="--format")
    store = _open(db, read_only, as_of)
    qms = store.snapshot()
    period = _period(qms, start, end)
    text = _render_summary(qms, period, fmt, language)
    emit(text, output)


def _render_summary(qms: Qms, period: Period, fmt: str, lang: str) -> str:
    return render_summary(qms, period, fmt, lang)


@app.command()
def check(
    db: DbOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Findings also make the exit code 1.")] = False,
    read_only: ReadOnlyOption = False,
) -> None:
    """Validate the store (schema, references, dates, reconciliation) and list compliance findings."""
    store = _open(db, read_only)
    qms = store.snapshot()
    problems = check_store(qms)
    findings = qms.findings()
    for problem in problems:
        typer.echo(f"error: {problem}")
    for finding in findings:
        typer.echo(f"warning: {finding.code}: {finding.message}")
    if not problems and not findings:
        typer.echo(f"ok: {store.path} is valid and consistent; no findings")
    elif not problems:
        typer.echo(f"ok: {store.path} is valid and consistent; {len(findings)} finding(s)")
    if problems or (strict and findings):
        raise typer.Exit(1)


# -- data entry: import/export, edits, the change log (qms_tui/cli_data.py) --------------------------
from .cli_data import SUB_APPS as _DATA_APPS  # noqa: E402
from .cli_data import log_command as _log_command  # noqa: E402

for _name, _sub_app in _DATA_APPS.items():
    app.add_typer(_sub_app, name=_name)
app.command("log")(_log_command)


app.add_typer(report_app, name="report")
app.add_typer(calendar_app, name="calendar")
app.add_typer(audit_app, name="audit")
app.add_typer(nc_app, name="nc")
app.add_typer(review_app, name="review")
app.command("review-pack")(review_pack_command)
app.command("clauses")(clauses_command)


def main() -> None:
    """Entry point: turns store and validation errors into one line and an exit code."""
    try:
        app()
    except StoreError as exc:
        typer.echo(f"qms: {exc}", err=True)
        sys.exit(exc.exit_code)
    except ValidationError as exc:
        typer.echo(f"qms: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
