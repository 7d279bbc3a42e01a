"""The TinyDB store: one JSON file per QMS, safe for several users on one server.

TinyDB's own ``JSONStorage`` rewrites the file in place and has no locking, so a crash mid-write
leaves broken JSON and two writers lose each other's updates. This store instead:

- reads without locking: a file is only ever replaced whole, so a reader sees the old or the new one;
- writes in a *transaction*: take an inter-process lock (``flock`` on ``<store>.lock``), re-read the
  file, let TinyDB apply the changes in memory, write a temporary file in the same folder, ``fsync``
  it, keep the previous version as a rolling backup (a hard link, so it costs nothing) and
  ``os.replace`` the store. Writers queue on the lock, and each starts from the latest data, so no
  update is lost;
- caches the parsed file and notices another process's write by the file's identity (inode, size,
  mtime), which is also what the TUI polls for live refresh;
- in read-only mode never creates, locks or writes anything.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import getpass
import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from .domain.models import TABLE_MODELS, ChangeEntry, Record
from .domain.qms import Qms
from .domain.typecheck import doc_type_problems, dossier_doc_problem, record_type_problems

SCHEMA_VERSION = 1
DEFAULT_BACKUPS = 5
META_TABLE = "_meta"
ENV_DB = "QMS_DB"


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
    """Create a store at ``path`` from the demo data, or empty; refuses to overwrite by default."""
    if path.exists() and not overwrite:
        raise StoreError(f"{path} already exists: not overwriting it")
    if demo:
        tables = _decode(demo_path().read_bytes())
    else:
        tables = {name: {} for name in TABLE_MODELS}
        tables[META_TABLE] = {"1": {"schema_version": SCHEMA_VERSION, "demo": False}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, _encode(tables))
    except OSError as exc:
        raise StoreError(f"cannot create the store {path}: {exc.strerror or exc}") from None
    return path


def open_store(
    db: str | os.PathLike[str] | None = None, *, read_only: bool = False, clock: Callable[[], date] = date.today
) -> Store:
    """Open the chosen store; the per-user default is created from the demo data on first use."""
    path = resolve_path(db)
    if not path.exists() and not db and not os.environ.get(ENV_DB) and not read_only:
        create_store(path, demo=True)
    store = Store(path, read_only=read_only, clock=clock)
    store.load()
    return store


# -- encoding and atomic files ----------------------------------------------------------------


def _encode(tables: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON (orjson: about 20× faster than ``json.dumps`` on a 100k-dossier store)."""
    return orjson.dumps(tables)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Parsing a 100k-dossier store creates about a million dicts and strings; without this the collector
    runs hundreds of times over them and parsing takes 3–4× longer. Nothing built here forms cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _decode(raw: bytes) -> Any:
    with paused_gc():
        return orjson.loads(raw)


def _atomic_write(path: Path, payload: bytes, backup: Path | None = None) -> None:
    """Write ``payload`` to a temp file beside ``path``, fsync it, keep the old file as ``backup``, replace.

    If anything fails the store is untouched, and neither the temp file nor the new backup is left.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    made_backup = False
    try:
        with open(tmp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if backup is not None and path.exists():
            _keep_backup(path, backup)
            made_backup = True
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if made_backup and backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()
        raise
    with contextlib.suppress(OSError):
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _keep_backup(path: Path, backup: Path) -> None:
    """The current store becomes ``backup``: a hard link (free), else a copy that appears whole or not at all."""
    backup.parent.mkdir(exist_ok=True)
    try:
        os.link(path, backup)
        return
    except OSError:
        pass
    partial = backup.with_name(f".{backup.name}.tmp")
    try:
        partial.write_bytes(path.read_bytes())
        os.replace(partial, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


class _MemoryStorage(Storage):
    """A TinyDB storage over a dict already read under the lock; written out once at commit."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data


# -- the store --------------------------------------------------------------------------------


class Store:
    """One QMS store file: cached reads, locked atomic transactions, rolling backups."""

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
        self._tables: dict[str, Any] | None = None
        self._signature: tuple[int, int, int] | None = None
        self._snapshot: Qms | None = None

    # -- reading ------------------------------------------------------------------------------

    @property
    def backup_dir(self) -> Path:
        return self.path.with_name(self.path.name + ".backups")

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def backup_files(self) -> list[Path]:
        """Backups, oldest first."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob(f"{self.path.stem}-*.json"), key=_backup_number)

    def newest_backup(self) -> Path | None:
        files = self.backup_files()
        return files[-1] if files else None

    def signature(self) -> tuple[int, int, int] | None:
        """The file's identity: changes whenever any process replaces the store."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def changed(self) -> bool:
        """True if the file on disk is not the one last loaded (another process wrote it)."""
        return self.signature() != self._signature

    def load(self, *, force: bool = False) -> dict[str, Any]:
        """The raw tables, re-read only when the file changed."""
        signature = self.signature()
        if not force and self._tables is not None and signature == self._signature:
            return self._tables
        tables = self._read_file()
        self._tables, self._signature, self._snapshot = tables, signature, None
        return tables

    def _read_file(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"no store at {self.path} (create one with: qms init --db {self.path})") from None
        except OSError as exc:
            raise StoreError(f"cannot read the store {self.path}: {exc.strerror or exc}") from None
        try:
            tables = _decode(raw)
        except (ValueError, UnicodeDecodeError) as exc:  # orjson.JSONDecodeError is a ValueError
            raise self._corrupt(f"it is not valid JSON ({exc})") from None
        if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
            raise self._corrupt("it is not a TinyDB store")
        for name, table in tables.items():
            for doc_id, doc in table.items():
                if doc.__class__ is not dict or not doc_id.isdigit():
                    raise self._corrupt(f"table {name} has a broken document (id {doc_id!r})")
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

    def _corrupt(self, why: str) -> StoreCorruptError:
        backup = self.newest_backup()
        hint = f"the newest backup is {backup}" if backup else "no backup exists"
        return StoreCorruptError(f"the store {self.path} is corrupt: {why}; {hint}")

    def snapshot(self) -> Qms:
        """The QMS as of the last load (reloaded if the file changed)."""
        tables = self.load()
        if self._snapshot is None:
            problem = _first_type_problem(tables)
            if problem:
                raise self._corrupt(problem)
            try:
                with paused_gc():
                    self._snapshot = Qms.from_tables(tables, clock=self.clock)
                if self.as_of is not None:
                    self._snapshot.meta["as_of"] = self.as_of.isoformat()
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

    # -- writing ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, re-read, apply the caller's changes through TinyDB, write atomically, unlock.

        Nothing is written if the block raises: the store stays as it was. When the file is still
        the one this process last loaded, its parsed tables are reused instead of parsing it again
        (TinyDB changes them in place, so on failure the cache is dropped).
        """
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only: nothing can be changed")
        try:
            lock = open(self.lock_path, "a+b")  # noqa: SIM115 - held for the whole transaction
        except OSError as exc:
            raise StoreError(f"cannot lock the store {self.path}: {exc.strerror or exc}") from None
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if self._tables is not None and self.signature() == self._signature:
                    tables = self._tables
                else:
                    tables = self._read_file()
                self._tables = self._snapshot = None  # until committed, the cache may be half-changed
                self._remove_stale_temp_files()
                tx = Transaction(self, TinyDB(tables, storage=_MemoryStorage))
                yield tx
                data = tx.tinydb.storage.data  # type: ignore[attr-defined]
                if tx.changed:
                    self._commit(data)
                self._tables, self._signature = data, self.signature()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _commit(self, tables: dict[str, Any]) -> None:
        """Write under the lock; the replaced version joins the rolling backups (never more than N)."""
        try:
            payload = _encode(tables)
        except (TypeError, ValueError) as exc:  # e.g. text that is not valid UTF-8
            raise StoreError(f"cannot write the store {self.path}: {exc}; it is unchanged") from None
        backup = None
        if self.backups:
            existing = self.backup_files()
            for old in existing[: max(len(existing) - self.backups + 1, 0)]:
                with contextlib.suppress(OSError):
                    old.unlink()
            number = _backup_number(existing[-1]) + 1 if existing else 1
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            backup = self.backup_dir / f"{self.path.stem}-{number:08d}-{stamp}.json"
        try:
            _atomic_write(self.path, payload, backup)
        except OSError as exc:
            reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
            raise StoreError(f"cannot write the store {self.path}: {reason}; it is unchanged") from None

    def _remove_stale_temp_files(self) -> None:
        """Temp files of writers killed mid-write (safe under the lock: no other writer is running)."""
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()


class Transaction:
    """The changes of one locked write. Records are validated before they reach TinyDB."""

    def __init__(self, store: Store, tinydb: TinyDB) -> None:
        self.store = store
        self.tinydb = tinydb
        self.changed = False
        self._indexes: dict[str, dict[Any, int]] = {}

    @property
    def tables(self) -> dict[str, Any]:
        """The raw tables read under the lock, for bulk changes; call ``touched(table)`` after them."""
        return self.tinydb.storage.read()  # type: ignore[attr-defined,no-any-return]

    def touched(self, table: str) -> None:
        """``table`` was changed directly in ``tables``: drop TinyDB's and our caches, and commit it."""
        self.tinydb.table(table).clear_cache()
        self._indexes.pop(table, None)
        self.changed = True

    @property
    def qms(self) -> Qms:
        """The data as read under the lock (before this transaction's changes)."""
        return Qms.from_tables(self.tables, clock=self.store.clock)

    def _doc_id(self, table: str, key: Any) -> int | None:
        """The TinyDB id of the document with this key: a dict lookup instead of a Query scan."""
        index = self._indexes.get(table)
        if index is None:
            field_name = TABLE_MODELS[table].KEY
            raw = self.tables.get(table, {})
            index = self._indexes[table] = {doc.get(field_name): int(doc_id) for doc_id, doc in raw.items()}
        return index.get(key)

    def get(self, table: str, key: str) -> dict[str, Any] | None:
        """The stored document with this key, or None."""
        doc_id = self._doc_id(table, _key_value(TABLE_MODELS[table], key))
        return None if doc_id is None else self.tinydb.table(table).get(doc_id=doc_id)  # type: ignore[return-value]

    def exists(self, table: str, key: str) -> bool:
        return self.get(table, key) is not None

    def put(self, table: str, record: Record, *, action: str | None = None, summary: str = "") -> bool:
        """Validate and upsert ``record`` by its key; returns False if nothing changed."""
        problems = record_type_problems(record) or record.problems()
        if problems:
            raise ValidationError(f"{table} {_shown_key(record)}", problems)
        doc = record.to_doc()
        key = doc[TABLE_MODELS[table].KEY]
        doc_id = self._doc_id(table, key)
        tinydb_table = self.tinydb.table(table)
        if doc_id is None:
            self._indexes[table][key] = tinydb_table.insert(doc)
        else:
            current = tinydb_table.get(doc_id=doc_id)
            if current is not None and dict(current) == doc:
                return False
            tinydb_table.update(doc, doc_ids=[doc_id])
        self.changed = True
        if table != "changelog":
            self.log(action or ("add" if doc_id is None else "update"), table, record.key, summary)
        return True

    def delete(self, table: str, key: str, *, summary: str = "") -> bool:
        """Remove the document with this key; returns False if there was none."""
        doc_id = self._doc_id(table, _key_value(TABLE_MODELS[table], key))
        if doc_id is None:
            return False
        self.tinydb.table(table).remove(doc_ids=[doc_id])
        self._indexes.pop(table, None)
        self.changed = True
        self.log("delete", table, key, summary)
        return True

    def set_meta(self, **values: Any) -> None:
        meta = self.tinydb.table(META_TABLE)
        doc = dict(meta.get(doc_id=1) or {})
        doc.update(values)
        meta.upsert(_with_id(doc, 1))
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
        self.tinydb.table("changelog").insert(entry.to_doc())
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


def _with_id(doc: dict[str, Any], doc_id: int) -> Any:
    from tinydb.table import Document

    return Document(doc, doc_id=doc_id)


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
