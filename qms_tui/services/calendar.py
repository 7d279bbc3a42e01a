"""Overrides of the holiday calendar, and the due dates of open dossiers (and of feedback not yet handled)
that follow them.

When the government announces an extra day off (or a Saturday worked in exchange) after dossiers were
received, their due dates, counted in working days, move. A due date the store computed from the
procedure's statutory time is recomputed on the new calendar; one that was given explicitly (e.g.
imported from the one-stop shop's system) is kept. The store does not record which is which: a due date
equal to the one computed on the old calendar is taken as computed. Finished dossiers keep theirs — the
figures already reported for past periods do not change behind the secretary's back.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.dates import format_vn
from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import CalendarDay, Dossier, Feedback, IndexScale, Procedure
from qms_tui.domain.problems import Fault
from qms_tui.domain.service_index import parameter, scale
from qms_tui.services.common import NotFoundError, calendar_of
from qms_tui.services.dossiers import compute_due
from qms_tui.store import Store, Transaction


@dataclass
class MovedDue:
    """One open dossier whose due date moved with the calendar."""

    code: str
    before: date
    after: date


@dataclass
class CalendarChange:
    """What a change of the calendar did: whether the override changed, and the due dates it moved."""

    day: date
    kind: str
    changed: bool
    moved: list[MovedDue] = field(default_factory=list)
    moved_feedback: list[MovedDue] = field(default_factory=list)
    """Feedback (PAKN) whose computed due date (15 working days) moved."""


def add_override(store: Store, day: date, kind: str, note: str = "") -> CalendarChange:
    """Record an extra day off (``day_off``) or working day (``working_day``); move the due dates it moves."""
    record = CalendarDay(date=day, kind=kind, note=note)
    with store.transaction() as tx:
        before = calendar_of(tx.small_tables)
        changed = tx.put("calendar", record, summary=f"{record.kind} {format_vn(day)} {note}".strip())
        after = calendar_of(tx.small_tables)
        feedback = _move_feedback_due_dates(tx, day, before, after) if changed else []
        moved = _move_due_dates(tx, day, before, after) if changed else []
    return CalendarChange(day, kind, changed, moved, feedback)


def remove_override(store: Store, day: date) -> CalendarChange:
    """Remove the override of ``day`` (it follows the holidays package again); move the due dates it moves."""
    with store.transaction() as tx:
        before = calendar_of(tx.small_tables)
        doc = tx.get("calendar", day.isoformat())
        if doc is None:
            raise NotFoundError("calendar", format_vn(day), Fault("p_no_override", day=format_vn(day)))
        tx.delete("calendar", day.isoformat(), summary=f"override of {format_vn(day)} removed")
        after = calendar_of(tx.small_tables)
        feedback = _move_feedback_due_dates(tx, day, before, after)
        moved = _move_due_dates(tx, day, before, after)
    return CalendarChange(day, str(doc.get("kind", "")), True, moved, feedback)


def _move_due_dates(tx: Transaction, day: date, before: WorkingCalendar, after: WorkingCalendar) -> list[MovedDue]:
    """Recompute the computed due dates of open dossiers whose counting window holds ``day``.

    A day after a dossier's due date cannot move it (the count ended before it), nor one on or before
    its receipt (the count starts the day after). One change-log entry lists every dossier moved.
    """
    raw = tx.tables
    procedures = {doc.get("code"): Procedure.from_doc(doc) for doc in raw.get("procedures", {}).values()}
    iso = day.isoformat()
    moved: list[MovedDue] = []
    for doc in raw.get("dossiers", {}).values():
        received, due = doc.get("received"), doc.get("due")
        if doc.get("finished") or not received or not due or not received < iso <= due:
            continue
        dossier = Dossier.from_doc(doc)
        if dossier.waiting_supplement or dossier.received is None or dossier.due is None:
            continue
        procedure = procedures.get(dossier.procedure)
        pauses = dossier.pause_list()
        if compute_due(before, procedure, dossier.received, pauses) != dossier.due:
            continue  # given explicitly, not computed: keep it
        new_due = compute_due(after, procedure, dossier.received, pauses)
        if new_due is not None and new_due != dossier.due:
            moved.append(MovedDue(dossier.code, dossier.due, new_due))
            doc["due"] = new_due.isoformat()
    if moved:
        tx.touched("dossiers")
        shown = ", ".join(f"{m.code} {format_vn(m.before)} → {format_vn(m.after)}" for m in moved)
        tx.log("update", "dossiers", f"{len(moved)} open dossiers",
               f"due dates moved by the calendar change of {format_vn(day)}: {shown}")
    return moved


def _move_feedback_due_dates(tx: Transaction, day: date, before: WorkingCalendar,
                             after: WorkingCalendar) -> list[MovedDue]:
    """Recompute the due dates of feedback not yet handled whose count of working days holds ``day``.

    A due date set by hand (``due_given``) is kept; so is one that is not the count on the old calendar (a
    store written before the flag existed). One change-log entry lists every feedback moved.
    """
    items = tx.tables.get("feedback", {})
    if not items:
        return []
    rows = scale(IndexScale.from_doc(dict(doc)) for doc in tx.tables.get("index_scale", {}).values())
    days = int(parameter(rows, "feedback_days"))
    iso = day.isoformat()
    moved: list[MovedDue] = []
    for doc in items.values():
        received, due = doc.get("received"), doc.get("due")
        if doc.get("handled") or doc.get("due_given") or not received or not due or not received < iso <= due:
            continue
        item = Feedback.from_doc(dict(doc))
        if item.received is None or before.add_working_days(item.received, days) != item.due:
            continue
        new_due = after.add_working_days(item.received, days)
        if new_due != item.due:
            moved.append(MovedDue(item.code, item.due, new_due))
            doc["due"] = new_due.isoformat()
    if moved:
        tx.touched("feedback")
        shown = ", ".join(f"{m.code} {format_vn(m.before)} → {format_vn(m.after)}" for m in moved)
        tx.log("update", "feedback", f"{len(moved)} feedback item(s)",
               f"due dates moved by the calendar change of {format_vn(day)}: {shown}")
    return moved
