"""Notifications (issue 16): at the top, never over the status line, the footer or the table's last rows;
shown as long as it takes to read them."""

from __future__ import annotations

from textual.widgets._toast import Toast

from qms_tui.tui.app import NOTICE_SECONDS, reading_time


def test_a_notice_stays_as_long_as_it_takes_to_read_within_bounds():
    assert reading_time("") == NOTICE_SECONDS[0]
    assert reading_time("x" * 60) > reading_time("x" * 20)
    assert reading_time("x" * 1000) == NOTICE_SECONDS[1]


async def test_a_notice_covers_neither_the_footer_nor_the_last_rows(app):
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("5")  # the dossiers
        await pilot.pause()
        app.notify("Đã lưu hồ sơ 000.00.01.H12-240101-0001", timeout=30)
        app.notify("x" * 30)
        await pilot.pause(0.3)
        toasts = [w for w in app.screen.walk_children(with_self=False) if isinstance(w, Toast)]
        assert toasts
        for toast in toasts:
            region = toast.region
            assert region.y >= 1 and region.bottom <= 12  # under the header, in the top half
        assert toasts[0]._timeout <= NOTICE_SECONDS[1]
