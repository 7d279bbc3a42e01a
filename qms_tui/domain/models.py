"""The QMS's records as plain dataclasses, with the validation every write must pass.

Each model maps to one TinyDB table. ``from_doc`` reads a stored document (dates are ISO strings in the
store), ``to_doc`` writes one back, and ``problems()`` returns what is wrong as ``(field, message)`` pairs
so that the CLI, the importer and the TUI forms can all point at the offending field.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from .dates import parse_date

FIELDS: dict[str, str] = {
    "dau_tu": "Đầu tư",
    "lao_dong": "Lao động",
    "tai_nguyen_moi_truong": "Tài nguyên - Môi trường",
    "quy_hoach_xay_dung": "Quy hoạch - Xây dựng",
    "thuong_mai_xnk": "Thương mại - Xuất nhập khẩu",
}
"""The five TTHC fields of the agency (DOMAIN.md), key -> Vietnamese name."""

PROCEDURE_KINDS = ("general", "internal", "tthc")
PROCEDURE_STATUSES = ("active", "under_revision", "retired")
RISK_KINDS = ("risk", "opportunity")
RISK_STATUSES = ("open", "in_treatment", "closed")
CHANNELS = ("online", "direct", "postal")
OUTCOMES = ("resolved", "withdrawn", "returned")
TASK_STATUSES = ("not_started", "in_progress", "done")
EVENT_KINDS = ("internal_audit", "management_review", "conformity_declaration", "steering_committee")
CALENDAR_KINDS = ("day_off", "working_day")
DECISION_KINDS = ("decision", "plan", "letter", "report")
OBJECTIVE_MEASURES = ("manual", "on_time_rate", "training_coverage", "overdue_dossiers")

Problem = tuple[str, str]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)  # the store's own format: fast path
    except (TypeError, ValueError):
        return parse_date(str(value))


def _require(problems: list[Problem], name: str, value: Any, label: str | None = None) -> None:
    if value in (None, "", []):
        problems.append((name, f"{label or name} is required"))


def _one_of(problems: list[Problem], name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        problems.append((name, f"{value!r} is not one of {', '.join(allowed)}"))


_FIELD_NAMES: dict[type, frozenset[str]] = {}
_DATE_CACHE: dict[Any, date | None] = {}
"""Stored dates are ISO strings and a store holds few distinct ones: parse each once."""


def _cached_date(value: Any) -> date | None:
    parsed = _date(value)
    if isinstance(value, str) and len(_DATE_CACHE) < 100_000:
        _DATE_CACHE[value] = parsed
    return parsed


class Record:
    """Shared (de)serialisation: date fields are ISO strings in the store, ``date`` objects here."""

    __slots__ = ()

    DATE_FIELDS: ClassVar[tuple[str, ...]] = ()
    KEY: ClassVar[str] = "code"

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Any:
        """The record of a stored document; unknown keys (from a newer version) are ignored."""
        names = _FIELD_NAMES.get(cls)
        if names is None:
            names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
        values = {k: v for k, v in doc.items() if k in names}
        for name in cls.DATE_FIELDS:
            value = values.get(name)
            if value is not None:
                cached = _DATE_CACHE.get(value)
                values[name] = cached if cached is not None else _cached_date(value)
        return cls(**values)

    def to_doc(self) -> dict[str, Any]:
        doc = dataclasses.asdict(self)  # type: ignore[call-overload]
        for name in self.DATE_FIELDS:
            doc[name] = _iso(doc[name])
        return doc

    @property
    def key(self) -> str:
        return getattr(self, self.KEY)

    def problems(self) -> list[Problem]:
        return []


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

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "name", self.name)
        if self.tthc_in_remit < 0:
            problems.append(("tthc_in_remit", "must not be negative"))
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

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "number", self.number)
        _one_of(problems, "kind", self.kind, DECISION_KINDS)
        _require(problems, "date", self.date)
        _require(problems, "title", self.title)
        return problems


@dataclass
class Revision:
    """One entry of a procedure's history."""

    version: str
    date: date
    change: str


@dataclass
class Procedure(Record):
    """A documented procedure of the QMS: general, internal, or one per TTHC."""

    code: str = ""
    name: str = ""
    kind: str = "tthc"
    field: str | None = None
    unit: str = ""
    statutory_days: int | None = None
    version: str = "1.0"
    issued: date | None = None
    last_review: date | None = None
    legal_basis: list[str] = dataclasses.field(default_factory=list)
    status: str = "active"
    history: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("issued", "last_review")

    @property
    def revised(self) -> date | None:
        """The date the current version took effect (the latest history entry, else the issue date)."""
        dates = [_date(h.get("date")) for h in self.history]
        dates = [d for d in dates if d]
        return max(dates) if dates else self.issued

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "name", self.name)
        _one_of(problems, "kind", self.kind, PROCEDURE_KINDS)
        _one_of(problems, "status", self.status, PROCEDURE_STATUSES)
        _require(problems, "unit", self.unit)
        if self.kind == "tthc":
            if self.field not in FIELDS:
                problems.append(("field", f"a TTHC procedure needs a field: {', '.join(FIELDS)}"))
            if not isinstance(self.statutory_days, int) or not 1 <= self.statutory_days <= 365:
                problems.append(("statutory_days", "a TTHC procedure needs 1-365 working days"))
        elif self.field is not None and self.field not in FIELDS:
            problems.append(("field", f"unknown field {self.field!r}"))
        if self.issued and self.last_review and self.last_review < self.issued:
            problems.append(("last_review", "is before the issue date"))
        return problems


@dataclass
class LegalDocument(Record):
    """A legal normative document; the procedures that list it must be revised within 3 months."""

    number: str = ""
    title: str = ""
    issued: date | None = None
    effective: date | None = None
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("issued", "effective")
    KEY: ClassVar[str] = "number"

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "number", self.number)
        _require(problems, "title", self.title)
        _require(problems, "effective", self.effective)
        if self.issued and self.effective and self.effective < self.issued:
            problems.append(("effective", "is before the issue date"))
        return problems


RISK_THRESHOLDS = {"low": (1, 4), "medium": (5, 9), "high": (10, 25)}
"""Score = likelihood × impact on a 5×5 grid: 1–4 low, 5–9 medium, 10–25 high."""


def risk_level(score: int) -> str:
    """The level of a likelihood × impact score (see ``RISK_THRESHOLDS``)."""
    for level, (low, high) in RISK_THRESHOLDS.items():
        if low <= score <= high:
            return level
    raise ValueError(f"score {score} is outside 1-25")


@dataclass
class Risk(Record):
    """A risk or an opportunity of the register (ISO 9001 clause 6.1), with its treatment."""

    code: str = ""
    kind: str = "risk"
    description: str = ""
    source: str = ""
    procedures: list[str] = dataclasses.field(default_factory=list)
    likelihood: int = 1
    impact: int = 1
    treatment: str = ""
    owner: str = ""
    due: date | None = None
    status: str = "open"
    last_reviewed: date | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    effective: bool | None = None
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("due", "last_reviewed")

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        return risk_level(self.score)

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact

    def treatment_overdue(self, today: date) -> bool:
        """An open treatment whose due date has passed."""
        return self.status != "closed" and self.due is not None and self.due < today

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _one_of(problems, "kind", self.kind, RISK_KINDS)
        _require(problems, "description", self.description)
        _one_of(problems, "status", self.status, RISK_STATUSES)
        for name in ("likelihood", "impact"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 1 <= value <= 5:
                problems.append((name, "must be a whole number from 1 to 5"))
        for name in ("residual_likelihood", "residual_impact"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or not 1 <= value <= 5):
                problems.append((name, "must be empty or a whole number from 1 to 5"))
        if self.status != "closed":
            _require(problems, "treatment", self.treatment)
            _require(problems, "owner", self.owner)
        return problems


@dataclass
class Staff(Record):
    """A member of staff; QMS training coverage is counted over the active ones."""

    code: str = ""
    name: str = ""
    unit: str = ""
    role: str = ""
    start_date: date | None = None
    left_date: date | None = None
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("start_date", "left_date")

    def active_on(self, day: date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.left_date is None or self.left_date > day)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "name", self.name)
        _require(problems, "unit", self.unit)
        if self.start_date and self.left_date and self.left_date < self.start_date:
            problems.append(("left_date", "is before the start date"))
        return problems


@dataclass
class Training(Record):
    """A course with its attendance; ``qms`` marks courses that count as QMS training."""

    code: str = ""
    title: str = ""
    date: date | None = None
    trainer: str = ""
    hours: float = 0
    letter_ref: str = ""
    materials: list[str] = dataclasses.field(default_factory=list)
    attendees: list[str] = dataclasses.field(default_factory=list)
    qms: bool = True
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("date",)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "title", self.title)
        _require(problems, "date", self.date)
        _require(problems, "trainer", self.trainer)
        if not isinstance(self.hours, int | float) or self.hours < 0:
            problems.append(("hours", "must be a non-negative number"))
        if len(set(self.attendees)) != len(self.attendees):
            problems.append(("attendees", "lists someone twice"))
        return problems


@dataclass
class Pause:
    """A supplement request: the clock stops after ``start`` and restarts after ``end``."""

    start: date
    end: date | None = None


@dataclass(slots=True)
class Dossier(Record):
    """One application for one TTHC, from receipt to its result."""

    code: str = ""
    procedure: str = ""
    channel: str = "direct"
    received: date | None = None
    due: date | None = None
    finished: date | None = None
    outcome: str | None = None
    pauses: list[dict[str, str | None]] = dataclasses.field(default_factory=list)
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("received", "due", "finished")

    def pause_list(self) -> list[Pause]:
        return [Pause(_date(p.get("start")), _date(p.get("end"))) for p in self.pauses]  # type: ignore[arg-type]

    @property
    def waiting_supplement(self) -> bool:
        """True while the agency waits for the applicant (the clock is stopped)."""
        return any(p.get("end") in (None, "") for p in self.pauses)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "procedure", self.procedure)
        _one_of(problems, "channel", self.channel, CHANNELS)
        _require(problems, "received", self.received)
        if self.outcome is not None:
            _one_of(problems, "outcome", self.outcome, OUTCOMES)
        if (self.finished is None) != (self.outcome is None):
            problems.append(("outcome", "a finished date and an outcome go together"))
        if self.received and self.finished and self.finished < self.received:
            problems.append(("finished", "is before the received date"))
        if self.received and self.due and self.due < self.received:
            problems.append(("due", "is before the received date"))
        for i, pause in enumerate(self.pause_list()):
            if pause.start is None:
                problems.append(("pauses", f"pause {i + 1} has no start"))
            elif self.received and pause.start < self.received:
                problems.append(("pauses", f"pause {i + 1} starts before the received date"))
            elif pause.end and pause.end < pause.start:
                problems.append(("pauses", f"pause {i + 1} ends before it starts"))
        return problems


@dataclass
class Objective(Record):
    """A quality objective; ``measure`` names a figure computed from the store, else ``manual``."""

    code: str = ""
    title: str = ""
    target: float = 0
    unit: str = "%"
    measure: str = "manual"
    higher_is_better: bool = True
    current: float | None = None
    year: int | None = None

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "title", self.title)
        _one_of(problems, "measure", self.measure, OBJECTIVE_MEASURES)
        return problems


@dataclass
class PlanTask(Record):
    """A task of the yearly QMS plan (e.g. Plan 510/KH-BQL)."""

    code: str = ""
    plan: str = ""
    task: str = ""
    owner: str = ""
    deadline: date | None = None
    status: str = "not_started"
    done_date: date | None = None
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("deadline", "done_date")

    def late(self, today: date) -> bool:
        return self.status != "done" and self.deadline is not None and self.deadline < today

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "task", self.task)
        _one_of(problems, "status", self.status, TASK_STATUSES)
        if self.status == "done" and self.done_date is None:
            problems.append(("done_date", "a done task needs its completion date"))
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

    @property
    def key(self) -> str:
        return str(self.year)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if not isinstance(self.year, int) or not 2000 <= self.year <= 2100:
            problems.append(("year", "must be a year such as 2024"))
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


TABLE_MODELS: dict[str, type[Record]] = {
    "organisation": Organisation,
    "decisions": Decision,
    "procedures": Procedure,
    "legal_documents": LegalDocument,
    "risks": Risk,
    "staff": Staff,
    "trainings": Training,
    "dossiers": Dossier,
    "objectives": Objective,
    "plan_tasks": PlanTask,
    "events": QmsEvent,
    "calendar": CalendarDay,
    "report_texts": ReportText,
    "changelog": ChangeEntry,
}
"""Every table of the store and the model its documents follow."""
