"""``domain.due``: what falls due, counted in working days (weekends, Vietnamese holidays, the store's swaps)."""

from __future__ import annotations

from datetime import date

from qms_tui.domain.due import due_list
from qms_tui.domain.models import (
    CalendarDay,
    InternalAudit,
    ManagementReview,
    Organisation,
    PlanTask,
    Risk,
)
from qms_tui.domain.qms import Qms

FRIDAY = date(2024, 8, 30)  # then Sat 31/8, Sun 1/9, National Day Mon 2/9 and Tue 3/9: next working day Wed 4/9


def qms(**tables) -> Qms:
    tables.setdefault("reviews", [ManagementReview("XX-1", date(2024, 6, 1), "chair")])
    tables.setdefault("audits", [InternalAudit("DG-1", "", date(2024, 5, 1), date(2024, 5, 2), status="done")])
    return Qms(meta={"as_of": FRIDAY.isoformat()}, organisation=Organisation("Org"), **tables)


def risk(code: str, due: date, status: str = "open") -> Risk:
    return Risk(code, description="d", treatment="t", owner="o", due=due, status=status)


def test_the_window_is_counted_in_working_days_over_the_national_day():
    found = due_list(qms(risks=[risk("IN", date(2024, 9, 4)), risk("OUT", date(2024, 9, 5))]), within=1)
    assert found.horizon == date(2024, 9, 4)
    assert [(i.code, i.days) for i in found.items] == [("IN", 1)]


def test_overdue_items_count_working_days_late_and_closed_ones_are_left_out():
    risks = [risk("LATE", date(2024, 8, 28)), risk("DONE", date(2024, 8, 1), status="closed")]
    found = due_list(qms(risks=risks, plan_tasks=[PlanTask("T", task="x", deadline=date(2024, 8, 29))]))
    assert [(i.kind, i.code, i.days) for i in found.items] == [("risk", "LATE", -2), ("plan_task", "T", -1)]
    assert [i.code for i in found.overdue] == ["LATE", "T"]


def test_a_store_swap_moves_the_window():
    calendar = [CalendarDay(date(2024, 9, 4), "day_off")]
    found = due_list(qms(risks=[risk("R", date(2024, 9, 4))], calendar=calendar), within=1)
    assert found.horizon == date(2024, 9, 5)
    assert found.items[0].days == 0  # due on a day off: no working day before it


def test_audits_and_reviews_fall_due_twelve_months_after_the_last_one():
    reviews = [ManagementReview("XX-1", date(2023, 9, 10), "chair")]
    found = due_list(qms(reviews=reviews), within=10)
    assert [(i.kind, i.code, i.due) for i in found.items] == [("management_review", "XX-1", date(2024, 9, 10))]


def test_none_on_record_is_due_today_and_a_planned_audit_is_due_on_its_plan_date():
    planned = InternalAudit("DG-2", "plan", date(2024, 9, 6), auditors=["A"])
    found = due_list(qms(audits=[planned], reviews=[]))
    assert [(i.kind, i.code, i.due, i.days) for i in found.items] == [
        ("audit", "DG-2", date(2024, 9, 6), 3),  # 4, 5 and 6 September
        ("management_review", "", FRIDAY, 0),
    ]
    assert found.overdue == []


def test_feedback_to_answer_is_due_on_its_date_else_15_working_days_after_receipt():
    from qms_tui.domain.models import Feedback, IndexScale

    feedback = [
        Feedback("PA-SET", received=date(2024, 8, 1), due=date(2024, 9, 4), summary="set"),
        Feedback("PA-15", received=date(2024, 8, 9), summary="fifteen"),  # no due date: 15 working days
        Feedback("PA-DONE", received=date(2024, 8, 1), due=date(2024, 8, 20), handled=date(2024, 8, 19)),
        Feedback("PA-LATER", received=date(2024, 8, 29), summary="later"),  # 15 working days: after the window
    ]
    found = due_list(qms(feedback=feedback), within=1)
    # Fri 9/8 + 15 working days = Fri 30/8, as-of day itself; PA-SET: 4/9, the first working day after 2-3/9
    assert [(i.kind, i.code, i.what, i.due, i.days) for i in found.of_kind("feedback")] == [
        ("feedback", "PA-15", "fifteen", date(2024, 8, 30), 0),
        ("feedback", "PA-SET", "set", date(2024, 9, 4), 1),
    ]
    longer = due_list(qms(feedback=feedback, index_scale=[IndexScale("feedback_days", value=10)]), within=1)
    assert [(i.code, i.due, i.overdue) for i in longer.of_kind("feedback")] == [
        ("PA-15", date(2024, 8, 23), True), ("PA-SET", date(2024, 9, 4), False),
    ]
