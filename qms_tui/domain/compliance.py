"""Obligations a reviewer checks: legal changes carried into procedures within 3 months, an internal
audit and a management review at least once every 12 months (Decision 19/2014/QĐ-TTg), and every TTHC
of the agency's remit brought into the QMS."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from qms_tui.domain.dates import add_months
from qms_tui.domain.models import LegalDocument, Procedure, QmsEvent

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
    """A compliance finding: a code to group by, and a sentence for the user."""

    code: str
    message: str
    message_vi: str


def legal_changes(
    documents: Iterable[LegalDocument], procedures: Iterable[Procedure], today: date
) -> list[LegalChange]:
    """Legal documents already in effect that some active procedure listing them predates.

    A procedure reflects a document once its current version (``revised``) is dated on or after
    the document's effective date.
    """
    procedures = [p for p in procedures if p.status != "retired"]
    changes = []
    for document in documents:
        if document.effective is None or document.effective > today or (document.ends and document.ends <= today):
            continue  # not yet in effect, or ended: the procedures then move to what replaced it
        pending = sorted(
            p.code
            for p in procedures
            if document.number in p.legal_basis and (p.revised is None or p.revised < document.effective)
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
        by, by_vi = ((f"; replaced by {document.replaced_by}", f"; được thay thế bởi {document.replaced_by}")
                     if document.replaced_by else ("", ""))
        result.append(Finding(
            "legal_basis_repealed",
            f"{codes} still cite{'s' if len(citing) == 1 else ''} {document.number}, no longer in force from "
            f"{document.ends:%d/%m/%Y}{by}",
            f"{codes} còn căn cứ {document.number}, hết hiệu lực từ {document.ends:%d/%m/%Y}{by_vi}",
        ))
    return result


def coverage_findings(in_qms: int, in_remit: int) -> list[Finding]:
    """The TTHC of the remit not (yet) matched by TTHC procedures in the QMS: a gap the agency closes by
    adding procedures (or by correcting the remit), not a broken store. No remit set: nothing to compare."""
    if not in_remit or in_qms == in_remit:
        return []
    if in_qms < in_remit:
        todo, todo_vi = (f"{in_remit - in_qms} still to bring into the QMS (qms procedure add)",
                         f"còn {in_remit - in_qms} TTHC chưa đưa vào HTQLCL")
    else:
        todo, todo_vi = ("more than the remit: check it (qms org set --tthc-in-remit)",
                         "nhiều hơn số TTHC thuộc thẩm quyền: kiểm tra lại số này")
    return [Finding("tthc_coverage", f"{in_qms} TTHC procedures in the QMS but {in_remit} TTHC in the remit: {todo}",
                    f"{in_qms} quy trình TTHC trong HTQLCL trên {in_remit} TTHC thuộc thẩm quyền: {todo_vi}")]


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
            result.append(
                Finding(
                    "legal_update_overdue",
                    f"{doc.number} took effect {doc.effective:%d/%m/%Y}; not carried into "
                    f"{codes} by the 3-month deadline {when}",
                    f"{doc.number} có hiệu lực từ {doc.effective:%d/%m/%Y}; chưa cập nhật vào "
                    f"{codes} trước hạn 3 tháng {when}",
                )
            )
    result += repealed_basis_findings(documents, procedures, today)
    events = list(events)
    labels = {
        "internal_audit": ("internal audit", "đánh giá nội bộ"),
        "management_review": ("management review", "xem xét của lãnh đạo"),
    }
    for kind, (label, label_vi) in labels.items():
        event = last_event(events, kind, today)
        if event is None:
            result.append(
                Finding(f"no_{kind}", f"no {label} on record", f"chưa có cuộc {label_vi} nào")
            )
        elif add_months(event.date, EVENT_INTERVAL_MONTHS) < today:  # type: ignore[arg-type]
            result.append(
                Finding(
                    f"no_{kind}",
                    f"no {label} in the last 12 months (last {event.date:%d/%m/%Y})",
                    f"không có cuộc {label_vi} trong 12 tháng qua (lần cuối {event.date:%d/%m/%Y})",
                )
            )
    return result
