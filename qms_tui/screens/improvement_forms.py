"""The Improvement screen's data entry (``a`` adds, ``e`` edits): a nonconformity, and an action decided at
a management review.

Nothing here draws a form or writes a file: the forms are ``forms.FormSpec``s shown by the shared
``dialogs.form.FormDialog``, and they save through the shared write services (``services.add_record`` and
``services.edit_record``), which read the typed text, validate it with the models' rules (an NC is not
verified before its corrective action is recorded, nor closed before its effectiveness was checked and
found effective), write in one locked transaction and log the change. On top of that these forms check an
NC's reference (the finding, dossier or review it names) and apply ``domain.improvement.add_action`` to a
new review action (code unique across reviews, deadline not before the review).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .. import services
from ..domain import improvement
from ..domain.dates import parse_date
from ..domain.models import ACTION_STATUSES, NC_SOURCES, NC_STATUSES, ManagementReview, Nonconformity, ReviewAction
from ..domain.qms import Qms
from ..forms.fields import Field, FormSpec, as_text, record_values
from ..labels import tr
from ..services.common import EditResult
from ..store import Store, Transaction, ValidationError

TABLE = "nonconformities"


def _date(name: str, label: str, *, required: bool = False) -> Field:
    """A dd/mm/yyyy field."""
    return Field(name, tr(label), "date", required=required, placeholder=tr("ph_date"))


# -- nonconformities ------------------------------------------------------------------------------------


def nc_fields(editing: bool) -> list[Field]:
    """Where it comes from, what it is, the action, the effectiveness check, the closing — in that order."""
    return [
        Field("code", tr("f_code"), required=True, locked=editing, placeholder="KPH-2024-06"),
        Field("source", tr("f_source"), "choice", tuple((s, tr(f"src_{s}")) for s in NC_SOURCES)),
        Field("reference", tr("fi_reference"), placeholder=tr("ph_nc_reference")),
        Field("description", tr("f_description"), required=True),
        Field("clause", tr("fi_clause"), placeholder="8.5.1"),
        _date("raised", "fi_raised", required=True),
        Field("owner", tr("f_owner")),
        _date("deadline", "fi_deadline"),
        Field("correction", tr("fi_correction")),
        Field("root_cause", tr("fi_root_cause")),
        Field("corrective_action", tr("fi_corrective_action")),
        Field("status", tr("f_status"), "choice", tuple((s, tr(f"nc_{s}")) for s in NC_STATUSES)),
        _date("action_date", "fi_action_date"),
        _date("check_date", "fi_check_date"),
        Field("check_result", tr("fi_check_result")),
        Field("effective", tr("fi_effective"), "choice", (("yes", tr("yes")), ("no", tr("no"))),
              blank=tr("choice_not_assessed")),
        _date("closed_date", "fi_closed_date"),
    ]


def _reference_check(store_or_tx: Store | Transaction, record: Nonconformity) -> None:
    """Refuse a reference to a finding, dossier or review that does not exist (as ``qms nc add`` does)."""
    qms = store_or_tx.qms if isinstance(store_or_tx, Transaction) else store_or_tx.snapshot()
    problems = improvement.reference_problems(qms, TABLE, record)
    if problems:
        raise ValidationError(f"{TABLE} {record.code}", problems)


def nc_form(store: Store, qms: Qms, nc: Nonconformity | None = None) -> FormSpec:
    """Raise a nonconformity (numbered ``KPH-<year>-NN``, raised today, open), or edit ``nc``."""
    fields = nc_fields(nc is not None)
    if nc is None:
        values = {"code": improvement.next_nc_code(qms.nonconformities, qms.today.year), "source": "audit_finding",
                  "raised": as_text(qms.today), "status": "open"}

        def add(typed: dict[str, Any]) -> EditResult:
            """Check the reference, then add through the shared service."""
            _reference_check(store, Nonconformity(code=str(typed.get("code") or ""),
                                                  source=str(typed.get("source") or ""),
                                                  reference=str(typed.get("reference") or "")))
            return services.add_record(store, TABLE, typed)

        return FormSpec(tr("form_add_nonconformities"), fields, values, add)
    code = nc.code

    def edit(changes: dict[str, Any]) -> EditResult:
        """Change the typed fields; the reference is checked with the changes applied, under the lock."""
        return services.edit_record(store, TABLE, code, changes, adjust=_reference_check)

    return FormSpec(tr("form_edit_nonconformities", code=code), fields, record_values(nc, fields), edit,
                    editing=True)


# -- review actions ------------------------------------------------------------------------------------


def action_fields(qms: Qms, editing: bool) -> list[Field]:
    """The review that decided it, its code, what, who, by when, done or not."""
    reviews = sorted(qms.reviews, key=lambda r: (r.date or date.min, r.code), reverse=True)
    return [
        Field("review", tr("fi_review"), "choice",
              tuple((r.code, f"{r.code} · {as_text(r.date)}") for r in reviews), locked=editing),
        Field("code", tr("f_code"), required=True, locked=editing, placeholder="XXLD-2024-04"),
        Field("text", tr("fi_action_text"), required=True),
        Field("owner", tr("f_owner")),
        _date("deadline", "fi_deadline"),
        Field("status", tr("f_status"), "choice",
              tuple((s, tr("act_done" if s == "done" else "act_open")) for s in ACTION_STATUSES)),
        _date("done_date", "fi_done_date"),
    ]


def _read_action(code: str, values: Mapping[str, Any], current: ReviewAction | None, today: date,
                 what: str) -> ReviewAction:
    """An action from the typed text (unchanged fields from ``current``); a done action gets today's date
    when none is typed. Dates that cannot be read are refused with the field's name."""
    problems: list[tuple[str, str]] = []

    def day(name: str) -> date | None:
        """A typed date, the current one, or none."""
        if name not in values:
            return getattr(current, name) if current is not None else None
        text = str(values[name] or "").strip()
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            problems.append((name, str(exc)))
            return None

    def text(name: str) -> str:
        """A typed text, else the current one."""
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


def action_form(store: Store, qms: Qms, action: ReviewAction | None = None,
                on_saved: Callable[[str], None] | None = None) -> FormSpec:
    """Add an action to a management review (code ``<review>-NN``), or edit ``action``.

    ``on_saved`` hears the action's code before the screen redraws (the service's result names the review).
    """
    fields = action_fields(qms, action is not None)
    today = qms.today

    def saved(code: str) -> None:
        if on_saved is not None:
            on_saved(code)

    if action is None:
        latest = max(qms.reviews, key=lambda r: (r.date or date.min, r.code), default=None)
        codes = [a.code for a in qms.review_actions()]
        values = {"status": "open"}
        if latest is not None:
            values.update(review=latest.code, code=improvement.next_code(codes, f"{latest.code}-"))

        def add(typed: dict[str, Any]) -> EditResult:
            """Append the action to its review through ``improvement.add_action``, under the lock."""
            review_code = str(typed.get("review") or "")
            code = str(typed.get("code") or "").strip()
            what = f"reviews {review_code or '?'}"
            if not code:
                raise ValidationError(what, [("code", "is required")])

            def append(tx: Transaction, review: ManagementReview) -> None:
                new = _read_action(code, typed, None, today, what)
                taken = [a.code for r in tx.qms.reviews for a in r.action_list()]
                try:
                    review.actions = improvement.add_action(review, new, taken).actions
                except improvement.RuleError as exc:
                    raise ValidationError(exc.what, exc.problems) from None

            result = services.edit_record(store, "reviews", review_code, {}, action="add", adjust=append,
                                          summary=f"action {code}")
            saved(code)
            return result

        return FormSpec(tr("form_add_actions"), fields, values, add, aliases={"actions": ""},
                        saved_message=lambda result: tr("im_action_added", code=values.get("code", "")))
    code, review_code = action.code, action.review

    def edit(changes: dict[str, Any]) -> EditResult:
        """Change the typed fields of the action inside its review."""
        what = f"reviews {review_code}"

        def change(tx: Transaction, review: ManagementReview) -> None:
            current = next((a for a in review.action_list() if a.code == code), None)
            if current is None:
                raise ValidationError(what, [("code", f"{code} is no longer an action of {review_code}")])
            new = _read_action(code, changes, current, today, what)
            if new.deadline and review.date and new.deadline < review.date:
                raise ValidationError(what, [("deadline", f"{new.deadline:%d/%m/%Y} is before the review "
                                                          f"({review.date:%d/%m/%Y})")])
            review.actions = [new.to_doc() if doc.get("code") == code else doc for doc in review.actions]

        result = services.edit_record(store, "reviews", review_code, {}, adjust=change, summary=f"action {code}")
        saved(code)
        return result

    values = {"review": review_code, **record_values(action, fields)}
    return FormSpec(tr("form_edit_actions", code=code), fields, values, edit, editing=True, aliases={"actions": ""},
                    saved_message=lambda result: tr("im_action_saved", code=code))
