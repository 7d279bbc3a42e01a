"""``qms rollup``: many agencies' stores read-only, the figures of ``qms summary``, the bad ones listed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from qms_tui import services
from qms_tui.store import Store, create_store
from qms_tui.store.lock import store_lock


@pytest.fixture
def province(tmp_path: Path) -> Path:
    """A province folder: two agencies' stores (one with a folder of its own), an export, a damaged file."""
    folder = tmp_path / "province"
    first = create_store(folder / "agency-a" / "qms.json", demo=True)
    services.resolve(Store(first), "BQL-240722-0004", "2024-09-01")
    create_store(folder / "b.json", demo=True)
    Store(first).copy_to(folder / "c-export.json")
    (folder / "d-broken.json").write_text("{not json", encoding="utf-8")
    return folder


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*") if p.is_file()}


def test_every_store_counts_with_the_figures_of_qms_summary_and_a_broken_one_is_listed(qms, province: Path):
    before = files_of(province)
    run = qms("rollup", province, "--year", "2024", "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    by_store = {Path(a["store"]).name: a for a in data["agencies"]}
    assert sorted(by_store) == ["b.json", "c-export.json", "d-broken.json", "qms.json"]
    assert "not valid JSON" in by_store["d-broken.json"]["error"] and by_store["d-broken.json"]["dossiers"] is None
    for name, agency in by_store.items():
        if agency["error"]:
            continue
        path = next(p for p in [province / "agency-a" / "qms.json", *province.glob("*.json")] if p.name == name)
        summary = qms("summary", "--db", path, "--read-only", "--from", "2024-01-01", "--to", "2024-12-31",
                      "--format", "json")
        assert agency["dossiers"] == json.loads(summary.out)["dossiers"]
        assert agency["name"] == "Ban Quản lý Khu kinh tế Hải Phòng" and agency["as_of"] == "2024-09-01"
    assert by_store["qms.json"]["dossiers"]["resolved"] == by_store["b.json"]["dossiers"]["resolved"] + 1
    total = data["total"]
    assert total["dossiers"]["received"] == sum(a["dossiers"]["received"] for a in by_store.values() if a["dossiers"])
    assert total["open_ncs"] == 3 * by_store["b.json"]["open_ncs"] and total["readable"] == 3
    assert [a["on_time_rate"] for a in data["agencies"][:3]] == sorted(
        (a["on_time_rate"] for a in data["agencies"][:3]), reverse=True)
    assert data["agencies"][-1]["error"]  # the unreadable store comes last
    assert files_of(province) == before  # nothing written, no lock file made


def test_a_store_locked_by_a_writer_is_still_read(qms, province: Path):
    store = province / "b.json"
    with store_lock(store.with_name("b.json.lock"), store, user="lan", mode=None, wait=0, notice=None):
        run = qms("rollup", store, "--format", "json")
    assert run.code == 0 and json.loads(run.out)["agencies"][0]["error"] is None


def test_text_in_english_is_ranked_by_the_chosen_column_and_names_the_unreadable(qms, province: Path):
    run = qms("rollup", province, "--lang", "en", "--sort", "name")
    assert run.code == 0
    assert "QMS roll-up of the agencies" in run.out and "Province total" in run.out
    assert "Stores that cannot be read" in run.out and "d-broken.json" in run.out
    assert "Tổng" not in run.out and "Kỳ" not in run.out


@pytest.mark.parametrize(("fmt", "marker"), [("markdown", "| # |"), ("html", "<table")])
def test_markdown_and_html(qms, province: Path, fmt: str, marker: str):
    run = qms("rollup", province, "--format", fmt)
    assert run.code == 0 and marker in run.out and "Toàn tỉnh" in run.out


def test_an_output_file_is_written_but_never_onto_a_store(qms, province: Path, tmp_path: Path):
    target = tmp_path / "province.html"
    assert qms("rollup", province, "-o", target).code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    store = province / "b.json"
    size = store.stat().st_size
    run = qms("rollup", province, "-o", store)
    assert run.code == 1 and "không ghi" in run.err and store.stat().st_size == size


@pytest.mark.parametrize("args", [("--sort", "colour"), ("--year", "2024", "--from", "2024-01-01"),
                                  ("--from", "2024-01-01"), ("--format", "svg")])
def test_mistakes_in_the_options_are_one_line(qms, province: Path, args: tuple[str, ...]):
    run = qms("rollup", province, *args)
    assert run.code in (1, 2) and run.out == "" and "Traceback" not in run.err


def test_no_readable_store_is_exit_2(qms, tmp_path: Path):
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    run = qms("rollup", tmp_path / "x.json", tmp_path / "missing.json")
    assert run.code == 2 and "không đọc được kho dữ liệu nào" in run.err
    os.mkdir(tmp_path / "empty")
    assert qms("rollup", tmp_path / "empty").code == 2


def test_the_service_index_total_is_that_of_qms_index_from_the_aggregate_at_any_size(qms, province: Path,
                                                                                   monkeypatch):
    from datetime import date

    from qms_tui.domain.qms import Period
    from qms_tui.domain.service_index import compute
    from qms_tui.rollup import collect
    from qms_tui.store.files import decode, encode
    from qms_tui.store.shards import AGGREGATE_TABLE, LAYOUT_TABLE

    year = Period(date(2024, 1, 1), date(2024, 12, 31))
    demo = next(p for p in sorted(province.glob("*.json")) if Store(p, read_only=True).snapshot().dossiers)
    expected = compute(Store(demo, read_only=True).snapshot(), year.start, year.end)
    monkeypatch.setattr(collect, "INDEX_DOSSIERS", 100)  # the demo's 878 dossiers: more than may be read
    agency, qms_of_it = collect.read_agency(demo, year)
    assert (agency.service_index, agency.service_index_max) == (expected.total_points, expected.max_points)
    assert 0 < agency.service_index < agency.service_index_max
    assert qms_of_it.stored_dossiers is None  # from the aggregate: no dossier read
    main = decode(demo.read_bytes())
    main[LAYOUT_TABLE]["1"]["tables"].pop(AGGREGATE_TABLE)  # an older store: no aggregate to count from
    demo.write_bytes(encode(main))
    agency, _ = collect.read_agency(demo, year)
    assert agency.recounted == "missing" and agency.counts is not None
    assert agency.service_index is None  # more dossiers than INDEX_DOSSIERS: not read one by one for it
    monkeypatch.setattr(collect, "INDEX_DOSSIERS", 5_000)
    agency, _ = collect.read_agency(demo, year)
    assert (agency.service_index, agency.service_index_max) == (expected.total_points, expected.max_points)
