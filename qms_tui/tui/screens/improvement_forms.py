"""The Improvement screen's data entry (``a`` adds, ``e`` edits): a nonconformity, an action decided at
a management review, an internal audit and an audit finding.

Nothing here draws a form or writes a file: the forms are ``forms.FormSpec``s shown by the shared
``dialogs.form.FormDialog``, and they save through the shared write services (``services.add_record`` and
``services.edit_record``), which read the typed text, validate it with the models' rules (an NC is not
verified before its corrective action is recorded, nor closed before its effectiveness was checked and
found effective), write in one locked transaction and log the change. On top of that these forms check an
NC's reference (the finding, dossier or review it names) and apply ``domain.improvement.add_action`` to a
new review action (code unique across reviews, deadline not before the review). An audit and a finding
get the checks of ``qms audit add|finding|close``: references to units, staff and procedures, a finding only
for an audit held and not closed, an audit closed only once every nonconformity it found is closed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from qms_tui import services
from qms_tui.domain import improvement
from qms_tui.domain.dates import date_problem, parse_date
from qms_tui.domain.models import (
    ACTION_STATUSES,
    AUDIT_STATUSES,
    FINDING_KINDS,
    NC_SOURCES,
    NC_STATUSES,
    AuditFinding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    ReviewAction,
)
from qms_tui.domain.qms import Qms
from qms_tui.labels import tr
from qms_tui.services.common import EditResult, find_conflicts
from qms_tui.store import Store, Transaction, ValidationError
from qms_tui.tui.forms.fields import Field, FormSpec, as_text, record_values

TABLE = "nonconformities"


def _date(name: str, label: str, *, required: bool = False) -> Field:
    """A dd/mm/yyyy field."""
    return Field(name, tr(label), "date", required=required, placeholder=tr("ph_date"))


# -- nonconformities ------------------------------------------------------------------------------------


def nc_fields(editing: bool) -> list[Field]:
    """Where it comes from, what it is, the action, the effectiveness check, the closing — in that order."""
    return [
        Field("code", tr("f_code"), required=True, locked=editing, placeholder="KPH-2024-06"),
        Field("source", tr("f_source"), "choice", tuple((s, tr(f"src_{s}")) for s in NC_SOURCES)),
        Field("reference", tr("fi_reference"), placeholder=tr("ph_nc_reference")),
        Field("description", tr("f_description"), required=True),
        Field("clause", tr("fi_clause"), placeholder="8.5.1"),
        _date("raised", "fi_raised", required=True),
        Field("owner", tr("f_owner")),
        _date("deadline", "fi_deadline"),
        Field("correction", tr("fi_correction")),
        Field("root_cause", tr("fi_root_cause")),
        Field("corrective_action", tr("fi_corrective_action")),
        Field("status", tr("f_status"), "choice", tuple((s, tr(f"nc_{s}")) for s in NC_STATUSES)),
        _date("action_date", "fi_action_date"),
        _date("check_date", "fi_check_date"),
        Field("check_result", tr("fi_check_result")),
        Field("effective", tr("fi_effective"), "choice", (("yes", tr("yes")), ("no", tr("no"))),
              blank=tr("choice_not_assessed")),
        _date("closed_date", "fi_closed_date"),
    ]


def _reference_check(store_or_tx: Store | Transaction, record: Nonconformity) -> None:
    """Refuse a reference to a finding, dossier or review that does not exist (as ``qms nc add`` does)."""
    qms = store_or_tx.qms if isinstance(store_or_tx, Transaction) else store_or_tx.snapshot()
    problems = improvement.reference_problems(qms, TABLE, record)
    if problems:
        raise ValidationError(f"{TABLE} {record.code}", problems)


def nc_form(store: Store, qms: Qms, nc: Nonconformity | None = None) -> FormSpec:
    """Raise a nonconformity (numbered ``KPH-<year>-NN``, raised today, open), or edit ``nc``."""
    fields = nc_fields(nc is not None)
    if nc is None:
        values = {"code": improvement.next_nc_code(qms.nonconformities, qms.today.year), "source": "audit_finding",
                  "raised": as_text(qms.today), "status": "open"}

        def add(typed: dict[str, Any]) -> EditResult:
            """Check the reference, then add through the shared service."""
            _reference_check(store, Nonconformity(code=str(typed.get("code") or ""),
                                                  source=str(typed.get("source") or ""),
                                                  reference=str(typed.get("reference") or "")))
            return services.add_record(store, TABLE, typed)

        return FormSpec(tr("form_add_nonconformities"), fields, values, add)
    code = nc.code

    def edit(changes: dict[str, Any], base: dict[str, Any] | None = None) -> EditResult:
        """Change the typed fields; the reference is checked with the changes applied, under the lock."""
        return services.edit_record(store, TABLE, code, changes, adjust=_reference_check, base=base)

    return FormSpec(tr("form_edit_nonconformities", code=code), fields, record_values(nc, fields), edit,
                    editing=True, base=nc.to_doc())


# -- review actions ------------------------------------------------------------------------------------


def action_fields(qms: Qms, editing: bool) -> list[Field]:
    """The review that decided it, its code, what, who, by when, done or not."""
    reviews = sorted(qms.reviews, key=lambda r: (r.date or date.min, r.code), reverse=True)
    return [
        Field("review", tr("fi_review"), "choice",
              tuple((r.code, f"{r.code} · {as_text(r.date)}") for r in reviews), locked=editing),
        Field("code", tr("f_code"), required=True, locked=editing, placeholder="XXLD-2024-04"),
        Field("text", tr("fi_action_text"), required=True),
        Field("owner", tr("f_owner")),
        _date("deadline", "fi_deadline"),
        Field("status", tr("f_status"), "choice",
              tuple((s, tr("act_done") if s == "done" else tr("act_open")) for s in ACTION_STATUSES)),
        _date("done_date", "fi_done_date"),
    ]


def _read_action(code: str, values: Mapping[str, Any], current: ReviewAction | None, today: date,
                 what: str) -> ReviewAction:
    """An action from the typed text (unchanged fields from ``current``); a done action gets today's date
    when none is typed. Dates that cannot be read, or are implausible around ``today``, are refused with the
    field's name."""
    problems: list[tuple[str, str]] = []

    def day(name: str) -> date | None:
        """A typed date, the current one, or none."""
        if name not in values:
            return getattr(current, name) if current is not None else None
        text = str(values[name] or "").strip()
        if not text:
            return None
        try:
            parsed = parse_date(text)
        except ValueError as exc:
            problems.append((name, str(exc)))
            return None
        why = date_problem(parsed, today)
        if why:
            problems.append((name, why))
        return parsed

    def text(name: str) -> str:
        """A typed text, else the current one."""
        if name in values:
            return str(values[name] or "").strip()
        return str(getattr(current, name)) if current is not None else ""

    status = text("status") or "open"
    done = day("done_date")
    if status == "done" and done is None:
        done = today
    if status != "done":
        done = None
    action = ReviewAction(code=code, text=text("text"), owner=text("owner"), deadline=day("deadline"),
                          status=status, done_date=done)
    if not action.text:
        problems.append(("text", "is required"))
    if problems:
        raise ValidationError(what, problems)
    return action


def action_form(store: Store, qms: Qms, action: ReviewAction | None = None,
                on_saved: Callable[[str], None] | None = None) -> FormSpec:
    """Add an action to a management review (code ``<review>-NN``), or edit ``action``.

    ``on_saved`` hears the action's code before the screen redraws (the service's result names the review).
    """
    fields = action_fields(qms, action is not None)
    today = qms.today

    def saved(code: str) -> None:
        if on_saved is not None:
            on_saved(code)

    if action is None:
        latest = max(qms.reviews, key=lambda r: (r.date or date.min, r.code), default=None)
        codes = [a.code for a in qms.review_actions()]
        values = {"status": "open"}
        if latest is not None:
            values.update(review=latest.code, code=improvement.next_code(codes, f"{latest.code}-"))

        def add(typed: dict[str, Any]) -> EditResult:
            """Append the action to its review through ``improvement.add_action``, under the lock."""
            review_code = str(typed.get("review") or "")
            code = str(typed.get("code") or "").strip()
            what = f"reviews {review_code or '?'}"
            if not code:
                raise ValidationError(what, [("code", "is required")])

            def append(tx: Transaction, review: ManagementReview) -> None:
                new = _read_action(code, typed, None, today, what)
                taken = [a.code for r in tx.qms.reviews for a in r.action_list()]
                try:
                    review.actions = improvement.add_action(review, new, taken).actions
                except improvement.RuleError as exc:
                    raise ValidationError(exc.what, exc.problems) from None

            result = services.edit_record(store, "reviews", review_code, {}, action="add", adjust=append,
                                          summary=f"action {code}")
            saved(code)
            return result

        return FormSpec(tr("form_add_actions"), fields, values, add, aliases={"actions": ""},
                        saved_message=lambda result: tr("im_action_added", code=values.get("code", "")))
    code, review_code = action.code, action.review

    def edit(changes: dict[str, Any], base: dict[str, Any] | None = None) -> EditResult:
        """Change the typed fields of the action inside its review (``base``: the action when the form
        opened; a typed field someone else changed meanwhile is a ``services.EditConflict``)."""
        what = f"reviews {review_code}"

        def change(tx: Transaction, review: ManagementReview) -> None:
            current = next((a for a in review.action_list() if a.code == code), None)
            if current is None:
                raise ValidationError(what, [("code", f"{code} is no longer an action of {review_code}")])
            new = _read_action(code, changes, current, today, what)
            clash = find_conflicts(base, current.to_doc(), new.to_doc(), changes) if base is not None else []
            if clash:
                raise services.EditConflict(what, clash, current.to_doc(), current)
            if new.deadline and review.date and new.deadline < review.date:
                raise ValidationError(what, [("deadline", f"{new.deadline:%d/%m/%Y} is before the review "
                                                          f"({review.date:%d/%m/%Y})")])
            review.actions = [new.to_doc() if doc.get("code") == code else doc for doc in review.actions]

        result = services.edit_record(store, "reviews", review_code, {}, adjust=change, summary=f"action {code}")
        saved(code)
        return result

    values = {"review": review_code, **record_values(action, fields)}
    return FormSpec(tr("form_edit_actions", code=code), fields, values, edit, editing=True, aliases={"actions": ""},
                    saved_message=lambda result: tr("im_action_saved", code=code), base=action.to_doc())


# -- internal audits and their findings ----------------------------------------------------------------

AUDIT_PREFIX = "DGNB"
"""Internal audits are numbered ``DGNB-<year>`` (đánh giá nội bộ); their findings ``DGNB-<year>-NN``."""


def _codes(text: Any) -> list[str]:
    """Comma-separated codes as a list (the services would keep ``"NV001, NV002"`` as one item)."""
    if isinstance(text, list):
        return text
    return list(dict.fromkeys(part.strip() for part in str(text or "").split(",") if part.strip()))


def _listed(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """``values`` with its code fields split into lists."""
    return {k: _codes(v) if k in names else v for k, v in values.items()}


def _rule(what: str, check: Callable[[], Any]) -> Any:
    """Run a domain rule; its ``RuleError`` becomes the ``ValidationError`` a form shows on the field."""
    try:
        return check()
    except improvement.RuleError as exc:
        raise ValidationError(exc.what or what, exc.problems) from None


def next_audit_code(qms: Qms) -> str:
    """``DGNB-<year>`` for this year or the next free year (``DGNB-<year>-NN`` names findings, not audits)."""
    taken = {a.code for a in qms.audits}
    year = qms.today.year
    while f"{AUDIT_PREFIX}-{year}" in taken:
        year += 1
    return f"{AUDIT_PREFIX}-{year}"


def audit_fields(editing: bool) -> list[Field]:
    """Code, title, planned and held dates, scope (units, procedures), auditors, auditees, status, closing."""
    return [
        Field("code", tr("f_code"), required=True, locked=editing, placeholder=tr("ph_example", x="DGNB-2025")),
        Field("title", tr("f_title_audit")),
        _date("plan_date", "fi_plan_date", required=True),
        _date("actual_date", "fi_actual_date"),
        Field("units", tr("fi_units"), "lines", placeholder=tr("ph_materials")),
        Field("procedures", tr("f_procedures"), "codes", placeholder=tr("ph_codes")),
        Field("auditors", tr("fi_auditors"), "codes", placeholder=tr("ph_codes")),
        Field("auditees", tr("fi_auditees"), "codes", placeholder=tr("ph_codes")),
        Field("status", tr("f_status"), "choice", tuple((s, tr(f"audit_{s}")) for s in AUDIT_STATUSES)),
        _date("closed_date", "fi_closed_date"),
        Field("ref", tr("fi_audit_ref"), placeholder=tr("ph_example", x="2480/KH-BQL")),
    ]


def _audit_rules(today: date) -> Callable[[Transaction, InternalAudit], None]:
    """What ``qms audit close`` checks, applied when a form closes an audit: held, not closed before, every
    nonconformity it found closed (a closing date defaults to today); and its references (units, staff,
    procedures)."""

    def check(tx: Transaction, audit: InternalAudit) -> None:
        qms = tx.qms
        before = next((a for a in qms.audits if a.code == audit.code), None)
        what = f"audits {audit.code}"
        if audit.status == "closed" and (before is None or before.status != "closed"):
            on = audit.closed_date or today
            held = dataclasses.replace(audit, status="done", closed_date=None)
            closed = _rule(what, lambda: improvement.close_audit(held, qms.audit_findings, qms.nonconformities, on))
            audit.closed_date = closed.closed_date
        problems = improvement.reference_problems(qms, "audits", audit)
        if problems:
            raise ValidationError(what, problems)

    return check


def audit_form(store: Store, qms: Qms, audit: InternalAudit | None = None) -> FormSpec:
    """Plan an internal audit (or record one held), or edit ``audit`` (closing it checks its NCs)."""
    fields = audit_fields(audit is not None)
    lists = ("procedures", "auditors", "auditees")
    rules = _audit_rules(qms.today)
    if audit is None:
        values = {"code": next_audit_code(qms), "status": "planned"}

        def add(typed: dict[str, Any]) -> EditResult:
            """Check the references and the closing rule, then add through the shared service."""
            typed = _listed(typed, lists)
            if "status" not in typed or typed.get("status") == "planned":
                typed["status"] = "done" if typed.get("actual_date") else "planned"  # a held date: it was held
            return services.add_record(store, "audits", typed, check=rules)

        return FormSpec(tr("form_add_audits"), fields, values, add, table="audits")
    code = audit.code

    def edit(changes: dict[str, Any], base: dict[str, Any] | None = None) -> EditResult:
        """Change the typed fields; the rules run with the changes applied, under the lock."""
        return services.edit_record(store, "audits", code, _listed(changes, lists), adjust=rules, base=base)

    return FormSpec(tr("form_edit_audits", code=code), fields, record_values(audit, fields), edit, editing=True,
                    base=audit.to_doc())


def finding_fields(editing: bool) -> list[Field]:
    """The audit it belongs to (fixed), code, kind, clause, procedures, description."""
    return [
        Field("audit", tr("fi_audit"), locked=True),
        Field("code", tr("f_code"), required=True, locked=editing, placeholder="DGNB-2024-08"),
        Field("kind", tr("f_kind"), "choice", tuple((k, tr(f"fik_{k}")) for k in FINDING_KINDS)),
        Field("clause", tr("fi_clause"), required=True, placeholder="8.5.1"),
        Field("procedures", tr("f_procedures"), "codes", placeholder=tr("ph_codes")),
        Field("description", tr("f_description"), required=True),
    ]


def _finding_rules(tx: Transaction, finding: AuditFinding) -> None:
    """What ``qms audit finding`` checks: the audit was held and is not closed; the procedures exist."""
    qms = tx.qms
    owner = next((a for a in qms.audits if a.code == finding.audit), None)
    what = f"audit_findings {finding.code}"
    _rule(what, lambda: improvement.check_finding(owner, finding))
    problems = improvement.reference_problems(qms, "audit_findings", finding)
    if problems:
        raise ValidationError(what, problems)


def finding_form(store: Store, qms: Qms, audit: InternalAudit, finding: AuditFinding | None = None) -> FormSpec:
    """Add a finding to ``audit`` (code ``<audit>-NN``), or edit ``finding``."""
    fields = finding_fields(finding is not None)
    if finding is None:
        values = {"audit": audit.code, "kind": "nonconformity",
                  "code": improvement.next_code((f.code for f in qms.audit_findings), f"{audit.code}-")}

        def add(typed: dict[str, Any]) -> EditResult:
            """The finding goes to the highlighted audit."""
            typed = {**_listed(typed, ("procedures",)), "audit": audit.code}
            return services.add_record(store, "audit_findings", typed, check=_finding_rules)

        # no ``table``: the audit (a locked field) is only added by ``add``, and the write reports every problem
        return FormSpec(tr("form_add_findings", code=audit.code), fields, values, add)
    code = finding.code

    def edit(changes: dict[str, Any], base: dict[str, Any] | None = None) -> EditResult:
        return services.edit_record(store, "audit_findings", code, _listed(changes, ("procedures",)),
                                    adjust=_finding_rules, base=base)

    return FormSpec(tr("form_edit_findings", code=code), fields, record_values(finding, fields), edit, editing=True,
                    base=finding.to_doc())
