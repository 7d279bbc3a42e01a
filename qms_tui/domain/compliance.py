"""Obligations a reviewer checks: legal changes carried into procedures within 3 months, an internal
audit and a management review at least once every 12 months (Decision 19/2014/QĐ-TTg), and every TTHC
of the agency's remit brought into the QMS."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from qms_tui.domain.dates import add_months
from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import LegalDocument, Procedure, QmsEvent
from qms_tui.domain.problems import Fault

LEGAL_UPDATE_MONTHS = 3
EVENT_INTERVAL_MONTHS = 12


@dataclass
class LegalChange:
    """A legal document that took effect and procedures that do not reflect it yet."""

    document: LegalDocument
    deadline: date
    pending: list[str]
    overdue: bool


@dataclass
class Finding:
    """A compliance finding: a code to group by, and its sentence as a ``Fault`` (worded when shown)."""

    code: str
    fault: Fault

    @property
    def message(self) -> str:
        """The sentence in English (logs, JSON)."""
        return str(self.fault)

    @property
    def message_vi(self) -> str:
        return self.fault.text("vi")

    def text(self, lang: str | None = None) -> str:
        """The sentence in ``lang`` (default: the command line's language)."""
        return self.fault.text(lang)


def legal_changes(
    documents: Iterable[LegalDocument], procedures: Iterable[Procedure], today: date
) -> list[LegalChange]:
    """Legal documents already in effect that some active procedure listing them predates.

    A procedure reflects a document once its current version (``revised``) is dated on or after
    the document's effective date.
    """
    active = [(p, p.revised) for p in procedures if p.status != "retired"]  # each one's date read once
    changes = []
    for document in documents:
        if document.effective is None or document.effective > today or (document.ends and document.ends <= today):
            continue  # not yet in effect, or ended: the procedures then move to what replaced it
        pending = sorted(
            p.code
            for p, revised in active
            if document.number in p.legal_basis and (revised is None or revised < document.effective)
        )
        if pending:
            deadline = add_months(document.effective, LEGAL_UPDATE_MONTHS)
            changes.append(LegalChange(document, deadline, pending, today > deadline))
    changes.sort(key=lambda c: c.deadline)
    return changes


def repealed_basis(
    documents: Iterable[LegalDocument], procedures: Iterable[Procedure], today: date
) -> list[tuple[LegalDocument, list[str]]]:
    """Documents that ended on or before ``today`` and the active procedures still citing them as legal basis."""
    procedures = [p for p in procedures if p.status != "retired"]
    ended = []
    for document in sorted(documents, key=lambda d: (d.ends or date.min, d.number)):
        if document.ends is None or document.ends > today:
            continue
        citing = sorted(p.code for p in procedures if document.number in p.legal_basis)
        if citing:
            ended.append((document, citing))
    return ended


def repealed_basis_findings(
    documents: Iterable[LegalDocument], procedures: Iterable[Procedure], today: date
) -> list[Finding]:
    """One finding per ended document still cited: the procedures must move to the document replacing it."""
    result = []
    for document, citing in repealed_basis(documents, procedures, today):
        codes = ", ".join(citing)
        by = Fault("fd_replaced_by", number=document.replaced_by) if document.replaced_by else ""
        result.append(Finding("legal_basis_repealed", Fault(
            "fd_still_cite", plural=len(citing), codes=codes, number=document.number, ends=f"{document.ends:%d/%m/%Y}",
            replaced=by)))
    return result


def coverage_findings(in_qms: int, in_remit: int) -> list[Finding]:
    """The TTHC of the remit not (yet) matched by TTHC procedures in the QMS: a gap the agency closes by
    adding procedures (or by correcting the remit), not a broken store. No remit set: nothing to compare."""
    if not in_remit or in_qms == in_remit:
        return []
    todo = (Fault("fd_coverage_todo", left=in_remit - in_qms) if in_qms < in_remit
            else Fault("fd_coverage_more"))
    return [Finding("tthc_coverage", Fault("fd_coverage", in_qms=in_qms, in_remit=in_remit, todo=todo))]


def last_event(events: Iterable[QmsEvent], kind: str, today: date) -> QmsEvent | None:
    """The latest event of ``kind`` on or before ``today``."""
    past = [e for e in events if e.kind == kind and e.date and e.date <= today]
    return max(past, key=lambda e: e.date) if past else None  # type: ignore[arg-type,return-value]


def findings(
    documents: Iterable[LegalDocument],
    procedures: Iterable[Procedure],
    events: Iterable[QmsEvent],
    today: date,
) -> list[Finding]:
    """Every compliance finding on ``today``."""
    result = []
    for change in legal_changes(documents, procedures, today):
        if change.overdue:
            doc = change.document
            codes = ", ".join(change.pending)
            when = change.deadline.strftime("%d/%m/%Y")
            result.append(Finding("legal_update_overdue", Fault(
                "fd_legal_update_overdue", number=doc.number, effective=f"{doc.effective:%d/%m/%Y}", codes=codes,
                months=LEGAL_UPDATE_MONTHS, deadline=when)))
    result += repealed_basis_findings(documents, procedures, today)
    events = list(events)
    labels = {"internal_audit": Fault("fd_internal_audit"), "management_review": Fault("fd_management_review")}
    for kind, label in labels.items():
        event = last_event(events, kind, today)
        if event is None:
            result.append(Finding(f"no_{kind}", Fault("fd_no_event", what=label)))
        elif add_months(event.date, EVENT_INTERVAL_MONTHS) < today:  # type: ignore[arg-type]
            result.append(Finding(f"no_{kind}", Fault(
                "fd_no_recent_event", what=label, months=EVENT_INTERVAL_MONTHS, last=f"{event.date:%d/%m/%Y}")))
    return result
