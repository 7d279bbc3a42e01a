"""The service index of Decision 766/QĐ-TTg (2022), computed from the store for a period.

Each indicator gives its value (a percent), numerator, denominator, points and maximum, and the records
that pull it down. An indicator the store lacks the data for has ``value=None`` ("no data"), never zero:
an unknown flag leaves the dossier out of the denominator rather than counting it as "no".

The formulas come from secondary sources (DOMAIN.md), so their parameters and the point scale are data:
the ``index_scale`` table, whose default rows (``DEFAULT_SCALE``) apply until the store holds its own.

Not to be confused with the on-time rate of Biểu 06 (resolved on time ÷ resolved): indicator 2.1 counts
every dossier handled in the period, open ones and withdrawn ones too, and a dossier with more than one
supplement request as late.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import field
from datetime import date
from typing import TYPE_CHECKING, Any

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import IndexScale
from qms_tui.domain.statistics import classify

if TYPE_CHECKING:
    from qms_tui.domain.calendar import WorkingCalendar
    from qms_tui.domain.models import Dossier
    from qms_tui.domain.qms import Qms

DEFAULT_SCALE: tuple[IndexScale, ...] = (
    IndexScale("2.1", 14, 100, note="on-time progress; group Progress 20 points"),
    IndexScale("2.2", 6, 100, note="processing time against the statutory time (lower is better)"),
    IndexScale("3.3", 6, 50, note="online dossiers; full points from 50 %"),
    IndexScale("3.6", 5, 80, note="dossiers paid online among fee-bearing dossiers"),
    IndexScale("4.1", 6, 80, note="dossiers with an electronic result"),
    IndexScale("4.2", 6, 80, note="digitised dossiers"),
    IndexScale("5.2", 6, 100, note="feedback handled in time"),
    IndexScale("5.4", 6, 90, note="100 % - (late rate + complaint or not satisfied)"),
    IndexScale("supplements_late", value=1, note="more supplement requests than this make a dossier late (2.1)"),
    IndexScale("feedback_days", value=15, note="working days to handle feedback (PAKN)"),
)
"""The defaults, from DOMAIN.md: group totals as transcribed; the split inside a group is an assumption."""

INDICATORS = ("2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "5.2", "5.4")
LOWER_IS_BETTER = frozenset({"2.2"})


def scale(stored: Iterable[IndexScale]) -> dict[str, IndexScale]:
    """The scale in force: the store's rows over the defaults."""
    rows = {row.code: row for row in DEFAULT_SCALE}
    rows.update({row.code: row for row in stored})
    return rows


def parameter(rows: dict[str, IndexScale], code: str) -> float:
    row = rows.get(code)
    default = next(r.value for r in DEFAULT_SCALE if r.code == code)
    return float(row.value if row is not None and row.value is not None else default or 0)


@dataclass
class Indicator:
    """One indicator's figures; ``value`` is ``None`` when the store has no data for it."""

    id: str
    value: float | None
    numerator: float | None
    denominator: float | None
    max_points: float
    points: float | None = None
    pulled_down: list[str] = field(default_factory=list)
    """Codes of the dossiers (or feedback) that lower the value, for the drill-down."""

    @property
    def data(self) -> bool:
        return self.value is not None

    def as_dict(self, name: str) -> dict[str, Any]:
        """The JSON object of ``qms index --format json``."""
        return {"id": self.id, "name": name, "value": _round(self.value), "numerator": _round(self.numerator),
                "denominator": _round(self.denominator), "points": _round(self.points),
                "max_points": _round(self.max_points), "data": self.data}


@dataclass
class IndexResult:
    """Every indicator of a period, and the points earned on those the store can compute."""

    start: date
    end: date
    indicators: list[Indicator]

    @property
    def total_points(self) -> float:
        return sum(i.points or 0.0 for i in self.indicators if i.data)

    @property
    def max_points(self) -> float:
        """The maximum of the indicators with data (those without cannot be scored)."""
        return sum(i.max_points for i in self.indicators if i.data)

    def get(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.id == code)

    def weakest(self, count: int = 3) -> list[Indicator]:
        """The indicators that lose the most points (those without data cannot lose any, so are not listed)."""
        short = [i for i in self.indicators if i.data and i.points is not None and i.points < i.max_points - 0.05]
        return sorted(short, key=lambda i: (-(i.max_points - (i.points or 0.0)), i.id))[:count]


def points(code: str, value: float | None, row: IndexScale) -> float | None:
    """Full points at ``full_at``; below it (above, for a lower-is-better indicator) in proportion."""
    if value is None:
        return None
    top, full_at = float(row.max_points or 0), float(row.full_at or 100)
    if code in LOWER_IS_BETTER:
        return top if value <= full_at else top * full_at / value
    return top * min(1.0, value / full_at)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _rate(numerator: float, denominator: float) -> float | None:
    return 100.0 * numerator / denominator if denominator else None


def compute(qms: Qms, start: date, end: date, totals_only: bool = False) -> IndexResult:
    """The index for [start, end] (``end`` clipped to the store's today, like the statistics).

    ``totals_only``: the points are all that is wanted (the province's roll-up), so a store counted from its
    aggregate (``Qms.aggregate``, dossiers not read) is scored from it (``index_counts``): the same figures,
    but the records that pull an indicator down are only those the aggregate keeps whole."""
    end = max(start, min(end, qms.today))
    rows = scale(qms.index_scale)
    calendar = qms.working_calendar
    procedures = qms.procedure_by_code
    allowed = parameter(rows, "supplements_late")
    aggregate = qms.aggregate if totals_only and qms.stored_dossiers is None else None
    counted = None
    if aggregate is not None and index_counts().answers(allowed):
        counted = index_counts().tally(aggregate, start, end, procedures, calendar)
        dossiers = index_counts().odd_records(aggregate)()
    else:
        aggregate, dossiers = None, qms.dossiers
    handled = [(d, where) for d in dossiers if (where := classify(d, start, end)) is not None]
    resolved = [d for d, (_intake, outcome) in handled if outcome in ("early", "on_due_date", "late")]

    def late_codes() -> set[str]:
        late = {d.code for d, (_intake, outcome) in handled if outcome == "late"}
        return late | index_counts().late_codes(aggregate, start, end) if aggregate is not None else late

    figures = [
        _on_time(handled, allowed),
        _processing_time(handled, procedures, calendar, start, end),
        _online(handled),
        _paid_online(handled, procedures),
        _flag_share("4.1", resolved, "e_result"),
        _flag_share("4.2", [d for d, where in handled if where[0] != "carried_over"], "digitised"),
    ]
    if counted is not None:
        more = ((counted.on_time, counted.judged), (counted.taken, counted.allowed),
                (counted.online, counted.channel_known), (counted.paid, counted.paid_known),
                (counted.e_result, counted.e_result_known), (counted.digitised, counted.digitised_known))
        figures = [_plus(figure, *extra) for figure, extra in zip(figures, more, strict=True)]
    figures += [
        _feedback_in_time(qms, start, end, calendar, parameter(rows, "feedback_days")),
        _satisfaction(qms, len(resolved) + (counted.resolved if counted else 0), late_codes, start, end),
    ]
    indicators = []
    for code, (value, numerator, denominator, pulled) in zip(INDICATORS, figures, strict=True):
        row = rows[code]
        indicators.append(Indicator(code, value, numerator if value is not None else None,
                                    denominator if value is not None else None, float(row.max_points or 0),
                                    points(code, value, row), pulled))
    return IndexResult(start, end, indicators)


Figures = tuple[float | None, float, float, list[str]]


def index_counts() -> Any:
    """``domain/index_counts.py``, imported only where an aggregate scores the index."""
    from qms_tui.domain import index_counts

    return index_counts


def _plus(figure: Figures, numerator: float, denominator: float) -> Figures:
    """An indicator's figures with the aggregate's regular dossiers added (its rate again)."""
    _, own_numerator, own_denominator, pulled = figure
    numerator, denominator = own_numerator + numerator, own_denominator + denominator
    return _rate(numerator, denominator), numerator, denominator, pulled


def late_by_supplements(dossier: Dossier, allowed: float) -> bool:
    """More supplement requests than allowed: late for 2.1 whatever the dates say (unknown: not late)."""
    count = dossier.supplement_count
    return count is not None and count > allowed


def _on_time(handled: list[tuple[Dossier, tuple[str, str | None]]], allowed: float) -> Figures:
    """2.1: finished or still running on or before the due date ÷ every dossier handled in the period."""
    on_time, counted, pulled = 0, 0, []
    for dossier, (_intake, outcome) in handled:
        if outcome is None:
            continue  # a dossier the form cannot place (no due date, no outcome): not judged
        counted += 1
        if outcome in ("withdrawn", "returned"):
            late = dossier.due is not None and dossier.finished is not None and dossier.finished > dossier.due
        else:
            late = outcome in ("late", "overdue")
        if late or late_by_supplements(dossier, allowed):
            pulled.append(dossier.code)
        else:
            on_time += 1
    return _rate(on_time, counted), on_time, counted, pulled


def _paused_days(dossier: Dossier, calendar: WorkingCalendar, until: date) -> int:
    days = 0
    for pause in dossier.pause_list():
        if pause.start is not None:
            days += calendar.working_days_between(pause.start, min(pause.end or until, until))
    return days


def _processing_time(handled, procedures, calendar: WorkingCalendar, start: date, end: date) -> Figures:
    """2.2: working days taken by the dossiers resolved in the period ÷ their statutory working days."""
    taken, allowed, pulled = 0, 0, []
    for dossier, (_intake, outcome) in handled:
        procedure = procedures.get(dossier.procedure)
        if outcome not in ("early", "on_due_date", "late") or procedure is None or not procedure.statutory_days:
            continue
        days = calendar.working_days_between(dossier.received, dossier.finished)
        days -= _paused_days(dossier, calendar, dossier.finished)
        taken += max(days, 0)
        allowed += procedure.statutory_days
        if days > procedure.statutory_days:
            pulled.append(dossier.code)
    return _rate(taken, allowed), taken, allowed, pulled


def _online(handled) -> Figures:
    """3.3: new dossiers received online ÷ new dossiers whose channel is known."""
    new = [d for d, (intake, _outcome) in handled if intake != "carried_over" and d.channel in ("online", "direct",
                                                                                               "postal")]
    online = sum(1 for d in new if d.channel == "online")
    return _rate(online, len(new)), online, len(new), [d.code for d in new if d.channel != "online"]


def _paid_online(handled, procedures) -> Figures:
    """3.6: dossiers paid online ÷ dossiers of fee-bearing procedures whose payment is known."""
    known = [d for d, (intake, _outcome) in handled
             if intake != "carried_over" and d.paid_online is not None
             and getattr(procedures.get(d.procedure), "fee", None) is True]
    paid = sum(1 for d in known if d.paid_online)
    return _rate(paid, len(known)), paid, len(known), [d.code for d in known if not d.paid_online]


def _flag_share(code: str, dossiers: list[Dossier], flag: str) -> Figures:
    """4.1 / 4.2: dossiers with the flag set ÷ dossiers where it is known (unknown ones are left out)."""
    known = [d for d in dossiers if getattr(d, flag) is not None]
    yes = sum(1 for d in known if getattr(d, flag))
    return _rate(yes, len(known)), yes, len(known), [d.code for d in known if not getattr(d, flag)]


def feedback_due(item: Any, calendar: WorkingCalendar, days: float) -> date | None:
    """The feedback's due date: as stored, else ``days`` working days after receipt."""
    if item.due is not None or item.received is None:
        return item.due
    return calendar.add_working_days(item.received, int(days))


def _feedback_in_time(qms: Qms, start: date, end: date, calendar: WorkingCalendar, days: float) -> Figures:
    """5.2: feedback handled by its due date ÷ feedback received in the period that is handled or due."""
    in_time, counted, pulled = 0, 0, []
    for item in qms.feedback:
        if item.received is None or not start <= item.received <= end:
            continue
        due = feedback_due(item, calendar, days)
        handled = item.handled if item.handled is not None and item.handled <= end else None
        if handled is None and (due is None or due >= end):
            continue  # still within its time: not judged yet
        counted += 1
        if handled is not None and (due is None or handled <= due):
            in_time += 1
        else:
            pulled.append(item.code)
    return _rate(in_time, counted), in_time, counted, pulled


def _satisfaction(qms: Qms, resolved: int, late_codes: Callable[[], set[str]], start: date, end: date) -> Figures:
    """5.4: 100 % - (late rate + share not satisfied), in resolved-dossier terms: resolved - late - not satisfied
    ÷ resolved. Not satisfied: dossiers with a complaint or an unsatisfied person in the feedback register, plus
    the surveys' unsatisfied share of the resolved dossiers. Without a survey or feedback in the period: no data."""
    feedback = [f for f in qms.feedback if f.received is not None and start <= f.received <= end]
    surveys = [s for s in qms.surveys if s.start and s.end and s.start <= end and s.end >= start and s.asked]
    if not resolved or not (feedback or surveys):
        return None, 0, resolved, []
    late = late_codes()
    unhappy = {f.dossier for f in feedback if f.dossier and (f.kind == "complaint" or f.satisfied is False)}
    unhappy -= late
    asked = sum(s.asked for s in surveys)
    unsatisfied_share = (asked - sum(s.satisfied for s in surveys)) / asked if asked else 0.0
    lost = len(late) + len(unhappy) + round(unsatisfied_share * resolved)
    numerator = max(0, resolved - lost)
    return _rate(numerator, resolved), numerator, resolved, sorted(late | unhappy)
