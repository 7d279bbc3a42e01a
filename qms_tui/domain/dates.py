"""Date parsing and formatting: users type dd/mm/yyyy or YYYY-MM-DD, Vietnamese output shows dd/mm/yyyy."""

from __future__ import annotations

import re
from datetime import date, datetime

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
        raise ValueError(f"{text.strip()!r} is not a real date ({exc})") from None
    raise ValueError(f"{text.strip()!r} is not a date: use dd/mm/yyyy or YYYY-MM-DD")


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
