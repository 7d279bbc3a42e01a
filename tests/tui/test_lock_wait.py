"""A held lock never means a silent hang: a save from the TUI while another process holds the store's lock.

The write runs in a thread while its dialog stays open: the app keeps answering keys, the dialog says who
holds the lock (as the lock file names them) within a fraction of a second, Esc stops the wait with nothing
written, the save goes through once the lock is released, and after ``QMS_LOCK_WAIT`` the busy error names
the holder. The lock is held from the test itself: another open file of the lock conflicts as another
process does (``flock``).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_helpers import fresh, messages, open_form, screen_text, wait_for

from qms_tui.tui.dialogs.confirm import ConfirmDialog
from qms_tui.tui.dialogs.form import FormDialog
from qms_tui.tui.screens.risks import RisksScreen

SIZE = (80, 24)
HOLDER = b'{"user": "lan", "pid": 1, "host": "other-host", "since": "2024-09-01T08:00:00+07:00"}'
WAITING = "Đang chờ kho dữ liệu: lan (pid 1 trên máy other-host) từ "
TREATMENT = "Sao lưu hằng ngày"


class Lock:
    """The store's lock, held by "another process" (lan, on other-host) until ``release()``."""

    def __init__(self, store_dir: Path) -> None:
        self.handle = open(store_dir / "qms.json.lock", "a+b")  # noqa: SIM115 - closed by release()
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        os.ftruncate(self.handle.fileno(), 0)
        os.write(self.handle.fileno(), HOLDER)

    def release(self) -> None:
        if not self.handle.closed:
            os.ftruncate(self.handle.fileno(), 0)
            self.handle.close()


@pytest.fixture
def lock(store_dir: Path) -> Iterator[Lock]:
    held = Lock(store_dir)
    yield held
    held.release()


def treatment(store_dir: Path, code: str = "RR-04") -> str:
    return next(r for r in fresh(store_dir).snapshot().risks if r.code == code).treatment


def changelog_size(store_dir: Path) -> int:
    return len(fresh(store_dir).load()["changelog"])


async def edit_treatment(pilot) -> FormDialog:  # type: ignore[no-untyped-def]
    """Open RR-04's form, type a new treatment and press Ctrl+S."""
    form = await open_form(pilot, "3", "slash", *"rr-04", "enter", "e")
    form.widget("treatment").value = TREATMENT
    await pilot.press("ctrl+s")
    return form


async def test_a_save_says_who_holds_the_lock_keeps_answering_and_goes_through_once_it_is_released(
        app, store_dir: Path, lock: Lock, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QMS_LOCK_WAIT", "4")
    logged = changelog_size(store_dir)
    async with app.run_test(size=SIZE) as pilot:
        form = await edit_treatment(pilot)
        start = time.monotonic()  # the save has started
        assert form.writing is not None and app.screen is form
        assert await wait_for(pilot, lambda: WAITING in screen_text(app), timeout=4.0), screen_text(app)
        said_after = time.monotonic() - start
        assert await wait_for(pilot, lambda: "Esc: thôi chờ, không ghi gì" in screen_text(app), timeout=3.0)

        writing = form.writing
        pressed = time.monotonic()
        await pilot.press("ctrl+s")  # the app answers at once, and a second save does nothing
        answered = time.monotonic() - pressed
        assert form.writing is writing and app.store_write is writing
        assert answered < 2.0, answered  # generous: a loaded CI machine; the point is "not after the lock wait"
        assert treatment(store_dir) != TREATMENT

        lock.release()  # the other process is done
        assert await wait_for(pilot, lambda: any("Đã lưu rủi ro RR-04" in m for m in messages(app)), timeout=4.0)
        assert isinstance(app.screen, RisksScreen)
        assert app.screen.table.cursor_key == "RR-04"
    assert said_after < 3.0, said_after  # well before QMS_LOCK_WAIT (4 s) ends
    assert treatment(store_dir) == TREATMENT
    assert changelog_size(store_dir) == logged + 1  # written once


async def test_esc_stops_the_wait_without_writing_and_keeps_the_form(app, store_dir: Path, lock: Lock,
                                                                     monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QMS_LOCK_WAIT", "4")
    before = (store_dir / "qms.json").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        form = await edit_treatment(pilot)
        assert await wait_for(pilot, lambda: WAITING in screen_text(app), timeout=4.0)
        pressed = time.monotonic()
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: form.writing is None, timeout=3.0)
        stopped = time.monotonic() - pressed
        assert app.screen is form  # what was typed is still there, for another Ctrl+S
        assert form.widget("treatment").value == TREATMENT
        assert "Chưa lưu: đã thôi chờ kho dữ liệu" in form.errors[""]
        assert "Chưa lưu: đã thôi chờ kho dữ liệu" in screen_text(app)
        assert app.store_write is None
        lock.release()
        await pilot.pause(0.3)  # the stopped write does not go through later either
        assert (store_dir / "qms.json").read_bytes() == before
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, RisksScreen))
    assert stopped < 2.0, stopped  # generous for a loaded CI machine
    assert (store_dir / "qms.json").read_bytes() == before


async def test_after_the_wait_the_busy_error_names_the_holder_and_the_form_stays(app, store_dir: Path, lock: Lock,
                                                                                 monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QMS_LOCK_WAIT", "0.6")
    before = (store_dir / "qms.json").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        form = await edit_treatment(pilot)
        assert await wait_for(pilot, lambda: WAITING in screen_text(app), timeout=4.0)
        assert await wait_for(pilot, lambda: form.writing is None, timeout=3.0)
        await pilot.pause()
        assert app.screen is form
        error = form.errors[""]
        busy = "đang bận: đang bị giữ bởi lan (pid 1 trên máy other-host)"
        assert error.startswith("Không lưu được: kho dữ liệu ") and busy in error
        assert [m for m in messages(app) if busy in m]
        assert WAITING not in screen_text(app)
        assert not form.query_one("#form-fields").disabled  # the fields take typing again
        lock.release()
        await pilot.press("ctrl+s")  # released: the same form saves
        assert await wait_for(pilot, lambda: isinstance(app.screen, RisksScreen), timeout=3.0)
    assert (store_dir / "qms.json").read_bytes() != before
    assert treatment(store_dir) == TREATMENT


async def test_a_confirmed_change_waits_in_its_question_and_no_stops_it(app, store_dir: Path, lock: Lock,
                                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QMS_LOCK_WAIT", "4")
    before = (store_dir / "qms.json").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash", *"rr-04", "enter", "d")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        await pilot.press("y")
        assert app.screen is question and question.writing is not None
        assert await wait_for(pilot, lambda: WAITING in screen_text(app), timeout=4.0), screen_text(app)
        await pilot.press("y")  # asked again: nothing more
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, RisksScreen), timeout=3.0)
        assert any("Chưa thay đổi gì: đã thôi chờ kho dữ liệu" in m for m in messages(app))
        assert (store_dir / "qms.json").read_bytes() == before

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        assert await wait_for(pilot, lambda: WAITING in screen_text(app), timeout=4.0)
        lock.release()
        assert await wait_for(pilot, lambda: any("Đã đóng RR-04" in m for m in messages(app)), timeout=4.0)
        assert isinstance(app.screen, RisksScreen)
    assert next(r for r in fresh(store_dir).snapshot().risks if r.code == "RR-04").status == "closed"


async def test_the_poll_follows_the_store_while_another_process_holds_the_lock(app, store_dir: Path, lock: Lock):
    """Reading never takes the lock: a new version of the store is shown while the lock is still held."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        generation = app.generation
        stat = os.stat(store_dir / "qms.json")
        os.utime(store_dir / "qms.json", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # as if written anew
        assert await wait_for(pilot, lambda: app.generation > generation, timeout=3.0)


async def test_the_poll_leaves_the_store_alone_while_a_save_runs(app, store_dir: Path, lock: Lock,
                                                                 monkeypatch: pytest.MonkeyPatch):
    """The store's caches belong to the writing thread until it ends; the save re-reads the store after."""
    monkeypatch.setenv("QMS_LOCK_WAIT", "4")
    async with app.run_test(size=SIZE) as pilot:
        await edit_treatment(pilot)
        assert await wait_for(pilot, lambda: WAITING in screen_text(app), timeout=4.0)
        generation = app.generation
        stat = os.stat(store_dir / "qms.json")
        os.utime(store_dir / "qms.json", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        await pilot.pause(0.4)  # four polls
        assert app.generation == generation
        lock.release()
        assert await wait_for(pilot, lambda: isinstance(app.screen, RisksScreen), timeout=3.0)
        assert app.generation > generation


async def test_the_report_text_edited_while_the_store_is_locked_is_an_error_not_a_crash(
        make, store_dir: Path, lock: Lock, monkeypatch: pytest.MonkeyPatch):
    """The narrative is written in a thread after $EDITOR returns: while the lock is held the app keeps
    answering keys, and a store still busy at the end of the wait is one error notification naming the holder."""
    from test_report_from_tui import _fake_editor

    monkeypatch.setenv("QMS_LOCK_WAIT", "0.2")
    monkeypatch.setenv("EDITOR", _fake_editor(store_dir, "\n- Đề nghị tập huấn.\n"))
    before = (store_dir / "qms.json").read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        app.action_edit_report_text()
        await pilot.press("3")  # while the save waits for the lock
        assert await wait_for(pilot, lambda: isinstance(app.screen, RisksScreen))
        busy = "đang bận: đang bị giữ bởi lan (pid 1 trên máy other-host)"
        assert await wait_for(pilot, lambda: any(busy in m for m in messages(app)), timeout=3.0), messages(app)
        assert app.store_write is None  # the write is over: the next save may start
    assert (store_dir / "qms.json").read_bytes() == before
