"""The store's dossier aggregate (``domain/aggregates.py``): kept up to date by every write, read without the
dossiers by ``qms summary`` and ``qms rollup``.

It lives in its own file in ``<store>.shards/`` (``aggregates-00-g….json``), named by the layout like a shard
and checksummed like one, and records the dossier shard files it was counted from (``source``). A write
that changes dossier shards takes the old shards' documents out and the new ones in (reading only those
shards); a write to a store without a current aggregate (an older store, a restored shard, a hand edit)
counts every dossier once. A reader that finds it missing or stale counts the dossiers in memory and says
so once; it never writes.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from qms_tui.domain.aggregates import Aggregate
from qms_tui.domain.problems import Fault
from qms_tui.store.files import decode, encode
from qms_tui.store.shards import AGGREGATE_TABLE, Layout

if TYPE_CHECKING:
    from qms_tui.domain.qms import Qms
    from qms_tui.store import Store

SLOT = "00"


def source_of(layout: Layout) -> list[list[str]]:
    """What an aggregate of this version's dossiers is counted from: the dossier shard files (a file never
    changes, and its name is never reused, so the names say which documents were counted)."""
    return [[shard, name] for shard, name in sorted(layout.tables["dossiers"].files.items())]


def stored_aggregate(store: Store, layout: Layout) -> tuple[Aggregate | None, str]:
    """The aggregate of this version, or ``None`` and why it cannot be used (missing, stale, damaged)."""
    table = layout.tables.get(AGGREGATE_TABLE)
    name = table.files.get(SLOT) if table else None
    if not name:
        if not layout.tables["dossiers"].files:
            return Aggregate(source=[]), ""  # no dossier at all: nothing to count
        return None, "missing"
    try:
        raw = (store.shard_dir / name).read_bytes()
    except OSError:
        return None, "missing"
    expected = layout.sums.get(name)
    if expected is not None and (len(raw), zlib.crc32(raw)) != tuple(expected):
        return None, "damaged"
    try:
        doc = next(iter(decode(raw)[AGGREGATE_TABLE].values()))
    except (ValueError, KeyError, TypeError, AttributeError, StopIteration):
        return None, "damaged"
    aggregate = Aggregate.from_doc(doc)
    if aggregate is None:
        return None, "of another version"
    if aggregate.source != source_of(layout):
        return None, "stale"
    return aggregate, ""


def next_aggregate(store: Store, layout: Layout, shards: dict[tuple[str, str], bytes | None]) -> Aggregate | None:
    """The aggregate after a write of ``shards`` (before ``layout`` names the new files); ``None`` when the
    current one stays right (no dossier shard changes)."""
    changed = {shard: payload for (table, shard), payload in shards.items() if table == "dossiers"}
    kept = layout.tables.get(AGGREGATE_TABLE)
    if not changed and kept is not None and kept.files.get(SLOT):
        return None  # written with the dossier files it counts (``qms restore --only-damaged`` drops it)
    current, _ = stored_aggregate(store, layout)
    if current is not None and not changed:
        return None
    files = layout.tables["dossiers"].files
    if current is not None:
        removed: dict[str, Any] = {}
        added: dict[str, Any] = {}
        for shard, payload in changed.items():
            old = _read_docs(store, files[shard]) if shard in files else {}
            new = decode(payload)["dossiers"] if payload is not None else {}
            removed.update({key: doc for key, doc in old.items() if new.get(key) != doc})  # only what changed
            added.update({key: doc for key, doc in new.items() if old.get(key) != doc})
        current.update(removed=removed, added=added)
        return current
    docs: dict[str, Any] = {}
    for shard in sorted(set(files) | set(changed)):
        if shard in changed:
            payload = changed[shard]
            docs.update(decode(payload)["dossiers"] if payload is not None else {})
        else:
            docs.update(_read_docs(store, files[shard]))
    if not docs and not files:
        return None  # a store without dossiers needs no file for them
    return Aggregate.build(docs)


def aggregate_payload(aggregate: Aggregate, layout: Layout) -> bytes:
    """The aggregate file's content once ``layout`` names the new dossier shard files."""
    aggregate.source = source_of(layout)
    return encode({AGGREGATE_TABLE: {"1": aggregate.to_doc()}})


def _read_docs(store: Store, name: str) -> dict[str, Any]:
    """A dossier shard file's documents as on disk (the cached parse may have been changed in place)."""
    return decode((store.shard_dir / name).read_bytes()).get("dossiers", {})  # type: ignore[no-any-return]


def export_table(tables: dict[str, Any], aggregate: Aggregate | None = None) -> dict[str, Any]:
    """The aggregate a one-file copy (``qms export store``) carries, tied to its dossiers by a checksum."""
    dossiers = tables.get("dossiers") or {}
    aggregate = aggregate or Aggregate.build(dossiers)
    aggregate.source = ["one file", _fingerprint(dossiers)]
    return {"1": aggregate.to_doc()}


def _fingerprint(dossiers: dict[str, Any]) -> int:
    """The CRC-32 of the dossiers as JSON in their stored order (about 6 ms for 25,000)."""
    return zlib.crc32(orjson.dumps(dossiers))


def _one_file_aggregate(main: dict[str, Any]) -> tuple[Aggregate | None, str]:
    """The aggregate inside a one-file store, if it still counts the dossiers beside it."""
    docs = main.get(AGGREGATE_TABLE)
    if not docs:
        return None, ""  # an older store or export: its dossiers are read anyway, nothing to say
    aggregate = Aggregate.from_doc(next(iter(docs.values()), None))
    if aggregate is None:
        return None, "of another version"
    if aggregate.source != ["one file", _fingerprint(main.get("dossiers") or {})]:
        return None, "stale"
    return aggregate, ""


def counting_snapshot(store: Store, notice: Callable[[str], None] | None = None,
                      main: dict[str, Any] | None = None) -> Qms:
    """The store as ``Qms`` for its figures: the small tables and the aggregate, the dossiers read only if
    something asks for them. Without a current aggregate every dossier is read and counted (``notice`` is
    told why, once). ``main``: the store file, if the caller parsed it already."""
    from qms_tui.domain.qms import Qms
    from qms_tui.store import first_type_problem

    main = main if main is not None else store.read_store_file()
    layout = store._layout_of(main)
    inline = main.get("dossiers")
    aggregate, why = _one_file_aggregate(main) if inline else stored_aggregate(store, layout)
    if aggregate is None:  # counted from the dossiers themselves, by the same definition
        qms = store.snapshot()
        if notice is not None and why:
            notice(why)
        return qms
    problem = first_type_problem({name: table for name, table in main.items() if name != "dossiers"})
    if problem:
        raise store._corrupt(problem)
    tables = {name: table for name, table in main.items() if name not in ("dossiers", "changelog")}
    qms = Qms.from_tables(tables, clock=store.clock, dossier_loader=lambda: list(store.snapshot().dossier_docs))
    qms.aggregate = aggregate
    return store.viewed(qms)


def mend_aggregate(store: Store) -> bool:
    """Write a missing or stale aggregate now (a new version of the store file naming it, no backup: no
    record changes). Never waits for another writer and never fails a reading command: False if not done."""
    from qms_tui.store import StoreError

    if store.read_only:
        return False
    store.lock_wait = 0
    try:
        with store.locked():
            main = store.read_store_file()
            layout = store._layout_of(main)
            if main.get("dossiers") or stored_aggregate(store, layout)[0] is not None:
                return False
            layout.tables.pop(AGGREGATE_TABLE, None)  # one of another version is not kept by a write: count again
            store.write_version(main, layout, {}, backup=False)
    except (StoreError, OSError, ValueError):
        return False
    return True


def aggregate_problem(store: Store, docs: list[dict[str, Any]]) -> str | None:
    """Why the stored aggregate is not what counting ``docs`` (the store's dossiers) gives, if it is not
    (``qms check``). A missing or stale one is not a problem: it is counted again at the next write."""
    main = store.read_store_file()
    if main.get("dossiers"):
        aggregate, _ = _one_file_aggregate(main)
    else:
        aggregate, _ = stored_aggregate(store, store._layout_of(main))
    if aggregate is None:
        return None
    counted = Aggregate.build({str(i): doc for i, doc in enumerate(docs)})
    try:
        same = _comparable(aggregate) == _comparable(counted)
    except ValueError as exc:
        return Fault("agg_unreadable", why=str(exc))
    if same:
        return None
    return Fault("agg_mismatch")


def _comparable(aggregate: Aggregate) -> tuple[Any, ...]:
    """What must agree between two aggregates of the same dossiers (document ids aside)."""
    series = {}
    for procedure in aggregate.procedures():
        aggregate._at(procedure, 0)  # unpacks it
        series[procedure] = (list(aggregate.days[procedure]), [list(c) for c in aggregate.totals[procedure]])
    odd = sorted(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS) for doc in aggregate.odd.values())
    still_open = sorted(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS) for doc in aggregate.open.values())
    return series, odd, still_open, sorted(aggregate.late.values())
