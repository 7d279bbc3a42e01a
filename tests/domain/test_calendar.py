"""Working days: weekends, Tết 2024, the 30/4–1/5 swap, supplement pauses and local overrides."""

from datetime import date

import pytest

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.models import CalendarDay, Pause


@pytest.fixture
def cal() -> WorkingCalendar:
    return WorkingCalendar()


def test_weekends_are_not_working_days(cal):
    assert not cal.is_working_day(date(2024, 3, 9))  # Saturday
    assert not cal.is_working_day(date(2024, 3, 10))  # Sunday
    assert cal.is_working_day(date(2024, 3, 11))


@pytest.mark.parametrize("day", [date(2024, 2, d) for d in range(8, 15)])
def test_tet_2024_is_off_from_8_to_14_february(cal, day):
    assert not cal.is_working_day(day)


def test_due_date_across_tet_2024(cal):
    # Received Monday 5/2: 6 and 7/2 count, Tết 8–14/2 and the weekend do not, then 15, 16, 19/2.
    assert cal.add_working_days(date(2024, 2, 5), 5) == date(2024, 2, 19)


def test_swap_2024_monday_29_april_off_saturday_4_may_worked(cal):
    assert not cal.is_working_day(date(2024, 4, 29))
    assert not cal.is_working_day(date(2024, 4, 30))
    assert not cal.is_working_day(date(2024, 5, 1))
    assert cal.is_working_day(date(2024, 5, 4))  # the Saturday worked in exchange
    # Received Thursday 25/4: 26/4, 2/5, 3/5, Saturday 4/5, then Monday 6/5.
    assert cal.add_working_days(date(2024, 4, 25), 5) == date(2024, 5, 6)


def test_receipt_day_does_not_count_and_weekend_receipt_starts_monday(cal):
    assert cal.add_working_days(date(2024, 3, 11), 1) == date(2024, 3, 12)
    assert cal.add_working_days(date(2024, 3, 9), 1) == date(2024, 3, 11)


def test_supplement_pause_extends_the_due_date(cal):
    plain = cal.add_working_days(date(2024, 1, 2), 5)
    paused = cal.add_working_days(date(2024, 1, 2), 5, [Pause(date(2024, 1, 3), date(2024, 1, 5))])
    assert plain == date(2024, 1, 9)
    # 4 and 5/1 are paused (the supplement arrived on 5/1), so the due date moves two working days.
    assert paused == date(2024, 1, 11)


def test_open_pause_has_no_due_date(cal):
    assert cal.add_working_days(date(2024, 1, 2), 5, [Pause(date(2024, 1, 3), None)]) is None


def test_overrides_win_over_the_package():
    cal = WorkingCalendar(
        [
            CalendarDay(date=date(2024, 3, 11), kind="day_off", note="extra day off"),
            CalendarDay(date=date(2024, 9, 2), kind="working_day", note="hypothetical"),
        ]
    )
    assert not cal.is_working_day(date(2024, 3, 11))
    assert cal.is_working_day(date(2024, 9, 2))  # National Day made a working day by override
    assert cal.add_working_days(date(2024, 3, 8), 1) == date(2024, 3, 12)


def test_working_days_between(cal):
    assert cal.working_days_between(date(2024, 2, 5), date(2024, 2, 19)) == 5
    assert cal.working_days_between(date(2024, 2, 19), date(2024, 2, 5)) == 0


def test_overrides_given_as_a_generator_count_both_kinds():
    """The store builds its calendar from a generator of overrides: both kinds must take effect."""
    overrides = ((date(2024, 8, 31), "working_day"), (date(2024, 8, 30), "day_off"))
    calendar = WorkingCalendar(CalendarDay(date=day, kind=kind) for day, kind in overrides)
    assert calendar.is_working_day(date(2024, 8, 31))  # a Saturday worked
    assert not calendar.is_working_day(date(2024, 8, 30))  # a Friday off


def test_working_days_between_counts_as_day_by_day_across_years_and_overrides():
    """The running counts per year give what counting each day gives, on both sides of a year's end."""
    calendar = WorkingCalendar([CalendarDay(date=date(2024, 1, 6), kind="working_day"),
                                CalendarDay(date=date(2023, 12, 29), kind="day_off")])
    days = [date(2022, 12, 30), date(2023, 1, 1), date(2023, 6, 15), date(2023, 12, 29), date(2023, 12, 31),
            date(2024, 1, 1), date(2024, 1, 6), date(2024, 2, 29), date(2024, 12, 31), date(2025, 3, 3)]
    for start in days:
        for end in days:
            by_day = sum(calendar.is_working_day(date.fromordinal(n))
                         for n in range(start.toordinal() + 1, end.toordinal() + 1))
            assert calendar.working_days_between(start, end) == by_day, (start, end)
