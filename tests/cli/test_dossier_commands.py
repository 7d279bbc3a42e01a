"""``qms dossier``: receive, supplement (clock stops), resume (due moves), resolve/withdraw/return, errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.store import Store


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the messages (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")


def dossier(db: Path, code: str):
    return next(d for d in Store(db).snapshot().dossiers if d.code == code)


def test_add_computes_the_due_date_from_the_statutory_working_days(qms, demo_db):
    # QT-DT01 takes 15 working days: received Monday 05/08/2024, due Monday 26/08/2024.
    run = qms("dossier", "add", "HS-T1", "--procedure", "QT-DT01", "--channel", "trực tuyến",
              "--received", "05/08/2024", "--db", demo_db)  # fmt: skip
    assert run.code == 0, run.err
    assert "due 26/08/2024 (15 working days)" in run.out
    d = dossier(demo_db, "HS-T1")
    assert (d.procedure, d.channel, d.received, d.due, d.finished) == (
        "QT-DT01", "online", date(2024, 8, 5), date(2024, 8, 26), None,
    )  # fmt: skip


def test_add_with_an_explicit_due_date_keeps_it(qms, demo_db):
    run = qms("dossier", "add", "HS-T2", "-p", "QT-DT01", "-c", "postal", "-r", "2024-08-05", "--due", "2024-08-20",
              "--db", demo_db)  # fmt: skip
    assert run.code == 0, run.err
    assert dossier(demo_db, "HS-T2").due == date(2024, 8, 20)


def test_lifecycle_supplement_stops_the_clock_and_resume_moves_the_due_date(qms, demo_db):
    qms("dossier", "add", "HS-T3", "-p", "QT-DT01", "-c", "direct", "-r", "05/08/2024", "--db", demo_db)
    run = qms("dossier", "supplement", "HS-T3", "--date", "07/08/2024", "--db", demo_db)
    assert run.code == 0, run.err
    waiting = dossier(demo_db, "HS-T3")
    assert waiting.due is None and waiting.waiting_supplement
    assert "clock stopped, due unknown (was 26/08/2024)" in run.out

    run = qms("dossier", "resume", "HS-T3", "--date", "14/08/2024", "--db", demo_db)
    assert run.code == 0, run.err
    resumed = dossier(demo_db, "HS-T3")
    paused = WorkingCalendar().working_days_between(date(2024, 8, 7), date(2024, 8, 14))
    assert paused == 5
    # 26/08 moved by 5 working days: 27-30/08 count, 2-3/09 are National Day, so 04/09.
    assert resumed.due == WorkingCalendar().add_working_days(date(2024, 8, 26), paused) == date(2024, 9, 4)
    assert resumed.pauses == [{"start": "2024-08-07", "end": "2024-08-14"}]
    assert "clock stopped for 5 working days; due 26/08/2024 → 04/09/2024" in run.out

    run = qms("dossier", "resolve", "HS-T3", "--date", "30/08/2024", "--db", demo_db)
    assert run.code == 0, run.err
    assert "resolved on 30/08/2024 (on time, due 04/09/2024)" in run.out
    done = dossier(demo_db, "HS-T3")
    assert (done.finished, done.outcome) == (date(2024, 8, 30), "resolved")


def test_resolve_late_says_by_how_many_working_days(qms, demo_db):
    qms("dossier", "add", "HS-T4", "-p", "QT-DT01", "-c", "direct", "-r", "05/08/2024", "--due", "20/08/2024",
        "--db", demo_db)  # fmt: skip
    run = qms("dossier", "resolve", "HS-T4", "--date", "22/08/2024", "--db", demo_db)
    assert "late by 2 working days" in run.out


@pytest.mark.parametrize(("command", "outcome"), [("withdraw", "withdrawn"), ("return", "returned")])
def test_withdraw_and_return_finish_without_a_result(qms, demo_db, command, outcome):
    qms("dossier", "add", "HS-T5", "-p", "QT-DT02", "-c", "direct", "-r", "01/08/2024", "--db", demo_db)
    run = qms("dossier", command, "HS-T5", "--date", "2024-08-09", "--db", demo_db)
    assert run.code == 0, run.err
    d = dossier(demo_db, "HS-T5")
    assert (d.finished, d.outcome) == (date(2024, 8, 9), outcome)


def test_withdraw_while_waiting_for_a_supplement_ends_the_wait(qms, demo_db):
    qms("dossier", "add", "HS-T6", "-p", "QT-DT02", "-c", "direct", "-r", "01/08/2024", "--db", demo_db)
    qms("dossier", "supplement", "HS-T6", "--date", "05/08/2024", "--db", demo_db)
    run = qms("dossier", "withdraw", "HS-T6", "--date", "12/08/2024", "--db", demo_db)
    assert run.code == 0, run.err
    d = dossier(demo_db, "HS-T6")
    assert d.pauses == [{"start": "2024-08-05", "end": "2024-08-12"}] and not d.waiting_supplement


def test_date_defaults_to_the_stores_today(qms, demo_db):
    qms("dossier", "add", "HS-T7", "-p", "QT-DT02", "-c", "direct", "-r", "01/08/2024", "--db", demo_db)
    assert qms("dossier", "resolve", "HS-T7", "--db", demo_db).code == 0
    assert dossier(demo_db, "HS-T7").finished == date(2024, 9, 1)  # the demo's as-of date


ERRORS = [
    (["resolve", "NOPE"], "qms: dossiers NOPE: no such dossier"),
    (["resolve", "HS-E", "--date", "31/07/2024"], "date: 31/07/2024 is before the received date 01/08/2024"),
    (["resolve", "HS-E", "--date", "31/02/2024"], "date: '31/02/2024' is not a real date"),
    (["resolve", "HS-E", "--date", "02/09/2024"], "date: 02/09/2024 is after today (01/09/2024)"),
    (["resume", "HS-E", "--date", "05/08/2024"], "date: no supplement is awaited (nothing to resume)"),
    (["resolve", "HS-DONE"], "finished: already finished on 05/08/2024 (resolved)"),
    (["supplement", "HS-DONE"], "finished: already finished on 05/08/2024 (resolved)"),
    (["resolve", "HS-WAIT", "--date", "10/08/2024"], "waiting for a supplement since 06/08/2024"),
    (["supplement", "HS-WAIT", "--date", "10/08/2024"], "already waiting for a supplement since 06/08/2024"),
    (["resume", "HS-WAIT", "--date", "05/08/2024"], "is before the supplement request (06/08/2024)"),
    (["add", "HS-E", "-p", "QT-DT01", "-c", "direct", "-r", "01/08/2024"], "qms: dossiers HS-E: code: already exists"),
    (["add", "HS-N", "-p", "QT-C01", "-c", "direct", "-r", "01/08/2024"], "QT-C01 is a general procedure, not a TTHC"),
    (["add", "HS-N", "-p", "QT-ZZ", "-c", "direct", "-r", "01/08/2024"], "procedure: unknown procedure 'QT-ZZ'"),
    (["add", "HS-N", "-p", "QT-DT01", "-c", "fax", "-r", "01/08/2024"], "channel: 'fax' is not a channel"),
    (["add", "HS-N", "-p", "QT-DT01", "-c", "direct", "-r", "01/08/2024", "--due", "01/07/2024"],
     "due: is before the received date"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), ERRORS)
def test_errors_are_one_clear_line_and_exit_1_and_write_nothing(qms, demo_db, args, message):
    for setup in (
        ["add", "HS-E", "-p", "QT-DT02", "-c", "direct", "-r", "01/08/2024"],
        ["add", "HS-DONE", "-p", "QT-DT02", "-c", "direct", "-r", "01/08/2024"],
        ["resolve", "HS-DONE", "--date", "05/08/2024"],
        ["add", "HS-WAIT", "-p", "QT-DT02", "-c", "direct", "-r", "01/08/2024"],
        ["supplement", "HS-WAIT", "--date", "06/08/2024"],
    ):
        assert qms("dossier", *setup, "--db", demo_db).code == 0
    before = demo_db.read_bytes()
    run = qms("dossier", *args, "--db", demo_db)
    assert run.code == 1
    assert message in run.err
    assert run.err.count("\n") == 1 and run.err.startswith("qms: ")
    assert "Traceback" not in run.err
    assert demo_db.read_bytes() == before


def test_read_only_store_refuses_writes_with_one_line_exit_2(qms, demo_db):
    before = demo_db.read_bytes()
    run = qms("--db", demo_db, "--read-only", "dossier", "add", "HS-R", "-p", "QT-DT01", "-c", "direct",
              "-r", "01/08/2024")  # fmt: skip
    assert run.code == 2
    assert run.err == f"qms: {demo_db} is open read-only: nothing can be changed\n"
    assert demo_db.read_bytes() == before


def test_db_before_the_command_is_honoured(qms, demo_db):
    run = qms("--db", demo_db, "dossier", "add", "HS-G", "-p", "QT-DT01", "-c", "direct", "-r", "01/08/2024")
    assert run.code == 0, run.err
    assert dossier(demo_db, "HS-G").received == date(2024, 8, 1)


def test_qms_db_environment_variable_is_the_default_store(qms, demo_db, monkeypatch):
    monkeypatch.setenv("QMS_DB", str(demo_db))
    assert qms("dossier", "add", "HS-ENV", "-p", "QT-DT01", "-c", "direct", "-r", "01/08/2024").code == 0
    assert dossier(demo_db, "HS-ENV").channel == "direct"
