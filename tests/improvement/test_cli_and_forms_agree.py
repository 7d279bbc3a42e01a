"""One write path: ``qms nc|audit|review`` and the Improvement screen's forms save through the same
services, so the same input gives the same stored record and the same change-log entry, and the same
refusal. Each case writes once through the CLI into one copy of the demo and once through the form's save
(``FormSpec.values_to_save`` and ``write``, what the form dialog calls on ctrl+s) into another."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from qms_cli import run_qms as qms

from qms_tui.store import Store, ValidationError, create_store
from qms_tui.tui.forms.fields import FormSpec
from qms_tui.tui.screens.improvement_forms import action_form, audit_form, finding_form, nc_form


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the messages (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")


@pytest.fixture
def two_demos(tmp_path: Path) -> tuple[Path, Path]:
    return create_store(tmp_path / "cli.json", demo=True), create_store(tmp_path / "form.json", demo=True)


def _saved_by_form(db: Path, build: Callable[[Store, Any], FormSpec], typed: dict[str, str]) -> None:
    store = Store(db)
    spec = build(store, store.snapshot())
    spec.write(spec.values_to_save({**spec.values, **typed}))


def _doc(db: Path, table: str, key: str) -> dict[str, Any]:
    return next(doc for doc in Store(db).load()[table].values() if doc.get("code") == key)


def _last_entry(db: Path) -> tuple[str, str, str, str]:
    raw = Store(db).load()["changelog"]
    entry = raw[max(raw, key=int)]
    return entry["action"], entry["table"], entry["record"], entry["summary"]


def test_raising_a_nonconformity_from_a_complaint(two_demos: tuple[Path, Path]):
    cli_db, form_db = two_demos
    r = qms("nc", "add", "KPH-2024-06", "--source", "complaint", "--ref", "PA 12/2024", "--description",
            "Trả kết quả sai địa chỉ", "--clause", "8.5.5", "--owner", "Văn phòng", "--date", "20/08/2024",
            "--deadline", "30/09/2024", "--db", cli_db)
    assert r.code == 0, r.err
    _saved_by_form(form_db, nc_form, {"source": "complaint", "reference": "PA 12/2024",
                                      "description": "Trả kết quả sai địa chỉ", "clause": "8.5.5",
                                      "owner": "Văn phòng", "raised": "20/08/2024", "deadline": "30/09/2024"})
    assert _doc(form_db, "nonconformities", "KPH-2024-06") == _doc(cli_db, "nonconformities", "KPH-2024-06")
    assert _last_entry(form_db) == _last_entry(cli_db) == (
        "add", "nonconformities", "KPH-2024-06", "raised (complaint PA 12/2024): Trả kết quả sai địa chỉ")


def test_raising_a_nonconformity_for_a_late_dossier_and_refusing_a_second(two_demos: tuple[Path, Path]):
    cli_db, form_db = two_demos
    r = qms("nc", "add", "--from-dossier", "BQL-240702-0002", "--owner", "Văn phòng", "--db", cli_db)
    assert r.code == 0, r.err
    _saved_by_form(form_db, nc_form, {"source": "late_dossier", "reference": "BQL-240702-0002", "description": "",
                                      "owner": "Văn phòng"})
    assert _doc(form_db, "nonconformities", "KPH-2024-06") == _doc(cli_db, "nonconformities", "KPH-2024-06")
    assert _last_entry(form_db) == _last_entry(cli_db)
    before = form_db.read_bytes()
    again = qms("nc", "add", "--from-dossier", "BQL-240702-0002", "--db", cli_db)
    assert again.code == 1 and "already has the nonconformity KPH-2024-06" in again.err
    with pytest.raises(ValidationError, match="already has the nonconformity KPH-2024-06"):
        _saved_by_form(form_db, nc_form, {"source": "late_dossier", "reference": "BQL-240702-0002",
                                          "description": "x", "code": "KPH-2024-07"})
    assert form_db.read_bytes() == before


def test_planning_an_audit_and_recording_a_finding(two_demos: tuple[Path, Path]):
    cli_db, form_db = two_demos
    r = qms("audit", "add", "DGNB-2025", "--plan-date", "05/08/2024", "--date", "06/08/2024", "--title",
            "Đánh giá một cửa", "--unit", "Văn phòng", "--procedure", "QT-C01,QT-VP01", "--auditor", "NV005",
            "--db", cli_db)
    assert r.code == 0, r.err
    _saved_by_form(form_db, audit_form, {"code": "DGNB-2025", "plan_date": "05/08/2024", "actual_date": "06/08/2024",
                                         "title": "Đánh giá một cửa", "units": "Văn phòng",
                                         "procedures": "QT-C01, QT-VP01", "auditors": "NV005"})
    assert _doc(form_db, "audits", "DGNB-2025") == _doc(cli_db, "audits", "DGNB-2025")
    assert _last_entry(form_db) == _last_entry(cli_db) == (
        "add", "audits", "DGNB-2025", "internal audit held 06/08/2024: Đánh giá một cửa")

    r = qms("audit", "finding", "DGNB-2025", "--kind", "nonconformity", "--clause", "7.5.3", "--procedure",
            "QT-VP01", "--description", "Sổ theo dõi ghi thiếu ngày trả", "--db", cli_db)
    assert r.code == 0, r.err
    store = Store(form_db)
    audit = next(a for a in store.snapshot().audits if a.code == "DGNB-2025")
    spec = finding_form(store, store.snapshot(), audit)
    spec.write(spec.values_to_save({**spec.values, "clause": "7.5.3", "procedures": "QT-VP01",
                                    "description": "Sổ theo dõi ghi thiếu ngày trả"}))
    assert _doc(form_db, "audit_findings", "DGNB-2025-01") == _doc(cli_db, "audit_findings", "DGNB-2025-01")
    assert _last_entry(form_db) == _last_entry(cli_db)


def test_adding_a_review_action(two_demos: tuple[Path, Path]):
    cli_db, form_db = two_demos
    r = qms("review", "action", "XXLD-2024", "--text", "Rà soát quy chế phối hợp", "--owner", "Văn phòng",
            "--deadline", "30/09/2024", "--db", cli_db)
    assert r.code == 0, r.err
    _saved_by_form(form_db, action_form, {"text": "Rà soát quy chế phối hợp", "owner": "Văn phòng",
                                          "deadline": "30/09/2024"})
    assert _doc(form_db, "reviews", "XXLD-2024") == _doc(cli_db, "reviews", "XXLD-2024")
    assert _last_entry(form_db) == _last_entry(cli_db) == (
        "update", "reviews", "XXLD-2024", "action XXLD-2024-04 (due 30/09/2024): Rà soát quy chế phối hợp")
