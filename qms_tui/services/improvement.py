"""Nonconformities and their corrective actions (clause 10.2) as write services, for ``qms nc`` and the
Improvement screen's forms alike.

The rules live in ``domain.improvement`` (an NC is closed only after the effectiveness of its corrective
action was verified; a ``late_dossier`` NC only for a dossier that is late, once). This module adds what a
write needs around them: one locked transaction, the next free ``KPH-<year>-NN`` code, the references the
record names (finding, dossier, review), a change-log summary, and ``ValidationError`` naming the field for
anything wrong. ``audits.py`` and ``reviews.py`` do the same for internal audits and management reviews.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from qms_tui.domain import improvement
from qms_tui.domain.dates import format_vn
from qms_tui.domain.improvement import RuleError
from qms_tui.domain.models import NC_SOURCES, TABLE_MODELS, Dossier, Nonconformity, Record
from qms_tui.domain.problems import Fault
from qms_tui.domain.textcheck import record_text_problems
from qms_tui.services.common import EditResult, NotFoundError, coerce_all, parse_day, raise_problems, tables, today_of
from qms_tui.services.records import edit_record
from qms_tui.store import Store, Transaction, ValidationError

SOURCE = "late_dossier"
TABLE = "nonconformities"

# -- what every improvement write shares ----------------------------------------------------------------


@contextlib.contextmanager
def rules(store: Store) -> Iterator[Transaction]:
    """A store transaction in which a broken improvement rule (``RuleError``) is an invalid input."""
    try:
        with store.transaction() as tx:
            yield tx
    except RuleError as exc:
        raise ValidationError(exc.what, exc.problems) from None


def rule(check: Any) -> Any:
    """Run a domain rule outside ``rules``: its ``RuleError`` becomes a ``ValidationError``."""
    try:
        return check()
    except RuleError as exc:
        raise ValidationError(exc.what, exc.problems) from None


def get(tx: Transaction, table: str, code: str) -> Any:
    """The record ``code`` of ``table``, or ``NotFoundError`` ("no such record")."""
    doc = tx.get(table, code)
    if doc is None:
        raise NotFoundError(table, code, Fault("p_no_such_record"))
    return TABLE_MODELS[table].from_doc(dict(doc))


def refuse_existing(tx: Transaction, table: str, code: str) -> None:
    if tx.exists(table, code):
        raise ValidationError(f"{table} {code}", [("code", Fault("p_exists"))])


def check(tx: Transaction, table: str, record: Record) -> None:
    """The record's text, its own rules and its references to other tables, all at once."""
    problems = record_text_problems(record) + record.problems()
    problems += improvement.reference_problems(tx.qms, table, record)
    if problems:
        raise ValidationError(f"{table} {record.key}", problems)


def put(tx: Transaction, table: str, record: Record, summary: str) -> EditResult:
    """Check and write ``record`` with a change-log summary (logged as ``add`` or ``update``)."""
    check(tx, table, record)
    changed = tx.put(table, record, summary=summary)
    return EditResult(table, record, summary, changed=changed)


def typed(table: str, values: Mapping[str, Any], what: str) -> dict[str, Any]:
    """``values`` (text as typed, or already read) as the model's types; empty values left out."""
    given = {k: v for k, v in values.items() if v is not None and v != "" and v != []}
    fields, problems = coerce_all(table, given)
    raise_problems(what, problems)
    return fields


def day_text(day: date | None) -> str:
    return format_vn(day)


def today(tx: Transaction, store: Store) -> date:
    """The default day of a write: the store's as-of date, or today once the app follows the clock."""
    return today_of(tables(tx), store)


# -- raising a nonconformity ----------------------------------------------------------------------------


def nc_of_dossier(qms: Any, dossier_code: str) -> Nonconformity | None:
    """The nonconformity already raised for this dossier, if any."""
    return next((nc for nc in qms.nonconformities if nc.source == SOURCE and nc.reference == dossier_code), None)


def lateness(qms: Any, dossier: Dossier) -> int | None:
    """Working days late as of the store's date (returned late, or open past its due date); else ``None``."""
    return improvement.dossier_lateness(dossier, qms.today, qms.working_calendar)


def _raised_summary(nc: Nonconformity) -> str:
    return f"raised ({nc.source} {nc.reference})".replace(" )", ")") + f": {nc.description}"


def nc_from_late_dossier(
    store: Store,
    dossier_code: str,
    *,
    code: str | None = None,
    raised: date | str | None = None,
    **values: Any,
) -> EditResult:
    """Raise a ``late_dossier`` nonconformity for ``dossier_code`` (default code: the next ``KPH-<year>-NN``).

    ``values`` may give ``description``, ``clause``, ``correction``, ``owner`` and ``deadline`` (default
    description: what the dossier's lateness was; clause 8.7). Refused for a dossier that is not late or
    that already has a nonconformity.
    """
    dossier_code = (dossier_code or "").strip()
    what = f"{TABLE} {code or '(new)'}"
    with rules(store) as tx:
        qms = tx.qms
        day = parse_day(what, "raised", raised, qms.today)
        the_code = (code or improvement.next_nc_code(qms.nonconformities, day.year)).strip()
        what = f"{TABLE} {the_code}"
        if tx.exists(TABLE, the_code):
            raise ValidationError(what, [("code", Fault("p_exists"))])
        taken = nc_of_dossier(qms, dossier_code)
        if taken is not None:
            raise ValidationError(what, [("reference", Fault("p_has_nc", dossier=dossier_code, nc=taken.code))])
        doc = tx.get("dossiers", dossier_code)
        if doc is None:
            raise NotFoundError("dossiers", dossier_code, Fault("p_no_such", what="dossier"))
        dossier = Dossier.from_doc(dict(doc))
        procedure = qms.procedure_by_code.get(dossier.procedure)
        nc = improvement.nc_from_dossier(dossier, the_code, qms.today, qms.working_calendar,
                                         procedure.name if procedure else "", raised=day,
                                         **{k: v for k, v in values.items() if v})
        return put(tx, TABLE, nc, _raised_summary(nc))


def raise_nc(store: Store, values: Mapping[str, Any]) -> EditResult:
    """Raise a nonconformity from ``values`` (``source`` required; ``code`` default the next
    ``KPH-<year>-NN`` of the year it was ``raised``, default the store's date).

    From a ``late_dossier``: ``nc_from_late_dossier`` (the dossier must be late). From an ``audit_finding``
    named by ``reference``: its description and clause unless given, and one NC per finding. Logged as
    ``raised (source reference): description``.
    """
    what = f"{TABLE} {values.get('code') or ''}".strip()
    fields = typed(TABLE, values, what)
    source = fields.pop("source", "")
    if not source:
        raise ValidationError(what, [("source", "is required: one of " + ", ".join(NC_SOURCES))])
    reference = fields.pop("reference", "")
    code = fields.pop("code", None)
    if source == SOURCE:
        return nc_from_late_dossier(store, reference, code=code, **fields)
    with rules(store) as tx:
        qms = tx.qms
        raised = fields.pop("raised", None) or today(tx, store)
        the_code = (code or improvement.next_nc_code(qms.nonconformities, raised.year)).strip()
        what = f"{TABLE} {the_code}"
        refuse_existing(tx, TABLE, the_code)
        if source == "audit_finding" and reference:
            taken = next((nc for nc in qms.nonconformities if nc.source == source and nc.reference == reference), None)
            if taken is not None:
                raise ValidationError(what, [("reference", Fault("p_has_nc", dossier=reference, nc=taken.code))])
            finding = next((f for f in qms.audit_findings if f.code == reference), None)
            if finding is None:
                raise ValidationError(what, [("reference", f"unknown audit finding {reference!r}")])
            nc = improvement.nc_from_finding(finding, the_code, raised, **fields)
        else:
            nc = Nonconformity(code=the_code, source=source, reference=reference, raised=raised, **fields)
        return put(tx, TABLE, nc, _raised_summary(nc))


# -- its corrective action, the effectiveness check, the closing --------------------------------------------


def act_on_nc(
    store: Store,
    code: str,
    *,
    day: date | str | None = None,
    root_cause: str | None = None,
    correction: str | None = None,
    corrective_action: str | None = None,
    owner: str | None = None,
    deadline: date | str | None = None,
) -> EditResult:
    """Record the root cause and the corrective action taken on ``day`` (status ``action_taken``)."""
    what = f"{TABLE} {code}"
    with rules(store) as tx:
        nc = get(tx, TABLE, code)
        on = parse_day(what, "action_date", day, today(tx, store))
        due = parse_day(what, "deadline", deadline, None) if deadline else None  # type: ignore[arg-type]
        changed = improvement.take_action(nc, on, root_cause=root_cause, correction=correction,
                                          corrective_action=corrective_action, owner=owner, deadline=due)
        return put(tx, TABLE, changed, f"corrective action taken {day_text(on)}: {changed.corrective_action}")


def verify_nc(
    store: Store, code: str, result: str, effective: bool | None, day: date | str | None = None
) -> EditResult:
    """Record the effectiveness check (effective: ``verified_effective``; not effective: back to ``open``)."""
    what = f"{TABLE} {code}"
    if effective is None:
        raise ValidationError(what, [("effective", "say whether the action was effective: --effective or "
                                      "--not-effective")])
    with rules(store) as tx:
        nc = get(tx, TABLE, code)
        on = parse_day(what, "check_date", day, today(tx, store))
        changed = improvement.verify(nc, on, result, effective)
        verdict = "effective" if effective else "not effective"
        return put(tx, TABLE, changed, f"effectiveness checked {day_text(on)}: {verdict}: {result.strip()}")


def close_nc(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """Close a nonconformity whose corrective action was verified effective."""
    with rules(store) as tx:
        nc = get(tx, TABLE, code)
        on = parse_day(f"{TABLE} {code}", "closed_date", day, today(tx, store))
        return put(tx, TABLE, improvement.close(nc, on), f"closed {day_text(on)}")


def _nc_references(tx: Transaction, record: Nonconformity) -> None:
    problems = improvement.reference_problems(tx.qms, TABLE, record)
    if problems:
        raise ValidationError(f"{TABLE} {record.code}", problems)


def edit_nc(store: Store, code: str, changes: Mapping[str, Any], base: Mapping[str, Any] | None = None) -> EditResult:
    """Change any fields of a nonconformity (a form's edit); the model's rules and its reference are
    checked with the changes applied, under the lock. ``base``: as for ``records.edit_record``."""
    return edit_record(store, TABLE, code, changes, adjust=_nc_references, base=base)


__all__ = [
    "act_on_nc",
    "close_nc",
    "edit_nc",
    "lateness",
    "nc_from_late_dossier",
    "nc_of_dossier",
    "raise_nc",
    "verify_nc",
]
