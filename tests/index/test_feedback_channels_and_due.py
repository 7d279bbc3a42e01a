"""The feedback register in Vietnamese (channel and kind words accepted and printed) and its due dates, which
follow the working-day calendar unless the user set them by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from qms_tui.store import Store

LATE = "BQL-240701-0099"


def _feedback(db: Path, code: str) -> dict:
    return next(d for d in Store(db).load()["feedback"].values() if d["code"] == code)


@pytest.mark.parametrize(("typed", "channel"), [("Điện thoại", "phone"), ("thu dien tu", "email"),
                                                ("Cổng DVC", "portal"), ("văn bản", "letter"), ("portal", "portal")])
def test_vietnamese_channel_words_are_read(qms, demo_db: Path, typed: str, channel: str) -> None:
    run = qms("feedback", "add", "PA-VN", "--received", "2024-08-01", "--channel", typed, "--kind", "Phản ánh",
              "--db", demo_db)
    assert run.code == 0, run.err
    doc = _feedback(demo_db, "PA-VN")
    assert (doc["channel"], doc["kind"]) == (channel, "complaint")


def test_an_unknown_channel_lists_the_vietnamese_words_too(qms, demo_db: Path) -> None:
    run = qms("feedback", "add", "PA-X", "--channel", "Zalo", "--db", demo_db)
    assert run.code == 1 and "Traceback" not in run.err
    assert "channel" in run.err and "điện thoại" in run.err and "Cổng DVC" in run.err


def test_the_list_prints_channel_and_kind_in_the_session_language(qms, demo_db: Path, monkeypatch) -> None:
    assert qms("feedback", "add", "PA-L", "--received", "2024-08-01", "--channel", "điện thoại", "--kind", "khen",
               "--db", demo_db).code == 0
    line = next(x for x in qms("feedback", "list", "--db", demo_db).out.splitlines() if "PA-L" in x)
    assert "điện thoại" in line and "khen" in line and "phone" not in line and "praise" not in line
    monkeypatch.setenv("QMS_LANG", "en")
    line = next(x for x in qms("feedback", "list", "--db", demo_db).out.splitlines() if "PA-L" in x)
    assert "phone" in line and "praise" in line


def test_a_day_off_moves_a_computed_feedback_due_date_and_not_one_set_by_hand(qms, demo_db: Path, log_of) -> None:
    assert qms("feedback", "add", "PA-C", "--received", "2024-08-26", "--db", demo_db).code == 0
    assert qms("feedback", "add", "PA-H", "--received", "2024-08-26", "--due", "2024-09-18", "--db", demo_db).code == 0
    computed = _feedback(demo_db, "PA-C")["due"]
    assert computed == "2024-09-18"  # 15 working days after Monday 26/08, skipping 02-03/09 (National Day)
    assert _feedback(demo_db, "PA-H")["due_given"] is True
    run = qms("calendar", "add", "2024-09-05", "--note", "Nghỉ bù", "--db", demo_db)
    assert run.code == 0, run.err
    assert "đổi hạn của 2 phản ánh, kiến nghị:\n" in run.out  # PA-C and the demo's open PA-2024-06
    assert "  PA-C  18/09/2024 → 19/09/2024\n" in run.out and "PA-H" not in run.out
    assert _feedback(demo_db, "PA-C")["due"] == "2024-09-19"
    assert _feedback(demo_db, "PA-H")["due"] == "2024-09-18"  # set by hand (to the same day): kept
    assert any(e["table"] == "feedback" and "PA-C 18/09/2024 → 19/09/2024" in e["summary"] for e in log_of(demo_db))
    run = qms("calendar", "remove", "2024-09-05", "--db", demo_db)
    assert run.code == 0 and "PA-C  19/09/2024 → 18/09/2024" in run.out
    assert _feedback(demo_db, "PA-C")["due"] == "2024-09-18"


def test_handled_feedback_keeps_its_due_date_and_an_emptied_due_is_computed_again(qms, demo_db: Path) -> None:
    assert qms("feedback", "add", "PA-D", "--received", "2024-08-26", "--db", demo_db).code == 0
    assert qms("feedback", "close", "PA-D", "--date", "2024-08-30", "--db", demo_db).code == 0
    assert qms("feedback", "add", "PA-E", "--received", "2024-08-26", "--due", "2024-09-20", "--db", demo_db).code == 0
    assert qms("feedback", "edit", "PA-E", "--due", "", "--db", demo_db).code == 0
    assert (_feedback(demo_db, "PA-E")["due"], _feedback(demo_db, "PA-E")["due_given"]) == ("2024-09-18", False)
    assert qms("calendar", "add", "2024-09-05", "--db", demo_db).code == 0
    assert _feedback(demo_db, "PA-D")["due"] == "2024-09-18"  # handled: its figure is settled
    assert _feedback(demo_db, "PA-E")["due"] == "2024-09-19"  # computed again, so it follows the calendar
