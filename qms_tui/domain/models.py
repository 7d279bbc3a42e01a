"""The QMS's records as plain dataclasses, with the validation every write must pass.

Each model maps to one TinyDB table. ``from_doc`` reads a stored document (dates are ISO strings in the
store), ``to_doc`` writes one back, and ``problems()`` returns what is wrong as ``(field, message)`` pairs
so that the CLI, the importer and the TUI forms can all point at the offending field.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from qms_tui.domain.dates import date_problem, parse_date
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

PROCEDURE_KINDS = ("general", "internal", "tthc")
PROCEDURE_STATUSES = ("active", "under_revision", "retired")
RISK_KINDS = ("risk", "opportunity")
RISK_STATUSES = ("open", "in_treatment", "closed")
CHANNELS = ("online", "direct", "postal", "unknown")
"""How a dossier came in; ``unknown`` when an imported list does not say (many systems' lists omit it)."""
ONLINE_LEVELS = ("partial", "full")
"""An online dossier's service level: partly online (dịch vụ công trực tuyến một phần) or fully (toàn trình)."""
ONLINE_SERVICES = ("info_only", "partial", "full")
"""A procedure's online service level (mức độ DVC): information only, partly online, fully online (toàn trình)."""
DOSSIER_FLAGS = ("paid_online", "digitised", "e_result", "supplements")
"""A dossier's facts for the service index (Decision 766): ``None`` while unknown, never read as "no"."""
OUTCOMES = ("resolved", "withdrawn", "returned")
TASK_STATUSES = ("not_started", "in_progress", "done")
EVENT_KINDS = ("internal_audit", "management_review", "conformity_declaration", "steering_committee")
CALENDAR_KINDS = ("day_off", "working_day")
DECISION_KINDS = ("decision", "plan", "letter", "report")
INDEX_MEASURES = tuple(f"index_{code}" for code in ("2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "5.2", "5.4"))
"""An objective measured by an indicator of the service index (Decision 766): ``index_`` + the indicator id."""
OBJECTIVE_MEASURES = ("manual", "on_time_rate", "training_coverage", "overdue_dossiers", "overdue_ncs", *INDEX_MEASURES)

Problem = tuple[str, str]
ListDates = tuple[tuple[str, str, tuple[str, ...]], ...]


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
        problems.append((name, Fault("p_required_named", name=label or name)))


def _one_of(problems: list[Problem], name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        problems.append((name, Fault("p_not_one_of", value=repr(value), allowed=", ".join(allowed))))


_FIELD_NAMES: dict[type, frozenset[str]] = {}
_DATE_CACHE: dict[Any, date | None] = {}
"""Stored dates are ISO strings and a store holds few distinct ones: parse each once."""


def _cached_date(value: Any) -> date | None:
    parsed = _date(value)
    if isinstance(value, str) and len(_DATE_CACHE) < 100_000:
        _DATE_CACHE[value] = parsed
    return parsed


def _stored_date(value: Any) -> date | None:
    if value is None:
        return None
    cached = _DATE_CACHE.get(value)
    return cached if cached is not None else _cached_date(value)


class Record:
    """Shared (de)serialisation: date fields are ISO strings in the store, ``date`` objects here."""

    __slots__ = ()

    DATE_FIELDS: ClassVar[tuple[str, ...]] = ()
    LIST_DATES: ClassVar[ListDates] = ()
    """Dates inside list fields, as ISO strings: (list field, what one item is called, its date keys)."""
    KEY: ClassVar[str] = "code"
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ()
    """The key and the fields that name other records by their key (items of a list too): held to the stricter
    rule of ``safety.text_problem(code=True)``, so that two codes that look the same are the same code."""

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

    def date_problems(self, today: date) -> list[Problem]:
        """Every date of the record outside the plausible window around the store's ``today``
        (``dates.date_problem``): its ``DATE_FIELDS`` and the dates in its ``LIST_DATES``. Apart from
        ``problems()`` because it needs the store's today; every write (``Transaction.put``) and
        ``qms check`` call both."""
        problems: list[Problem] = []
        for name in self.DATE_FIELDS:
            value = getattr(self, name)
            why = date_problem(value, today) if isinstance(value, date) else None
            if why:
                problems.append((name, why))
        for name, item, keys in self.LIST_DATES:
            for i, doc in enumerate(getattr(self, name) or [], start=1):
                for key in keys if isinstance(doc, dict) else ():
                    value = _safe_date(doc.get(key))
                    why = date_problem(value, today) if value is not None else None
                    if why:
                        problems.append((name, Fault("p_in_item", item=item, which=doc.get("code") or i, key=key,
                                                            why=why)))
        return problems


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
    national_code: str = ""
    """The TTHC's code in the national catalogue (mã TTHC, e.g. ``1.009645``); empty if not a TTHC or unknown."""
    online_service: str | None = None
    """``info_only``, ``partial`` or ``full`` (ONLINE_SERVICES); ``None`` while unknown."""
    fee: bool | None = None
    """Whether the TTHC bears a fee or charge (the denominator of online payment); ``None`` while unknown."""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("issued", "last_review")
    LIST_DATES: ClassVar[ListDates] = (("history", "revision", ("date",)),)
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "field", "unit", "legal_basis", "national_code")

    def to_doc(self) -> dict[str, Any]:
        """As stored: no ``online_service`` or ``fee`` key while unknown, so stores stay as they were."""
        doc = Record.to_doc(self)
        for name in ("online_service", "fee"):
            if doc.get(name) is None:
                doc.pop(name, None)
        return doc

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
        if self.online_service is not None:
            _one_of(problems, "online_service", self.online_service, ONLINE_SERVICES)
        if self.kind == "tthc":
            # whether the field exists is the store's to say (its fields table): checked with the references
            if not self.field:
                problems.append(("field", Fault("p_tthc_needs_field")))
            if not isinstance(self.statutory_days, int) or not 1 <= self.statutory_days <= 365:
                problems.append(("statutory_days", Fault("p_tthc_days")))
        if self.issued and self.last_review and self.last_review < self.issued:
            problems.append(("last_review", Fault("p_before_issue")))
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
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "procedures")

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
                problems.append((name, Fault("p_one_to_five")))
        for name in ("residual_likelihood", "residual_impact"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or not 1 <= value <= 5):
                problems.append((name, Fault("p_empty_or_one_to_five")))
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
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "unit")

    def active_on(self, day: date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.left_date is None or self.left_date > day)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "name", self.name)
        _require(problems, "unit", self.unit)
        if self.start_date and self.left_date and self.left_date < self.start_date:
            problems.append(("left_date", Fault("p_before_start")))
        return problems


@dataclass
class Training(Record):
    """A course with its attendance; ``qms`` marks courses that count as QMS training."""

    code: str = ""
    title: str = ""
    date: date | None = None
    trainer: str = ""
    trainer_role: str = ""
    """How the report names the trainer's role for this course (the seed: "Phó Ban chỉ đạo ISO"); empty: the
    trainer's role in the staff table."""
    hours: float = 0
    letter_ref: str = ""
    materials: list[str] = dataclasses.field(default_factory=list)
    attendees: list[str] = dataclasses.field(default_factory=list)
    qms: bool = True
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("date",)
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "attendees")

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "title", self.title)
        _require(problems, "date", self.date)
        _require(problems, "trainer", self.trainer)
        if not isinstance(self.hours, int | float) or self.hours < 0:
            problems.append(("hours", Fault("p_non_negative_number")))
        if len(set(self.attendees)) != len(self.attendees):
            problems.append(("attendees", Fault("p_listed_twice")))
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
    online_level: str | None = None
    """``partial`` or ``full`` for a dossier of an online service when the import said which; else ``None``."""
    paid_online: bool | None = None
    """The fee was paid online (index 3.6); ``None``: unknown."""
    digitised: bool | None = None
    """Its components and result were digitised (index 4.2); ``None``: unknown."""
    e_result: bool | None = None
    """An electronic result was issued (index 4.1); ``None``: unknown."""
    supplements: int | None = None
    """How many times a supplement was requested (more than one makes it late for index 2.1); ``None``: unknown,
    then its recorded pauses are the count when there are any."""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("received", "due", "finished")
    LIST_DATES: ClassVar[ListDates] = (("pauses", "pause", ("start", "end")),)
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "procedure")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Dossier:
        """Written out for speed: a 100k-dossier store builds this 100,000 times."""
        g = doc.get
        return cls(
            code=g("code", ""), procedure=g("procedure", ""), channel=g("channel", "direct"),
            received=_stored_date(g("received")), due=_stored_date(g("due")), finished=_stored_date(g("finished")),
            outcome=g("outcome"), pauses=g("pauses") or [], online_level=g("online_level"),
            paid_online=g("paid_online"), digitised=g("digitised"), e_result=g("e_result"),
            supplements=g("supplements"),
        )

    def to_doc(self) -> dict[str, Any]:
        """As stored: no ``online_level`` or flag key while it is unknown (most dossiers), so stores stay as
        they were."""
        doc = Record.to_doc(self)
        for name in ("online_level", *DOSSIER_FLAGS):
            if doc.get(name) is None:
                doc.pop(name, None)
        return doc

    @property
    def supplement_count(self) -> int | None:
        """The supplement requests: the recorded number, else the recorded pauses if any, else unknown."""
        if self.supplements is not None:
            return self.supplements
        return len(self.pauses) if self.pauses else None

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
        if self.online_level is not None:
            _one_of(problems, "online_level", self.online_level, ONLINE_LEVELS)
        if self.supplements is not None and not 0 <= self.supplements <= 99:
            problems.append(("supplements", Fault("p_zero_to_99")))
        _require(problems, "received", self.received)
        if self.outcome is not None:
            _one_of(problems, "outcome", self.outcome, OUTCOMES)
        if (self.finished is None) != (self.outcome is None):
            problems.append(("outcome", Fault("p_finished_and_outcome")))
        if self.received and self.finished and self.finished < self.received:
            problems.append(("finished", Fault("p_before_received")))
        if self.received and self.due and self.due < self.received:
            problems.append(("due", Fault("p_before_received")))
        for i, pause in enumerate(self.pause_list()):
            if pause.start is None:
                problems.append(("pauses", Fault("p_pause_no_start", n=i + 1)))
            elif self.received and pause.start < self.received:
                problems.append(("pauses", Fault("p_pause_before_received", n=i + 1)))
            elif pause.end and pause.end < pause.start:
                problems.append(("pauses", Fault("p_pause_ends_early", n=i + 1)))
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
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code",)

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
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "plan")

    def late(self, today: date) -> bool:
        return self.status != "done" and self.deadline is not None and self.deadline < today

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "task", self.task)
        _one_of(problems, "status", self.status, TASK_STATUSES)
        if self.status == "done" and self.done_date is None:
            problems.append(("done_date", Fault("p_done_needs_date")))
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


# -- improvement: internal audits, nonconformities, management reviews (clauses 9.2, 10.2, 9.3) ------

AUDIT_STATUSES = ("planned", "done", "closed")
CHECK_RESULTS = ("conform", "nonconform", "observation", "n/a")
FINDING_KINDS = ("nonconformity", "observation", "opportunity")
NC_SOURCES = ("audit_finding", "late_dossier", "complaint", "management_review")
NC_STATUSES = ("open", "action_taken", "verified_effective", "closed")
ACTION_STATUSES = ("open", "done")
REVIEW_INPUTS = ("a", "b", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "d", "e", "f")
"""The inputs of a management review, ISO 9001:2015 clause 9.3.2 a) to f) (c has seven items)."""

_CLAUSE = re.compile(r"^(?:[4-9]|10)(?:\.[1-9]\d?){1,3}$")


def valid_clause(text: str) -> bool:
    """A clause of ISO 9001:2015 requirements, 4 to 10, at least at the sub-clause level ("7.2", "8.5.1")."""
    return bool(_CLAUSE.match(text or ""))


def _clause(problems: list[Problem], name: str, value: str, required: bool = False) -> None:
    if not value:
        if required:
            problems.append((name, Fault("p_clause_required", name=name)))
    elif not valid_clause(value):
        problems.append((name, Fault("p_not_clause", value=repr(value))))


def _not_before(problems: list[Problem], name: str, value: date | None, other: date | None, label: str) -> None:
    if value and other and value < other:
        problems.append((name, Fault("p_before_other", label=label, other=f"{other:%d/%m/%Y}")))


@dataclass
class InternalAudit(Record):
    """An internal audit (clause 9.2): its plan, scope, auditors and checklist results.

    ``checklist`` holds ``{item, clause, result, note}`` with result conform / nonconform / observation / n/a.
    """

    code: str = ""
    title: str = ""
    plan_date: date | None = None
    actual_date: date | None = None
    units: list[str] = dataclasses.field(default_factory=list)
    procedures: list[str] = dataclasses.field(default_factory=list)
    auditors: list[str] = dataclasses.field(default_factory=list)
    auditees: list[str] = dataclasses.field(default_factory=list)
    checklist: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    status: str = "planned"
    ref: str = ""
    closed_date: date | None = None
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("plan_date", "actual_date", "closed_date")
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "units", "procedures", "auditors", "auditees", "ref")

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "plan_date", self.plan_date, "the plan date")
        _one_of(problems, "status", self.status, AUDIT_STATUSES)
        if self.status in ("done", "closed") and self.actual_date is None:
            problems.append(("actual_date", Fault("p_audit_needs_date", status=self.status)))
        if self.status == "closed" and self.closed_date is None:
            problems.append(("closed_date", Fault("p_closed_audit_date")))
        if self.status != "closed" and self.closed_date is not None:
            problems.append(("closed_date", Fault("p_only_closed_audit")))
        _not_before(problems, "closed_date", self.closed_date, self.actual_date, Fault("lb_the_audit"))
        for i, check in enumerate(self.checklist, start=1):
            if not isinstance(check, dict) or not str(check.get("item") or "").strip():
                problems.append(("checklist", Fault("p_item_no_text", n=i)))
                continue
            if check.get("clause") and not valid_clause(str(check["clause"])):
                clause = Fault("p_not_clause", value=repr(check["clause"]))
                problems.append(("checklist", Fault("p_item", n=i, problem=clause)))
            if check.get("result") not in CHECK_RESULTS:
                problems.append(("checklist", Fault("p_item", n=i, problem=Fault(
                    "p_not_one_of", value=repr(check.get("result")), allowed=", ".join(CHECK_RESULTS)))))
        return problems


@dataclass
class AuditFinding(Record):
    """A finding of an internal audit: a nonconformity, an observation or an opportunity for improvement."""

    code: str = ""
    audit: str = ""
    kind: str = "nonconformity"
    clause: str = ""
    procedures: list[str] = dataclasses.field(default_factory=list)
    description: str = ""
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "audit", "clause", "procedures")

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "audit", self.audit, "the audit code")
        _one_of(problems, "kind", self.kind, FINDING_KINDS)
        _clause(problems, "clause", self.clause, required=True)
        _require(problems, "description", self.description)
        return problems


@dataclass
class Nonconformity(Record):
    """A nonconformity and its corrective action (clause 10.2), from raising it to closing it.

    open -> action_taken -> verified_effective -> closed: an NC is closed only once the effectiveness of
    its corrective action was checked (date and result) and found effective.
    """

    code: str = ""
    source: str = "audit_finding"
    reference: str = ""
    description: str = ""
    clause: str = ""
    raised: date | None = None
    root_cause: str = ""
    correction: str = ""
    corrective_action: str = ""
    owner: str = ""
    deadline: date | None = None
    status: str = "open"
    action_date: date | None = None
    check_date: date | None = None
    check_result: str = ""
    effective: bool | None = None
    closed_date: date | None = None
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("raised", "deadline", "action_date", "check_date", "closed_date")
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "reference", "clause")

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _one_of(problems, "source", self.source, NC_SOURCES)
        if self.source in ("audit_finding", "late_dossier"):
            _require(problems, "reference", self.reference,
                     "the reference (" + ("finding code" if self.source == "audit_finding" else "dossier code") + ")")
        _require(problems, "description", self.description)
        _clause(problems, "clause", self.clause)
        _require(problems, "raised", self.raised, Fault("lb_raised_date"))
        _one_of(problems, "status", self.status, NC_STATUSES)
        _not_before(problems, "deadline", self.deadline, self.raised, Fault("lb_raised_date"))
        stage = NC_STATUSES.index(self.status) if self.status in NC_STATUSES else 0
        if stage >= 1:
            _require(problems, "root_cause", self.root_cause, "the root cause")
            _require(problems, "corrective_action", self.corrective_action, "the corrective action")
            _require(problems, "owner", self.owner)
            _require(problems, "action_date", self.action_date, "the date the action was taken")
            _not_before(problems, "action_date", self.action_date, self.raised, Fault("lb_raised_date"))
        if stage >= 2:
            if self.check_date is None or not self.check_result.strip() or self.effective is not True:
                problems.append(("status", Fault("p_verify_first", status=self.status)))
            _not_before(problems, "check_date", self.check_date, self.action_date, Fault("lb_corrective_action"))
        if self.status == "closed":
            _require(problems, "closed_date", self.closed_date, "the closing date")
            _not_before(problems, "closed_date", self.closed_date, self.check_date, Fault("lb_effectiveness_check"))
        elif self.closed_date is not None:
            problems.append(("closed_date", Fault("p_only_closed_nc")))
        return problems


@dataclass
class ReviewAction:
    """One action decided by a management review (stored inside the review, dates as ISO strings)."""

    code: str
    text: str
    owner: str = ""
    deadline: date | None = None
    status: str = "open"
    done_date: date | None = None
    review: str = ""
    """The review that decided it (filled when read from a review)."""

    def overdue(self, today: date) -> bool:
        return self.status != "done" and self.deadline is not None and self.deadline < today

    def to_doc(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "owner": self.owner, "deadline": _iso(self.deadline),
                "status": self.status, "done_date": _iso(self.done_date)}


@dataclass
class ManagementReview(Record):
    """A management review (clause 9.3): who, which 9.3.2 inputs were covered, decisions and actions."""

    code: str = ""
    date: date | None = None
    chair: str = ""
    attendees: list[str] = dataclasses.field(default_factory=list)
    inputs: list[str] = dataclasses.field(default_factory=list)
    decisions: list[str] = dataclasses.field(default_factory=list)
    actions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    ref: str = ""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("date",)
    LIST_DATES: ClassVar[ListDates] = (("actions", "action", ("deadline", "done_date")),)
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "chair", "attendees", "ref")

    def action_list(self) -> list[ReviewAction]:
        """The actions as records (dates parsed; an unreadable date reads as none, ``problems`` says so)."""
        result = []
        for doc in self.actions:
            result.append(ReviewAction(
                code=str(doc.get("code") or ""), text=str(doc.get("text") or ""), owner=str(doc.get("owner") or ""),
                deadline=_safe_date(doc.get("deadline")), status=str(doc.get("status") or "open"),
                done_date=_safe_date(doc.get("done_date")), review=self.code,
            ))
        return result

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "date", self.date)
        _require(problems, "chair", self.chair)
        unknown = [i for i in self.inputs if i not in REVIEW_INPUTS]
        if unknown:
            problems.append(("inputs", Fault("p_unknown_inputs", codes=", ".join(unknown),
                                             allowed=", ".join(REVIEW_INPUTS))))
        seen: set[str] = set()
        for i, doc in enumerate(self.actions, start=1):
            code = str(doc.get("code") or "") if isinstance(doc, dict) else ""
            where = Fault("p_action_n", code=code or i)
            if not isinstance(doc, dict) or not code:
                problems.append(("actions", Fault("p_action_no_code", n=i)))
                continue
            if code in seen:
                problems.append(("actions", Fault("p_action_twice", where=where)))
            seen.add(code)
            if not str(doc.get("text") or "").strip():
                problems.append(("actions", Fault("p_action_no_text", where=where)))
            for name in ("deadline", "done_date"):
                if doc.get(name) and _safe_date(doc.get(name)) is None:
                    problems.append(("actions", Fault("p_action_bad", where=where, problem=Fault(
                        "p_named_not_date", name=name, value=repr(doc.get(name))))))
            status = doc.get("status") or "open"
            if status not in ACTION_STATUSES:
                problems.append(("actions", Fault("p_action_bad", where=where, problem=Fault(
                    "p_not_one_of", value=repr(status), allowed=", ".join(ACTION_STATUSES)))))
            if status == "done" and not doc.get("done_date"):
                problems.append(("actions", Fault("p_action_bad", where=where, problem=Fault("p_done_action_date"))))
            if status != "done" and doc.get("done_date"):
                only_done = Fault("p_only_done_action_date")
                problems.append(("actions", Fault("p_action_bad", where=where, problem=only_done)))
        return problems


def _safe_date(value: Any) -> date | None:
    try:
        return _date(value)
    except ValueError:
        return None


from qms_tui.domain.service_models import Apology, Feedback, IndexScale, Survey  # noqa: E402 - they build on Record

TABLE_MODELS: dict[str, type[Record]] = {
    "organisation": Organisation,
    "fields": TthcField,
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
    "audits": InternalAudit,
    "audit_findings": AuditFinding,
    "nonconformities": Nonconformity,
    "reviews": ManagementReview,
    "apologies": Apology,
    "feedback": Feedback,
    "surveys": Survey,
    "index_scale": IndexScale,
}
"""Every table of the store and the model its documents follow."""
