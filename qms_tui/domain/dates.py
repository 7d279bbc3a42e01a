"""Date parsing and formatting: users type dd/mm/yyyy or YYYY-MM-DD, Vietnamese output shows dd/mm/yyyy."""

from __future__ import annotations

import re
from datetime import date, datetime

from qms_tui.domain.problems import Fault

PLAUSIBLE_FROM = date(1990, 1, 1)
"""The earliest date a record or an import row may hold. An agency's QMS documents go back to the 2000s (the
demo's oldest legal document is from 2006); a date before 1990 is a typo (``0001-01-01``, ``1924`` for 2024)
that would otherwise count as carried over and overdue."""

PLAUSIBLE_YEARS_AHEAD = 5
"""The latest date a record may hold is this many years after the store's today: deadlines, plans and the
government's calendar swaps look a year or two ahead, never a decade."""

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?\s*$")


def parse_date(text: str) -> date:
    """Read ``YYYY-MM-DD`` or ``dd/mm/yyyy`` (also ``dd-mm-yyyy``, ``dd.mm.yyyy``).

    Raises ``ValueError`` with a message fit to show a user.
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    iso = _ISO.match(text)
    dmy = _DMY.match(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    except ValueError as exc:
        raise ValueError(Fault("p_not_real_date", value=repr(text.strip()), why=str(exc))) from None
    raise ValueError(Fault("p_not_a_date", value=repr(text.strip())))


def plausible_until(today: date) -> date:
    """The last plausible date as of ``today``: ``PLAUSIBLE_YEARS_AHEAD`` years later."""
    return add_months(today, 12 * PLAUSIBLE_YEARS_AHEAD)


def date_problem(value: date, today: date) -> str | None:
    """Why ``value`` cannot be a real date of a QMS record, or ``None`` when it is plausible.

    The window is the one place this rule lives: from ``PLAUSIBLE_FROM`` (1 January 1990) to
    ``PLAUSIBLE_YEARS_AHEAD`` (5) years after ``today``. ``today`` is the store's own today (its pinned
    "as of" date, else its clock), so a demo store and the tests judge the same dates the same way on any
    day. Every date field of every record (``Record.date_problems``) and every date of an import row is
    checked against it.
    """
    if value < PLAUSIBLE_FROM:
        return Fault("p_date_too_early", value=_dmy(value), first=_dmy(PLAUSIBLE_FROM))
    if value > plausible_until(today):
        return Fault("p_date_too_late", value=_dmy(value), years=PLAUSIBLE_YEARS_AHEAD, today=_dmy(today))
    return None


def _dmy(day: date) -> str:
    """dd/mm/yyyy with a four-digit year even for year 1 (``strftime`` would write ``1``)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_vn(day: date | None, empty: str = "—") -> str:
    """A date the Vietnamese way: dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y") if day else empty


def format_date(day: date | None, lang: str = "vi", empty: str = "—") -> str:
    """dd/mm/yyyy in Vietnamese output, ISO ``YYYY-MM-DD`` in English output."""
    if day is None:
        return empty
    return format_vn(day) if lang == "vi" else day.isoformat()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clipped to the month's end (31/1 + 1 month = 29/2)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
