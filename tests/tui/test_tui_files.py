"""What the app writes and does not write: the exported summary, nothing in read-only mode, and a
core that never loads Textual."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from tui_helpers import screen_text, wait_for

from qms_tui.store import Store, create_store
from qms_tui.tui.app import make_app
from qms_tui.tui.widgets.header import QmsHeader


async def test_export_saves_the_summary_in_the_current_folder(app, store_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"xuat ban")  # through the command palette, accents optional
        await pilot.pause(0.3)
        await pilot.press("enter")
        # named by the real clock (qms-summary-YYYYMMDD-HHMMSS.txt); tests/tui/test_export.py covers the rest
        assert await wait_for(pilot, lambda: any(store_dir.glob("qms-summary-*.txt")))
        path = next(store_dir.glob("qms-summary-*.txt"))
        text = path.read_text(encoding="utf-8")
        assert "578 = 439 + 113 + 26 ✓ khớp" in text
        assert max(len(line) for line in text.splitlines()) <= 80
        assert any(str(path) in n.message for n in app._notifications)


async def test_read_only_says_so_and_writes_nothing(make, store_dir: Path):
    path = store_dir / "qms.json"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    files_before = sorted(p.name for p in store_dir.iterdir())
    app = make(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "qms.json [DEMO, CHỈ ĐỌC]" in app.screen.query_one(QmsHeader).text
        await pilot.press("2", "slash", "l", "escape", "enter", "escape", "5", "t", "p", "escape", "r")
        await pilot.pause()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in store_dir.iterdir()) == files_before  # no lock file, no backup


def test_the_core_does_not_import_textual():
    code = (
        "import sys\n"
        "import qms_tui.domain, qms_tui.domain.qms, qms_tui.domain.text, qms_tui.domain.periods\n"
        "import qms_tui.domain.dossier_list, qms_tui.store, qms_tui.reports.summary, qms_tui.reports.export\n"
        "import qms_tui.exporting, qms_tui.i18n, qms_tui.cli\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not loaded, loaded\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


async def test_a_long_store_path_is_cut_at_its_start_and_keeps_its_flags_and_a_gap(store_dir: Path):
    """At 80 columns a per-user store's path does not fit: the header keeps the file name, [DEMO] and a space."""
    deep = store_dir / "home" / ".local" / "share" / "qms-tui"
    deep.mkdir(parents=True)
    create_store(deep / "qms.json", demo=True)
    app = make_app(Store(deep / "qms.json", read_only=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first_line = screen_text(app).splitlines()[0]
        assert first_line.startswith(" …") and "/qms.json [DEMO, CHỈ ĐỌC] Kỳ" in first_line, first_line
        assert first_line.rstrip().endswith("01/09/2024")
