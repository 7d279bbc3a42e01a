"""Findings of the service-index records: late dossiers without a written apology (form 04 of Circular
01/2018/TT-VPCP) and feedback (PAKN) not handled by its due date. Grouped, one finding each, so that a store
with many late dossiers gets one line with a count and the first codes, not hundreds."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from qms_tui.domain.compliance import Finding
from qms_tui.domain.problems import Fault

if TYPE_CHECKING:
    from qms_tui.domain.models import Dossier
    from qms_tui.domain.qms import Qms

SHOWN = 5


def is_late(dossier: Dossier, today: date) -> bool:
    """Finished after its due date with a result, or still open past it."""
    if dossier.due is None:
        return False
    if dossier.finished is None:
        return dossier.due < today
    return dossier.outcome == "resolved" and dossier.finished > dossier.due


def unapologised(qms: Qms) -> list[str]:
    """Codes of the late dossiers that have no apology on record (``is_late`` on the stored documents: their
    ISO dates compare as strings, and no records are built for a 100,000-dossier store)."""
    apologised = {a.dossier for a in qms.apologies}
    today = qms.today.isoformat()
    return [doc.get("code") for doc in qms.dossier_docs if doc.get("code") not in apologised and _late_doc(doc, today)]


def _unapologised_shown(qms: Qms) -> tuple[int, list[str]]:
    """How many late dossiers have no apology, and the first codes: from the aggregate when the dossiers are
    not read (those finished late are kept there by code), else from the dossiers."""
    aggregate = qms.aggregate if qms.stored_dossiers is None else None
    if aggregate is None:
        late = unapologised(qms)
        return len(late), late[:SHOWN]
    apologised = {a.dossier for a in qms.apologies}
    today = qms.today.isoformat()
    return aggregate.late_codes(lambda doc: _late_doc(doc, today), apologised.__contains__, SHOWN)


def _late_doc(doc: dict, today: str) -> bool:
    due, finished = doc.get("due"), doc.get("finished")
    if not due:
        return False
    return (due < today) if not finished else (doc.get("outcome") == "resolved" and finished > due)


def overdue_feedback(qms: Qms) -> list[str]:
    return [f.code for f in qms.feedback if f.overdue(qms.today)]


def _codes(codes: list[str], count: int | None = None) -> str:
    more = (len(codes) if count is None else count) - SHOWN
    return ", ".join(codes[:SHOWN]) + (f" (+{more})" if more > 0 else "")


def service_findings(qms: Qms) -> list[Finding]:
    result = []
    count, late = _unapologised_shown(qms)
    if count:
        result.append(Finding("late_without_apology", Fault(
            "fd_late_without_apology", plural=count, codes=_codes(late, count))))
    overdue = overdue_feedback(qms)
    if overdue:
        result.append(Finding("feedback_overdue", Fault(
            "fd_feedback_overdue", plural=len(overdue), codes=_codes(overdue))))
    return result
