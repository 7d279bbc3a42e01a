"""Training coverage: who was trained on the QMS, who never was, and who needs retraining."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import Procedure, Staff, Training
from qms_tui.domain.text import fold

TRAINED, RETRAIN, NEVER = "trained", "retrain", "never"
STATUS_ORDER = {NEVER: 0, RETRAIN: 1, TRAINED: 2}


@dataclass
class StaffTraining:
    """One person's QMS training status on a given day."""

    staff: Staff
    last_training: date | None
    status: str
    revised_procedures: list[str]
    """Procedures of the person's unit revised after their last training (why they need retraining)."""


@dataclass
class UnitCoverage:
    """Trained share of one unit's active staff (needing retraining still counts as trained once)."""

    unit: str
    staff: int
    trained: int
    retrain: int

    @property
    def never(self) -> int:
        return self.staff - self.trained - self.retrain

    @property
    def rate(self) -> float:
        return 100.0 * (self.trained + self.retrain) / self.staff if self.staff else 0.0


def staff_training(
    staff: Iterable[Staff], trainings: Iterable[Training], procedures: Iterable[Procedure], today: date
) -> list[StaffTraining]:
    """Status of every active person, untrained first, then those to retrain, then the rest."""
    last: dict[str, date] = {}
    for course in trainings:
        if not course.qms or course.date is None or course.date > today:
            continue
        for code in course.attendees:
            if code not in last or last[code] < course.date:
                last[code] = course.date
    revisions: dict[str, list[tuple[date, str]]] = {}
    for procedure in procedures:
        revised = procedure.revised
        if procedure.status != "retired" and revised and revised <= today:
            revisions.setdefault(procedure.unit, []).append((revised, procedure.code))
    result = []
    for person in staff:
        if not person.active_on(today):
            continue
        trained_on = last.get(person.code)
        if trained_on is None:
            result.append(StaffTraining(person, None, NEVER, []))
            continue
        revised = sorted(code for when, code in revisions.get(person.unit, []) if when > trained_on)
        result.append(StaffTraining(person, trained_on, RETRAIN if revised else TRAINED, revised))
    result.sort(key=lambda s: (STATUS_ORDER[s.status], s.staff.unit, s.staff.name))
    return result


def coverage_rate(statuses: Iterable[StaffTraining]) -> float | None:
    """Staff trained at least once (up to date or to retrain), in percent of the active staff; ``None``
    without staff."""
    statuses = list(statuses)
    covered = sum(1 for s in statuses if s.status != NEVER)
    return 100.0 * covered / len(statuses) if statuses else None


def coverage_by_unit(statuses: Iterable[StaffTraining]) -> list[UnitCoverage]:
    """Coverage per unit, sorted by the unit's name."""
    units: dict[str, UnitCoverage] = {}
    for status in statuses:
        unit = units.setdefault(status.staff.unit, UnitCoverage(status.staff.unit, 0, 0, 0))
        unit.staff += 1
        if status.status == TRAINED:
            unit.trained += 1
        elif status.status == RETRAIN:
            unit.retrain += 1
    return sorted(units.values(), key=lambda u: fold(u.unit))
