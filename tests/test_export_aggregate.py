"""A one-file export (``qms export store``) is counted from the aggregate it carries, its dossiers not parsed,
as long as their checksum says the aggregate still counts them; otherwise they are parsed and counted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson

from qms_tui import services
from qms_tui.domain.qms import Period
from qms_tui.domain.statistics import period_stats_docs
from qms_tui.rollup.collect import read_agency
from qms_tui.store import Store
from qms_tui.store.aggregates import counting_main, counting_snapshot, export_head
from qms_tui.store.shards import AGGREGATE_TABLE

YEAR = Period(date(2024, 1, 1), date(2024, 12, 31))


def exported(demo_db: Path, tmp_path: Path) -> Path:
    services.resolve(Store(demo_db), "BQL-240722-0004", "2024-09-01")
    target = tmp_path / "export.json"
    Store(demo_db).copy_to(target)
    return target


def expected_received(path: Path) -> int:
    docs = Store(path, read_only=True).snapshot()
    return period_stats_docs(docs.dossier_docs, YEAR.start, docs.clip(YEAR).end, docs.field_of).total.received


def test_the_export_is_counted_without_parsing_its_dossiers(demo_db: Path, tmp_path: Path):
    target = exported(demo_db, tmp_path)
    raw = target.read_bytes()
    head = export_head(raw)
    dossiers = orjson.dumps(orjson.loads(raw)["dossiers"])
    assert head is not None and len(raw) - len(head) == len(dossiers) + len(',"dossiers":')  # all left out
    main, aggregate = counting_main(Store(target, read_only=True))
    assert "dossiers" not in main and aggregate is not None
    said: list[str] = []
    qms = counting_snapshot(Store(target, read_only=True), said.append)
    assert said == [] and qms.stored_dossiers is None
    assert qms.stats(YEAR).total.received == expected_received(demo_db)
    agency, of_it = read_agency(target, YEAR)
    assert agency.error is None and agency.counts.received == expected_received(demo_db)
    assert of_it.stored_dossiers is None  # nothing asked for the dossiers: not parsed at all


def test_an_export_whose_dossiers_were_edited_is_counted_from_them(demo_db: Path, tmp_path: Path):
    target = exported(demo_db, tmp_path)
    tables = orjson.loads(target.read_bytes())
    first = next(iter(tables["dossiers"].values()))
    first["received"] = "2024-03-03"  # a hand edit after the export: the aggregate no longer counts these
    first["finished"] = first["due"] = first["outcome"] = None
    target.write_bytes(orjson.dumps(tables))  # same layout and length prefix, other bytes
    assert export_head(target.read_bytes()) is None
    main, aggregate = counting_main(Store(target, read_only=True))
    assert aggregate is None and "dossiers" in main
    said: list[str] = []
    qms = counting_snapshot(Store(target, read_only=True), said.append)
    assert said == ["stale"] and qms.stats(YEAR).total.received == expected_received(target)


def test_an_export_laid_out_otherwise_is_parsed_whole(demo_db: Path, tmp_path: Path):
    """Keys in another order (an older export, or one rewritten by another tool): the aggregate is still used
    after checking it against the parsed dossiers."""
    target = exported(demo_db, tmp_path)
    tables = orjson.loads(target.read_bytes())
    tables = {"dossiers": tables.pop("dossiers"), **tables}
    target.write_bytes(orjson.dumps(tables))
    assert export_head(target.read_bytes()) is None
    main, aggregate = counting_main(Store(target, read_only=True))
    assert aggregate is None and main["dossiers"] and main[AGGREGATE_TABLE]
    said: list[str] = []
    qms = counting_snapshot(Store(target, read_only=True), said.append)
    assert said == [] and qms.aggregate is not None
    assert qms.stats(YEAR).total.received == expected_received(demo_db)
