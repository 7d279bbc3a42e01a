"""The form's keys and error lines (issue 16): every problem shown at once, references included; Enter moves
on and saves only in the last text box; the "not saved" line follows the corrections."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import fresh, open_form, screen_text, settle

from qms_tui.tui.dialogs.form import FormDialog
from qms_tui.tui.screens.risks import RisksScreen

SIZE = (80, 24)


async def test_an_unknown_procedure_shows_with_the_other_errors_at_once(app, store_dir: Path):
    before = (store_dir / "qms.json").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "3", "a")
        form.widget("code").value = "RR-40"
        form.widget("description").value = "Mất dữ liệu"
        form.widget("procedures").value = "QT-KHONG-CO"
        form.widget("likelihood").value = "7"
        form.widget("impact").value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert {"procedures", "likelihood", "treatment", "owner"} <= set(form.errors)
        assert "QT-KHONG-CO" in form.errors["procedures"]
        assert f"✗ Chưa lưu: {len(form.errors)} lỗi" in screen_text(app)
    assert (store_dir / "qms.json").read_bytes() == before


@pytest.mark.slow
async def test_enter_moves_to_the_next_field_and_saves_only_in_the_last_box(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "3", "a")
        assert "Ctrl+S" in screen_text(app)  # the hint says which key saves
        await pilot.press(*"RR-41", "enter")
        await pilot.pause()
        assert app.screen is form and not form.errors  # nothing saved, nothing refused
        assert app.focused is form.widget("kind")
        await pilot.press("tab", *"Mất điện", "enter", "enter", "enter", "4", "enter", "3", "enter",
                          *"Máy phát", "enter", *"Văn phòng", "enter")
        await pilot.pause()
        assert app.screen is form
        assert app.focused is form.widget("due")
        form.widget("residual_impact").focus()
        await pilot.press("enter")  # the last text box: Enter saves
        await pilot.pause()
        assert isinstance(app.screen, RisksScreen)
    risk = next(r for r in fresh(store_dir).snapshot().risks if r.code == "RR-41")
    assert (risk.description, risk.likelihood, risk.impact, risk.owner) == ("Mất điện", 4, 3, "Văn phòng")


async def test_the_not_saved_line_goes_when_the_errors_do(app):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "3", "a")
        assert isinstance(form, FormDialog)
        for name, value in {"code": "RR-42", "description": "x", "likelihood": "9", "impact": "3",
                            "treatment": "t", "owner": "o"}.items():
            form.widget(name).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert set(form.errors) == {"likelihood"}
        assert "Chưa lưu: 1 lỗi" in screen_text(app)
        await pilot.press("backspace", "2")
        await pilot.pause()
        assert not form.errors
        assert "Chưa lưu" not in screen_text(app)
