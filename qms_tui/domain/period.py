"""The reporting period: a closed range of days. Its own module so that what counts over a period (statistics,
objectives) can name it without importing ``domain.qms``, which imports them."""

from __future__ import annotations

from datetime import date

from qms_tui.domain.lean import dataclass
from qms_tui.domain.problems import Fault


@dataclass
class Period:
    """A closed range of days [start, end] with a label for headers."""

    start: date
    end: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(Fault("p_period_reversed", end=self.end, start=self.start))
