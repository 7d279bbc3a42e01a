"""The forms that set up an agency: the organisation (names, report header and footer, units, TTHC remit)
and its TTHC fields (lĩnh vực). Both save through the same services as ``qms org set`` and ``qms field``.
"""

from __future__ import annotations

from typing import Any

from qms_tui import services
from qms_tui.domain.models import TthcField
from qms_tui.domain.qms import Qms
from qms_tui.labels import tr
from qms_tui.store import Store
from qms_tui.tui.forms.fields import Field, FormSpec, record_values


def organisation_fields() -> list[Field]:
    """What the report's header and footer carry, then the units and the remit (lists are separated by ``;``)."""
    return [
        Field("name", tr("f_org_name"), required=True, placeholder=tr("ph_example", x="Sở Tư pháp tỉnh Nam Định")),
        Field("short_name", tr("f_short_name"), placeholder=tr("ph_example", x="STP")),
        Field("parent_body", tr("f_parent_body"), placeholder=tr("ph_example", x="ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH")),
        Field("place", tr("f_place"), placeholder=tr("ph_example", x="Nam Định")),
        Field("report_symbol", tr("f_report_symbol"), placeholder=tr("ph_example", x="BC-STP")),
        Field("units", tr("f_units"), "lines", placeholder=tr("ph_units")),
        Field("recipients", tr("f_recipients"), "lines", placeholder=tr("ph_recipients")),
        Field("signer_line1", tr("f_signer_line1"), placeholder=tr("ph_example", x="KT. GIÁM ĐỐC")),
        Field("signer_line2", tr("f_signer_line2"), placeholder=tr("ph_example", x="PHÓ GIÁM ĐỐC")),
        Field("signer_name", tr("f_signer_name")),
        Field("tthc_in_remit", tr("f_tthc_in_remit"), "int", placeholder=tr("ph_example", x="120")),
        Field("tthc_remit_decision", tr("f_remit_decision"), placeholder=tr("ph_example", x="1234/QĐ-UBND")),
    ]


def organisation_form(store: Store, qms: Qms) -> FormSpec:
    """The organisation: only what the user changes is written (the first save needs the name)."""
    fields = organisation_fields()
    return FormSpec(tr("form_org"), fields, record_values(qms.organisation, fields),
                    lambda v: services.set_organisation(store, v), editing=True, note=tr("form_org_note"),
                    saved_message=lambda result: tr("org_saved"))


def field_form(store: Store, field: TthcField | None = None) -> FormSpec:
    """Add a TTHC field (its code is what procedures store), or rename ``field``."""
    editing = field is not None
    fields = [
        Field("code", tr("f_code"), required=True, locked=editing, placeholder=tr("ph_example", x="ho_tich")),
        Field("name", tr("f_name"), required=True, placeholder=tr("ph_example", x="Hộ tịch")),
        Field("name_en", tr("f_name_en"), placeholder=tr("ph_example", x="Civil status")),
    ]
    if field is None:
        return FormSpec(tr("form_add_fields"), fields, {}, lambda v: services.add_field(store, v), table="fields")
    code = field.code

    def save(values: dict[str, Any]) -> services.EditResult:
        return services.edit_field(store, code, values)

    return FormSpec(tr("form_edit_fields", code=code), fields, record_values(field, fields), save, editing=True)
