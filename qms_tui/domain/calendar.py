"""Working days in Vietnam: weekends, public holidays and the yearly swaps, with local overrides.

The ``holidays`` package knows the lunar holidays (Tết, Hùng Kings' day) and the days the government
swapped (e.g. Monday 29/4/2024 off, Saturday 4/5/2024 worked). The store keeps an editable table of
extra days off and extra working days for what the package does not know yet; it wins over the package.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

from qms_tui.domain.models import CalendarDay, Pause

if TYPE_CHECKING:
    import holidays


@lru_cache(maxsize=1)
def _vietnam() -> holidays.HolidayBase:
    """Vietnam's calendar alone. ``holidays.country_holidays("VN")`` imports ``holidays.countries``, whose
    ``__init__`` imports every country's module (0.1 s of a 0.3 s ``qms summary``); with that package
    registered as a bare package first, only ``vietnam.py`` and what it needs are read."""
    import holidays  # imported here: start-up time of one-shot commands (most need no due date)

    try:
        if "holidays.countries" not in sys.modules:
            spec = importlib.util.find_spec("holidays.countries")
            if spec is not None and spec.submodule_search_locations:
                bare = types.ModuleType("holidays.countries")
                bare.__path__ = list(spec.submodule_search_locations)
                bare.__spec__, bare.__package__ = spec, "holidays.countries"
                sys.modules["holidays.countries"] = bare
        from holidays.countries.vietnam import Vietnam

        return Vietnam(language="vi")
    except (ImportError, AttributeError, TypeError):  # another layout of the package: the documented way
        return holidays.country_holidays("VN", language="vi")


_YEARS: dict[int, str] = {}


def _package_year(year: int) -> str:
    """``holidays``' answer for each day of ``year``, ``"1"`` for a working day, from 1 January
    (``holiday_cache``: the package itself is imported only for a year the cache does not hold)."""
    table = _YEARS.get(year)
    if table is None:
        from qms_tui.holiday_cache import year_table

        table = _YEARS[year] = year_table(year, _year_of_package)
    return table


def _package_day(day: date) -> bool:
    """``holidays``' answer for ``day``, read from its year's table."""
    return _package_year(day.year)[day.toordinal() - date(day.year, 1, 1).toordinal()] == "1"


def _year_of_package(year: int) -> str:
    vietnam, first = _vietnam(), date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    return "".join("1" if vietnam.is_working_day(date.fromordinal(day)) else "0" for day in range(first, last + 1))


class WorkingCalendar:
    """Answers "is this a working day?" and counts statutory processing times."""

    def __init__(self, overrides: Iterable[CalendarDay] = ()) -> None:
        overrides = list(overrides)  # read twice below: a generator would give the second set nothing
        self._days_off = {o.date for o in overrides if o.kind == "day_off"}
        self._working = {o.date for o in overrides if o.kind == "working_day"}
        self._cache: dict[date, bool] = {}
        self._years: dict[int, list[int]] = {}

    def is_working_day(self, day: date) -> bool:
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        if day in self._working:
            result = True
        elif day in self._days_off:
            result = False
        else:
            result = _package_day(day)
        self._cache[day] = result
        return result

    def holiday_name(self, day: date) -> str | None:
        """The public holiday on ``day``, if any (for help texts and tests)."""
        return _vietnam().get(day)

    def add_working_days(self, start: date, days: int, pauses: Iterable[Pause] = ()) -> date | None:
        """The due date of a dossier received on ``start`` with ``days`` working days to process it.

        The day of receipt does not count; counting starts on the next working day. While a supplement
        is awaited (after a pause's start, up to and including the day the supplement arrives) the
        clock stops. With a pause still open the due date is unknown and ``None`` is returned.
        """
        pause_list = sorted((p for p in pauses if p.start is not None), key=lambda p: p.start)
        if any(p.end is None for p in pause_list):
            return None
        day, counted = start, 0
        while counted < days:
            day += timedelta(days=1)
            if not self.is_working_day(day):
                continue
            if any(p.start < day <= p.end for p in pause_list):  # type: ignore[operator]
                continue
            counted += 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``), read from each
        year's running count rather than day by day: the service index's 2.2 counts it for every dossier resolved
        in the period when the Overview opens (446 dossiers of the demo: 8 ms day by day)."""
        if end <= start:
            return 0
        count = 0
        for year in range(start.year, end.year + 1):
            running = self._running_count(year)
            low = start.timetuple().tm_yday if year == start.year else 0
            high = end.timetuple().tm_yday if year == end.year else len(running) - 1
            count += running[high] - running[low]
        return count

    def _running_count(self, year: int) -> list[int]:
        """Working days among the first k days of ``year``, for k from 0 to the year's length."""
        running = self._years.get(year)
        if running is None:  # the package's year, then the store's days off, then its working days (they win)
            days = [flag == "1" for flag in _package_year(year)]
            first = date(year, 1, 1).toordinal()
            for day in self._days_off:
                if day.year == year:
                    days[day.toordinal() - first] = False
            for day in self._working:
                if day.year == year:
                    days[day.toordinal() - first] = True
            running = self._years[year] = [0, *accumulate(days)]
        return running
