"""The Improvement screen's detail pages: a nonconformity with its corrective action and effectiveness
check, a management review action, an internal audit, and an audit finding (Enter on a row, Esc back).

Each page keeps the record's code, not the record, so a live reload redraws it from the new data or says
the record is gone. Anything overdue carries the word "QUÁ HẠN" in reverse video.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from qms_tui.domain import improvement
from qms_tui.domain.models import NC_STATUSES, Nonconformity
from qms_tui.i18n import day, number
from qms_tui.labels import lang, tr
from qms_tui.tui.screens.detail import DetailScreen
from qms_tui.tui.screens.improvement_cells import clause_name
from qms_tui.tui.widgets.cells import ALERT, WARN

Rows = list[tuple[str, str | Text]]


def _grid(rows: Rows) -> Table:
    """Label in bold on the left, the value wrapping on the right."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for label, value in rows:
        table.add_row(label, value if isinstance(value, Text) else Text(value or "—"))
    return table


def _missing(key: str, code: str) -> Text:
    """The record was removed since the list was drawn."""
    return Text(tr(key, code=code), style=ALERT)


def _clause(clause: str) -> str:
    """``8.5.1 — Sản xuất và cung cấp dịch vụ`` (the nearest clause with a title)."""
    if not clause:
        return "—"
    name = clause_name(clause)
    return f"{clause} — {name}" if name else clause


def _staff(codes: list[str], staff: dict) -> str:  # type: ignore[type-arg]
    """Staff codes as names."""
    return ", ".join(staff[c].name if c in staff else c for c in codes) or "—"


def status_flow(status: str) -> Text:
    """open → action taken → verified effective → closed, with the current step reversed."""
    text = Text()
    for index, step in enumerate(NC_STATUSES):
        if index:
            text.append(" → ")
        label = tr(f"nc_{step}")
        text.append(f" {label} " if step == status else label, style="bold reverse" if step == status else "")
    return text


class NonconformityDetailScreen(DetailScreen):
    """One nonconformity (clause 10.2): where it came from, its cause, correction, corrective action,
    owner and deadline, and the check of the action's effectiveness."""

    SCREEN_NAME = "improvement"

    def body(self) -> RenderableType:
        """Source and reference, the NC, the action, the check, the dates."""
        qms = self.data.qms
        nc = next((n for n in qms.nonconformities if n.code == self.key), None)
        if nc is None:
            return _missing("unknown_nc", self.key)
        language = lang()
        today = qms.today
        overdue = improvement.nc_days_overdue(nc, today)
        deadline = Text(day(nc.deadline, language), style=ALERT if overdue else "")
        if overdue:
            deadline.append(f"  {tr('overdue_days_long', n=number(overdue, language))}", style=ALERT)
        days_open = improvement.nc_days_open(nc, today)
        effective = tr("not_assessed") if nc.effective is None else (tr("yes") if nc.effective else tr("no"))
        check = Text(day(nc.check_date, language) if nc.check_date else tr("not_checked"))
        if nc.check_result:
            check.append(f" — {nc.check_result}")
        rows: Rows = [
            (tr("source"), tr(f"src_{nc.source}")),
            (tr("col_reference"), self.reference(nc)),
            (tr("col_desc"), nc.description),
            (tr("col_clause"), _clause(nc.clause)),
            (tr("im_raised"), day(nc.raised, language)),
            (tr("im_root_cause"), nc.root_cause),
            (tr("im_correction"), nc.correction),
            (tr("im_corrective_action"), nc.corrective_action),
            (tr("col_owner"), nc.owner),
            (tr("col_deadline"), deadline),
            (tr("im_action_date"), day(nc.action_date, language)),
            (tr("im_check"), check),
            (tr("effective_q"), effective),
            (tr("im_closed_date"), day(nc.closed_date, language)),
            (tr("col_days_open_long"), number(days_open, language) if days_open is not None else "—"),
        ]
        head = Text(f"{nc.code} — {tr(f'src_{nc.source}')}", style="bold")
        if overdue:
            head.append(f"  {tr('overdue_days', n=number(overdue, language))}", style=ALERT)
        return Group(head, status_flow(nc.status), "", _grid(rows))

    def reference(self, nc: Nonconformity) -> str:
        """The reference with what it names: the finding, the dossier's procedure, the review's date."""
        qms = self.data.qms
        if not nc.reference:
            return "—"
        if nc.source == "audit_finding":
            finding = next((f for f in qms.audit_findings if f.code == nc.reference), None)
            if finding is not None:
                return f"{nc.reference} ({finding.audit}, {tr(f'fks_{finding.kind}')} {finding.clause})"
        elif nc.source == "management_review":
            review = next((r for r in qms.reviews if r.code == nc.reference), None)
            if review is not None:
                return f"{nc.reference} ({day(review.date, lang())})"
        elif nc.source == "late_dossier":
            dossier = next((d for d in qms.dossier_docs if d.get("code") == nc.reference), None)
            if dossier is not None:
                code = str(dossier.get("procedure") or "")
                procedure = qms.procedure_by_code.get(code)
                return f"{nc.reference} ({code} {procedure.name if procedure else ''})".replace(" )", ")")
        return nc.reference


class ReviewActionDetailScreen(DetailScreen):
    """One action decided at a management review (clause 9.3.3): what, who, by when, done or not."""

    SCREEN_NAME = "improvement"

    def body(self) -> RenderableType:
        """The action, then the review that decided it."""
        qms = self.data.qms
        found = improvement.find_action(qms.reviews, self.key)
        if found is None:
            return _missing("unknown_action", self.key)
        review, action = found
        language = lang()
        overdue = improvement.action_days_overdue(action, qms.today)
        deadline = Text(day(action.deadline, language), style=ALERT if overdue else "")
        if overdue:
            deadline.append(f"  {tr('overdue_days_long', n=number(overdue, language))}", style=ALERT)
        status = tr("act_done") if action.status == "done" else tr("act_open")
        rows: Rows = [
            (tr("col_action"), action.text),
            (tr("col_owner"), action.owner),
            (tr("col_deadline"), deadline),
            (tr("col_status"), Text(status, style=WARN if action.status != "done" else "")),
            (tr("col_done"), day(action.done_date, language)),
            (tr("col_review_code"), f"{review.code} · {day(review.date, language)}"
                                    + (f" · {review.ref}" if review.ref else "")),
            (tr("review_chair"), _staff([review.chair], qms.staff_by_code)),
        ]
        head = Text(action.code, style="bold")
        if overdue:
            head.append(f"  {tr('overdue_days', n=number(overdue, language))}", style=ALERT)
        parts: list[RenderableType] = [head, "", _grid(rows)]
        if review.decisions:
            parts += ["", Text(tr("review_decisions"), style="bold underline")]
            parts += [Text(f"• {decision}") for decision in review.decisions]
        return Group(*parts)


class AuditDetailScreen(DetailScreen):
    """One internal audit (clause 9.2): plan, scope, auditors, checklist results and findings."""

    SCREEN_NAME = "improvement"

    def body(self) -> RenderableType:
        """Dates and scope, the checklist's results, then every finding."""
        qms = self.data.qms
        audit = next((a for a in qms.audits if a.code == self.key), None)
        if audit is None:
            return _missing("unknown_audit", self.key)
        language = lang()
        results = Counter(str(check.get("result")) for check in audit.checklist)
        checklist = ", ".join(f"{tr(f'chk_{result}')} {number(n, language)}" for result, n in results.items())
        rows: Rows = [
            (tr("col_status"), tr(f"audit_{audit.status}")),
            (tr("audit_plan_date"), day(audit.plan_date, language)),
            (tr("audit_held"), day(audit.actual_date, language)),
            (tr("col_ref"), audit.ref),
            (tr("col_unit"), "; ".join(audit.units)),
            (tr("rp_procedures").capitalize(), ", ".join(audit.procedures)),
            (tr("audit_auditors"), _staff(audit.auditors, qms.staff_by_code)),
            (tr("audit_checklist"), checklist or "—"),
        ]
        parts: list[RenderableType] = [Text(f"{audit.code} — {audit.title}", style="bold"), "", _grid(rows)]
        findings = qms.findings_of(audit.code)
        parts += ["", Text(f"{tr('findings_of', code=audit.code)} ({number(len(findings), language)})",
                           style="bold underline")]
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for finding in findings:
            kind = Text(tr(f"fks_{finding.kind}"), style=WARN if finding.kind == "nonconformity" else "")
            table.add_row(finding.code, kind, finding.clause, finding.description)
        parts.append(table if findings else Text(tr("none_found")))
        return Group(*parts)


class FindingDetailScreen(DetailScreen):
    """One audit finding: its audit, kind, clause, procedures, description and the NC raised for it."""

    SCREEN_NAME = "improvement"

    def body(self) -> RenderableType:
        """The finding, then its nonconformity record (or that none was raised yet)."""
        qms = self.data.qms
        finding = next((f for f in qms.audit_findings if f.code == self.key), None)
        if finding is None:
            return _missing("unknown_finding", self.key)
        language = lang()
        audit = next((a for a in qms.audits if a.code == finding.audit), None)
        procedures = ", ".join(
            f"{code} {qms.procedure_by_code[code].name}" if code in qms.procedure_by_code else code
            for code in finding.procedures
        )
        nc = next((n for n in qms.nonconformities if n.source == "audit_finding" and n.reference == finding.code),
                  None)
        if nc is not None:
            raised = Text(f"{nc.code} · {tr(f'nc_{nc.status}')}")
            overdue = improvement.nc_days_overdue(nc, qms.today)
            if overdue:
                raised.append(f"  {tr('overdue_days', n=number(overdue, language))}", style=ALERT)
        elif finding.kind == "nonconformity":
            raised = Text(tr("no_nc_yet"), style=WARN)
        else:
            raised = Text("—")
        audit_text = finding.audit
        if audit is not None:
            audit_text = f"{audit.code} · {audit.title} · {day(audit.actual_date or audit.plan_date, language)}"
        rows: Rows = [
            (tr("col_kind"), Text(tr(f"fk_{finding.kind}"), style=WARN if finding.kind == "nonconformity" else "")),
            (tr("finding_audit"), audit_text),
            (tr("col_clause"), _clause(finding.clause)),
            (tr("related_procedures"), procedures or "—"),
            (tr("col_desc"), finding.description),
            (tr("col_nc"), raised),
        ]
        return Group(Text(f"{finding.code} — {tr(f'fk_{finding.kind}')}", style="bold"), "", _grid(rows))
