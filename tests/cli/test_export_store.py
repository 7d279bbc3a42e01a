"""``qms export store``: the whole store as one TinyDB file, to keep or move."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_files import store_files, stored_tables
from tinydb import TinyDB

from qms_tui import services
from qms_tui.store import Store


@pytest.fixture(autouse=True)
def english_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the notes (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")


def test_the_copy_is_one_file_that_holds_everything_and_opens_as_a_store(qms, demo_db: Path, tmp_path: Path):
    services.resolve(Store(demo_db), "BQL-240722-0004", "2024-09-01")  # so that the log has an entry
    target = tmp_path / "usb" / "qms-copy.json"
    run = qms("export", "store", str(target), "--db", str(demo_db), "--read-only")
    assert run.code == 0, run.err
    assert run.out == f"wrote the store to {target} (878 dossiers, 66 procedures, 1 change-log entry)\n"
    assert [p.name for p in target.parent.iterdir()] == ["qms-copy.json"]  # no shard folder: self-contained
    assert stored_tables(target) == stored_tables(demo_db)
    with TinyDB(target, access_mode="r") as plain:  # plain TinyDB reads it too
        assert len(plain.table("dossiers")) == 878
    # the copy is a store: its first write splits it into shards, the original is untouched
    original = store_files(demo_db)
    assert qms("staff", "add", "NV-COPY", "--name", "Ngô Thị Yến", "--unit", "Văn phòng", "--db", str(target)).code == 0
    assert "dossiers" not in json.loads(target.read_bytes())
    assert len(stored_tables(target)["dossiers"]) == 878
    assert store_files(demo_db) == original


def test_the_copy_never_overwrites_without_force_nor_the_store_itself(qms, demo_db: Path, tmp_path: Path):
    target = tmp_path / "copy.json"
    target.write_text("keep me", encoding="utf-8")
    run = qms("export", "store", str(target), "--db", str(demo_db))
    assert (run.code, run.err) == (2, f"qms: {target} already exists: not overwriting it (--force to replace it)\n")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert qms("export", "store", str(target), "--force", "--db", str(demo_db)).code == 0
    assert len(stored_tables(target)["dossiers"]) == 878
    run = qms("export", "store", str(demo_db), "--force", "--db", str(demo_db))
    assert (run.code, run.err) == (1, f"qms: not writing {demo_db}: it is the store itself: choose another file\n")
