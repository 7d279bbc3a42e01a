"""The records behind the service index (Decision 766/QĐ-TTg) besides dossiers: apologies for late dossiers
(form 04), the feedback register (PAKN), satisfaction surveys, and the index's own scale.

One family of the models (``qms_tui.domain.models`` re-exports them, and its ``TABLE_MODELS`` registers them
like every other table).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models.base import ListDates, Problem, Record, _require
from qms_tui.domain.problems import Fault

__all__ = ["ListDates"]  # the type checker resolves the inherited annotations in this module's names

FEEDBACK_KINDS = ("complaint", "suggestion", "praise")
FEEDBACK_CHANNELS = ("direct", "phone", "email", "portal", "letter", "other")
FEEDBACK_CHANNEL_VI = "trực tiếp, điện thoại, thư điện tử, Cổng DVC, văn bản, khác"
"""The channels in the register's own words, as the labels print them (``i18n`` ``fbch_*``)."""


@dataclass
class Apology(Record):
    """A written apology with a new appointment date for a late dossier (form 04, Circular 01/2018/TT-VPCP).

    One per dossier (keyed by its code): apologising again replaces it."""

    dossier: str = ""
    date: date | None = None
    new_due: date | None = None
    ref: str = ""
    """The letter's number or reference, if any."""
    KEY: ClassVar[str] = "dossier"
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("date", "new_due")
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("dossier", "ref")

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "dossier", self.dossier)
        _require(problems, "date", self.date)
        _require(problems, "new_due", self.new_due, "the new appointment date")
        if self.date and self.new_due and self.new_due < self.date:
            problems.append(("new_due", Fault("p_before_apology")))
        return problems


@dataclass
class Feedback(Record):
    """One piece of feedback (phản ánh, kiến nghị) on a dossier or a procedure; due in 15 working days."""

    code: str = ""
    received: date | None = None
    channel: str = "direct"
    kind: str = "suggestion"
    dossier: str = ""
    procedure: str = ""
    summary: str = ""
    due: date | None = None
    handled: date | None = None
    result: str = ""
    satisfied: bool | None = None
    """Whether the person was satisfied with the handling; ``None`` while unknown."""
    due_given: bool = False
    """The due date was set by hand (``--due``): a change of the working-day calendar leaves it alone. Otherwise
    it is the scale's working days after receipt and moves with the calendar."""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("received", "due", "handled")
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "dossier", "procedure")

    def overdue(self, today: date) -> bool:
        """Not handled and past its due date."""
        return self.handled is None and self.due is not None and self.due < today

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "received", self.received)
        for name, allowed, words in (("kind", FEEDBACK_KINDS, "phản ánh, kiến nghị, khen"),
                                     ("channel", FEEDBACK_CHANNELS, FEEDBACK_CHANNEL_VI)):
            value = getattr(self, name)
            if value not in allowed:
                choices = f"{', '.join(allowed)} ({words})"
                problems.append((name, Fault("p_not_one_of", value=repr(value), allowed=choices)))
        if self.received and self.handled and self.handled < self.received:
            problems.append(("handled", Fault("p_before_received")))
        if self.received and self.due and self.due < self.received:
            problems.append(("due", Fault("p_before_received")))
        return problems


@dataclass
class Survey(Record):
    """A satisfaction survey (ISO 9001 clause 9.1.2): who was asked, how many were satisfied."""

    code: str = ""
    start: date | None = None
    end: date | None = None
    method: str = ""
    asked: int = 0
    satisfied: int = 0
    procedure: str = ""
    unit: str = ""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ("start", "end")
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code", "procedure", "unit")

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        _require(problems, "start", self.start)
        _require(problems, "end", self.end)
        if self.start and self.end and self.end < self.start:
            problems.append(("end", Fault("p_before_start")))
        if not isinstance(self.asked, int) or self.asked < 1:
            problems.append(("asked", Fault("p_at_least_one")))
        elif not isinstance(self.satisfied, int) or not 0 <= self.satisfied <= self.asked:
            problems.append(("satisfied", Fault("p_satisfied_range")))
        return problems


@dataclass
class IndexScale(Record):
    """One row of the index's scale: an indicator's maximum points and the rate that earns them all, or a
    parameter of the formulas (``value``). Data, not code: the split was not checked against the Decision."""

    code: str = ""
    max_points: float | None = None
    full_at: float | None = None
    """The rate (percent) that earns the full points; below it, points = rate × max ÷ full_at."""
    value: float | None = None
    """A formula parameter's value (e.g. the working days to handle feedback)."""
    note: str = ""
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ("code",)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        _require(problems, "code", self.code)
        for name in ("max_points", "full_at", "value"):
            number = getattr(self, name)
            if number is not None and (isinstance(number, bool) or not isinstance(number, int | float) or number < 0):
                problems.append((name, Fault("p_non_negative_number")))
        if self.full_at is not None and not self.full_at:
            problems.append(("full_at", Fault("p_more_than_zero")))
        return problems
