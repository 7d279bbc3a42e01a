"""The fields (lĩnh vực) of an agency's TTHC: data of each store, not code.

A store keeps its fields in the ``fields`` table (``TthcField``: code, Vietnamese name, optional English
name, retired date). The demo's five (DOMAIN.md) are ``DEMO_FIELDS``.

A store written before fields were data has no ``fields`` table. Its procedures could only name one of
the five (the old validation refused anything else), but the agency need not have all five: a demo store
gets the five; any other store the fields its procedures use, in the five's order (plus, from a
hand-edited file, any other key, named by itself). So an old store shows exactly the fields it had, and
an old empty store none, like a new empty one. The first write to the table (``qms field add``) stores
these derived fields first, so none is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from qms_tui.domain.models import DEMO_FIELDS, TthcField
from qms_tui.domain.text import fold

DEMO_FIELDS_EN: dict[str, str] = {
    "dau_tu": "Investment",
    "lao_dong": "Labour",
    "tai_nguyen_moi_truong": "Natural resources - Environment",
    "quy_hoach_xay_dung": "Planning - Construction",
    "thuong_mai_xnk": "Trade - Import/Export",
}
"""The demo fields' English names (the demo store holds them as ``name_en``)."""


def demo_fields() -> list[TthcField]:
    """The demo's five fields as records."""
    return [TthcField(code=code, name=name, name_en=DEMO_FIELDS_EN.get(code, "")) for code, name in DEMO_FIELDS.items()]


def legacy_fields(procedure_fields: Iterable[str | None], demo: bool) -> list[TthcField]:
    """The fields of a store without a ``fields`` table (see the module's docstring)."""
    if demo:
        return demo_fields()
    used = {key for key in procedure_fields if key}
    known = [f for f in demo_fields() if f.code in used]
    others = [TthcField(code=key, name=key) for key in sorted(used - set(DEMO_FIELDS))]
    return known + others


def fields_of_tables(tables: Mapping[str, Any]) -> tuple[list[TthcField], bool]:
    """The fields of a store's raw tables, and whether they are stored (``False``: derived, see above)."""
    if "fields" in tables:
        docs = tables.get("fields") or {}
        return [TthcField.from_doc(dict(doc)) for _, doc in sorted(docs.items(), key=_doc_order)], True
    meta = next(iter((tables.get("_meta") or {}).values()), {})
    procedures = (doc.get("field") for doc in (tables.get("procedures") or {}).values())
    return legacy_fields(procedures, bool(meta.get("demo"))), False


def find_field(text: str, fields: Iterable[TthcField]) -> TthcField | None:
    """The field ``text`` names: its code, or its Vietnamese or English name, accents and case ignored."""
    wanted = fold(text)
    if not wanted:
        return None
    candidates = list(fields)
    for f in candidates:
        if f.code == text.strip():
            return f
    for f in candidates:
        if wanted in (fold(f.code), fold(f.name), fold(f.name_en)):
            return f
    return None


def field_label(key: str | None, fields: Mapping[str, TthcField] | None = None, lang: str = "vi") -> str:
    """A field's name in ``lang`` (English falls back to the Vietnamese name); ``—`` for none."""
    if not key:
        return "—"
    found = (fields or {}).get(key)
    if found is not None:
        return (found.name_en or found.name) if lang == "en" else found.name
    if lang == "en" and key in DEMO_FIELDS_EN:
        return DEMO_FIELDS_EN[key]
    return DEMO_FIELDS.get(key, key)


def _doc_order(item: tuple[str, Any]) -> int:
    key = item[0]
    return int(key) if key.isdigit() else 0
