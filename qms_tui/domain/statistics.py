"""Period statistics of dossiers, exactly as form 06/VPCP/KSTT (Circular 01/2020/TT-VPCP) counts them.

For a period [start, end], both days included:

- carried over: received before ``start`` and not finished before ``start``;
- new: received within the period, split online / direct-or-postal;
- resolved: result returned within the period; early (before the due date), on the due date, or late;
  on time = early + on the due date;
- in progress at the end: not finished by ``end``; overdue when the due date is before ``end``;
- withdrawn / returned: finished without a result within the period.

``end`` is clipped to the "as of" date, so that "this year" counts what is in progress *today*.
The reconciliation received = resolved + in progress + withdrawn/returned is checked, not assumed:
every dossier is classified on its own, and one that fits no class shows up as a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date

from .models import Dossier


@dataclass
class Counts:
    """The figures of one line of the form (the whole agency, one field or one procedure)."""

    new_online: int = 0
    new_direct: int = 0
    carried_over: int = 0
    early: int = 0
    on_due_date: int = 0
    late: int = 0
    not_due: int = 0
    overdue: int = 0
    withdrawn: int = 0
    returned: int = 0
    unclassified: list[str] = field(default_factory=list)

    @property
    def new(self) -> int:
        return self.new_online + self.new_direct

    @property
    def received(self) -> int:
        return self.new + self.carried_over

    @property
    def on_time(self) -> int:
        return self.early + self.on_due_date

    @property
    def resolved(self) -> int:
        return self.on_time + self.late

    @property
    def in_progress(self) -> int:
        return self.not_due + self.overdue

    @property
    def withdrawn_returned(self) -> int:
        return self.withdrawn + self.returned

    @property
    def accounted(self) -> int:
        """Dossiers placed in an outcome class: must equal ``received``."""
        return self.resolved + self.in_progress + self.withdrawn_returned

    @property
    def gap(self) -> int:
        return self.received - self.accounted

    @property
    def reconciles(self) -> bool:
        return self.gap == 0 and not self.unclassified

    @property
    def on_time_rate(self) -> float | None:
        """Share of resolved dossiers resolved on time, in percent; ``None`` when none was resolved."""
        return 100.0 * self.on_time / self.resolved if self.resolved else None

    def as_dict(self) -> dict[str, object]:
        """The figures for JSON output (the keys of ``qms summary --format json``)."""
        data = asdict(self)
        data.update(
            received=self.received,
            new=self.new,
            on_time=self.on_time,
            resolved=self.resolved,
            in_progress=self.in_progress,
            withdrawn_returned=self.withdrawn_returned,
            on_time_rate=None if self.on_time_rate is None else round(self.on_time_rate, 2),
            reconciles=self.reconciles,
            gap=self.gap,
        )
        return data


def classify(dossier: Dossier, start: date, end: date) -> tuple[str, str | None] | None:
    """Where one dossier falls in the period: ``(intake, outcome)``, or ``None`` if outside it.

    ``intake`` is ``carried_over``, ``new_online`` or ``new_direct``; ``outcome`` is the name of a
    ``Counts`` field, or ``None`` for a dossier that fits no class (e.g. finished with no outcome).
    """
    received, finished = dossier.received, dossier.finished
    if received is None or received > end:
        return None
    if received < start:
        if finished is not None and finished < start:
            return None
        intake = "carried_over"
    else:
        intake = "new_online" if dossier.channel == "online" else "new_direct"

    due = dossier.due
    if finished is None or finished > end:
        return intake, "overdue" if due is not None and due < end else "not_due"
    if dossier.outcome == "resolved":
        if due is None:
            return intake, None
        if finished < due:
            return intake, "early"
        return intake, "on_due_date" if finished == due else "late"
    if dossier.outcome in ("withdrawn", "returned"):
        return intake, dossier.outcome
    return intake, None


@dataclass
class PeriodStats:
    """The whole form for a period: totals, and the same figures by field and by procedure."""

    start: date
    end: date
    total: Counts
    by_field: dict[str, Counts]
    by_procedure: dict[str, Counts]


def period_stats(
    dossiers: Iterable[Dossier],
    start: date,
    end: date,
    field_of: Callable[[str], str | None] = lambda code: None,
) -> PeriodStats:
    """Count every dossier of the period in one pass (``end`` already clipped by the caller)."""
    total = Counts()
    by_field: dict[str, Counts] = {}
    by_procedure: dict[str, Counts] = {}
    for dossier in dossiers:
        place = classify(dossier, start, end)
        if place is None:
            continue
        intake, outcome = place
        procedure = by_procedure.get(dossier.procedure)
        if procedure is None:
            procedure = by_procedure[dossier.procedure] = Counts()
        field_key = field_of(dossier.procedure) or ""
        in_field = by_field.get(field_key)
        if in_field is None:
            in_field = by_field[field_key] = Counts()
        for counts in (total, procedure, in_field):
            setattr(counts, intake, getattr(counts, intake) + 1)
            if outcome is None:
                counts.unclassified.append(dossier.code)
            else:
                setattr(counts, outcome, getattr(counts, outcome) + 1)
    return PeriodStats(start, end, total, by_field, by_procedure)


def monthly_trend(dossiers: Iterable[Dossier], start: date, end: date) -> list[tuple[str, int, int]]:
    """Per month of the period: (``YYYY-MM``, dossiers received, dossiers resolved)."""
    months: dict[str, list[int]] = {}
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        months[f"{cursor.year:04d}-{cursor.month:02d}"] = [0, 0]
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    for dossier in dossiers:
        if dossier.received and start <= dossier.received <= end:
            months[dossier.received.strftime("%Y-%m")][0] += 1
        if dossier.outcome == "resolved" and dossier.finished and start <= dossier.finished <= end:
            months[dossier.finished.strftime("%Y-%m")][1] += 1
    return [(month, received, resolved) for month, (received, resolved) in months.items()]
