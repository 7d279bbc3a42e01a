"""The form of the legal register: a document's number, title, dates, and the register's documents that replace
it or that it amends (chosen from the register, so a link can only name a document it holds).

From 01/07/2025 Decree 118/2025/NĐ-CP replaces Decree 61/2018/NĐ-CP: the old document gets ``ends`` and
``replaced_by``; ``qms check`` then flags the procedures still citing it.
"""

from __future__ import annotations

from qms_tui import services
from qms_tui.domain.models import LegalDocument
from qms_tui.domain.qms import Qms
from qms_tui.labels import tr
from qms_tui.store import Store
from qms_tui.tui.forms.fields import Field, FormSpec, record_values


def legal_fields(qms: Qms, current: LegalDocument | None = None) -> list[Field]:
    """Number (locked once it exists), title, issue, effect and end dates, replaced by, amends."""
    others = tuple((d.number, f"{d.number} · {d.title}") for d in sorted(qms.legal_documents, key=lambda d: d.number)
                   if current is None or d.number != current.number)
    return [
        Field("number", tr("f_legal_number"), required=True, locked=current is not None,
              placeholder=tr("ph_example", x="118/2025/NĐ-CP")),
        Field("title", tr("f_legal_title"), required=True),
        Field("issued", tr("f_issued"), "date", placeholder=tr("ph_date")),
        Field("effective", tr("f_legal_effective"), "date", required=True, placeholder=tr("ph_date")),
        Field("ends", tr("f_legal_ends"), "date", placeholder=tr("ph_date")),
        Field("replaced_by", tr("f_replaced_by"), "choice", others, blank=tr("choice_none")),
        Field("amends", tr("f_amends"), "choice", others, blank=tr("choice_none")),
    ]


def legal_form(store: Store, qms: Qms, document: LegalDocument | None = None) -> FormSpec:
    """Add a legal document, or edit ``document`` (its end of effect and replacement after a reform)."""
    fields = legal_fields(qms, document)
    if document is None:
        return FormSpec(tr("form_add_legal_documents"), fields, {},
                        lambda v: services.add_record(store, "legal_documents", v), table="legal_documents")
    number = document.number
    return FormSpec(tr("form_edit_legal_documents", code=number), fields, record_values(document, fields),
                    lambda v, base=None: services.edit_record(store, "legal_documents", number, v, base=base),
                    editing=True, base=document.to_doc())
