"""The QMS's registers: procedures, risks and opportunities, staff and their training, quality objectives and
the tasks of the yearly plan.

One family of the models (``qms_tui.domain.models`` re-exports them all): the records the ISO secretary keeps
up to date, each with its own screen.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, ClassVar

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models.base import (
    ListDates,
    Problem,
    Record,
    _date,
    _one_of,
    _require,
)
from qms_tui.domain.problems import Fault

PROCEDURE_KINDS = ("general", "internal", "tthc")
PROCEDURE_STATUSES = ("active", "under_revision", "retired")
RISK_KINDS = ("risk", "opportunity")
RISK_STATUSES = ("open", "in_treatment", "closed")
ONLINE_SERVICES = ("info_only", "partial", "full")
"""A procedure's online service level (mức độ DVC): information only, partly online, fully online (toàn trình)."""
TASK_STATUSES = ("not_started", "in_progress", "done")
INDEX_MEASURES = tuple(f"index_{code}" for code in ("2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "5.2", "5.4"))
"""An objective measured by an indicator of the service index (Decision 766): ``index_`` + the indicator id."""
OBJECTIVE_MEASURES = ("manual", "on_time_rate", "training_coverage", "overdue_dossiers", "overdue_ncs", *INDEX_MEASURES)

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

RISK_THRESHOLDS = {"low": (1, 4), "medium": (5, 9), "high": (10, 25)}
"""Score = likelihood × impact on a 5×5 grid: 1–4 low, 5–9 medium, 10–25 high."""


def risk_level(score: int) -> str:
    """The level of a likelihood × impact score (see ``RISK_THRESHOLDS``)."""
    for level, (low, high) in RISK_THRESHOLDS.items():
        if low <= score <= high:
            return level
    raise ValueError(Fault("p_score_range", score=score))


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
