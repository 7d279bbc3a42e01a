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


async def test_the_footer_is_rebuilt_only_when_its_keys_change(app):
    """Textual rebuilt the footer five times before the first frame, with the same keys each time."""
    from textual.widgets._footer import FooterKey

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        assert [key.key for key in keys][-1] == "ctrl+p"
        app.screen.refresh_bindings()
        await pilot.press("down")  # the focus moves to another block: the same keys
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == keys  # the very same widgets: nothing rebuilt
        app.bind("x", "reload", description="Xem lại")
        app.screen.refresh_bindings()
        await pilot.pause()
        assert "x Xem lại" in screen_text(app).splitlines()[-1]
        assert list(app.screen.query(FooterKey)) != keys
