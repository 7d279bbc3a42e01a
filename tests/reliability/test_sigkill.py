"""A writer killed with SIGKILL at any moment leaves a usable store: the last acknowledged state or one more.

The store's promise: a transaction is all or nothing, whatever happens to the process. A SIGKILL cannot
be caught, so nothing in ``Store`` gets to clean up: the file must be valid at every instant, the lock
must be the kernel's (``flock``, released when the process dies), and the backups must stay bounded and
valid. Leftover temporary files must not get in the way (see ``test_stale_temp_files_are_cleaned_up``
for whether they pile up).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import orjson
import pytest
from reliability_support import TIMEOUT, WORKER, subprocess_env
from store_files import stored_tables

from qms_tui.domain.models import Staff
from qms_tui.store import DEFAULT_BACKUPS, Store
from qms_tui.store.shards import Layout

SEED = 20240901
RUNS = 30
MAX_DELAY = 0.150


def start_writer(store: Path, ack: Path, prefix: str, env: dict[str, str], limit: int | None = None):
    config = {"mode": "loop", "store": str(store), "ack": str(ack), "prefix": prefix, "limit": limit}
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), json.dumps(config)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    ready, _, _ = select.select([proc.stdout], [], [], TIMEOUT)
    if not ready or proc.stdout.readline() != b"ready\n":  # type: ignore[union-attr]
        proc.kill()
        _, err = proc.communicate(timeout=TIMEOUT)
        pytest.fail(f"the writer did not start: {err.decode(errors='replace')}")
    return proc


def acknowledged(ack: Path) -> list[tuple[int, str, int]]:
    """(commits so far, code, staff total) per commit the writer saw return."""
    if not ack.exists():
        return []
    rows = []
    for line in ack.read_text().splitlines():
        number, code, total = line.split()
        rows.append((int(number), code, int(total)))
    return rows


def lock_is_free(store: Store) -> bool:
    with open(store.lock_path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_acknowledged_writes(demo_db: Path):
    rng = random.Random(SEED)
    store = Store(demo_db)
    initial = {s.code for s in store.snapshot().staff}
    initial_dossiers = {d["code"] for d in store.snapshot().dossier_docs}
    codes = set(initial)
    stats = {"kills": RUNS, "commit_done_but_not_acknowledged": 0, "n_plus_one_backups": 0}
    for run in range(RUNS):
        ack = demo_db.with_name(f"ack-{run}")
        writer = start_writer(demo_db, ack, f"K{run:02d}", subprocess_env())
        time.sleep(rng.uniform(0, MAX_DELAY))
        writer.send_signal(signal.SIGKILL)
        _, err = writer.communicate(timeout=TIMEOUT)
        assert writer.returncode == -signal.SIGKILL, err.decode(errors="replace")

        # the store opens: a valid file whatever the moment of the kill
        qms = Store(demo_db).snapshot()
        now = {s.code for s in qms.staff}
        acks = acknowledged(ack)
        done = {code for _, code, _ in acks}
        # never fewer records than acknowledged; at most the one commit in flight more
        assert codes | done <= now
        extra = now - codes - done
        assert extra <= {f"K{run:02d}-{len(acks):04d}"}, extra
        if acks:
            assert len(now) in (acks[-1][2], acks[-1][2] + 1)
        stats["commit_done_but_not_acknowledged"] += bool(extra)
        # a staff record, a dossier (in its shard) and their change-log entries are committed together
        assert {d["code"] for d in qms.dossier_docs} - initial_dossiers == now - initial
        assert len(stored_tables(demo_db)["changelog"]) == 2 * len(now - initial)
        codes = now

        # nothing is left that stops the next writer: the kernel released the lock
        assert lock_is_free(store)
        # backups stay bounded (N+1 when the kill fell between making the new backup and pruning the
        # old ones: see test_a_kill_during_commit_leaves_at_most_n_backups) and each is a valid store
        backups = store.backup_files()
        assert len(backups) <= DEFAULT_BACKUPS + 1, [b.name for b in backups]
        stats["n_plus_one_backups"] += len(backups) > DEFAULT_BACKUPS
        for backup in backups:
            Store(backup, read_only=True).snapshot()

    # after all that, a writer runs to completion, from the state the kills left
    ack = demo_db.with_name("ack-final")
    writer = start_writer(demo_db, ack, "FINAL", subprocess_env(), limit=3)
    _, err = writer.communicate(timeout=TIMEOUT)
    assert writer.returncode == 0, err.decode(errors="replace")
    final = {s.code for s in Store(demo_db).snapshot().staff}
    assert final == codes | {f"FINAL-{i:04d}" for i in range(3)}
    assert len(store.backup_files()) == DEFAULT_BACKUPS
    # shard files written by killed writers before their commit were removed: only named ones remain
    named = set().union(*(Layout.of(orjson.loads(f.read_bytes())).file_names()
                          for f in [demo_db, *store.backup_files()]))
    assert {p.name for p in store.shard_dir.glob("*.json")} == named
    # leftover temp files of killed writers did not get in the way (whether they pile up is
    # test_stale_temp_files_are_cleaned_up's question)
    print(f"\n{stats}, temp files of killed writers left: {len(temp_files(demo_db.parent))}")  # shown with -s


@pytest.mark.parametrize("killed_after", ["link", "replace"])
def test_a_kill_during_commit_leaves_at_most_n_backups(empty_db: Path, killed_after: str):
    """The writer dies right after ``os.link`` (backup made) or ``os.replace`` (store written): still <= N backups."""
    store = Store(empty_db, backups=3)
    for i in range(4):
        with store.transaction() as tx:
            tx.put("staff", Staff(code=f"NV{i}", name="A", unit="Văn phòng"))
    assert len(store.backup_files()) == 3

    real = getattr(os, killed_after)

    def then_killed(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)
        raise KeyboardInterrupt  # stands for SIGKILL: nothing after this point runs

    killed = mock.patch.object(os, killed_after, then_killed)
    with killed, pytest.raises(KeyboardInterrupt), store.transaction() as tx:
        tx.put("staff", Staff(code="NV9", name="A", unit="Văn phòng"))
    assert Store(empty_db).snapshot().staff  # the store is valid either way
    backups_after_kill = store.backup_files()
    for backup in backups_after_kill:
        Store(backup, read_only=True).snapshot()
    with store.transaction() as tx:  # the next commit brings it back to N in any case
        tx.put("staff", Staff(code="NV10", name="A", unit="Văn phòng"))
    assert len(store.backup_files()) == 3
    # right after the kill there must already be at most N
    assert len(backups_after_kill) <= 3


def test_stale_temp_files_are_cleaned_up(empty_db: Path):
    """What a writer killed between writing its temp file and ``os.replace`` leaves: the next commit removes it."""
    dead_pids = [999_991, 999_992]  # above the default pid_max: no live process has these
    stale = [empty_db.with_name(f".{empty_db.name}.{pid}.tmp") for pid in dead_pids]
    for path in stale:
        path.write_bytes(empty_db.read_bytes()[:20])  # a half-written temp file
    store = Store(empty_db)
    assert store.snapshot().staff == []  # they do not break reading ...
    with store.transaction() as tx:  # ... nor writing
        tx.put("staff", Staff(code="NV1", name="A", unit="Văn phòng"))
    assert [s.code for s in Store(empty_db).snapshot().staff] == ["NV1"]
    assert [p for p in stale if p.exists()] == []  # but they stay forever


def test_a_temp_file_of_this_pid_left_by_a_dead_writer_is_overwritten(empty_db: Path):
    """pids are reused: a broken leftover temp file named with our own pid must not block our commit."""
    mine = empty_db.with_name(f".{empty_db.name}.{os.getpid()}.tmp")
    mine.write_bytes(b"{ broken")
    with Store(empty_db).transaction() as tx:
        tx.put("staff", Staff(code="NV1", name="A", unit="Văn phòng"))
    assert [s.code for s in Store(empty_db).snapshot().staff] == ["NV1"]
    assert not mine.exists()
