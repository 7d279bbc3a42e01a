"""The dossier form's channel: "unknown" is what an import without a channel column records, not a choice
for a dossier typed by hand; a dossier imported that way can still be edited (and given its channel)."""

from __future__ import annotations

from pathlib import Path

import pytest
from qms_cli import run_qms
from tui_helpers import fresh, open_form, wait_for

from qms_tui.tui.screens.dossiers import DossiersScreen

CODE = "IMP-240830-0001"


def import_without_channel(store_dir: Path) -> None:
    csv = store_dir / "no-channel.csv"
    csv.write_text(f"code,procedure,received\n{CODE},QT-DT01,2024-08-30\n", encoding="utf-8")
    run = run_qms("import", "dossiers", csv, "--db", store_dir / "qms.json")
    assert run.code == 0, run.err


def stored(store_dir: Path):  # type: ignore[no-untyped-def]
    return next(d for d in fresh(store_dir).snapshot().dossiers if d.code == CODE)


@pytest.mark.slow
async def test_a_new_dossier_is_not_offered_unknown_but_an_imported_one_keeps_it(make, store_dir: Path):
    import_without_channel(store_dir)
    assert stored(store_dir).channel == "unknown"
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "5", "a")
        assert [value for value, _ in form.spec.find("channel").choices] == ["online", "direct", "postal"]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash", *CODE, "enter")
        assert await wait_for(pilot, lambda: app.screen.table.cursor_key == CODE)
        form = await open_form(pilot, "e")
        assert "unknown" in [value for value, _ in form.spec.find("channel").choices]
        assert form.typed()["channel"] == "unknown"
        form.widget("due").value = "20/09/2024"  # another fact corrected: the unknown channel is kept
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: isinstance(app.screen, DossiersScreen))
        dossier = stored(store_dir)
        assert (dossier.channel, dossier.due.isoformat()) == ("unknown", "2024-09-20")
        form = await open_form(pilot, "e")
        form.widget("channel").value = "online"  # and once known, it can be told
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: isinstance(app.screen, DossiersScreen))
    assert stored(store_dir).channel == "online"
