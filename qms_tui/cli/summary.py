"""``qms summary``'s work, apart from its typer declaration (``cli/store.py``): the same function runs for the
typer command and for the quick path (``cli/quick.py``), which reaches it without importing typer or click."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from qms_tui.cli.common import choose_format, choose_language, emit, open_for_command, option_date, usage_error
from qms_tui.cli.text import error_line, say
from qms_tui.domain.problems import Fault

if TYPE_CHECKING:
    from qms_tui.domain.qms import Period, Qms
    from qms_tui.store import Store


def run_summary(db: str | None, start: str | None, end: str | None, as_of: str | None, fmt: str | None,
                output: Path | None, lang: str | None, read_only: bool, full: bool) -> None:
    """Print (or write to ``output``) the one-page status, as ``qms summary`` does."""
    language = choose_language(lang)
    fmt = choose_format("summary", output, fmt)
    from qms_tui.store.aggregates import counting_snapshot

    store = open_for_command(db, read_only, as_of, output)
    qms = counting_snapshot(store, recount_notice(store))
    period = summary_period(qms, start, end)
    text = render_summary(qms, period, fmt, language, full)
    emit(text, output, store)


def summary_period(qms: Qms, start: str | None, end: str | None) -> Period:
    """``--from``/``--to``, each by default the store's default period's."""
    from qms_tui.domain.qms import Period

    default = qms.default_period()
    first = option_date(start, "--from") or default.start
    last = option_date(end, "--to") or (default.end if first <= default.end else first)
    try:
        return Period(first, last)
    except ValueError as exc:
        usage_error(str(exc), "--from/--to")


def render_summary(qms: Qms, period: Period, fmt: str, lang: str, full: bool = False) -> str:
    from qms_tui.reports.formats import renderer  # the renderer is imported here: start-up time of commands

    return renderer("summary")(qms, period, fmt, lang, full)  # type: ignore[no-any-return]


def recount_notice(store: Store) -> Callable[[str], None]:
    """One stderr line saying that the dossiers were counted one by one, and why; a store open for writing
    gets its aggregate written now, so that it is said once, not at every summary."""
    said: list[str] = []

    def notice(why: str) -> None:
        if said:
            return
        said.append(why)
        from qms_tui.store.aggregates import mend_aggregate

        reasons = {"missing": Fault("agg_missing"), "damaged": Fault("agg_damaged"), "stale": Fault("agg_stale"),
                   "of another version": Fault("agg_other_version")}
        after = Fault("agg_written_now") if mend_aggregate(store) else Fault("agg_written_later")
        say(error_line(Fault("agg_recounted", path=store.path, why=reasons.get(why, why), after=after)), err=True)

    return notice
