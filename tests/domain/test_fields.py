"""A store's TTHC fields: found by code or name, named in either language, ordered for the by-field tables."""

from __future__ import annotations

from datetime import date

from qms_tui.domain.fields import field_label, fields_of_tables, find_field, legacy_fields
from qms_tui.domain.models import TthcField
from qms_tui.domain.qms import Qms

FIELDS = [
    TthcField("ho_tich", "Hộ tịch", "Civil status"),
    TthcField("lltp", "Lý lịch tư pháp", retired=date(2024, 3, 1)),
    TthcField("cong_chung", "Công chứng"),
]


def test_a_field_is_found_by_code_or_either_name_accents_and_case_aside():
    assert find_field("ho_tich", FIELDS) is FIELDS[0]
    assert find_field("  HO TICH ", FIELDS) is FIELDS[0]
    assert find_field("civil status", FIELDS) is FIELDS[0]
    assert find_field("Lý lịch tư pháp", FIELDS) is FIELDS[1]
    assert find_field("Hộ", FIELDS) is None and find_field("", FIELDS) is None


def test_names_follow_the_store_and_fall_back_to_the_demo_names():
    by_code = {f.code: f for f in FIELDS}
    assert field_label("ho_tich", by_code, "en") == "Civil status"
    assert field_label("cong_chung", by_code, "en") == "Công chứng"  # no English name: the Vietnamese one
    assert field_label("lao_dong", by_code) == "Lao động" and field_label("lao_dong", None, "en") == "Labour"
    assert field_label("xyz", by_code) == "xyz" and field_label(None, by_code) == "—"


def test_the_by_field_order_is_the_active_fields_then_retired_and_unknown_ones_with_dossiers():
    qms = Qms(meta={}, organisation=None, fields=FIELDS)  # type: ignore[arg-type]
    assert qms.field_order() == ["ho_tich", "cong_chung"]
    assert qms.field_order(["zz", "lltp", "", "ho_tich"]) == ["ho_tich", "cong_chung", "lltp", "zz"]
    assert [f.code for f in qms.active_fields] == ["ho_tich", "cong_chung"]


def test_a_store_without_a_fields_table_derives_them():
    procedures = {"1": {"field": "lao_dong"}, "2": {"field": None}, "3": {"field": "dau_tu"}, "4": {"field": "x"}}
    fields, stored = fields_of_tables({"procedures": procedures, "_meta": {"1": {"demo": False}}})
    assert not stored and [f.code for f in fields] == ["dau_tu", "lao_dong", "x"]
    assert [f.name for f in fields] == ["Đầu tư", "Lao động", "x"]
    assert len(legacy_fields([], demo=True)) == 5 and legacy_fields([], demo=False) == []
    fields, stored = fields_of_tables({"fields": {}, "procedures": procedures})
    assert stored and fields == []  # a table, even empty, is the store's word
