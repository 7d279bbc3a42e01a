"""The forms of the register screens: a risk, a procedure, a member of staff, a training course, a dossier,
and the steps of a dossier's life. Each builder returns a ``FormSpec`` whose ``save`` calls the write services.

Choices (kinds, statuses, fields, units, channels, procedures) are drawn from the model's own lists and
the store, labelled in the session's language; free text (codes, dates, numbers) is read and checked by
the services, so the CLI and the forms accept exactly the same input.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qms_tui import services
from qms_tui.domain.dates import format_vn
from qms_tui.domain.models import (
    CHANNELS,
    DOSSIER_FLAGS,
    ONLINE_SERVICES,
    PROCEDURE_KINDS,
    PROCEDURE_STATUSES,
    RISK_KINDS,
    RISK_STATUSES,
    Dossier,
    Procedure,
    Risk,
    Staff,
    Training,
)
from qms_tui.domain.qms import Qms
from qms_tui.domain.service_findings import is_late
from qms_tui.i18n import field_name
from qms_tui.labels import lang, tr
from qms_tui.store import Store
from qms_tui.tui.forms.fields import Field, FormSpec, record_values


def _choices(values: tuple[str, ...], label: Any = tr) -> tuple[tuple[str, str], ...]:
    return tuple((value, label(value)) for value in values)


def _flag(name: str) -> Field:
    """A yes / no fact of the service index; left blank it stays unknown (never read as "no")."""
    return Field(name, tr(f"f_{name}"), "choice", (("yes", tr("yes")), ("no", tr("no"))), blank=tr("choice_unknown"))


def _date(name: str, label: str, *, required: bool = False, placeholder: str | None = None) -> Field:
    return Field(name, tr(label), "date", required=required, placeholder=placeholder or tr("ph_date"))


# -- risks --------------------------------------------------------------------------------------------


def risk_fields(editing: bool) -> list[Field]:
    """Every field of the register a person edits, in the order of the treatment plan."""
    return [
        Field("code", tr("f_code"), required=True, locked=editing, placeholder=tr("ph_example", x="RR-12")),
        Field("kind", tr("f_kind"), "choice", _choices(RISK_KINDS)),
        Field("description", tr("f_description"), required=True),
        Field("source", tr("f_source")),
        Field("procedures", tr("f_procedures"), "codes", placeholder=tr("ph_codes")),
        Field("likelihood", tr("f_likelihood"), "int", required=True, placeholder="1–5"),
        Field("impact", tr("f_impact"), "int", required=True, placeholder="1–5"),
        Field("treatment", tr("f_treatment"), required=True),
        Field("owner", tr("f_owner"), required=True),
        _date("due", "f_due"),
        Field("status", tr("f_status"), "choice", _choices(RISK_STATUSES)),
        _date("last_reviewed", "f_last_reviewed"),
        Field("residual_likelihood", tr("f_residual_likelihood"), "int", placeholder="1–5"),
        Field("residual_impact", tr("f_residual_impact"), "int", placeholder="1–5"),
        Field("effective", tr("f_effective"), "choice", (("yes", tr("yes")), ("no", tr("no"))),
              blank=tr("choice_not_assessed")),
    ]


def risk_form(store: Store, risk: Risk | None = None) -> FormSpec:
    """Add a risk or opportunity, or edit ``risk``."""
    fields = risk_fields(risk is not None)
    if risk is None:
        values = {"kind": "risk", "status": "open"}
        return FormSpec(tr("form_add_risks"), fields, values, lambda v: services.add_record(store, "risks", v),
                        table="risks")
    code = risk.code
    return FormSpec(tr("form_edit_risks", code=code), fields, record_values(risk, fields),
                    lambda v, base=None: services.edit_record(store, "risks", code, v, base=base), editing=True,
                    aliases={"residual": "residual_likelihood"}, base=risk.to_doc())


# -- procedures ---------------------------------------------------------------------------------------


def procedure_fields(qms: Qms, editing: bool, current: Procedure | None = None) -> list[Field]:
    """A procedure's facts; the unit is chosen among the organisation's units when it lists them."""
    units = list(qms.organisation.units)
    if current is not None and current.unit and current.unit not in units:
        units.append(current.unit)
    unit = (Field("unit", tr("f_unit"), "choice", tuple((u, u) for u in units), required=True) if units
            else Field("unit", tr("f_unit"), required=True))
    fields = [
        Field("code", tr("f_code"), required=True, locked=editing, placeholder=tr("ph_example", x="QT-DT09")),
        Field("name", tr("f_name"), required=True),
        Field("kind", tr("f_kind"), "choice", _choices(PROCEDURE_KINDS)),
        Field("field", tr("f_field"), "choice", field_choices(qms, current), blank=tr("choice_none")),
        Field("national_code", tr("f_national_code"), placeholder=tr("ph_example", x="1.009645")),
        Field("online_service", tr("f_online_service"), "choice",
              tuple((v, tr(f"svc_{v}")) for v in ONLINE_SERVICES), blank=tr("choice_unknown")),
        _flag("fee"),
        unit,
        Field("statutory_days", tr("f_statutory_days"), "int", placeholder="1–365 (TTHC)"),
        Field("version", tr("f_version"), placeholder=tr("ph_example", x="1.0")),
        _date("issued", "f_issued"),
        _date("last_review", "f_last_review"),
        Field("legal_basis", tr("f_legal_basis"), "codes", placeholder=tr("ph_codes")),
        Field("status", tr("f_status"), "choice", _choices(PROCEDURE_STATUSES)),
    ]
    if editing:
        fields += [
            Field("change", tr("f_change"), placeholder=tr("ph_change")),
            _date("revised", "f_revised", placeholder=tr("ph_revised")),
        ]
    return fields


def field_choices(qms: Qms, current: Procedure | None = None) -> tuple[tuple[str, str], ...]:
    """The store's fields in use, and the procedure's own field even if retired (or unknown)."""
    codes = [f.code for f in qms.active_fields]
    if current is not None and current.field and current.field not in codes:
        codes.append(current.field)
    return tuple((code, field_name(code, lang(), qms.field_by_code)) for code in codes)


def procedure_form(store: Store, qms: Qms, procedure: Procedure | None = None) -> FormSpec:
    """Add a procedure, or edit ``procedure`` (a new version adds a history entry: change, revised on)."""
    fields = procedure_fields(qms, procedure is not None, procedure)
    if procedure is None:
        values = {"kind": "tthc", "status": "active", "version": "1.0"}
        if qms.organisation.units:
            values["unit"] = qms.organisation.units[0]
        return FormSpec(tr("form_add_procedures"), fields, values, lambda v: services.add_procedure(store, v),
                        table="procedures")
    code = procedure.code

    def save(values: dict[str, Any], base: dict[str, Any] | None = None) -> services.EditResult:
        """The history entry's text and date travel beside the changed fields."""
        change = values.pop("change", None) or None
        revised = values.pop("revised", None) or None
        return services.edit_procedure(store, code, values, change=change, revised=revised, base=base)

    return FormSpec(tr("form_edit_procedures", code=code), fields, record_values(procedure, fields), save,
                    editing=True, aliases={"date": "revised"}, base=procedure.to_doc())


# -- training ---------------------------------------------------------------------------------------


def training_fields(editing: bool) -> list[Field]:
    """A course: what, when, who taught it, its convening letter, materials and attendees."""
    return [
        Field("code", tr("f_code"), required=True, locked=editing, placeholder=tr("ph_example", x="TH-2024-02")),
        Field("title", tr("f_title"), required=True),
        _date("date", "f_date", required=True),
        Field("trainer", tr("f_trainer"), required=True),
        Field("trainer_role", tr("f_trainer_role"), placeholder=tr("ph_example", x="Phó Ban chỉ đạo ISO")),
        Field("hours", tr("f_hours"), "number", placeholder=tr("ph_example", x="4")),
        Field("letter_ref", tr("f_letter_ref"), placeholder=tr("ph_example", x="123/GM-BQL")),
        Field("materials", tr("f_materials"), "lines", placeholder=tr("ph_materials")),
        Field("attendees", tr("f_attendees"), "codes", placeholder=tr("ph_codes")),
    ]


def training_form(store: Store, course: Training | None = None) -> FormSpec:
    """Add a training course, or edit ``course`` (attendees are staff codes)."""
    fields = training_fields(course is not None)
    if course is None:
        return FormSpec(tr("form_add_trainings"), fields, {}, lambda v: services.add_record(store, "trainings", v),
                        table="trainings")
    code = course.code
    return FormSpec(tr("form_edit_trainings", code=code), fields, record_values(course, fields),
                    lambda v, base=None: services.edit_record(store, "trainings", code, v, base=base), editing=True,
                    base=course.to_doc())


# -- staff ------------------------------------------------------------------------------------------

STAFF_PREFIX = "NV"


def next_staff_code(codes: list[str]) -> str:
    """The next free ``NVnnn`` (one more than the highest number in use, as wide as the codes in use)."""
    numbers = [code[len(STAFF_PREFIX):] for code in codes if code.startswith(STAFF_PREFIX)]
    digits = [n for n in numbers if n.isdigit()]
    width = max((len(n) for n in digits), default=3)
    taken = set(codes)
    number = max((int(n) for n in digits), default=0) + 1
    while f"{STAFF_PREFIX}{number:0{width}d}" in taken:
        number += 1
    return f"{STAFF_PREFIX}{number:0{width}d}"


def staff_fields(qms: Qms, editing: bool, current: Staff | None = None) -> list[Field]:
    """A member of staff: code, name, unit (among the organisation's units), role, start date; the day
    they left when editing (training coverage no longer counts them from then on)."""
    units = list(qms.organisation.units)
    if current is not None and current.unit and current.unit not in units:
        units.append(current.unit)
    unit = (Field("unit", tr("f_unit"), "choice", tuple((u, u) for u in units), required=True) if units
            else Field("unit", tr("f_unit"), required=True))
    fields = [
        Field("code", tr("f_code"), required=True, locked=editing, placeholder=tr("ph_example", x="NV042")),
        Field("name", tr("f_staff_name"), required=True),
        unit,
        Field("role", tr("f_role"), placeholder=tr("ph_example", x="Chuyên viên")),
        _date("start_date", "f_start_date"),
    ]
    if editing:
        fields.append(_date("left_date", "f_left_date", placeholder=tr("ph_left_date")))
    return fields


def staff_form(store: Store, qms: Qms, person: Staff | None = None, unit: str | None = None) -> FormSpec:
    """Add a member of staff (code: the next free ``NVnnn``, unit: ``unit`` or the first one), or edit
    ``person`` (a new unit after rotation, the day they left)."""
    fields = staff_fields(qms, person is not None, person)
    if person is None:
        values = {"code": next_staff_code([s.code for s in qms.staff])}
        if unit or qms.organisation.units:
            values["unit"] = unit or qms.organisation.units[0]
        return FormSpec(tr("form_add_staff"), fields, values, lambda v: services.add_record(store, "staff", v),
                        table="staff")
    code = person.code
    return FormSpec(tr("form_edit_staff", code=code), fields, record_values(person, fields),
                    lambda v, base=None: services.edit_record(store, "staff", code, v, base=base), editing=True,
                    base=person.to_doc())


# -- dossiers -----------------------------------------------------------------------------------------


def dossier_fields(qms: Qms, editing: bool, current: Dossier | None = None) -> list[Field]:
    """Code, procedure (a TTHC in force), channel (not "unknown" unless ``current`` has it), received, due
    (empty: computed)."""
    procedures = [p for p in qms.procedures if p.kind == "tthc" and p.status != "retired"]
    if current is not None and current.procedure not in {p.code for p in procedures}:
        known = qms.procedure_by_code.get(current.procedure)
        procedures.append(known or Procedure(code=current.procedure, name="?"))
    # "unknown" is what an import without a channel column records; a person typing a dossier knows it
    channels = tuple(c for c in CHANNELS if c != "unknown" or (current is not None and current.channel == c))
    return [
        Field("code", tr("f_code"), required=True, locked=editing, placeholder=tr("ph_example", x="BQL-240901-0001")),
        Field("procedure", tr("f_procedure"), "choice", tuple((p.code, f"{p.code} {p.name}") for p in procedures),
              required=True),
        Field("channel", tr("f_channel"), "choice", _choices(channels)),
        _date("received", "f_received", required=True),
        _date("due", "f_due_dossier", placeholder=tr("ph_due_computed")),
        _flag("paid_online"),
        _flag("digitised"),
        _flag("e_result"),
        Field("supplements", tr("f_supplements"), "int", placeholder=tr("ph_unknown")),
    ]


def dossier_form(store: Store, qms: Qms, dossier: Dossier | None = None) -> FormSpec:
    """Receive a dossier (due computed when left empty), or correct one's facts."""
    fields = dossier_fields(qms, dossier is not None, dossier)
    if dossier is None:
        values = {"channel": "direct", "received": format_vn(qms.today)}

        def add(v: dict[str, Any]) -> services.EditResult:
            """The service takes the dossier's facts one by one."""
            return services.add_dossier(store, v.get("code", ""), procedure=v.get("procedure", ""),
                                        channel=v.get("channel", ""), received=v.get("received"), due=v.get("due"),
                                        flags={k: v.get(k) for k in DOSSIER_FLAGS})

        return FormSpec(tr("form_add_dossiers"), fields, values, add, table="dossiers")
    code = dossier.code

    return FormSpec(tr("form_edit_dossiers", code=code), fields, record_values(dossier, fields),
                    lambda v, base=None: services.edit_dossier(store, code, v, base=base),
                    editing=True, base=dossier.to_doc())


LIFECYCLE = {
    "resolve": services.resolve,
    "withdraw": services.withdraw,
    "return": services.return_dossier,
    "supplement": services.supplement,
    "resume": services.resume,
}
"""The steps of a dossier's life and the service that records each."""


def lifecycle_steps(dossier: Dossier, today: date | None = None) -> list[str]:
    """The steps that apply now: none once finished; while a supplement is awaited, resume or end it. A late
    dossier (returned late, or open past due: ``today`` given) is also offered its apology letter (form 04)."""
    late = ["apologize"] if today is not None and is_late(dossier, today) else []
    if dossier.finished is not None:
        return late
    if dossier.waiting_supplement:
        return ["resume", "withdraw", "return", *late]
    return ["resolve", "supplement", "withdraw", "return", *late]


def lifecycle_form(store: Store, qms: Qms, dossier: Dossier, today: date) -> FormSpec:
    """Record the next step of ``dossier`` on a day (default: the store's today)."""
    steps = lifecycle_steps(dossier, today)
    fields = [
        Field("action", tr("f_action"), "choice", tuple((s, tr(f"lc_{s}")) for s in steps)),
        _date("date", "f_date", placeholder=tr("ph_revised")),
    ]
    if "apologize" in steps:
        fields += [_date("new_due", "f_new_due", placeholder=tr("ph_new_due")), Field("ref", tr("f_apology_ref"))]
    code = dossier.code
    procedure = qms.procedure_by_code.get(dossier.procedure)
    note = tr("lc_note", received=format_vn(dossier.received), due=format_vn(dossier.due),
              procedure=f"{dossier.procedure} {procedure.name}" if procedure else dossier.procedure)

    chosen: list[str] = []

    def save(values: dict[str, Any]) -> services.EditResult:
        """The chosen step's service, on the typed day."""
        step = values.get("action") or steps[0]
        chosen[:] = [step]
        if step == "apologize":
            from qms_tui.services.service_records import apologize

            return apologize(store, code, values.get("date") or None, values.get("new_due") or None,
                             values.get("ref") or None)
        return LIFECYCLE[step](store, code, values.get("date") or None)

    def saved(result: services.EditResult) -> str:
        """"Hồ sơ …: trả kết quả (đã giải quyết)"."""
        return tr("lc_done", code=code, action=tr(f"lc_{chosen[0]}").lower() if chosen else "")

    values = {"action": steps[0] if steps else "", "date": format_vn(today)}
    return FormSpec(tr("lc_title", code=code), fields, values, save, aliases={"finished": ""}, note=note,
                    saved_message=saved)
