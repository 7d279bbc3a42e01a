"""The writers' lock of a store: ``flock`` on ``<store>.lock``, waited for a bounded time, its holder named.

A writer that stops (``kill -STOP``, a suspended SSH session, a hung disk) holds the lock for as long as
it lives. Waiting on it forever would hang every other ``qms`` and the TUI without a word, so a writer
waits for the lock ``QMS_LOCK_WAIT`` seconds (5 by default) and then gives up with one line that says
who holds it. It waits in the kernel's queue, as a plain blocking ``flock`` does (so that writers take
turns), and a timer (``SIGALRM``, main thread only; other threads poll) wakes it to look at the clock.

A writer in a thread (the TUI's saves, so that the screen keeps drawing) can be told sooner, with the
holder itself rather than a line, and stopped while it still waits: ``waiting_under(WaitControl(...))``
around the write. Stopping raises ``WaitStopped`` before anything was written.

To be nameable, whoever takes the lock writes who it is (user, pid, host, since when) into
the lock file, and empties it again before letting go. The wait starts again while the lock passes from
one writer to the next (the store is busy, not stuck), up to ``PROGRESS_CAP`` times the wait.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import IO

import orjson

from qms_tui.domain.lean import dataclass
from qms_tui.domain.problems import Fault, say
from qms_tui.locale import current as current_lang
from qms_tui.store.errors import StoreError

LOCK_WAIT_ENV = "QMS_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 5.0
"""Seconds a writer waits for a lock held by one other process before giving up."""
PROGRESS_CAP = 6
"""A lock passed from writer to writer is waited for at most this many times the wait."""
NOTICE_AFTER = 0.5
"""Seconds of waiting before saying so on a terminal (a short queue of quick writers is not worth a line)."""


class StoreBusyError(StoreError):
    """Another process has held the store's lock for longer than a writer waits (exit code 2)."""


class WaitStopped(StoreError):
    """The writer was asked to stop waiting for the lock (``WaitControl.stop``): nothing was written."""


@dataclass(frozen=True)
class WaitControl:
    """How a write in progress hears of its wait and is stopped in it (instead of a line on stderr)."""

    notice: Callable[[Holder | None], None]
    """Told once, if the wait lasts ``notice_after`` seconds, who holds the lock (None: it did not say)."""
    stop: Callable[[], bool]
    """Asked at every look at the clock (a few times a tenth of a second); True stops the wait."""
    notice_after: float = NOTICE_AFTER


_CONTROL: ContextVar[WaitControl | None] = ContextVar("qms_lock_wait_control", default=None)


@contextlib.contextmanager
def waiting_under(control: WaitControl) -> Iterator[None]:
    """Every lock wait of this thread (context) in the block is told and stopped through ``control``."""
    token = _CONTROL.set(control)
    try:
        yield
    finally:
        _CONTROL.reset(token)


def lock_wait() -> float:
    """The wait from ``$QMS_LOCK_WAIT`` (seconds), else the default."""
    try:
        value = float(os.environ.get(LOCK_WAIT_ENV) or DEFAULT_LOCK_WAIT)
    except ValueError:
        return DEFAULT_LOCK_WAIT
    return max(value, 0.0) if math.isfinite(value) else DEFAULT_LOCK_WAIT


@dataclass(frozen=True)
class Holder:
    """Who took the lock, as it recorded itself in the lock file."""

    user: str
    pid: int
    host: str
    since: str
    """ISO date and time, local, with its offset."""

    @classmethod
    def parse(cls, raw: bytes) -> Holder | None:
        try:
            doc = orjson.loads(raw)
            holder = cls(str(doc["user"]), int(doc["pid"]), str(doc["host"]), str(doc["since"]))
        except (ValueError, TypeError, KeyError):
            return None
        return holder

    def alive(self) -> bool | None:
        """Whether the process still runs (``None``: it runs on another host, which cannot be asked)."""
        if self.host != _host():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except OSError:  # EPERM: it runs, as another user
            return True
        return True

    def describe(self) -> Fault:
        """Who, which process (on which host) and since when, worded when shown (``Fault``)."""
        try:
            since = datetime.fromisoformat(self.since).astimezone().strftime("%H:%M:%S %d/%m/%Y")
        except ValueError:
            since = self.since
        if self.host == _host():
            return Fault("lock_holder_here", user=self.user, pid=self.pid, since=since)
        return Fault("lock_holder_there", user=self.user, pid=self.pid, host=self.host, since=since)


def read_holder(lock_path: Path) -> Holder | None:
    try:
        with open(lock_path, "rb") as handle:
            return Holder.parse(handle.read(4096))
    except OSError:
        return None


def held_by(holder: Holder | None) -> Fault:
    """Who holds the lock, as far as the lock file says (a record left by a dead process is called so)."""
    if holder is None:
        return Fault("s_lock_held_unknown")
    if holder.alive() is False:
        return Fault("s_lock_held_ended", holder=holder.describe())
    return Fault("s_lock_held_by", holder=holder.describe())


def busy_message(store_path: Path, holder: Holder | None) -> Fault:
    return Fault("s_lock_busy", path=store_path, held=held_by(holder))


@contextlib.contextmanager
def store_lock(
    lock_path: Path,
    store_path: Path,
    *,
    user: str,
    mode: int | None = None,
    wait: float | None = None,
    notice: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the store's lock for the block; ``StoreBusyError`` if another process keeps it too long.

    ``mode``: the store file's permissions, which a new lock file takes (with the owner's write bit).
    ``notice``: told once, if the wait lasts, what it waits for (default: a line on a terminal's stderr).
    """
    try:
        handle = open(lock_path, "a+b", opener=_opener(mode))  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise StoreError(Fault("s_cannot_lock", path=store_path, why=exc.strerror or str(exc))) from None
    with handle:
        _acquire(handle, lock_path, store_path, lock_wait() if wait is None else wait, notice or _tell_terminal)
        try:
            _record(handle, user)
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(handle.fileno(), 0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(handle: IO[bytes], lock_path: Path, store_path: Path, wait: float,
             notice: Callable[[str], None]) -> None:
    """Take the lock, waiting in the kernel's queue (so that writers take turns), woken by a timer to
    see whether the wait is over; off the main thread, where no signal arrives, by polling."""
    if _try_lock(handle):
        return
    waiting = _Waiting(lock_path, store_path, wait, notice)
    if threading.current_thread() is not threading.main_thread() or wait <= 0:
        while True:
            waiting.check()
            time.sleep(waiting.pause())
            if _try_lock(handle):
                return
    armed = [False]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:  # only ever interrupt the flock below
            armed[0] = False
            raise _Tick

    previous = signal.signal(signal.SIGALRM, on_alarm)
    tick = max(min(0.25, wait / 4), 0.01)
    old_timer = signal.setitimer(signal.ITIMER_REAL, tick, tick)
    try:
        while True:
            try:
                armed[0] = True
                fcntl.flock(handle, fcntl.LOCK_EX)  # a second call while holding it returns at once
                armed[0] = False
                return
            except _Tick:
                waiting.check()
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, *old_timer)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


class _Tick(Exception):
    """The timer woke a waiting writer."""


class _Waiting:
    """The bookkeeping of one wait: how long, for whom, and whether it was said."""

    def __init__(self, lock_path: Path, store_path: Path, wait: float, notice: Callable[[str], None]) -> None:
        self.lock_path, self.store_path, self.wait, self.notice = lock_path, store_path, wait, notice
        self.start = self.seen = time.monotonic()
        self.holder = read_holder(lock_path)
        self.told = False
        self.delay = 0.002
        self.control = _CONTROL.get()

    def check(self) -> None:
        """Raise ``StoreBusyError`` once one holder kept the lock ``wait`` seconds (or the queue too long),
        ``WaitStopped`` when the write's control asks to stop."""
        control = self.control
        if control is not None and control.stop():
            raise WaitStopped(Fault("s_lock_wait_stopped", path=self.store_path))
        current = read_holder(self.lock_path)
        now = time.monotonic()
        if current != self.holder:  # the lock changed hands: the store is busy, not stuck
            self.holder, self.seen = current, now
        if now - self.seen >= self.wait or now - self.start >= self.wait * PROGRESS_CAP:
            raise StoreBusyError(busy_message(self.store_path, current))
        after = NOTICE_AFTER if control is None else control.notice_after
        if not self.told and now - self.start >= min(after, self.wait / 2):
            self.told = True
            if control is not None:
                control.notice(current)
                return
            waiting = Fault("s_lock_waiting", wait=f"{self.wait:g}", path=self.store_path, held=held_by(current))
            self.notice(f"qms: {say(waiting, current_lang())}")

    def pause(self) -> float:
        self.delay = min(self.delay * 2, 0.05)
        return max(min(self.delay, self.wait - (time.monotonic() - self.seen)), 0.0)


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _record(handle: IO[bytes], user: str) -> None:
    """Say who holds the lock (best effort: a lock file that cannot be written still locks)."""
    since = datetime.now().astimezone().isoformat(timespec="seconds")
    line = orjson.dumps({"user": user, "pid": os.getpid(), "host": _host(), "since": since}) + b"\n"
    with contextlib.suppress(OSError):
        os.ftruncate(handle.fileno(), 0)
        os.write(handle.fileno(), line)  # the file is in append mode: after the truncation, at 0


def _opener(mode: int | None) -> Callable[[str, int], int]:
    create = 0o666 if mode is None else (mode | 0o600) & 0o666

    def opener(path: str, flags: int) -> int:
        return os.open(path, flags, create)

    return opener


def _tell_terminal(line: str) -> None:
    stream = sys.stderr
    with contextlib.suppress(AttributeError, ValueError, OSError):
        if stream is not None and stream.isatty():
            print(line, file=stream, flush=True)


def _host() -> str:
    return os.uname().nodename
