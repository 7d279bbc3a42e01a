"""``qms log``: every write records who, when and what; newest last; ``--since`` and ``--limit``."""

from __future__ import annotations

import getpass
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from store_files import stored_tables


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the messages (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

QMS = Path(sys.executable).with_name("qms")


def test_every_write_is_logged_with_user_action_and_summary(qms, demo_db, log_of):
    qms("dossier", "add", "HS-L1", "-p", "QT-DT01", "-c", "direct", "-r", "05/08/2024", "--db", demo_db)
    qms("dossier", "resolve", "HS-L1", "--date", "05/08/2024", "--db", demo_db)
    qms("risk", "close", "RR-01", "--db", demo_db)
    entries = log_of(demo_db)
    assert [(e["action"], e["table"], e["record"]) for e in entries] == [
        ("add", "dossiers", "HS-L1"), ("resolve", "dossiers", "HS-L1"), ("close", "risks", "RR-01"),
    ]  # fmt: skip
    assert {e["user"] for e in entries} == {getpass.getuser()}
    assert entries[1]["summary"] == "resolved on 05/08/2024 (on time, due 26/08/2024)"
    assert "status: open → closed" in entries[2]["summary"]


def test_log_shows_date_time_user_action_table_record_summary_newest_last(qms, demo_db):
    qms("staff", "edit", "NV010", "--role", "Phó Chánh Văn phòng", "--db", demo_db)
    qms("task", "done", "KH510-10", "--date", "30/08/2024", "--db", demo_db)
    run = qms("log", "--db", demo_db)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert len(lines) == 2
    today = datetime.now().strftime("%d/%m/%Y")
    assert re.match(rf"^{today} \d\d:\d\d  {re.escape(getpass.getuser())}\s+edit\s+staff\s+NV010\s+"
                    r"role: Chuyên viên → Phó Chánh Văn phòng$", lines[0])  # fmt: skip
    assert "done" in lines[1] and "plan_tasks" in lines[1] and "done_date: — → 30/08/2024" in lines[1]


def test_log_limit_and_since(qms, demo_db):
    for n in range(3):
        qms("objective", "edit", "MTCL-01", "--target", str(90 + n), "--db", demo_db)
    run = qms("log", "--limit", "2", "--db", demo_db)
    assert len(run.out.splitlines()) == 2 and "→ 92" in run.out.splitlines()[-1]
    assert "the last 2 of 3 changes" in run.err
    assert qms("log", "--since", "01/01/2999", "--db", demo_db).out == "no changes since 01/01/2999\n"
    assert len(qms("log", "--since", "2000-01-01", "--limit", "0", "--db", demo_db).out.splitlines()) == 3
    bad = qms("log", "--since", "yesterday", "--db", demo_db)
    assert bad.code == 1 and "since: 'yesterday' is not a date" in bad.err


def test_log_works_read_only_and_on_an_empty_log(qms, demo_db):
    run = qms("--read-only", "--db", demo_db, "log")
    assert run.code == 0 and run.out == "no changes\n"


def test_console_script_reports_errors_as_one_line(demo_db, tmp_path):
    """The real ``qms`` executable: exit codes and messages as a user sees them."""
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "NO_COLOR": "1"}
    env.pop("QMS_DB", None)

    def qms(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(QMS), *args, "--db", str(demo_db)], capture_output=True, text=True, env=env)

    done = qms("risk", "edit", "RR-01", "--likelihood", "9")
    assert (done.returncode, done.stderr) == (1, "qms: risks RR-01: likelihood: must be a whole number from 1 to 5\n")
    done = qms("dossier", "resolve", "NOPE")
    assert (done.returncode, done.stderr) == (1, "qms: dossiers NOPE: no such dossier\n")
    missing = subprocess.run([str(QMS), "import", "dossiers", str(tmp_path / "nope.csv"), "--db", str(demo_db)],
                             capture_output=True, text=True, env=env)  # fmt: skip
    assert (missing.returncode, missing.stderr) == (2, f"qms: {tmp_path / 'nope.csv'}: no such file\n")
    done = qms("dossier", "add", "HS-S", "-p", "QT-DT01", "-c", "online", "-r", "01/08/2024")
    assert done.returncode == 0 and done.stdout.startswith("dossiers HS-S: received 01/08/2024 (online)")
    log = stored_tables(demo_db)["changelog"]
    assert [e["record"] for e in log.values()] == ["HS-S"]
