"""What falls due in the next few working days, across every register: the reminder list behind ``qms due``.

A secretary who hears about an overdue treatment or review action from the auditor has already got a
finding. One list of everything due or overdue, counted in the agency's working days (``WorkingCalendar``:
weekends, holidays and the store's swaps), is what a weekly cron job can mail before that happens.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from qms_tui.domain.compliance import EVENT_INTERVAL_MONTHS
from qms_tui.domain.dates import add_months
from qms_tui.domain.lean import dataclass
from qms_tui.domain.qms import REVIEW_INTERVAL_MONTHS, Qms
from qms_tui.domain.service_index import feedback_due, parameter, scale

DEFAULT_WITHIN = 10
"""Working days ahead that ``qms due`` looks by default (two working weeks)."""

KINDS = (
    "dossier", "feedback", "risk", "nc", "review_action", "plan_task", "procedure_review", "legal_change", "audit",
    "management_review",
)  # fmt: skip
"""The registers, in the order the list shows them."""


@dataclass(frozen=True, fast_init=True)
class DueItem:
    """One thing due: which register, its code, what it is (stored text, unescaped), who and when.

    ``days`` counts working days from the as-of date to ``due`` (negative: that many overdue)."""

    kind: str
    code: str
    what: str
    due: date
    days: int
    owner: str = ""

    @property
    def overdue(self) -> bool:
        return self.days < 0


@dataclass(frozen=True)
class DueList:
    """The items due up to ``horizon`` (``within`` working days after ``today``), by register then date."""

    today: date
    within: int
    horizon: date
    items: tuple[DueItem, ...]

    @property
    def overdue(self) -> list[DueItem]:
        return [i for i in self.items if i.overdue]

    def of_kind(self, kind: str) -> list[DueItem]:
        return [i for i in self.items if i.kind == kind]


def due_list(qms: Qms, within: int = DEFAULT_WITHIN) -> DueList:
    """Everything open whose due date is on or before ``within`` working days from the as-of date."""
    if within < 0:
        raise ValueError("within must be 0 or more working days")
    today = qms.today
    calendar = qms.working_calendar
    horizon = calendar.add_working_days(today, within) or today

    def days(due: date) -> int:
        if due >= today:
            return calendar.working_days_between(today, due)
        return -max(calendar.working_days_between(due, today), 1)  # overdue, if only by a weekend

    items = [
        DueItem(kind, code, what, due, days(due), owner)
        for kind, code, what, due, owner in _candidates(qms)
        if due <= horizon
    ]
    items.sort(key=lambda i: (KINDS.index(i.kind), i.due, i.code))
    return DueList(today, within, horizon, tuple(items))


Candidate = tuple[str, str, str, date, str]


def _candidates(qms: Qms) -> Iterator[Candidate]:
    """Every open obligation with a date, whether or not it falls in the window."""
    procedures = qms.procedure_by_code
    for dossier in qms.in_progress():
        if dossier.due is not None and not dossier.waiting_supplement:
            procedure = procedures.get(dossier.procedure)
            yield "dossier", dossier.code, procedure.name if procedure else dossier.procedure, dossier.due, ""
    yield from _feedback(qms)
    for risk in qms.risks:
        if risk.status != "closed" and risk.due is not None:
            yield "risk", risk.code, risk.treatment or risk.description, risk.due, risk.owner
    for nc in qms.open_nonconformities():
        if nc.deadline is not None:
            what = nc.corrective_action or nc.description
            yield "nc", nc.code, what, nc.deadline, nc.owner
    for action in qms.open_review_actions():
        if action.deadline is not None:
            yield "review_action", action.code, action.text, action.deadline, action.owner
    for task in qms.plan_tasks:
        if task.status != "done" and task.deadline is not None:
            yield "plan_task", task.code, task.task, task.deadline, task.owner
    for procedure in qms.procedures:
        reviewed = max((d for d in (procedure.last_review, procedure.revised) if d), default=None)
        if procedure.status != "retired" and reviewed is not None:
            due = add_months(reviewed, REVIEW_INTERVAL_MONTHS)
            yield "procedure_review", procedure.code, procedure.name, due, procedure.unit
    for change in qms.legal_changes():
        what = f"{change.document.title} → {', '.join(change.pending)}"
        yield "legal_change", change.document.number, what, change.deadline, ""
    yield from _events(qms)


def _feedback(qms: Qms) -> Iterator[Candidate]:
    """Feedback (PAKN) not yet answered, due on its stored date, else the scale's working days (15) after
    receipt: the same date the service index (5.2) and ``qms check`` hold it to."""
    days = parameter(scale(qms.index_scale), "feedback_days")
    calendar = qms.working_calendar
    for item in qms.feedback:
        due = feedback_due(item, calendar, days) if item.handled is None else None
        if due is not None:
            yield "feedback", item.code, item.summary or item.procedure or item.dossier, due, ""


def _events(qms: Qms) -> Iterator[Candidate]:
    """Planned audits on their plan date, and the next internal audit and management review that the
    12-month rule asks for (``compliance.findings``): due today when none is on record."""
    planned = [a for a in qms.audits if a.status == "planned" and a.plan_date is not None]
    for audit in planned:
        yield "audit", audit.code, audit.title, audit.plan_date, ", ".join(audit.auditors)  # type: ignore[misc]
    for kind, table_kind in (("internal_audit", "audit"), ("management_review", "management_review")):
        if table_kind == "audit" and planned:
            continue  # the planned audit is the next one
        last = qms.last_event(kind)
        if last is None or last.date is None:
            yield table_kind, "", "", qms.today, ""  # none on record
        else:
            yield table_kind, last.code, "", add_months(last.date, EVENT_INTERVAL_MONTHS), ""
