"""The Overview's service index block (Decision 766): points out of the maximum of the indicators with data,
the weakest indicators, "no data" written out on a store without any, and Enter or ``i`` opening the index
view of screen 5."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import AS_OF, screen_text

from qms_tui.store import Store, create_store
from qms_tui.tui.app import make_app
from qms_tui.tui.screens.dossiers import DossiersScreen
from qms_tui.tui.widgets.block import Block

SIZE = (80, 24)


async def test_the_index_block_shows_points_and_the_weakest_indicators_on_the_demo(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        result = app.service_index()
        assert round(result.total_points, 1) == 48.6 and result.max_points == 55
        shown = app.screen.query_one("#ov-index", Block).plain
        assert shown.splitlines()[0] == "48,6/55 điểm, 8/8 chỉ số"
        weakest = result.weakest(2)
        assert [i.id for i in weakest] == ["2.1", "3.6"]  # the two that lose the most points (1.7 and 1.5)
        assert shown.splitlines()[1] == "yếu: 2.1 88% · 3.6 56%"
        assert "[i] Chỉ số 766" in screen_text(app)
        assert "24 hồ sơ · quá hạn: 0" in screen_text(app)  # the attention block, now one line above it


async def test_enter_on_the_index_block_opens_the_index_view(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")  # dossiers → attention → index
        assert app.focused.id == "ov-index"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DossiersScreen) and screen.view == "index"
        assert app.focused is screen.query_one("#index-table")
        assert len(screen.query_one("#index-table").records) == 8


async def test_i_on_the_overview_opens_the_index_view_and_5_later_opens_the_list(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, DossiersScreen) and app.screen.view == "index"
        await pilot.press("1", "down", "enter")  # the attention block still leads to the list
        await pilot.pause()
        assert app.screen.view == "list" and app.screen.status == "attention"


async def test_an_empty_store_shows_no_data_never_zero_points(store_dir: Path):
    create_store(store_dir / "new.json", demo=False)
    app = make_app(Store(Path("new.json")), clock=lambda: AS_OF, poll_interval=5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = app.screen.query_one("#ov-index", Block).plain
        assert shown.splitlines() == ["chưa có dữ liệu", "0/8 chỉ số tính được"]
        assert "điểm" not in shown and "%" not in shown
