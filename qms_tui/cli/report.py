"""``qms report``: the annual report to the Department of Science and Technology, and ``qms report edit``.

``qms report --year 2024`` prints (or writes) the report in the seed's layout; ``-o report.docx`` writes it
as a Word file (never printed). ``qms report edit --year 2024`` opens ``$EDITOR`` on the year's narrative
(assessment, difficulties, recommendations, number and date), reads it back and saves it in one locked
store transaction. A file that cannot be read back saves nothing and is kept, so the user loses no typing.

Mistakes end with one ``qms: …`` line on stderr and exit code 1; store problems go up to ``cli.main``.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from qms_tui.cli.common import choose_format, choose_language, emit, open_for_command, option_date
from qms_tui.cli.options import AsOfOption, DbOption
from qms_tui.cli.text import error_line, in_language, say
from qms_tui.domain.problems import Fault
from qms_tui.domain.qms import Period, Qms
from qms_tui.locale import words
from qms_tui.reports.annual import (
    REPORT_FORMATS,
    ReportError,
    build_report,
    default_period,
    render_report_content,
)
from qms_tui.reports.formats import is_binary
from qms_tui.services.narrative import NarrativeEditError, edit_narrative
from qms_tui.store import Store

report_app = typer.Typer(
    help="The annual QMS report to the Department of Science and Technology (Sở KH&CN).",
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

YearOption = Annotated[
    int | None, typer.Option("--year", "-y", help="The report's year (default: the as-of year).", show_default=False)
]


def fail(message: object, code: int = 1) -> typer.Exit:
    """Print one ``qms: …`` line on stderr; the caller raises the returned ``Exit``."""
    say(error_line(message), err=True)
    return typer.Exit(code)


def _open(db: str | None, read_only: bool = False, as_of: str | None = None, output: Path | None = None) -> Store:
    return open_for_command(db, read_only, as_of, output)


def _year(qms: Qms, year: int | None) -> int:
    year = year or qms.today.year
    if not 2000 <= year <= 2100:
        raise typer.BadParameter(words("cli_not_a_year_such_as", year=year), param_hint="--year")
    return year


def report_period(qms: Qms, year: int, start: str | None, end: str | None) -> Period:
    """``--from``/``--to`` over the default period (1 January to the report's date or as-of date)."""
    try:
        default = default_period(qms, year, qms.report_text(year))
    except ReportError:
        if start is None:
            raise
        default = Period(date(year, 1, 1), date(year, 1, 1))
    first = option_date(start, "--from") or default.start
    last = option_date(end, "--to") or max(default.end, first)
    try:
        return Period(first, last, str(year))
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--from/--to") from None


@report_app.callback(invoke_without_command=True)
def report(
    ctx: typer.Context,
    year: YearOption = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: 1 January).")] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day (default: the report's date or the as-of date, earlier).")
    ] = None,
    as_of: AsOfOption = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help=f"One of {', '.join(REPORT_FORMATS)}.", show_default=False)
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="vi or en (default: $QMS_LANG, else vi).")] = None,
    db: DbOption = None,
) -> None:
    """Make the year's report in the layout of Decree 30/2020/NĐ-CP (text, markdown, html; docx with -o FILE.docx)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"year": year, "db": db}
        return
    language = choose_language(lang)
    fmt = choose_format("report", output, fmt)
    if is_binary(fmt) and output is None:
        raise fail(Fault("p_report_needs_file", fmt=fmt))
    store = _open(db, read_only=True, as_of=as_of, output=output)
    qms = store.snapshot()
    the_year = _year(qms, year)
    try:
        period = report_period(qms, the_year, start, end)
        annual = build_report(qms, the_year, period, language)
        content = render_report_content(annual, fmt)
    except ReportError as exc:
        raise fail(exc.args[0] if exc.args else str(exc)) from None
    for warning in annual.warnings:
        say(words("cli_warning", why=in_language(warning)), err=True)
    emit(content, output, store)  # a binary format without --output is refused above


@report_app.command()
def edit(
    ctx: typer.Context,
    year: YearOption = None,
    db: DbOption = None,
) -> None:
    """Edit the year's narrative (number, date, assessment, difficulties, recommendations) in $EDITOR."""
    parent = ctx.obj or {}
    if ctx.find_root().params.get("read_only"):  # ``qms --read-only report edit``
        raise fail(Fault("nar_read_only"))
    store = _open(db or parent.get("db"))
    the_year = _year(store.snapshot(), year or parent.get("year"))
    try:
        say(edit_narrative(store, the_year, lambda command: subprocess.run(command, check=False).returncode))
    except NarrativeEditError as exc:
        raise fail(exc) from None
