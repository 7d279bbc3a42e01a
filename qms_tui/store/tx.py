"""One locked write of the store: TinyDB over the parsed store file, and the shards it touches."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from qms_tui.domain.memory import paused_collector
from qms_tui.domain.models import TABLE_MODELS, ChangeEntry, Record
from qms_tui.domain.typecheck import record_type_problems
from qms_tui.store.errors import ValidationError
from qms_tui.store.files import encode
from qms_tui.store.shards import META_TABLE, SHARDED_TABLES, Layout, changelog_shard, dossier_shard, merge

if TYPE_CHECKING:
    from qms_tui.domain.qms import Qms
    from qms_tui.store import Store


class _MemoryStorage(Storage):
    """A TinyDB storage over a dict already read under the lock; written out once at commit."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data



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
        metas = self._main.get(META_TABLE, {})
        as_of = (metas.get("1") or next(iter(metas.values()), {})).get("as_of") if metas else None
        return date.fromisoformat(as_of) if isinstance(as_of, str) else self.store.clock()

    @property
    def qms(self) -> Qms:
        """The data as read under the lock (before this transaction's changes)."""
        from qms_tui.domain.qms import Qms

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
                parts.append(self.store._shard(table, files[shard], self.layout))
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
            stored = self.store._shard(table, name, self.layout) if name else {}
            docs = {doc_id: dict(doc) for doc_id, doc in stored.items()}
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

    def held_whole(self, table: str) -> bool:
        """``table`` is merged whole (by ``tables``, or still inside an old one-file store)."""
        return table in self._whole

    def shard_docs(self, table: str, shard: str) -> dict[str, Any] | None:
        """The raw documents of one shard of a big table, read on first use, for bulk changes that touch
        few shards (a small import); ``None`` when the table is held whole (then use ``tables``). Call
        ``touched_shard`` after changing them."""
        if table in self._whole:
            return None
        self._shard_table(table, shard)
        return self._raw(table, shard)

    def touched_shard(self, table: str, shard: str) -> None:
        """A shard's documents were changed directly in ``shard_docs``: drop the caches, commit the shard."""
        self._shards[(table, shard)].table(table).clear_cache()
        self._indexes.pop(f"{table}/{shard}", None)
        self._mark(table, shard)

    def take_id(self, table: str) -> int:
        """A new document id of a sharded table (ids are unique across its shards)."""
        return self.layout.tables[table].take_id()

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
        """Validate and upsert ``record`` by its key; returns False if nothing changed."""
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
            dropped = [name for name in _field_names(table) if name not in doc and current and name in current]
            if dropped:  # an optional fact cleared back to unknown is left out of the document: remove it
                tinydb_table.update(lambda stored: [stored.pop(name, None) for name in dropped], doc_ids=[doc_id])
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


def _shown_key(record: Record) -> str:
    key = getattr(record, type(record).KEY, "")
    return key if isinstance(key, str) else repr(key)


def _key_value(model: type[Record], key: str) -> Any:
    return int(key) if model.KEY == "year" else key


@cache
def _field_names(table: str) -> tuple[str, ...]:
    """The model's fields of ``table``: a stored key among them that a document leaves out is cleared; other
    keys (a newer version's) stay."""
    return tuple(f.name for f in dataclasses.fields(TABLE_MODELS[table]))  # type: ignore[arg-type]
