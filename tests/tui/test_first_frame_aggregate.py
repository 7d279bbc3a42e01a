"""The overview's first frame is counted from the store's dossier aggregate, as ``qms summary`` counts (issue
15): no dossier is read before it is drawn; they are read right after it, and a damaged dossier file is then
reported as it was when the store was read whole before the first frame."""

from __future__ import annotations

from pathlib import Path

from qms_cli import run_qms

from qms_tui.store import Store, StoreCorruptError
from qms_tui.store.shards import shard_dir
from qms_tui.tui.app import make_app
from qms_tui.tui.widgets.block import Block

BLOCKS = ("#ov-dossiers", "#ov-attention", "#ov-index", "#ov-risks", "#ov-training", "#ov-procedures", "#ov-plan")


def blocks(app) -> dict[str, str]:
    return {name: app.screen.query_one(name, Block).plain for name in BLOCKS}


async def test_the_first_frame_reads_no_dossier_and_shows_what_the_dossiers_give(store_dir: Path):
    app = make_app(Store(Path("qms.json")), poll_interval=60)
    assert app.qms.aggregate is not None and app.qms.stored_dossiers is None  # built, nothing read yet
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        from_aggregate = blocks(app)
        assert "578 = 439 + 113 + 26" in from_aggregate["#ov-dossiers"]
        assert app.qms.stored_dossiers is not None  # read once the first frame was drawn
        assert app.reload_store(force=True)  # the whole store, counted from the dossiers themselves
        await pilot.pause()
        assert app.qms.aggregate is None
        assert blocks(app) == from_aggregate


async def test_a_damaged_dossier_file_closes_the_app_with_the_store_error(store_dir: Path):
    shard = sorted(shard_dir(store_dir / "qms.json").glob("dossiers-*.json"))[3]
    raw = shard.read_bytes()
    shard.write_bytes(raw.replace(b'"online"', b'"direct"', 1))  # still JSON: only its checksum tells
    app = make_app(Store(Path("qms.json")), poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert isinstance(app.load_error, StoreCorruptError)
    assert app.return_code == 1
    assert shard.name in str(app.load_error) and "backup" in str(app.load_error)


async def test_a_write_between_the_first_frame_and_the_dossiers_read_is_read_whole(store_dir: Path):
    app = make_app(Store(Path("qms.json")), poll_interval=60)  # counted now, from the aggregate: 578
    csv = store_dir / "one.csv"
    csv.write_text("code,procedure,received,channel\nNEW-240830-0001,QT-DT01,2024-08-30,online\n", encoding="utf-8")
    assert run_qms("import", "dossiers", csv, "--db", store_dir / "qms.json").code == 0  # another process
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "579 = 439 + 114 + 26" in app.screen.query_one("#ov-dossiers", Block).plain
        assert len(app.qms.dossier_docs) == 879 and app.qms.aggregate is None  # one version, read whole
