"""``qms check``'s look at the files, and ``qms restore``: which versions of a store are whole, and putting
one back.

A restore is one more write: under the writers' lock, the backup's store file becomes the store again
(``os.replace``, as for any write), naming the shard files it always named. Nothing is thrown away: the
version it replaces becomes the newest backup, and if that version was damaged its store file and its
damaged shard files are also linked into ``<store>.damaged-<stamp>/``, where no rotation deletes them.
The restore itself is written in the change log.

With ``only_damaged`` only the damaged shard files are taken from the backup, and every other file stays
as it is now: the changes made since the backup to the other dossiers (and the change log) are kept, and
only those of the dossiers in the damaged shards are lost.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from qms_tui.domain.lean import dataclass
from qms_tui.domain.problems import Fault
from qms_tui.store import Store, StoreCorruptError, StoreError, refuse_special_file
from qms_tui.store.files import file_mode, keep_backup, make_folder, sync_dir
from qms_tui.store.integrity import VersionReport, backup_reports, check_version, inline_tables
from qms_tui.store.shards import AGGREGATE_TABLE, Layout, slot_of
from qms_tui.store.tx import Transaction


@dataclass
class FilesReport:
    """The store's own version and every backup, checked file by file."""

    current: VersionReport
    backups: list[VersionReport]
    """Newest first."""

    def used_by(self, name: str) -> list[str]:
        """Which versions name the shard file ``name``: "the store", "backup NUMBER"."""
        users = ["the store"] if name in self.current.files else []
        return users + [f"backup {report.path.name}" for report in self.backups if name in report.files]


def check_files(store: Store) -> FilesReport:
    """Check the store file, every shard file it names and every backup (parse, or size and checksum)."""
    return FilesReport(check_version(store, store.path), backup_reports(store))


@dataclass
class Restored:
    backup: Path
    replaced: Path | None
    """The backup the replaced version became (None: it was unreadable, or there was none)."""
    aside: Path | None
    """Where the damaged files were kept (None: nothing was damaged)."""
    mended: list[str]
    """With ``only_damaged``: the damaged shard files replaced by the backup's version."""


def find_backup(store: Store, given: Path) -> Path:
    """The backup file meant by ``given``: a path, or a name in the store's backups folder."""
    candidates = [given] if given.exists() or given.parent != Path() else [store.backup_dir / given.name, given]
    path = next((p for p in candidates if p.exists()), given)
    if not path.exists():
        raise StoreError(Fault("s_no_such_backup", given=given, path=store.path))
    refuse_special_file(path)
    return path


def restore(store: Store, given: Path, *, only_damaged: bool = False) -> Restored:
    """Make the whole backup ``given`` the store again, keeping what it replaces (see the module); with
    ``only_damaged``, only its versions of the damaged shard files."""
    backup = find_backup(store, given)
    if store.read_only:
        raise StoreError(Fault("s_read_only", path=store.path))
    with store.locked():
        report = check_version(store, backup, fresh=True)
        if report.tables is not None and not inline_tables(report.tables) and not _same_folder(store, backup):
            raise StoreError(Fault("s_backup_elsewhere", backup=backup, path=store.path))
        if not report.whole or report.tables is None or report.layout is None:
            whole = next((r.path for r in backup_reports(store) if r.whole), None)
            hint = Fault("s_newest_whole_backup", path=whole) if whole else Fault("s_no_whole_backup")
            raise StoreCorruptError(Fault("s_backup_not_whole", backup=backup, problem=report.problems[0], hint=hint))
        current = check_version(store, store.path, fresh=True) if store.path.exists() else None
        tables, layout, summary = report.tables, report.layout, f"the store as it was in {backup.name}"
        if only_damaged:
            tables, layout = _mend(store, current, report)
            if current is None or current.whole:
                return Restored(backup, None, None, [])
            summary = f"{', '.join(sorted(current.bad))} as in {backup.name}"
        aside = _keep_aside(store, current) if current is not None and not current.whole else None
        store._tables = store._snapshot = None
        tx = Transaction(store, tables, layout)
        tx.log("restore", "store", backup.name, summary=summary)
        readable = current is not None and current.tables is not None
        try:
            store.write_version(*tx.finish(), backup=readable, prune=False)
        except OSError as exc:
            raise StoreError(Fault("s_cannot_restore", backup=backup, why=exc.strerror or str(exc))) from None
    mended = sorted(current.bad) if only_damaged and current is not None else []
    return Restored(backup, store.newest_backup() if readable else None, aside, mended)


def _mend(store: Store, current: VersionReport | None, report: VersionReport) -> tuple[dict, Layout]:
    """The store now, with the backup's version of each damaged shard file instead (or none, where the
    backup had none: that shard was empty then)."""
    if current is None or current.tables is None or current.layout is None:
        why = current.problems[0] if current is not None else Fault("s_it_is_missing")
        raise StoreError(Fault("s_mend_unreadable", path=store.path, why=why))
    if report.layout is None or inline_tables(report.tables or {}):
        raise StoreError(Fault("s_mend_inline_backup", path=report.path))
    layout = current.layout
    for name in current.bad:
        slot = slot_of(name)
        if slot is None or slot[0] not in layout.tables:
            continue
        table, shard = slot
        if table in ("dossiers", AGGREGATE_TABLE):  # the write below counts the dossiers again
            layout.tables.pop(AGGREGATE_TABLE, None)
        if table == AGGREGATE_TABLE:
            continue
        older = report.layout.tables[table].files.get(shard)
        if older is None:
            layout.tables[table].files.pop(shard, None)
            continue
        layout.tables[table].files[shard] = older
        if older in report.layout.sums:
            layout.sums[older] = report.layout.sums[older]
        layout.tables[table].next_id = max(layout.tables[table].next_id, report.layout.tables[table].next_id)
    return current.tables, layout


def _same_folder(store: Store, backup: Path) -> bool:
    with contextlib.suppress(OSError):
        return backup.parent.resolve() == store.backup_dir.resolve()
    return False


def _keep_aside(store: Store, current: VersionReport) -> Path:
    """Link (else copy) the damaged version's store file and damaged shard files into a folder of their own."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    aside = store.path.with_name(f"{store.path.name}.damaged-{stamp}")
    make_folder(aside, file_mode(store.path))
    try:
        keep_backup(store.path, aside / store.path.name)
        for name in current.bad:
            source = store.shard_dir / name
            if source.exists():
                keep_backup(source, aside / name)
    except OSError as exc:
        raise StoreError(Fault("s_cannot_keep_aside", path=aside, why=exc.strerror or str(exc))) from None
    sync_dir(aside)
    return aside
