"""A full disk, a read-only folder, an unreadable store: one clear error, the store unchanged, reading still works.

Tests run as root in CI, where file permissions are not enforced (probed by ``permissions_enforced``
rather than assumed from ``os.geteuid() == 0``). So the failures are simulated: at the Store API level by
making ``open``/``os.fsync``/``os.replace``/``os.link`` raise the ``OSError`` the kernel would, and for the
real CLI by an audit hook in the child process that refuses what a read-only folder or an unreadable file
would refuse (``_store_worker.py`` mode ``cli``). Where permissions are enforced, the real ``chmod`` cases
run too (e.g. ``setpriv --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search``).
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from reliability_support import (
    TIMEOUT,
    WORKER,
    Result,
    assert_one_clear_line,
    permissions_enforced,
    run_cli,
    subprocess_env,
)

import qms_tui.store.files as storefiles_module
import qms_tui.store.lock as store_lock_module
import qms_tui.store.write as store_write_module
from qms_tui.domain.models import Staff
from qms_tui.store import Store, StoreError, create_store
from qms_tui.store.shards import Layout

ENFORCED = permissions_enforced()


def add_staff(store: Store, code: str) -> None:
    with store.transaction() as tx:
        tx.put("staff", Staff(code=code, name="Hoàng Văn Nam", unit="Văn phòng", role="Chuyên viên"))


def oserror(code: int, path: Any = None) -> OSError:
    return OSError(code, os.strerror(code), *([str(path)] if path is not None else []))


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (recursively) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class FullDiskFile:
    """A file being written when the disk fills up: half of the data gets there, then ENOSPC."""

    def __init__(self, path: Path) -> None:
        self.handle = open(path, "wb")  # noqa: SIM115 - closed by __exit__

    def __enter__(self) -> FullDiskFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise oserror(errno.ENOSPC)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


def inject(monkeypatch: pytest.MonkeyPatch, where: str, code: int, store: Store) -> None:
    """Make the next commits fail at ``where`` with ``OSError(code)``."""
    real_open = open
    if where == "write":
        def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if str(file).endswith(".tmp") and "w" in mode:
                return FullDiskFile(Path(file))
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(storefiles_module, "open", fake_open, raising=False)
    elif where == "create-temp":
        def refuse_temp(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if str(file).endswith(".tmp"):
                raise oserror(code, file)
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(storefiles_module, "open", refuse_temp, raising=False)
    elif where == "lock":
        def refuse_lock(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if Path(file) == store.lock_path:
                raise oserror(code, file)
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(store_lock_module, "open", refuse_lock, raising=False)
    elif where == "fsync":
        def fail_fsync(fd: int) -> None:
            raise oserror(code)

        monkeypatch.setattr(os, "fsync", fail_fsync)
    elif where == "replace":
        def fail_replace(src: Any, dst: Any) -> None:
            raise oserror(code, dst)

        monkeypatch.setattr(os, "replace", fail_replace)
    elif where == "backup-copy":  # no hard links on this file system, and the copy fills the disk
        def no_links(src: Any, dst: Any) -> None:
            raise oserror(errno.EPERM, dst)

        real_write_bytes = Path.write_bytes

        def copy_fills_disk(self: Path, data: bytes) -> int:
            if self.parent == store.backup_dir:
                real_write_bytes(self, data[: len(data) // 2])
                raise oserror(code, self)
            return real_write_bytes(self, data)

        monkeypatch.setattr(os, "link", no_links)
        monkeypatch.setattr(Path, "write_bytes", copy_fills_disk)
    else:  # pragma: no cover
        raise AssertionError(where)


FAILURES = [
    pytest.param("write", errno.ENOSPC, id="disk-full-writing"),
    pytest.param("fsync", errno.ENOSPC, id="disk-full-at-fsync"),
    pytest.param("create-temp", errno.ENOSPC, id="disk-full-creating-temp"),
    pytest.param("create-temp", errno.EACCES, id="read-only-folder"),
    pytest.param("fsync", errno.EIO, id="io-error"),
    pytest.param(
        "replace",
        errno.ENOSPC,
        id="disk-full-at-replace",
    ),
    pytest.param(
        "backup-copy",
        errno.ENOSPC,
        id="disk-full-copying-backup",
    ),
]


@pytest.mark.parametrize(("where", "code"), FAILURES)
def test_a_failed_write_is_one_clear_error_and_changes_nothing(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, where: str, code: int
):
    store = Store(demo_db)
    add_staff(store, "NV900")  # so that there is a backup and a lock file
    before = folder_state(demo_db.parent)
    inject(monkeypatch, where, code, store)
    with pytest.raises(StoreError) as error:
        add_staff(store, "NV901")
    message = str(error.value)
    assert message.startswith(f"cannot write the store {demo_db}: ") and "\n" not in message
    assert message.endswith("; it is unchanged")
    if code == errno.ENOSPC:
        assert "the disk is full" in message
    else:
        assert os.strerror(code) in message
    monkeypatch.undo()  # space is back

    assert demo_db.read_bytes() == before["qms.json"]
    assert [p.name for p in demo_db.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert Store(demo_db, read_only=True).snapshot()  # reading works
    # the failed change did not stay in the Store's cache, and the next write goes through
    add_staff(store, "NV902")
    codes = {s.code for s in Store(demo_db).snapshot().staff}
    assert {"NV900", "NV902"} <= codes and "NV901" not in codes
    # every backup is a valid store, and nothing else was left behind: only the new write's backup was added
    for backup in Store(demo_db).backup_files():
        Store(backup, read_only=True).snapshot()
    after = folder_state(demo_db.parent)
    new_files = sorted(set(after) - set(before) - {"qms.json"})
    backups = [name for name in new_files if name.startswith("qms.json.backups/")]
    shards = {name.removeprefix("qms.json.shards/") for name in new_files if name not in backups}
    assert len(backups) == 1, new_files
    assert shards and shards <= Layout.of(json.loads(after["qms.json"])).file_names(), new_files


def test_a_lock_file_that_cannot_be_created_is_one_clear_error(demo_db: Path, monkeypatch: pytest.MonkeyPatch):
    store = Store(demo_db)
    before = folder_state(demo_db.parent)
    inject(monkeypatch, "lock", errno.EACCES, store)
    with pytest.raises(StoreError, match=f"^cannot lock the store {re.escape(str(demo_db))}: Permission denied$"):
        add_staff(store, "NV901")
    inject(monkeypatch, "lock", errno.ENOSPC, store)
    with pytest.raises(StoreError, match=r"^cannot lock the store"):
        add_staff(store, "NV901")
    monkeypatch.undo()
    assert folder_state(demo_db.parent) == before


def test_creating_a_store_on_a_full_disk_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "new" / "qms.json"
    store = Store(target)
    inject(monkeypatch, "write", errno.ENOSPC, store)
    with pytest.raises(StoreError, match=r"^cannot create the store .*: No space left on device$"):
        create_store(target, demo=True)
    monkeypatch.undo()
    assert list(target.parent.iterdir()) == []


def test_an_unreadable_store_is_one_clear_error(demo_db: Path, monkeypatch: pytest.MonkeyPatch):
    real_read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == demo_db:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    for store in (Store(demo_db), Store(demo_db, read_only=True)):
        with pytest.raises(StoreError, match=f"^cannot read the store {re.escape(str(demo_db))}: Permission denied$"):
            store.snapshot()
    with pytest.raises(StoreError, match=r"^cannot read the store"):
        add_staff(Store(demo_db), "NV901")


def test_backups_survive_the_clock_going_back(empty_db: Path, monkeypatch: pytest.MonkeyPatch):
    clock = {"now": datetime(2024, 11, 3, 1, 30)}

    class Clock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            clock["now"] += timedelta(seconds=1)
            return clock["now"]

    monkeypatch.setattr(store_write_module, "datetime", Clock)
    store = Store(empty_db, backups=3)
    for i in range(4):
        add_staff(store, f"NV{i}")
    clock["now"] -= timedelta(hours=1)  # the clock is set back
    add_staff(store, "NV9")
    newest = json.loads(store.backup_files()[-1].read_bytes())
    # the newest backup is the version just before the last write: NV0..NV3
    assert sorted(d["code"] for d in newest["staff"].values()) == ["NV0", "NV1", "NV2", "NV3"]


# -- the real CLI on a read-only folder and an unreadable store (simulated for root by an audit hook) ----------


def run_denied(args: list[str], *, deny_write: Path | None = None, deny_read: Path | None = None) -> Result:
    config = {
        "mode": "cli", "args": args,
        "deny_write": str(deny_write) if deny_write else None, "deny_read": str(deny_read) if deny_read else None,
    }
    proc = subprocess.run(
        [sys.executable, str(WORKER), json.dumps(config)],
        capture_output=True, text=True, timeout=TIMEOUT, env=subprocess_env(),
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("lock_exists", [False, True], ids=["no-lock-file-yet", "lock-file-exists"])
def test_cli_write_to_a_read_only_folder_fails_cleanly_and_read_only_summary_works(demo_db: Path, lock_exists: bool):
    if lock_exists:
        add_staff(Store(demo_db), "NV900")
    before = folder_state(demo_db.parent)
    add = ["staff", "add", "NV901", "--name", "Hoàng Văn Nam", "--unit", "Văn phòng", "--db", str(demo_db)]
    result = run_denied(add, deny_write=demo_db.parent)
    assert_one_clear_line(result, 2)
    assert str(demo_db) in result.stderr and "Permission denied" in result.stderr
    assert folder_state(demo_db.parent) == before

    for args in (["summary", "--read-only", "--db", str(demo_db)], ["--read-only", "check", "--db", str(demo_db)]):
        result = run_denied(args, deny_write=demo_db.parent)
        assert result.code == 0 and not result.crashed, result.stderr
        assert result.stdout.strip()
    assert folder_state(demo_db.parent) == before


def test_cli_on_an_unreadable_store_is_one_clear_line(demo_db: Path):
    before = folder_state(demo_db.parent)
    for args in (["summary", "--db", str(demo_db)], ["check", "--read-only", "--db", str(demo_db)]):
        result = run_denied(args, deny_read=demo_db)
        assert_one_clear_line(result, 2)
        assert result.stderr == f"qms: không đọc được kho dữ liệu {demo_db}: Permission denied\n"
    assert folder_state(demo_db.parent) == before


@pytest.mark.skipif(not ENFORCED, reason="root ignores file permissions: covered by the simulated cases above")
def test_real_permissions(demo_db: Path):
    folder = demo_db.parent
    add_staff(Store(demo_db), "NV900")
    folder.chmod(0o555)
    try:
        add = ["staff", "add", "NV901", "--name", "Hoàng Văn Nam", "--unit", "Văn phòng", "--db", str(demo_db)]
        assert_one_clear_line(run_cli(*add), 2)
        assert run_cli("summary", "--read-only", "--db", str(demo_db)).code == 0
    finally:
        folder.chmod(0o755)
    demo_db.chmod(0o000)
    try:
        result = run_cli("summary", "--db", str(demo_db))
        assert_one_clear_line(result, 2)
        assert "Permission denied" in result.stderr
    finally:
        demo_db.chmod(0o644)
