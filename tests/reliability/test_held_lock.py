"""A writer that keeps the lock (stopped with SIGSTOP, hung, or holding it on purpose) does not hang the
others: they wait ``QMS_LOCK_WAIT`` seconds, then exit 2 with one line naming the holder.

The lock is ``flock`` on ``<store>.lock``; two open files of one process conflict as two processes do, so
most cases hold it from the test itself. One case uses a real stopped process, as a user would meet it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from reliability_support import TIMEOUT, WORKER, assert_one_clear_line, cli_command, subprocess_env
from reliability_support import Result as CliResult

from qms_tui.domain.models import Staff
from qms_tui.store import Store, StoreBusyError, StoreError

OPEN = "BQL-240722-0004"  # open on the demo's "as of" day
DEAD_PID = 999_991  # above the default pid_max: no live process has it


@contextlib.contextmanager
def held(store: Store, record: dict | None = None) -> Iterator[None]:
    """Hold the store's lock from this process (another open file: it conflicts like another process), with
    ``record`` as what the holder says of itself (none: a holder that does not say, e.g. an older qms)."""
    with open(store.lock_path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        os.ftruncate(handle.fileno(), 0)
        if record is not None:
            os.write(handle.fileno(), json.dumps(record).encode())
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def add_staff(store: Store, code: str) -> None:
    with store.transaction() as tx:
        tx.put("staff", Staff(code=code, name="Hoàng Văn Nam", unit="Văn phòng"))


def test_a_stopped_writer_makes_the_next_one_exit_2_naming_it(demo_db: Path):
    config = {"mode": "hold", "store": str(demo_db)}
    holder = subprocess.Popen([sys.executable, str(WORKER), json.dumps(config)], env=subprocess_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        ready, _, _ = select.select([holder.stdout], [], [], TIMEOUT)
        assert ready and holder.stdout.readline() == b"locked\n"  # type: ignore[union-attr]
        os.kill(holder.pid, signal.SIGSTOP)
        before = demo_db.read_bytes()
        env = {**subprocess_env(), "QMS_LOCK_WAIT": "0.5"}
        start = time.monotonic()
        proc = subprocess.run(cli_command("dossier", "resolve", OPEN, "--date", "2024-09-01", "--db", str(demo_db)),
                              capture_output=True, text=True, env=env, timeout=TIMEOUT)
        elapsed = time.monotonic() - start
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        os.kill(holder.pid, signal.SIGCONT)
        holder.communicate(timeout=TIMEOUT)
    result = CliResult(proc.returncode, proc.stdout, proc.stderr)
    assert_one_clear_line(result, 2)
    assert f"kho dữ liệu {demo_db} đang bận: đang bị giữ bởi holder (pid {holder.pid}) từ " in result.stderr
    assert elapsed < 0.5 + 4, elapsed  # the wait, plus a generous start-up on a loaded machine
    assert demo_db.read_bytes() == before


def test_the_wait_is_bounded_on_and_off_the_main_thread(demo_db: Path):
    """The main thread waits in the kernel's queue woken by a timer; other threads poll. Both give up."""
    record = {"user": "lan", "pid": os.getpid(), "host": os.uname().nodename, "since": "2024-09-01T08:05:09+07:00"}
    store = Store(demo_db)
    store.lock_wait = 0.3
    with held(store, record):
        start = time.monotonic()
        with pytest.raises(StoreBusyError) as caught:
            add_staff(store, "NV-MAIN")
        on_main = time.monotonic() - start
        with ThreadPoolExecutor(1) as pool:
            start = time.monotonic()
            error = pool.submit(_busy_error, store).result()
            in_thread = time.monotonic() - start
    message = str(caught.value)
    assert message == (f"the store {demo_db} is busy: held by lan (pid {os.getpid()}) since"
                       f" {_local('2024-09-01T08:05:09+07:00')}; try again when it is done")
    assert str(error) == message
    assert 0.3 <= on_main < 1.5 and 0.3 <= in_thread < 1.5, (on_main, in_thread)
    assert caught.value.exit_code == 2
    add_staff(store, "NV-AFTER")  # released: the next write goes through
    assert "NV-AFTER" in {s.code for s in Store(demo_db).snapshot().staff}
    assert store.lock_path.read_bytes() == b""  # a writer that let go no longer claims the lock


def test_a_record_left_by_a_dead_process_is_called_so(demo_db: Path):
    store = Store(demo_db)
    store.lock_wait = 0.1
    record = {"user": "minh", "pid": DEAD_PID, "host": os.uname().nodename, "since": "2024-09-01T10:00:00+07:00"}
    with held(store, record), pytest.raises(StoreBusyError, match=r"the last one that recorded itself, minh \(pid"
                                                                 rf" {DEAD_PID}\) since .*, has ended"):
        add_staff(store, "NV1")
    with held(store), pytest.raises(StoreBusyError, match=r"held by another process \(it did not say who it is\)"):
        add_staff(store, "NV1")


def test_the_wait_is_said_once_and_a_lock_released_in_time_is_taken(demo_db: Path):
    store = Store(demo_db)
    store.lock_wait = 0.8
    said: list[str] = []
    store.on_wait = said.append
    holding = open(store.lock_path, "a+b")  # noqa: SIM115 - released by the timer below
    fcntl.flock(holding, fcntl.LOCK_EX)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(lambda: (time.sleep(0.5), holding.close()))
        add_staff(store, "NV1")  # waits about 0.5 s, in the kernel's queue
    assert "NV1" in {s.code for s in Store(demo_db).snapshot().staff}
    assert len(said) == 1 and said[0].startswith(f"qms: đang chờ kho dữ liệu {demo_db} tối đa 0.8 giây, đang bị")


def test_a_write_under_a_wait_control_hears_the_holder_early_and_stops_when_asked(demo_db: Path):
    """The TUI's saves run in a thread under a ``WaitControl``: told who holds the lock after its own short
    delay (not the terminal's line), and stopped at once while still waiting, with nothing written."""
    from qms_tui.store.lock import Holder, WaitControl, WaitStopped, waiting_under

    store = Store(demo_db)
    store.lock_wait = 5.0
    said: list[str] = []
    store.on_wait = said.append
    heard: list[tuple[float, Holder | None]] = []
    stop = threading.Event()
    record = {"user": "lan", "pid": 1, "host": "other-host", "since": "2024-09-01T08:00:00+07:00"}

    def write() -> None:
        with waiting_under(WaitControl(notice=lambda h: heard.append((time.monotonic() - start, h)),
                                       stop=stop.is_set, notice_after=0.1)):
            add_staff(store, "NV-STOPPED")

    before = demo_db.read_bytes()
    with held(store, record), ThreadPoolExecutor(1) as pool:
        start = time.monotonic()
        waiting = pool.submit(write)
        while not heard and time.monotonic() - start < 3:
            time.sleep(0.01)
        stop.set()
        stopped_at = time.monotonic()
        with pytest.raises(WaitStopped):
            waiting.result(timeout=3)
        stopping = time.monotonic() - stopped_at
    assert len(heard) == 1 and heard[0][1] == Holder("lan", 1, "other-host", "2024-09-01T08:00:00+07:00")
    assert 0.1 <= heard[0][0] < 1.0, heard
    assert stopping < 0.5, stopping
    assert said == []  # the control was told, not the terminal
    assert demo_db.read_bytes() == before
    add_staff(store, "NV-NEXT")  # outside the control, unchanged: the lock is free, the write goes through
    assert "NV-NEXT" in {s.code for s in Store(demo_db).snapshot().staff}


def test_lock_wait_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    from qms_tui.store.lock import DEFAULT_LOCK_WAIT, lock_wait

    for value, expected in (("0.25", 0.25), ("0", 0.0), ("-3", 0.0), ("x", DEFAULT_LOCK_WAIT), ("nan", 5.0)):
        monkeypatch.setenv("QMS_LOCK_WAIT", value)
        assert lock_wait() == expected
    monkeypatch.delenv("QMS_LOCK_WAIT")
    assert lock_wait() == DEFAULT_LOCK_WAIT == 5.0


def test_a_busy_store_is_a_store_error_for_every_caller(demo_db: Path):
    assert issubclass(StoreBusyError, StoreError)


def _busy_error(store: Store) -> StoreBusyError:
    with pytest.raises(StoreBusyError) as caught:
        add_staff(store, "NV-THREAD")
    return caught.value


def _local(iso: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S %d/%m/%Y")
