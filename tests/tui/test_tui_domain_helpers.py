"""The pure helpers the TUI relies on: accent folding, periods, and the dossier list's filters."""

from __future__ import annotations

from datetime import date

import pytest

from qms_tui.domain.dossier_list import STATUSES, filter_rows, period_rows
from qms_tui.domain.periods import PeriodChoice, PeriodError, parse_range, quarter_period
from qms_tui.domain.text import fold, matches
from qms_tui.store import Store


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("lao dong", "Cấp giấy phép lao động"),
        ("ho so", "Hồ sơ TTHC"),
        ("dau tu", "Đầu tư"),
        ("DAU TU", "đầu tư"),
        ("quy  hoach", "Quy hoạch - Xây dựng"),
        ("lao động", "LAO ĐỘNG"),
    ],
)
def test_matching_ignores_accents_case_and_d_stroke(query, text):
    assert matches(query, fold(text))


@pytest.mark.parametrize(("query", "text"), [("lao dong", "lao dịch"), ("dau tu", "Đầu mối"), ("ho so", "hồ bơi")])
def test_matching_still_discriminates(query, text):
    assert not matches(query, fold(text))


def test_fold_keeps_one_character_per_letter():
    assert fold("Đường Nguyễn Thị Định") == "duong nguyen thi dinh"
    assert len(fold("Hồ sơ")) == len("ho so")


def test_presets_resolve_on_the_as_of_day():
    today = date(2024, 9, 1)
    assert PeriodChoice("year").resolve(today).start == date(2024, 1, 1)
    last30 = PeriodChoice("last30").resolve(today)
    assert (last30.start, last30.end) == (date(2024, 8, 3), today)
    assert (today - last30.start).days + 1 == 30
    q2 = PeriodChoice("q2").resolve(today)
    assert (q2.start, q2.end) == (date(2024, 4, 1), date(2024, 6, 30))
    assert quarter_period(2024, 4).end == date(2024, 12, 31)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("01/01/2024 – 31/03/2024", date(2024, 1, 1), date(2024, 3, 31)),
        ("1/1/2024-31/3/2024", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-02-01 2024-02-29", date(2024, 2, 1), date(2024, 2, 29)),
        ("01.07.2024 đến 31.07.2024", date(2024, 7, 1), date(2024, 7, 31)),
    ],
)
def test_typed_ranges(text, start, end):
    choice = parse_range(text)
    assert (choice.kind, choice.start, choice.end) == ("custom", start, end)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("01/01/2024", "need_two_dates"), ("", "need_two_dates"), ("31/02/2024 - 01/03/2024", "bad_date"),
     ("30/06/2024 - 01/01/2024", "end_before_start")],
)
def test_bad_ranges_say_why(text, reason):
    with pytest.raises(PeriodError) as error:
        parse_range(text)
    assert error.value.reason == reason


def test_dossier_list_classes_match_the_statistics(demo_db):
    qms = Store(demo_db).snapshot()
    period = qms.clip(qms.default_period())
    rows = period_rows(qms.dossiers, period.start, period.end)
    counts = qms.stats(period).total
    assert len(rows) == counts.received
    by_status = {status: len(filter_rows(rows, status=status)) for status in STATUSES if status != "attention"}
    assert by_status == {"all": counts.received, "in_progress": counts.in_progress, "overdue": counts.overdue,
                         "resolved": counts.resolved, "late": counts.late,
                         "withdrawn_returned": counts.withdrawn_returned}
    labour = filter_rows(rows, field="lao_dong", field_of=qms.field_of)
    assert len(labour) == qms.stats(period).by_field["lao_dong"].received
    one = filter_rows(rows, procedure="QT-LD01")
    assert len(one) == qms.stats(period).by_procedure["QT-LD01"].received
