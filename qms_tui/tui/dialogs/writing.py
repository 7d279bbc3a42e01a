"""A dialog's write to the store, run in a thread, so that a held lock never means a silent hang.

A write waits up to ``QMS_LOCK_WAIT`` seconds (5) for the store's lock while another process holds it (a
``qms import`` running, another TUI saving). On the event loop that wait froze the screen without a word.
Here the write runs in a Textual thread worker and its dialog (a form, a yes/no question) stays open over
it: the app keeps drawing and answering keys; after ``NOTICE_AFTER`` seconds of waiting the dialog says who
holds the lock, as the lock file names them; Esc stops the wait (the write had not started: nothing is
written); when the write ends the dialog is handed its result or its error, as a write on the loop gave them.

One write at a time in the app: a second Ctrl+S (or yes) while one runs does nothing, and the app's poll
leaves the store alone until it is over (the ``Store``'s caches are not shared between threads).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.message import Message
from textual.screen import ModalScreen
from textual.worker import Worker, WorkerState

from qms_tui.labels import tr
from qms_tui.store.lock import Holder, WaitControl, WaitStopped, waiting_under

NOTICE_AFTER = 0.2
"""Seconds of waiting for the lock before the dialog says so (a quick writer ahead is not worth a line)."""


class StoreWrite:
    """One write in flight: its work, and the switch that stops its wait for the lock."""

    def __init__(self, work: Callable[[], Any], done: Callable[[Any], None],
                 failed: Callable[[Exception], None]) -> None:
        self.work, self.done, self.failed = work, done, failed
        self.stop = threading.Event()
        self.worker: Worker[Any] | None = None


class StoreWaiting(Message):
    """Posted from the write's thread: the lock is held by ``holder`` (None: it did not say who)."""

    def __init__(self, holder: Holder | None) -> None:
        super().__init__()
        self.holder = holder


class WritingDialog(ModalScreen[Any]):
    """A dialog that writes to the store in a thread worker (``run_write``) and stays open meanwhile.

    Subclasses say what waiting looks like (``show_waiting``), what the dialog does while the write runs and
    after it (``write_started``, ``write_ended``) and when Esc stopped the wait (``wait_stopped``)."""

    def __init__(self) -> None:
        super().__init__()
        self.writing: StoreWrite | None = None
        """The write running now, if any (tests read it)."""

    def run_write(self, work: Callable[[], Any], done: Callable[[Any], None],
                  failed: Callable[[Exception], None]) -> bool:
        """Run ``work()`` in a thread; ``done(result)`` or ``failed(error)`` on the loop when it ends. False
        (and nothing runs) while another write of the app is running."""
        app = self.app
        if self.writing is not None:
            return False
        if getattr(app, "store_write", None) is not None:
            self.notify(tr("store_write_pending"), severity="warning", timeout=4)
            return False
        write = self.writing = StoreWrite(work, done, failed)
        app.store_write = write  # type: ignore[attr-defined]
        control = WaitControl(notice=self._heard_wait, stop=write.stop.is_set, notice_after=NOTICE_AFTER)

        def in_thread() -> Any:
            with waiting_under(control):
                return work()

        self.write_started()
        write.worker = self.run_worker(in_thread, name="store-write", group="store-write", thread=True,
                                       exit_on_error=False)
        return True

    def stop_wait(self) -> bool:
        """Esc while a write runs: stop its wait for the lock (too late once it has the lock: it finishes).
        True if a write was running (Esc did that and nothing else)."""
        if self.writing is None:
            return False
        self.writing.stop.set()
        return True

    def _heard_wait(self, holder: Holder | None) -> None:
        """In the write's thread: hand the news to the dialog (posting a message is thread-safe)."""
        with contextlib.suppress(RuntimeError):  # the app is closing: nobody to tell
            self.post_message(StoreWaiting(holder))

    def on_store_waiting(self, message: StoreWaiting) -> None:
        """Say who holds the lock, while the write still waits for it."""
        if self.writing is not None:
            self.show_waiting(tr("store_waiting", holder=holder_words(message.holder)), tr("store_wait_hint"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The write ended: hand its result or its error to the dialog (an unforeseen error as on the loop)."""
        write = self.writing
        if write is None or event.worker is not write.worker or not event.worker.is_finished:
            return
        event.stop()
        self.writing = None
        if getattr(self.app, "store_write", None) is write:
            self.app.store_write = None  # type: ignore[attr-defined]
        self.write_ended()
        if event.state == WorkerState.SUCCESS:
            write.done(event.worker.result)
            return
        error = event.worker.error
        if isinstance(error, WaitStopped) or event.state == WorkerState.CANCELLED:
            self.wait_stopped()
        elif isinstance(error, Exception):
            write.failed(error)

    def on_unmount(self) -> None:
        """Closed while writing (the app quits): stop the wait, so that the thread ends at once."""
        if self.writing is not None:
            self.writing.stop.set()
            if getattr(self.app, "store_write", None) is self.writing:
                self.app.store_write = None  # type: ignore[attr-defined]

    # -- what each dialog does --------------------------------------------------------------------------

    def show_waiting(self, line: str, hint: str) -> None:
        """Say ``line`` (the write waits for the lock) where the dialog says things, and ``hint`` (Esc) under it."""

    def write_started(self) -> None:
        """The write starts: e.g. no more typing into what is being saved."""

    def write_ended(self) -> None:
        """The write ended, whatever its outcome (before ``done``/``failed``/``wait_stopped``)."""

    def wait_stopped(self) -> None:
        """Esc stopped the wait: nothing was written."""


def holder_words(holder: Holder | None) -> str:
    """Who holds the lock, from the lock file, in the app's language: user, process, host, since when."""
    if holder is None:
        return tr("lock_holder_unknown")
    try:
        since = datetime.fromisoformat(holder.since).astimezone().strftime("%H:%M:%S %d/%m/%Y")
    except ValueError:
        since = holder.since
    if holder.alive() is None:  # on another host
        return tr("lock_holder_there", user=holder.user, pid=holder.pid, host=holder.host, since=since)
    return tr("lock_holder_here", user=holder.user, pid=holder.pid, since=since)
