"""The Improvement screen's data entry (``a`` adds, ``e`` edits): a nonconformity, an action decided at
a management review, an internal audit and an audit finding.

Nothing here draws a form or writes a file, and no rule is decided here: the forms are ``forms.FormSpec``s
shown by the shared ``dialogs.form.FormDialog``, and they save through the write services that ``qms nc``,
``qms review`` and ``qms audit`` call too (``services.improvement``, ``services.reviews``,
``services.audits``): the same validation (an NC is not verified before its corrective action is recorded,
nor closed before its effectiveness was checked and found effective; a finding only for an audit held and
not closed; an audit closed only once every nonconformity it found is closed), the same references, the
same change-log entries, and the shared edit-conflict check for an edit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from qms_tui.domain import improvement
from qms_tui.domain.models import (
    ACTION_STATUSES,
    AUDIT_STATUSES,
    FINDING_KINDS,
    NC_SOURCES,
    NC_STATUSES,
    AuditFinding,
    InternalAudit,
    Nonconformity,
    ReviewAction,
)
from qms_tui.domain.qms import Qms
from qms_tui.labels import tr
from qms_tui.services import audits, reviews
from qms_tui.services import improvement as ncs
from qms_tui.services.common import EditResult
from qms_tui.store import Store
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


def nc_form(store: Store, qms: Qms, nc: Nonconformity | None = None) -> FormSpec:
    """Raise a nonconformity (numbered ``KPH-<year>-NN``, raised today, open), or edit ``nc``."""
    fields = nc_fields(nc is not None)
    if nc is None:
        values = {"code": improvement.next_nc_code(qms.nonconformities, qms.today.year), "source": "audit_finding",
                  "raised": as_text(qms.today), "status": "open"}

        return FormSpec(tr("form_add_nonconformities"), fields, values, lambda typed: ncs.raise_nc(store, typed))
    code = nc.code

    def edit(changes: dict[str, Any], base: dict[str, Any] | None = None) -> EditResult:
        return ncs.edit_nc(store, code, changes, base=base)

    return FormSpec(tr("form_edit_nonconformities", code=code), fields, record_values(nc, fields), edit,
                    editing=True, base=nc.to_doc())


# -- review actions ------------------------------------------------------------------------------------


def action_fields(qms: Qms, editing: bool) -> list[Field]:
    """The review that decided it, its code, what, who, by when, done or not."""
    held = sorted(qms.reviews, key=lambda r: (r.date or date.min, r.code), reverse=True)
    return [
        Field("review", tr("fi_review"), "choice",
              tuple((r.code, f"{r.code} · {as_text(r.date)}") for r in held), locked=editing),
        Field("code", tr("f_code"), required=True, locked=editing, placeholder="XXLD-2024-04"),
        Field("text", tr("fi_action_text"), required=True),
        Field("owner", tr("f_owner")),
        _date("deadline", "fi_deadline"),
        Field("status", tr("f_status"), "choice",
              tuple((s, tr("act_done") if s == "done" else tr("act_open")) for s in ACTION_STATUSES)),
        _date("done_date", "fi_done_date"),
    ]


def action_form(store: Store, qms: Qms, action: ReviewAction | None = None,
                on_saved: Callable[[str], None] | None = None) -> FormSpec:
    """Add an action to a management review (code ``<review>-NN``), or edit ``action``.

    ``on_saved`` hears the action's code before the screen redraws (the service's result names the review).
    """
    fields = action_fields(qms, action is not None)

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
            """Append the action to the chosen review."""
            result = reviews.add_review_action(store, str(typed.get("review") or ""),
                                               {k: v for k, v in typed.items() if k != "review"})
            saved(str(typed.get("code") or "").strip())
            return result

        return FormSpec(tr("form_add_actions"), fields, values, add, aliases={"actions": ""},
                        saved_message=lambda result: tr("im_action_added", code=values.get("code", "")))
    code, review_code = action.code, action.review

    def edit(changes: dict[str, Any], base: dict[str, Any] | None = None) -> EditResult:
        """Change the typed fields of the action inside its review."""
        result = reviews.edit_review_action(store, review_code, code, changes, base=base)
        saved(code)
        return result

    values = {"review": review_code, **record_values(action, fields)}
    return FormSpec(tr("form_edit_actions", code=code), fields, values, edit, editing=True, aliases={"actions": ""},
                    saved_message=lambda result: tr("im_action_saved", code=code), base=action.to_doc())


# -- internal audits and their findings ----------------------------------------------------------------

AUDIT_PREFIX = "DGNB"
"""Internal audits are numbered ``DGNB-<year>`` (đánh giá nội bộ); their findings ``DGNB-<year>-NN``."""


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


def audit_form(store: Store, qms: Qms, audit: InternalAudit | None = None) -> FormSpec:
    """Plan an internal audit (or record one held), or edit ``audit`` (closing it checks its NCs)."""
    fields = audit_fields(audit is not None)
    if audit is None:
        values = {"code": next_audit_code(qms), "status": "planned"}
        return FormSpec(tr("form_add_audits"), fields, values, lambda typed: audits.add_audit(store, typed),
                        table="audits")
    code = audit.code

    def edit(changes: dict[str, Any], base: dict[str, Any] | None = None) -> EditResult:
        return audits.edit_audit(store, code, changes, base=base)

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


def finding_form(store: Store, qms: Qms, audit: InternalAudit, finding: AuditFinding | None = None) -> FormSpec:
    """Add a finding to ``audit`` (code ``<audit>-NN``), or edit ``finding``."""
    fields = finding_fields(finding is not None)
    if finding is None:
        values = {"audit": audit.code, "kind": "nonconformity",
                  "code": improvement.next_code((f.code for f in qms.audit_findings), f"{audit.code}-")}

        def add(typed: dict[str, Any]) -> EditResult:
            """The finding goes to the highlighted audit."""
            return audits.add_finding(store, {**typed, "audit": audit.code})

        # no ``table``: the audit (a locked field) is only added by ``add``, and the write reports every problem
        return FormSpec(tr("form_add_findings", code=audit.code), fields, values, add)
    code = finding.code

    def edit(changes: dict[str, Any], base: dict[str, Any] | None = None) -> EditResult:
        return audits.edit_finding(store, code, changes, base=base)

    return FormSpec(tr("form_edit_findings", code=code), fields, record_values(finding, fields), edit, editing=True,
                    base=finding.to_doc())
