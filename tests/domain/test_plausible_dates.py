"""Implausible dates are refused: before 1990, or more than 5 years after the store's today.

The window lives in ``domain.dates`` (``date_problem``); every record's date fields and the dates in its
lists are checked on every write (``Transaction.put``), by ``qms check``, and on every import row. "Today"
is the store's: the demo's pinned 01/09/2024, so the tests give the same answers on any day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qms_tui import services
from qms_tui.domain.dates import PLAUSIBLE_FROM, PLAUSIBLE_YEARS_AHEAD, date_problem, plausible_until
from qms_tui.domain.models import Dossier, ManagementReview, Procedure, Risk
from qms_tui.store import Store, ValidationError


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the messages (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

AS_OF = date(2024, 9, 1)


def test_the_window_runs_from_1990_to_five_years_after_today():
    assert PLAUSIBLE_FROM.isoformat() == "1990-01-01"
    assert PLAUSIBLE_YEARS_AHEAD == 5
    assert plausible_until(AS_OF) == date(2029, 9, 1)
    assert date_problem(date(1990, 1, 1), AS_OF) is None
    assert date_problem(date(2029, 9, 1), AS_OF) is None
    assert date_problem(date(1989, 12, 31), AS_OF) == "31/12/1989 is before 01/01/1990: not a plausible date"
    assert date_problem(date(1, 1, 1), AS_OF) == "01/01/0001 is before 01/01/1990: not a plausible date"
    assert date_problem(date(2029, 9, 2), AS_OF) == "02/09/2029 is more than 5 years after today (01/09/2024)"


def test_a_record_names_each_implausible_date_field_and_list_entry():
    risk = Risk(code="RR-9", due=date(1, 1, 1), last_reviewed=date(2024, 1, 1))
    assert [name for name, _ in risk.date_problems(AS_OF)] == ["due"]
    dossier = Dossier(code="D", received=date(2024, 1, 2),
                      pauses=[{"start": "2024-01-03", "end": "2099-01-01"}, {"start": "0001-01-01", "end": None}])
    assert dossier.date_problems(AS_OF) == [
        ("pauses", "pause 1 end: 01/01/2099 is more than 5 years after today (01/09/2024)"),
        ("pauses", "pause 2 start: 01/01/0001 is before 01/01/1990: not a plausible date"),
    ]
    procedure = Procedure(code="QT", history=[{"version": "1.0", "date": "1900-05-01", "change": "issued"}])
    assert procedure.date_problems(AS_OF) == [
        ("history", "revision 1 date: 01/05/1900 is before 01/01/1990: not a plausible date")]
    review = ManagementReview(code="XX", date=date(2024, 7, 1),
                              actions=[{"code": "XX-01", "text": "t", "deadline": "2040-01-01", "status": "open"}])
    assert [m for _, m in review.date_problems(AS_OF)] == [
        "action XX-01 deadline: 01/01/2040 is more than 5 years after today (01/09/2024)"]
    assert Risk(code="RR-9", due=date(2024, 1, 1)).date_problems(AS_OF) == []


def test_every_demo_date_is_plausible(demo_db: Path):
    qms = Store(demo_db).snapshot()
    tables = [qms.decisions, qms.procedures, qms.legal_documents, qms.risks, qms.staff, qms.trainings, qms.dossiers,
              qms.plan_tasks, qms.events, qms.calendar, qms.report_texts, qms.audits, qms.nonconformities, qms.reviews]
    assert [(r.key, p) for records in tables for r in records for p in r.date_problems(qms.today)] == []


def test_a_write_is_refused_whatever_the_service(demo_db: Path):
    store = Store(demo_db)
    before = demo_db.read_bytes()
    with pytest.raises(ValidationError, match=r"due: 30/06/1924 is before 01/01/1990"):
        services.edit_record(store, "risks", "RR-01", {"due": "30/06/1924"})
    with pytest.raises(ValidationError, match=r"start_date: 01/01/2030 is more than 5 years after"):
        services.add_record(store, "staff", {"code": "NV900", "name": "A", "unit": "Văn phòng",
                                             "start_date": "2030-01-01"})
    with pytest.raises(ValidationError, match=r"revised: 01/01/0001 is before"):
        services.edit_procedure(store, "QT-C01", {"version": "9.9"}, revised="0001-01-01")
    assert demo_db.read_bytes() == before
    services.edit_record(store, "risks", "RR-01", {"due": "01/09/2029"})  # the last plausible day
    assert next(r for r in Store(demo_db).snapshot().risks if r.code == "RR-01").due == date(2029, 9, 1)


def test_today_is_the_stores_clock_when_nothing_is_pinned(empty_db: Path):
    store = Store(empty_db, clock=lambda: date(2031, 6, 1))
    services.add_record(store, "staff", {"code": "NV1", "name": "A", "unit": "VP", "start_date": "2036-06-01"})
    with pytest.raises(ValidationError, match=r"more than 5 years after today \(01/06/2031\)"):
        services.add_record(store, "staff", {"code": "NV2", "name": "B", "unit": "VP", "start_date": "2036-06-02"})


def test_cli_add_and_edit_refuse_with_exit_1(qms, demo_db: Path):
    run = qms("dossier", "add", "BQL-X", "-p", "QT-DT01", "-c", "direct", "-r", "0001-01-01", "--db", demo_db)
    assert run.code == 1
    assert "received: 01/01/0001 is before 01/01/1990: not a plausible date" in run.err
    assert "Traceback" not in run.err
    run = qms("risk", "edit", "RR-01", "--due", "2040-01-01", "--db", demo_db)
    assert (run.code, run.err.count("\n")) == (1, 1)
    assert "risks RR-01: due: 01/01/2040 is more than 5 years after today (01/09/2024)" in run.err


def test_check_reports_an_implausible_date_already_stored(qms, demo_db: Path):
    assert qms("check", "--db", demo_db).code == 0
    with Store(demo_db).transaction() as tx:
        tables = tx.tables
        risk = next(doc for doc in tables["risks"].values() if doc["code"] == "RR-02")
        risk["due"] = "0001-01-01"
        dossier = next(iter(tables["dossiers"].values()))
        dossier["pauses"] = [{"start": "2099-01-01", "end": None}]
        tx.touched("risks")
        tx.touched("dossiers")
    run = qms("check", "--db", demo_db)
    assert run.code == 1
    assert "risks RR-02 due: 01/01/0001 is before 01/01/1990: not a plausible date" in run.out + run.err
    assert f"dossiers {dossier['code']} pauses: pause 1 start: 01/01/2099 is more than 5 years" in run.out + run.err
