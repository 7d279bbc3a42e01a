"""A write from the TUI while another process holds the store's lock: after the bounded wait it is shown
as a store error, the app keeps running, and the next write (lock released) goes through."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest
from tui_helpers import fresh, messages, settle

from qms_tui.tui.dialogs.confirm import ConfirmDialog
from qms_tui.tui.screens.risks import RisksScreen

SIZE = (80, 24)


async def test_a_write_while_the_store_is_locked_is_a_notice_not_a_hang(app, store_dir: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QMS_LOCK_WAIT", "0.2")
    lock = open(store_dir / "qms.json.lock", "a+b")  # noqa: SIM115 - closed below: another process's lock
    fcntl.flock(lock, fcntl.LOCK_EX)
    lock.write(b'{"user": "lan", "pid": 1, "host": "other-host", "since": "2024-09-01T08:00:00+07:00"}')
    lock.flush()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash", *"rr-04", "enter", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, RisksScreen)
        busy = [m for m in messages(app) if "đang bận: đang bị giữ bởi lan (pid 1 trên máy other-host)" in m]
        assert len(busy) == 1, messages(app)
        assert next(r for r in fresh(store_dir).snapshot().risks if r.code == "RR-04").status == "open"

        lock.close()  # the other process is done
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert any("Đã đóng RR-04" in m for m in messages(app))
    assert next(r for r in fresh(store_dir).snapshot().risks if r.code == "RR-04").status == "closed"
