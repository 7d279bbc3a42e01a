"""Dossiers and the change log in shard files: a one-dossier change rewrites one shard, versions stay whole."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from store_files import store_files, stored_tables, write_one_file_store
from tinydb import TinyDB

from qms_tui import services
from qms_tui.domain.models import Staff
from qms_tui.store import SCHEMA_VERSION, Store, StoreCorruptError, create_store, demo_path
from qms_tui.store.shards import DOSSIER_SHARDS, SHARD_FILE, Layout, dossier_shard, merge, partition

OPEN_DEMO_DOSSIER = "BQL-240722-0004"  # received, not finished on the demo's "as of" day


def shard_names(path: Path) -> set[str]:
    return {p.name for p in Store(path).shard_dir.iterdir()}


def layout_of(path: Path) -> Layout:
    return Layout.of(json.loads(path.read_bytes()))


def test_the_store_file_holds_the_small_tables_and_names_its_shards(demo_db: Path):
    main = json.loads(demo_db.read_bytes())
    assert "dossiers" not in main and "changelog" not in main
    assert main["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    layout = Layout.of(main)
    assert len(layout.tables["dossiers"].files) == DOSSIER_SHARDS  # 878 demo dossiers fill every shard
    assert layout.file_names() == shard_names(demo_db)
    # each shard is a TinyDB file of its own, and together they are exactly the demo's dossiers
    demo = json.loads(demo_path().read_bytes())
    seen: dict[str, dict] = {}
    for name in layout.tables["dossiers"].files.values():
        with TinyDB(Store(demo_db).shard_dir / name, access_mode="r") as shard:
            assert shard.tables() == {"dossiers"}
            seen.update({str(doc.doc_id): dict(doc) for doc in shard.table("dossiers").all()})
    assert seen == demo["dossiers"]
    assert list(stored_tables(demo_db)["dossiers"]) == sorted(demo["dossiers"], key=int)  # merged in id order


def test_resolving_one_dossier_writes_one_dossier_shard_and_one_log_block(demo_db: Path):
    before = store_files(demo_db)
    old = layout_of(demo_db)
    services.resolve(Store(demo_db), OPEN_DEMO_DOSSIER, "2024-09-01")
    new = layout_of(demo_db)
    old_files = old.tables["dossiers"].files
    changed = {shard for shard, name in new.tables["dossiers"].files.items() if old_files[shard] != name}
    assert changed == {dossier_shard(OPEN_DEMO_DOSSIER)}
    assert set(new.tables["changelog"].files) == {"00000"}
    # the other 31 dossier shards are the very same files, untouched
    for shard, name in new.tables["dossiers"].files.items():
        if shard not in changed:
            assert store_files(demo_db)[f"shards/{name}"] == before[f"shards/{name}"]
    resolved = next(d for d in stored_tables(demo_db)["dossiers"].values() if d["code"] == OPEN_DEMO_DOSSIER)
    assert (resolved["finished"], resolved["outcome"]) == ("2024-09-01", "resolved")


def test_a_new_dossier_gets_the_next_id_and_keeps_the_id_order(demo_db: Path):
    ids_before = [int(i) for i in stored_tables(demo_db)["dossiers"]]
    services.add_dossier(Store(demo_db), "HS-NEW-1", procedure="QT-DT01", channel="online", received="2024-08-30")
    services.add_dossier(Store(demo_db), "HS-NEW-2", procedure="QT-DT01", channel="direct", received="2024-08-30")
    dossiers = stored_tables(demo_db)["dossiers"]
    ids = [int(i) for i in dossiers]
    assert ids == sorted(ids) and ids[:-2] == ids_before
    assert [dossiers[str(i)]["code"] for i in ids[-2:]] == ["HS-NEW-1", "HS-NEW-2"]
    assert ids[-2] == max(ids_before) + 1


def test_the_change_log_grows_in_blocks_and_reads_back_in_order(empty_db: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("qms_tui.store.shards.CHANGELOG_BLOCK", 3)
    store = Store(empty_db)
    for i in range(8):
        with store.transaction() as tx:
            tx.put("staff", Staff(code=f"NV{i}", name="Lê Thị Hoa", unit="Văn phòng"))
    assert sorted(layout_of(empty_db).tables["changelog"].files) == ["00000", "00001", "00002"]
    log = stored_tables(empty_db)["changelog"]
    assert list(log) == [str(i) for i in range(1, 9)]
    assert [e["record"] for e in log.values()] == [f"NV{i}" for i in range(8)]


def test_a_one_file_store_is_read_as_it_is_and_split_at_its_first_write(tmp_path: Path):
    """A store written by qms-tui before shards (schema 1): read-only use leaves it alone; a write splits it."""
    path = tmp_path / "old.json"
    demo = json.loads(demo_path().read_bytes())
    assert demo["_meta"]["1"]["schema_version"] == 1
    path.write_bytes(demo_path().read_bytes())
    assert stored_tables(path)["dossiers"] == demo["dossiers"]
    assert not Store(path).shard_dir.exists()
    services.resolve(Store(path), OPEN_DEMO_DOSSIER, "2024-09-01")
    main = json.loads(path.read_bytes())
    assert "dossiers" not in main and main["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    after = stored_tables(path)
    assert len(after["dossiers"]) == len(demo["dossiers"]) and len(after["changelog"]) == 1
    assert Store(path).newest_backup().read_bytes() == demo_path().read_bytes()  # the old file is the backup


def test_every_kept_backup_opens_whole_and_old_shards_are_pruned(demo_db: Path):
    store = Store(demo_db, backups=3)
    services.resolve(store, OPEN_DEMO_DOSSIER, "2024-08-30")
    for i in range(5):
        with store.transaction() as tx:
            tx.put("staff", Staff(code=f"NV-{i}", name="Đỗ Văn Hùng", unit="Văn phòng"))
    backups = store.backup_files()
    assert len(backups) == 3
    for backup in backups:  # a backup names the shards of its own version, and they are still there
        snapshot = Store(backup, read_only=True).snapshot()
        assert len(snapshot.dossier_docs) == 878
    # restoring a backup is copying it over the store file
    shutil.copy(backups[0], demo_db)
    assert len(Store(demo_db).snapshot().staff) == len(Store(backups[0], read_only=True).snapshot().staff)
    # after the next write, the shard files named by no kept version are gone
    with store.transaction() as tx:
        tx.put("staff", Staff(code="NV-LAST", name="Đỗ Văn Hùng", unit="Văn phòng"))
    referenced = layout_of(demo_db).file_names().union(*(layout_of(b).file_names() for b in store.backup_files()))
    assert shard_names(demo_db) == referenced


def test_a_missing_shard_is_a_corrupt_store_that_names_it_and_a_backup_without_it(demo_db: Path):
    store = Store(demo_db)
    with store.transaction() as tx:  # a first backup: the version before this write
        tx.put("staff", Staff(code="NV-A", name="Phan Thị Mai", unit="Văn phòng"))
    services.resolve(store, OPEN_DEMO_DOSSIER, "2024-09-01")  # the dossier's shard is new in this version
    shard = layout_of(demo_db).tables["dossiers"].files[dossier_shard(OPEN_DEMO_DOSSIER)]
    (store.shard_dir / shard).unlink()
    with pytest.raises(StoreCorruptError) as error:
        Store(demo_db, read_only=True).load()
    message = str(error.value)
    assert f"its shard file {shard} is missing" in message
    assert message.endswith(f"the newest whole backup is {store.newest_backup()}: qms restore"
                            f" {store.newest_backup()} puts it back")
    assert "\n" not in message


@pytest.mark.parametrize(
    "damage",
    [b'{"dossiers": {"1": {"code": ', b'{"staff": {}}', b'{"dossiers": {"x": {}}}'],
    ids=["broken-json", "wrong-table", "bad-id"],
)
def test_a_damaged_shard_is_a_corrupt_store_and_a_write_changes_nothing(demo_db: Path, damage: bytes):
    store = Store(demo_db)
    name = layout_of(demo_db).tables["dossiers"].files[dossier_shard(OPEN_DEMO_DOSSIER)]
    (store.shard_dir / name).write_bytes(damage)
    before = store_files(demo_db)
    with pytest.raises(StoreCorruptError, match=f"its shard file {name}"):
        Store(demo_db, read_only=True).snapshot()
    with pytest.raises(StoreCorruptError, match=f"its shard file {name}"):
        services.resolve(Store(demo_db), OPEN_DEMO_DOSSIER, "2024-09-01")
    assert store_files(demo_db) == before


def test_a_reader_starts_again_when_a_writer_prunes_the_shards_it_was_about_to_read(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
):
    """No lock for readers: if a writer (keeping no backups) replaces the store and deletes the shards of
    the version the reader had just read, the reader reads the new version instead of failing."""
    writer = Store(demo_db, backups=0)
    reader = Store(demo_db, read_only=True)
    real_read_main = Store._read_main
    writes = []

    def read_main_then_a_write_happens(self: Store):
        main = real_read_main(self)
        if self is reader and not writes:
            writes.append(services.resolve(writer, OPEN_DEMO_DOSSIER, "2024-09-01"))
        return main

    monkeypatch.setattr(Store, "_read_main", read_main_then_a_write_happens)
    tables = reader.load()
    assert writes
    resolved = next(d for d in tables["dossiers"].values() if d["code"] == OPEN_DEMO_DOSSIER)
    assert resolved["outcome"] == "resolved"


def test_a_hand_written_one_file_store_beside_old_shards_reads_the_file(demo_db: Path):
    """What ``write_one_file_store`` (used by other tests) relies on: no ``_layout``, no shards used."""
    tables = stored_tables(demo_db)
    tables["dossiers"] = dict(list(tables["dossiers"].items())[:5])
    write_one_file_store(demo_db, tables)
    assert len(stored_tables(demo_db)["dossiers"]) == 5


def test_partition_and_merge_are_inverse_and_keep_id_order():
    docs = {str(i): {"code": f"HS-{i * 7919 % 1000:04d}"} for i in range(1, 400)}
    parts = partition("dossiers", docs)
    assert len(parts) == DOSSIER_SHARDS
    for shard, part in parts.items():
        assert all(dossier_shard(doc["code"]) == shard for doc in part.values())
    assert list(merge(parts.values())) == list(docs)
    log = {str(i): {"at": "2024-09-01T08:00:00"} for i in range(1, 2500)}
    assert list(partition("changelog", log)) == ["00000", "00001", "00002"]
    assert list(merge(partition("changelog", log).values())) == list(log)


def test_shard_file_names_are_never_reused(demo_db: Path):
    seen = set(shard_names(demo_db))
    store = Store(demo_db, backups=0)
    services.resolve(store, OPEN_DEMO_DOSSIER, "2024-09-01")
    for i in range(5):
        with store.transaction() as tx:
            tx.put("staff", Staff(code=f"NV-R{i}", name="Hồ Thị Thu", unit="Văn phòng"))
        new = shard_names(demo_db) - seen
        assert new and all(SHARD_FILE.match(name) for name in new)
        seen |= new
    create_store(demo_db, demo=True, overwrite=True)  # a new store over the old one: new names again
    assert layout_of(demo_db).file_names().isdisjoint(seen)


def test_documents_left_inside_the_store_file_are_kept_and_moved_into_shards(demo_db: Path):
    """A hand edit that puts a dossier back into the store file: it is read, and the next write keeps it."""
    main = json.loads(demo_db.read_bytes())
    extra = dict(next(iter(stored_tables(demo_db)["dossiers"].values())), code="HS-TAY-1")
    main["dossiers"] = {"5000": extra}
    demo_db.write_bytes(json.dumps(main, ensure_ascii=False).encode())
    assert len(stored_tables(demo_db)["dossiers"]) == 879
    services.resolve(Store(demo_db), OPEN_DEMO_DOSSIER, "2024-09-01")
    assert "dossiers" not in json.loads(demo_db.read_bytes())
    dossiers = stored_tables(demo_db)["dossiers"]
    assert len(dossiers) == 879 and dossiers["5000"]["code"] == "HS-TAY-1"


def test_reading_one_table_reads_only_its_own_shards(demo_db: Path):
    services.resolve(Store(demo_db), OPEN_DEMO_DOSSIER, "2024-09-01")
    store = Store(demo_db, read_only=True)
    log = store.table("changelog")
    assert [e["record"] for e in log.values()] == [OPEN_DEMO_DOSSIER]
    assert store._shards and all(name.startswith("changelog-") for name in store._shards)
    assert store.table("staff") == stored_tables(demo_db)["staff"]
    assert store.table("dossiers") == stored_tables(demo_db)["dossiers"]


def test_a_store_created_over_another_keeps_it_as_a_backup(demo_db: Path):
    services.resolve(Store(demo_db), OPEN_DEMO_DOSSIER, "2024-09-01")
    before = stored_tables(demo_db)
    create_store(demo_db, demo=False, overwrite=True)
    assert stored_tables(demo_db)["dossiers"] == {}
    kept = Store(demo_db).newest_backup()
    assert kept is not None and Store(kept, read_only=True).load() == before
