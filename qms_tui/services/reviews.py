"""Management reviews (clause 9.3) and the actions they decide, as write services for ``qms review`` and
the Improvement screen's forms alike.

An action lives inside its review (``ManagementReview.actions``) and its code is unique across reviews;
its deadline is not before the review (``domain.improvement.add_action``). See ``services.improvement`` for
what every improvement write shares.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from qms_tui.domain import improvement
from qms_tui.domain.dates import date_problem, parse_date
from qms_tui.domain.models import ManagementReview, ReviewAction
from qms_tui.domain.problems import Fault
from qms_tui.services.audits import codes
from qms_tui.services.common import EditConflict, EditResult, find_conflicts, parse_day
from qms_tui.services.improvement import day_text, get, put, refuse_existing, rules, today, typed
from qms_tui.services.records import edit_record
from qms_tui.store import Store, Transaction, ValidationError

TABLE = "reviews"


def add_review(store: Store, values: Mapping[str, Any]) -> EditResult:
    """Record a management review held (``code``, ``date``, ``chair``, ``attendees``, the clause 9.3.2
    ``inputs`` covered, ``decisions``, ``ref``)."""
    what = f"{TABLE} {values.get('code') or '(new)'}"
    given = dict(values)
    for name in ("attendees", "inputs"):
        if name in given:
            given[name] = codes(given[name])
    if "inputs" in given:
        given["inputs"] = [i.lower() for i in given["inputs"]]
    if "decisions" in given:
        given["decisions"] = [d.strip() for d in given["decisions"] or [] if d and d.strip()]
    review = ManagementReview(**typed(TABLE, given, what))
    summary = (f"management review held {day_text(review.date)}, {len(review.inputs)} input(s), "
               f"{len(review.decisions)} decision(s)")
    with rules(store) as tx:
        refuse_existing(tx, TABLE, review.code)
        return put(tx, TABLE, review, summary)


def read_action(code: str, values: Mapping[str, Any], current: ReviewAction | None, today: date,
                what: str) -> ReviewAction:
    """An action from typed values (unchanged fields from ``current``); a done action gets ``today`` when
    no day is given. Dates that cannot be read, or are implausible around ``today``, are refused with the
    field's name."""
    problems: list[tuple[str, str]] = []

    def day(name: str) -> date | None:
        if name not in values:
            return getattr(current, name) if current is not None else None
        value = values[name]
        if isinstance(value, date):
            parsed = value
        else:
            text = str(value or "").strip()
            if not text:
                return None
            try:
                parsed = parse_date(text)
            except ValueError as exc:
                problems.append((name, str(exc)))
                return None
        why = date_problem(parsed, today)
        if why:
            problems.append((name, why))
        return parsed

    def text(name: str) -> str:
        if name in values:
            return str(values[name] or "").strip()
        return str(getattr(current, name)) if current is not None else ""

    status = text("status") or "open"
    done = day("done_date")
    if status == "done" and done is None:
        done = today
    if status != "done":
        done = None
    action = ReviewAction(code=code, text=text("text"), owner=text("owner"), deadline=day("deadline"),
                          status=status, done_date=done)
    if not action.text:
        problems.append(("text", "is required"))
    if problems:
        raise ValidationError(what, problems)
    return action


def add_review_action(store: Store, review: str, values: Mapping[str, Any]) -> EditResult:
    """Add an action decided by ``review`` (``code`` default ``<review>-NN``; ``text``, ``owner``,
    ``deadline``, optionally ``status`` and ``done_date``). Logged as ``action <code> (due <day>): <text>``."""
    what = f"{TABLE} {review or '?'}"
    with rules(store) as tx:
        record = get(tx, TABLE, review)
        qms = tx.qms
        existing = [a.code for a in qms.review_actions()]
        code = (str(values.get("code") or "") or improvement.next_code(existing, f"{review}-")).strip()
        action = read_action(code, values, None, today(tx, store), what)
        changed = improvement.add_action(record, action, existing)
        return put(tx, TABLE, changed, f"action {code} (due {day_text(action.deadline)}): {action.text}")


def edit_review_action(store: Store, review: str, code: str, changes: Mapping[str, Any],
                       base: Mapping[str, Any] | None = None) -> EditResult:
    """Change the given fields of an action inside its review (``base``: the action when the edit began; a
    field someone else changed meanwhile is an ``EditConflict``)."""
    what = f"{TABLE} {review}"

    def change(tx: Transaction, record: ManagementReview) -> None:
        current = next((a for a in record.action_list() if a.code == code), None)
        if current is None:
            raise ValidationError(what, [("code", f"{code} is no longer an action of {review}")])
        new = read_action(code, changes, current, today(tx, store), what)
        clash = find_conflicts(base, current.to_doc(), new.to_doc(), changes) if base is not None else []
        if clash:
            raise EditConflict(what, clash, current.to_doc(), current)
        if new.deadline and record.date and new.deadline < record.date:
            raise ValidationError(what, [("deadline", f"{new.deadline:%d/%m/%Y} is before the review "
                                                      f"({record.date:%d/%m/%Y})")])
        record.actions = [new.to_doc() if doc.get("code") == code else doc for doc in record.actions]

    return edit_record(store, TABLE, review, {}, adjust=change, summary=f"action {code}")


def review_action_done(store: Store, action: str, day: date | str | None = None) -> EditResult:
    """Mark a review action done on ``day`` (default: the store's date)."""
    with rules(store) as tx:
        found = improvement.find_action(tx.qms.reviews, action)
        if found is None:
            raise ValidationError(f"{TABLE} {action}", [("actions", Fault("p_no_such_action"))])
        review, _ = found
        on = parse_day(f"{TABLE} {review.code}", "actions", day, today(tx, store))
        changed = improvement.action_done(review, action, on)
        return put(tx, TABLE, changed, f"action {action} done {day_text(on)}")


__all__ = ["add_review", "add_review_action", "edit_review_action", "read_action", "review_action_done"]
