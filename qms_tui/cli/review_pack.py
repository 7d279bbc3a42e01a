"""``qms review-pack`` and ``qms clauses``: the clause 9.3.2 inputs of a management review assembled from
live data, and the records that evidence each clause of ISO 9001:2015 with the gaps. Both only read."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from qms_tui.cli.common import choose_format, choose_language, emit, open_for_command
from qms_tui.cli.options import AsOfOption, DbOption
from qms_tui.cli.text import error_line, say
from qms_tui.domain.qms import Qms
from qms_tui.locale import words
from qms_tui.reports.formats import CLAUSE_FORMATS, PACK_FORMATS
from qms_tui.store import Store


def _snapshot(db: str | None, as_of: str | None, output: Path | None) -> tuple[Store, Qms]:
    store = open_for_command(db, read_only=True, as_of=as_of, output=output)
    return store, store.snapshot()
def review_pack_command(
    year: Annotated[int | None, typer.Option("--year", "-y", help="The year (default: the as-of year).",
                                             show_default=False)] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"One of {', '.join(PACK_FORMATS)}.",
                                            show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="vi or en (default: $QMS_LANG, else vi).")] = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """The management review pack: the inputs of ISO 9001:2015 clause 9.3.2 from live data."""
    # imported here: start-up time of one-shot commands
    from qms_tui.reports.review_pack import ReviewPackError, render_review_pack

    language = choose_language(lang)
    fmt = choose_format("review_pack", output, fmt)
    store, qms = _snapshot(db, as_of, output)
    the_year = year or qms.today.year
    if not 2000 <= the_year <= 2100:
        raise typer.BadParameter(words("cli_not_a_year_such_as", year=the_year), param_hint="--year")
    try:
        text = render_review_pack(qms, the_year, fmt, language)
    except ReviewPackError as exc:
        say(error_line(exc.args[0] if exc.args else exc), err=True)  # a Fault: worded in --lang
        raise typer.Exit(1) from None
    emit(text, output, store)


def clauses_command(
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"One of {', '.join(CLAUSE_FORMATS)}.",
                                            show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="vi or en (default: $QMS_LANG, else vi).")] = None,
    db: DbOption = None,
) -> None:
    """The ISO 9001:2015 clauses 4 to 10, the records that evidence each, and the gaps."""
    from qms_tui.reports.clauses import render_clauses  # imported here: start-up time of one-shot commands

    language = choose_language(lang)
    fmt = choose_format("clauses", output, fmt)
    store, qms = _snapshot(db, None, output)
    emit(render_clauses(qms, fmt, language), output, store)

