"""``qms check``: is the store valid and consistent? Problems are errors; findings are warnings.

What a new store has not set up yet (no organisation name, no fields, ...) is not a problem here but a
setup step (``domain.setup``); fewer TTHC procedures than the remit is a gap to close, a finding
(``compliance.coverage_findings``)."""

from __future__ import annotations

from collections import Counter

from qms_tui.domain import improvement
from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import Record
from qms_tui.domain.problems import Fault, say
from qms_tui.domain.qms import Qms
from qms_tui.domain.textcheck import record_text_problems
from qms_tui.domain.typecheck import field_type_problems, record_type_problems


@dataclass
class Issue:
    """One problem: where it is (``table key field``: the store's own names) and what is wrong (a ``Fault``,
    worded when shown; its ``str`` is English)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def text(self, lang: str | None = None) -> str:
        """The problem in ``lang`` (default: the command line's language)."""
        return f"{self.where}: {say(self.message, lang)}"


def check(qms: Qms) -> list[Issue]:
    """Every validation, reference, date and reconciliation problem of the store (a date outside the
    plausible window around the store's today is one: ``dates.date_problem``)."""
    issues: list[Issue] = []
    tables: dict[str, list[Record]] = {
        "decisions": qms.decisions, "procedures": qms.procedures, "legal_documents": qms.legal_documents,
        "risks": qms.risks, "staff": qms.staff, "trainings": qms.trainings, "dossiers": qms.dossiers,
        "objectives": qms.objectives, "plan_tasks": qms.plan_tasks, "events": qms.events,
        "calendar": qms.calendar, "report_texts": qms.report_texts,
        "audits": qms.audits, "audit_findings": qms.audit_findings, "nonconformities": qms.nonconformities,
        "reviews": qms.reviews, "fields": qms.fields,
    }
    for name, problem in record_type_problems(qms.organisation) + qms.organisation.problems():
        if name == "name" and not qms.organisation.name:
            continue  # not set up yet: a setup step, not an error
        issues.append(Issue(f"organisation {name}", problem))
    mistyped = False
    for table, records in tables.items():
        # the fields' one declaration (schema); dossiers were checked by it as they were loaded
        # (``typecheck.dossier_doc_problem``): 100,000 of them again would add a second to ``qms check``
        typed = [[] if table == "dossiers" else field_type_problems(record) for record in records]
        mistyped = mistyped or any(typed)
        keys = Counter(record.key for record, wrong in zip(records, typed, strict=True) if not wrong)
        for key, count in keys.items():
            if count > 1:
                issues.append(Issue(f"{table} {key}", Fault("p_key_used_times", count=count)))
        for record, wrong in zip(records, typed, strict=True):
            # a value of the wrong kind: its value checks would not make sense (nor its key, a calendar day's)
            checks = wrong or record_text_problems(record) + record.problems() + record.date_problems(qms.today)
            key = getattr(record, record.KEY) if wrong else record.key
            for name, problem in checks:
                issues.append(Issue(f"{table} {key} {name}", problem))
    if mistyped:  # the cross-record checks read the values as their declared kinds: fix the kinds first
        return issues
    issues.extend(_references(qms))
    issues.extend(_improvement_references(qms))
    issues.extend(_consistency(qms))
    return issues


def _improvement_references(qms: Qms) -> list[Issue]:
    """Audits, findings, nonconformities and reviews point at records that exist."""
    issues = []
    tables: dict[str, list[Record]] = {
        "audits": qms.audits, "audit_findings": qms.audit_findings, "nonconformities": qms.nonconformities,
        "reviews": qms.reviews,
    }
    for table, records in tables.items():
        for record in records:
            for name, problem in improvement.reference_problems(qms, table, record):
                issues.append(Issue(f"{table} {record.key} {name}", problem))
    for code in improvement.duplicate_action_codes(qms.reviews):
        issues.append(Issue(f"reviews actions {code}", Fault("p_action_code_shared")))
    return issues


def _references(qms: Qms) -> list[Issue]:
    issues = []
    procedures = qms.procedure_by_code
    laws = {d.number for d in qms.legal_documents}
    staff = qms.staff_by_code
    units = set(qms.organisation.units)
    for dossier in qms.dossiers:
        procedure = procedures.get(dossier.procedure)
        if procedure is None:
            issues.append(Issue(f"dossiers {dossier.code} procedure",
                                Fault("p_unknown_procedure", code=dossier.procedure)))
        elif procedure.kind != "tthc":
            issues.append(Issue(f"dossiers {dossier.code} procedure",
                                Fault("p_not_tthc", code=procedure.code, kind=procedure.kind)))
    for risk in qms.risks:
        for code in risk.procedures:
            if code not in procedures:
                issues.append(Issue(f"risks {risk.code} procedures", Fault("p_unknown_procedure", code=code)))
    fields = qms.field_by_code
    national: dict[str, str] = {}
    for procedure in qms.procedures:
        if procedure.field and procedure.field not in fields:
            known = ", ".join(f.code for f in qms.active_fields)
            issues.append(Issue(f"procedures {procedure.code} field",
                                Fault("p_unknown_field", field=procedure.field, known=known) if known
                                else Fault("p_unknown_field_none", field=procedure.field)))
        code = procedure.national_code.strip()
        if code and code in national:
            issues.append(Issue(f"procedures {procedure.code} national_code",
                                Fault("p_national_code_taken", code=code, other=national[code])))
        national.setdefault(code, procedure.code)
        for number in procedure.legal_basis:
            if number not in laws:
                issues.append(Issue(f"procedures {procedure.code} legal_basis", Fault("p_unknown_legal", codes=number)))
        if units and procedure.unit not in units:
            issues.append(Issue(f"procedures {procedure.code} unit", Fault("p_no_unit", unit=procedure.unit)))
    for document in qms.legal_documents:
        for name in ("replaced_by", "amends"):
            number = getattr(document, name)
            if number and number not in laws:
                issues.append(Issue(f"legal_documents {document.number} {name}",
                                    Fault("p_unknown_legal", codes=number)))
    for person in qms.staff:
        if units and person.unit not in units:
            issues.append(Issue(f"staff {person.code} unit", Fault("p_no_unit", unit=person.unit)))
    for course in qms.trainings:
        for code in course.attendees:
            if code not in staff:
                issues.append(Issue(f"trainings {course.code} attendees", Fault("p_unknown_staff", codes=code)))
    return issues


def _consistency(qms: Qms) -> list[Issue]:
    issues = []  # TTHC of the remit not in the QMS: a compliance finding (``compliance.coverage_findings``)
    today = qms.today
    for dossier in qms.dossiers:
        if dossier.received and dossier.received > today:
            issues.append(Issue(f"dossiers {dossier.code} received", Fault("p_after_as_of")))
        if dossier.finished and dossier.finished > today:
            issues.append(Issue(f"dossiers {dossier.code} finished", Fault("p_after_as_of")))
    counts = qms.stats(qms.default_period()).total
    if not counts.reconciles:
        issues.append(
            Issue(
                "dossiers",
                Fault("p_not_reconciled", period=qms.default_period().label, received=counts.received,
                      resolved=counts.resolved, in_progress=counts.in_progress,
                      withdrawn_returned=counts.withdrawn_returned,
                      unclassified=Fault("p_unclassified", codes=", ".join(counts.unclassified[:10]))
                      if counts.unclassified else ""),
            )
        )
    return issues
