"""The TinyDB store: one JSON file per QMS (plus shard files for the big tables), safe for several
users on one server.

TinyDB's own ``JSONStorage`` rewrites the file in place and has no locking, so a crash mid-write
leaves broken JSON and two writers lose each other's updates. This store instead:

- keeps the two big tables (dossiers, change log) in shard files beside the store file
  (``shards.py``), so a change to one dossier parses and rewrites about 1/32 of them;
- reads without locking: files are only ever replaced whole, and the store file names the shard
  files of its version, so a reader sees the old version or the new one;
- writes in a *transaction*: take an inter-process lock (``flock`` on ``<store>.lock``), re-read the
  store file, let TinyDB apply the changes in memory, write the changed shards as new files, then the
  store file to a temporary file, ``fsync`` it, keep the previous version as a rolling backup (a hard
  link, so it costs nothing) and ``os.replace`` the store. Writers queue on the lock, and each starts
  from the latest data, so no update is lost;
- caches what it parsed (shard files never change, so a parsed shard is good for as long as it is
  used) and notices another process's write by the store file's identity (inode, size, mtime), which
  is also what the TUI polls for live refresh;
- in read-only mode never creates, locks or writes anything.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import getpass
import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from .domain.memory import long_lived_objects, paused_collector
from .domain.models import TABLE_MODELS, ChangeEntry, Record
from .domain.typecheck import doc_type_problems, dossier_doc_problem, record_type_problems
from .shards import (
    BACKUP_SUFFIX,
    LAYOUT_TABLE,
    SHARD_FILE,
    SHARDED_TABLES,
    Layout,
    changelog_shard,
    dossier_shard,
    merge,
    new_file_name,
    partition,
    shard_dir,
)
from .storefiles import atomic_write, decode, encode, sync_dir, write_new_file

if TYPE_CHECKING:
    from .domain.qms import Qms

SCHEMA_VERSION = 2
"""1: one file. 2: dossiers and the change log may live in shard files named by ``_layout``."""
DEFAULT_BACKUPS = 5
META_TABLE = "_meta"
ENV_DB = "QMS_DB"
READ_ATTEMPTS = 5
"""How often a reader starts again when a writer replaced the store while it was reading it."""


class StoreError(Exception):
    """A problem with the store that the user must see as one clear line (exit code 2)."""

    exit_code = 2


class StoreCorruptError(StoreError):
    """The file is not a readable QMS store."""


class ReadOnlyError(StoreError):
    """A write was attempted on a store opened with ``--read-only``."""


class ValidationError(Exception):
    """A record failed validation: ``problems`` holds ``(field, message)`` pairs (exit code 1)."""

    exit_code = 1

    def __init__(self, what: str, problems: list[tuple[str, str]]) -> None:
        self.what = what
        self.problems = problems
        detail = "; ".join(f"{name}: {message}" for name, message in problems)
        super().__init__(f"{what}: {detail}")


# -- where the store lives --------------------------------------------------------------------


def demo_path() -> Path:
    """The demo store shipped inside the package (built by ``data/generate_demo.py``)."""
    return Path(str(resources.files("qms_tui") / "demo" / "demo.json"))


def user_store_path() -> Path:
    """The per-user store: ``$XDG_DATA_HOME/qms-tui/qms.json`` (``~/.local/share`` by default)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "qms-tui" / "qms.json"


def resolve_path(db: str | os.PathLike[str] | None) -> Path:
    """``--db``, else ``$QMS_DB``, else the per-user store."""
    if db:
        return Path(db).expanduser()
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB]).expanduser()
    return user_store_path()


def create_store(path: Path, *, demo: bool = True, overwrite: bool = False) -> Path:
    """Create a store at ``path`` from the demo data, or empty; refuses to overwrite by default (and when
    told to, keeps the store it replaces as a backup)."""
    if path.exists() and not overwrite:
        raise StoreError(f"{path} already exists: not overwriting it")
    if demo:
        tables = decode(demo_path().read_bytes())
    else:
        tables = {name: {} for name in TABLE_MODELS}
        tables[META_TABLE] = {"1": {"schema_version": SCHEMA_VERSION, "demo": False}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replacing = path.exists()  # overwrite: the store it replaces is kept as its newest backup
        Store(path).write_version(tables, Layout(), backup=replacing)
    except OSError as exc:
        raise StoreError(f"cannot create the store {path}: {exc.strerror or exc}") from None
    return path


def open_store(
    db: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    clock: Callable[[], date] = date.today,
    load: bool = True,
) -> Store:
    """Open the chosen store; the per-user default is created from the demo data on first use.

    With ``load`` the whole store is read now (and a damaged one refused now); a one-shot command
    passes ``load=False`` so that a change to one dossier reads only what its transaction needs.
    """
    path = resolve_path(db)
    if not path.exists() and not db and not os.environ.get(ENV_DB) and not read_only:
        create_store(path, demo=True)
    store = Store(path, read_only=read_only, clock=clock)
    if load:
        store.load()
    return store


class _MemoryStorage(Storage):
    """A TinyDB storage over a dict already read under the lock; written out once at commit."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data


class _MissingShard(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


# -- the store --------------------------------------------------------------------------------


class Store:
    """One QMS store: cached reads, locked atomic transactions, rolling backups."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        backups: int = DEFAULT_BACKUPS,
        clock: Callable[[], date] = date.today,
        user: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.backups = backups
        self.clock = clock
        self.user = user or _os_user()
        self.as_of: date | None = None
        """Count as if today were this day (``--as-of``); survives reloads, never saved."""
        self.follow_clock = False
        """Count as of the clock's today even if the store pins a date (``--as-of today``); never saved."""
        self._tables: dict[str, Any] | None = None
        self._signature: tuple[int, int, int] | None = None
        self._snapshot: Qms | None = None
        self._backup_layouts: dict[str, set[str]] = {}
        self._shards: dict[str, dict[str, Any]] = {}
        """Parsed shard files by name. A shard file never changes, so its parse is good until it is deleted."""

    # -- reading ------------------------------------------------------------------------------

    @property
    def backup_dir(self) -> Path:
        return self.path.with_name(self.path.name + BACKUP_SUFFIX)

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def shard_dir(self) -> Path:
        return shard_dir(self.path)

    def backup_files(self) -> list[Path]:
        """Backups, oldest first."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob(f"{self.path.stem}-*.json"), key=_backup_number)

    def newest_backup(self) -> Path | None:
        files = self.backup_files()
        return files[-1] if files else None

    def signature(self) -> tuple[int, int, int] | None:
        """The store file's identity: changes whenever any process writes the store."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def changed(self) -> bool:
        """True if the file on disk is not the one last loaded (another process wrote it)."""
        return self.signature() != self._signature

    def load(self, *, force: bool = False) -> dict[str, Any]:
        """Every table (shards merged in), re-read only when the store changed."""
        signature = self.signature()
        if not force and self._tables is not None and signature == self._signature:
            return self._tables
        if force:
            self._shards.clear()

        def assemble(main: dict[str, Any], layout: Layout) -> dict[str, Any]:
            with long_lived_objects(replacing=self._tables is not None):
                return self._assemble(main, layout)

        tables, layout, signature = self._read_version(assemble)
        self._tables, self._signature, self._snapshot = tables, signature, None
        self._forget_shards_except(layout.file_names())
        return tables

    def table(self, name: str) -> dict[str, Any]:
        """One table's raw documents, reading only its own files (``qms log`` need not parse every dossier)."""
        if self._tables is not None and self.signature() == self._signature:
            return self._tables.get(name, {})  # type: ignore[no-any-return]

        def one_table(main: dict[str, Any], layout: Layout) -> dict[str, Any]:
            if name not in SHARDED_TABLES:
                return main.get(name, {})  # type: ignore[no-any-return]
            files = layout.tables[name].files
            return merge([main.get(name, {})] + [self._shard(name, files[shard]) for shard in sorted(files)])

        return self._read_version(one_table)[0]

    def _read_version(
        self, read: Callable[[dict[str, Any], Layout], dict[str, Any]]
    ) -> tuple[dict[str, Any], Layout, tuple[int, int, int] | None]:
        """``read(store file, layout)`` on one consistent version, without a lock: if a writer replaced the
        store and pruned the shards being read meanwhile, start again on the new version."""
        for _ in range(READ_ATTEMPTS):
            signature = self.signature()
            main = self._read_main()
            layout = self._layout_of(main)
            try:
                return read(main, layout), layout, signature
            except _MissingShard as missing:
                if self.signature() != signature:
                    continue
                raise self._missing(missing) from None
        raise StoreError(f"the store {self.path} kept changing while it was being read: try again")

    def _read_main(self) -> dict[str, Any]:
        """The store file itself, parsed and checked for TinyDB's shape and our schema version."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"no store at {self.path} (create one with: qms init --db {self.path})") from None
        except OSError as exc:
            raise StoreError(f"cannot read the store {self.path}: {exc.strerror or exc}") from None
        tables = self._parse(raw, "it")
        meta = _first(tables.get(META_TABLE, {}))
        version = meta.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise self._corrupt("it has no schema version (not a qms-tui store)")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}; this qms-tui reads up to {SCHEMA_VERSION}:"
                " upgrade qms-tui"
            )
        return tables

    def _parse(self, raw: bytes, what: str, bad_file: str | None = None) -> dict[str, Any]:
        """TinyDB's layout ``{table: {doc_id: document}}``, or a clear "corrupt" error about ``what``."""
        try:
            tables = decode(raw)
        except (ValueError, UnicodeDecodeError) as exc:  # orjson.JSONDecodeError is a ValueError
            raise self._corrupt(f"{what} is not valid JSON ({exc})", bad_file=bad_file) from None
        if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
            raise self._corrupt(f"{what} is not a TinyDB store", bad_file=bad_file)
        for name, table in tables.items():
            for doc_id, doc in table.items():
                if doc.__class__ is not dict or not doc_id.isdigit():
                    raise self._corrupt(f"{what}: table {name} has a broken document (id {doc_id!r})", bad_file)
        return tables

    def _layout_of(self, main: dict[str, Any]) -> Layout:
        layout = Layout.of(main)
        problem = layout.problem()
        if problem:
            raise self._corrupt(problem)
        return layout

    def _shard(self, table: str, name: str) -> dict[str, Any]:
        """The documents of one shard file (parsed once per process, then cached)."""
        docs = self._shards.get(name)
        if docs is not None:
            return docs
        try:
            raw = (self.shard_dir / name).read_bytes()
        except FileNotFoundError:
            raise _MissingShard(name) from None
        except OSError as exc:
            raise StoreError(f"cannot read the shard file {self.shard_dir / name}: {exc.strerror or exc}") from None
        parsed = self._parse(raw, f"its shard file {name}", bad_file=name)
        if set(parsed) != {table}:
            raise self._corrupt(f"its shard file {name} does not hold the {table} table", bad_file=name)
        docs = self._shards[name] = parsed[table]
        return docs

    def _assemble(self, main: dict[str, Any], layout: Layout) -> dict[str, Any]:
        """The store as TinyDB would see it in one file: the big tables merged back from their shards."""
        tables = {name: table for name, table in main.items() if name != LAYOUT_TABLE}
        for name in SHARDED_TABLES:
            files = layout.tables[name].files
            parts = [tables.get(name, {})] + [self._shard(name, files[shard]) for shard in sorted(files)]
            tables[name] = merge(parts)
        return tables

    def _missing(self, missing: _MissingShard) -> StoreCorruptError:
        return self._corrupt(f"its shard file {missing.name} is missing", bad_file=missing.name)

    def _forget_shards_except(self, names: set[str]) -> None:
        for name in list(self._shards):
            if name not in names:
                del self._shards[name]

    def _corrupt(self, why: str, bad_file: str | None = None) -> StoreCorruptError:
        """The error for a damaged store, naming the newest backup that can replace it."""
        backup = self._newest_backup_without(bad_file) if bad_file else self.newest_backup()
        if backup is not None:
            hint = f"the newest backup is {backup}"
            if bad_file:
                hint = f"the newest backup that does not use it is {backup}"
        else:
            hint = "no backup exists" if not bad_file or not self.backup_files() else "every backup uses it"
        return StoreCorruptError(f"the store {self.path} is corrupt: {why}; {hint}")

    def _newest_backup_without(self, file_name: str) -> Path | None:
        for backup in reversed(self.backup_files()):
            if file_name not in self._files_named_by(backup):
                return backup
        return None

    def snapshot(self) -> Qms:
        """The QMS as of the last load (reloaded if the file changed)."""
        from .domain.qms import Qms  # imported here: one-shot write commands never build a Qms

        tables = self.load()
        if self._snapshot is None:
            problem = _first_type_problem(tables)
            if problem:
                raise self._corrupt(problem)
            try:
                with long_lived_objects():
                    self._snapshot = Qms.from_tables(tables, clock=self.clock)
                if self.as_of is not None:
                    self._snapshot.meta["as_of"] = self.as_of.isoformat()
                self._snapshot.follow_clock = self.follow_clock
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                raise self._corrupt(f"a record cannot be read ({exc})") from None
        return self._snapshot

    @property
    def meta(self) -> dict[str, Any]:
        return dict(_first(self.load().get(META_TABLE, {})))

    @property
    def is_demo(self) -> bool:
        return bool(self.meta.get("demo"))

    def describe(self) -> str:
        """What the header shows: which file, demo or not, read-only or not."""
        flags = [flag for flag, on in (("DEMO", self.is_demo), ("READ-ONLY", self.read_only)) if on]
        return f"{self.path}" + (f" [{', '.join(flags)}]" if flags else "")

    def copy_to(self, target: Path, *, overwrite: bool = False) -> dict[str, Any]:
        """Write this store's current version to ``target`` as one self-contained TinyDB file.

        The copy is what a user keeps or moves (a USB stick, another server): one file, readable by
        plain TinyDB, opened by qms-tui as it is and split into shards again at its first write.
        Returns the tables written.
        """
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise StoreError(f"{target} is the store itself: choose another file")
        if target.exists() and not overwrite:
            raise StoreError(f"{target} already exists: not overwriting it (--force to replace it)")
        tables = self.load()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, encode(tables))
        except OSError as exc:
            reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
            raise StoreError(f"cannot write {target}: {reason}") from None
        return tables

    # -- writing ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, re-read, apply the caller's changes through TinyDB, write atomically, unlock.

        Nothing is written if the block raises: the store stays as it was. Only the store file is
        parsed up front; a shard is read when the transaction first touches it.
        """
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only: nothing can be changed")
        if not self.path.exists():  # say so before a lock file appears beside a store that is not there
            self._read_main()
        try:
            lock = open(self.lock_path, "a+b")  # noqa: SIM115 - held for the whole transaction
        except OSError as exc:
            raise StoreError(f"cannot lock the store {self.path}: {exc.strerror or exc}") from None
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                main = self._read_main()
                layout = self._layout_of(main)
                self._tables = self._snapshot = None  # until committed, cached documents may be half-changed
                self._remove_stale_temp_files()
                try:
                    tx = Transaction(self, main, layout)
                except _MissingShard as missing:
                    raise self._missing(missing) from None
                try:
                    yield tx
                    if tx.changed:
                        self._commit(tx)
                except _MissingShard as missing:  # under the lock no writer prunes shards: it is really gone
                    raise self._missing(missing) from None
                finally:
                    for name in tx.changed_in_place:
                        self._shards.pop(name, None)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _commit(self, tx: Transaction) -> None:
        """Write the transaction's changes, or say in one line why the store is unchanged."""
        try:
            self.write_version(*tx.finish())
        except (TypeError, ValueError) as exc:  # e.g. text that is not valid UTF-8
            raise StoreError(f"cannot write the store {self.path}: {exc}; it is unchanged") from None
        except OSError as exc:
            reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
            raise StoreError(f"cannot write the store {self.path}: {reason}; it is unchanged") from None

    def write_version(
        self,
        main: dict[str, Any],
        layout: Layout,
        shards: dict[tuple[str, str], bytes | None] | None = None,
        *,
        backup: bool = True,
    ) -> None:
        """Write a new version of the store: the given shard files (``None`` drops a shard), then the
        store file naming them. Big tables still inside ``main`` are moved out into shards first.

        The replaced store file joins the rolling backups (never more than ``backups``); shard files
        that neither this version nor a kept backup names are deleted afterwards.
        """
        shards = dict(shards or {})
        for name in SHARDED_TABLES:
            inline = main.pop(name, None)
            if inline:
                shards.update(self.shard_payloads(name, merge([inline]), layout))
        generation = max(layout.generation, self._newest_generation()) + 1
        written: list[Path] = []
        try:
            for (table, shard), payload in sorted(shards.items()):
                files = layout.tables[table].files
                if payload is None:
                    files.pop(shard, None)
                    continue
                self.shard_dir.mkdir(exist_ok=True)
                target = self.shard_dir / new_file_name(table, shard, generation)
                write_new_file(target, payload)
                written.append(target)
                files[shard] = target.name
            if written:
                sync_dir(self.shard_dir)
            layout.generation = generation
            main[LAYOUT_TABLE] = layout.to_table()
            meta = main.setdefault(META_TABLE, {}).setdefault("1", {})
            meta["schema_version"] = SCHEMA_VERSION
            payload = encode(main)
            atomic_write(self.path, payload, self._next_backup() if backup and self.backups else None)
        except BaseException:
            _remove(written)
            with contextlib.suppress(OSError):
                self.shard_dir.rmdir()  # only if this write created it (it is empty)
            raise
        self._collect_garbage(layout)

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

    def _next_backup(self) -> Path:
        """The name of the next backup, after pruning the oldest so that at most ``backups`` remain."""
        existing = self.backup_files()
        for old in existing[: max(len(existing) - self.backups + 1, 0)]:
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


class Transaction:
    """The changes of one locked write. Records are validated before they reach TinyDB.

    The small tables are in one TinyDB over the parsed store file. A dossier is looked up, changed or
    added in its own shard (known from its code), and a change-log entry goes into the last block, so
    a one-record change reads and writes only those shards. Asking for ``tables`` merges the big
    tables whole into the TinyDB (for bulk changes and for building a ``Qms``); at commit they are
    split again and only the shards whose content changed are written.
    """

    def __init__(self, store: Store, main: dict[str, Any], layout: Layout) -> None:
        self.store = store
        self.layout = layout
        self.tinydb = TinyDB(main, storage=_MemoryStorage)
        self.changed = False
        self._indexes: dict[str, dict[Any, int]] = {}
        self._shards: dict[tuple[str, str], TinyDB] = {}
        self._dirty: set[tuple[str, str]] = set()
        self._whole: set[str] = set()
        """Big tables held whole in ``tinydb``: merged by ``tables``, or still inside an old one-file store."""
        self._whole_dirty: set[str] = set()
        """Whole big tables to split into shards at commit."""
        self.changed_in_place: set[str] = set()
        """Shard files whose cached documents TinyDB may have changed in place (dropped from the cache)."""
        for name in SHARDED_TABLES:
            if main.get(name):  # an old one-file store (or a hand-edited one): split it at commit
                self._hold_whole(name)
                self._whole_dirty.add(name)

    @property
    def tables(self) -> dict[str, Any]:
        """Every table as read under the lock, for bulk changes; call ``touched(table)`` after them."""
        for name in SHARDED_TABLES:
            self._hold_whole(name)
        return self._main

    @property
    def small_tables(self) -> dict[str, Any]:
        """The tables other than dossiers and the change log (cheap: no shard is read)."""
        return self._main

    @property
    def _main(self) -> dict[str, Any]:
        return self.tinydb.storage.read()  # type: ignore[attr-defined,no-any-return]

    def touched(self, table: str) -> None:
        """``table`` was changed directly in ``tables``: drop TinyDB's and our caches, and commit it."""
        self.tinydb.table(table).clear_cache()
        self._indexes.pop(table, None)
        if table in SHARDED_TABLES:
            self._whole_dirty.add(table)
        self.changed = True

    @property
    def today(self) -> date:
        """The store's today: its pinned "as of" date (the demo's), else its clock. Dates are judged
        plausible against it (``Record.date_problems``), so a pinned store judges alike on any day."""
        as_of = _first(self._main.get(META_TABLE, {})).get("as_of")
        return date.fromisoformat(as_of) if isinstance(as_of, str) else self.store.clock()

    @property
    def qms(self) -> Qms:
        """The data as read under the lock (before this transaction's changes)."""
        from .domain.qms import Qms

        return Qms.from_tables(self.tables, clock=self.store.clock)

    # -- the big tables -------------------------------------------------------------------------

    def _hold_whole(self, table: str) -> None:
        """Merge every shard of ``table`` (with this transaction's changes) into the main TinyDB."""
        if table in self._whole:
            return
        files = self.layout.tables[table].files
        parts = [self._main.get(table) or {}]
        for shard in sorted(files):
            loaded = self._shards.pop((table, shard), None)
            if loaded is not None:
                parts.append(loaded.storage.read().get(table, {}))  # type: ignore[attr-defined]
            else:
                parts.append(self.store._shard(table, files[shard]))
                self.changed_in_place.add(files[shard])
        for (name, shard), loaded in list(self._shards.items()):  # shards this transaction created
            if name == table:
                parts.append(loaded.storage.read().get(table, {}))  # type: ignore[attr-defined]
                del self._shards[(name, shard)]
        with paused_collector():
            self._main[table] = merge(parts)
        if any(key[0] == table for key in self._dirty):
            self._whole_dirty.add(table)
        self._dirty = {key for key in self._dirty if key[0] != table}
        self._whole.add(table)
        self._indexes = {name: index for name, index in self._indexes.items() if not name.startswith(table)}

    def _shard_table(self, table: str, shard: str) -> Any:
        """TinyDB's table over one shard, read on first use (a copy: the cached parse stays intact)."""
        db = self._shards.get((table, shard))
        if db is None:
            name = self.layout.tables[table].files.get(shard)
            docs = {doc_id: dict(doc) for doc_id, doc in self.store._shard(table, name).items()} if name else {}
            db = self._shards[(table, shard)] = TinyDB({table: docs}, storage=_MemoryStorage)
        return db.table(table)

    def _shard_for_key(self, table: str, key: Any) -> str | None:
        """The shard a document with this key lives in, if the key alone says so."""
        if table == "dossiers" and table not in self._whole and isinstance(key, str):
            return dossier_shard(key)
        return None

    def _locate(self, table: str, key: Any) -> tuple[Any, dict[Any, int], str | None]:
        """TinyDB's table that holds (or will hold) the document with this key, and its key index."""
        shard = self._shard_for_key(table, key)
        if shard is None:
            if table in SHARDED_TABLES:
                self._hold_whole(table)
            tinydb_table = self.tinydb.table(table)
            index_name = table
        else:
            tinydb_table = self._shard_table(table, shard)
            index_name = f"{table}/{shard}"
        index = self._indexes.get(index_name)
        if index is None:
            field_name = TABLE_MODELS[table].KEY
            raw = self._raw(table, shard)
            index = self._indexes[index_name] = {doc.get(field_name): int(doc_id) for doc_id, doc in raw.items()}
        return tinydb_table, index, shard

    def _raw(self, table: str, shard: str | None) -> dict[str, Any]:
        """The raw documents of a whole table, or of one loaded shard of a big table."""
        if shard is None:
            return self._main.get(table, {})  # type: ignore[no-any-return]
        return self._shards[(table, shard)].storage.read().get(table, {})  # type: ignore[attr-defined,no-any-return]

    def _commit_payloads(self) -> dict[tuple[str, str], bytes | None]:
        payloads: dict[tuple[str, str], bytes | None] = {}
        for table, shard in self._dirty:
            docs = self._shards[(table, shard)].storage.read().get(table, {})  # type: ignore[attr-defined]
            payloads[(table, shard)] = encode({table: docs}) if docs else None
        for table in self._whole:
            docs = self._main.pop(table, None) or {}
            if table in self._whole_dirty:
                payloads.update(self.store.shard_payloads(table, docs, self.layout))
        return payloads

    def finish(self) -> tuple[dict[str, Any], Layout, dict[tuple[str, str], bytes | None]]:
        """What the store writes at commit: the store file's tables, the layout, the changed shards."""
        payloads = self._commit_payloads()
        return self._main, self.layout, payloads

    # -- records --------------------------------------------------------------------------------

    def get(self, table: str, key: str) -> dict[str, Any] | None:
        """The stored document with this key, or None."""
        value = _key_value(TABLE_MODELS[table], key)
        tinydb_table, index, _ = self._locate(table, value)
        doc_id = index.get(value)
        return None if doc_id is None else tinydb_table.get(doc_id=doc_id)  # type: ignore[no-any-return]

    def exists(self, table: str, key: str) -> bool:
        return self.get(table, key) is not None

    def put(self, table: str, record: Record, *, action: str | None = None, summary: str = "") -> bool:
        """Validate (the model's rules, and its dates against the store's ``today``) and upsert ``record`` by
        its key; returns False if nothing changed."""
        problems = record_type_problems(record) or record.problems() + record.date_problems(self.today)
        if problems:
            raise ValidationError(f"{table} {_shown_key(record)}", problems)
        doc = record.to_doc()
        key = doc[TABLE_MODELS[table].KEY]
        tinydb_table, index, shard = self._locate(table, key)
        doc_id = index.get(key)
        if doc_id is None:
            new = Document(doc, doc_id=self.layout.tables[table].take_id()) if shard is not None else doc
            index[key] = tinydb_table.insert(new)
        else:
            current = tinydb_table.get(doc_id=doc_id)
            if current is not None and dict(current) == doc:
                return False
            tinydb_table.update(doc, doc_ids=[doc_id])
        self._mark(table, shard)
        if table != "changelog":
            self.log(action or ("add" if doc_id is None else "update"), table, record.key, summary)
        return True

    def delete(self, table: str, key: str, *, summary: str = "") -> bool:
        """Remove the document with this key; returns False if there was none."""
        value = _key_value(TABLE_MODELS[table], key)
        tinydb_table, index, shard = self._locate(table, value)
        doc_id = index.pop(value, None)
        if doc_id is None:
            return False
        tinydb_table.remove(doc_ids=[doc_id])
        self._mark(table, shard)
        self.log("delete", table, key, summary)
        return True

    def _mark(self, table: str, shard: str | None) -> None:
        if shard is not None:
            self._dirty.add((table, shard))
        elif table in SHARDED_TABLES:
            self._whole_dirty.add(table)
        self.changed = True

    def set_meta(self, **values: Any) -> None:
        meta = self.tinydb.table(META_TABLE)
        doc = dict(meta.get(doc_id=1) or {})
        doc.update(values)
        meta.upsert(Document(doc, doc_id=1))
        self.changed = True

    def log(self, action: str, table: str, record: str, summary: str = "") -> None:
        """Record who changed what, when, in the store's change log."""
        entry = ChangeEntry(
            at=datetime.now().isoformat(timespec="seconds"),
            user=self.store.user,
            action=action,
            table=table,
            record=str(record),
            summary=summary,
        )
        if "changelog" in self._whole:
            self.tinydb.table("changelog").insert(entry.to_doc())
            self._whole_dirty.add("changelog")
        else:
            ids = self.layout.tables["changelog"]
            block = changelog_shard(ids.next_id)
            self._shard_table("changelog", block).insert(Document(entry.to_doc(), doc_id=ids.take_id()))
            self._dirty.add(("changelog", block))
        self.changed = True


def _backup_number(path: Path) -> int:
    """Backups are numbered in commit order (the clock may go back; the numbers do not)."""
    parts = path.stem.rsplit("-", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else 0


def _first_type_problem(tables: dict[str, Any]) -> str | None:
    """The first stored field of the wrong type, as ``table key field: problem``."""
    as_of = _first(tables.get(META_TABLE, {})).get("as_of")
    if as_of is not None:
        try:
            date.fromisoformat(as_of)
        except (TypeError, ValueError):
            return f"_meta as_of: {as_of!r} is not a date (YYYY-MM-DD)"
    for doc in tables.get("dossiers", {}).values():
        found = dossier_doc_problem(doc)
        if found:
            return f"dossiers {doc.get('code', '?')} {found[0]}: {found[1]}"
    for name, model in TABLE_MODELS.items():
        if name == "dossiers":
            continue
        for doc in tables.get(name, {}).values():
            problems = doc_type_problems(model, doc)
            if problems:
                field_name, problem = problems[0]
                return f"{name} {doc.get(model.KEY, '?')} {field_name}: {problem}"
    return None


def _shown_key(record: Record) -> str:
    key = getattr(record, type(record).KEY, "")
    return key if isinstance(key, str) else repr(key)


def _key_value(model: type[Record], key: str) -> Any:
    return int(key) if model.KEY == "year" else key


def _first(table: dict[str, Any]) -> dict[str, Any]:
    for doc in table.values():
        return doc
    return {}


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"


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
