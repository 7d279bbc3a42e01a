"""Where the two big tables live: in shard files beside the store, so one change rewrites a small part.

A province's one-stop shop keeps hundreds of thousands of dossiers, and every change adds a line to
the change log. Kept in the store file itself, both would be parsed and rewritten whole for every
single change (about 0.5 s at 100,000 dossiers). Instead:

- **dossiers** are spread over ``DOSSIER_SHARDS`` files by a hash of their code, so the file that
  holds a dossier is known from its code alone: changing one dossier reads and writes about 1/32 of
  them;
- the **change log** is cut into blocks of ``CHANGELOG_BLOCK`` entries by id: new entries only ever
  go into the last block.

Each shard file is itself a TinyDB file (``{"dossiers": {"17": {...}}}``) in ``<store>.shards/``.
Shard files are never changed: a write puts the new content in a *new* file (its name carries the
store's generation and a random tag) and then replaces the store file, whose ``_layout`` table
names the shard files of that version. So replacing the store file stays the one atomic step of a
write, and a backup of the store file (a hard link) still describes a whole, consistent version as
long as the shard files it names are kept — which the store does for every backup it keeps.

The layout also records the size and CRC-32 of each shard file as it was written (``sums``), so a
file damaged later (a bad disk block, a copy cut short, a hand edit that still parses) is told from a
good one: by its size with one ``stat``, by its checksum when it is read. A store written before
checksums existed has none; its files are checked by parsing them, and get their sums at the next write.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Iterable
from dataclasses import field
from operator import itemgetter
from pathlib import Path
from typing import Any

from qms_tui.domain.lean import dataclass
from qms_tui.domain.problems import Fault

LAYOUT_TABLE = "_layout"
META_TABLE = "_meta"
SHARD_SUFFIX = ".shards"
BACKUP_SUFFIX = ".backups"
SHARDED_TABLES = ("dossiers", "changelog")
AGGREGATE_TABLE = "aggregates"
"""Not a table of records: the dossiers' running totals (``store_aggregates``), in one file named by the layout."""
DOSSIER_SHARDS = 32
CHANGELOG_BLOCK = 1000
SHARD_FILE = re.compile(r"^(?P<table>[a-z_]+)-(?P<shard>\d+)-g(?P<generation>\d+)-[0-9a-f]+\.json$")


def shard_dir(store_path: Path) -> Path:
    """The folder of a store's shard files: ``qms.json`` → ``qms.json.shards/``.

    A backup (``qms.json.backups/qms-00000012-….json``) names the shard files of the store it was
    taken from, so it can be opened as it is (e.g. ``--db …backups/qms-….json --read-only``).
    """
    folder = store_path.parent
    if folder.name.endswith(BACKUP_SUFFIX):
        return folder.with_name(folder.name.removesuffix(BACKUP_SUFFIX) + SHARD_SUFFIX)
    return store_path.with_name(store_path.name + SHARD_SUFFIX)


def dossier_shard(code: str) -> str:
    """The shard of a dossier, from its code alone (stable across processes and Python versions)."""
    return f"{zlib.crc32(code.encode('utf-8')) % DOSSIER_SHARDS:02d}"


def changelog_shard(doc_id: int) -> str:
    """The block of change-log entry ``doc_id`` (ids start at 1)."""
    return f"{(doc_id - 1) // CHANGELOG_BLOCK:05d}"


def shard_of(table: str, doc_id: str, doc: dict[str, Any]) -> str:
    """The shard a stored document belongs in."""
    if table == "dossiers":
        code = doc.get("code")
        return dossier_shard(code if isinstance(code, str) else "")
    return changelog_shard(int(doc_id))


def partition(table: str, docs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Split a whole table into its shards, keeping the documents' order within each."""
    parts: dict[str, dict[str, Any]] = {}
    for doc_id, doc in docs.items():
        parts.setdefault(shard_of(table, doc_id, doc), {})[doc_id] = doc
    return parts


def merge(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """One table from its shards, in id order (TinyDB's insertion order, which screens rely on).

    Change-log blocks follow each other and are simply joined; dossier shards interleave and are
    sorted by id (about 0.04 s for 100,000).
    """
    parts = [part for part in parts if part]
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update(part)
    if len(parts) < 2 or len(merged) < 2 or _in_sequence(parts):
        return merged
    keys = sorted(merged, key=int)
    return dict(zip(keys, itemgetter(*keys)(merged), strict=True))


def _in_sequence(parts: list[dict[str, Any]]) -> bool:
    """Each part's ids all come after the previous part's (each part is in id order already)."""
    return all(int(next(reversed(a))) < int(next(iter(b))) for a, b in itertools.pairwise(parts))


def new_file_name(table: str, shard: str, generation: int) -> str:
    """A name no other version uses: the generation, plus a random tag in case a crashed writer or a
    restored backup already used that generation."""
    import secrets  # here: a reader never names a file, and secrets brings hashlib, hmac and random

    return f"{table}-{shard}-g{generation:08d}-{secrets.token_hex(4)}.json"


@dataclass
class TableLayout:
    """The shard files of one big table and the next document id to give out."""

    files: dict[str, str] = field(default_factory=dict)
    next_id: int = 1

    def take_id(self) -> int:
        doc_id = self.next_id
        self.next_id += 1
        return doc_id


def file_sum(raw: bytes) -> tuple[int, int]:
    """What the layout records of a shard file: its size and CRC-32 (about 0.2 ms per MB)."""
    return (len(raw), zlib.crc32(raw))


def slot_of(file_name: str) -> tuple[str, str] | None:
    """The table and shard a shard file holds a version of, from its name."""
    match = SHARD_FILE.match(file_name)
    return (match["table"], match["shard"]) if match else None


@dataclass
class Layout:
    """The ``_layout`` table of a store file: which shard files make up this version of the store."""

    generation: int = 0
    tables: dict[str, TableLayout] = field(default_factory=lambda: {name: TableLayout() for name in SHARDED_TABLES})
    sums: dict[str, tuple[int, int]] = field(default_factory=dict)
    """``file_sum`` of each shard file by name, as written (none for files written before checksums)."""

    @classmethod
    def of(cls, main: dict[str, Any]) -> Layout:
        """The layout recorded in a parsed store file (a store written before shards has none)."""
        doc = next(iter(main.get(LAYOUT_TABLE, {}).values()), None)
        layout = cls()
        if not isinstance(doc, dict):
            return layout
        generation = doc.get("generation")
        layout.generation = generation if isinstance(generation, int) else 0
        for name, table in (doc.get("tables") or {}).items():
            if name in (*SHARDED_TABLES, AGGREGATE_TABLE) and isinstance(table, dict):
                files = table.get("files")
                next_id = table.get("next_id")
                layout.tables[name] = TableLayout(
                    files=dict(files) if isinstance(files, dict) else {},
                    next_id=next_id if isinstance(next_id, int) else 1,
                )
        sums = doc.get("sums")
        if isinstance(sums, dict):
            for name, value in sums.items():
                if (isinstance(value, list) and len(value) == 2
                        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
                    layout.sums[name] = (value[0], value[1])
        return layout

    def problem(self) -> Fault | None:
        """Why this layout cannot be right (a hand-edited store file), if it cannot."""
        for name, table in self.tables.items():
            for shard, file_name in table.files.items():
                if not isinstance(file_name, str) or not SHARD_FILE.match(file_name):
                    return Fault("s_layout_bad_file", table=name, shard=shard, file=repr(file_name))
        return None

    def to_table(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "generation": self.generation,
            "tables": {name: {"next_id": t.next_id, "files": dict(sorted(t.files.items()))}
                       for name, t in self.tables.items()},
        }
        names = self.file_names()
        sums = {name: list(value) for name, value in sorted(self.sums.items()) if name in names}
        if sums:
            doc["sums"] = sums
        return {"1": doc}

    def file_names(self) -> set[str]:
        return {name for table in self.tables.values() for name in table.files.values()}
