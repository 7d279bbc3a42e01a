"""Quality objectives that measure themselves, on a small store computed by hand: the current value over the
objective's year and the month-by-month trend (rates within the month, stocks on its last day)."""

from __future__ import annotations

from datetime import date

import pytest

from qms_tui.domain.models import OBJECTIVE_MEASURES, Nonconformity, Objective, Organisation, Procedure, Staff, Training
from qms_tui.domain.qms import Period, Qms
from qms_tui.reports.summary import render_summary, summary_blocks


def _doc(code: str, received: str, due: str, finished: str | None, channel: str = "direct") -> dict:
    return {"code": code, "procedure": "P1", "channel": channel, "received": f"2024-{received}",
            "due": f"2024-{due}", "finished": f"2024-{finished}" if finished else None,
            "outcome": "resolved" if finished else None, "pauses": []}


DOSSIERS = [
    _doc("X", "01-02", "01-10", "01-05"),  # January, on time
    _doc("Y", "01-03", "01-10", "01-15"),  # January, late
    _doc("Z", "02-01", "02-10", "02-08", "online"),  # February, on time, online
]
NCS = [
    Nonconformity(code="NC1", raised=date(2024, 1, 5), deadline=date(2024, 1, 31), status="closed",
                  closed_date=date(2024, 2, 20)),
    Nonconformity(code="NC2", raised=date(2024, 2, 1), deadline=date(2024, 2, 15), status="open"),
]


def _qms(*objectives: Objective) -> Qms:
    procedure = Procedure(code="P1", name="P", unit="U", field="f", statutory_days=10)
    staff = [Staff(code="S1", name="A", unit="U", start_date=date(2023, 1, 1)),
             Staff(code="S2", name="B", unit="U", start_date=date(2023, 1, 1))]
    trainings = [Training(code="T1", title="ISO", date=date(2024, 2, 10), attendees=["S1"])]
    return Qms(meta={"as_of": "2024-03-15"}, organisation=Organisation(), procedures=[procedure],
               stored_dossiers=list(DOSSIERS), nonconformities=list(NCS), staff=staff, trainings=trainings,
               objectives=list(objectives))


def _objective(measure: str, **kw: object) -> Objective:
    kw.setdefault("year", 2024)
    return Objective(code=f"O-{measure}", title=measure, target=kw.pop("target", 95), measure=measure, **kw)


def _trend(qms: Qms, objective: Objective) -> list[float | None]:
    return [None if v is None else round(v, 2) for _, v in qms.objective_trend(objective)]


def test_every_index_indicator_and_the_other_figures_are_measures() -> None:
    for code in ("2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "5.2", "5.4"):
        assert f"index_{code}" in OBJECTIVE_MEASURES
    assert {"on_time_rate", "overdue_ncs", "training_coverage"} <= set(OBJECTIVE_MEASURES)
    assert [f for f, _ in Objective(code="O", title="t", measure="index_9.9").problems()] == ["measure"]
    assert Objective(code="O", title="t", measure="index_5.4").problems() == []


def test_on_time_rate_of_the_year_and_of_each_month() -> None:
    objective = _objective("on_time_rate")
    qms = _qms(objective)
    assert qms.objective_value(objective) == pytest.approx(200 / 3)  # X and Z of X, Y, Z
    assert _trend(qms, objective) == [50.0, 100.0, None]  # March: nothing resolved, no data (not zero)
    assert [m for m, _ in qms.objective_trend(objective)] == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]


def test_an_index_indicator_as_measure() -> None:
    objective = _objective("index_3.3", target=50)
    qms = _qms(objective)
    assert qms.objective_value(objective) == pytest.approx(100 / 3)  # Z online of X, Y, Z received
    assert _trend(qms, objective) == [0.0, 100.0, None]
    assert qms.objective_met(objective) is False


def test_overdue_ncs_are_read_on_the_last_day_of_each_month() -> None:
    objective = _objective("overdue_ncs", target=0, higher_is_better=False, unit="NC")
    qms = _qms(objective)
    # 31/01: NC1's deadline is that day (not yet overdue); 29/02: NC1 closed on 20/02, NC2 overdue; 15/03: NC2
    assert _trend(qms, objective) == [0.0, 1.0, 1.0]
    assert qms.objective_value(objective) == 1.0
    assert qms.objective_met(objective) is False


def test_training_coverage_follows_the_training_dates() -> None:
    objective = _objective("training_coverage", target=100)
    qms = _qms(objective)
    assert _trend(qms, objective) == [0.0, 50.0, 50.0]
    assert qms.objective_value(objective) == 50.0


def test_a_manual_objective_has_no_trend_and_a_future_year_no_value() -> None:
    manual = Objective(code="M", title="m", target=1, measure="manual", current=3.0, year=2024)
    future = _objective("on_time_rate", year=2025)
    qms = _qms(manual, future)
    assert qms.objective_value(manual) == 3.0 and qms.objective_trend(manual) == []
    assert qms.objective_value(future) is None and qms.objective_trend(future) == []


def test_the_trend_table_is_in_the_full_summary_only() -> None:
    qms = _qms(_objective("on_time_rate"), _objective("overdue_ncs", target=0, unit="NC"))
    period = Period(date(2024, 1, 1), date(2024, 12, 31))
    full = render_summary(qms, period, "text", "en", full=True)
    short = render_summary(qms, period, "text", "en")
    assert "Quality objectives month by month" in full and "month by month" not in short
    rows = {line.split()[0]: line.split()[1:] for line in full.splitlines() if line[:2] in ("01", "02", "03")}
    assert rows["01/2024"] == ["50.0", "0"] and rows["02/2024"] == ["100.0", "1"] and rows["03/2024"] == ["—", "1"]
    titles = [b.text for b in summary_blocks(qms, period, "vi", full=True) if type(b).__name__ == "Heading"]
    assert titles[-1] == "Diễn biến mục tiêu chất lượng theo tháng"

