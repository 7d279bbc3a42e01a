"""The improvement loop's records: internal audits and their findings, nonconformities with their corrective
actions, and management reviews with their actions (ISO 9001 clauses 9.2, 10.2 and 9.3).

One family of the models (``qms_tui.domain.models`` re-exports them all); the rules that read them
(the NC transitions, what is open or overdue, the derived figures) are ``qms_tui.domain.improvement``.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any, ClassVar

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models.base import (
    ListDates,
    Problem,
    Record,
    _iso,
    _one_of,
    _require,
    _safe_date,
)
from qms_tui.domain.problems import Fault

AUDIT_STATUSES = ("planned", "done", "closed")
CHECK_RESULTS = ("conform", "nonconform", "observation", "n/a")
FINDING_KINDS = ("nonconformity", "observation", "opportunity")
NC_SOURCES = ("audit_finding", "late_dossier", "complaint", "management_review")
NC_STATUSES = ("open", "action_taken", "verified_effective", "closed")
ACTION_STATUSES = ("open", "done")
REVIEW_INPUTS = ("a", "b", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "d", "e", "f")
"""The inputs of a management review, ISO 9001:2015 clause 9.3.2 a) to f) (c has seven items)."""

_CLAUSE = re.compile(r"^(?:[4-9]|10)(?:\.[1-9]\d?){1,3}$")


def valid_clause(text: str) -> bool:
    """A clause of ISO 9001:2015 requirements, 4 to 10, at least at the sub-clause level ("7.2", "8.5.1")."""
    return bool(_CLAUSE.match(text or ""))


def _clause(problems: list[Problem], name: str, value: str, required: bool = False) -> None:
    if not value:
        if required:
            problems.append((name, Fault("p_clause_required", name=name)))
    elif not valid_clause(value):
        problems.append((name, Fault("p_not_clause", value=repr(value))))


def _not_before(problems: list[Problem], name: str, value: date | None, other: date | None, label: str) -> None:
    if value and other and value < other:
        problems.append((name, Fault("p_before_other", label=label, other=f"{other:%d/%m/%Y}")))

@dataclass
class InternalAudit(Record):
    """An internal audit (clause 9.2): its plan, scope, auditors and checklist results.

    ``checklist`` holds ``{item, clause, result, note}`` with result conform / nonconform / observation / n/a.
    """

    code: str = ""
    title: str = ""
    plan_date: date | None = None
    actual_date: date | None = None
    units: list[str] = dataclasses.field(default_factory=list)
    procedures: list[str] = dataclasses.field(default_factory=list)
    auditors: list[str] = dataclasses.field(default_factory=list)
    auditees: list[str] = dataclasses.field(default_factory=list)
    checklist: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    status: str = "planned"
    ref: str = ""
    closed_date: date | None = None
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("plan_date", "actual_date", "closed_date")
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "units", "procedures", "auditors", "auditees", "ref")

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "plan_date", self.plan_date, "the plan date")
        _one_of(problems, "status", self.status, AUDIT_STATUSES)
        if self.status in ("done", "closed") and self.actual_date is None:
            problems.append(("actual_date", Fault("p_audit_needs_date", status=self.status)))
        if self.status == "closed" and self.closed_date is None:
            problems.append(("closed_date", Fault("p_closed_audit_date")))
        if self.status != "closed" and self.closed_date is not None:
            problems.append(("closed_date", Fault("p_only_closed_audit")))
        _not_before(problems, "closed_date", self.closed_date, self.actual_date, Fault("lb_the_audit"))
        for i, check in enumerate(self.checklist, start=1):
            if not isinstance(check, dict) or not str(check.get("item") or "").strip():
                problems.append(("checklist", Fault("p_item_no_text", n=i)))
                continue
            if check.get("clause") and not valid_clause(str(check["clause"])):
                clause = Fault("p_not_clause", value=repr(check["clause"]))
                problems.append(("checklist", Fault("p_item", n=i, problem=clause)))
            if check.get("result") not in CHECK_RESULTS:
                problems.append(("checklist", Fault("p_item", n=i, problem=Fault(
                    "p_not_one_of", value=repr(check.get("result")), allowed=", ".join(CHECK_RESULTS)))))
        return problems


@dataclass
class AuditFinding(Record):
    """A finding of an internal audit: a nonconformity, an observation or an opportunity for improvement."""

    code: str = ""
    audit: str = ""
    kind: str = "nonconformity"
    clause: str = ""
    procedures: list[str] = dataclasses.field(default_factory=list)
    description: str = ""
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "audit", "clause", "procedures")

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "audit", self.audit, "the audit code")
        _one_of(problems, "kind", self.kind, FINDING_KINDS)
        _clause(problems, "clause", self.clause, required=True)
        _require(problems, "description", self.description)
        return problems


@dataclass
class Nonconformity(Record):
    """A nonconformity and its corrective action (clause 10.2), from raising it to closing it.

    open -> action_taken -> verified_effective -> closed: an NC is closed only once the effectiveness of
    its corrective action was checked (date and result) and found effective.
    """

    code: str = ""
    source: str = "audit_finding"
    reference: str = ""
    description: str = ""
    clause: str = ""
    raised: date | None = None
    root_cause: str = ""
    correction: str = ""
    corrective_action: str = ""
    owner: str = ""
    deadline: date | None = None
    status: str = "open"
    action_date: date | None = None
    check_date: date | None = None
    check_result: str = ""
    effective: bool | None = None
    closed_date: date | None = None
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("raised", "deadline", "action_date", "check_date", "closed_date")
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "reference", "clause")

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _one_of(problems, "source", self.source, NC_SOURCES)
        if self.source in ("audit_finding", "late_dossier"):
            _require(problems, "reference", self.reference,
                     "the reference (" + ("finding code" if self.source == "audit_finding" else "dossier code") + ")")
        _require(problems, "description", self.description)
        _clause(problems, "clause", self.clause)
        _require(problems, "raised", self.raised, Fault("lb_raised_date"))
        _one_of(problems, "status", self.status, NC_STATUSES)
        _not_before(problems, "deadline", self.deadline, self.raised, Fault("lb_raised_date"))
        stage = NC_STATUSES.index(self.status) if self.status in NC_STATUSES else 0
        if stage >= 1:
            _require(problems, "root_cause", self.root_cause, "the root cause")
            _require(problems, "corrective_action", self.corrective_action, "the corrective action")
            _require(problems, "owner", self.owner)
            _require(problems, "action_date", self.action_date, "the date the action was taken")
            _not_before(problems, "action_date", self.action_date, self.raised, Fault("lb_raised_date"))
        if stage >= 2:
            if self.check_date is None or not self.check_result.strip() or self.effective is not True:
                problems.append(("status", Fault("p_verify_first", status=self.status)))
            _not_before(problems, "check_date", self.check_date, self.action_date, Fault("lb_corrective_action"))
        if self.status == "closed":
            _require(problems, "closed_date", self.closed_date, "the closing date")
            _not_before(problems, "closed_date", self.closed_date, self.check_date, Fault("lb_effectiveness_check"))
        elif self.closed_date is not None:
            problems.append(("closed_date", Fault("p_only_closed_nc")))
        return problems


@dataclass
class ReviewAction:
    """One action decided by a management review (stored inside the review, dates as ISO strings)."""

    code: str
    text: str
    owner: str = ""
    deadline: date | None = None
    status: str = "open"
    done_date: date | None = None
    review: str = ""
    """The review that decided it (filled when read from a review)."""

    def overdue(self, today: date) -> bool:
        return self.status != "done" and self.deadline is not None and self.deadline < today

    def to_doc(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "owner": self.owner, "deadline": _iso(self.deadline),
                "status": self.status, "done_date": _iso(self.done_date)}


@dataclass
class ManagementReview(Record):
    """A management review (clause 9.3): who, which 9.3.2 inputs were covered, decisions and actions."""

    code: str = ""
    date: date | None = None
    chair: str = ""
    attendees: list[str] = dataclasses.field(default_factory=list)
    inputs: list[str] = dataclasses.field(default_factory=list)
    decisions: list[str] = dataclasses.field(default_factory=list)
    actions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    ref: str = ""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("date",)
    LIST_DATES: ClassVar[ListDates] = (("actions", "action", ("deadline", "done_date")),)
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "chair", "attendees", "ref")

    def action_list(self) -> list[ReviewAction]:
        """The actions as records (dates parsed; an unreadable date reads as none, ``problems`` says so)."""
        result = []
        for doc in self.actions:
            result.append(ReviewAction(
                code=str(doc.get("code") or ""), text=str(doc.get("text") or ""), owner=str(doc.get("owner") or ""),
                deadline=_safe_date(doc.get("deadline")), status=str(doc.get("status") or "open"),
                done_date=_safe_date(doc.get("done_date")), review=self.code,
            ))
        return result

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "date", self.date)
        _require(problems, "chair", self.chair)
        unknown = [i for i in self.inputs if i not in REVIEW_INPUTS]
        if unknown:
            problems.append(("inputs", Fault("p_unknown_inputs", codes=", ".join(unknown),
                                             allowed=", ".join(REVIEW_INPUTS))))
        seen: set[str] = set()
        for i, doc in enumerate(self.actions, start=1):
            code = str(doc.get("code") or "") if isinstance(doc, dict) else ""
            where = Fault("p_action_n", code=code or i)
            if not isinstance(doc, dict) or not code:
                problems.append(("actions", Fault("p_action_no_code", n=i)))
                continue
            if code in seen:
                problems.append(("actions", Fault("p_action_twice", where=where)))
            seen.add(code)
            if not str(doc.get("text") or "").strip():
                problems.append(("actions", Fault("p_action_no_text", where=where)))
            for name in ("deadline", "done_date"):
                if doc.get(name) and _safe_date(doc.get(name)) is None:
                    problems.append(("actions", Fault("p_action_bad", where=where, problem=Fault(
                        "p_named_not_date", name=name, value=repr(doc.get(name))))))
            status = doc.get("status") or "open"
            if status not in ACTION_STATUSES:
                problems.append(("actions", Fault("p_action_bad", where=where, problem=Fault(
                    "p_not_one_of", value=repr(status), allowed=", ".join(ACTION_STATUSES)))))
            if status == "done" and not doc.get("done_date"):
                problems.append(("actions", Fault("p_action_bad", where=where, problem=Fault("p_done_action_date"))))
            if status != "done" and doc.get("done_date"):
                only_done = Fault("p_only_done_action_date")
                problems.append(("actions", Fault("p_action_bad", where=where, problem=only_done)))
        return problems
