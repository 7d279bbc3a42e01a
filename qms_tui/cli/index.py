"""``qms index``: the service index of Decision 766/QĐ-TTg for a period, and ``qms index scale`` (its points
and parameters, a table in the store)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from qms_tui.cli.common import choose_format, choose_language, emit, open_for_command, option_date
from qms_tui.cli.options import DbOption, ReadOnlyOption
from qms_tui.cli.text import say
from qms_tui.locale import words

index_app = typer.Typer(help="The service index (Decision 766/QĐ-TTg) computed from the store.",
                        invoke_without_command=True)
scale_app = typer.Typer(help="The index's point scale and parameters (a table in the store).", no_args_is_help=True)
index_app.add_typer(scale_app, name="scale")


def _period(year: int | None, start: str | None, end: str | None, today: date) -> tuple[date, date]:
    if year is not None and (start or end):
        raise typer.BadParameter(words("cli_year_or_range"), param_hint="--year")
    if year is not None:
        if not 1900 <= year <= 9999:
            raise typer.BadParameter(words("cli_not_a_year", year=year), param_hint="--year")
        return date(year, 1, 1), date(year, 12, 31)
    first = option_date(start, "--from") or date(today.year, 1, 1)
    last = option_date(end, "--to") or max(first, today)
    if last < first:
        raise typer.BadParameter("--to is before --from", param_hint="--from/--to")
    return first, last


@index_app.callback()
def index_command(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", help="A calendar year.", show_default=False)] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: 1 January).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: the as-of date).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, markdown or json.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="vi or en (default: $QMS_LANG, else vi).")] = None,
    db: DbOption = None,
    read_only: ReadOnlyOption = False,
) -> None:
    """Each indicator's value, numerator / denominator and points ("no data" where the store lacks it)."""
    if ctx.invoked_subcommand is not None:
        return
    from qms_tui.domain.service_index import compute
    from qms_tui.reports.service_index import render_index

    fmt = choose_format("index", output, fmt)
    language = choose_language(lang)
    store = open_for_command(db, read_only, output=output)
    qms = store.snapshot()
    first, last = _period(year, start, end, qms.today)
    emit(render_index(compute(qms, first, last), fmt, language, qms.shows_sample), output, store)


@scale_app.command("list")
def scale_list(db: DbOption = None, read_only: ReadOnlyOption = False) -> None:
    """The scale in force: the store's rows, the defaults where it has none (marked *)."""
    from qms_tui.domain.service_index import scale

    qms = open_for_command(db, read_only).snapshot()
    stored = {row.code for row in qms.index_scale}
    for row in scale(qms.index_scale).values():
        mark = " " if row.code in stored else "*"
        figures = (f"max {row.max_points:g} points, full at {row.full_at:g} %" if row.max_points is not None
                   else f"value {row.value:g}" if row.value is not None else "")
        typer.echo(f"{mark} {row.code:<18} {figures:<34} {row.note}".rstrip())


@scale_app.command("set")
def scale_set(
    code: Annotated[str, typer.Argument(help="An indicator (2.1) or a parameter (feedback_days).")],
    max_points: Annotated[str | None, typer.Option("--max-points", help="The indicator's maximum.")] = None,
    full_at: Annotated[str | None, typer.Option("--full-at", help="The rate (%) that earns full points.")] = None,
    value: Annotated[str | None, typer.Option("--value", help="A parameter's value.")] = None,
    db: DbOption = None,
) -> None:
    """Change one row of the scale (the whole default scale is written to the store the first time)."""
    from qms_tui.services.service_index import set_scale

    result = set_scale(open_for_command(db), code, {"max_points": max_points, "full_at": full_at, "value": value})
    say(result)
