"""Quality objectives that measure themselves (clause 6.2, 9.1): an objective's measure names a figure the
store can compute, so its current value and its month-by-month trend come from the records, not from a
number someone typed.

Rates and the service index are counted over a period (the year, or one month of it); overdue dossiers too,
as Biểu 06 counts them. Overdue nonconformities and training coverage are stocks: they are read as of the
period's last day (clipped to the as-of date).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from qms_tui.domain import training
from qms_tui.domain.dates import add_months
from qms_tui.domain.improvement import nc_overdue
from qms_tui.domain.models import INDEX_MEASURES, Objective
from qms_tui.domain.period import Period

if TYPE_CHECKING:
    from qms_tui.domain.qms import Qms

STOCK_MEASURES = frozenset({"overdue_ncs", "training_coverage"})
"""Measures read on one day (the end of the period) rather than counted over it."""


def measure_value(qms: Qms, measure: str, start: date, end: date) -> float | None:
    """The figure ``measure`` names over [start, end] (``end`` clipped to the as-of date); ``None`` = no data."""
    end = max(start, min(end, qms.today))
    if measure == "on_time_rate":
        return qms.stats(Period(start, end)).total.on_time_rate
    if measure == "overdue_dossiers":
        return float(qms.stats(Period(start, end)).total.overdue)
    if measure == "overdue_ncs":
        return float(sum(1 for nc in qms.nonconformities if nc_overdue(nc, end)))
    if measure == "training_coverage":
        return training.coverage_rate(training.staff_training(qms.staff, qms.trainings, qms.procedures, end))
    if measure in INDEX_MEASURES:
        from qms_tui.domain.service_index import compute

        return compute(qms, start, end).get(measure.removeprefix("index_")).value
    return None


def _year(qms: Qms, objective: Objective) -> int:
    return objective.year or qms.today.year


def current_value(qms: Qms, objective: Objective) -> float | None:
    """The objective's value over its year (to the as-of date); a manual objective keeps what was entered."""
    if objective.measure == "manual":
        return objective.current
    year = _year(qms, objective)
    if date(year, 1, 1) > qms.today:
        return None
    return measure_value(qms, objective.measure, date(year, 1, 1), date(year, 12, 31))


def monthly_trend(qms: Qms, objective: Objective) -> list[tuple[date, float | None]]:
    """(first day of the month, value) for each month of the objective's year up to the as-of date.

    A rate is counted within the month; a stock is read on the month's last day (or the as-of date).
    A month without data is ``None``, never zero.
    """
    if objective.measure == "manual":
        return []
    year = _year(qms, objective)
    months = []
    month = date(year, 1, 1)
    while month.year == year and month <= qms.today:
        last = add_months(month, 1).replace(day=1)
        end = date.fromordinal(last.toordinal() - 1)
        months.append((month, measure_value(qms, objective.measure, month, end)))
        month = last
    return months
