"""``qms field restore CODE``: a retired field is back in use (procedures may take it again), logged."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the messages (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")


def ok(run) -> str:  # type: ignore[no-untyped-def]
    assert run.code == 0, run.err
    return run.out


def test_a_retired_field_is_restored_and_takes_procedures_again(qms, empty_db: Path, stored_qms, log_of):
    db = ("--db", empty_db)
    ok(qms("org", "set", "--name", "Sở Tư pháp", "--unit", "Văn phòng", *db))
    ok(qms("field", "add", "lltp", "--name", "Lý lịch tư pháp", *db))
    ok(qms("field", "retire", "lltp", "--date", "01/03/2024", *db))
    add = ("procedure", "add", "QT-2", "--name", "Cấp phiếu", "--field", "Lý lịch tư pháp", "--unit", "Văn phòng",
           "--days", "10", *db)
    assert qms(*add).code == 1  # retired: takes no new procedure

    assert ok(qms("field", "restore", "lltp", *db)) == "fields lltp: retired: 01/03/2024 → —\n"
    assert stored_qms(empty_db).field_by_code["lltp"].retired is None
    assert ok(qms("field", "list", *db)).splitlines() == ["lltp    0  Lý lịch tư pháp"]
    ok(qms(*add))
    assert stored_qms(empty_db).procedure_by_code["QT-2"].field == "lltp"
    entry = log_of(empty_db)[-2]
    assert (entry["action"], entry["table"], entry["record"]) == ("restore", "fields", "lltp")


def test_restoring_a_field_in_use_or_unknown_is_refused_and_writes_nothing(qms, empty_db: Path):
    ok(qms("field", "add", "ho_tich", "--name", "Hộ tịch", "--db", empty_db))
    before = empty_db.read_bytes()
    run = qms("field", "restore", "ho_tich", "--db", empty_db)
    assert (run.code, run.err) == (1, "qms: fields ho_tich: retired: is not retired: the field is in use\n")
    run = qms("field", "restore", "nope", "--db", empty_db)
    assert (run.code, run.err) == (1, "qms: fields nope: no such field\n")
    assert empty_db.read_bytes() == before
