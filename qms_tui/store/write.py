"""Writing a new version of the store: its changed shard files, then the store file naming them, the
rolling backups and the deletion of shard files no kept version names.

A mixin of ``Store`` (``store.py`` reads, locks and runs transactions; this is what a commit does).
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qms_tui.domain.problems import Fault
from qms_tui.store.files import atomic_write, decode, encode, file_mode, make_folder, sync_dir, write_new_file
from qms_tui.store.integrity import file_problem
from qms_tui.store.shards import (
    AGGREGATE_TABLE,
    LAYOUT_TABLE,
    META_TABLE,
    SHARD_FILE,
    SHARDED_TABLES,
    Layout,
    TableLayout,
    file_sum,
    merge,
    new_file_name,
    partition,
    slot_of,
)

SCHEMA_VERSION = 2
"""1: one file. 2: dossiers and the change log may live in shard files named by ``_layout``."""


class VersionWriting:
    """``Store.write_version`` and what it needs: backups, sums, the guard on pruning, garbage collection."""

    def write_version(
        self,
        main: dict[str, Any],
        layout: Layout,
        shards: dict[tuple[str, str], bytes | None] | None = None,
        *,
        backup: bool = True,
        prune: bool = True,
    ) -> None:
        """Write a new version of the store: the given shard files (``None`` drops a shard), then the
        store file naming them. Big tables still inside ``main`` are moved out into shards first.

        The replaced store file joins the rolling backups (never more than ``backups``, unless not
        ``prune``); shard files that neither this version nor a kept backup names are deleted afterwards,
        but never the last good version of a shard: if this version's copy of it is damaged, the write
        is refused. New files take the store file's permissions.
        """
        from qms_tui.store.aggregates import SLOT, aggregate_payload, next_aggregate  # reading needs none of it

        shards = dict(shards or {})
        main.pop(AGGREGATE_TABLE, None)  # a one-file copy's aggregate: a store keeps its own in a file
        for name in SHARDED_TABLES:
            inline = main.pop(name, None)
            if inline:
                shards.update(self.shard_payloads(name, merge([inline]), layout))
        aggregate = next_aggregate(self, layout, shards)  # type: ignore[arg-type]
        doomed = self._backups_to_prune() if backup and prune and self.backups else []
        self._guard_pruning(layout, set(shards) | ({(AGGREGATE_TABLE, SLOT)} if aggregate else set()), doomed)
        mode = file_mode(self.path)
        generation = max(layout.generation, self._newest_generation()) + 1
        written: list[Path] = []
        try:
            for (table, shard), payload in sorted(shards.items()):
                files = layout.tables[table].files
                if payload is None:
                    files.pop(shard, None)
                    continue
                make_folder(self.shard_dir, mode)
                target = self.shard_dir / new_file_name(table, shard, generation)
                write_new_file(target, payload, mode)
                written.append(target)
                files[shard] = target.name
                layout.sums[target.name] = file_sum(payload)
            if aggregate is not None:
                payload = aggregate_payload(aggregate, layout)
                make_folder(self.shard_dir, mode)
                target = self.shard_dir / new_file_name(AGGREGATE_TABLE, SLOT, generation)
                write_new_file(target, payload, mode)
                written.append(target)
                layout.tables.setdefault(AGGREGATE_TABLE, TableLayout()).files[SLOT] = target.name
                layout.sums[target.name] = file_sum(payload)
            if written:
                sync_dir(self.shard_dir)
            self._complete_sums(layout)
            layout.generation = generation
            main[LAYOUT_TABLE] = layout.to_table()
            meta = main.setdefault(META_TABLE, {}).setdefault("1", {})
            meta["schema_version"] = SCHEMA_VERSION
            payload = encode(main)
            atomic_write(self.path, payload, self._next_backup(doomed) if backup and self.backups else None)
        except BaseException:
            _remove(written)
            with contextlib.suppress(OSError):
                self.shard_dir.rmdir()  # only if this write created it (it is empty)
            raise
        self._collect_garbage(layout)

    def _complete_sums(self, layout: Layout) -> None:
        """Sums for the files of a version written before checksums: each is checked by parsing first."""
        for name in layout.file_names() - set(layout.sums):
            found = self.sums_seen.get(name)
            if found is None:
                problem = file_problem(self, name, None, fresh=True)
                if problem:
                    raise self._corrupt(problem)
                found = self.sums_seen.get(name)
            if found is not None:
                layout.sums[name] = found

    def _guard_pruning(self, layout: Layout, rewritten: set[tuple[str, str]], doomed: list[Path]) -> None:
        """Refuse a write whose rotation would delete an older version of a shard whose current version
        is damaged: that older version may be the last good copy of its documents."""
        if not doomed:
            return
        keep = set(layout.file_names())
        for kept in self.backup_files():
            if kept not in doomed:
                keep |= self._files_named_by(kept)
        lost = set().union(*(self._files_named_by(backup) for backup in doomed)) - keep
        for slot in sorted({slot for name in lost if (slot := slot_of(name)) is not None}):
            table, shard = slot
            current = layout.tables[table].files.get(shard) if table in layout.tables else None
            if slot in rewritten or current is None:
                continue  # this write brings its new version, or the shard was emptied on purpose
            problem = file_problem(self, current, layout.sums.get(current), fresh=True)
            if problem:
                raise self._corrupt(Fault("s_prune_guard", problem=problem))

    def shard_payloads(self, table: str, docs: dict[str, Any], layout: Layout) -> dict[tuple[str, str], bytes | None]:
        """The shard files to write for a whole table: only those whose content changed."""
        table_layout = layout.tables[table]
        parts = partition(table, docs)
        payloads: dict[tuple[str, str], bytes | None] = {}
        for shard in sorted(set(parts) | set(table_layout.files)):
            part = parts.get(shard)
            if not part:
                payloads[(table, shard)] = None
                continue
            payload = encode({table: part})
            current = table_layout.files.get(shard)
            if current is None or _read_or_none(self.shard_dir / current) != payload:
                payloads[(table, shard)] = payload
        if docs:
            table_layout.next_id = max(table_layout.next_id, max(int(doc_id) for doc_id in docs) + 1)
        return payloads

    def _newest_generation(self) -> int:
        """Generations only grow, even past a restored backup or a writer killed before it finished."""
        newest = 0
        with contextlib.suppress(OSError):
            for name in os.listdir(self.shard_dir):
                match = SHARD_FILE.match(name)
                if match:
                    newest = max(newest, int(match["generation"]))
        return newest

    def _backups_to_prune(self) -> list[Path]:
        """The oldest backups, deleted at the next commit so that at most ``backups`` remain with the new one."""
        existing = self.backup_files()
        return existing[: max(len(existing) - self.backups + 1, 0)]

    def _next_backup(self, doomed: list[Path]) -> Path:
        """The name of the next backup, after deleting the ``doomed`` oldest ones."""
        existing = self.backup_files()
        for old in doomed:
            with contextlib.suppress(OSError):
                old.unlink()
        number = _backup_number(existing[-1]) + 1 if existing else 1
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        return self.backup_dir / f"{self.path.stem}-{number:08d}-{stamp}.json"

    def _collect_garbage(self, layout: Layout) -> None:
        """Delete shard files named by neither the current version nor a kept backup."""
        try:
            names = os.listdir(self.shard_dir)
        except OSError:
            return
        keep = layout.file_names()
        unused = [name for name in names if SHARD_FILE.match(name) and name not in keep]
        if not unused:
            return
        for backup in self.backup_files():
            keep |= self._files_named_by(backup)
        for name in unused:
            if name not in keep:
                with contextlib.suppress(OSError):
                    (self.shard_dir / name).unlink()
                self._shards.pop(name, None)

    def _files_named_by(self, backup: Path) -> set[str]:
        """The shard files a backup names (a backup never changes: read once per process)."""
        names = self._backup_layouts.get(backup.name)
        if names is None:
            names = self._backup_layouts[backup.name] = _layout_files(backup)
        return names

    def _remove_stale_temp_files(self) -> None:
        """Temp files of writers killed mid-write (safe under the lock: no other writer is running)."""
        for folder, name in ((self.path.parent, self.path.name), (self.shard_dir, "*")):
            for stale in folder.glob(f".{name}.*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()


def _backup_number(path: Path) -> int:
    """Backups are numbered in commit order (the clock may go back; the numbers do not)."""
    parts = path.stem.rsplit("-", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else 0


def _layout_files(store_file: Path) -> set[str]:
    """The shard files a store file (e.g. a backup) names; none if it cannot be read."""
    try:
        return Layout.of(decode(store_file.read_bytes())).file_names()
    except (OSError, ValueError, AttributeError):
        return set()


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
