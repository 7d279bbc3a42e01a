"""Every write keeps the store's aggregate equal to counting its dossiers; a missing or stale one is told."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qms_tui import services
from qms_tui.domain.qms import Period
from qms_tui.domain.statistics import period_stats_docs
from qms_tui.services import calendar as calendar_service
from qms_tui.store import Store
from qms_tui.store.aggregates import counting_snapshot
from qms_tui.store.files import decode, encode
from qms_tui.store.shards import AGGREGATE_TABLE, LAYOUT_TABLE


@pytest.fixture(autouse=True)
def english_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of what ``qms`` prints (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

OPEN = "BQL-240722-0004"
PERIODS = [Period(date(2024, 1, 1), date(2024, 9, 1)), Period(date(2024, 7, 22), date(2024, 8, 31)),
           Period(date(2024, 9, 1), date(2024, 9, 1)), Period(date(2023, 6, 1), date(2024, 2, 29))]


def assert_same_figures(path: Path) -> None:
    said: list[str] = []
    qms = counting_snapshot(Store(path, read_only=True), said.append)
    assert qms.aggregate is not None and qms.stored_dossiers is None, said  # counted without the dossiers
    docs = Store(path, read_only=True).snapshot()
    for period in PERIODS:
        clipped = docs.clip(period)
        expected = period_stats_docs(docs.dossier_docs, clipped.start, clipped.end, docs.field_of)
        found = qms.stats(period)
        assert (found.total, found.by_field, found.by_procedure) == (
            expected.total, expected.by_field, expected.by_procedure)
    assert [d.code for d in qms.attention_dossiers()] == [d.code for d in docs.attention_dossiers()]
    assert [f.message for f in qms.findings()] == [f.message for f in docs.findings()]  # late without apology
    assert qms.stored_dossiers is None  # ... still without reading the dossiers


def test_a_new_store_and_each_kind_of_write_keep_the_aggregate_exact(demo_db: Path):
    assert_same_figures(demo_db)
    store = Store(demo_db)
    services.supplement(store, OPEN, "2024-08-01")  # a pause: the due date moves
    assert_same_figures(demo_db)
    services.resume(store, OPEN, "2024-08-20")
    services.resolve(store, OPEN, "2024-09-01")
    assert_same_figures(demo_db)
    services.add_dossier(store, "NEW-1", procedure="QT-DT01", channel="online", received="2024-09-01")
    calendar_service.add_override(store, date(2024, 9, 3), "day_off", "typhoon")  # open dossiers' due dates move
    assert_same_figures(demo_db)
    with store.transaction() as tx:  # a bulk change through the whole table
        for doc in tx.tables["dossiers"].values():
            if doc.get("code", "").endswith("1"):
                doc["channel"] = "unknown"
        tx.touched("dossiers")
    assert_same_figures(demo_db)


def test_a_store_without_its_aggregate_is_counted_from_the_dossiers_and_mended_by_the_next_write(demo_db: Path):
    main = decode(demo_db.read_bytes())
    main[LAYOUT_TABLE]["1"]["tables"].pop(AGGREGATE_TABLE)  # as an older qms-tui writes it
    demo_db.write_bytes(encode(main))
    said: list[str] = []
    qms = counting_snapshot(Store(demo_db, read_only=True), said.append)
    assert said == ["missing"] and qms.aggregate is None
    assert qms.stats(PERIODS[0]).total.received == 578
    services.resolve(Store(demo_db), OPEN, "2024-09-01")
    assert_same_figures(demo_db)


def test_an_aggregate_left_from_other_dossier_files_is_stale(demo_db: Path):
    main = decode(demo_db.read_bytes())
    layout = main[LAYOUT_TABLE]["1"]["tables"]
    services.resolve(Store(demo_db), OPEN, "2024-09-01")
    now = decode(demo_db.read_bytes())
    now[LAYOUT_TABLE]["1"]["tables"][AGGREGATE_TABLE] = layout[AGGREGATE_TABLE]  # the aggregate before the write
    demo_db.write_bytes(encode(now))
    said: list[str] = []
    qms = counting_snapshot(Store(demo_db, read_only=True), said.append)
    assert said == ["stale"]
    assert qms.stats(PERIODS[0]).total.resolved == 440


def test_a_one_file_export_carries_its_aggregate_until_its_dossiers_are_edited(demo_db: Path, tmp_path: Path):
    copy = tmp_path / "copy.json"
    Store(demo_db).copy_to(copy)
    said: list[str] = []
    qms = counting_snapshot(Store(copy, read_only=True), said.append)
    assert said == [] and qms.aggregate is not None and qms.stored_dossiers is None
    assert qms.stats(PERIODS[0]).total.received == 578
    main = decode(copy.read_bytes())
    main["dossiers"]["1"]["received"] = "2024-03-01"  # a hand edit
    copy.write_bytes(encode(main))
    qms = counting_snapshot(Store(copy, read_only=True), said.append)
    assert said == ["stale"] and qms.aggregate is None
    services.resolve(Store(copy), OPEN, "2024-09-01")  # its first write splits it and counts it again
    assert "aggregates" not in decode(copy.read_bytes())
    assert_same_figures(copy)


def test_qms_check_compares_the_aggregate_with_the_dossiers(qms, demo_db: Path):
    assert qms("check", "--db", demo_db).code == 0
    main = decode(demo_db.read_bytes())
    layout = main[LAYOUT_TABLE]["1"]
    name = layout["tables"][AGGREGATE_TABLE]["files"]["00"]
    path = demo_db.with_name("qms.json.shards") / name
    doc = decode(path.read_bytes())
    doc["aggregates"]["1"]["open"].popitem()  # an aggregate that forgot an open dossier
    path.write_bytes(encode(doc))
    layout["sums"].pop(name)  # as if written so (no checksum to catch it)
    demo_db.write_bytes(encode(main))
    run = qms("check", "--db", demo_db)
    assert run.code == 1 and "aggregate does not match the dossiers" in run.out


def test_a_summary_of_a_store_open_for_writing_writes_its_missing_aggregate_once(qms, demo_db: Path):
    main = decode(demo_db.read_bytes())
    main[LAYOUT_TABLE]["1"]["tables"].pop(AGGREGATE_TABLE)
    demo_db.write_bytes(encode(main))
    read_only = qms("summary", "--db", demo_db, "--read-only", "--format", "json")
    assert "aggregate is missing" in read_only.err and "next change" in read_only.err
    first = qms("summary", "--db", demo_db, "--format", "json")
    assert "aggregate is missing" in first.err and "written now" in first.err
    again = qms("summary", "--db", demo_db, "--format", "json")
    assert again.err == "" and again.out == first.out
    assert_same_figures(demo_db)


def test_an_aggregate_of_another_version_is_counted_again_by_a_writable_summary(demo_db: Path, monkeypatch):
    from qms_tui.domain import aggregates
    from qms_tui.store.aggregates import mend_aggregate

    monkeypatch.setattr(aggregates, "VERSION", aggregates.VERSION + 1)  # as after an upgrade of qms-tui
    said: list[str] = []
    counting_snapshot(Store(demo_db, read_only=True), said.append)
    assert said == ["of another version"]
    assert mend_aggregate(Store(demo_db))
    assert_same_figures(demo_db)  # written in this version now, so nothing more is said
