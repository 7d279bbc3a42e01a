"""The first stored value of the wrong type in a store's tables: the load check that a store file, however it
was written (another tool, a hand edit, an older version), holds what the records say. A leaf of the store
package, so that both the store and its aggregate reader use it without importing each other."""

from __future__ import annotations

from datetime import date
from typing import Any

from qms_tui.domain.models import TABLE_MODELS
from qms_tui.domain.problems import Fault
from qms_tui.domain.typecheck import doc_type_problems, dossier_doc_problem
from qms_tui.store.shards import META_TABLE


def first_type_problem(tables: dict[str, Any]) -> str | None:
    """The first stored field of the wrong type, as ``table key field: problem``."""
    as_of = first(tables.get(META_TABLE, {})).get("as_of")
    if as_of is not None:
        try:
            date.fromisoformat(as_of)
        except (TypeError, ValueError):
            return Fault("s_where", where="_meta as_of", problem=Fault("p_not_iso_date", value=repr(as_of)))
    for doc in tables.get("dossiers", {}).values():
        found = dossier_doc_problem(doc)
        if found:
            return Fault("s_where", where=f"dossiers {doc.get('code', '?')} {found[0]}", problem=found[1])
    for name, model in TABLE_MODELS.items():
        if name == "dossiers":
            continue
        for doc in tables.get(name, {}).values():
            problems = doc_type_problems(model, doc)
            if problems:
                field_name, problem = problems[0]
                return Fault("s_where", where=f"{name} {doc.get(model.KEY, '?')} {field_name}", problem=problem)
    return None


def first(table: dict[str, Any]) -> dict[str, Any]:
    """The first document of a one-document table (``_meta``), else an empty one."""
    for doc in table.values():
        return doc
    return {}
