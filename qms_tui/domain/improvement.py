"""Improvement (ISO 9001:2015 clauses 9.2, 9.3 and 10.2): the rules and the derived figures.

Internal audits raise findings; nonconformities (from an audit finding, a dossier returned late, a
complaint or a management review) go through ``open -> action_taken -> verified_effective -> closed``;
management reviews decide actions with owners and deadlines. Everything here works on plain records and
an "as of" day, so that the CLI, the reports and the TUI count the same way:

- a nonconformity that is not closed and whose deadline has passed is *overdue*; *days open* run from the
  day it was raised to the day it was closed (or to today), *days overdue* from its deadline to today;
- a review action that is not done and whose deadline has passed is overdue;
- a nonconformity is closed only after the effectiveness of its corrective action was verified (a check
  date and a result, found effective): the transitions below refuse anything else, and the model's
  ``problems()`` refuses a stored record that skips the step.

The transitions return a changed copy and raise ``RuleError`` (a ``(field, message)`` list, like a
``ValidationError``) when the rule forbids the change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.models import (
    NC_STATUSES,
    AuditFinding,
    Dossier,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    QmsEvent,
    Record,
    ReviewAction,
)
from qms_tui.domain.problems import Fault, Joined, Term, say

if TYPE_CHECKING:
    from qms_tui.domain.qms import Qms

Problem = tuple[str, str]

NC_PREFIX = "KPH"
"""Nonconformities are numbered ``KPH-<year>-NN`` (không phù hợp) unless the user gives a code."""


class RuleError(Exception):
    """A change that the improvement rules forbid; ``problems`` holds ``(field, message)`` pairs."""

    exit_code = 1

    def __init__(self, what: str, problems: list[Problem]) -> None:
        self.what = what
        self.problems = problems
        super().__init__(f"{what}: " + "; ".join(f"{name}: {message}" for name, message in problems))

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``Fault``s worded when shown); ``str()`` is English."""
        return f"{self.what}: " + "; ".join(f"{name}: {say(message, lang)}" for name, message in self.problems)


def _fail(what: str, name: str, message: object) -> RuleError:
    return RuleError(what, [(name, message)])


# -- nonconformities: derived figures ------------------------------------------------------------------


def is_open(nc: Nonconformity) -> bool:
    """Not closed yet (open, action taken or verified effective)."""
    return nc.status != "closed"


def open_on(nc: Nonconformity, day: date) -> bool:
    """Open on ``day``: raised by then (a record without a raising date counts as raised) and not closed by
    then. The one definition of an open nonconformity: on the as-of day, one closed after it was still open,
    and one raised after it was not open yet."""
    if nc.raised is not None and nc.raised > day:
        return False
    return is_open(nc) or (nc.closed_date is not None and nc.closed_date > day)


def nc_overdue(nc: Nonconformity, today: date) -> bool:
    """Open on ``today`` (``open_on``) and past its deadline (the deadline day itself is not overdue yet)."""
    return open_on(nc, today) and nc.deadline is not None and nc.deadline < today


def nc_days_open(nc: Nonconformity, today: date) -> int | None:
    """Calendar days from raising it to closing it, or to ``today`` while it is not closed."""
    if nc.raised is None:
        return None
    end = nc.closed_date if nc.status == "closed" and nc.closed_date else today
    return max((end - nc.raised).days, 0)


def nc_days_overdue(nc: Nonconformity, today: date) -> int:
    """Calendar days past the deadline (0 when not overdue)."""
    return (today - nc.deadline).days if nc_overdue(nc, today) and nc.deadline else 0


def open_nonconformities(ncs: Iterable[Nonconformity], today: date) -> list[Nonconformity]:
    """Nonconformities open on ``today`` (``open_on``), soonest deadline first (those without one last)."""
    return sorted((nc for nc in ncs if open_on(nc, today)), key=lambda nc: (nc.deadline or date.max, nc.code))


def overdue_nonconformities(ncs: Iterable[Nonconformity], today: date) -> list[Nonconformity]:
    """Nonconformities open on ``today`` whose deadline has passed, most overdue first."""
    return [nc for nc in open_nonconformities(ncs, today) if nc_overdue(nc, today)]


def status_counts(ncs: Iterable[Nonconformity], today: date) -> dict[str, int]:
    """How many nonconformities in each status, and how many are overdue."""
    counts = dict.fromkeys(NC_STATUSES, 0)
    counts["overdue"] = 0
    for nc in ncs:
        counts[nc.status] = counts.get(nc.status, 0) + 1
        counts["overdue"] += nc_overdue(nc, today)
    return counts


# -- review actions ------------------------------------------------------------------------------------


def review_actions(reviews: Iterable[ManagementReview]) -> list[ReviewAction]:
    """Every action of every review, in the order of the reviews' dates."""
    ordered = sorted(reviews, key=lambda r: (r.date or date.min, r.code))
    return [action for review in ordered for action in review.action_list()]


def open_review_actions(reviews: Iterable[ManagementReview]) -> list[ReviewAction]:
    """Actions not done, soonest deadline first."""
    actions = [a for a in review_actions(reviews) if a.status != "done"]
    return sorted(actions, key=lambda a: (a.deadline or date.max, a.code))


def overdue_review_actions(reviews: Iterable[ManagementReview], today: date) -> list[ReviewAction]:
    """Actions not done whose deadline has passed."""
    return [a for a in open_review_actions(reviews) if a.overdue(today)]


def action_days_overdue(action: ReviewAction, today: date) -> int:
    return (today - action.deadline).days if action.overdue(today) and action.deadline else 0


def find_action(reviews: Iterable[ManagementReview], code: str) -> tuple[ManagementReview, ReviewAction] | None:
    for review in reviews:
        for action in review.action_list():
            if action.code == code:
                return review, action
    return None


# -- audits and reviews as QMS events (the 12-month rule) ----------------------------------------------


def audit_events(audits: Iterable[InternalAudit]) -> list[QmsEvent]:
    """Audits that were held, as ``internal_audit`` events (planned ones are not events yet)."""
    return [
        QmsEvent(a.code, "internal_audit", a.actual_date, a.ref, a.title)
        for a in audits
        if a.status in ("done", "closed") and a.actual_date
    ]


def review_events(reviews: Iterable[ManagementReview]) -> list[QmsEvent]:
    """Management reviews as ``management_review`` events."""
    return [QmsEvent(r.code, "management_review", r.date, r.ref, "") for r in reviews if r.date]


# -- dossiers returned late ----------------------------------------------------------------------------


def dossier_lateness(dossier: Dossier, today: date, calendar: WorkingCalendar) -> int | None:
    """Working days late: a result returned after its due date, or still open past it; else ``None``."""
    if dossier.due is None:
        return None
    if dossier.finished is not None and dossier.finished <= today:
        if dossier.outcome == "resolved" and dossier.finished > dossier.due:
            return calendar.working_days_between(dossier.due, dossier.finished)
        return None
    if dossier.due < today:
        return calendar.working_days_between(dossier.due, today)
    return None


def nc_from_dossier(
    dossier: Dossier, code: str, today: date, calendar: WorkingCalendar, procedure_name: str = "", **values: Any
) -> Nonconformity:
    """A nonconformity for a dossier returned late (or still open past its due date).

    Refuses a dossier that is not late: that is not a nonconforming output.
    """
    late = dossier_lateness(dossier, today, calendar)
    what = f"nonconformities {code}"
    if late is None:
        if dossier.finished is not None and dossier.finished <= today and dossier.outcome == "resolved":
            why = Fault("p_returned_on_time", day=f"{dossier.finished:%d/%m/%Y}", due=_dmy(dossier.due))
        elif dossier.finished is not None and dossier.finished <= today:
            why = Fault("p_finished_without_result", outcome=dossier.outcome, day=f"{dossier.finished:%d/%m/%Y}")
        else:
            why = Fault("p_not_past_due", due=_dmy(dossier.due))
        raise _fail(what, "reference", Fault("p_not_late", code=dossier.code, why=why))
    name = f" ({dossier.procedure} {procedure_name})" if procedure_name else f" ({dossier.procedure})"
    if dossier.finished is not None and dossier.finished <= today:
        text = (f"Hồ sơ {dossier.code}{name} trả kết quả trễ hạn {late} ngày làm việc "
                f"(hẹn trả {_dmy(dossier.due)}, trả {_dmy(dossier.finished)})")
    else:
        text = f"Hồ sơ {dossier.code}{name} đang giải quyết quá hạn {late} ngày làm việc (hẹn trả {_dmy(dossier.due)})"
    fields = {"description": text, "clause": "8.7", "raised": today, **{k: v for k, v in values.items() if v}}
    return Nonconformity(code=code, source="late_dossier", reference=dossier.code, **fields)


def nc_from_finding(finding: AuditFinding, code: str, raised: date, **values: Any) -> Nonconformity:
    """A nonconformity for an audit finding: its description and clause unless given."""
    fields = {"description": finding.description, "clause": finding.clause, **{k: v for k, v in values.items() if v}}
    return Nonconformity(code=code, source="audit_finding", reference=finding.code, raised=raised, **fields)


def next_code(existing: Iterable[str], prefix: str) -> str:
    """``prefix`` followed by the next free two-digit number (``KPH-2024-06``)."""
    taken = set(existing)
    number = 1
    while f"{prefix}{number:02d}" in taken:
        number += 1
    return f"{prefix}{number:02d}"


def next_nc_code(ncs: Iterable[Nonconformity], year: int) -> str:
    return next_code((nc.code for nc in ncs), f"{NC_PREFIX}-{year}-")


# -- nonconformity transitions -------------------------------------------------------------------------


def take_action(
    nc: Nonconformity,
    on: date,
    *,
    root_cause: str | None = None,
    correction: str | None = None,
    corrective_action: str | None = None,
    owner: str | None = None,
    deadline: date | None = None,
) -> Nonconformity:
    """Record the cause, the correction and the corrective action taken: ``open -> action_taken``.

    Also updates an NC already in ``action_taken``; a verified or closed one is not changed any more.
    """
    what = f"nonconformities {nc.code}"
    if nc.status not in ("open", "action_taken"):
        raise _fail(what, "status", Fault("p_nc_action_fixed", status=Term(nc.status, "nc_")))
    changed = dataclasses.replace(
        nc,
        root_cause=root_cause if root_cause is not None else nc.root_cause,
        correction=correction if correction is not None else nc.correction,
        corrective_action=corrective_action if corrective_action is not None else nc.corrective_action,
        owner=owner if owner is not None else nc.owner,
        deadline=deadline or nc.deadline,
        status="action_taken",
        action_date=on,
    )
    missing = [(name, f"is needed to record the action ({label})") for name, label in
               (("root_cause", "--root-cause"), ("corrective_action", "--action"), ("owner", "--owner"))
               if not getattr(changed, name).strip()]
    if missing:
        raise RuleError(what, missing)
    if nc.raised and on < nc.raised:
        raise _fail(what, "action_date", Fault("p_date_before", value=_dmy(on), before=Fault("p_the_nc_raised"),
                                               other=_dmy(nc.raised)))
    return changed


def verify(nc: Nonconformity, on: date, result: str, effective: bool) -> Nonconformity:
    """Check the effectiveness of the corrective action: ``action_taken -> verified_effective``.

    Found not effective, the NC goes back to ``open`` (a new corrective action is needed); the check's
    date and result stay recorded.
    """
    what = f"nonconformities {nc.code}"
    if nc.status != "action_taken":
        why = {"open": Fault("p_nc_no_action_yet"), "verified_effective": Fault("p_nc_already_verified"),
               "closed": Fault("p_nc_is_closed")}.get(nc.status, Term(nc.status, "nc_"))
        raise _fail(what, "status", Fault("p_nc_cannot_verify", why=why))
    if not result.strip():
        raise _fail(what, "check_result", Fault("p_check_result_required"))
    if nc.action_date and on < nc.action_date:
        raise _fail(what, "check_date", Fault("p_date_before", value=_dmy(on), before=Fault("p_the_action_taken"),
                                              other=_dmy(nc.action_date)))
    return dataclasses.replace(
        nc, check_date=on, check_result=result.strip(), effective=effective,
        status="verified_effective" if effective else "open",
    )


def close(nc: Nonconformity, on: date) -> Nonconformity:
    """``verified_effective -> closed``: refused before the effectiveness was verified."""
    what = f"nonconformities {nc.code}"
    if nc.status == "closed":
        raise _fail(what, "status", Fault("p_already_closed"))
    if nc.status != "verified_effective" or nc.check_date is None or nc.effective is not True:
        raise _fail(what, "status", Fault("p_nc_close_unverified", status=Term(nc.status, "nc_")))
    if on < nc.check_date:
        raise _fail(what, "closed_date", Fault("p_date_before", value=_dmy(on), before=Fault("p_the_check"),
                                               other=_dmy(nc.check_date)))
    return dataclasses.replace(nc, status="closed", closed_date=on)


# -- audit transitions -----------------------------------------------------------------------------------


def audit_held(audit: InternalAudit, on: date) -> InternalAudit:
    """``planned -> done`` on the day it was held."""
    if audit.status == "closed":
        raise _fail(f"audits {audit.code}", "status", Fault("p_is_closed"))
    return dataclasses.replace(audit, status="done", actual_date=on)


def add_check(audit: InternalAudit, item: str, clause: str, result: str, note: str = "") -> InternalAudit:
    """Append one checklist result (the model validates the clause and the result)."""
    if audit.status == "closed":
        raise _fail(f"audits {audit.code}", "status", Fault("p_audit_checklist_closed"))
    entry = {"item": item, "clause": clause, "result": result, "note": note}
    return dataclasses.replace(audit, checklist=[*audit.checklist, entry])


def check_finding(audit: InternalAudit | None, finding: AuditFinding) -> None:
    """A finding belongs to an audit that was held and is not closed."""
    what = f"audit_findings {finding.code}"
    if audit is None:
        raise _fail(what, "audit", Fault("p_unknown_audit", code=finding.audit))
    if audit.status == "planned":
        raise _fail(what, "audit", Fault("p_audit_not_held", code=audit.code))
    if audit.status == "closed":
        raise _fail(what, "audit", Fault("p_code_closed", code=audit.code))


def close_audit(
    audit: InternalAudit, findings: Iterable[AuditFinding], ncs: Iterable[Nonconformity], on: date
) -> InternalAudit:
    """``done -> closed`` once every nonconformity it found has a nonconformity record that is closed."""
    what = f"audits {audit.code}"
    if audit.status == "planned":
        raise _fail(what, "status", Fault("p_not_held_cannot_close"))
    if audit.status == "closed":
        raise _fail(what, "status", Fault("p_already_closed"))
    if audit.actual_date and on < audit.actual_date:
        raise _fail(what, "closed_date", Fault("p_date_before", value=_dmy(on), before=Fault("p_the_audit"),
                                               other=_dmy(audit.actual_date)))
    raised = {nc.reference: nc for nc in ncs if nc.source == "audit_finding"}
    pending = []
    for finding in findings:
        if finding.audit != audit.code or finding.kind != "nonconformity":
            continue
        nc = raised.get(finding.code)
        if nc is None:
            pending.append(Fault("p_finding_no_nc", finding=finding.code))
        elif nc.status != "closed":
            pending.append(Fault("p_finding_nc_status", finding=finding.code, nc=nc.code,
                                 status=Term(nc.status, "nc_")))
    if pending:
        raise _fail(what, "status", Fault("p_ncs_open", codes=Joined(pending, ", ")))
    return dataclasses.replace(audit, status="closed", closed_date=on)


# -- review transitions ----------------------------------------------------------------------------------


def add_action(review: ManagementReview, action: ReviewAction, existing_codes: Iterable[str]) -> ManagementReview:
    """Append an action; its code must be new across all reviews."""
    what = f"reviews {review.code}"
    if action.code in set(existing_codes):
        raise _fail(what, "actions", Fault("p_action_code_used", code=action.code))
    if not action.text.strip():
        raise _fail(what, "actions", Fault("p_action_text_required"))
    if action.deadline and review.date and action.deadline < review.date:
        raise _fail(what, "actions", Fault("p_deadline_before_review", deadline=_dmy(action.deadline),
                                           other=_dmy(review.date)))
    return dataclasses.replace(review, actions=[*review.actions, action.to_doc()])


def action_done(review: ManagementReview, code: str, on: date) -> ManagementReview:
    """Mark one of the review's actions done on ``on``."""
    what = f"reviews {review.code}"
    actions = []
    for action in review.action_list():
        if action.code == code:
            if action.status == "done":
                raise _fail(what, "actions", Fault("p_action_already_done", code=code, day=_dmy(action.done_date)))
            if review.date and on < review.date:
                raise _fail(what, "actions", Fault("p_date_before", value=_dmy(on), before=Fault("p_the_review"),
                                               other=_dmy(review.date)))
            action = dataclasses.replace(action, status="done", done_date=on)
        actions.append(action.to_doc())
    return dataclasses.replace(review, actions=actions)


# -- references to other tables (qms check and every write) ---------------------------------------------


def reference_problems(qms: Qms, table: str, record: Record) -> list[Problem]:
    """References of an improvement record to staff, units, procedures, audits, findings and dossiers."""
    problems: list[Problem] = []
    staff, procedures = qms.staff_by_code, qms.procedure_by_code
    units = set(qms.organisation.units)

    def unknown(name: str, codes: Iterable[str], known: Any, what: str) -> None:
        missing = [c for c in codes if c and c not in known]
        if missing:
            problems.append((name, Fault("p_unknown_codes", what=what, codes=", ".join(missing))))

    if isinstance(record, InternalAudit):
        if units:
            unknown("units", record.units, units, "unit(s)")
        unknown("procedures", record.procedures, procedures, "procedure(s)")
        unknown("auditors", record.auditors, staff, "staff")
        unknown("auditees", record.auditees, staff, "staff")
    elif isinstance(record, AuditFinding):
        unknown("audit", [record.audit], {a.code for a in qms.audits}, "audit")
        unknown("procedures", record.procedures, procedures, "procedure(s)")
    elif isinstance(record, Nonconformity):
        if record.source == "audit_finding":
            unknown("reference", [record.reference], {f.code for f in qms.audit_findings}, "audit finding")
        elif record.source == "late_dossier":
            unknown("reference", [record.reference], qms.dossier_codes, "dossier")
        elif record.source == "management_review":
            unknown("reference", [record.reference], {r.code for r in qms.reviews}, "management review")
    elif isinstance(record, ManagementReview):
        unknown("chair", [record.chair], staff, "staff")
        unknown("attendees", record.attendees, staff, "staff")
    return problems


def duplicate_action_codes(reviews: Iterable[ManagementReview]) -> list[str]:
    """Action codes used by more than one review (each action code names one action)."""
    seen: dict[str, str] = {}
    duplicates = []
    for review in reviews:
        for action in review.action_list():
            if action.code in seen and seen[action.code] != review.code:
                duplicates.append(action.code)
            seen.setdefault(action.code, review.code)
    return duplicates


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"
