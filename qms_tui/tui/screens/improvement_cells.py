"""The cells and words the improvement screen and its detail pages share: overdue and status cells, a clause's
title, the NC board's group counts, an audit's date and scope.

Apart from ``improvement.py`` (the screen) so that the detail pages (``improvement_detail.py``) use them
without importing the screen that opens them.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from qms_tui.domain import improvement
from qms_tui.domain.models import NC_STATUSES, InternalAudit, Nonconformity, ReviewAction
from qms_tui.i18n import number
from qms_tui.labels import lang, tr
from qms_tui.tui.widgets.cells import ALERT, WARN


def _n(value: int) -> str:
    """A count in the session's number format."""
    return number(value, lang())


def overdue_cell(days: int) -> Text:
    """``QUÁ HẠN 17`` reversed when late, empty otherwise (the word says it without colour)."""
    return Text(tr("overdue_days", n=_n(days)), style=ALERT) if days > 0 else Text("")


def nc_status_cell(nc: Nonconformity) -> Text:
    """The NC's status in a word or two (open ones in bold: they need work)."""
    return Text(tr(f"ncs_{nc.status}"), style=WARN if nc.status == "open" else "")


def action_status_cell(action: ReviewAction, today: date) -> Text:
    """Done, not done — or ``QUÁ HẠN n`` reversed when the deadline has passed."""
    days = improvement.action_days_overdue(action, today)
    if days:
        return overdue_cell(days)
    return Text(tr("act_done") if action.status == "done" else tr("act_open"))


def clause_name(clause: str) -> str:
    """The clause's title, looking up its parents when the clause itself has none ("8.5.1" → 8.5)."""
    parts = clause.split(".")
    while parts:
        key = "clause_" + ".".join(parts)
        label = tr(key)
        if label != key:
            return label
        parts.pop()
    return ""


def nc_group_counts(ncs: list[Nonconformity], today: date, overdue: int | None = None) -> Text:
    """``đang mở 2 · đã có HĐKP 1 · … — QUÁ HẠN 1``: each status group of the board, and the overdue
    (the whole board's: ``overdue_ncs`` of ``domain.figures``; else counted among ``ncs``, a filtered board)."""
    counts = improvement.status_counts(ncs, today)
    if overdue is None:
        overdue = counts.get("overdue", 0)
    text = Text()
    for index, status in enumerate(NC_STATUSES):
        if index:
            text.append(" · ")
        text.append(f"{tr(f'ncs_{status}')} {_n(counts.get(status, 0))}", style=WARN if status == "open" else "")
    text.append(" — ")
    text.append(tr("overdue_days", n=_n(overdue)) if overdue else tr("none_overdue"), style=ALERT if overdue else "")
    return text


def audit_date(audit: InternalAudit) -> date | None:
    """The day it was held, else the day it is planned for."""
    return audit.actual_date or audit.plan_date


def audit_scope(audit: InternalAudit) -> str:
    """The audit's title, then how many units and procedures it covers."""
    return f"{audit.title} ({tr('scope_counts', units=_n(len(audit.units)), procedures=_n(len(audit.procedures)))})"
