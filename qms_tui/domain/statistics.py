"""Period statistics of dossiers, exactly as form 06/VPCP/KSTT (Circular 01/2020/TT-VPCP) counts them.

For a period [start, end], both days included:

- carried over: received before ``start`` and not finished before ``start``;
- new: received within the period, split online / direct-or-postal / channel unknown (an imported list
  that does not say how the dossier came in is counted as such, never guessed);
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
from dataclasses import asdict, field
from datetime import date

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import Dossier


@dataclass
class Counts:
    """The figures of one line of the form (the whole agency, one field or one procedure)."""

    new_online: int = 0
    new_direct: int = 0
    new_unknown: int = 0
    """New dossiers whose channel is unknown (imported from a list without a channel column)."""
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
        return self.new_online + self.new_direct + self.new_unknown

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


_INTAKE = {"online": "new_online", "direct": "new_direct", "postal": "new_direct", "unknown": "new_unknown",
           "": "new_unknown", None: "new_direct"}


def place(received, finished, due, outcome, channel, start, end) -> tuple[str, str | None] | None:
    """Where one dossier falls in [start, end]: ``(intake, outcome)``, or ``None`` if outside it.

    The dates may be ``date`` objects or the store's ISO strings (which sort the same way), so the
    figures can be counted straight from stored documents without building records.
    ``intake`` is ``carried_over``, ``new_online``, ``new_direct`` or ``new_unknown``; ``outcome`` is the name of a
    ``Counts`` field, or ``None`` for a dossier that fits no class (e.g. finished with no outcome).
    """
    if not received or received > end:
        return None
    if received < start:
        if finished and finished < start:
            return None
        intake = "carried_over"
    else:
        intake = _INTAKE.get(channel, "new_direct")
    if not finished or finished > end:
        return intake, "overdue" if due and due < end else "not_due"
    if outcome == "resolved":
        if not due:
            return intake, None
        if finished < due:
            return intake, "early"
        return intake, "on_due_date" if finished == due else "late"
    if outcome in ("withdrawn", "returned"):
        return intake, outcome
    return intake, None


def classify(dossier: Dossier, start: date, end: date) -> tuple[str, str | None] | None:
    """Where one dossier record falls in the period (see ``place``)."""
    d = dossier
    return place(d.received, d.finished, d.due, d.outcome, d.channel, start, end)


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
    """Count every dossier record of the period in one pass (``end`` already clipped by the caller)."""
    rows = ((d.code, d.procedure, classify(d, start, end)) for d in dossiers)
    return _tally(rows, start, end, field_of)


def period_stats_docs(
    docs: Iterable[dict],
    start: date,
    end: date,
    field_of: Callable[[str], str | None] = lambda code: None,
) -> PeriodStats:
    """The same count over stored documents (ISO date strings): no records built, about 5× faster."""
    first, last = start.isoformat(), end.isoformat()
    g = dict.get
    rows = (
        (g(d, "code"), g(d, "procedure"),
         place(g(d, "received"), g(d, "finished"), g(d, "due"), g(d, "outcome"), g(d, "channel"), first, last))
        for d in docs
    )
    return _tally(rows, start, end, field_of)


def _tally(rows, start: date, end: date, field_of: Callable[[str], str | None]) -> PeriodStats:
    total = Counts()
    by_field: dict[str, Counts] = {}
    by_procedure: dict[str, Counts] = {}
    fields: dict[str, str] = {}
    for code, procedure_code, where in rows:
        if where is None:
            continue
        intake, outcome = where
        procedure = by_procedure.get(procedure_code)
        if procedure is None:
            procedure = by_procedure[procedure_code] = Counts()
            fields[procedure_code] = field_of(procedure_code) or ""
        field_key = fields[procedure_code]
        in_field = by_field.get(field_key)
        if in_field is None:
            in_field = by_field[field_key] = Counts()
        for counts in (total, procedure, in_field):
            setattr(counts, intake, getattr(counts, intake) + 1)
            if outcome is None:
                counts.unclassified.append(code)
            else:
                setattr(counts, outcome, getattr(counts, outcome) + 1)
    return PeriodStats(start, end, total, by_field, by_procedure)


def monthly_trend(dossiers: Iterable[Dossier], start: date, end: date) -> list[tuple[str, int, int]]:
    """Per month of the period: (``YYYY-MM``, dossiers received, dossiers resolved)."""
    docs = ({"received": _iso(d.received), "finished": _iso(d.finished), "outcome": d.outcome} for d in dossiers)
    return monthly_trend_docs(docs, start, end)


def monthly_trend_docs(docs: Iterable[dict], start: date, end: date) -> list[tuple[str, int, int]]:
    """``monthly_trend`` over stored documents (ISO date strings)."""
    months: dict[str, list[int]] = {}
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        months[f"{cursor.year:04d}-{cursor.month:02d}"] = [0, 0]
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    first, last = start.isoformat(), end.isoformat()
    for doc in docs:
        received, finished = doc.get("received"), doc.get("finished")
        if received and first <= received <= last:
            months[received[:7]][0] += 1
        if doc.get("outcome") == "resolved" and finished and first <= finished <= last:
            months[finished[:7]][1] += 1
    return [(month, received, resolved) for month, (received, resolved) in months.items()]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
