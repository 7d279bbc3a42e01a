"""The dossiers of a period, each with its place on the statistics form, filtered the way the TUI offers.

The list view must stay fast at 100,000 dossiers, so the rows are classified once per snapshot and period
(with ``statistics.classify``, the same rule as the figures) and filtering is a plain pass over them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import Dossier
from qms_tui.domain.statistics import classify

STATUSES = ("all", "in_progress", "overdue", "attention", "resolved", "late", "withdrawn_returned")
"""Status filters, in the order the ``t`` key cycles them."""

RESOLVED = frozenset({"early", "on_due_date", "late"})
IN_PROGRESS = frozenset({"not_due", "overdue"})
WITHDRAWN_RETURNED = frozenset({"withdrawn", "returned"})


@dataclass(frozen=True, slots=True, fast_init=True)
class DossierRow:
    """One dossier of the period and its outcome class (a ``Counts`` field name, or ``unclassified``)."""

    dossier: Dossier
    outcome: str


def period_rows(dossiers: Iterable[Dossier], start, end) -> list[DossierRow]:
    """Every dossier counted in [start, end], in store order, with the class the form puts it in."""
    rows = []
    for dossier in dossiers:
        place = classify(dossier, start, end)
        if place is not None:
            rows.append(DossierRow(dossier, place[1] or "unclassified"))
    return rows


def status_matches(row: DossierRow, status: str, attention: frozenset[str] = frozenset()) -> bool:
    """Whether ``row`` passes the status filter (``attention`` holds the codes due soon or overdue)."""
    outcome = row.outcome
    if status == "all":
        return True
    if status == "in_progress":
        return outcome in IN_PROGRESS
    if status == "overdue":
        return outcome == "overdue"
    if status == "attention":
        return outcome in IN_PROGRESS and row.dossier.code in attention
    if status == "resolved":
        return outcome in RESOLVED
    if status == "late":
        return outcome == "late"
    if status == "withdrawn_returned":
        return outcome in WITHDRAWN_RETURNED
    raise ValueError(f"unknown status filter {status!r}")


def filter_rows(
    rows: Iterable[DossierRow],
    *,
    status: str = "all",
    field: str | None = None,
    procedure: str | None = None,
    field_of: Callable[[str], str | None] = lambda code: None,
    attention: frozenset[str] = frozenset(),
) -> list[DossierRow]:
    """The rows passing all three filters; ``None`` means "any" for field and procedure."""
    result = []
    for row in rows:
        if procedure is not None and row.dossier.procedure != procedure:
            continue
        if field is not None and field_of(row.dossier.procedure) != field:
            continue
        if status_matches(row, status, attention):
            result.append(row)
    return result
