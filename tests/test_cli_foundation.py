"""The foundation's CLI as a user runs it: the installed ``qms`` script, real store files, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from store_files import stored_tables, write_one_file_store


@pytest.fixture(autouse=True)
def english_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of what ``qms`` prints (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

SEED = {
    "received": 578, "new": 454, "carried_over": 124, "resolved": 439, "on_time": 369, "late": 70,
    "in_progress": 113, "not_due": 113, "overdue": 0, "withdrawn": 26,
}


def qms(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m qms_tui.cli`` (what the ``qms`` script runs) and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "qms_tui.cli", *args], capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_init_demo_then_json_summary_gives_the_report_figures(tmp_path: Path):
    db = tmp_path / "x.json"
    assert qms("init", "--demo", "--db", str(db)).returncode == 0
    result = qms("summary", "--db", str(db), "--from", "2024-01-01", "--to", "2024-09-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"]["from"] == "2024-01-01" and data["period"]["to"] == "2024-09-01"
    assert {key: data["dossiers"][key] for key in SEED} == SEED
    assert data["dossiers"]["reconciles"] is True
    assert data["procedures"]["total"] == 66 and data["procedures"]["tthc"] == 55
    assert data["risks"]["total"] + data["risks"]["opportunities"] >= 12
    assert data["training"]["never_trained"] > 0


def test_dates_accepted_as_dd_mm_yyyy(demo_db: Path):
    result = qms("summary", "--db", str(demo_db), "--from", "01/01/2024", "--to", "01/09/2024", "--format", "json")
    assert json.loads(result.stdout)["dossiers"]["received"] == 578


def test_text_summary_shows_the_figures_in_80_columns(demo_db: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("QMS_LANG")  # the summary in Vietnamese, the default
    result = qms("summary", "--db", str(demo_db), "--from", "2024-01-01", "--to", "2024-09-01")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "\x1b" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    for figure in ("578", "454", "124", "439", "369", "70", "113", "26"):
        assert figure in text
    assert "578 = 439 + 113 + 26" in " ".join(text.split())
    assert "01/01/2024" in text and "Hồ sơ" in text


def test_output_file_and_format_from_extension(demo_db: Path, tmp_path: Path):
    out = tmp_path / "s.json"
    assert qms("summary", "--db", str(demo_db), "--output", str(out)).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["dossiers"]["received"] == 578


def test_bad_date_is_a_clear_error(demo_db: Path):
    result = qms("summary", "--db", str(demo_db), "--from", "31/02/2024")
    assert result.returncode == 2
    assert "31/02/2024" in result.stderr and "Traceback" not in result.stderr


def test_check_demo_is_valid_with_one_legal_finding(demo_db: Path):
    result = qms("check", "--db", str(demo_db))
    assert result.returncode == 0, result.stdout
    assert "error:" not in result.stdout
    assert "warning: legal_update_overdue" in result.stdout
    assert qms("check", "--db", str(demo_db), "--strict").returncode == 1


def test_check_reports_bad_data_with_exit_1(demo_db: Path):
    data = stored_tables(demo_db)
    first = next(iter(data["dossiers"]))
    data["dossiers"][first]["procedure"] = "QT-KHONG-CO"
    write_one_file_store(demo_db, data)
    result = qms("check", "--db", str(demo_db))
    assert result.returncode == 1
    assert "unknown procedure QT-KHONG-CO" in result.stdout


def test_corrupt_store_one_line_exit_2(demo_db: Path):
    demo_db.write_text("{not json", encoding="utf-8")
    result = qms("summary", "--db", str(demo_db))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert str(demo_db) in result.stderr and "corrupt" in result.stderr
    assert "Traceback" not in result.stderr


def test_qms_db_environment_variable(demo_db: Path):
    result = qms("summary", "--format", "json", env={"QMS_DB": str(demo_db)})
    assert json.loads(result.stdout)["dossiers"]["received"] == 578


def test_init_refuses_to_overwrite(demo_db: Path):
    result = qms("init", "--db", str(demo_db))
    assert result.returncode == 2 and "already exists" in result.stderr


def test_init_force_replaces_the_store_and_keeps_it_as_a_backup(demo_db: Path):
    result = qms("init", "--empty", "--force", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    kept = demo_db.parent / "qms.json.backups"
    backup = next(kept.glob("qms-*.json"))
    assert result.stdout == f"created empty store {demo_db}\nthe store it replaced is kept as {backup}\n"
    assert stored_tables(demo_db)["dossiers"] == {}
    assert len(stored_tables(backup)["dossiers"]) == 878


@pytest.mark.parametrize("flag", ["--read-only"])
def test_read_only_summary_leaves_the_folder_untouched(demo_db: Path, flag: str):
    before = sorted(p.name for p in demo_db.parent.iterdir())
    assert qms("summary", "--db", str(demo_db), flag).returncode == 0
    assert sorted(p.name for p in demo_db.parent.iterdir()) == before


def test_domain_and_store_never_import_textual():
    code = (
        "import sys, qms_tui.domain.qms, qms_tui.store, qms_tui.cli, qms_tui.reports.summary;"
        "sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_calendar_override_changes_due_dates_and_is_listed(demo_db: Path):
    from datetime import date

    from qms_tui.store import Store

    assert qms("calendar", "add", "11/03/2024", "--note", "nghỉ bù", "--db", str(demo_db)).returncode == 0
    listed = qms("calendar", "list", "--db", str(demo_db), "--year", "2024").stdout
    assert "11/03/2024" in listed and "nghỉ bù" in listed and "Tết" in listed
    calendar = Store(demo_db).snapshot().working_calendar
    assert calendar.add_working_days(date(2024, 3, 8), 1) == date(2024, 3, 12)
    assert qms("calendar", "remove", "2024-03-11", "--db", str(demo_db)).returncode == 0
    assert qms("calendar", "remove", "2024-03-11", "--db", str(demo_db)).returncode == 1
