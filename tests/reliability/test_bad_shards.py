"""Broken shard files and a broken ``_layout``: one clear line naming the file, and a write changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_files import store_files
from test_bad_store_files import NO_SHRINK, SETTINGS, json_values

from qms_tui import services
from qms_tui.store import Store, StoreCorruptError, StoreError, create_store
from qms_tui.store.shards import LAYOUT_TABLE, dossier_shard

OPEN = "BQL-240722-0004"  # open on the demo's "as of" day


def fresh_store(folder: Path) -> tuple[Path, Path]:
    """A demo store with one write (so that there is a backup and a change-log block), and OPEN's shard file."""
    path = folder / "qms.json"
    create_store(path, demo=True, overwrite=True)
    services.resolve(Store(path), "BQL-240723-0002", "2024-09-01")
    layout = orjson.loads(path.read_bytes())[LAYOUT_TABLE]["1"]
    return path, Store(path).shard_dir / layout["tables"]["dossiers"]["files"][dossier_shard(OPEN)]


@st.composite
def damage(draw: st.DrawFn, original: bytes) -> bytes:
    """What a disk error, a copy cut short or a hand edit can leave in a shard file."""
    kind = draw(st.sampled_from(["bytes", "cut", "json", "document", "id"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "cut":
        return original[: draw(st.integers(0, len(original) - 1))]
    if kind == "json":
        return orjson.dumps(draw(json_values))
    docs: dict[str, Any] = orjson.loads(original)["dossiers"]
    victim = draw(st.sampled_from(sorted(docs)))
    if kind == "document":
        docs[victim] = draw(json_values.filter(lambda v: not isinstance(v, dict)))
    else:
        docs[draw(st.text(max_size=4).filter(lambda k: not k.isdigit()))] = docs.pop(victim)
    return orjson.dumps({"dossiers": docs})


@pytest.mark.slow
@settings(max_examples=60, phases=NO_SHRINK, **SETTINGS)
@given(data=st.data())
def test_a_damaged_shard_is_refused_in_one_line_and_a_write_changes_nothing(tmp_path: Path, data: st.DataObject):
    path, shard = fresh_store(tmp_path)
    shard.write_bytes(data.draw(damage(shard.read_bytes())))
    before = store_files(path)
    for store in (Store(path), Store(path, read_only=True)):
        with pytest.raises(StoreCorruptError) as caught:
            store.snapshot()
        message = str(caught.value)
        assert "\n" not in message and str(path) in message and shard.name in message, message
    with pytest.raises(StoreError):
        services.resolve(Store(path), OPEN, "2024-09-01")
    assert store_files(path) == before


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", f"dossiers-{dossier_shard(OPEN)}-g00000001-deadbeef.json", 5],
    ids=["outside-the-folder", "missing-file", "not-a-name"],
)
def test_a_layout_that_names_impossible_or_missing_files_is_refused(tmp_path: Path, name: Any):
    """The shard that holds OPEN is named wrongly: reading and changing OPEN are refused as corrupt."""
    path, _ = fresh_store(tmp_path)
    main = orjson.loads(path.read_bytes())
    main[LAYOUT_TABLE]["1"]["tables"]["dossiers"]["files"][dossier_shard(OPEN)] = name
    path.write_bytes(orjson.dumps(main))
    before = store_files(path)
    with pytest.raises(StoreCorruptError, match="corrupt") as caught:
        Store(path, read_only=True).snapshot()
    assert "\n" not in str(caught.value)
    with pytest.raises(StoreCorruptError) as caught:
        services.resolve(Store(path), OPEN, "2024-09-01")
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert store_files(path) == before
