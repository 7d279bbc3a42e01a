"""``T`` switches the "as of" date between the store's pinned date (the demo's 01/09/2024) and today (the
store's clock, fixed here to 15/10/2024), and the header says which is in force. Nothing is saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Markdown
from tui_helpers import messages, screen_text, wait_for

from qms_tui.labels import set_lang
from qms_tui.store import Store, create_store
from qms_tui.tui.app import QmsApp, make_app
from qms_tui.tui.dialogs.help import HelpDialog
from qms_tui.tui.widgets.block import Block
from qms_tui.tui.widgets.header import QmsHeader

TODAY = date(2024, 10, 15)
"""The clock: later than the demo's pinned 01/09/2024, so that the two "as of" dates differ."""


def demo_app(store_dir: Path) -> QmsApp:
    return make_app(Store(Path("qms.json")), clock=lambda: TODAY, poll_interval=0.1)


def header_line(app: QmsApp) -> str:
    return app.screen.query_one(QmsHeader).text.splitlines()[0]


async def test_t_switches_to_today_and_back_and_the_header_says_which(store_dir: Path):
    before = (store_dir / "qms.json").read_bytes()
    app = demo_app(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Kỳ 01/01/2024–01/09/2024 · tính đến 01/09/2024 (cố định)" in screen_text(app).splitlines()[0]
        assert "quá hạn: 0" in app.screen.query_one("#ov-attention", Block).plain
        await pilot.press("T")
        assert await wait_for(pilot, lambda: "(hôm nay)" in header_line(app))
        top = screen_text(app).splitlines()[0]
        assert "Kỳ 01/01/2024–15/10/2024 · tính đến 15/10/2024 (hôm nay)" in top and "qms.json [DEMO]" in top
        assert app.qms.today == TODAY
        # on 15/10/2024 the dossiers still open on 01/09 are late: the figures follow the date in force
        assert "quá hạn: 108" in app.screen.query_one("#ov-attention", Block).plain
        assert "Số liệu tính đến hôm nay, 15/10/2024" in messages(app)
        await pilot.press("4")  # every screen shares it
        await pilot.pause()
        assert "tính đến 15/10/2024 (hôm nay)" in header_line(app)
        await pilot.press("T")
        assert await wait_for(pilot, lambda: "(cố định)" in header_line(app))
        assert "tính đến 01/09/2024 (cố định)" in screen_text(app).splitlines()[0]
        assert app.qms.today == date(2024, 9, 1)
    assert (store_dir / "qms.json").read_bytes() == before  # a view choice, never written


async def test_the_english_header_says_pinned_or_today(store_dir: Path):
    set_lang("en")
    try:
        app = demo_app(store_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            first = screen_text(app).splitlines()[0]
            assert "as of 2024-09-01 (pinned)" in first and "qms.json [DEMO]" in first
            await pilot.press("T")
            assert await wait_for(pilot, lambda: "(today)" in header_line(app))
            first = screen_text(app).splitlines()[0]
            assert "2024-01-01–2024-10-15 · as of 2024-10-15 (today)" in first and "qms.json [DEMO]" in first
    finally:
        set_lang("vi")


async def test_the_palette_and_the_help_offer_the_switch(store_dir: Path):
    app = demo_app(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        commands = {title: (help_text, callback) for title, help_text, callback in app.palette_commands()}
        title = "Tính đến hôm nay (15/10/2024) thay ngày cố định"
        assert title in commands and "T" in commands[title][0]
        commands[title][1]()
        assert await wait_for(pilot, lambda: "(hôm nay)" in header_line(app))
        titles = [title for title, _, _ in app.palette_commands()]
        assert "Tính đến ngày cố định của kho (01/09/2024)" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        assert "`T`" in app.screen.query_one(Markdown).source
        await pilot.press("T")  # app keys are off while the help is open
        await pilot.pause()
        assert app.qms.today == TODAY


async def test_a_store_without_a_pinned_date_has_no_marker_and_t_says_why(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    create_store(tmp_path / "own.json", demo=False)
    app = make_app(Store(Path("own.json")), clock=lambda: TODAY, poll_interval=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert header_line(app).rstrip().endswith("tính đến 15/10/2024")
        await pilot.press("T")
        await pilot.pause()
        assert "Kho không cố định ngày: số liệu luôn tính đến hôm nay" in messages(app)
        assert header_line(app).rstrip().endswith("tính đến 15/10/2024")
        assert not any("cố định của kho" in title for title, _, _ in app.palette_commands())


async def test_the_store_flags_come_before_the_marker_on_a_narrow_line(store_dir: Path):
    """A long read-only path at 80 columns: "[DEMO, CHỈ ĐỌC]" stays whole and the marker gives way; at
    100 columns both fit."""
    deep = store_dir / "home" / ".local" / "share" / "qms-tui"
    deep.mkdir(parents=True)
    create_store(deep / "qms.json", demo=True)
    app = make_app(Store(deep / "qms.json", read_only=True), clock=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = screen_text(app).splitlines()[0]
        assert "/qms.json [DEMO, CHỈ ĐỌC] Kỳ" in first and first.rstrip().endswith("tính đến 01/09/2024")
        await pilot.resize_terminal(100, 24)
        assert await wait_for(pilot, lambda: "(cố định)" in header_line(app))
        assert "[DEMO, CHỈ ĐỌC]" in screen_text(app).splitlines()[0]


async def test_a_step_recorded_in_today_mode_is_dated_today_not_refused(store_dir: Path):
    """After ``T`` the lifecycle form offers the clock's day, and the service takes it (its "today" is the same)."""
    app = demo_app(store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T")
        assert await wait_for(pilot, lambda: app.qms.today == TODAY)
        await pilot.press("5", "t")  # in progress
        await pilot.pause()
        code = app.screen.table.cursor_key
        await pilot.press("d")
        await pilot.pause()
        assert app.screen.typed() == {"action": "resolve", "date": "15/10/2024", "new_due": "", "ref": ""}
        await pilot.press("tab", "ctrl+s")  # the date as offered
        assert await wait_for(pilot, lambda: any(f"Hồ sơ {code}: trả kết quả" in m for m in messages(app)))
    dossier = next(d for d in Store(store_dir / "qms.json").snapshot().dossiers if d.code == code)
    assert (dossier.finished, dossier.outcome) == (TODAY, "resolved")
