"""Per-procedure daily counts that answer form 06's figures for *any* period without reading the dossiers.

Why this is enough (``statistics.place`` is the definition; this only re-counts it): for a "regular"
dossier — received on day r, finished on f (or not yet), due on d (or no due date), with f ≥ r and d ≥ r,
and an outcome class that does not depend on the period — and a period [s, e]:

- new by channel = dossiers received in [s, e]: a count per day of receipt;
- early / on the due date / late / withdrawn / returned = dossiers finished in [s, e] (f ≥ r ≥ s or r < s ≤ f):
  the class is fixed once the dossier is finished, so a count per day of finishing;
- in progress at day x = r ≤ x < f: +1 on r and −1 on f, summed up to x. In progress at e is "in progress",
  in progress at s − 1 is exactly "carried over" (received before s, not finished before s);
- overdue at e = in progress at e with d < e, i.e. d + 1 ≤ e < f: +1 on d + 1 and −1 on f.

So a running total per procedure and day of ten counters answers every period with two look-ups (a
``bisect``) per procedure. What depends on the period — carried over, not yet due / overdue — comes from
the running totals at s − 1 and at e, never from a stored class. Every other dossier (no receipt date
read as a day, finished before received, due before received, an outcome that fits no class) is kept
whole in ``odd`` and placed by ``statistics.place`` itself at query time, so the figures are always those
of ``period_stats_docs`` (``tests/domain/test_aggregates.py`` proves it on random stores and periods).

The dossiers not finished are kept too (``open``), for the "overdue or due soon" list of the as-of day, and
the codes of those finished late with a result (``late``, and the day they finished: ``late_days``), for the
late dossiers without an apology and the service index's 5.4.

The service index (``service_index``) also counts dossiers by their flags, so eleven more counters follow
the same rules: per day of receipt (channel known, paid online known/yes, digitised known/yes), per day of
finishing (withdrawn or returned after the due date, e-result known/yes among the resolved, and the dossiers
with more supplement requests than ``SUPPLEMENTS_LATE`` finished in time), and in progress / overdue for those
same dossiers. Its processing time (2.2) counts working days, which depend on a calendar that can change
without any dossier changing: so for each resolved dossier the pair (finished, received) and its pauses are
counted instead (``spans``), and the working days are counted at query time with the calendar of that day
(``domain/index_counts.py``). A dossier whose pauses could make that count negative is kept whole.
"""

from __future__ import annotations

import base64
import sys
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import repeat
from typing import Any

from qms_tui.domain.aggregate_contributions import (  # noqa: F401 (re-exported: what the aggregate counts)
    _FINISHED,
    _INTAKE_SLOTS,
    _SLOT,
    _WIDTH,
    KNOWN_CHANNELS,
    RESOLVED,
    SLOTS,
    SUPPLEMENTS_LATE,
    Span,
    _contributions,
    _day,
    _final_class,
    _flag,
    _pause_spans,
    _supplements_late,
    contributions,
    finished_late,
)
from qms_tui.domain.late import Late, plain_ids
from qms_tui.domain.statistics import Counts, PeriodStats, _tally, place

VERSION = 4
"""Bumped whenever what is counted changes: an aggregate of another version is rebuilt."""

CHUNK = 64
"""Rows of running totals packed together: a period's figures unpack two such pieces per procedure."""


class Aggregate:
    """The running totals of one store's dossiers, the odd dossiers and the open ones.

    ``source`` names what it was counted from (the dossier shard files and their sums), so that a store
    changed behind its back (a hand edit, an older qms-tui) is told and recounted.
    """

    def __init__(self, source: Any = None) -> None:
        self.source = source
        self.days: dict[str, Sequence[int]] = {}
        self.totals: dict[str, list[Sequence[int]]] = {}
        """Per procedure: the sorted days with a change, and for each of the ten slots its running total on
        each of those days (one series per slot: stored compressed, read as ``array``s)."""
        self._packed: dict[str, list[str]] = {}
        """The stored form of the procedures no update touched since they were read (written back as is):
        its days, then its rows of running totals ``CHUNK`` at a time, so that a period reads two rows'
        chunks, not the whole series (``_row``)."""
        self._read: dict[tuple[str, int], array] = {}
        """Days (chunk -1) and chunks of rows read from ``_packed``."""
        self.odd: dict[str, dict[str, Any]] = {}
        self.open: dict[str, dict[str, Any]] = {}
        """Dossiers kept whole by document id: the odd ones, and those not finished."""
        self._late = Late()
        """Codes by document id of the dossiers finished late with a result (``finished_late``): ``late``."""
        self._late_day: dict[str, int] | None = {}
        self._packed_late_day = ""
        """The day (ordinal) each of them finished, where it is an ISO date (``late_days``): stored packed in
        the order of ``late``, so that a summary, which needs none of them, does not parse 50,000 numbers."""
        self.spans: dict[str, dict[Span, int]] = {}
        """Per procedure: how many resolved dossiers have each ``Span`` (read from ``_packed_spans`` when first
        asked for)."""
        self._packed_spans: dict[str, list[str]] = {}

    # -- building ---------------------------------------------------------------------------------

    @classmethod
    def build(cls, docs: dict[str, dict[str, Any]], source: Any = None) -> Aggregate:
        """Count a whole table ``{doc_id: document}``."""
        aggregate = cls(source)
        aggregate.update(added=docs)
        return aggregate

    def update(self, removed: dict[str, dict[str, Any]] | None = None,
               added: dict[str, dict[str, Any]] | None = None) -> None:
        """Take ``removed`` documents out and put ``added`` in (a write's old and new shard contents)."""
        deltas: dict[str, dict[int, list[int]]] = {}
        for sign, docs in ((-1, removed or {}), (1, added or {})):
            for doc_id, doc in docs.items():
                self._one(deltas, doc_id, doc, sign)
        for procedure, changes in deltas.items():
            self._apply(procedure, changes)

    def _one(self, deltas: dict[str, dict[int, list[int]]], doc_id: str, doc: dict[str, Any], sign: int) -> None:
        if sign < 0:
            self.odd.pop(doc_id, None)
            self.open.pop(doc_id, None)
            if doc_id in self.late:  # the days are read (``late_days``) while they still match ``late``
                self.late_days().pop(doc_id, None)
                del self.late[doc_id]
        elif not doc.get("finished"):
            self.open[doc_id] = doc
        elif finished_late(doc):
            days = self.late_days()  # as above; a write that adds no late dossier leaves them packed
            self.late[doc_id] = str(doc.get("code"))
            if (day := _day(doc.get("finished"))) is not None:
                days[doc_id] = day
        found = _contributions(doc) if isinstance(doc.get("procedure"), str) else None
        if found is None:
            if sign > 0:
                self.odd[doc_id] = doc
            return
        if found[1]:
            spans = self.spans_of(doc["procedure"])
            for span in found[1]:
                spans[span] = spans.get(span, 0) + sign
                if not spans[span]:
                    del spans[span]
        per_day = deltas.setdefault(doc["procedure"], {})
        for day, slot, step in found[0]:
            counters = per_day.get(day)
            if counters is None:
                counters = per_day[day] = [0] * _WIDTH
            counters[slot] += sign * step

    def _apply(self, procedure: str, changes: dict[int, list[int]]) -> None:
        """Merge day deltas into a procedure's running totals (back to deltas, add, total again)."""
        self._unpack(procedure)
        self._packed.pop(procedure, None)
        self._read = {key: value for key, value in self._read.items() if key[0] != procedure}
        days = self.days.get(procedure, [])
        series = self.totals.get(procedure, [[]] * _WIDTH)
        merged: dict[int, list[int]] = {}
        previous = [0] * _WIDTH
        for i, day in enumerate(days):
            running = [column[i] for column in series]
            merged[day] = [a - b for a, b in zip(running, previous, strict=True)]
            previous = running
        for day, delta in changes.items():
            current = merged.get(day)
            merged[day] = delta[:] if current is None else [a + b for a, b in zip(current, delta, strict=True)]
        new_days: list[int] = []
        new_totals: list[list[int]] = []
        running = [0] * _WIDTH
        for day in sorted(merged):
            delta = merged[day]
            if not any(delta):
                continue
            running = [a + b for a, b in zip(running, delta, strict=True)]
            new_days.append(day)
            new_totals.append(running)
        if new_days:
            self.days[procedure] = array("i", new_days)
            self.totals[procedure] = [array("i", column) for column in zip(*new_totals, strict=True)]
        else:
            self.days.pop(procedure, None)
            self.totals.pop(procedure, None)

    # -- asking -----------------------------------------------------------------------------------

    def _unpack(self, procedure: str) -> None:
        """Read a procedure's stored series when first needed (a write touches one or two of them)."""
        if procedure in self.days or procedure not in self._packed:
            return
        days = self._stored_days(procedure)
        rows = array("i")
        for chunk in range(len(self._packed[procedure]) - 1):
            rows.extend(self._chunk(procedure, chunk))
        if len(rows) != len(days) * _WIDTH:
            raise ValueError(f"the running totals of {procedure} are damaged")
        self.days[procedure], self.totals[procedure] = days, [rows[i::_WIDTH] for i in range(_WIDTH)]

    def _stored_days(self, procedure: str) -> array:
        days = self._read.get((procedure, -1))
        if days is None:
            packed = self._packed[procedure]
            days = self._read[procedure, -1] = _unpack(packed[0], 1)[0]
            if len(packed) - 1 != -(-len(days) // CHUNK):
                raise ValueError(f"the running totals of {procedure} are damaged")
        return days

    def _chunk(self, procedure: str, chunk: int) -> array:
        rows = self._read.get((procedure, chunk))
        if rows is None:
            rows = self._read[procedure, chunk] = _unpack(self._packed[procedure][chunk + 1], 1)[0]
            if len(rows) != _WIDTH * min(CHUNK, len(self._stored_days(procedure)) - chunk * CHUNK):
                raise ValueError(f"the running totals of {procedure} are damaged")
        return rows

    def _row(self, procedure: str, index: int) -> list[int]:
        """The running totals on a procedure's ``index``-th day with a change."""
        if procedure in self.days:
            return [column[index] for column in self.totals[procedure]]
        rows = self._chunk(procedure, index // CHUNK)
        at = (index % CHUNK) * _WIDTH
        return list(rows[at:at + _WIDTH])

    def _last(self, procedure: str) -> list[int]:
        days = self.days[procedure] if procedure in self.days else self._stored_days(procedure)
        return self._row(procedure, len(days) - 1)

    @property
    def late(self) -> dict[str, str]:
        """Codes by document id of the dossiers finished late with a result (``finished_late``)."""
        return self._late.map

    def late_days(self) -> dict[str, int]:
        """The finishing day of each dossier in ``late`` whose day is an ISO date, by document id."""
        if self._late_day is None:
            days = _unpack(self._packed_late_day, 1)[0] if self._packed_late_day else array("i")
            ids = self._late.lists()[0]
            if len(days) != len(ids):
                raise ValueError("the late dossiers' days do not match their codes")
            self._late_day = {key: day for key, day in zip(ids, days, strict=True) if day}
        return self._late_day

    def procedures(self) -> list[str]:
        return sorted(set(self.days) | set(self._packed))

    def spans_of(self, procedure: str) -> dict[Span, int]:
        """A procedure's resolved dossiers' spans (unpacked when first asked for)."""
        spans = self.spans.get(procedure)
        if spans is None:
            spans = self.spans[procedure] = {}
            for packed, width in zip(self._packed_spans.pop(procedure, []), (3, 4), strict=False):
                *key, counts = _unpack(packed, width)
                spans.update(zip(zip(*key, strict=True), counts, strict=True))
        return spans

    def span_columns(self, procedure: str) -> tuple[list[array], list[array]]:
        """A procedure's spans as columns sorted by the day finished, for counting a period with ``bisect``:
        (finished, received, how many) and (finished, pause start, pause end, how many)."""
        spans = self.spans.get(procedure)
        packed = _pack_spans(spans) if spans is not None else self._packed_spans.get(procedure)
        if not packed:
            return [array("i")] * 3, [array("i")] * 4
        pairs, pauses = (_unpack(one, width) for one, width in zip(packed, (3, 4), strict=True))
        return pairs, pauses

    def window(self, procedure: str, start: date, end: date) -> tuple[list[int], list[int]]:
        """A procedure's counters at the day before ``start`` and at ``end`` (zeros before its first day)."""
        zero = [0] * _WIDTH
        return self._at(procedure, start.toordinal() - 1) or zero, self._at(procedure, end.toordinal()) or zero

    def _at(self, procedure: str, day: int) -> list[int] | None:
        days = self.days[procedure] if procedure in self.days else self._stored_days(procedure)
        index = bisect_right(days, day) - 1
        return self._row(procedure, index) if index >= 0 else None

    def period_stats(self, start: date, end: date,
                     field_of: Callable[[str], str | None] = lambda code: None) -> PeriodStats:
        """``statistics.period_stats_docs`` over the dossiers counted, from the running totals."""
        s, e = start.toordinal(), end.toordinal()
        zero = [0] * _WIDTH
        total = Counts()
        by_field: dict[str, Counts] = {}
        by_procedure: dict[str, Counts] = {}
        for procedure in self.procedures():
            before = self._at(procedure, s - 1) or zero
            at_end = self._at(procedure, e) or zero
            counts = Counts(carried_over=before[_SLOT["progress"]])
            for name in SLOTS[:8]:
                i = _SLOT[name]
                setattr(counts, name, at_end[i] - before[i])
            counts.overdue = at_end[_SLOT["overdue"]]
            counts.not_due = at_end[_SLOT["progress"]] - counts.overdue
            if not counts.received:
                continue
            by_procedure[procedure] = counts
            in_field = by_field.setdefault(field_of(procedure) or "", Counts())
            for target in (total, in_field):
                _add(target, counts)
        odd_docs = (self.odd[key] for key in sorted(self.odd, key=_id_order))
        odd = _tally(_odd_rows(odd_docs, start, end), start, end, field_of)
        _add(total, odd.total)
        for key, counts in odd.by_field.items():
            _add(by_field.setdefault(key, Counts()), counts)
        for key, counts in odd.by_procedure.items():
            _add(by_procedure.setdefault(key, Counts()), counts)
        return PeriodStats(start, end, total, by_field, by_procedure)

    def finished_after(self, day: date) -> int:
        """How many dossiers were finished after ``day`` (then ``open`` is not all that is open on ``day``)."""
        x = day.toordinal()
        count = 0
        for procedure in self.procedures():
            at = self._at(procedure, x)
            last = self._last(procedure)
            count += sum(last[_SLOT[k]] - (at[_SLOT[k]] if at else 0) for k in _FINISHED)
        iso = day.isoformat()
        return count + sum(1 for d in self.odd.values() if d.get("finished") and str(d["finished"]) > iso)

    def dossier_count(self) -> int:
        """How many dossiers were counted (each is received once: the new ones of every day, and the odd)."""
        count = len(self.odd)
        for procedure in self.procedures():
            last = self._last(procedure)
            count += sum(last[_SLOT[name]] for name in _INTAKE_SLOTS)
        return count

    def open_docs(self) -> list[dict[str, Any]]:
        """The dossiers not finished (and the odd ones), in document-id order."""
        docs = {**self.odd, **self.open}
        return [docs[key] for key in sorted(docs, key=_id_order)]

    def late_codes(self, is_late: Callable[[dict[str, Any]], bool], skip: Callable[[str], bool],
                   first: int) -> tuple[int, list[str]]:
        """How many dossiers are late and not ``skip``-ped by code, and the codes of the ``first`` of them in
        document-id order: those finished late (by code), and the open and odd ones kept whole that
        ``is_late`` says are.

        The finished ones are counted by subtraction (the skipped, apologised ones are few) and their first
        codes read off their ids sorted once in C (``int``, when every id is plain digits, is the same
        order as ``_id_order``): no Python call per late dossier, of which a big store has 50,000."""
        ids, codes = self._late.lists()
        kept = self.odd.keys() | self.open.keys()
        shadowed = kept.intersection(ids)  # late and kept whole (odd): counted with the kept ones below
        skipped = sum(map(skip, codes))
        if shadowed:
            skipped -= sum(1 for key in shadowed if skip(self.late[key]))
        count = len(ids) - len(shadowed) - skipped
        if self._late.in_id_order:  # as stored: the first are the first
            at: Iterable[int] = range(len(ids))
        else:
            order = list(map(int if plain_ids(ids) else _id_order, ids))
            at = sorted(range(len(ids)), key=order.__getitem__)
        shown: list[tuple[str, str]] = []
        for i in at:
            if len(shown) == first:
                break
            key, code = ids[i], codes[i]
            if key not in shadowed and not skip(code):
                shown.append((key, code))
        kept_late = [(key, str(doc.get("code"))) for key, doc in {**self.odd, **self.open}.items()
                     if is_late(doc) and not skip(str(doc.get("code")))]
        shown = sorted(shown + kept_late, key=lambda item: _id_order(item[0]))[:first]
        return count + len(kept_late), [code for _, code in shown]

    # -- storing ----------------------------------------------------------------------------------

    def to_doc(self) -> dict[str, Any]:
        if not self._late.as_read:
            self.late_days()  # read in the order they were stored, before ``stored`` puts them in id order
        late, late_ids = self._late.stored(_id_order)
        return {"version": VERSION, "source": self.source,
                "procedures": {p: self._packed.get(p) or _pack_series(self.days[p], self.totals[p])
                               for p in self.procedures()},
                "odd": self.odd, "open": self.open, "late": late,
                "late_day": self._packed_late_day if self._late_day is None else _pack(
                    [array("i", map(self._late_day.get, late_ids, repeat(0)))]),
                "spans": {p: self._packed_spans.get(p) or _pack_spans(self.spans[p])
                          for p in sorted(set(self._packed_spans) | {p for p, s in self.spans.items() if s})}}

    @classmethod
    def from_doc(cls, doc: Any) -> Aggregate | None:
        """The stored aggregate, or ``None`` if it is of another version or not the right shape."""
        if not isinstance(doc, dict) or doc.get("version") != VERSION:
            return None
        aggregate = cls(doc.get("source"))
        try:
            packed = doc["procedures"]
            if not all(isinstance(p, str) and isinstance(v, list) and v and all(isinstance(x, str) for x in v)
                       for p, v in packed.items()):
                return None
            aggregate._packed = dict(packed)  # unpacked when first asked for
            aggregate.odd, aggregate.open = dict(doc["odd"]), dict(doc["open"])
            aggregate._late = Late.from_stored(doc["late"])
            if not isinstance(doc["late_day"], str):
                return None
            aggregate._late_day, aggregate._packed_late_day = None, doc["late_day"]  # unpacked when asked for
            spans = doc["spans"]
            if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in spans.values()):
                return None
            aggregate._packed_spans = dict(spans)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        return aggregate


def _pack(columns: list[Sequence[int]]) -> str:
    """Eleven series of the same length as one compressed string: a few KB where JSON lists took 100s."""
    data = array("i", [len(columns[0])])
    for column in columns:
        data.extend(column)
    if sys.byteorder == "big":
        data.byteswap()
    return base64.b64encode(zlib.compress(data.tobytes(), 6)).decode("ascii")


def _pack_series(days: Sequence[int], totals: list[Sequence[int]]) -> list[str]:
    """A procedure's days, then its running totals row by row, ``CHUNK`` rows a piece."""
    rows = array("i")
    for row in zip(*totals, strict=True):
        rows.extend(row)
    step = CHUNK * _WIDTH
    return [_pack([days])] + [_pack([rows[at:at + step]]) for at in range(0, len(rows), step)]


def _pack_spans(spans: dict[Span, int]) -> list[str]:
    """A procedure's spans as two packed tables: (finished, received, count) and (finished, start, end, count)."""
    packed = []
    for width in (2, 3):
        rows = sorted((*key, n) for key, n in spans.items() if len(key) == width)
        columns = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in range(width + 1)]
        packed.append(_pack(columns))
    return packed


def _unpack(packed: str, width: int = _WIDTH + 1) -> list[array]:
    data = array("i")
    try:
        data.frombytes(zlib.decompress(base64.b64decode(packed)))
    except zlib.error as exc:
        raise ValueError(f"the running totals cannot be read ({exc})") from None
    if sys.byteorder == "big":
        data.byteswap()
    n = data[0]
    if n < 0 or len(data) != 1 + width * n:
        raise ValueError("the running totals do not have the length they say")
    return [data[1 + i * n: 1 + (i + 1) * n] for i in range(width)]


def _odd_rows(docs: Iterable[dict[str, Any]], start: date, end: date):
    first, last = start.isoformat(), end.isoformat()
    g = dict.get
    for d in docs:
        yield (g(d, "code"), g(d, "procedure"),
               place(g(d, "received"), g(d, "finished"), g(d, "due"), g(d, "outcome"), g(d, "channel"), first, last))


def _add(target: Counts, counts: Counts) -> None:
    for name in (*SLOTS[:8], "carried_over", "not_due", "overdue"):
        setattr(target, name, getattr(target, name) + getattr(counts, name))
    target.unclassified.extend(counts.unclassified)


def _id_order(key: str) -> int:
    return int(key) if key.isdigit() else 0

