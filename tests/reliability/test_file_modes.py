"""A store's permissions are kept: a ``chmod 600`` (or 640, 444) store stays so across writes, and the shard
files and backups it gains take its mode, so a private store does not leak through its new files."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from qms_tui import services
from qms_tui.domain.models import Staff
from qms_tui.store import Store, create_store

OPEN = "BQL-240722-0004"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("wanted", [0o600, 0o640, 0o444])
@pytest.mark.parametrize("links", [True, False], ids=["backup-links", "backup-copies"])
def test_writes_keep_the_store_mode_for_it_its_new_shards_and_its_backups(
    demo_db: Path, wanted: int, links: bool, monkeypatch: pytest.MonkeyPatch
):
    if not links:  # a file system without hard links: backups are copies
        def no_links(src: object, dst: object) -> None:
            raise OSError(errno.EPERM, os.strerror(errno.EPERM), str(dst))

        monkeypatch.setattr(os, "link", no_links)
    os.chmod(demo_db, wanted)
    store = Store(demo_db)
    old_shards = set(store.shard_dir.iterdir())
    with store.transaction() as tx:
        tx.put("staff", Staff(code="NV-1", name="Hoàng Văn Nam", unit="Văn phòng"))
    services.resolve(store, OPEN, "2024-09-01")  # a dossier shard as well as the change log
    assert mode(demo_db) == wanted
    new_shards = set(store.shard_dir.iterdir()) - old_shards
    assert len(new_shards) >= 2
    assert {p.name: mode(p) for p in new_shards} == {p.name: wanted for p in new_shards}
    assert [mode(p) for p in store.backup_files()] == [wanted, wanted]
    assert Store(demo_db).snapshot().dossiers  # and the store is still readable


def test_new_folders_let_whoever_may_read_the_store_list_them(tmp_path: Path):
    path = tmp_path / "qms.json"
    create_store(path, demo=False)  # a new store: the umask decides, as for any file
    os.chmod(path, 0o640)
    with Store(path).transaction() as tx:
        tx.put("staff", Staff(code="NV-1", name="Hoàng Văn Nam", unit="Văn phòng"))
    assert mode(Store(path).shard_dir) == 0o750
    assert mode(Store(path).backup_dir) == 0o750
    assert mode(Store(path).lock_path) & 0o007 == 0  # the lock file says who writes: not for others either
