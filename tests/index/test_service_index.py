"""The service index on small stores computed by hand: numerator, denominator and points of each indicator,
the supplement rule, unknown flags left out (never counted as "no"), and empty periods ("no data")."""

from __future__ import annotations

from datetime import date

import pytest

from qms_tui.domain.models import Feedback, IndexScale, Organisation, Procedure, Survey
from qms_tui.domain.qms import Qms
from qms_tui.domain.service_index import compute

MARCH = (date(2024, 3, 1), date(2024, 3, 31))


def _doc(code: str, received: str, due: str, finished: str | None = None, outcome: str | None = None,
         channel: str = "direct", **flags: object) -> dict:
    return {"code": code, "procedure": "P1", "channel": channel, "received": f"2024-{received}",
            "due": f"2024-{due}", "finished": f"2024-{finished}" if finished else None, "outcome": outcome,
            "pauses": flags.pop("pauses", []), **flags}


DOSSIERS = [
    _doc("A", "03-01", "03-15", "03-08", "resolved", "online", paid_online=True, e_result=True, digitised=True),
    _doc("B", "03-04", "03-18", "03-20", "resolved", paid_online=False, e_result=False),
    _doc("C", "03-05", "03-19", "03-12", "resolved", supplements=2,
         pauses=[{"start": "2024-03-06", "end": "2024-03-07"}, {"start": "2024-03-08", "end": "2024-03-11"}]),
    _doc("D", "03-25", "04-08", channel="online"),
    _doc("E", "02-20", "03-05"),
    _doc("F", "03-06", "03-20", "03-08", "withdrawn"),
    _doc("G", "03-07", "03-21", "03-21", "resolved", "unknown"),
]


def _qms(docs=DOSSIERS, *, feedback=(), surveys=(), scale=(), fee: bool | None = True) -> Qms:
    procedure = Procedure(code="P1", name="P", unit="U", field="f", statutory_days=10, fee=fee)
    return Qms(meta={"as_of": "2024-04-30"}, organisation=Organisation(), procedures=[procedure],
               stored_dossiers=list(docs), feedback=list(feedback), surveys=list(surveys), index_scale=list(scale))


def _figures(result, code: str) -> tuple:
    item = result.get(code)
    return item.numerator, item.denominator, None if item.points is None else round(item.points, 3)


def test_on_time_progress_counts_open_and_withdrawn_and_the_supplement_rule() -> None:
    result = compute(_qms(), *MARCH)
    # handled: A B C D E F G; late: B (late), C (two supplement requests), E (open past due)
    assert _figures(result, "2.1") == (4, 7, round(14 * 4 / 7, 3))
    assert sorted(result.get("2.1").pulled_down) == ["B", "C", "E"]


def test_the_supplement_rule_is_a_parameter_and_unknown_is_not_late() -> None:
    allowed = compute(_qms(scale=[IndexScale("supplements_late", value=2)]), *MARCH)
    assert _figures(allowed, "2.1")[:2] == (5, 7)
    unknown = [dict(d, supplements=None, pauses=[]) if d["code"] == "C" else d for d in DOSSIERS]
    assert _figures(compute(_qms(unknown), *MARCH), "2.1")[:2] == (5, 7)


def test_processing_time_in_working_days_without_the_pauses() -> None:
    # A 5 days, B 12, C 5 - 2 paused = 3, G 10: 30 of 4 x 10 statutory days
    result = compute(_qms(), *MARCH)
    assert _figures(result, "2.2") == (30, 40, 6.0)
    assert result.get("2.2").value == pytest.approx(75.0)
    assert result.get("2.2").pulled_down == ["B"]


def test_online_share_leaves_out_an_unknown_channel_and_carried_over() -> None:
    assert _figures(compute(_qms(), *MARCH), "3.3") == (2, 5, round(6 * 40 / 50, 3))


def test_online_payment_counts_fee_bearing_dossiers_whose_payment_is_known() -> None:
    assert _figures(compute(_qms(), *MARCH), "3.6") == (1, 2, round(5 * 50 / 80, 3))
    unknown_fee = compute(_qms(fee=None), *MARCH).get("3.6")
    assert (unknown_fee.value, unknown_fee.points, unknown_fee.data) == (None, None, False)


def test_electronic_results_and_digitisation_leave_unknown_out() -> None:
    result = compute(_qms(), *MARCH)
    assert _figures(result, "4.1") == (1, 2, round(6 * 50 / 80, 3))  # resolved A B C G; known A, B
    assert _figures(result, "4.2") == (1, 1, 6.0)  # only A is known


def test_unknown_everywhere_is_no_data_never_zero() -> None:
    bare = [{k: v for k, v in d.items() if k not in ("paid_online", "e_result", "digitised")} for d in DOSSIERS]
    result = compute(_qms(bare), *MARCH)
    for code in ("3.6", "4.1", "4.2", "5.2", "5.4"):
        item = result.get(code)
        assert (item.value, item.numerator, item.points, item.data) == (None, None, None, False), code
    assert result.max_points == 14 + 6 + 6  # only the indicators with data are scored


def test_an_empty_period_has_no_data() -> None:
    result = compute(_qms(), date(2023, 1, 1), date(2023, 12, 31))
    assert all(not item.data for item in result.indicators)
    assert (result.total_points, result.max_points) == (0, 0)


def _feedback(code: str, received: str, due: str | None, handled: str | None = None, **extra: object) -> Feedback:
    day = date.fromisoformat
    return Feedback(code=code, received=day(f"2024-{received}"), due=day(f"2024-{due}") if due else None,
                    handled=day(f"2024-{handled}") if handled else None, **extra)


def test_feedback_handled_in_time() -> None:
    items = [
        _feedback("F1", "03-01", "03-22", "03-20"),  # in time
        _feedback("F2", "03-04", "03-25"),  # not handled, past due at the end: late
        _feedback("F3", "03-28", "04-18"),  # not handled, not yet due: not judged
        _feedback("F4", "03-05", None, "03-27"),  # due 15 working days later, 26/03: late
    ]
    result = compute(_qms(feedback=items), *MARCH)
    assert _figures(result, "5.2") == (1, 3, round(6 * 1 / 3, 3))
    assert sorted(result.get("5.2").pulled_down) == ["F2", "F4"]


def test_satisfaction_subtracts_late_complaints_and_unsatisfied() -> None:
    complaint = _feedback("F1", "03-22", "04-12", kind="complaint", dossier="G")
    survey = Survey(code="S1", start=date(2024, 3, 1), end=date(2024, 3, 31), asked=4, satisfied=2)
    result = compute(_qms(feedback=[complaint], surveys=[survey]), *MARCH)
    # resolved A B C G = 4; late B; complaint on G; half unsatisfied in the survey: 2 of 4 -> 4 - 1 - 1 - 2 = 0
    assert _figures(result, "5.4") == (0, 4, 0.0)
    happy = Survey(code="S2", start=date(2024, 3, 1), end=date(2024, 3, 31), asked=10, satisfied=10)
    assert _figures(compute(_qms(surveys=[happy]), *MARCH), "5.4") == (3, 4, round(6 * 75 / 90, 3))


def test_the_store_scale_replaces_the_default() -> None:
    result = compute(_qms(scale=[IndexScale("3.3", max_points=10, full_at=40)]), *MARCH)
    assert _figures(result, "3.3") == (2, 5, 10.0)
