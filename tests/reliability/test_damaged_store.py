"""A damaged shard file loses nothing more: writes are refused before the backup rotation deletes the last
good copy of its documents, ``qms check`` says which backups are whole, ``qms restore`` puts one back.

The damage is what a bad disk block or a hand edit leaves: bytes flipped in place (the same size, and the
file still parses) or a file cut short. The writes after it land in other shards (staff records: the
store file and the change log), which is how the damage went unnoticed before shard files had sums.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from reliability_support import assert_one_clear_line, run_cli_in_process

from qms_tui import services
from qms_tui.domain.models import Staff
from qms_tui.store import Store, StoreCorruptError, create_store
from qms_tui.store.shards import LAYOUT_TABLE, Layout, dossier_shard


@pytest.fixture(autouse=True)
def english_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of what ``qms`` prints (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

OPEN = "BQL-240722-0004"  # open on the demo's "as of" day
BACKUPS = 3


def layout_of(path: Path) -> Layout:
    return Layout.of(orjson.loads(path.read_bytes()))


def damaged_store(folder: Path, how: str) -> tuple[Path, Path, set[str]]:
    """A demo store whose OPEN shard was rewritten once (its older version is in the backups), then damaged.

    Returns the store, the damaged shard file and every dossier code as it was before the damage.
    """
    path = folder / "qms.json"
    create_store(path, demo=True)
    store = Store(path, backups=BACKUPS)
    add_staff(store, "NV-0")
    services.resolve(store, OPEN, "2024-09-01")  # OPEN's shard gets a new file; the backup names the old one
    codes = {d["code"] for d in store.snapshot().dossier_docs}
    shard = store.shard_dir / layout_of(path).tables["dossiers"].files[dossier_shard(OPEN)]
    raw = bytearray(shard.read_bytes())
    if how == "flipped":  # same size, still valid JSON: a digit of a date changed
        at = raw.index(b'"2024-') + 4
        raw[at] = ord("3") if raw[at] != ord("3") else ord("5")
    else:
        raw = raw[: len(raw) // 2]
    shard.write_bytes(bytes(raw))
    return path, shard, codes


def add_staff(store: Store, code: str) -> None:
    with store.transaction() as tx:
        tx.put("staff", Staff(code=code, name="Hoàng Văn Nam", unit="Văn phòng"))


def write_until_refused(path: Path, limit: int = 2 * BACKUPS + 2) -> tuple[int, StoreCorruptError]:
    """Writes that land elsewhere, until one is refused: how many went through, and the refusal."""
    for done in range(limit):
        store = Store(path, backups=BACKUPS)
        before = (path.read_bytes(), store.backup_files())
        try:
            add_staff(store, f"NV-{done + 1}")
        except StoreCorruptError as refused:
            assert (path.read_bytes(), store.backup_files()) == before  # nothing written, nothing pruned
            return done, refused
    pytest.fail(f"{limit} writes went through a damaged store")


@pytest.mark.parametrize("how", ["flipped", "cut"])
def test_writes_elsewhere_are_refused_before_the_last_good_copy_goes(tmp_path: Path, how: str):
    path, shard, codes = damaged_store(tmp_path, how)
    done, refused = write_until_refused(path)
    if how == "cut":
        assert done == 0  # the size differs: one stat tells, before anything is written
    message = str(refused)
    assert shard.name in message and "\n" not in message
    whole = [b for b in Store(path).backup_files() if shard.name not in layout_of(b).file_names()]
    assert whole, "the backup with the good copy of the shard was pruned"
    assert message.endswith(f"the newest whole backup is {whole[-1]}: qms restore {whole[-1]} puts it back")
    # the good copy is still there, whole: reading that backup gives every dossier
    assert {d["code"] for d in Store(whole[-1], read_only=True).snapshot().dossier_docs} == codes


@pytest.mark.parametrize("how", ["flipped", "cut"])
def test_reading_a_damaged_shard_is_refused_even_when_it_parses(tmp_path: Path, how: str):
    path, shard, _ = damaged_store(tmp_path, how)
    for store in (Store(path), Store(path, read_only=True)):
        with pytest.raises(StoreCorruptError, match="damaged") as caught:
            store.snapshot()
        assert shard.name in str(caught.value) and "qms restore" in str(caught.value)


@pytest.mark.parametrize("how", ["flipped", "cut"])
def test_check_lists_the_damage_and_restore_brings_back_every_dossier(tmp_path: Path, how: str):
    path, shard, codes = damaged_store(tmp_path, how)
    damaged_bytes = shard.read_bytes()
    write_until_refused(path)
    backups = Store(path).backup_files()

    check = run_cli_in_process("check", "--db", str(path))
    assert_one_clear_line(check, 2)
    lines = check.stdout.splitlines()
    assert any(line.startswith(f"error: shard file {shard.name} is damaged") and "named by the store" in line
               for line in lines), check.stdout
    whole = [b for b in backups if shard.name not in layout_of(b).file_names()]
    for backup in backups:
        expected = "is whole: qms restore" if backup in whole else f"is not whole: shard file {shard.name}"
        assert f"backup: {backup} {expected}" in check.stdout, check.stdout

    restored = run_cli_in_process("restore", whole[-1].name, "--db", str(path))  # by its name alone
    assert restored.code == 0 and not restored.crashed, restored.stderr
    aside = next(tmp_path.glob("qms.json.damaged-*"))
    assert f"its damaged files are kept in {aside}" in restored.stdout
    assert (aside / shard.name).read_bytes() == damaged_bytes
    assert (aside / "qms.json").exists()

    store = Store(path)
    assert {d["code"] for d in store.snapshot().dossier_docs} == codes
    assert store.load()["changelog"][max(store.load()["changelog"], key=int)]["action"] == "restore"
    assert len(store.backup_files()) == len(backups) + 1  # the damaged version is kept as a backup too
    assert run_cli_in_process("check", "--db", str(path)).code == 0
    for i in range(2 * BACKUPS):  # and writes go through again, back down to the usual number of backups
        add_staff(Store(path, backups=BACKUPS), f"NV-NEW-{i}")
    assert len(Store(path).backup_files()) == BACKUPS


def test_restore_refuses_a_backup_that_is_not_whole_and_changes_nothing(tmp_path: Path):
    path, shard, _ = damaged_store(tmp_path, "flipped")
    add_staff(Store(path, backups=BACKUPS), "NV-9")  # a backup naming the damaged shard
    bad = next(b for b in Store(path).backup_files() if shard.name in layout_of(b).file_names())
    before = path.read_bytes()
    result = run_cli_in_process("restore", str(bad), "--db", str(path))
    assert_one_clear_line(result, 2)
    assert f"the backup {bad} is not whole" in result.stderr and shard.name in result.stderr
    assert path.read_bytes() == before
    assert run_cli_in_process("restore", "qms-99999999-x.json", "--db", str(path)).code == 2


def test_restore_replaces_a_store_file_that_does_not_parse(demo_db: Path):
    add_staff(Store(demo_db), "NV-1")
    backup = Store(demo_db).newest_backup()
    demo_db.write_bytes(b'{"_meta": {"1": {"schema_ver')
    result = run_cli_in_process("restore", str(backup), "--db", str(demo_db))
    assert result.code == 0, result.stderr
    assert "the version it replaced" not in result.stdout  # an unreadable file is no backup ...
    aside = next(demo_db.parent.glob("qms.json.damaged-*"))
    assert (aside / "qms.json").read_bytes() == b'{"_meta": {"1": {"schema_ver'  # ... it is kept aside
    assert Store(demo_db).snapshot().dossiers


def test_a_store_without_sums_is_read_checked_by_parsing_and_gets_them_at_the_next_write(demo_db: Path):
    main = orjson.loads(demo_db.read_bytes())
    del main[LAYOUT_TABLE]["1"]["sums"]  # as an older qms-tui wrote it
    demo_db.write_bytes(orjson.dumps(main))
    assert layout_of(demo_db).sums == {}
    assert Store(demo_db).snapshot().dossiers
    add_staff(Store(demo_db), "NV-1")
    layout = layout_of(demo_db)
    assert set(layout.sums) == layout.file_names()
    Store(demo_db).snapshot()  # and they are right


def test_a_store_without_sums_and_a_shard_that_does_not_parse_refuses_writes(demo_db: Path):
    main = orjson.loads(demo_db.read_bytes())
    del main[LAYOUT_TABLE]["1"]["sums"]
    demo_db.write_bytes(orjson.dumps(main))
    store = Store(demo_db)
    shard = store.shard_dir / layout_of(demo_db).tables["dossiers"].files[dossier_shard(OPEN)]
    shard.write_bytes(shard.read_bytes()[:-3])
    before = demo_db.read_bytes()
    with pytest.raises(StoreCorruptError, match=shard.name):
        add_staff(store, "NV-1")  # the write touches the change log only: the parse of the rest tells
    assert demo_db.read_bytes() == before


def test_restore_only_damaged_keeps_the_later_writes_to_other_shards(tmp_path: Path):
    path, shard, codes = damaged_store(tmp_path, "flipped")
    done, _ = write_until_refused(path)
    assert done >= 1  # writes elsewhere went through before the rotation reached the good copy
    kept = {f"NV-{i + 1}" for i in range(done)}
    whole = [b for b in Store(path).backup_files() if shard.name not in layout_of(b).file_names()][-1]
    result = run_cli_in_process("restore", "--only-damaged", str(whole), "--db", str(path))
    assert result.code == 0, result.stderr
    assert f"restored {shard.name} from {whole} into the store {path}" in result.stdout
    qms = Store(path).snapshot()
    assert {d["code"] for d in qms.dossier_docs} == codes
    assert kept <= {s.code for s in qms.staff}  # a whole restore of that backup would have lost these
    assert shard.name not in layout_of(path).file_names()
    assert run_cli_in_process("check", "--db", str(path)).code == 0
    again = run_cli_in_process("restore", "--only-damaged", str(whole), "--db", str(path))
    assert again.code == 0 and "nothing was restored" in again.stdout
