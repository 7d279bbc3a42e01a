"""National dossier codes (``000.00.31.H26-240105-0001``, the portal's copies end in five digits) show whole
in the Dossiers list; a cell longer than its column ends in ``…`` instead of being silently cropped."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from tui_helpers import screen_text

from qms_tui.store import Store
from qms_tui.tui.screens.dossiers import CODE_WIDTH_MAX, DossiersScreen
from qms_tui.tui.widgets.record_table import fit

PORTAL_CODE = "000.00.31.H26-240105-00001"
TOO_LONG = "X" * (CODE_WIDTH_MAX + 10)


def add_dossiers(path: Path, *codes: str) -> None:
    with Store(path).transaction() as tx:
        dossiers = tx.tables["dossiers"]
        next_id = max(map(int, dossiers)) + 1
        for offset, code in enumerate(codes):
            dossiers[str(next_id + offset)] = {
                "code": code, "procedure": "QT-DT01", "channel": "online", "received": "2024-08-30",
                "due": "2024-09-20", "finished": None, "outcome": None, "pauses": []}
        tx.touched("dossiers")


async def test_long_codes_show_whole_and_longer_ones_end_in_an_ellipsis(store_dir, make):
    add_dossiers(store_dir / "qms.json", PORTAL_CODE, TOO_LONG)
    app = make()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DossiersScreen)
        screen.table.move_to_key(PORTAL_CODE)
        await pilot.pause()
        text = screen_text(app)
        assert PORTAL_CODE in text, "a national code shows whole"
        screen.table.move_to_key(TOO_LONG)
        await pilot.pause()
        text = screen_text(app)
        assert "X" * (CODE_WIDTH_MAX - 1) + "…" in text, "the cell is cut with an ellipsis"
        assert f"{TOO_LONG} · " in text, "the preview line below the list shows the whole code"


def test_fit_cuts_with_an_ellipsis_and_keeps_short_cells():
    assert fit("short", 10) == "short"
    cut = fit("000.00.31.H26-240105-0001", 15)
    assert isinstance(cut, Text) and cut.plain == "000.00.31.H26-…"
    styled = fit(Text("late and overdue", style="bold"), 8)
    assert styled.plain == "late an…" and styled.style == "bold"
