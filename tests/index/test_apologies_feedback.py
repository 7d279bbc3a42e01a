"""Apologies for late dossiers (form 04), the feedback register and surveys: recorded, checked, and the
late or overdue ones reported as findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from qms_tui.store import Store


@pytest.fixture(autouse=True)
def english_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of what ``qms`` prints (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

LATE = "BQL-240722-0004"


def _findings(qms, db: Path) -> str:
    return qms("check", "--db", db).out


def _late_codes(db: Path) -> list[str]:
    from qms_tui.domain.service_findings import unapologised

    return unapologised(Store(db, read_only=True).snapshot())


def test_a_late_dossier_without_an_apology_is_a_finding_until_apologised(qms, demo_db: Path) -> None:
    assert _late_codes(demo_db) == [] and "late_without_apology" not in _findings(qms, demo_db)  # demo: all filed
    run = qms("dossier", "add", "BQL-240701-0099", "-p", "QT-DT01", "-c", "direct", "-r", "2024-07-01", "--due",
              "2024-07-10", "--db", demo_db)
    assert run.code == 0, run.err
    assert _late_codes(demo_db) == ["BQL-240701-0099"]  # open past its due date
    assert "late_without_apology: 1 late dossier without an apology letter (form 04): BQL-240701-0099" in (
        _findings(qms, demo_db))
    run = qms("dossier", "apologize", "BQL-240701-0099", "--date", "2024-07-10", "--new-due", "2024-07-17",
              "--ref", "15/TB-BQL", "--db", demo_db)
    assert run.code == 0, run.err
    assert _late_codes(demo_db) == [] and "late_without_apology" not in _findings(qms, demo_db)
    apology = next(a for a in Store(demo_db).load()["apologies"].values() if a["dossier"] == "BQL-240701-0099")
    assert apology == {"dossier": "BQL-240701-0099", "date": "2024-07-10", "new_due": "2024-07-17",
                       "ref": "15/TB-BQL"}


def test_apology_input_is_checked(qms, demo_db: Path) -> None:
    code = LATE
    assert qms("dossier", "apologize", "NO-SUCH", "--new-due", "2024-09-10", "--db", demo_db).code == 1
    run = qms("dossier", "apologize", code, "--date", "2024-08-10", "--new-due", "2024-08-01", "--db", demo_db)
    assert run.code == 1 and "new_due" in run.err
    assert qms("dossier", "apologize", code, "--db", demo_db).code != 0  # --new-due is required


def test_feedback_is_due_in_15_working_days_and_overdue_is_a_finding(qms, demo_db: Path) -> None:
    run = qms("feedback", "add", "PA-01", "--received", "2024-08-01", "--kind", "complaint", "--dossier", LATE,
              "--db", demo_db)
    assert run.code == 0, run.err
    assert "due: 22/08/2024" in run.out  # 15 working days after Thursday 01/08/2024
    assert "feedback_overdue: 1 feedback item " in _findings(qms, demo_db)
    assert "! PA-01" in qms("feedback", "list", "--db", demo_db).out
    run = qms("feedback", "close", "PA-01", "--date", "2024-08-20", "--result", "Đã trả lời", "--satisfied", "no",
              "--db", demo_db)
    assert run.code == 0, run.err
    assert "feedback_overdue" not in _findings(qms, demo_db)
    assert qms("feedback", "close", "PA-01", "--db", demo_db).code == 1  # already handled
    doc = next(d for d in Store(demo_db).load()["feedback"].values() if d["code"] == "PA-01")
    assert (doc["handled"], doc["satisfied"], doc["result"]) == ("2024-08-20", False, "Đã trả lời")


def test_feedback_references_and_kinds_are_checked(qms, demo_db: Path) -> None:
    assert qms("feedback", "add", "PA-02", "--dossier", "NOPE", "--db", demo_db).code == 1
    assert qms("feedback", "add", "PA-03", "--kind", "threat", "--db", demo_db).code == 1
    assert qms("feedback", "add", "PA-04", "--procedure", "QT-DT01", "--db", demo_db).code == 0
    run = qms("feedback", "edit", "PA-04", "--satisfied", "maybe", "--db", demo_db)
    assert run.code == 1 and "Traceback" not in run.err


def _satisfaction(qms, db: Path) -> dict:
    import json

    data = json.loads(qms("index", "--year", "2024", "-f", "json", "--db", db).out)
    return next(i for i in data["indicators"] if i["id"] == "5.4")


def test_surveys_feed_the_satisfaction_indicator(qms, demo_db: Path) -> None:
    before = _satisfaction(qms, demo_db)
    assert before["data"] is True and before["denominator"] == 439
    run = qms("survey", "add", "KS-2024-02", "--from", "2024-07-01", "--to", "2024-07-31", "--asked", "120",
              "--satisfied", "0", "--method", "Phiếu", "--db", demo_db)
    assert run.code == 0, run.err
    assert "0/120 satisfied (0.0 %)" in qms("survey", "list", "--db", demo_db).out
    after = _satisfaction(qms, demo_db)
    # the two surveys: 111 of 240 satisfied; 129/240 of 439 resolved = 236 more unsatisfied, late 70, one complaint
    # on a late dossier (counted once): 439 - 70 - 236 = 133
    assert (after["numerator"], after["denominator"]) == (133, 439)
    bad = qms("survey", "add", "KS-X", "--from", "2024-06-01", "--to", "2024-06-30", "--asked", "5",
              "--satisfied", "6", "--db", demo_db)
    assert bad.code == 1


def test_feedback_in_vietnamese_and_satisfaction_back_to_unknown(qms, demo_db: Path) -> None:
    run = qms("feedback", "add", "PA-10", "--kind", "Khiếu nại", "--received", "2024-08-30", "--db", demo_db)
    assert run.code == 0 and "kind: complaint" in run.out
    assert qms("feedback", "edit", "PA-10", "--satisfied", "có", "--db", demo_db).code == 0
    run = qms("feedback", "edit", "PA-10", "--satisfied", "unknown", "--db", demo_db)
    assert run.code == 0 and "satisfied: yes → —" in run.out
    doc = next(d for d in Store(demo_db).load()["feedback"].values() if d["code"] == "PA-10")
    assert "satisfied" not in doc or doc["satisfied"] is None
