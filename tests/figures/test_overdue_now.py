"""``overdue_now`` is the count over the as-of day alone, whichever period the view shows: a period ending on
the as-of day gives it from its own figures (a dossier open at a period's end is counted in it whatever the
period's start), another period by counting that day. Checked from the dossiers and from the aggregate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qms_tui.domain.figures import Figures
from qms_tui.domain.period import Period
from qms_tui.store import Store
from qms_tui.store.aggregates import counting_snapshot

DAYS = (date(2024, 1, 3), date(2024, 3, 4), date(2024, 6, 28), date(2024, 9, 1))
STARTS = (date(2023, 1, 1), date(2024, 1, 1), date(2024, 2, 29))


@pytest.mark.parametrize("from_aggregate", [False, True], ids=["dossiers", "aggregate"])
def test_overdue_now_is_the_as_of_days_count_for_any_period(demo_db: Path, from_aggregate: bool):
    seen = set()
    for day in DAYS:
        store = Store(demo_db, read_only=True)
        store.as_of = day
        qms = counting_snapshot(store) if from_aggregate else store.snapshot()
        assert (qms.aggregate is not None) is from_aggregate
        expected = qms.stats(Period(day, day)).total.overdue
        seen.add(expected)
        for start in STARTS:
            for end in (day, date(2024, 12, 31), date(2024, 1, 31)):
                assert Figures(qms, Period(start, max(start, end)))["overdue_now"] == expected
    assert len(seen) > 1 and max(seen) > 0  # days with and without overdue dossiers
