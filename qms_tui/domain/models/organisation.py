"""The agency and its paperwork: the organisation, its TTHC fields, decisions, legal documents, QMS events,
calendar overrides, the report's narrative texts and the change log.

One family of the models (``qms_tui.domain.models`` re-exports them all): the records that describe the agency
rather than its registers or its dossiers.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import field
from datetime import date
from typing import ClassVar

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models.base import (
    Problem,
    Record,
    _iso,
    _one_of,
    _require,
)
from qms_tui.domain.problems import Fault

DEMO_FIELDS: dict[str, str] = {
    "dau_tu": "Đầu tư",
    "lao_dong": "Lao động",
    "tai_nguyen_moi_truong": "Tài nguyên - Môi trường",
    "quy_hoach_xay_dung": "Quy hoạch - Xây dựng",
    "thuong_mai_xnk": "Thương mại - Xuất nhập khẩu",
}
"""The demo agency's five TTHC fields (DOMAIN.md), code -> Vietnamese name. A store's own fields are its
``fields`` table (``TthcField``, ``Qms.fields``); these are only the demo's and an older store's fallback."""

FIELDS = DEMO_FIELDS
"""Old name of ``DEMO_FIELDS``: not the store's fields (``Qms.fields``)."""

EVENT_KINDS = ("internal_audit", "management_review", "conformity_declaration", "steering_committee")
CALENDAR_KINDS = ("day_off", "working_day")
DECISION_KINDS = ("decision", "plan", "letter", "report")

@dataclass
class Organisation(Record):
    """Who the QMS belongs to, and what its reports carry in their header and footer."""

    name: str = ""
    short_name: str = ""
    parent_body: str = ""
    place: str = ""
    report_symbol: str = "BC"
    recipients: list[str] = field(default_factory=list)
    signer_name: str = ""
    signer_line1: str = ""
    signer_line2: str = ""
    units: list[str] = field(default_factory=list)
    tthc_in_remit: int = 0
    tthc_remit_decision: str = ""
    KEY: ClassVar[str] = "name"
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("units",)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "name", self.name)
        if self.tthc_in_remit < 0:
            problems.append(("tthc_in_remit", Fault("p_not_negative")))
        return problems


_FIELD_CODE = re.compile(r"^[^\s,;]+$")


@dataclass
class TthcField(Record):
    """A field (lĩnh vực) of the agency's TTHC: procedures belong to one, figures are grouped by it.

    A retired field stays on record (its procedures and dossiers still count under it) but takes no new
    procedure."""

    code: str = ""
    name: str = ""
    name_en: str = ""
    retired: date | None = None
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("retired",)
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code",)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        if self.code and not _FIELD_CODE.match(self.code):
            problems.append(("code", Fault("p_field_code", value=repr(self.code))))
        _require(problems, "name", self.name)
        return problems


@dataclass
class Decision(Record):
    """A decision, plan or letter that evidences the QMS (e.g. 1872/QĐ-BQL declaring conformity)."""

    number: str = ""
    kind: str = "decision"
    date: date | None = None
    title: str = ""
    subject: str = ""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("date",)
    KEY: ClassVar[str] = "number"
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("number",)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "number", self.number)
        _one_of(problems, "kind", self.kind, DECISION_KINDS)
        _require(problems, "date", self.date)
        _require(problems, "title", self.title)
        return problems

@dataclass
class LegalDocument(Record):
    """A legal normative document; the procedures that list it must be revised within 3 months.

    ``ends`` is the first day it no longer applies (repealed or replaced: Decree 61/2018/NĐ-CP ends on
    01/07/2025, the day Decree 118/2025/NĐ-CP takes effect); a procedure still citing it after that is a
    finding. ``replaced_by`` and ``amends`` name other documents of the register."""

    number: str = ""
    title: str = ""
    issued: date | None = None
    effective: date | None = None
    ends: date | None = None
    replaced_by: str = ""
    amends: str = ""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("issued", "effective", "ends")
    KEY: ClassVar[str] = "number"
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("number", "replaced_by", "amends")

    def in_force(self, day: date) -> bool:
        """In effect on ``day``: took effect and has not ended."""
        return (self.effective is None or self.effective <= day) and (self.ends is None or day < self.ends)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "number", self.number)
        _require(problems, "title", self.title)
        _require(problems, "effective", self.effective)
        if self.issued and self.effective and self.effective < self.issued:
            problems.append(("effective", Fault("p_before_issue")))
        if self.ends and self.effective and self.ends <= self.effective:
            problems.append(("ends", Fault("p_not_after_effective")))
        for name in ("replaced_by", "amends"):
            if getattr(self, name) and getattr(self, name) == self.number:
                problems.append((name, Fault("p_names_itself")))
        return problems

@dataclass
class QmsEvent(Record):
    """An internal audit, management review, conformity declaration or committee decision."""

    code: str = ""
    kind: str = "internal_audit"
    date: date | None = None
    ref: str = ""
    note: str = ""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("date",)
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "ref")

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _one_of(problems, "kind", self.kind, EVENT_KINDS)
        _require(problems, "date", self.date)
        return problems


@dataclass
class CalendarDay(Record):
    """An override of the holiday calendar: an extra day off or a Saturday worked in exchange."""

    date: date | None = None
    kind: str = "day_off"
    note: str = ""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("date",)
    KEY: ClassVar[str] = "date"
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ()

    @property
    def key(self) -> str:
        return _iso(self.date) or ""

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "date", self.date)
        _one_of(problems, "kind", self.kind, CALENDAR_KINDS)
        return problems


@dataclass
class ReportText(Record):
    """The narrative parts of a year's report that the secretary writes."""

    year: int = 0
    number: str = ""
    date: date | None = None
    assessment: str = ""
    difficulties: list[str] = dataclasses.field(default_factory=list)
    recommendations: list[str] = dataclasses.field(default_factory=list)
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("date",)
    KEY: ClassVar[str] = "year"
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ()

    @property
    def key(self) -> str:
        return str(self.year)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if not isinstance(self.year, int) or not 2000 <= self.year <= 2100:
            problems.append(("year", Fault("p_year")))
        return problems


@dataclass
class ChangeEntry(Record):
    """One line of the change log: who changed what, when."""

    at: str = ""
    user: str = ""
    action: str = ""
    table: str = ""
    record: str = ""
    summary: str = ""
    KEY: ClassVar[str] = "at"
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("at",)
