"""Live refresh: another process writes the store; the app follows within 2 seconds and keeps the
user's place (screen, cursor row, filter)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

from store_files import stored_tables, write_one_file_store
from tui_helpers import wait_for

from qms_tui.store import Store
from qms_tui.tui.app import make_app
from qms_tui.tui.screens.overview import OverviewScreen
from qms_tui.tui.screens.procedures import ProceduresScreen
from qms_tui.tui.widgets.block import Block
from qms_tui.tui.widgets.header import QmsHeader

WRITER = textwrap.dedent("""
    import sys
    from datetime import date
    from qms_tui.domain.models import Dossier
    from qms_tui.store import Store

    store = Store(sys.argv[1])
    with store.transaction() as tx:
        tx.put("dossiers", Dossier(code="LIVE-0001", procedure="QT-LD03", channel="online",
                                   received=date(2024, 8, 30), due=date(2024, 9, 6)))
""")


def write_from_another_process(path: Path) -> None:
    subprocess.run([sys.executable, "-c", WRITER, str(path)], check=True, timeout=30)


async def test_a_write_by_another_process_shows_within_2_seconds(app, store_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash", *"lao dong", "enter", "j", "j")
        await pilot.pause()
        procedures = app.screen
        assert isinstance(procedures, ProceduresScreen)
        key = procedures.table.cursor_key
        assert key == "QT-LD03"
        before = app.stats().by_procedure["QT-LD03"].received
        generation = app.generation

        write_from_another_process(store_dir / "qms.json")
        assert await wait_for(pilot, lambda: app.generation > generation, timeout=2.0)

        assert app.screen is procedures  # same screen
        assert procedures.table.filter_text == "lao dong"  # same filter
        assert procedures.table.row_count == 10
        assert procedures.table.cursor_key == key  # same row
        row = procedures.table.get_row(key)
        columns = [c.key for c in procedures.table.specs]
        assert str(row[columns.index("dossiers")]) == str(before + 1)

        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        block = app.screen.query_one("#ov-dossiers", Block).plain
        assert "579 = 439 + 114 + 26 ✓ khớp" in block
        assert "mới 455 · kỳ trước 124" in block


async def test_r_reloads_and_a_broken_file_keeps_the_last_good_data(app, store_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        path = store_dir / "qms.json"
        good = path.read_bytes()
        path.write_bytes(good[: len(good) // 2])  # a half-written file from a broken tool
        generation = app.generation
        await pilot.pause(0.4)
        assert app.generation == generation
        assert "578" in app.screen.query_one("#ov-dossiers", Block).plain
        assert any("bị hỏng" in n.message for n in app._notifications)
        path.write_bytes(good)
        await pilot.press("r")
        assert await wait_for(pilot, lambda: app.generation > generation)
        assert "578 = 439 + 113 + 26" in app.screen.query_one("#ov-dossiers", Block).plain


async def test_as_of_and_overdue_follow_the_clock(store_dir: Path):
    """A store without a pinned date counts "as of" today: when the day changes, so do the figures."""
    path = store_dir / "qms.json"
    tables = stored_tables(path)
    for meta in tables["_meta"].values():
        meta.pop("as_of", None)
    write_one_file_store(path, tables)
    today = [date(2024, 9, 1)]
    app = make_app(Store(Path("qms.json")), clock=lambda: today[0], poll_interval=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(QmsHeader)
        assert "tính đến 01/09/2024" in header.text
        assert app.stats().total.overdue == 0
        today[0] = date(2024, 9, 12)
        assert await wait_for(pilot, lambda: "tính đến 12/09/2024" in header.text)
        counts = app.stats().total
        assert counts.overdue > 0  # dossiers due in the first days of September are now overdue
        assert f"quá hạn {counts.overdue}" in app.screen.query_one("#ov-dossiers", Block).plain
        assert "Kỳ 01/01/2024–12/09/2024" in header.text  # "this year" runs to the new day
