"""The service index's dossier figures for a period from the aggregate, without reading the dossiers.

``service_index.compute`` counts each indicator over the dossier records handled in the period; the aggregate
(``domain/aggregates.py``) keeps, per procedure and day, running totals of the same flags, so the numerators
and denominators of its regular dossiers come from two look-ups per procedure, and its odd dossiers (kept
whole) are counted by ``compute``'s own functions. The sum is the figure of the dossiers themselves
(``tests/domain/test_index_counts.py`` proves it on random stores, periods, scales and calendars).

The processing time (2.2) is in working days: the aggregate keeps each resolved dossier's (finished, received)
and its pauses, and the working days are counted here with the calendar in force.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import date, timedelta
from operator import mul
from typing import TYPE_CHECKING, Any

from qms_tui.domain.aggregates import _SLOT, RESOLVED, SUPPLEMENTS_LATE, Aggregate
from qms_tui.domain.lean import dataclass

if TYPE_CHECKING:
    from qms_tui.domain.calendar import WorkingCalendar


@dataclass
class Tally:
    """The numerators and denominators of the dossier-based indicators over the aggregate's regular dossiers."""

    on_time: int = 0
    judged: int = 0
    """2.1: on time (by dates and supplement requests) of the dossiers the form can place."""
    taken: int = 0
    allowed: int = 0
    """2.2: working days taken by the dossiers resolved in the period, and their statutory days."""
    online: int = 0
    channel_known: int = 0
    paid: int = 0
    paid_known: int = 0
    e_result: int = 0
    e_result_known: int = 0
    digitised: int = 0
    digitised_known: int = 0
    resolved: int = 0
    """5.4's denominator (its late codes: ``late_codes``)."""


def answers(supplements_late: float) -> bool:
    """Whether the aggregate's supplement counters are those of this scale (more than ``SUPPLEMENTS_LATE``)."""
    return SUPPLEMENTS_LATE <= supplements_late < SUPPLEMENTS_LATE + 1


def tally(aggregate: Aggregate, start: date, end: date, procedures: dict[str, Any],
          calendar: WorkingCalendar) -> Tally:
    """The figures of the aggregate's regular dossiers over [start, end] (``end`` already clipped)."""
    found = Tally()
    first, last = start.toordinal(), end.toordinal()
    spans: list[list[array]] = []
    for code in aggregate.procedures():
        before, at_end = aggregate.window(code, start, end)

        def change(name: str, before: list[int] = before, at_end: list[int] = at_end) -> int:
            return at_end[_SLOT[name]] - before[_SLOT[name]]

        def now(name: str, at_end: list[int] = at_end) -> int:
            return at_end[_SLOT[name]]

        finished = sum(change(name) for name in (*RESOLVED, "withdrawn", "returned"))
        judged = finished + now("progress")
        late = (change("late") + now("overdue") + change("wr_late") + change("s_in_time")
                + now("s_progress") - now("s_overdue"))
        found.judged += judged
        found.on_time += judged - late
        resolved = sum(change(name) for name in RESOLVED)
        found.resolved += resolved
        procedure = procedures.get(code)
        if resolved and procedure is not None and procedure.statutory_days:
            found.allowed += resolved * procedure.statutory_days
            for columns in aggregate.span_columns(code):
                lo, hi = bisect_left(columns[0], first), bisect_right(columns[0], last)
                if hi > lo:
                    spans.append([column[lo:hi] for column in columns])
        found.online += change("new_online")
        found.channel_known += change("channel_known")
        if getattr(procedure, "fee", None) is True:
            found.paid += change("paid_yes")
            found.paid_known += change("paid_known")
        found.e_result += change("e_result_yes")
        found.e_result_known += change("e_result_known")
        found.digitised += change("digitised_yes")
        found.digitised_known += change("digitised_known")
    found.taken = _working_days(spans, calendar)
    return found


def _working_days(spans: list[list[array]], calendar: WorkingCalendar) -> int:
    """Σ working days from received to finished, less those of the pauses (``_processing_time``): each
    column pair is a difference of the working days counted from the earliest day, counted once."""
    if not spans:
        return 0
    low = min(min(columns[1]) for columns in spans)
    high = max(max(columns[0]) for columns in spans)
    counted, running, day = {low: 0}, 0, date.fromordinal(low)
    for ordinal in range(low + 1, high + 1):
        day += timedelta(days=1)
        running += calendar.is_working_day(day)
        counted[ordinal] = running  # working days after ``low`` up to ``day``
    at = counted.__getitem__
    total = 0
    for columns in spans:  # Σ n × (counted at the later day − counted at the earlier), looped in C
        later, earlier = (columns[0], columns[1]) if len(columns) == 3 else (columns[2], columns[1])
        sign = 1 if len(columns) == 3 else -1  # a pause's days are not counted
        many = columns[-1]
        total += sign * (sum(map(mul, many, map(at, later))) - sum(map(mul, many, map(at, earlier))))
    return total


def late_codes(aggregate: Aggregate, start: date, end: date) -> set[str]:
    """The codes of the regular dossiers resolved late in [start, end] (the odd ones are the caller's)."""
    first, last = start.toordinal(), end.toordinal()
    days, late, odd = aggregate.late_days(), aggregate.late, aggregate.odd  # ``late`` is a property: read once
    return {late[key] for key, day in days.items() if first <= day <= last and key not in odd}


def odd_records(aggregate: Aggregate) -> Callable[[], list[Any]]:
    """The odd dossiers as records, for ``compute``'s own functions."""
    from qms_tui.domain.models import Dossier

    return lambda: [Dossier.from_doc(doc) for _, doc in sorted(aggregate.odd.items(), key=lambda kv: _order(kv[0]))]


def _order(key: str) -> int:
    return int(key) if key.isdigit() else 0
