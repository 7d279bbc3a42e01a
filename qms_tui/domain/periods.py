"""The periods a user can pick: this year, the last 30 days, a quarter of the "as of" year, or typed dates.

A choice is kept as a *kind* rather than fixed dates so that "this year" and "the last 30 days" move with
the clock when the app stays open past midnight.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from qms_tui.domain.dates import parse_date
from qms_tui.domain.lean import dataclass
from qms_tui.domain.qms import Period

PRESETS = ("year", "last30", "q1", "q2", "q3", "q4")
"""The preset kinds, in the order the period picker lists them."""

_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}")


class PeriodError(ValueError):
    """A typed period that cannot be used; ``reason`` names the problem for a translated message."""

    def __init__(self, reason: str, detail: str = "") -> None:
        """Keep the reason apart from the text so the dialog can translate it."""
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


@dataclass(frozen=True)
class PeriodChoice:
    """What the user picked: a preset kind, or ``custom`` with its two dates."""

    kind: str = "year"
    start: date | None = None
    end: date | None = None

    def resolve(self, today: date) -> Period:
        """The dates of this choice on ``today`` (the "as of" date)."""
        if self.kind == "year":
            return Period(date(today.year, 1, 1), today, str(today.year))
        if self.kind == "last30":
            return Period(today - timedelta(days=29), today, "30")
        if self.kind in ("q1", "q2", "q3", "q4"):
            quarter = int(self.kind[1])
            return quarter_period(today.year, quarter)
        if self.kind == "custom" and self.start and self.end:
            return Period(self.start, self.end, "custom")
        raise ValueError(f"unknown period choice {self.kind!r}")


def quarter_period(year: int, quarter: int) -> Period:
    """Quarter ``quarter`` (1-4) of ``year``: three whole months."""
    first_month = 3 * (quarter - 1) + 1
    start = date(year, first_month, 1)
    next_start = date(year + 1, 1, 1) if quarter == 4 else date(year, first_month + 3, 1)
    return Period(start, next_start - timedelta(days=1), f"Q{quarter}/{year}")


def parse_range(text: str) -> PeriodChoice:
    """Read "dd/mm/yyyy – dd/mm/yyyy" (any dash or spaces between; ISO dates accepted too).

    Raises ``PeriodError`` with reason ``need_two_dates``, ``bad_date`` or ``end_before_start``.
    """
    found = _DATE.findall(text)
    if len(found) != 2:
        raise PeriodError("need_two_dates", text.strip())
    try:
        start, end = parse_date(found[0]), parse_date(found[1])
    except ValueError as exc:
        raise PeriodError("bad_date", str(exc)) from None
    if end < start:
        raise PeriodError("end_before_start", f"{found[0]} > {found[1]}")
    return PeriodChoice("custom", start, end)
