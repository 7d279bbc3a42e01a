"""``qms init``, ``qms summary`` and ``qms check``: create a store, print its one-page status, validate it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import AsOfOption, DbOption, ReadOnlyOption, choose_language, emit, open_for_command, option_date
from .domain.qms import Period, Qms
from .domain.validation import check as check_store
from .reports.formats import FORMATS, format_for
from .store import Store, create_store, resolve_path

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


def _open(db: str | None, read_only: bool = False, as_of: str | None = None, output: Path | None = None) -> Store:
    return open_for_command(db, read_only, as_of, output)


def init(
    db: DbOption = None,
    demo: Annotated[bool, typer.Option("--demo/--empty", help="Start from the demo data or empty.")] = True,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing store (kept as its newest backup).")
    ] = False,
) -> None:
    """Create a store: a copy of the demo QMS (default) or an empty one."""
    path = resolve_path(db)
    replacing = path.exists()
    create_store(path, demo=demo, overwrite=force)
    typer.echo(f"created {'demo' if demo else 'empty'} store {path}")
    if replacing:
        typer.echo(f"the store it replaced is kept as {Store(path).newest_backup()}")


def summary(
    db: DbOption = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: 1 January).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: the as-of date).")] = None,
    as_of: AsOfOption = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    lang: LangOption = None,
    read_only: ReadOnlyOption = False,
    full: Annotated[bool, typer.Option("--full", help="Every overdue or soon-due dossier and every untrained "
                                       "person, beyond one page.")] = False,
) -> None:
    """The one-page status for a meeting: dossiers, risks, training, procedures, findings."""
    language = choose_language(lang)
    fmt = format_for(output, fmt)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r}: choose one of {', '.join(FORMATS)}", param_hint="--format")
    store = _open(db, read_only, as_of, output)
    qms = store.snapshot()
    period = _period(qms, start, end)
    text = _render_summary(qms, period, fmt, language, full)
    emit(text, output, store)


def _render_summary(qms: Qms, period: Period, fmt: str, lang: str, full: bool = False) -> str:
    from .reports.summary import render_summary  # imported here: start-up time of one-shot commands

    return render_summary(qms, period, fmt, lang, full)


def check(
    db: DbOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Findings and setup steps left also make the exit code 1.")
    ] = False,
    read_only: ReadOnlyOption = False,
) -> None:
    """Validate the store (schema, references, dates, reconciliation) and list compliance findings.

    A new store's missing pieces (organisation, units, fields, procedures, staff) are listed as setup
    steps: not errors, so the exit code stays 0 unless --strict."""
    from .domain.setup import setup_steps

    store = _open(db, read_only)
    qms = store.snapshot()
    steps = setup_steps(qms)
    problems = check_store(qms)
    findings = qms.findings()
    for step in steps:
        typer.echo(f"setup: {step}")
    for problem in problems:
        typer.echo(f"error: {problem}")
    for finding in findings:
        typer.echo(f"warning: {finding.code}: {finding.message}")
    if not problems:
        left = f"; {len(steps)} setup step(s) left" if steps else ""
        found = f"{len(findings)} finding(s)" if findings else "no findings"
        typer.echo(f"ok: {store.path} is valid and consistent{left}; {found}")
    if problems or (strict and (findings or steps)):
        raise typer.Exit(1)
