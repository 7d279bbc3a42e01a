"""``--as-of today``: wherever ``--as-of`` is taken, count as of the store's clock, not its pinned date.

The clock is the store's (``open_store(clock=…)``); the tests fix it to 15/10/2024, so nothing here
depends on the real date."""

from __future__ import annotations

import json
from datetime import date
from functools import partial

import pytest

from qms_tui.cli import common as cli_common
from qms_tui.store import open_store

TODAY = date(2024, 10, 15)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_common, "open_store", partial(open_store, clock=lambda: TODAY))


def test_summary_as_of_today_counts_to_the_clock_not_the_pinned_date(qms, demo_db):
    pinned = json.loads(qms("summary", "--db", demo_db, "--format", "json").out)
    today = json.loads(qms("summary", "--db", demo_db, "--format", "json", "--as-of", "today").out)
    assert pinned["as_of"] == "2024-09-01" and pinned["period"]["to"] == "2024-09-01"
    assert today["as_of"] == "2024-10-15" and today["period"] == {
        "from": "2024-01-01", "to": "2024-10-15", "counted_to": "2024-10-15"}
    assert pinned["dossiers"]["overdue"] == 0 and today["dossiers"]["overdue"] == 108
    text = qms("summary", "--db", demo_db, "--as-of", "TODAY").out  # any case
    assert text.splitlines()[1].startswith("Kỳ 01/01/2024 – 15/10/2024")


def test_as_of_today_is_taken_by_report_and_review_pack(qms, demo_db):
    report = qms("report", "--db", demo_db, "--year", "2024", "--as-of", "today")
    assert report.code == 0, report.err
    assert "đến ngày 15/10/2024 còn 04 rủi ro mức cao" in report.out.replace("\n      ", " ")
    pack = qms("review-pack", "--db", demo_db, "--year", "2024", "--format", "json", "--as-of", "today")
    assert pack.code == 0 and json.loads(pack.out)["as_of"] == "2024-10-15"


def test_a_date_still_wins_and_a_bad_value_names_today(qms, demo_db):
    given = json.loads(qms("summary", "--db", demo_db, "--format", "json", "--as-of", "01/06/2024").out)
    assert given["as_of"] == "2024-06-01"
    bad = qms("summary", "--db", demo_db, "--as-of", "tomorrow")
    assert bad.code != 0 and "--as-of" in bad.err and "hoặc today" in bad.err and "Traceback" not in bad.err


def test_as_of_today_saves_nothing(qms, demo_db, stored_qms):
    qms("summary", "--db", demo_db, "--as-of", "today")
    assert stored_qms(demo_db).today == date(2024, 9, 1)
