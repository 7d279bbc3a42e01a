"""``qms audit``, ``qms nc`` and ``qms review`` as a user runs them, on real store files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from qms_cli import run_qms as qms

from qms_tui.domain import improvement


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the messages (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")


def _json(*args: object) -> object:
    result = qms(*args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_the_whole_loop_audit_finding_nc_action_verification_closing(demo_db: Path, stored_qms, log_of):
    db = ("--db", demo_db)
    r = qms("audit", "add", "DGNB-2024-VP", "--plan-date", "05/08/2024", "--title", "Đánh giá bộ phận một cửa",
            "--unit", "Văn phòng", "--procedure", "QT-C01,QT-VP01", "--auditor", "NV005", "--auditee", "NV007", *db)
    assert r.code == 0, r.err
    assert "planned" in r.out
    r = qms("audit", "finding", "DGNB-2024-VP", "--kind", "nc", "--clause", "7.5", "--description", "x", *db)
    assert r.code == 1 and "has not been held yet" in r.err
    assert qms("audit", "done", "DGNB-2024-VP", "--date", "06/08/2024", *db).code == 0
    r = qms("audit", "check", "DGNB-2024-VP", "--item", "Sổ theo dõi hồ sơ", "--clause", "7.5.3", "--result", "kph",
            *db)
    assert r.code == 0, r.err
    r = qms("audit", "finding", "DGNB-2024-VP", "--kind", "nc", "--clause", "7.5.3", "--procedure", "QT-VP01",
            "--description", "Sổ theo dõi hồ sơ giấy ghi thiếu ngày trả kết quả", *db)
    assert r.code == 0, r.err
    assert "DGNB-2024-VP-01" in r.out

    r = qms("nc", "add", "--source", "finding", "--ref", "DGNB-2024-VP-01", "--date", "2024-08-07",
            "--deadline", "2024-08-31", *db)
    assert r.code == 0, r.err
    assert "KPH-2024-06" in r.out  # numbered after the demo's five
    nc = next(n for n in stored_qms(demo_db).nonconformities if n.code == "KPH-2024-06")
    assert (nc.source, nc.reference, nc.clause, nc.status) == ("audit_finding", "DGNB-2024-VP-01", "7.5.3", "open")
    assert nc.description == "Sổ theo dõi hồ sơ giấy ghi thiếu ngày trả kết quả"

    r = qms("audit", "close", "DGNB-2024-VP", "--date", "2024-08-08", *db)
    assert r.code == 1 and "KPH-2024-06 is open" in r.err
    r = qms("nc", "close", "KPH-2024-06", *db)
    assert r.code == 1 and "cannot be closed before the effectiveness" in r.err
    r = qms("nc", "act", "KPH-2024-06", "--root-cause", "Chưa có mẫu sổ thống nhất", "--action",
            "Ban hành mẫu sổ điện tử", "--owner", "Văn phòng", "--date", "12/08/2024", *db)
    assert r.code == 0, r.err
    r = qms("nc", "close", "KPH-2024-06", *db)
    assert r.code == 1 and "status is action_taken" in r.err
    r = qms("nc", "verify", "KPH-2024-06", "--result", "Kiểm tra 20 hồ sơ: ghi đủ", "--effective",
            "--date", "26/08/2024", *db)
    assert r.code == 0 and "verified_effective" in r.out, r.err
    r = qms("nc", "close", "KPH-2024-06", "--date", "28/08/2024", *db)
    assert r.code == 0, r.err
    assert qms("audit", "close", "DGNB-2024-VP", "--date", "30/08/2024", *db).code == 0

    audits = {a["code"]: a for a in _json("audit", "list", *db)}
    assert audits["DGNB-2024-VP"]["status"] == "closed"
    assert audits["DGNB-2024-VP"]["checklist"][0]["result"] == "nonconform"
    assert [f["code"] for f in audits["DGNB-2024-VP"]["findings"]] == ["DGNB-2024-VP-01"]
    closed = next(n for n in stored_qms(demo_db).nonconformities if n.code == "KPH-2024-06")
    assert (closed.status, closed.check_date, closed.closed_date) == ("closed", date(2024, 8, 26), date(2024, 8, 28))

    log = [(e["table"], e["record"], e["summary"]) for e in log_of(demo_db)]
    assert ("audits", "DGNB-2024-VP", "internal audit planned for 05/08/2024: Đánh giá bộ phận một cửa") in log
    checked = [s for t, _, s in log if t == "nonconformities" and s.startswith("effectiveness checked 26/08/2024")]
    assert checked == ["effectiveness checked 26/08/2024: effective: Kiểm tra 20 hồ sơ: ghi đủ"]
    assert ("nonconformities", "KPH-2024-06", "closed 28/08/2024") in log
    assert ("audits", "DGNB-2024-VP", "internal audit closed 30/08/2024") in log


def test_the_demo_nc_cannot_be_closed_unverified_and_nothing_is_written(demo_db: Path, log_of):
    before = demo_db.read_bytes()
    for code in ("KPH-2024-01", "KPH-2024-02"):
        r = qms("nc", "close", code, "--db", demo_db)
        assert r.code == 1
        assert r.err.startswith(f"qms: nonconformities {code}: status: cannot be closed before the effectiveness")
    assert demo_db.read_bytes() == before
    assert qms("nc", "close", "KPH-2024-03", "--db", demo_db).code == 0  # verified effective: may close
    assert log_of(demo_db)[-1]["summary"] == "closed 01/09/2024"


def test_not_effective_sends_the_nc_back_to_open(demo_db: Path, stored_qms):
    r = qms("nc", "verify", "KPH-2024-02", "--result", "QT-XD10 vẫn chưa sửa", "--not-effective", "--db", demo_db)
    assert r.code == 0 and "status open" in r.out
    nc = next(n for n in stored_qms(demo_db).nonconformities if n.code == "KPH-2024-02")
    assert (nc.status, nc.effective, nc.check_result) == ("open", False, "QT-XD10 vẫn chưa sửa")
    r = qms("nc", "verify", "KPH-2024-02", "--result", "x", "--db", demo_db)
    assert r.code == 1 and "--effective or --not-effective" in r.err


def _late_and_on_time(demo_db: Path, stored_qms) -> tuple[str, str, str]:
    q = stored_qms(demo_db)
    used = {nc.reference for nc in q.nonconformities}
    late = next(d.code for d in q.dossiers
                if improvement.dossier_lateness(d, q.today, q.working_calendar) and d.code not in used)
    on_time = next(d.code for d in q.dossiers if d.outcome == "resolved" and d.finished <= d.due)
    pending = next(d.code for d in q.in_progress() if d.due and d.due > q.today)
    return late, on_time, pending


def test_nc_add_from_a_late_dossier(demo_db: Path, stored_qms, log_of):
    late, _, _ = _late_and_on_time(demo_db, stored_qms)
    r = qms("nc", "add", "--from-dossier", late, "--owner", "Văn phòng", "--deadline", "30/09/2024", "--db", demo_db)
    assert r.code == 0, r.err
    nc = next(n for n in stored_qms(demo_db).nonconformities if n.reference == late)
    assert (nc.code, nc.source, nc.status, nc.clause, nc.raised) == (
        "KPH-2024-06", "late_dossier", "open", "8.7", date(2024, 9, 1))
    assert nc.description.startswith(f"Hồ sơ {late} (") and "trễ hạn" in nc.description
    assert log_of(demo_db)[-1]["summary"].startswith(f"raised (late_dossier {late}): Hồ sơ {late}")
    again = qms("nc", "add", "--from-dossier", late, "--db", demo_db)
    assert again.code == 1 and "already has the nonconformity KPH-2024-06" in again.err


def test_nc_add_from_dossier_refuses_a_dossier_that_is_not_late(demo_db: Path, stored_qms):
    _, on_time, pending = _late_and_on_time(demo_db, stored_qms)
    before = demo_db.read_bytes()
    r = qms("nc", "add", "--from-dossier", on_time, "--db", demo_db)
    assert r.code == 1
    assert f"dossier {on_time} is not late: its result was returned on time" in r.err
    r = qms("nc", "add", "--from-dossier", pending, "--db", demo_db)
    assert r.code == 1 and "not past its due date" in r.err
    r = qms("nc", "add", "--from-dossier", "BQL-000000-0000", "--db", demo_db)
    assert r.code == 1 and "BQL-000000-0000: no such dossier" in r.err
    r = qms("nc", "add", "--source", "complaint", "--from-dossier", on_time, "--db", demo_db)
    assert r.code == 1 and "late_dossier" in r.err
    assert demo_db.read_bytes() == before


def test_nc_add_other_sources_and_input_errors(demo_db: Path, stored_qms):
    r = qms("nc", "add", "KPH-PA-01", "--source", "phản ánh", "--ref", "PA 20/2024", "--description",
            "Công dân phản ánh thái độ tiếp nhận", "--clause", "8.2", "--date", "15/08/2024", "--db", demo_db)
    assert r.code == 0, r.err
    nc = next(n for n in stored_qms(demo_db).nonconformities if n.code == "KPH-PA-01")
    assert (nc.source, nc.raised) == ("complaint", date(2024, 8, 15))
    cases = [
        (("nc", "add", "--description", "x"), "--source is required"),
        (("nc", "add", "--source", "gossip", "--description", "x"), "'gossip' is not one of"),
        (("nc", "add", "--source", "complaint"), "description: description is required"),
        (("nc", "add", "--source", "complaint", "--description", "x", "--date", "32/13/2024"), "not a"),
        (("nc", "add", "--source", "complaint", "--description", "x", "--clause", "3.1"), "is not an ISO 9001"),
        (("nc", "add", "--source", "finding", "--ref", "DG-X", "--description", "x"), "unknown audit finding"),
        (("nc", "add", "--source", "review", "--ref", "XX-9", "--description", "x"), "unknown management review"),
        (("nc", "add", "KPH-2024-01", "--source", "complaint", "--description", "x"), "already exists"),
        (("nc", "act", "KPH-2024-99", "--action", "x"), "no such record"),
        (("nc", "act", "KPH-2024-05", "--action", "Rà soát"), "root_cause: is needed"),
    ]
    for args, message in cases:
        r = qms(*args, "--db", demo_db)
        assert r.code == 1, args
        assert message in r.err, (args, r.err)


def test_nc_list_with_days_open_and_overdue(demo_db: Path):
    rows = _json("nc", "list", "--status", "overdue", "--db", demo_db)
    assert [(r["code"], r["days_open"], r["days_overdue"], r["overdue"]) for r in rows] == [
        ("KPH-2024-01", 73, 17, True)]
    assert [r["code"] for r in _json("nc", "list", "--status", "action_taken", "--db", demo_db)] == ["KPH-2024-02"]
    assert len(_json("nc", "list", "--status", "not-closed", "--db", demo_db)) == 4
    text = qms("nc", "list", "--db", demo_db)
    assert text.code == 0
    assert "OVERDUE 17d" in text.out and "1 overdue (as of 01/09/2024)" in text.out
    assert max(len(line) for line in text.out.splitlines()) <= 80
    assert qms("nc", "list", "--status", "bogus", "--db", demo_db).code == 2


def test_review_add_action_done_and_list(demo_db: Path):
    db = ("--db", demo_db)
    r = qms("review", "add", "XXLD-2024-BS", "--date", "30/08/2024", "--chair", "NV001", "--attendee", "NV002,NV004",
            "--input", "a,b", "--input", "C2", "--decision", "Bổ sung nguồn lực cho bộ phận một cửa", *db)
    assert r.code == 0, r.err
    r = qms("review", "action", "XXLD-2024-BS", "--text", "Bố trí thêm 01 chuyên viên", "--owner", "Văn phòng",
            "--deadline", "15/08/2024", *db)
    assert r.code == 1 and "before the review" in r.err
    r = qms("review", "action", "XXLD-2024-BS", "--text", "Bố trí thêm 01 chuyên viên", "--owner", "Văn phòng",
            "--deadline", "31/08/2024", *db)
    assert r.code == 0 and "XXLD-2024-BS-01" in r.out, r.err
    reviews = {rv["code"]: rv for rv in _json("review", "list", *db)}
    assert reviews["XXLD-2024-BS"]["inputs"] == ["a", "b", "c2"]
    action = reviews["XXLD-2024-BS"]["actions"][0]
    assert (action["status"], action["overdue"], action["days_overdue"]) == ("open", True, 1)
    assert qms("review", "done", "XXLD-2024-BS-01", "--date", "01/09/2024", *db).code == 0
    r = qms("review", "done", "XXLD-2024-BS-01", *db)
    assert r.code == 1 and "already done" in r.err
    text = qms("review", "list", *db).out
    assert "done 01/09/2024" in text and "XXLD-2024-01  due 20/08/2024  OVERDUE 12d" in text
    assert "2 action(s) open, 1 overdue" in text
    for args, message in [
        (("review", "add", "XX-2", "--date", "2024-08-30", "--chair", "NV999"), "unknown staff: NV999"),
        (("review", "add", "XX-2", "--date", "2024-08-30", "--chair", "NV001", "--input", "g"), "unknown input(s) g"),
        (("review", "add", "XXLD-2024", "--date", "2024-08-30", "--chair", "NV001"), "already exists"),
        (("review", "done", "XX-NONE"), "no such action"),
        (("review", "action", "XXLD-2024", "--text", "x", "--owner", "y", "--deadline", "2024-09-30", "--code",
          "XXLD-2024-01"), "already used"),
    ]:
        r = qms(*args, *db)
        assert r.code == 1 and message in r.err, (args, r.err)


def test_audit_input_errors(demo_db: Path):
    db = ("--db", demo_db)
    for args, message in [
        (("audit", "add", "DG-X", "--plan-date", "2024-10-01", "--unit", "Phòng Không Có"), "unknown unit(s)"),
        (("audit", "add", "DG-X", "--plan-date", "2024-10-01", "--auditor", "NV999"), "unknown staff: NV999"),
        (("audit", "add", "DG-X", "--plan-date", "mai"), "'mai' is not a date"),
        (("audit", "add", "DGNB-2024", "--plan-date", "2024-10-01"), "already exists"),
        (("audit", "check", "DGNB-2024", "--item", "x", "--clause", "7.2", "--result", "good"), "'good' is not one"),
        (("audit", "finding", "DGNB-2024", "--kind", "ofi", "--clause", "12", "--description", "x"), "not an ISO"),
        (("audit", "finding", "DG-NONE", "--kind", "ofi", "--clause", "8.5", "--description", "x"), "unknown audit"),
        (("audit", "close", "DGNB-2024-XD"), "has not been held yet"),
    ]:
        r = qms(*args, *db)
        assert r.code == 1 and message in r.err, (args, r.err)


def test_read_only_refuses_writes(demo_db: Path):
    before = demo_db.read_bytes()
    r = qms("--db", demo_db, "--read-only", "nc", "close", "KPH-2024-03")
    assert r.code == 2 and "read-only" in r.err
    assert demo_db.read_bytes() == before
    assert qms("--db", demo_db, "--read-only", "nc", "list").code == 0


@pytest.mark.parametrize("group", ["audit", "nc", "review"])
def test_lists_on_an_empty_store(empty_db: Path, group: str):
    r = qms(group, "list", "--db", empty_db)
    assert r.code == 0 and r.out.startswith("no ")
