"""Writes behind the service index: its scale (``qms index scale set``)."""

from __future__ import annotations

from typing import Any

from qms_tui.domain.models import IndexScale
from qms_tui.domain.problems import Fault
from qms_tui.domain.service_index import DEFAULT_SCALE
from qms_tui.services.common import EditResult, coerce_all, describe_changes, raise_problems
from qms_tui.store import Store, ValidationError


def set_scale(store: Store, code: str, changes: dict[str, Any]) -> EditResult:
    """Change one row of the scale; the default rows are written first where the store has none, so the
    table in the store is the whole scale from then on."""
    known = {row.code for row in DEFAULT_SCALE}
    what = f"index_scale {code}"
    fields, problems = coerce_all("index_scale", {k: v for k, v in changes.items() if v is not None})
    raise_problems(what, problems)
    if not fields:
        raise ValidationError(what, [("code", Fault("p_scale_nothing_to_set"))])
    with store.transaction() as tx:
        for row in DEFAULT_SCALE:
            if not tx.exists("index_scale", row.code):
                tx.put("index_scale", IndexScale(**row.to_doc()), action="add", summary="default row")
        doc = tx.get("index_scale", code)
        if doc is None:
            raise ValidationError(what, [("code", Fault("p_scale_unknown_row", codes=", ".join(sorted(known))))])
        record = IndexScale.from_doc(dict(doc))
        before = record.to_doc()
        for name, value in fields.items():
            setattr(record, name, value)
        raise_problems(what, record.problems())
        summary = describe_changes(before, record.to_doc())
        if summary:
            tx.put("index_scale", record, action="edit", summary=summary)
    return EditResult("index_scale", record, summary, changed=bool(summary))
