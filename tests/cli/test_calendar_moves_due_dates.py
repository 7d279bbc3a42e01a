"""A calendar change moves the computed due dates of open dossiers, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest

from qms_tui import services
from qms_tui.store import Store


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the messages (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

OPEN = "BQL-240722-0004"  # received 22/07/2024, due 04/09/2024 (computed), open on the demo's "as of" day


def dossier(path: Path, code: str) -> dict:
    return next(d for d in Store(path, read_only=True).snapshot().dossier_docs if d["code"] == code)


def test_an_extra_day_off_moves_open_computed_due_dates_and_removing_it_moves_them_back(qms, demo_db: Path, log_of):
    finished = [d for d in Store(demo_db).snapshot().dossier_docs if d["finished"]]
    run = qms("calendar", "add", "04/09/2024", "--note", "Nghỉ bù", "--db", str(demo_db))
    assert run.code == 0, run.err
    assert run.out.startswith("recorded: 04/09/2024 day off\ndue dates moved for 113 open dossier(s):\n")
    assert f"  {OPEN}  04/09/2024 → 05/09/2024\n" in run.out and "… and 103 more (qms log)" in run.out
    assert dossier(demo_db, OPEN)["due"] == "2024-09-05"
    # finished dossiers keep the due dates their figures were counted on
    assert [d for d in Store(demo_db).snapshot().dossier_docs if d["finished"]] == finished
    entry = log_of(demo_db)[-1]
    assert (entry["action"], entry["table"], entry["record"]) == ("update", "dossiers", "113 open dossiers")
    assert f"{OPEN} 04/09/2024 → 05/09/2024" in entry["summary"]

    run = qms("calendar", "remove", "04/09/2024", "--db", str(demo_db))
    assert run.code == 0 and f"  {OPEN}  05/09/2024 → 04/09/2024\n" in run.out
    assert dossier(demo_db, OPEN)["due"] == "2024-09-04"


def test_a_due_date_given_explicitly_is_kept(qms, demo_db: Path):
    store = Store(demo_db)
    services.add_dossier(store, "HS-GIVEN", procedure="QT-DT01", channel="online", received="2024-08-26",
                         due="2024-09-30")
    services.add_dossier(store, "HS-COMPUTED", procedure="QT-DT01", channel="online", received="2024-08-26")
    computed = dossier(demo_db, "HS-COMPUTED")["due"]
    assert computed != "2024-09-30"
    assert qms("calendar", "add", "2024-08-28", "--db", str(demo_db)).code == 0
    assert dossier(demo_db, "HS-GIVEN")["due"] == "2024-09-30"
    assert dossier(demo_db, "HS-COMPUTED")["due"] > computed


def test_a_worked_saturday_brings_due_dates_forward(qms, demo_db: Path):
    run = qms("calendar", "add", "31/08/2024", "--working-day", "--db", str(demo_db))  # a Saturday
    assert run.code == 0, run.err
    assert dossier(demo_db, OPEN)["due"] < "2024-09-04"


def test_a_day_outside_every_open_dossier_s_count_moves_nothing(qms, demo_db: Path):
    before = Store(demo_db).snapshot().dossier_docs
    run = qms("calendar", "add", "2025-06-02", "--db", str(demo_db))  # after every due date
    assert run.out == "recorded: 02/06/2025 day off\nno open dossier's due date moved\n"
    assert Store(demo_db).snapshot().dossier_docs == before


def test_removing_a_day_that_has_no_override_is_an_error_that_changes_nothing(qms, demo_db: Path):
    run = qms("calendar", "remove", "04/09/2024", "--db", str(demo_db))
    assert (run.code, run.err) == (1, "qms: calendar 04/09/2024: no override on 04/09/2024\n")
