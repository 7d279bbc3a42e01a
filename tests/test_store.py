"""The store: atomic locked writes, no lost updates across processes, backups, corrupt and read-only files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from store_files import store_files, stored_tables

from qms_tui.domain.models import Staff
from qms_tui.store import (
    SCHEMA_VERSION,
    ReadOnlyError,
    Store,
    StoreCorruptError,
    StoreError,
    ValidationError,
    create_store,
    open_store,
    resolve_path,
    user_store_path,
)


def add_staff(store: Store, code: str, name: str = "Nguyễn Văn A") -> None:
    with store.transaction() as tx:
        tx.put("staff", Staff(code=code, name=name, unit="Văn phòng", role="Chuyên viên"))


def test_empty_store_has_schema_version_and_tables(empty_db: Path):
    data = stored_tables(empty_db)
    assert data["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert {"procedures", "risks", "staff", "trainings", "dossiers", "changelog"} <= set(data)


def test_write_is_visible_and_logged(empty_db: Path):
    store = Store(empty_db, user="thuky")
    add_staff(store, "NV1", "Trần Thị Bình")
    qms = store.snapshot()
    assert [s.name for s in qms.staff] == ["Trần Thị Bình"]
    log = stored_tables(empty_db)["changelog"]
    entry = next(iter(log.values()))
    assert (entry["user"], entry["action"], entry["table"], entry["record"]) == ("thuky", "add", "staff", "NV1")


def test_vietnamese_is_stored_as_utf8_text(empty_db: Path):
    add_staff(Store(empty_db), "NV1", "Bùi Ngọc Hải")
    assert "Bùi Ngọc Hải" in empty_db.read_text(encoding="utf-8")


def test_upsert_by_key_and_unchanged_write_does_nothing(empty_db: Path):
    store = Store(empty_db)
    add_staff(store, "NV1")
    before = store.signature()
    with store.transaction() as tx:
        changed = tx.put("staff", Staff(code="NV1", name="Nguyễn Văn A", unit="Văn phòng", role="Chuyên viên"))
    assert changed is False
    assert store.signature() == before
    add_staff(store, "NV1", "Nguyễn Văn Bê")
    assert [s.name for s in store.snapshot().staff] == ["Nguyễn Văn Bê"]


def test_invalid_record_is_rejected_and_nothing_written(empty_db: Path):
    store = Store(empty_db)
    before = store_files(empty_db)
    with pytest.raises(ValidationError) as error, store.transaction() as tx:
        tx.put("staff", Staff(code="NV1", name="", unit="Văn phòng"))
    assert ("name", "name is required") in error.value.problems
    assert store_files(empty_db) == before


def test_failed_transaction_writes_nothing(empty_db: Path):
    store = Store(empty_db)
    before = store_files(empty_db)
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.put("staff", Staff(code="NV1", name="A", unit="Văn phòng"))
        raise RuntimeError("boom")
    assert store_files(empty_db) == before


def test_crash_mid_write_leaves_the_last_good_store(empty_db: Path, monkeypatch: pytest.MonkeyPatch):
    store = Store(empty_db)
    add_staff(store, "NV1")
    good = store_files(empty_db)

    def crash(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(StoreError, match="it is unchanged"):
        add_staff(store, "NV2")
    monkeypatch.undo()
    assert store_files(empty_db) == good
    assert [p.name for p in empty_db.parent.rglob("*.tmp")] == []
    assert [s.code for s in Store(empty_db).snapshot().staff] == ["NV1"]


def test_backups_roll_and_keep_previous_versions(empty_db: Path):
    store = Store(empty_db, backups=3)
    for i in range(6):
        add_staff(store, f"NV{i}")
    backups = store.backup_files()
    assert len(backups) == 3
    newest = json.loads(backups[-1].read_text(encoding="utf-8"))
    assert len(newest["staff"]) == 5  # the version before the last write


def test_two_processes_writing_at_once_lose_no_update(empty_db: Path):
    script = textwrap.dedent(
        """
        import sys
        from qms_tui.domain.models import Staff
        from qms_tui.store import Store
        store = Store(sys.argv[1])
        for i in range(40):
            with store.transaction() as tx:
                tx.put("staff", Staff(code=f"{sys.argv[2]}-{i}", name="Lê Văn C", unit="Văn phòng"))
        """
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(empty_db), name]) for name in ("A", "B", "C")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    codes = {s.code for s in Store(empty_db).snapshot().staff}
    assert len(codes) == 120
    log = stored_tables(empty_db)["changelog"]
    assert len(log) == 120


def test_corrupt_store_names_the_file_and_the_newest_backup(empty_db: Path):
    store = Store(empty_db)
    add_staff(store, "NV1")
    add_staff(store, "NV2")
    newest = store.newest_backup()
    empty_db.write_text('{"staff": {"1": {"code": ', encoding="utf-8")
    with pytest.raises(StoreCorruptError) as error:
        Store(empty_db).load()
    message = str(error.value)
    assert str(empty_db) in message and str(newest) in message
    assert "\n" not in message


def test_corrupt_store_without_backup_says_so(tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(StoreCorruptError, match="no backup exists"):
        Store(path).load()


def test_newer_schema_is_refused(empty_db: Path):
    data = stored_tables(empty_db)
    data["_meta"]["1"]["schema_version"] = 99
    empty_db.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match="upgrade qms-tui"):
        Store(empty_db).load()


def test_read_only_never_writes_or_locks(empty_db: Path):
    store = Store(empty_db, read_only=True)
    before = sorted(p.name for p in empty_db.parent.iterdir())
    assert store.snapshot().staff == []
    with pytest.raises(ReadOnlyError):
        add_staff(store, "NV1")
    assert sorted(p.name for p in empty_db.parent.iterdir()) == before
    assert "READ-ONLY" in store.describe()


def test_read_only_works_on_a_read_only_directory(tmp_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = create_store(folder / "qms.json", demo=False)
    folder.chmod(0o555)
    try:
        assert Store(path, read_only=True).snapshot().staff == []
        if os.geteuid() != 0:  # root ignores directory permissions
            with pytest.raises(StoreError, match="cannot"):
                add_staff(Store(path), "NV1")
    finally:
        folder.chmod(0o755)


def test_change_detection(empty_db: Path):
    reader = Store(empty_db)
    reader.load()
    assert not reader.changed()
    add_staff(Store(empty_db), "NV1")
    assert reader.changed()
    assert [s.code for s in reader.snapshot().staff] == ["NV1"]


def test_store_choice_db_then_env_then_user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    assert resolve_path(str(tmp_path / "a.json")) == tmp_path / "a.json"
    monkeypatch.setenv("QMS_DB", str(tmp_path / "env.json"))
    assert resolve_path(None) == tmp_path / "env.json"
    monkeypatch.delenv("QMS_DB")
    assert resolve_path(None) == user_store_path()


def test_user_store_is_created_from_the_demo_on_first_use():
    assert not user_store_path().exists()
    store = open_store(None)
    assert store.path == user_store_path() and store.path.exists()
    assert store.is_demo and "DEMO" in store.describe()
    assert store.snapshot().today == date(2024, 9, 1)


def test_missing_explicit_store_is_an_error(tmp_path: Path):
    with pytest.raises(StoreError, match="qms init"):
        open_store(str(tmp_path / "nope.json"))
