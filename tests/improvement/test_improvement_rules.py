"""The improvement rules at the domain level: NC life cycle, overdue counting, late dossiers, the 12-month rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qms_tui.domain import improvement
from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.improvement import RuleError
from qms_tui.domain.models import (
    AuditFinding,
    Dossier,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    Organisation,
    QmsEvent,
    ReviewAction,
)
from qms_tui.domain.qms import Qms
from qms_tui.domain.validation import check
from qms_tui.store import Store, ValidationError, demo_path

AS_OF = date(2024, 9, 1)
D = date.fromisoformat


def demo() -> Qms:
    return Store(demo_path(), read_only=True).snapshot()


def bare(**tables) -> Qms:
    """A QMS of only the given records, as of 01/09/2024."""
    return Qms(meta={"as_of": AS_OF.isoformat()}, organisation=Organisation(name="Cơ quan thử"), **tables)


def open_nc(**values) -> Nonconformity:
    fields = {"code": "KPH-1", "source": "complaint", "description": "Phản ánh của công dân", "raised": D("2024-05-02"),
              "deadline": D("2024-06-30"), **values}
    return Nonconformity(**fields)


def acted(nc: Nonconformity | None = None) -> Nonconformity:
    return improvement.take_action(nc or open_nc(), D("2024-05-20"), root_cause="Thiếu hướng dẫn",
                                   corrective_action="Ban hành hướng dẫn", owner="Văn phòng")


# -- the life cycle: open -> action_taken -> verified_effective -> closed --------------------------------


def test_an_nc_cannot_be_closed_before_its_effectiveness_is_verified():
    for nc in (open_nc(), acted()):
        with pytest.raises(RuleError, match="cannot be closed before the effectiveness"):
            improvement.close(nc, D("2024-08-01"))
    verified = improvement.verify(acted(), D("2024-07-15"), "Không còn phản ánh", effective=True)
    assert verified.status == "verified_effective"
    closed = improvement.close(verified, D("2024-07-20"))
    assert (closed.status, closed.closed_date) == ("closed", D("2024-07-20"))
    assert closed.problems() == []
    with pytest.raises(RuleError, match="already closed"):
        improvement.close(closed, D("2024-07-21"))


def test_a_stored_nc_cannot_skip_the_verification_either():
    skipped = Nonconformity(**{**acted().__dict__, "status": "closed", "closed_date": D("2024-07-20")})
    problems = dict(skipped.problems())
    assert "verified first" in problems["status"]
    not_effective = Nonconformity(**{**skipped.__dict__, "check_date": D("2024-07-15"), "check_result": "Còn",
                                     "effective": False})
    assert "status" in dict(not_effective.problems())
    early = Nonconformity(**{**skipped.__dict__, "check_date": D("2024-07-15"), "check_result": "Tốt",
                             "effective": True, "closed_date": D("2024-07-10")})
    assert "is before the effectiveness check" in dict(early.problems())["closed_date"]


def test_the_store_refuses_to_write_an_nc_closed_without_verification(empty_db: Path):
    skipped = Nonconformity(**{**acted().__dict__, "status": "closed", "closed_date": D("2024-07-20")})
    store = Store(empty_db)
    with pytest.raises(ValidationError, match="effectiveness"), store.transaction() as tx:
        tx.put("nonconformities", skipped)
    assert Store(empty_db).snapshot().nonconformities == []


def test_verification_needs_an_action_and_not_effective_reopens():
    with pytest.raises(RuleError, match="no corrective action"):
        improvement.verify(open_nc(), D("2024-06-01"), "Kết quả", effective=True)
    with pytest.raises(RuleError, match="result"):
        improvement.verify(acted(), D("2024-06-01"), "  ", effective=True)
    with pytest.raises(RuleError, match="before the action"):
        improvement.verify(acted(), D("2024-05-01"), "Kết quả", effective=True)
    reopened = improvement.verify(acted(), D("2024-06-01"), "Vẫn còn phản ánh", effective=False)
    assert (reopened.status, reopened.effective, reopened.check_date) == ("open", False, D("2024-06-01"))
    with pytest.raises(RuleError):
        improvement.close(reopened, D("2024-06-02"))
    again = improvement.verify(acted(reopened), D("2024-07-01"), "Hết phản ánh", effective=True)
    assert again.status == "verified_effective"


def test_an_action_needs_a_cause_an_action_and_an_owner():
    with pytest.raises(RuleError) as info:
        improvement.take_action(open_nc(), D("2024-05-20"))
    assert {name for name, _ in info.value.problems} == {"root_cause", "corrective_action", "owner"}
    with pytest.raises(RuleError, match="before the NC was raised"):
        improvement.take_action(open_nc(), D("2024-04-01"), root_cause="a", corrective_action="b", owner="c")
    verified = improvement.verify(acted(), D("2024-07-15"), "ok", effective=True)
    with pytest.raises(RuleError, match="can no longer be changed"):
        improvement.take_action(verified, D("2024-07-16"), root_cause="x")


# -- overdue, days open, days overdue ------------------------------------------------------------------


def test_days_open_and_overdue_against_the_as_of_date():
    nc = open_nc()  # raised 02/05/2024, deadline 30/06/2024
    assert improvement.nc_overdue(nc, AS_OF)
    assert improvement.nc_days_open(nc, AS_OF) == 122
    assert improvement.nc_days_overdue(nc, AS_OF) == 63
    assert not improvement.nc_overdue(nc, D("2024-06-30"))  # due today is not overdue yet
    assert improvement.nc_days_overdue(nc, D("2024-06-30")) == 0
    closed = improvement.close(improvement.verify(acted(), D("2024-07-15"), "ok", True), D("2024-07-20"))
    assert not improvement.nc_overdue(closed, AS_OF)
    assert improvement.nc_days_open(closed, AS_OF) == 79  # to the closing day, not to today
    no_deadline = open_nc(deadline=None)
    assert not improvement.nc_overdue(no_deadline, AS_OF) and improvement.nc_days_overdue(no_deadline, AS_OF) == 0


def test_overdue_counts_every_nc_not_closed_past_its_deadline():
    verified = improvement.verify(acted(open_nc(code="KPH-2")), D("2024-07-15"), "ok", True)
    qms = bare(nonconformities=[open_nc(), verified, open_nc(code="KPH-3", deadline=D("2024-12-31"))])
    assert [nc.code for nc in qms.overdue_nonconformities()] == ["KPH-1", "KPH-2"]
    assert [nc.code for nc in qms.open_nonconformities()] == ["KPH-1", "KPH-2", "KPH-3"]
    assert improvement.status_counts(qms.nonconformities, AS_OF)["overdue"] == 2


def test_an_overdue_review_action_is_counted_as_overdue():
    actions = [
        ReviewAction("A1", "Việc quá hạn", "VP", D("2024-08-20")),
        ReviewAction("A2", "Việc chưa đến hạn", "VP", D("2024-09-20")),
        ReviewAction("A3", "Việc xong muộn", "VP", D("2024-08-01"), "done", D("2024-08-25")),
        ReviewAction("A4", "Việc đến hạn hôm nay", "VP", AS_OF),
    ]
    review = ManagementReview("XX-1", D("2024-07-10"), "NV1", actions=[a.to_doc() for a in actions])
    qms = bare(reviews=[review])
    assert [a.code for a in qms.overdue_review_actions()] == ["A1"]
    assert [a.code for a in qms.open_review_actions()] == ["A1", "A4", "A2"]
    assert improvement.action_days_overdue(qms.overdue_review_actions()[0], AS_OF) == 12
    assert all(a.review == "XX-1" for a in qms.review_actions())


def test_the_demo_improvement_figures():
    qms = demo()
    assert [nc.code for nc in qms.overdue_nonconformities()] == ["KPH-2024-01"]
    assert qms.nc_days_overdue(qms.overdue_nonconformities()[0]) == 17
    assert {nc.code: nc.status for nc in qms.nonconformities} == {
        "KPH-2024-01": "open", "KPH-2024-02": "action_taken", "KPH-2024-03": "verified_effective",
        "KPH-2024-04": "closed", "KPH-2024-05": "open",
    }
    assert len(qms.open_nonconformities()) == 4
    assert [a.code for a in qms.open_review_actions()] == ["XXLD-2024-01", "XXLD-2024-03"]
    assert [a.code for a in qms.overdue_review_actions()] == ["XXLD-2024-01"]
    late = next(nc for nc in qms.nonconformities if nc.source == "late_dossier")
    dossier = next(d for d in qms.dossiers if d.code == late.reference)
    assert improvement.dossier_lateness(dossier, qms.today, qms.working_calendar)
    kinds = [f.kind for f in qms.findings_of("DGNB-2024")]
    assert (kinds.count("nonconformity"), kinds.count("observation"), kinds.count("opportunity")) == (2, 3, 2)
    assert {f.clause for f in qms.findings_of("DGNB-2024")} == {"7.2", "7.5", "8.5.1", "6.1", "9.1"}
    assert check(qms) == []


# -- late dossiers ---------------------------------------------------------------------------------------


def _dossier(**values) -> Dossier:
    fields = {"code": "HS-1", "procedure": "QT-1", "received": D("2024-03-01"), "due": D("2024-03-15"), **values}
    return Dossier(**fields)


def test_lateness_of_a_dossier():
    cal = WorkingCalendar()
    assert improvement.dossier_lateness(_dossier(finished=D("2024-03-15"), outcome="resolved"), AS_OF, cal) is None
    assert improvement.dossier_lateness(_dossier(finished=D("2024-03-19"), outcome="resolved"), AS_OF, cal) == 2
    assert improvement.dossier_lateness(_dossier(finished=D("2024-03-19"), outcome="withdrawn"), AS_OF, cal) is None
    assert improvement.dossier_lateness(_dossier(), D("2024-03-15"), cal) is None
    assert improvement.dossier_lateness(_dossier(), D("2024-03-18"), cal) == 1  # still open past its due date


def test_an_nc_from_a_dossier_refuses_one_that_is_not_late():
    cal = WorkingCalendar()
    with pytest.raises(RuleError, match="is not late: its result was returned on time"):
        improvement.nc_from_dossier(_dossier(finished=D("2024-03-14"), outcome="resolved"), "KPH-9", AS_OF, cal)
    with pytest.raises(RuleError, match="not past its due date"):
        improvement.nc_from_dossier(_dossier(due=D("2024-09-10")), "KPH-9", AS_OF, cal)
    nc = improvement.nc_from_dossier(_dossier(finished=D("2024-03-19"), outcome="resolved"), "KPH-9", AS_OF, cal,
                                     "Cấp phép")
    assert (nc.source, nc.reference, nc.clause, nc.status) == ("late_dossier", "HS-1", "8.7", "open")
    assert "trễ hạn 2 ngày làm việc" in nc.description and nc.problems() == []


# -- audits and reviews: the 12-month rule, closing an audit ------------------------------------------------


def _audit(**values) -> InternalAudit:
    return InternalAudit(**{"code": "DG-1", "plan_date": D("2023-06-01"), "actual_date": D("2023-06-02"),
                            "status": "done", **values})


def _review(when: str) -> ManagementReview:
    return ManagementReview("XX-1", D(when), "NV1")


def test_the_audit_and_review_records_feed_the_12_month_rule():
    codes = lambda qms: {f.code for f in qms.findings()}  # noqa: E731
    assert codes(bare()) == {"no_internal_audit", "no_management_review"}
    recent = bare(audits=[_audit(actual_date=D("2023-09-02"))], reviews=[_review("2023-09-10")])
    assert codes(recent) == set()
    old = bare(audits=[_audit()], reviews=[_review("2023-08-31")])
    assert codes(old) == {"no_internal_audit", "no_management_review"}
    assert any("02/06/2023" in f.message for f in old.findings())
    planned = bare(audits=[_audit(actual_date=None, status="planned", plan_date=D("2024-08-01"))])
    assert "no_internal_audit" in codes(planned)  # a planned audit is not one held
    assert codes(bare(events=[QmsEvent("EV", "internal_audit", D("2024-01-10"))])) == {"no_management_review"}


def test_last_event_takes_the_latest_of_events_and_records_and_prefers_the_event_on_a_tie():
    event = QmsEvent("EV-1", "internal_audit", D("2024-06-18"), "2480/KH-BQL")
    qms = bare(events=[event], audits=[_audit(code="DG-2", actual_date=D("2024-06-18"))])
    assert qms.last_event("internal_audit").code == "EV-1"
    newer = bare(events=[event], audits=[_audit(code="DG-3", actual_date=D("2024-08-01"), ref="99/KH")])
    last = newer.last_event("internal_audit")
    assert (last.code, last.ref, last.date) == ("DG-3", "99/KH", D("2024-08-01"))


def test_an_audit_closes_only_when_its_nonconformities_are_closed():
    audit = _audit()
    finding = AuditFinding("DG-1-01", "DG-1", "nonconformity", "7.2", [], "Chưa đào tạo")
    observation = AuditFinding("DG-1-02", "DG-1", "observation", "9.1", [], "Lưu ý")
    with pytest.raises(RuleError, match="no nonconformity raised"):
        improvement.close_audit(audit, [finding, observation], [], AS_OF)
    nc = improvement.nc_from_finding(finding, "KPH-1", D("2024-05-02"))
    with pytest.raises(RuleError, match="KPH-1 is open"):
        improvement.close_audit(audit, [finding], [nc], AS_OF)
    done = acted(nc)
    closed_nc = improvement.close(improvement.verify(done, D("2024-08-01"), "ok", True), D("2024-08-02"))
    closed = improvement.close_audit(audit, [finding, observation], [closed_nc], AS_OF)
    assert (closed.status, closed.closed_date) == ("closed", AS_OF)
    with pytest.raises(RuleError, match="not been held"):
        improvement.close_audit(_audit(status="planned", actual_date=None), [], [], AS_OF)


def test_model_checks_of_audits_findings_and_reviews():
    assert dict(AuditFinding("F", "DG", "nonconformity", "11.1", [], "x").problems())["clause"].startswith("'11.1'")
    assert "clause" in dict(AuditFinding("F", "DG", "nonconformity", "", [], "x").problems())
    bad_check = _audit(checklist=[{"item": "Mục", "clause": "7.2", "result": "maybe"}])
    assert "maybe" in dict(bad_check.problems())["checklist"]
    assert "actual_date" in dict(_audit(actual_date=None).problems())
    review = ManagementReview("XX", D("2024-07-10"), "NV1", inputs=["a", "z"],
                              actions=[{"code": "A", "text": "x", "status": "done"}, {"code": "A", "text": "y"}])
    problems = [message for _, message in review.problems()]
    assert any("unknown input(s) z" in m for m in problems)
    assert any("needs its completion date" in m for m in problems)
    assert any("listed twice" in m for m in problems)


def test_qms_check_flags_broken_references():
    qms = bare(
        audit_findings=[AuditFinding("F-1", "DG-X", "observation", "9.1", ["QT-X"], "x")],
        nonconformities=[open_nc(source="audit_finding", reference="F-9")],
        reviews=[ManagementReview("XX", D("2024-07-10"), "NV9")],
    )
    issues = {str(issue) for issue in check(qms)}
    assert "audit_findings F-1 audit: unknown audit: DG-X" in issues
    assert "audit_findings F-1 procedures: unknown procedure(s): QT-X" in issues
    assert "nonconformities KPH-1 reference: unknown audit finding: F-9" in issues
    assert "reviews XX chair: unknown staff: NV9" in issues
