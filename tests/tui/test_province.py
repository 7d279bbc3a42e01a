"""The province screen of ``qms rollup``: the agencies' table sorts and filters; Enter opens an agency, Esc
comes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from qms_tui import services
from qms_tui.rollup.collect import roll_up
from qms_tui.store import Store, create_store
from qms_tui.tui import province_app
from qms_tui.tui.province_app import ProvinceApp
from qms_tui.tui.widgets.record_table import RecordTable


@pytest.fixture
def rollup(store_dir: Path):
    create_store(store_dir / "b.json", demo=True)
    services.resolve(Store(store_dir / "b.json"), "BQL-240722-0004", "2024-09-01")
    (store_dir / "broken.json").write_text("{", encoding="utf-8")
    return roll_up([store_dir], sort="received")


def shown_stores(app: ProvinceApp) -> list[str]:
    return [a.store for a in app.query_one(RecordTable).view_records]


async def test_the_table_sorts_filters_and_opens_an_agency(rollup):
    app = ProvinceApp(rollup)
    async with app.run_test(size=(200, 30)) as pilot:
        table = app.query_one(RecordTable)
        assert shown_stores(app)[0] == "" and table.view_records[0].name == "Toàn tỉnh"  # the total, pinned
        # the same figures received: by store; the unreadable store is listed last, marked "!"
        assert [Path(s).name for s in shown_stores(app)[1:]] == ["b.json", "qms.json", "broken.json"]
        assert "broken.json" in str(app.screen.query(".error").first().render())
        await pilot.press("slash", *"b.json", "enter")
        assert [Path(s).name for s in shown_stores(app) if s] == ["b.json"]
        await pilot.press("escape")
        assert len([s for s in shown_stores(app) if s]) == 3
        table.move_to_key(str(Path(rollup.agencies[1].store)))
        await pilot.press("enter")
    assert app.return_value == rollup.agencies[1].store


async def test_the_footer_offers_only_worded_keys(rollup):
    """No command palette: Textual's would offer only its own commands, in English ("^p palette")."""
    from qms_tui.tui.widgets.footer import QmsFooter

    app = ProvinceApp(rollup)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.query_one(QmsFooter).text
        assert "q Thoát" in footer and "palette" not in footer
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert len(app.screen_stack) == 1


async def test_enter_on_the_total_opens_nothing(rollup):
    app = ProvinceApp(rollup)
    async with app.run_test(size=(200, 30)) as pilot:
        app.query_one(RecordTable).move_cursor(row=0)
        await pilot.press("enter")
        assert app.is_running
        await pilot.press("q")
    assert app.return_value is None


def test_run_province_opens_the_agency_read_only_and_comes_back(rollup, monkeypatch):
    chosen = iter([rollup.agencies[0].store, None])
    seen: list[tuple[str, bool, str | None]] = []

    class FakeProvince:
        def __init__(self, _rollup, *, cursor=None):
            self.cursor = cursor

        def run(self):
            value = next(chosen)
            seen.append(("province", False, self.cursor))
            return value

    class FakeApp:
        def run(self):
            seen.append(("agency", True, None))

    def fake_make_app(store, *, back_on_escape):
        assert store.read_only and back_on_escape and str(store.path) == rollup.agencies[0].store
        return FakeApp()

    monkeypatch.setattr(province_app, "ProvinceApp", FakeProvince)
    monkeypatch.setattr("qms_tui.tui.app.make_app", fake_make_app)
    province_app.run_province(rollup, "vi")
    assert seen == [("province", False, None), ("agency", True, None),
                    ("province", False, rollup.agencies[0].store)]


async def test_escape_in_an_agency_opened_from_the_province_goes_back(store_dir: Path):
    from qms_tui.tui.app import make_app

    app = make_app(Store(store_dir / "qms.json", read_only=True), back_on_escape=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert not app.is_running


async def test_the_index_column_shows_each_agencys_points_from_its_aggregate(store_dir: Path, monkeypatch):
    """Every store counted from its aggregate shows its service index total, whatever its size; a store
    without an aggregate and with more dossiers than may be read shows — and sorts last."""
    from datetime import date

    from qms_tui.domain.service_index import compute
    from qms_tui.i18n import number
    from qms_tui.rollup import collect
    from qms_tui.store.files import decode, encode
    from qms_tui.store.shards import AGGREGATE_TABLE, LAYOUT_TABLE

    older = create_store(store_dir / "older.json", demo=True)
    main = decode(older.read_bytes())
    main[LAYOUT_TABLE]["1"]["tables"].pop(AGGREGATE_TABLE)  # as an older qms-tui wrote it
    older.write_bytes(encode(main))
    monkeypatch.setattr(collect, "INDEX_DOSSIERS", 100)  # the demo's 878 dossiers: too many to read one by one
    rollup = roll_up([store_dir], sort="service_index")
    expected = compute(Store(store_dir / "qms.json", read_only=True).snapshot(), date(2024, 1, 1),
                       date(2024, 12, 31))
    text = f"{number(expected.total_points, 'vi', 1)}/{number(expected.max_points, 'vi')}"
    app = ProvinceApp(rollup)
    async with app.run_test(size=(200, 30)):
        table = app.query_one(RecordTable)
        assert [Path(s).name for s in shown_stores(app)[1:]] == ["qms.json", "older.json"]  # sorted by points
        cells = {Path(a.store).name: str(table.get_cell(a.store, "service_index")) for a in rollup.agencies}
        assert cells == {"qms.json": text, "older.json": "—"}
        assert "—" not in text and 0 < expected.total_points < expected.max_points
