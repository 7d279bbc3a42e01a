"""``qms index`` and ``qms index scale`` on the demo store."""

from __future__ import annotations

import json
from pathlib import Path

KEYS = {"id", "name", "value", "numerator", "denominator", "points", "max_points", "data"}


def test_json_keys_and_the_demo_figures(qms, demo_db: Path) -> None:
    run = qms("index", "--from", "2024-01-01", "--to", "2024-09-01", "--format", "json", "--db", demo_db)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert set(data) == {"indicators", "total_points", "max_points"}
    assert all(set(item) == KEYS for item in data["indicators"])
    by_id = {item["id"]: item for item in data["indicators"]}
    assert {"2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "5.2", "5.4"} <= by_id.keys()
    assert (by_id["2.1"]["numerator"], by_id["2.1"]["denominator"]) == (369 + 113 + 26, 578)
    assert (by_id["3.3"]["numerator"], by_id["3.3"]["denominator"]) == (273, 454)
    for item in data["indicators"]:
        if not item["data"]:
            assert item["value"] is None and item["points"] is None  # no data, never zero


def test_the_two_on_time_figures_are_labelled_apart(qms, demo_db: Path) -> None:
    index = qms("index", "--year", "2024", "--db", demo_db)
    summary = qms("summary", "--db", demo_db)
    assert "87,9%" in index.out and "chỉ số 766" in index.out and "Biểu 06" in index.out
    assert "Tỷ lệ đúng hạn (Biểu 06)" in summary.out


def test_output_is_guarded_like_other_commands(qms, demo_db: Path, tmp_path: Path) -> None:
    run = qms("index", "-o", demo_db, "--db", demo_db)
    assert run.code == 1 and "chính kho dữ liệu" in run.err
    out = tmp_path / "index.md"
    assert qms("index", "-f", "markdown", "--lang", "en", "-o", out, "--db", demo_db).code == 0
    assert "| 2.1 On-time progress" in out.read_text(encoding="utf-8")


def test_bad_period_and_format(qms, demo_db: Path) -> None:
    assert qms("index", "--year", "2024", "--from", "2024-01-01", "--db", demo_db).code != 0
    run = qms("index", "--format", "svg", "--db", demo_db)
    assert run.code != 0 and "Traceback" not in run.err


def test_scale_set_writes_the_table_and_changes_the_points(qms, demo_db: Path) -> None:
    listed = qms("index", "scale", "list", "--db", demo_db)
    assert listed.code == 0 and "* 2.1" in listed.out  # a default, not yet in the store
    run = qms("index", "scale", "set", "3.3", "--max-points", "12", "--db", demo_db)
    assert run.code == 0, run.err
    listed = qms("index", "scale", "list", "--db", demo_db)
    assert "  3.3" in listed.out and "max 12 points" in listed.out and "* " not in listed.out
    data = json.loads(qms("index", "--year", "2024", "-f", "json", "--db", demo_db).out)
    assert next(i for i in data["indicators"] if i["id"] == "3.3")["max_points"] == 12
    assert qms("index", "scale", "set", "9.9", "--value", "1", "--db", demo_db).code == 1
    assert qms("index", "scale", "set", "3.3", "--full-at", "-5", "--db", demo_db).code == 1


def test_every_indicator_has_a_value_on_the_demo(qms, demo_db: Path) -> None:
    data = json.loads(qms("index", "--year", "2024", "-f", "json", "--db", demo_db).out)
    assert all(item["data"] for item in data["indicators"])
    assert data["max_points"] == sum(item["max_points"] for item in data["indicators"])
