"""``qms due``: the reminder list in text (80 columns), Markdown and JSON, and ``--check`` for cron."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from qms_tui.store import Store


def columns(line: str) -> int:
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_text_lists_every_register_within_80_columns(qms, demo_db: Path):
    run = qms("due", "--db", demo_db, "--lang", "en")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "Due within 10 working days (to 2024-09-17), as of 2024-09-01"
    assert max(columns(line) for line in lines) <= 80
    for heading in ("TTHC dossiers (70)", "Risk treatments (1)", "Plan tasks (2)", "Procedure reviews (12 months) (2)",
                    "Legal changes to carry in (3 months) (1)", "Management review actions (1)"):
        assert heading in lines
    assert any(line.startswith("  2024-06-30  45 days late  RR-01  ") for line in lines)
    assert any(line.endswith("…") for line in lines)  # long names are cut, not wrapped


def test_check_exits_1_when_something_is_overdue_and_0_otherwise(qms, demo_db: Path, empty_db: Path):
    assert qms("due", "--db", demo_db, "--check").code == 1
    assert qms("due", "--db", demo_db).code == 0
    run = qms("due", "--db", empty_db, "--check", "--lang", "en")
    assert run.code == 0, run.out
    assert "Overdue: 0" in run.out


def test_json_counts_working_days_and_the_horizon_skips_the_national_day(qms, demo_db: Path):
    run = qms("due", "--db", demo_db, "--within", "1", "--format", "json")
    data = json.loads(run.out)
    assert (data["as_of"], data["horizon"]) == ("2024-09-01", "2024-09-04")  # 2 and 3 September are holidays
    risk = next(i for i in data["items"] if i["code"] == "RR-01")
    assert risk["overdue"] is True and risk["working_days"] < 0 and risk["due"] == "2024-06-30"
    assert {i["due"] for i in data["items"] if not i["overdue"]} == {"2024-09-04"}


def test_markdown_escapes_stored_text(qms, demo_db: Path):
    with Store(demo_db).transaction() as tx:
        doc = next(d for d in tx.tables["risks"].values() if d["code"] == "RR-01")
        doc["treatment"] = "a | b \x1b[2J"
        tx.touched("risks")
    run = qms("due", "--db", demo_db, "-f", "markdown", "--lang", "en")
    assert "\x1b" not in run.out
    assert "| a \\| b \\x1b[2J | Văn phòng |" in run.out
    assert "\x1b" not in qms("due", "--db", demo_db).out


def test_a_bad_format_is_a_usage_error(qms, demo_db: Path):
    run = qms("due", "--db", demo_db, "--format", "html")
    assert run.code == 2 and "--format" in run.err


def test_feedback_to_answer_is_listed_and_is_due_15_working_days_after_receipt(qms, demo_db: Path):
    run = qms("due", "--db", demo_db, "--within", "11", "--lang", "en")
    assert "Feedback to answer (1)" in run.out.splitlines()
    assert any(line.startswith("  2024-09-18  in 11 days  PA-2024-06  ") for line in run.out.splitlines()), run.out
    assert "Feedback to answer" not in qms("due", "--db", demo_db, "--lang", "en").out  # 18/9 is day 11
    late = qms("feedback", "add", "PA-LATE", "--db", demo_db, "--received", "2024-07-01", "--summary", "no answer")
    assert late.code == 0, late.err
    data = json.loads(qms("due", "--db", demo_db, "--format", "json").out)
    item = next(i for i in data["items"] if i["kind"] == "feedback")
    assert (item["code"], item["due"], item["overdue"]) == ("PA-LATE", "2024-07-22", True)
