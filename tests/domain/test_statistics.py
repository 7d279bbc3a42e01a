"""The period statistics of form 06/VPCP/KSTT, one dossier at a time, at the period's edges."""

from datetime import date

import pytest

from qms_tui.domain.models import Dossier
from qms_tui.domain.statistics import Counts, classify, monthly_trend, period_stats

START, END = date(2024, 1, 1), date(2024, 9, 1)


def dossier(received, due, finished=None, outcome=None, channel="direct", code="HS", procedure="P1"):
    return Dossier(code=code, procedure=procedure, channel=channel, received=received, due=due,
                   finished=finished, outcome=outcome)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        # intake
        (dossier(date(2023, 12, 20), date(2024, 9, 10)), ("carried_over", "not_due")),
        (dossier(date(2024, 1, 1), date(2024, 1, 10), channel="online"), ("new_online", "overdue")),
        (dossier(date(2024, 9, 1), date(2024, 9, 20), channel="postal"), ("new_direct", "not_due")),
        # resolved: early, on the due date, late
        (dossier(date(2024, 3, 1), date(2024, 3, 10), date(2024, 3, 5), "resolved"), ("new_direct", "early")),
        (dossier(date(2024, 3, 1), date(2024, 3, 10), date(2024, 3, 10), "resolved"), ("new_direct", "on_due_date")),
        (dossier(date(2024, 3, 1), date(2024, 3, 10), date(2024, 3, 11), "resolved"), ("new_direct", "late")),
        # in progress at the end: overdue only when due before the end
        (dossier(date(2024, 8, 1), date(2024, 8, 31)), ("new_direct", "overdue")),
        (dossier(date(2024, 8, 1), date(2024, 9, 1)), ("new_direct", "not_due")),
        # finished after the end counts as in progress at the end
        (dossier(date(2024, 8, 1), date(2024, 8, 20), date(2024, 9, 2), "resolved"), ("new_direct", "overdue")),
        # withdrawn and returned
        (dossier(date(2024, 2, 1), date(2024, 2, 20), date(2024, 2, 5), "withdrawn"), ("new_direct", "withdrawn")),
        (dossier(date(2023, 12, 1), date(2024, 1, 5), date(2024, 1, 2), "returned"), ("carried_over", "returned")),
        # a carried-over dossier finished on the first day is still counted
        (dossier(date(2023, 12, 1), date(2024, 1, 5), date(2024, 1, 1), "resolved"), ("carried_over", "early")),
        # a finished dossier with no outcome fits no class
        (dossier(date(2024, 2, 1), date(2024, 2, 20), date(2024, 2, 5), None), ("new_direct", None)),
    ],
)
def test_classify(d, expected):
    assert classify(d, START, END) == expected


@pytest.mark.parametrize(
    "d",
    [
        dossier(date(2023, 12, 1), date(2023, 12, 20), date(2023, 12, 31), "resolved"),  # finished before
        dossier(date(2024, 9, 2), date(2024, 9, 20)),  # received after the end
    ],
)
def test_outside_the_period(d):
    assert classify(d, START, END) is None


def test_counts_and_reconciliation():
    dossiers = [
        dossier(date(2023, 12, 20), date(2024, 1, 10), date(2024, 1, 9), "resolved", code="A"),
        dossier(date(2024, 2, 1), date(2024, 2, 20), date(2024, 2, 20), "resolved", channel="online", code="B"),
        dossier(date(2024, 2, 1), date(2024, 2, 20), date(2024, 2, 22), "resolved", code="C"),
        dossier(date(2024, 8, 20), date(2024, 9, 10), code="D"),
        dossier(date(2024, 8, 1), date(2024, 8, 15), code="E"),
        dossier(date(2024, 3, 1), date(2024, 3, 15), date(2024, 3, 2), "withdrawn", code="F"),
    ]
    stats = period_stats(dossiers, START, END, lambda code: "dau_tu")
    c = stats.total
    assert (c.received, c.new, c.carried_over, c.new_online) == (6, 5, 1, 1)
    assert (c.resolved, c.on_time, c.early, c.on_due_date, c.late) == (3, 2, 1, 1, 1)
    assert (c.in_progress, c.not_due, c.overdue, c.withdrawn_returned) == (2, 1, 1, 1)
    assert c.reconciles and c.gap == 0
    assert c.on_time_rate == pytest.approx(200 / 3)
    assert stats.by_field["dau_tu"].received == 6
    assert stats.by_procedure["P1"].late == 1


def test_reconciliation_break_is_reported():
    bad = dossier(date(2024, 2, 1), date(2024, 2, 20), date(2024, 2, 5), None, code="BAD")
    c = period_stats([bad], START, END).total
    assert c.received == 1 and c.accounted == 0
    assert not c.reconciles
    assert c.gap == 1 and c.unclassified == ["BAD"]


def test_no_resolved_means_no_rate():
    assert Counts().on_time_rate is None


def test_monthly_trend():
    dossiers = [
        dossier(date(2024, 1, 5), date(2024, 1, 20), date(2024, 2, 1), "resolved"),
        dossier(date(2024, 1, 6), date(2024, 1, 20)),
    ]
    trend = monthly_trend(dossiers, date(2024, 1, 1), date(2024, 3, 31))
    assert trend == [("2024-01", 2, 0), ("2024-02", 0, 1), ("2024-03", 0, 0)]
