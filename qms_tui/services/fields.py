"""The agency's TTHC fields (lĩnh vực): add, rename, retire, restore. Shared by ``qms field`` and the TUI forms.

A field's code is what procedures store; its names are what every screen and report shows, so renaming a
field renames it everywhere and a field is never deleted, only retired (its procedures and dossiers keep
counting under it). A store written before fields were data gets its derived fields (``domain.fields``)
written to the table before the first change, so none of them is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from qms_tui.domain.fields import fields_of_tables
from qms_tui.domain.models import TthcField
from qms_tui.domain.problems import Fault
from qms_tui.domain.text import fold
from qms_tui.services.common import EditResult, Problem, parse_day, tables, today_of
from qms_tui.services.records import CHECKS, add_record, edit_record
from qms_tui.store import Store, Transaction, ValidationError


def store_fields(tx: Transaction) -> list[TthcField]:
    """The store's fields as read under the lock (derived ones for an older store)."""
    return fields_of_tables(tables(tx))[0]


def _ensure_stored(store: Store) -> None:
    """Write an older store's derived fields to its ``fields`` table (one transaction, once)."""
    with store.transaction() as tx:
        fields, stored = fields_of_tables(tables(tx))
        if stored:
            return
        for record in fields:
            tx.put("fields", record, action="add", summary=f"name: {record.name}; kept from the store's procedures")


def _check_field(tx: Transaction, record: Any) -> list[Problem]:
    """Two fields may not have the same name (accents and case aside): reports would show one twice."""
    wanted = fold(record.name)
    for other in store_fields(tx):
        if other.code != record.code and wanted and fold(other.name) == wanted:
            return [("name", Fault("p_field_name_taken", name=repr(record.name), other=other.code))]
    return []


CHECKS["fields"] = _check_field


def add_field(store: Store, values: Mapping[str, Any]) -> EditResult:
    """A new field: ``code`` (what procedures store, e.g. ``ho_tich``), ``name``, optional ``name_en``."""
    _ensure_stored(store)
    return add_record(store, "fields", {k: v for k, v in values.items() if k != "retired"})


def edit_field(store: Store, code: str, changes: Mapping[str, Any]) -> EditResult:
    """Rename a field (``name``, ``name_en``); ``retired`` empty puts a retired field back in use."""
    _ensure_stored(store)
    return edit_record(store, "fields", code, changes)


def retire_field(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """Retire a field on ``day`` (default: the store's today). Refused while procedures in force are in it:
    move them to another field or retire them first."""
    _ensure_stored(store)

    def retired(tx: Transaction, record: Any) -> None:
        if record.retired is not None:
            raise ValidationError(f"fields {code}",
                                  [("retired", Fault("p_already_retired", day=f"{record.retired:%d/%m/%Y}"))])
        in_force = sorted(doc.get("code") for doc in tables(tx).get("procedures", {}).values()
                          if doc.get("field") == code and doc.get("status") != "retired")
        if in_force:
            shown = ", ".join(in_force[:5]) + (f" and {len(in_force) - 5} more" if len(in_force) > 5 else "")
            raise ValidationError(f"fields {code}", [("code", Fault("p_field_in_use", procedures=shown))])
        record.retired = parse_day(f"fields {code}", "date", day, today_of(tables(tx), store))

    return edit_record(store, "fields", code, {}, action="retire", adjust=retired)


def restore_field(store: Store, code: str) -> EditResult:
    """Put a retired field back in use: new procedures may take it again (a field retired by mistake, or
    a remit given back). Refused for a field in use (its name is still its own: ``_check_field``)."""
    _ensure_stored(store)

    def restored(tx: Transaction, record: Any) -> None:
        if record.retired is None:
            raise ValidationError(f"fields {code}", [("retired", Fault("p_field_not_retired"))])
        record.retired = None

    return edit_record(store, "fields", code, {}, action="restore", adjust=restored)
