"""Writes of the service-index records: apologies for late dossiers, the feedback register, surveys.

Checked like every other record (``coerce_all`` at the door, the model's ``problems()``), plus the references
a model cannot see: the dossier or procedure a record names must exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from qms_tui.domain.dates import format_vn
from qms_tui.domain.models import Apology, Feedback, IndexScale
from qms_tui.domain.problems import Fault
from qms_tui.domain.service_index import feedback_due, parameter, scale
from qms_tui.services.common import (
    EditResult,
    Problem,
    calendar_of,
    coerce_all,
    describe_changes,
    load,
    parse_day,
    raise_problems,
    tables,
    today_of,
)
from qms_tui.services.records import add_record, edit_record
from qms_tui.store import Store, Transaction, ValidationError


def _reference_problems(tx: Transaction, record: Any) -> list[Problem]:
    problems = []
    for name, table in (("dossier", "dossiers"), ("procedure", "procedures")):
        code = getattr(record, name, "")
        if code and not tx.exists(table, code):
            unknown = Fault("p_unknown_dossier", code=code) if name == "dossier" else Fault("p_unknown_procedure",
                                                                                             code=code)
            problems.append((name, unknown))
    return problems


def apologize(store: Store, code: str, day: date | str | None, new_due: date | str | None,
              ref: str | None = None) -> EditResult:
    """Record the apology letter (form 04) for a late dossier, with its new appointment date."""
    what = f"apologies {code}"
    fields, problems = coerce_all("apologies", {"dossier": code, "new_due": new_due or "", "ref": ref or ""})
    with store.transaction() as tx:
        raw = tables(tx)
        today = today_of(raw, store)
        fields["date"] = parse_day(what, "date", day, today)
        load(tx, "dossiers", code)  # a NotFoundError for an unknown dossier
        record = Apology(**{**fields, "dossier": code})
        raise_problems(what, problems + record.problems())
        before = tx.get("apologies", code)
        summary = f"apology {format_vn(record.date)}, new appointment {format_vn(record.new_due)}"
        if record.ref:
            summary += f" ({record.ref})"
        if before is not None:
            summary = describe_changes(dict(before), record.to_doc()) or summary
        tx.put("apologies", record, action="add" if before is None else "edit", summary=summary)
    return EditResult("apologies", record, summary)


def _due_for(tx: Transaction, record: Any) -> None:
    """A new feedback's due date: the scale's working days (15) after receipt, when not given."""
    if record.due is None and record.received is not None:
        raw = tables(tx)
        rows = scale(IndexScale.from_doc(dict(doc)) for doc in raw.get("index_scale", {}).values())
        record.due = feedback_due(record, calendar_of(raw), parameter(rows, "feedback_days"))


def _check_feedback(tx: Transaction, record: Any) -> None:
    raise_problems(f"feedback {record.code}", _reference_problems(tx, record))
    _due_for(tx, record)


def add_feedback(store: Store, values: Mapping[str, Any]) -> EditResult:
    """A new piece of feedback; due in the scale's working days (15) unless a due date is given (then it is
    kept when the calendar changes)."""
    values = dict(values)
    values.pop("due_given", None)
    if not values.get("received"):
        values["received"] = format_vn(store.snapshot().today)
    if values.get("due"):
        values["due_given"] = True
    return add_record(store, "feedback", values, check=_check_feedback)


def edit_feedback(store: Store, code: str, changes: Mapping[str, Any], **options: Any) -> EditResult:
    """Change a feedback record. A due date typed is the user's own from then on; an emptied one, or a new
    received date without one, is computed again (15 working days)."""
    changes = {k: v for k, v in changes.items() if k != "due_given"}

    def adjust(tx: Transaction, record: Any) -> None:
        raise_problems(f"feedback {code}", _reference_problems(tx, record))
        if changes.get("due"):
            record.due_given = True
        elif "due" in changes or ("received" in changes and not record.due_given):
            record.due, record.due_given = None, False
            _due_for(tx, record)

    return edit_record(store, "feedback", code, changes, adjust=adjust, **options)


def close_feedback(store: Store, code: str, day: date | str | None, result: str | None,
                   satisfied: str | None) -> EditResult:
    """Record that the feedback was handled (default: today), its result, whether the person was satisfied."""
    changes: dict[str, Any] = {"result": result, "satisfied": satisfied}
    with store.transaction() as tx:
        today = today_of(tables(tx), store)
        current: Feedback = load(tx, "feedback", code)
    if current.handled is not None:
        already = Fault("p_already_handled", day=format_vn(current.handled))
        raise ValidationError(f"feedback {code}", [("handled", already)])
    changes["handled"] = parse_day(f"feedback {code}", "handled", day, today)
    return edit_record(store, "feedback", code, changes, action="close")


def add_survey(store: Store, values: Mapping[str, Any]) -> EditResult:
    def check(tx: Transaction, record: Any) -> None:
        raise_problems(f"surveys {record.code}", _reference_problems(tx, record))

    return add_record(store, "surveys", values, check=check)
