"""Footers fit 80 columns on every screen, on the Linux console too, where Enter is spelled out (issue 16)."""

from __future__ import annotations

import pytest
from tui_helpers import screen_text


@pytest.mark.slow
@pytest.mark.parametrize("term", ["linux", "xterm-256color"])
async def test_every_footer_fits_80_columns(app, monkeypatch, term):
    monkeypatch.setenv("TERM", term)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in "123456":
            await pilot.press(key)
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1]
            assert "q Thoát" in footer and footer.rstrip().endswith("^p Lệnh"), (key, footer)
            if key == "2":
                assert "a Thêm" in footer
            if key == "3" and term == "linux":
                assert "Enter Mở" in footer


async def test_the_footer_follows_the_keys_and_a_click_presses_one(app):
    """One widget draws the keys: a key bound later shows on the next paint, and a click on a key runs it."""
    from qms_tui.tui.widgets.footer import QmsFooter

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(QmsFooter)
        assert footer.text.startswith("⏎ Mở e Xuất p Kỳ") and footer.text.endswith("^p Lệnh")
        assert len(footer.text) == 80  # the palette's key at the right edge
        app.bind("x", "reload", description="Xem lại")
        app.screen.refresh_bindings()
        await pilot.pause()
        assert "x Xem lại" in screen_text(app).splitlines()[-1]
        column = footer.text.index("p Kỳ")
        await pilot.click(QmsFooter, offset=(column, 0))  # the period key
        await pilot.pause()
        assert type(app.screen).__name__ == "PeriodDialog"
