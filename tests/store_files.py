"""Reading a store as the tests check it: every table (shards merged), and every file it is made of."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from qms_tui.store import Store
from qms_tui.store.shards import LAYOUT_TABLE


def stored_tables(path: Path) -> dict[str, Any]:
    """Every table of the store at ``path`` as TinyDB's raw layout, dossiers and change log included."""
    return Store(path, read_only=True).load()


def store_files(path: Path) -> dict[str, bytes]:
    """The store file and its shard files by name: equal before and after means nothing was written."""
    files = {path.name: path.read_bytes()}
    shards = Store(path).shard_dir
    if shards.is_dir():
        files.update({f"shards/{p.name}": p.read_bytes() for p in sorted(shards.iterdir())})
    return files


def write_one_file_store(path: Path, tables: dict[str, Any]) -> None:
    """Write ``tables`` as a store of one file, as a hand edit or an older qms-tui would leave it."""
    path.write_bytes(orjson.dumps({name: table for name, table in tables.items() if name != LAYOUT_TABLE}))
