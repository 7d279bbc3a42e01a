"""Is each file of a store, and of each backup, what was written? Behind a refused write, ``qms check``
and ``qms restore``.

A shard file is good when its size and CRC-32 are those its layout recorded (``shards.file_sum``), or,
for a file written before checksums existed, when it parses as the table it should hold. A version of
the store (the store file, or a backup of it) is *whole* when its store file parses and every shard
file it names is good: only such a backup can replace a damaged store without losing anything.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qms_tui.domain.lean import dataclass
from qms_tui.domain.problems import Fault
from qms_tui.store.files import decode
from qms_tui.store.shards import LAYOUT_TABLE, Layout, file_sum, slot_of

if TYPE_CHECKING:
    from qms_tui.store import Store


class Unreadable(ValueError):
    """A file that is not what it should be; the message says why, as ``it …``-less text (e.g. "not valid JSON")."""


def parse_tables(raw: bytes, what: str) -> dict[str, Any]:
    """TinyDB's layout ``{table: {doc_id: document}}`` from ``raw``, or ``Unreadable`` saying why ``what`` is not."""
    try:
        tables = decode(raw)
    except (ValueError, UnicodeDecodeError) as exc:  # orjson.JSONDecodeError is a ValueError
        raise Unreadable(Fault("s_not_json", what=what, why=str(exc))) from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise Unreadable(Fault("s_not_tinydb", what=what))
    for name, table in tables.items():
        for doc_id, doc in table.items():
            if doc.__class__ is not dict or not doc_id.isdigit():
                raise Unreadable(Fault("s_broken_document", what=what, table=name, id=repr(doc_id)))
    return tables


def shard_problem(raw: bytes, name: str, expected: tuple[int, int] | None) -> str | None:
    """Why these bytes are not the shard file ``name`` as written (``expected``: its recorded sum), or None.

    With a recorded sum the check is the sum alone (what was written parsed); without one, a parse.
    """
    if expected is not None:
        if len(raw) != expected[0]:
            return Fault("s_shard_size", name=name, size=len(raw), written=expected[0])
        if zlib.crc32(raw) != expected[1]:
            return Fault("s_shard_checksum", name=name)
        return None
    slot = slot_of(name)
    try:
        tables = parse_tables(raw, Fault("s_its_shard", name=name))
    except Unreadable as exc:
        return exc.args[0]
    if slot is None or set(tables) != {slot[0]}:
        return Fault("s_shard_other_table", name=name, table=slot[0] if slot else "?")
    return None


def file_problem(store: Store, name: str, expected: tuple[int, int] | None, *, fresh: bool = False) -> str | None:
    """Why shard file ``name`` on disk is not good, or None; remembered per store object unless ``fresh``."""
    if not fresh and name in store.verdicts:
        return store.verdicts[name]
    try:
        raw = (store.shard_dir / name).read_bytes()
    except FileNotFoundError:
        problem: str | None = Fault("s_shard_missing", name=name)
    except OSError as exc:
        problem = Fault("s_shard_unreadable", name=name, why=exc.strerror or str(exc))
    else:
        problem = shard_problem(raw, name, expected)
        if problem is None:
            store.sums_seen.setdefault(name, expected or file_sum(raw))
    store.verdicts[name] = problem
    return problem


def size_problems(store: Store, layout: Layout) -> list[str]:
    """The shard files of a version whose size is not the one recorded: one ``stat`` each (about 5 µs)."""
    problems = []
    for name in sorted(layout.file_names()):
        try:
            size = os.stat(store.shard_dir / name).st_size
        except FileNotFoundError:
            problems.append(Fault("s_shard_missing", name=name))
            continue
        except OSError:
            continue  # said when it is read
        expected = layout.sums.get(name)
        if expected is not None and size != expected[0]:
            problems.append(Fault("s_shard_size", name=name, size=size, written=expected[0]))
    return problems


def read_version(path: Path) -> tuple[dict[str, Any] | None, Layout | None, str | None]:
    """A store file (the store or a backup) parsed: its tables and layout, or why it cannot be."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, None, Fault("s_it_unreadable", why=exc.strerror or str(exc))
    try:
        tables = parse_tables(raw, Fault("s_it"))
    except Unreadable as exc:
        return None, None, exc.args[0]
    meta = next(iter(tables.get("_meta", {}).values()), {})
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        return None, None, Fault("s_no_schema_version")
    layout = Layout.of(tables)
    problem = layout.problem()
    if problem:
        return None, None, problem
    return tables, layout, None


@dataclass
class VersionReport:
    """What is wrong with one version of the store (nothing: it is whole)."""

    path: Path
    problems: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)
    """The shard files this version names."""
    bad: dict[str, str] = field(default_factory=dict)
    """Those of them that are not good, and why."""
    tables: dict[str, Any] | None = None
    layout: Layout | None = None

    @property
    def whole(self) -> bool:
        return not self.problems


def check_version(store: Store, path: Path, *, fresh: bool = False) -> VersionReport:
    """Parse the store file at ``path`` and check every shard file it names."""
    tables, layout, problem = read_version(path)
    report = VersionReport(path, tables=tables, layout=layout)
    if problem or layout is None:
        report.problems.append(problem or Fault("s_it_unreadable_plain"))
        return report
    report.files = layout.file_names()
    for name in sorted(report.files):
        found = file_problem(store, name, layout.sums.get(name), fresh=fresh)
        if found:
            report.problems.append(found)
            report.bad[name] = found
    return report


def backup_reports(store: Store) -> list[VersionReport]:
    """Every backup checked, newest first."""
    return [check_version(store, backup) for backup in reversed(store.backup_files())]


def newest_whole_backup(store: Store) -> Path | None:
    for backup in reversed(store.backup_files()):
        if check_version(store, backup).whole:
            return backup
    return None


def repair_hint(store: Store) -> str:
    """The end of a "the store is corrupt/damaged" line: which backup can replace it, and how."""
    backups = store.backup_files()
    if not backups:
        return Fault("chk_no_backup")
    whole = newest_whole_backup(store)
    if whole is None:
        return Fault("s_no_whole_backup_check")
    return Fault("chk_newest_whole", path=whole)


def inline_tables(tables: dict[str, Any]) -> bool:
    """Whether a store file holds its big tables itself (a one-file store) rather than naming shards."""
    return LAYOUT_TABLE not in tables or not Layout.of(tables).file_names()
