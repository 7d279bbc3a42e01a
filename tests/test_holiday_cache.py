"""Vietnam's working days kept in the user's cache are the ``holidays`` package's own answers; a damaged or
stale cache is asked again; a second process answers without importing the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from qms_tui import holiday_cache
from qms_tui.domain import calendar
from qms_tui.domain.calendar import WorkingCalendar, _vietnam


@pytest.fixture(autouse=True)
def fresh_tables():
    holiday_cache.forget()
    calendar._YEARS.clear()
    yield
    holiday_cache.forget()
    calendar._YEARS.clear()


def every_day(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def test_the_cached_days_are_the_packages_days():
    first = [WorkingCalendar().is_working_day(day) for year in (2024, 2025) for day in every_day(year)]
    stored = json.loads(holiday_cache.cache_path().read_text(encoding="utf-8"))
    assert stored["key"] == holiday_cache.package_key() and sorted(stored["years"]) == ["2024", "2025"]
    holiday_cache.forget()
    calendar._YEARS.clear()
    again = [WorkingCalendar().is_working_day(day) for year in (2024, 2025) for day in every_day(year)]
    package = [_vietnam().is_working_day(day) for year in (2024, 2025) for day in every_day(year)]
    assert first == again == package
    assert not WorkingCalendar().is_working_day(date(2024, 4, 29))  # the swapped Monday off, from the package
    assert WorkingCalendar().is_working_day(date(2024, 5, 4))  # the Saturday worked instead


@pytest.mark.parametrize("content", ["{not json", '{"key": "another holidays package", "years": {"2024": "1"}}',
                                     None])
def test_a_damaged_or_stale_cache_is_asked_again(content: str | None):
    path = holiday_cache.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if content is None:  # the right key, but a table of the wrong length
        content = json.dumps({"key": holiday_cache.package_key(), "years": {"2024": "0" * 10}})
    path.write_text(content, encoding="utf-8")
    found = [WorkingCalendar().is_working_day(day) for day in every_day(2024)]
    assert found == [_vietnam().is_working_day(day) for day in every_day(2024)]
    assert len(json.loads(path.read_text(encoding="utf-8"))["years"]["2024"]) == 366  # written again, whole


def test_an_unwritable_cache_changes_nothing(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    assert WorkingCalendar().add_working_days(date(2024, 4, 26), 2) == date(2024, 5, 3)


def test_a_second_process_does_not_import_the_package(tmp_path: Path):
    code = ("import sys\nfrom datetime import date\nfrom qms_tui.domain.calendar import WorkingCalendar\n"
            "print(WorkingCalendar().add_working_days(date(2024, 4, 26), 3), 'holidays' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
            for _ in range(2)]
    assert runs == ["2024-05-04 True\n", "2024-05-04 False\n"]  # the Saturday worked counts, both times
