"""The demo's service-index records (Decision 766): procedure levels and fees, dossier flags, an apology for
every late dossier (form 04), the due dates of the feedback (its rows and the survey are ``data/demo/feedback.csv``
and ``surveys.csv``). Sample data, like the rest of the demo: the seed report says nothing of these, so nothing
here is the agency's word.

Drawn from its own ``random.Random`` so that the dossiers (and the report's nine figures) stay as they were.
"""

from __future__ import annotations

import random
from datetime import date

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.models import Apology, Dossier, Feedback, Procedure
from qms_tui.domain.service_findings import is_late

SEED = 766
FEE_FIELDS = {"quy_hoach_xay_dung", "tai_nguyen_moi_truong", "thuong_mai_xnk"}
"""Fields whose TTHC bear a fee or charge in the demo."""


def flag_procedures(procedures: list[Procedure], dossiers: list[Dossier]) -> None:
    """A TTHC with online dossiers is offered partly or fully online; the others give information only."""
    online = {d.procedure for d in dossiers if d.channel == "online"}
    for number, procedure in enumerate(p for p in procedures if p.kind == "tthc"):
        if procedure.code in online:
            procedure.online_service = "full" if number % 3 == 0 else "partial"
        else:
            procedure.online_service = "info_only"
        procedure.fee = procedure.field in FEE_FIELDS


def flag_dossiers(dossiers: list[Dossier], procedures: list[Procedure], start: date) -> None:
    """Flags of the dossiers received from ``start`` (the ones before stay unknown, as in an old import)."""
    rng = random.Random(SEED)
    fee = {p.code for p in procedures if p.fee}
    for dossier in dossiers:
        if dossier.received is None or dossier.received < start:
            continue
        if dossier.procedure in fee:
            dossier.paid_online = dossier.channel == "online" and rng.random() < 0.8
        dossier.digitised = rng.random() < 0.85
        if dossier.outcome == "resolved":
            dossier.e_result = rng.random() < 0.7
        dossier.supplements = len(dossier.pauses)


def build_apologies(dossiers: list[Dossier], calendar: WorkingCalendar, today: date) -> list[Apology]:
    """Form 04 on the due date of every late dossier, with a new appointment 5 working days later (or the day
    the result was returned, if later)."""
    apologies = []
    for dossier in dossiers:
        if not is_late(dossier, today) or dossier.due is None:
            continue
        new_due = calendar.add_working_days(dossier.due, 5) or dossier.due
        if dossier.finished is not None and dossier.finished > new_due:
            new_due = dossier.finished
        apologies.append(Apology(dossier=dossier.code, date=dossier.due, new_due=new_due))
    return apologies


def first_late_2024(dossiers: list[Dossier]) -> Dossier:
    """The first dossier of 2024 resolved late: the one the complaint of ``feedback.csv`` names."""
    return next(d for d in dossiers if d.received and d.received.year == 2024 and d.outcome == "resolved"
                and d.due and d.finished and d.finished > d.due)


def with_due(feedback: list[Feedback], calendar: WorkingCalendar) -> list[Feedback]:
    """The feedback of ``data/demo/feedback.csv`` (six pieces in 2024: four handled in time, one late, one not yet
    due on the as-of date), each due 15 working days after it was received."""
    for item in feedback:
        item.due = calendar.add_working_days(item.received, 15) if item.received else None
    return feedback
