"""Internal audits (clause 9.2) and their findings as write services, for ``qms audit`` and the
Improvement screen's forms alike.

An audit is planned (or recorded as held), gets checklist results while held, findings only while held and
not closed, and is closed only once every nonconformity it found is closed (``domain.improvement``). Each
write is one locked transaction with the references checked (units, staff, procedures) and a change-log
summary; see ``services.improvement`` for what they share.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from qms_tui.domain import improvement
from qms_tui.domain.models import AuditFinding, InternalAudit
from qms_tui.services.common import EditResult, parse_day
from qms_tui.services.improvement import day_text, get, put, refuse_existing, rule, rules, today, typed
from qms_tui.services.records import edit_record
from qms_tui.store import Store, Transaction, ValidationError

AUDITS = "audits"
FINDINGS = "audit_findings"
AUDIT_CODES = ("procedures", "auditors", "auditees")
"""List fields of codes, which may be typed comma-separated (unit names are whole lines)."""


def codes(value: Any) -> list[str]:
    """Codes given as a list, or as one comma-separated text (``"NV001, NV002"``), each once."""
    parts = value if isinstance(value, list | tuple) else [value]
    found: list[str] = []
    for part in parts:
        found.extend(p.strip() for p in str(part or "").split(",") if p.strip())
    return list(dict.fromkeys(found))


def _listed(values: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: codes(v) if k in names else v for k, v in values.items()}


def _closing_rules(store: Store) -> Callable[[Transaction, InternalAudit], None]:
    """An audit set to ``closed`` gets what ``close_audit`` checks (held, every NC it found closed; the
    closing date defaults to the store's date); and every audit its references."""

    def checked(tx: Transaction, audit: InternalAudit) -> None:
        qms = tx.qms
        before = next((a for a in qms.audits if a.code == audit.code), None)
        if audit.status == "closed" and (before is None or before.status != "closed"):
            on = audit.closed_date or today(tx, store)
            held = dataclasses.replace(audit, status="done", closed_date=None)
            closed = rule(lambda: improvement.close_audit(held, qms.audit_findings, qms.nonconformities, on))
            audit.closed_date = closed.closed_date
        problems = improvement.reference_problems(qms, AUDITS, audit)
        if problems:
            raise ValidationError(f"{AUDITS} {audit.code}", problems)

    return checked


def add_audit(store: Store, values: Mapping[str, Any]) -> EditResult:
    """Plan an internal audit, or record one held (an ``actual_date`` makes it ``done``). Logged as
    ``internal audit planned for <day>`` (or ``held <day>``), with its title."""
    what = f"{AUDITS} {values.get('code') or '(new)'}"
    fields = typed(AUDITS, _listed(values, AUDIT_CODES), what)
    if fields.get("status", "planned") == "planned":
        fields["status"] = "done" if fields.get("actual_date") else "planned"
    audit = InternalAudit(**fields)
    held = audit.actual_date
    state = f"held {day_text(held)}" if held else f"planned for {day_text(audit.plan_date)}"
    summary = f"internal audit {state}" + (f": {audit.title}" if audit.title else "")
    with rules(store) as tx:
        refuse_existing(tx, AUDITS, audit.code)
        _closing_rules(store)(tx, audit)  # a form may record an audit already closed
        return put(tx, AUDITS, audit, summary)


def edit_audit(store: Store, code: str, changes: Mapping[str, Any],
               base: Mapping[str, Any] | None = None) -> EditResult:
    """Change any fields of an audit (a form's edit); closing it checks its nonconformities."""
    return edit_record(store, AUDITS, code, _listed(changes, AUDIT_CODES), adjust=_closing_rules(store), base=base)


def audit_check(store: Store, code: str, item: str, clause: str, result: str, note: str = "") -> EditResult:
    """Record one checklist result of an audit (``result``: conform, nonconform, observation or n/a)."""
    with rules(store) as tx:
        audit = get(tx, AUDITS, code)
        changed = improvement.add_check(audit, item.strip(), clause.strip(), result, note.strip())
        return put(tx, AUDITS, changed, f"checklist {clause} {result}: {item.strip()}")


def audit_done(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """Record that a planned audit was held on ``day`` (default: the store's date)."""
    with rules(store) as tx:
        audit = get(tx, AUDITS, code)
        held = parse_day(f"{AUDITS} {code}", "actual_date", day, today(tx, store))
        return put(tx, AUDITS, improvement.audit_held(audit, held), f"internal audit held {day_text(held)}")


def close_audit(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """Close an audit once every nonconformity it found has a closed nonconformity record."""
    with rules(store) as tx:
        qms = tx.qms
        audit = get(tx, AUDITS, code)
        on = parse_day(f"{AUDITS} {code}", "closed_date", day, today(tx, store))
        changed = improvement.close_audit(audit, qms.audit_findings, qms.nonconformities, on)
        return put(tx, AUDITS, changed, f"internal audit closed {day_text(on)}")


# -- findings ---------------------------------------------------------------------------------------------


def _finding_rules(tx: Transaction, finding: AuditFinding) -> None:
    """The audit was held and is not closed; the procedures exist."""
    qms = tx.qms
    owner = next((a for a in qms.audits if a.code == finding.audit), None)
    rule(lambda: improvement.check_finding(owner, finding))
    problems = improvement.reference_problems(qms, FINDINGS, finding)
    if problems:
        raise ValidationError(f"{FINDINGS} {finding.code}", problems)


def add_finding(store: Store, values: Mapping[str, Any]) -> EditResult:
    """Record a finding of the ``audit`` named in ``values`` (code default ``<audit>-NN``). Logged as
    ``<kind> against clause <clause>: <description>``."""
    audit_code = str(values.get("audit") or "").strip()
    what = f"{FINDINGS} {values.get('code') or audit_code}"
    fields = typed(FINDINGS, _listed(values, ("procedures",)), what)
    with rules(store) as tx:
        qms = tx.qms
        code = fields.pop("code", None) or improvement.next_code((f.code for f in qms.audit_findings), f"{audit_code}-")
        refuse_existing(tx, FINDINGS, code)
        finding = AuditFinding(code=code, **fields)
        _finding_rules(tx, finding)
        return put(tx, FINDINGS, finding, f"{finding.kind} against clause {finding.clause}: {finding.description}")


def edit_finding(store: Store, code: str, changes: Mapping[str, Any],
                 base: Mapping[str, Any] | None = None) -> EditResult:
    """Change any fields of a finding (a form's edit), with the rules of ``add_finding``."""
    return edit_record(store, FINDINGS, code, _listed(changes, ("procedures",)), adjust=_finding_rules, base=base)


__all__ = ["add_audit", "add_finding", "audit_check", "audit_done", "close_audit", "codes", "edit_audit",
           "edit_finding"]
