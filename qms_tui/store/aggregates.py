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

import re
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
    """The aggregate a one-file copy (``qms export store``) carries, tied to its dossiers by their checksum
    and length as JSON (the length lets ``export_head`` find them in the file without parsing them)."""
    dossiers = tables.get("dossiers") or {}
    aggregate = aggregate or Aggregate.build(dossiers)
    raw = orjson.dumps(dossiers)
    aggregate.source = ["one file", zlib.crc32(raw), len(raw)]
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
    source = aggregate.source if isinstance(aggregate.source, list) else []
    if source[:2] != ["one file", _fingerprint(main.get("dossiers") or {})]:  # [2], the length: see export_head
        return None, "stale"
    return aggregate, ""


_EXPORT_HEAD = re.compile(rb'\{"' + AGGREGATE_TABLE.encode()
                          + rb'":\{"1":\{"version":\d+,"source":\["one file",(\d+),(\d+)\]')
_DOSSIERS_KEY = b',"dossiers":'


def export_head(raw: bytes) -> bytes | None:
    """A one-file export's JSON without its dossiers, found without parsing them: ``copy_to`` writes the
    aggregate first, saying the dossiers' CRC-32 and length, and the dossiers last. ``None`` unless the file
    is laid out so and the bytes there have that checksum (then the aggregate counts exactly them)."""
    found = _EXPORT_HEAD.match(raw, 0, 200)
    if found is None:
        return None
    crc, length = int(found[1]), int(found[2])
    cut = len(raw) - 1 - length
    if raw[-1:] != b"}" or cut < 0 or raw[cut - len(_DOSSIERS_KEY):cut] != _DOSSIERS_KEY:
        return None
    if zlib.crc32(memoryview(raw)[cut:-1]) != crc:
        return None
    return raw[:cut - len(_DOSSIERS_KEY)] + b"}"


def counting_main(store: Store) -> tuple[dict[str, Any], Aggregate | None]:
    """The store file for counting, and the aggregate already checked against the dossiers if there is one:
    a one-file export's tables without its dossiers (``export_head``: 25,000 dossiers are not parsed), else
    the whole file and ``None`` (``counting_snapshot`` looks the aggregate up as usual)."""
    raw = store.read_raw()
    head = export_head(raw)
    if head is not None:
        main = store.read_store_file(head)
        aggregate = Aggregate.from_doc(next(iter(main.get(AGGREGATE_TABLE, {}).values()), None))
        if aggregate is not None:
            return main, aggregate
    return store.read_store_file(raw), None


def counting_snapshot(store: Store, notice: Callable[[str], None] | None = None,
                      main: dict[str, Any] | None = None, aggregate: Aggregate | None = None) -> Qms:
    """The store as ``Qms`` for its figures: the small tables and the aggregate, the dossiers read only if
    something asks for them. Without a current aggregate every dossier is read and counted (``notice`` is
    told why, once). ``main``: the store file, if the caller parsed it already; ``aggregate``: the one
    ``counting_main`` found with it, checked already."""
    from qms_tui.domain.qms import Qms
    from qms_tui.store.stored_types import first_type_problem

    signature = store.signature()
    if main is None:
        main, aggregate = counting_main(store)
    layout = store._layout_of(main)
    why = ""
    if aggregate is None:
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
    store.read_without_loading(signature)
    return store.viewed(qms)


def mend_aggregate(store: Store) -> bool:
    """Write a missing or stale aggregate now (a new version of the store file naming it, no backup: no
    record changes). Never waits for another writer and never fails a reading command: False if not done."""
    from qms_tui.store.errors import StoreError

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
        aggregate._unpack(procedure)
        series[procedure] = (list(aggregate.days[procedure]), [list(c) for c in aggregate.totals[procedure]])
    odd = sorted(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS) for doc in aggregate.odd.values())
    still_open = sorted(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS) for doc in aggregate.open.values())
    spans = {procedure: aggregate.spans_of(procedure) for procedure in aggregate.procedures()}
    days = aggregate.late_days()
    late = sorted(zip(aggregate.late.values(), (days.get(key) for key in aggregate.late), strict=True),
                  key=repr)
    return series, odd, still_open, late, spans
