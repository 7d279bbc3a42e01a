"""Footers fit 80 columns on every screen, on the Linux console too, where Enter is spelled out (issue 16)."""

from __future__ import annotations

import pytest
from tui_helpers import screen_text


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
