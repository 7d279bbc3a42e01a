"""``qms rollup PATH…``: the province's view of many agencies' stores, read-only.

Each PATH is a store, a one-file store made by ``qms export store``, or a folder holding them. No store is
locked or written; one that cannot be read is listed with its error (exit 0 as long as one store was read,
2 when none was). Mistakes in the options end with one line and exit 1.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from qms_tui.cli.common import choose_format, choose_language, emit, option_date
from qms_tui.cli.text import error_line, say
from qms_tui.domain.qms import Period
from qms_tui.locale import words

SortOption = Annotated[str, typer.Option("--sort", help="Rank the agencies by this column (default: on_time_rate).")]


def rollup(
    paths: Annotated[
        list[Path], typer.Argument(help="Stores, exported stores, or folders holding them.", metavar="PATH...")
    ],
    start: Annotated[str | None, typer.Option("--from", help="First day (with --to).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (with --from).")] = None,
    year: Annotated[int | None, typer.Option("--year", "-y", help="A whole year (default: the latest as-of year).")]
    = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="text, markdown, html or json.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    sort: SortOption = "on_time_rate",
    lang: Annotated[str | None, typer.Option("--lang", help="vi or en (default: $QMS_LANG, else vi).")] = None,
) -> None:
    """Roll up many agencies' stores for the province: the form 06 figures, on-time rate, nonconformities,
    training, audits, reviews and legal changes of each, ranked, with the province's total."""
    from qms_tui.rollup.collect import SORTABLE, roll_up, store_paths
    from qms_tui.rollup.render import render

    language = choose_language(lang)
    chosen = choose_format("rollup", output, fmt)
    if sort not in SORTABLE:
        raise typer.BadParameter(words("cli_choose_one_of", value=repr(sort), choices=", ".join(SORTABLE)),
                                 param_hint="--sort")
    period = _period(start, end, year)
    stores = store_paths(paths)
    if output is not None:
        from qms_tui.outputs import check_output
        from qms_tui.store import Store

        for path in stores:  # -o may not be one of the stores' own files
            check_output(output, Store(path, read_only=True))
    result = roll_up(stores, period, sort)
    if not stores or not result.readable:
        for agency in result.agencies:
            say(error_line(f"{agency.store}: {agency.error}"), err=True)
        say(error_line(words("cli_no_store_readable") if stores else words("cli_no_store_found")), err=True)
        raise typer.Exit(2)
    if fmt is None and output is None and sys.stdout is not None and sys.stdout.isatty():
        from qms_tui.tui.launch import run_province  # imported here: Textual only for the screen

        run_province(result, language)
        return
    emit(render(result, chosen, language), output)


def _period(start: str | None, end: str | None, year: int | None) -> Period | None:
    if year is not None and (start or end):
        raise typer.BadParameter(words("cli_year_or_range"), param_hint="--year")
    if year is not None:
        if not 2000 <= year <= 2100:
            raise typer.BadParameter(words("cli_not_a_year_such_as", year=year), param_hint="--year")
        return Period(date(year, 1, 1), date(year, 12, 31), str(year))
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise typer.BadParameter("give both --from and --to", param_hint="--from/--to")
    first, last = option_date(start, "--from"), option_date(end, "--to")
    try:
        return Period(first, last)  # type: ignore[arg-type]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--from/--to") from None
