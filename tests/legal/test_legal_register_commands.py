"""``qms legal add|edit|list`` and ``qms training add|edit --trainer-role``: the end of effect, the replacing
and amended documents (which must be in the register), dates in the store's window, the trainer's role."""

from __future__ import annotations

from pathlib import Path

import pytest

from qms_tui.store import Store


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the messages (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

def _legal(db: Path, number: str) -> dict:
    return next(doc for doc in Store(db).load()["legal_documents"].values() if doc["number"] == number)


def _course(db: Path, code: str) -> dict:
    return next(doc for doc in Store(db).load()["trainings"].values() if doc["code"] == code)


def test_a_reform_is_recorded_with_end_date_and_replacement(qms, demo_db: Path) -> None:
    run = qms("legal", "add", "03/2025/TT-VPCP", "--title", "Thông tư hướng dẫn một cửa", "--issued", "20/06/2025",
              "--effective", "01/07/2025", "--amends", "118/2025/NĐ-CP", "--db", demo_db)
    assert run.code == 0, run.err
    assert _legal(demo_db, "03/2025/TT-VPCP")["amends"] == "118/2025/NĐ-CP"
    run = qms("legal", "edit", "45/2020/NĐ-CP", "--ends", "01/07/2025", "--replaced-by", "118/2025/NĐ-CP",
              "--db", demo_db)
    assert run.code == 0, run.err
    doc = _legal(demo_db, "45/2020/NĐ-CP")
    assert (doc["ends"], doc["replaced_by"]) == ("2025-07-01", "118/2025/NĐ-CP")
    listed = qms("legal", "list", "--db", demo_db).out
    line = next(x for x in listed.splitlines() if "45/2020/NĐ-CP" in x)
    assert "ends 01/07/2025, replaced by 118/2025/NĐ-CP" in line
    assert qms("legal", "edit", "45/2020/NĐ-CP", "--ends", "", "--db", demo_db).code == 0
    assert _legal(demo_db, "45/2020/NĐ-CP")["ends"] is None  # an empty value clears the end date


def test_links_must_name_documents_of_the_register(qms, demo_db: Path) -> None:
    run = qms("legal", "edit", "61/2018/NĐ-CP", "--replaced-by", "999/2030/NĐ-CP", "--db", demo_db)
    assert run.code == 1 and "replaced_by" in run.err and "999/2030/NĐ-CP" in run.err and "Traceback" not in run.err
    run = qms("legal", "add", "X/2024", "--title", "t", "--effective", "01/01/2024", "--amends", "nope",
              "--db", demo_db)
    assert run.code == 1 and "amends" in run.err
    run = qms("legal", "edit", "61/2018/NĐ-CP", "--amends", "61/2018/NĐ-CP", "--db", demo_db)
    assert run.code == 1 and "names the document itself" in run.err
    assert _legal(demo_db, "61/2018/NĐ-CP")["replaced_by"] == "118/2025/NĐ-CP"  # nothing written


def test_dates_must_be_in_the_store_window_and_in_order(qms, demo_db: Path) -> None:
    far = qms("legal", "edit", "61/2018/NĐ-CP", "--ends", "01/01/2040", "--db", demo_db)
    assert far.code == 1 and "more than 5 years after today" in far.err
    before = qms("legal", "edit", "61/2018/NĐ-CP", "--ends", "01/01/2018", "--db", demo_db)
    assert before.code == 1 and "not after the effective date" in before.err
    bad = qms("legal", "edit", "61/2018/NĐ-CP", "--ends", "31/02/2025", "--db", demo_db)
    assert bad.code == 1 and "ends" in bad.err
    assert qms("legal", "edit", "NOPE", "--title", "x", "--db", demo_db).code == 1


def test_the_trainer_role_on_the_command_line(qms, demo_db: Path) -> None:
    run = qms("training", "add", "TH-2024-09", "--title", "ISO 9001", "--date", "02/08/2024", "--trainer", "NV001",
              "--trainer-role", "Phó Ban chỉ đạo ISO", "--db", demo_db)
    assert run.code == 0, run.err
    assert _course(demo_db, "TH-2024-09")["trainer_role"] == "Phó Ban chỉ đạo ISO"
    run = qms("training", "edit", "TH-2024-09", "--trainer-role", "Thư ký ISO", "--db", demo_db)
    assert run.code == 0, run.err
    assert _course(demo_db, "TH-2024-09")["trainer_role"] == "Thư ký ISO"
    assert qms("training", "edit", "TH-2024-09", "--date", "01/01/1980", "--db", demo_db).code == 1
