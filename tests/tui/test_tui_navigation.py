"""Keys that work everywhere: 1–5, help, the command palette, quit — and not while typing a filter."""

from __future__ import annotations

import pytest
from textual import events
from textual.command import CommandPalette
from textual.widgets import Markdown
from tui_helpers import footer_keys, screen_text, wait_for

from qms_tui.tui.dialogs.help import HelpDialog
from qms_tui.tui.screens.dossiers import DossiersScreen
from qms_tui.tui.screens.overview import OverviewScreen
from qms_tui.tui.screens.procedures import ProceduresScreen
from qms_tui.tui.screens.risks import RisksScreen
from qms_tui.tui.screens.training import TrainingScreen
from qms_tui.tui.widgets.header import QmsHeader
from qms_tui.tui.widgets.table_view import FilterInput

SCREENS = [
    ("1", "overview", OverviewScreen),
    ("2", "procedures", ProceduresScreen),
    ("3", "risks", RisksScreen),
    ("4", "training", TrainingScreen),
    ("5", "dossiers", DossiersScreen),
]


@pytest.mark.slow
@pytest.mark.parametrize("order", [["2", "3", "4", "5", "1"], ["5", "4", "3", "2", "1"]])
async def test_number_keys_switch_screens(app, order):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in order:
            await pilot.press(key)
            await pilot.pause()
            _, mode, screen_class = next(s for s in SCREENS if s[0] == key)
            assert app.current_mode == mode
            assert isinstance(app.screen, screen_class)
            header = app.screen.query_one(QmsHeader)
            assert header.screen_name == mode


async def test_digits_typed_in_a_filter_stay_in_the_filter(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash", "1", "3")
        await pilot.pause()
        assert isinstance(app.screen, ProceduresScreen)
        assert isinstance(app.focused, FilterInput)
        assert app.focused.value == "13"
        await pilot.press("escape", "3")
        await pilot.pause()
        assert isinstance(app.screen, RisksScreen)


async def test_help_opens_lists_keys_and_closes(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        source = app.screen.query_one(Markdown).source
        for key in ("`1`", "`5`", "`p`", "`r`", "`?`", "`q`", "`/`", "`s`", "`Esc`", "`Enter`", "`Ctrl+P`",
                    "`j`", "`t`", "`l`", "`c`", "`x`", "`v`", "`d`"):
            assert key in source, key
        await pilot.press("2")  # app keys are off while the help is open
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("q")  # q closes the help, it does not quit
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert app.is_running


async def test_command_palette_lists_every_action_and_runs_one(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        titles = [title for title, _, _ in app.palette_commands()]
        for expected in ("Đi tới: Tổng quan", "Đi tới: Quy trình", "Đi tới: Rủi ro", "Đi tới: Đào tạo",
                         "Đi tới: Hồ sơ", "Đổi kỳ báo cáo", "Tải lại dữ liệu", "Xuất bản tóm tắt ra tệp văn bản",
                         "Trợ giúp: danh sách phím", "Thoát"):
            assert expected in titles, expected
        await pilot.press(*"di toi rui ro")
        options = app.screen.query_one("CommandList")
        assert await wait_for(pilot, lambda: options.option_count > 0)
        assert "Rủi ro" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, RisksScreen))


async def test_q_quits(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_keys_typed_ahead_of_a_new_screen_reach_its_filter(app):
    """A burst such as a paste or a fast typist over SSH: "2/lao dong" arrives before screen 2 exists."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        typed = [(c if c != " " else "space", c) for c in "lao dong"]
        for key, character in [("2", "2"), ("slash", "/"), *typed, ("enter", "\r"), ("j", "j"), ("j", "j")]:
            app.post_message(events.Key(key, character))
        assert await wait_for(pilot, lambda: isinstance(app.screen, ProceduresScreen)
                              and app.screen.table.cursor_key == "QT-LD03")
        assert app.screen.table.filter_text == "lao dong"
        assert app.screen.table.row_count == 10
        assert app.focused is app.screen.table


async def test_footer_shows_the_keys_that_apply(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for item in ("⏎ Mở", "/ Lọc", "e Sửa", "d Hồ sơ", "p Kỳ", "? Trợ giúp", "q Thoát", "^p Lệnh"):
            assert item in footer, item
        await pilot.press("slash")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "⏎ Xong" in footer and "Esc Bỏ lọc" in footer
        assert "e Sửa" not in footer  # typing: the table's keys do not apply


@pytest.mark.parametrize("screen", ["2", "3", "4", "5", "6"])
async def test_every_table_screen_offers_sorting_in_its_footer(make, screen: str):
    """``s`` sorts every table; the footer says so (``r`` is not needed there: the store is followed live)."""
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(screen)
        await pilot.pause()
        keys = footer_keys(app)
        assert "s" in keys and "r" not in keys
        footer = screen_text(app).splitlines()[-1]
        assert "s Sắp xếp" in footer and "q Thoát" in footer  # it fits at 80 columns
