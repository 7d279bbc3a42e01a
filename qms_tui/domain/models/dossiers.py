"""Dossiers (hồ sơ TTHC) and their supplement pauses: the one record a store holds by the hundred thousand.

One family of the models (``qms_tui.domain.models`` re-exports them all), apart because its reading is written
out for speed and its rules are the counting rules' input.
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
    _stored_date,
)
from qms_tui.domain.problems import Fault

CHANNELS = ("online", "direct", "postal", "unknown")
"""How a dossier came in; ``unknown`` when an imported list does not say (many systems' lists omit it)."""
ONLINE_LEVELS = ("partial", "full")
"""An online dossier's service level: partly online (dịch vụ công trực tuyến một phần) or fully (toàn trình)."""
DOSSIER_FLAGS = ("paid_online", "digitised", "e_result", "supplements")
"""A dossier's facts for the service index (Decision 766): ``None`` while unknown, never read as "no"."""
OUTCOMES = ("resolved", "withdrawn", "returned")

@dataclass(fast_init=True)
class Pause:
    """A supplement request: the clock stops after ``start`` and restarts after ``end``."""

    start: date
    end: date | None = None


@dataclass(slots=True, fast_init=True)
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
