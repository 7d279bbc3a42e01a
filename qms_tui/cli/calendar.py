"""``qms calendar``: the store's overrides of the holiday calendar (the government's yearly swaps).

The ``holidays`` package knows Vietnam's public holidays and past swaps; when the government
announces a new swap (a weekday off, a Saturday worked in exchange) or a new holiday, the secretary
records it here: due dates computed from then on follow it, and so do the computed due dates of open
dossiers whose counting window holds that day (``services/calendar.py``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from qms_tui.cli.common import open_for_command, option_date
from qms_tui.cli.options import DbOption
from qms_tui.cli.text import say
from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.dates import format_vn
from qms_tui.locale import nwords, words

if TYPE_CHECKING:
    from qms_tui.services.calendar import CalendarChange

calendar_app = typer.Typer(help="Extra days off and extra working days that override the holiday calendar.",
                           no_args_is_help=True)


def _day(value: str) -> date:
    return option_date(value, "DATE")  # type: ignore[return-value]  # a value is given: never None


@calendar_app.command("list")
def list_days(
    db: DbOption = None,
    year: Annotated[int | None, typer.Option(help="Also list the public holidays of this year.")] = None,
) -> None:
    """The overrides in the store, and with --year the year's non-working weekdays and worked Saturdays."""
    qms = open_for_command(db, read_only=True).snapshot()
    overrides = sorted(qms.calendar, key=lambda d: d.date or date.min)
    for day in overrides:
        kind = words("cli_day_off") if day.kind == "day_off" else words("cli_working_day")
        say(f"{format_vn(day.date)}  {kind:<11}  {day.note}  ({words('cli_in_store')})")
    if not overrides:
        say(words("cli_no_overrides"))
    if year is not None:
        calendar = WorkingCalendar(qms.calendar)
        day = date(year, 1, 1)
        while day.year == year:
            weekend = day.weekday() >= 5
            working = calendar.is_working_day(day)
            if weekend == working:
                kind = words("cli_working_day") if working else words("cli_day_off")
                say(f"{format_vn(day)}  {kind:<11}  {calendar.holiday_name(day) or ''}")
            day += timedelta(days=1)


@calendar_app.command("add")
def add_day(
    day: Annotated[str, typer.Argument(help="The date, dd/mm/yyyy or YYYY-MM-DD.")],
    working: Annotated[bool, typer.Option("--working-day/--day-off", help="A day worked, or a day off.")] = False,
    note: Annotated[str, typer.Option(help="Why (e.g. the decision announcing the swap).")] = "",
    db: DbOption = None,
) -> None:
    """Record an extra day off (default) or an extra working day; open dossiers' computed due dates follow."""
    from qms_tui.services.calendar import add_override

    change = add_override(open_for_command(db), _day(day), "working_day" if working else "day_off", note)
    kind = words("cli_working_day") if change.kind == "working_day" else words("cli_day_off")
    if change.changed:
        say(words("cli_day_recorded", day=format_vn(change.day), kind=kind))
    else:
        say(words("cli_day_unchanged", day=format_vn(change.day), kind=kind))
    _say_moved(change)


@calendar_app.command("remove")
def remove_day(
    day: Annotated[str, typer.Argument(help="The date, dd/mm/yyyy or YYYY-MM-DD.")],
    db: DbOption = None,
) -> None:
    """Remove an override: the day follows the holidays package again, and so do open dossiers' due dates."""
    from qms_tui.services.calendar import remove_override

    change = remove_override(open_for_command(db), _day(day))
    say(words("cli_day_removed", day=format_vn(change.day)))
    _say_moved(change)


SHOWN_MOVES = 10
"""Due dates listed one by one after a calendar change; the rest are counted."""


def _say_moved(change: CalendarChange) -> None:
    _say_moved_dossiers(change)
    _say_moved_feedback(change)


def _say_moved_dossiers(change: CalendarChange) -> None:
    if not change.moved:
        if change.changed:
            say(words("cli_no_due_moved"))
        return
    say(nwords("cli_dues_moved", len(change.moved)))
    for move in change.moved[:SHOWN_MOVES]:
        say(f"  {move.code}  {format_vn(move.before)} → {format_vn(move.after)}")
    if len(change.moved) > SHOWN_MOVES:
        say("  " + nwords("cli_and_more_in_log", len(change.moved) - SHOWN_MOVES))


def _say_moved_feedback(change: CalendarChange) -> None:
    """Feedback whose 15-working-day due date moved (nothing is said when none did)."""
    if not change.moved_feedback:
        return
    say(nwords("cli_feedback_dues_moved", len(change.moved_feedback)))
    for move in change.moved_feedback[:SHOWN_MOVES]:
        say(f"  {move.code}  {format_vn(move.before)} → {format_vn(move.after)}")
    if len(change.moved_feedback) > SHOWN_MOVES:
        say("  " + nwords("cli_and_more_in_log", len(change.moved_feedback) - SHOWN_MOVES))
