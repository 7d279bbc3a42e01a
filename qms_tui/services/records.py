"""Adding and changing register records: procedures, risks, staff, training, legal documents, objectives, plan
tasks.

Each function opens one store transaction, validates (the model's own rules plus references to other
tables: units, legal documents, procedures, staff), writes, and logs who changed what with a summary of
the changed fields. Values may be strings as typed by a user (see ``common.coerce``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from qms_tui.domain.dates import date_problem, parse_date
from qms_tui.domain.fields import fields_of_tables, find_field
from qms_tui.domain.models import TABLE_MODELS, Procedure, Record
from qms_tui.domain.problems import Fault
from qms_tui.services.common import (
    EditConflict,
    EditResult,
    Problem,
    calendar_of,
    coerce_all,
    describe_changes,
    describe_new,
    find_conflicts,
    load,
    parse_day,
    raise_problems,
    tables,
    today_of,
)
from qms_tui.services.dossiers import compute_due, procedure_problem
from qms_tui.store import Store, Transaction, ValidationError

Check = Callable[[Transaction, Any], list[Problem]]


# -- references to other tables ---------------------------------------------------------------------


def _codes(tx: Transaction, table: str) -> set[str]:
    key = TABLE_MODELS[table].KEY
    return {doc.get(key) for doc in tables(tx).get(table, {}).values()}


def _units(tx: Transaction) -> list[str]:
    org = next(iter(tables(tx).get("organisation", {}).values()), {})
    return list(org.get("units") or [])


def _unit_problems(tx: Transaction, unit: str) -> list[Problem]:
    units = _units(tx)
    if unit and units and unit not in units:
        return [("unit", Fault("p_unknown_unit", unit=repr(unit), known=", ".join(units)))]
    return []


def _check_procedure(tx: Transaction, procedure: Any) -> list[Problem]:
    """Unit, legal basis, field and national code against the store. A field typed by its name ("Hộ tịch",
    accents optional) is stored as its code; a retired field takes no procedure that was not in it."""
    problems = _unit_problems(tx, procedure.unit) + _field_problems(tx, procedure)
    problems += _national_code_problems(tx, procedure)
    laws = _codes(tx, "legal_documents")
    unknown = [n for n in procedure.legal_basis if n not in laws]
    if unknown:
        problems.append(("legal_basis", Fault("p_unknown_legal", codes=", ".join(unknown))))
    return problems


def _field_problems(tx: Transaction, procedure: Any) -> list[Problem]:
    if not procedure.field:
        return []
    fields = fields_of_tables(tables(tx))[0]
    found = find_field(procedure.field, fields)
    if found is None:
        known = ", ".join(f"{f.code} ({f.name})" for f in fields if f.retired is None)
        if not known:
            return [("field", Fault("p_unknown_field_none", field=repr(procedure.field)))]
        return [("field", Fault("p_unknown_field", field=repr(procedure.field), known=known))]
    procedure.field = found.code
    stored = tx.get("procedures", procedure.code)
    if found.retired is not None and (stored is None or stored.get("field") != found.code):
        return [("field", Fault("p_field_retired", field=f"{found.code} ({found.name})",
                                day=f"{found.retired:%d/%m/%Y}"))]
    return []


def _national_code_problems(tx: Transaction, procedure: Any) -> list[Problem]:
    procedure.national_code = procedure.national_code.strip()
    code = procedure.national_code
    if not code:
        return []
    for doc in tables(tx).get("procedures", {}).values():
        if doc.get("code") != procedure.code and str(doc.get("national_code") or "").strip() == code:
            return [("national_code", Fault("p_national_code_taken", code=code, other=doc.get("code")))]
    return []


def _check_risk(tx: Transaction, risk: Any) -> list[Problem]:
    known = _codes(tx, "procedures")
    unknown = [c for c in risk.procedures if c not in known]
    return [("procedures", Fault("p_unknown_procedures", codes=", ".join(unknown)))] if unknown else []


def _check_staff(tx: Transaction, person: Any) -> list[Problem]:
    return _unit_problems(tx, person.unit)


def _check_training(tx: Transaction, course: Any) -> list[Problem]:
    known = _codes(tx, "staff")
    unknown = [c for c in course.attendees if c not in known]
    return [("attendees", Fault("p_unknown_staff", codes=", ".join(unknown)))] if unknown else []


def _check_legal(tx: Transaction, document: Any) -> list[Problem]:
    """``replaced_by`` and ``amends`` must name a document of the register (add the new one first)."""
    known = _codes(tx, "legal_documents")
    return [(name, f"{getattr(document, name)!r} is not in the legal register (add it first: qms legal add)")
            for name in ("replaced_by", "amends") if getattr(document, name) and getattr(document, name) not in known]


def _check_dossier(tx: Transaction, dossier: Any) -> list[Problem]:
    doc = tx.get("procedures", dossier.procedure) if dossier.procedure else None
    why = procedure_problem(Procedure.from_doc(dict(doc)) if doc else None, dossier.procedure)
    return [("procedure", why)] if why and dossier.procedure else []


CHECKS: dict[str, Check] = {
    "dossiers": _check_dossier,
    "procedures": _check_procedure,
    "risks": _check_risk,
    "staff": _check_staff,
    "trainings": _check_training,
    "legal_documents": _check_legal,
}
"""Reference checks per table, on top of each model's own ``problems()``."""


def _validate(tx: Transaction, table: str, record: Record, problems: list[Problem]) -> None:
    check = CHECKS.get(table)
    problems = problems + record.problems() + (check(tx, record) if check else [])
    raise_problems(f"{table} {record.key}", problems)


# -- generic add and edit ---------------------------------------------------------------------------


def add_record(
    store: Store,
    table: str,
    values: Mapping[str, Any],
    *,
    check: Callable[[Transaction, Any], None] | None = None,
) -> EditResult:
    """Add a new record to ``table``; its key must not exist yet. ``check`` may refuse a record the model
    accepts (raising ``ValidationError``) or complete it, with the transaction at hand."""
    model = TABLE_MODELS[table]
    fields, problems = coerce_all(table, {k: v for k, v in values.items() if v is not None})
    key = str(fields.get(model.KEY) or "")
    if not key:
        reason = next((message for name, message in problems if name == model.KEY), f"{model.KEY} is required")
        raise ValidationError(f"{table} (new)", [(model.KEY, reason)])
    record = model(**fields)
    with store.transaction() as tx:
        if tx.exists(table, key):
            raise ValidationError(f"{table} {key}", [(model.KEY, Fault("p_exists_edit"))])
        if check is not None and not problems and not record.problems():
            check(tx, record)
        _validate(tx, table, record, problems)
        summary = describe_new(record.to_doc(), skip=(model.KEY, "history"))
        tx.put(table, record, action="add", summary=summary)
    return EditResult(table, record, summary)


def edit_record(
    store: Store,
    table: str,
    key: str,
    changes: Mapping[str, Any],
    *,
    action: str = "edit",
    adjust: Callable[[Transaction, Any], None] | None = None,
    summary: str | None = None,
    base: Mapping[str, Any] | None = None,
) -> EditResult:
    """Change the given fields of ``table``'s record ``key`` (``None`` values are left alone).

    ``adjust`` may change the record further once the fields are set (e.g. add a history entry), with the
    transaction at hand. Nothing is written when nothing changes. ``base`` is the record as it was when the
    edit began (a form opened it): a given field that someone else has changed since, to another value,
    raises ``EditConflict`` and nothing is written (without ``base``, as on the command line, the last
    write wins). Fields nobody else touched merge with theirs.
    """
    model = TABLE_MODELS[table]
    given = {k: v for k, v in changes.items() if v is not None}
    if model.KEY in given and str(given[model.KEY]) != key:
        raise ValidationError(f"{table} {key}", [(model.KEY, Fault("p_cannot_change"))])
    fields, problems = coerce_all(table, given)
    with store.transaction() as tx:
        record = load(tx, table, key)
        before = record.to_doc()
        for name, value in fields.items():
            setattr(record, name, value)
        if base is not None and not problems:
            clash = find_conflicts(base, before, record.to_doc(), fields)
            if clash:
                raise EditConflict(f"{table} {key}", clash, before, TABLE_MODELS[table].from_doc(dict(before)))
        if adjust is not None:
            adjust(tx, record)
        _validate(tx, table, record, problems)
        after = record.to_doc()
        text = describe_changes(before, after)
        if not text:
            return EditResult(table, record, "", changed=False)
        full = f"{summary}; {text}" if summary else text
        tx.put(table, record, action=action, summary=full)
    return EditResult(table, record, full)


# -- procedures -------------------------------------------------------------------------------------


def add_procedure(store: Store, values: Mapping[str, Any]) -> EditResult:
    """A new procedure; its first history entry is its issue (version, issue date, "issued")."""
    values = dict(values)
    if not values.get("history") and values.get("issued"):
        values["history"] = [
            {"version": str(values.get("version") or "1.0"), "date": _iso(values["issued"]), "change": "issued"}
        ]
    return add_record(store, "procedures", values)


def edit_procedure(
    store: Store,
    code: str,
    changes: Mapping[str, Any],
    *,
    change: str | None = None,
    revised: date | str | None = None,
    base: Mapping[str, Any] | None = None,
) -> EditResult:
    """Edit a procedure. A new ``version`` adds a history entry dated ``revised`` (default: today)
    saying ``change``: the revision date is what shows a legal change was carried into the procedure.
    ``base``: as for ``edit_record``."""

    def new_version(tx: Transaction, procedure: Any) -> None:
        history = procedure.history
        latest = history[-1].get("version") if history else None
        if changes.get("version") is None or procedure.version == latest:
            if change or revised:
                raise ValidationError(f"procedures {code}", [("version", Fault("p_revision_needs_version"))])
            return
        today = today_of(tables(tx), store)
        day = parse_day(f"procedures {code}", "revised", revised, today)
        why = date_problem(day, today)
        if why:
            raise ValidationError(f"procedures {code}", [("revised", why)])
        procedure.history = [
            *history,
            {"version": procedure.version, "date": day.isoformat(), "change": change or "revised"},
        ]

    return edit_record(store, "procedures", code, changes, adjust=new_version, base=base)


def review_procedure(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """Record a review of the procedure (``last_review``) on ``day`` (default: the store's today)."""

    def reviewed(tx: Transaction, procedure: Any) -> None:
        procedure.last_review = parse_day(f"procedures {code}", "date", day, today_of(tables(tx), store))

    return edit_record(store, "procedures", code, {}, action="review", adjust=reviewed)


def retire_procedure(store: Store, code: str) -> EditResult:
    """Take the procedure out of the QMS (status ``retired``); it stays on record."""
    return edit_record(store, "procedures", code, {"status": "retired"}, action="retire")


# -- risks ------------------------------------------------------------------------------------------


def review_risk(
    store: Store, code: str, day: date | str | None = None, changes: Mapping[str, Any] | None = None
) -> EditResult:
    """Record a review of a risk on ``day`` (default today), with a re-assessment if given."""

    def reviewed(tx: Transaction, risk: Any) -> None:
        risk.last_reviewed = parse_day(f"risks {code}", "date", day, today_of(tables(tx), store))

    return edit_record(store, "risks", code, dict(changes or {}), action="review", adjust=reviewed)


def close_risk(
    store: Store,
    code: str,
    *,
    day: date | str | None = None,
    residual_likelihood: int | str | None = None,
    residual_impact: int | str | None = None,
    effective: bool | None = None,
) -> EditResult:
    """Close a risk (status ``closed``, reviewed on ``day``), with its residual rating and whether the
    treatment was effective."""
    changes = {
        "status": "closed",
        "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact,
        "effective": effective,
    }

    def closed(tx: Transaction, risk: Any) -> None:
        risk.last_reviewed = parse_day(f"risks {code}", "date", day, today_of(tables(tx), store))
        if (risk.residual_likelihood is None) != (risk.residual_impact is None):
            raise ValidationError(
                f"risks {code}", [("residual", "give both the residual likelihood and the residual impact")]
            )

    return edit_record(store, "risks", code, changes, action="close", adjust=closed)


# -- plan tasks -------------------------------------------------------------------------------------


def complete_task(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """Mark a plan task done on ``day`` (default: the store's today)."""

    def done(tx: Transaction, task: Any) -> None:
        task.status = "done"
        task.done_date = parse_day(f"plan_tasks {code}", "date", day, today_of(tables(tx), store))

    return edit_record(store, "plan_tasks", code, {}, action="done", adjust=done)


# -- dossiers ---------------------------------------------------------------------------------------


def edit_dossier(
    store: Store, code: str, changes: Mapping[str, Any], base: Mapping[str, Any] | None = None
) -> EditResult:
    """Correct a dossier's facts (a form's edit). An emptied due date is computed again from the statutory
    time (not while a supplement is awaited). ``base``: as for ``edit_record``."""

    def recompute_due(tx: Transaction, record: Any) -> None:
        if record.due is None and not record.waiting_supplement and record.received is not None:
            doc = tx.get("procedures", record.procedure)
            procedure = Procedure.from_doc(dict(doc)) if doc is not None else None
            record.due = compute_due(calendar_of(tables(tx)), procedure, record.received, record.pause_list())

    return edit_record(store, "dossiers", code, changes, adjust=recompute_due, base=base)


def _iso(value: date | str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return parse_date(value).isoformat()
    except ValueError:
        return str(value)


__all__ = [
    "add_procedure",
    "add_record",
    "close_risk",
    "complete_task",
    "edit_dossier",
    "edit_procedure",
    "edit_record",
    "retire_procedure",
    "review_procedure",
    "review_risk",
]


# -- the references alone, for a form that shows every problem at once -------------------------------


class _LookOnly(Exception):
    """Raised inside a transaction to leave it without writing anything."""


def reference_problems(store: Store, table: str, values: Mapping[str, Any]) -> list[Problem]:
    """The references a new record's ``values`` name that the store lacks (procedures, staff, units...),
    checked without writing, so a form can show them with the other problems instead of after them.
    Values that cannot be read are left out: their own problem is said elsewhere."""
    from qms_tui.domain.improvement import reference_problems as improvement_references

    fields, _ = coerce_all(table, {k: v for k, v in values.items() if v is not None})
    try:
        record = TABLE_MODELS[table](**fields)
    except (TypeError, ValueError):
        return []
    check = CHECKS.get(table)
    if check is None:
        try:
            return improvement_references(store.snapshot(), table, record)
        except Exception:  # a table with no references, or a store that cannot be read: the write says it
            return []
    found: list[Problem] = []
    try:
        with store.transaction() as tx:
            found = check(tx, record)
            raise _LookOnly
    except _LookOnly:
        pass
    except Exception:  # a busy or unusable store: the write will say why
        return []
    return found
