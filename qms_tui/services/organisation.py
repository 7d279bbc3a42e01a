"""The organisation itself: its names, report header and footer, units and TTHC remit (``qms org set`` and
the TUI's organisation form).

The store holds one organisation record. Its key is its name, so a rename rewrites the table instead of
adding a second record. A unit still used by procedures or staff cannot be dropped from the list: they
would point at nothing (move them first, ``qms procedure edit --unit`` / ``qms staff edit --unit``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qms_tui.domain.models import Organisation
from qms_tui.domain.problems import Fault
from qms_tui.services.common import EditResult, Problem, coerce_all, describe_changes, raise_problems, tables
from qms_tui.store import Store, Transaction


def current_organisation(tx: Transaction) -> tuple[Organisation, int]:
    """The stored organisation (an empty one if none) and how many records the table holds."""
    docs = list(tables(tx).get("organisation", {}).values())
    return (Organisation.from_doc(dict(docs[0])) if docs else Organisation()), len(docs)


def _unit_problems(tx: Transaction, before: Organisation, after: Organisation) -> list[Problem]:
    """Units dropped from the list while procedures or staff are in them."""
    if not after.units:
        return []
    users: dict[str, list[str]] = {}
    for table in ("procedures", "staff"):
        for doc in tables(tx).get(table, {}).values():
            unit = doc.get("unit")
            if unit and unit not in after.units and (not before.units or unit in before.units):
                users.setdefault(unit, []).append(str(doc.get("code")))
    problems = []
    for unit, codes in users.items():
        shown = ", ".join(sorted(codes)[:5]) + (f" and {len(codes) - 5} more" if len(codes) > 5 else "")
        problems.append(("units", Fault("p_unit_in_use", unit=repr(unit), users=shown)))
    return problems


def set_organisation(store: Store, changes: Mapping[str, Any]) -> EditResult:
    """Change the given fields of the organisation (``None`` values are left alone); the first call
    creates it (a name is required). Lists (``units``, ``recipients``) are replaced as given."""
    given = {k: v for k, v in changes.items() if v is not None}
    fields, problems = coerce_all("organisation", given)
    with store.transaction() as tx:
        before, count = current_organisation(tx)
        record = Organisation.from_doc(before.to_doc())
        for name, value in fields.items():
            setattr(record, name, value)
        problems = problems + record.problems() + _unit_problems(tx, before, record)
        raise_problems("organisation", problems)
        text = describe_changes(before.to_doc(), record.to_doc())
        if not text and count == 1:
            return EditResult("organisation", record, "", changed=False)
        if count > 1 or (count and before.name != record.name):
            tx.tinydb.table("organisation").truncate()  # one record, whatever its name (its key)
            tx.touched("organisation")
        tx.put("organisation", record, action="set", summary=text)
    return EditResult("organisation", record, text)
