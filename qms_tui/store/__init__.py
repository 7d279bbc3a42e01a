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
import os
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qms_tui.domain.memory import long_lived_objects
from qms_tui.domain.models import TABLE_MODELS
from qms_tui.domain.problems import Fault
from qms_tui.store.errors import ReadOnlyError, StoreCorruptError, StoreError, ValidationError
from qms_tui.store.files import atomic_write, decode, encode, file_mode
from qms_tui.store.integrity import Unreadable, parse_tables, repair_hint, shard_problem, size_problems
from qms_tui.store.shards import (
    AGGREGATE_TABLE,
    BACKUP_SUFFIX,
    LAYOUT_TABLE,
    META_TABLE,
    SHARDED_TABLES,
    Layout,
    file_sum,
    merge,
    shard_dir,
)
from qms_tui.store.stored_types import first, first_type_problem
from qms_tui.store.write import SCHEMA_VERSION, VersionWriting, _backup_number

if TYPE_CHECKING:
    from qms_tui.domain.qms import Qms
    from qms_tui.store.lock import StoreBusyError
    from qms_tui.store.tx import Transaction

__all__ = [  # the store's API; the errors and the transaction live in their own modules
    "META_TABLE",
    "SCHEMA_VERSION",
    "ReadOnlyError",
    "Store",
    "StoreBusyError",
    "StoreCorruptError",
    "StoreError",
    "Transaction",
    "ValidationError",
    "create_store",
    "demo_path",
    "open_store",
    "refuse_special_file",
    "resolve_path",
    "user_store_path",
]  # fmt: skip

_WRITING = {"Transaction": "qms_tui.store.tx", "StoreBusyError": "qms_tui.store.lock"}
"""Names of the store's API that live with writing, imported when first asked for: a read-only command
(``qms summary``) never loads TinyDB, the transaction or the lock."""


def __getattr__(name: str) -> Any:
    if name in _WRITING:
        import importlib

        return getattr(importlib.import_module(_WRITING[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DEFAULT_BACKUPS = 5
ENV_DB = "QMS_DB"
READ_ATTEMPTS = 5
"""How often a reader starts again when a writer replaced the store while it was reading it."""


# -- where the store lives --------------------------------------------------------------------


def demo_path() -> Path:
    """The demo store shipped inside the package (built by ``data/generate_demo.py``)."""
    from importlib import resources  # here: importlib.resources brings tempfile, random, hashlib

    return Path(str(resources.files("qms_tui") / "demo" / "demo.json"))


def user_store_path() -> Path:
    """The per-user store: ``$XDG_DATA_HOME/qms-tui/qms.json`` (``~/.local/share`` by default)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "qms-tui" / "qms.json"


def resolve_path(db: str | os.PathLike[str] | None) -> Path:
    """``--db``, else ``$QMS_DB``, else ``db`` of the settings file (``config``), else the per-user store."""
    if db:
        return Path(db).expanduser()
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB]).expanduser()
    from qms_tui.config import file_settings

    configured = file_settings().get("db")
    return Path(configured).expanduser() if configured else user_store_path()


def refuse_special_file(path: Path) -> None:
    """A store is a regular file: a folder, FIFO, socket or device given as ``--db`` is refused at once
    (reading a FIFO would wait forever for a writer, ``/dev/zero`` would fill the memory)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing or unreadable: said where it is read
    if not stat.S_ISREG(mode):
        kinds = ((stat.S_ISDIR, Fault("s_kind_folder")), (stat.S_ISFIFO, Fault("s_kind_fifo")),
                 (stat.S_ISSOCK, Fault("s_kind_socket")), (stat.S_ISCHR, Fault("s_kind_device")),
                 (stat.S_ISBLK, Fault("s_kind_device")))
        kind = next((name for test, name in kinds if test(mode)), Fault("s_kind_other"))
        raise StoreError(Fault("s_not_a_store_file", path=path, kind=kind))


def create_store(path: Path, *, demo: bool = True, overwrite: bool = False) -> Path:
    """Create a store at ``path`` from the demo data, or empty; refuses to overwrite by default (and when
    told to, keeps the store it replaces as a backup)."""
    refuse_special_file(path)
    if path.exists() and not overwrite:
        raise StoreError(Fault("s_exists", path=path))
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
        raise StoreError(Fault("s_cannot_create", path=path, why=exc.strerror or str(exc))) from None
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
    refuse_special_file(path)
    if not path.exists() and not db and not os.environ.get(ENV_DB) and not read_only:
        create_store(path, demo=True)
    store = Store(path, read_only=read_only, clock=clock)
    if load:
        store.load()
    return store


class _MissingShard(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


# -- the store --------------------------------------------------------------------------------


class Store(VersionWriting):
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
        self._user = user
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
        self.sums_seen: dict[str, tuple[int, int]] = {}
        """``file_sum`` of the shard files read as good, for the layout of the next write."""
        self.verdicts: dict[str, str | None] = {}
        """What ``store_integrity.file_problem`` found of each shard file checked on disk (None: good)."""
        self.lock_wait: float | None = None
        """Seconds a write waits for another writer's lock (None: ``$QMS_LOCK_WAIT``, else 5)."""
        self.on_wait: Callable[[str], None] | None = None
        """Told once what a write waits for, if the wait lasts (None: a line on a terminal's stderr)."""

    @property
    def user(self) -> str:
        """Who writes: named in the lock and the change log (the OS user unless given; asked when first needed,
        since a reader never needs it)."""
        if not self._user:
            self._user = _os_user()
        return self._user

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

    @property
    def read_signature(self) -> tuple[int, int, int] | None:
        """The identity of the store file as last read (``changed`` compares the file on disk with it)."""
        return self._signature

    def read_without_loading(self, signature: tuple[int, int, int] | None) -> None:
        """The store file was read as of ``signature`` without loading the store (a snapshot counted from the
        aggregate): ``changed`` compares with it until the store is loaded."""
        if self._tables is None:
            self._signature = signature

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
            return merge([main.get(name, {})] + [self._shard(name, files[shard], layout) for shard in sorted(files)])

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
        raise StoreError(Fault("s_kept_changing", path=self.path))

    def read_store_file(self, raw: bytes | None = None) -> dict[str, Any]:
        """The store file itself, parsed and checked for TinyDB's shape and our schema version (``raw``: its
        bytes, if the caller read them already)."""
        return self._read_main(raw)

    def read_raw(self) -> bytes:
        """The store file's bytes (a clear error if it is missing, unreadable or not a regular file)."""
        refuse_special_file(self.path)
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            raise StoreError(Fault("s_no_store", path=self.path)) from None
        except OSError as exc:
            raise StoreError(Fault("s_cannot_read", path=self.path, why=exc.strerror or str(exc))) from None

    def _read_main(self, raw: bytes | None = None) -> dict[str, Any]:
        """The store file itself, parsed and checked for TinyDB's shape and our schema version."""
        tables = self._parse(self.read_raw() if raw is None else raw, Fault("s_it"))
        meta = first(tables.get(META_TABLE, {}))
        version = meta.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise self._corrupt(Fault("s_no_schema_version"))
        if version > SCHEMA_VERSION:
            raise StoreError(Fault("s_newer_schema", path=self.path, version=version, known=SCHEMA_VERSION))
        return tables

    def _parse(self, raw: bytes, what: str) -> dict[str, Any]:
        """TinyDB's layout ``{table: {doc_id: document}}``, or a clear "corrupt" error about ``what``."""
        try:
            return parse_tables(raw, what)
        except Unreadable as exc:
            raise self._corrupt(exc.args[0]) from None

    def _layout_of(self, main: dict[str, Any]) -> Layout:
        layout = Layout.of(main)
        problem = layout.problem()
        if problem:
            raise self._corrupt(problem)
        return layout

    def _shard(self, table: str, name: str, layout: Layout) -> dict[str, Any]:
        """The documents of one shard file (parsed once per process, then cached), checked against the sum
        the layout recorded for it: a damaged file is refused even where it still parses."""
        docs = self._shards.get(name)
        if docs is not None:
            return docs
        try:
            raw = (self.shard_dir / name).read_bytes()
        except FileNotFoundError:
            raise _MissingShard(name) from None
        except OSError as exc:
            why = exc.strerror or str(exc)
            raise StoreError(Fault("s_cannot_read_shard", path=self.shard_dir / name, why=why)) from None
        found = file_sum(raw)
        expected = layout.sums.get(name)
        if expected is not None and found != expected:
            raise self._corrupt(shard_problem(raw, name, expected) or Fault("s_shard_damaged", name=name))
        parsed = self._parse(raw, Fault("s_its_shard", name=name))
        if set(parsed) != {table}:
            raise self._corrupt(Fault("s_shard_other_table", name=name, table=table))
        self.sums_seen[name] = found
        docs = self._shards[name] = parsed[table]
        return docs

    def _assemble(self, main: dict[str, Any], layout: Layout) -> dict[str, Any]:
        """The store as TinyDB would see it in one file: the big tables merged back from their shards."""
        tables = {name: table for name, table in main.items() if name not in (LAYOUT_TABLE, AGGREGATE_TABLE)}
        for name in SHARDED_TABLES:
            files = layout.tables[name].files
            parts = [tables.get(name, {})] + [self._shard(name, files[shard], layout) for shard in sorted(files)]
            tables[name] = merge(parts)
        return tables

    def _missing(self, missing: _MissingShard) -> StoreCorruptError:
        return self._corrupt(Fault("s_shard_missing", name=missing.name))

    def _forget_shards_except(self, names: set[str]) -> None:
        for name in list(self._shards):
            if name not in names:
                del self._shards[name]
        for name in list(self.sums_seen):
            if name not in names:
                del self.sums_seen[name]

    def _corrupt(self, why: str) -> StoreCorruptError:
        """The error for a damaged store, naming the newest whole backup and how to put it back."""
        return StoreCorruptError(Fault("chk_store_corrupt", path=self.path, why=why, hint=repair_hint(self)))

    def viewed(self, qms: Qms) -> Qms:
        """``qms`` counted as this store is being viewed: as of ``--as-of``, or following the clock
        (``--as-of today``, ``T`` in the app). Nothing of it is saved."""
        if self.as_of is not None:
            qms.meta["as_of"] = self.as_of.isoformat()
        qms.follow_clock = self.follow_clock
        return qms

    def snapshot(self) -> Qms:
        """The QMS as of the last load (reloaded if the file changed)."""
        from qms_tui.domain.qms import Qms  # imported here: one-shot write commands never build a Qms

        tables = self.load()
        if self._snapshot is None:
            problem = first_type_problem(tables)
            if problem:
                raise self._corrupt(problem)
            try:
                with long_lived_objects():
                    self._snapshot = self.viewed(Qms.from_tables(tables, clock=self.clock))
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                raise self._corrupt(Fault("s_record_unreadable", why=str(exc))) from None
        return self._snapshot

    @property
    def meta(self) -> dict[str, Any]:
        return dict(first(self.load().get(META_TABLE, {})))

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
            raise StoreError(Fault("s_copy_is_store", path=target))
        if target.exists() and not overwrite:
            raise StoreError(Fault("s_copy_exists", path=target))
        from qms_tui.store.aggregates import export_table

        tables = self.load()
        # The aggregate first and the dossiers last, so the province counts it without parsing its dossiers
        # (aggregates.export_head); plain TinyDB reads the keys in any order.
        small = {name: table for name, table in tables.items() if name != "dossiers"}
        copy = {AGGREGATE_TABLE: export_table(tables), **small, "dossiers": tables.get("dossiers", {})}
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, encode(copy), mode=file_mode(self.path))  # a private store: a private copy
        except OSError as exc:
            reason = Fault("s_disk_full") if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
            raise StoreError(Fault("s_cannot_write_file", path=target, why=reason)) from None
        return tables

    # -- writing ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, re-read, apply the caller's changes through TinyDB, write atomically, unlock.

        Nothing is written if the block raises: the store stays as it was. Only the store file is
        parsed up front; a shard is read when the transaction first touches it. A store with a damaged
        shard file is refused before anything is changed (``StoreCorruptError``, with the way back).
        """
        if self.read_only:
            raise ReadOnlyError(Fault("s_read_only", path=self.path))
        if not self.path.exists():  # say so before a lock file appears beside a store that is not there
            self._read_main()
        refuse_special_file(self.path)
        with self.locked():
            main = self._read_main()
            layout = self._layout_of(main)
            self._tables = self._snapshot = None  # until committed, cached documents may be half-changed
            damaged = size_problems(self, layout)
            if damaged:
                raise self._corrupt(damaged[0])
            self._remove_stale_temp_files()
            from qms_tui.store.tx import Transaction  # here: a reader never needs TinyDB

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

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """The writers' lock, waited for ``lock_wait`` seconds at most (``StoreBusyError`` names the holder)."""
        from qms_tui.store.lock import store_lock  # here: a reader never locks

        return store_lock(self.lock_path, self.path, user=self.user, mode=file_mode(self.path),
                          wait=self.lock_wait, notice=self.on_wait)

    def _commit(self, tx: Transaction) -> None:
        """Write the transaction's changes, or say in one line why the store is unchanged."""
        try:
            self.write_version(*tx.finish())
        except (TypeError, ValueError) as exc:  # e.g. text that is not valid UTF-8
            raise StoreError(Fault("s_cannot_write", path=self.path, why=str(exc))) from None
        except OSError as exc:
            reason = Fault("s_disk_full") if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
            raise StoreError(Fault("s_cannot_write", path=self.path, why=reason)) from None




def _os_user() -> str:
    import getpass  # here: only a writer names its user

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"
