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
the codes of those finished late with a result (``late``), for the late dossiers without an apology.
"""

from __future__ import annotations

import base64
import heapq
import sys
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from qms_tui.domain.statistics import _INTAKE, Counts, PeriodStats, _tally, place

VERSION = 3
"""Bumped whenever what is counted changes: an aggregate of another version is rebuilt."""

SLOTS = ("new_online", "new_direct", "new_unknown", "early", "on_due_date", "late", "withdrawn", "returned",
         "progress", "overdue")
_SLOT = {name: i for i, name in enumerate(SLOTS)}
_FINISHED = SLOTS[3:8]
_WIDTH = len(SLOTS)
_INTAKE_SLOTS = SLOTS[:3]


def _day(value: Any) -> int | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def _final_class(doc: dict[str, Any], finished: int, due: int | None) -> str | None:
    """The class of a finished dossier, which no period changes (``place``'s own rules)."""
    outcome = doc.get("outcome")
    if outcome == "resolved":
        if due is None:
            return None
        return "early" if finished < due else "on_due_date" if finished == due else "late"
    return outcome if outcome in ("withdrawn", "returned") else None


def finished_late(doc: dict[str, Any]) -> bool:
    """Finished after its due date with a result (ISO dates compare as strings)."""
    due, finished = doc.get("due"), doc.get("finished")
    return bool(due and finished and doc.get("outcome") == "resolved" and str(finished) > str(due))


def contributions(doc: dict[str, Any]) -> list[tuple[int, int, int]] | None:
    """The (day, slot, ±1) a regular dossier adds to its procedure's counters; ``None`` if it is odd."""
    received = _day(doc.get("received"))
    if received is None:
        return None
    raw_finished, raw_due = doc.get("finished"), doc.get("due")
    finished = _day(raw_finished) if raw_finished else None
    due = _day(raw_due) if raw_due else None
    if (raw_finished and finished is None) or (raw_due and due is None):
        return None
    if (finished is not None and finished < received) or (due is not None and due < received):
        return None
    out = [(received, _SLOT[_INTAKE.get(doc.get("channel"), "new_direct")], 1), (received, _SLOT["progress"], 1)]
    if finished is not None:
        final = _final_class(doc, finished, due)
        if final is None:
            return None
        out += [(finished, _SLOT[final], 1), (finished, _SLOT["progress"], -1)]
    if due is not None and (finished is None or due + 1 < finished):
        out.append((due + 1, _SLOT["overdue"], 1))
        if finished is not None:
            out.append((finished, _SLOT["overdue"], -1))
    return out


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
        self._packed: dict[str, str] = {}
        """The stored form of the procedures no update touched since they were read (written back as is)."""
        self.odd: dict[str, dict[str, Any]] = {}
        self.open: dict[str, dict[str, Any]] = {}
        """Dossiers kept whole by document id: the odd ones, and those not finished."""
        self.late: dict[str, str] = {}
        """Codes by document id of the dossiers finished late with a result (``finished_late``)."""

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
            self.late.pop(doc_id, None)
        elif not doc.get("finished"):
            self.open[doc_id] = doc
        elif finished_late(doc):
            self.late[doc_id] = str(doc.get("code"))
        found = contributions(doc) if isinstance(doc.get("procedure"), str) else None
        if found is None:
            if sign > 0:
                self.odd[doc_id] = doc
            return
        per_day = deltas.setdefault(doc["procedure"], {})
        for day, slot, step in found:
            counters = per_day.get(day)
            if counters is None:
                counters = per_day[day] = [0] * _WIDTH
            counters[slot] += sign * step

    def _apply(self, procedure: str, changes: dict[int, list[int]]) -> None:
        """Merge day deltas into a procedure's running totals (back to deltas, add, total again)."""
        self._unpack(procedure)
        self._packed.pop(procedure, None)
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
        days, *totals = _unpack(self._packed[procedure])
        if len(totals) != _WIDTH or any(len(column) != len(days) for column in totals):
            raise ValueError(f"the running totals of {procedure} are damaged")
        self.days[procedure], self.totals[procedure] = days, totals

    def procedures(self) -> list[str]:
        return sorted(set(self.days) | set(self._packed))

    def _at(self, procedure: str, day: int) -> list[int] | None:
        self._unpack(procedure)
        index = bisect_right(self.days[procedure], day) - 1
        return [column[index] for column in self.totals[procedure]] if index >= 0 else None

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
            last = [column[-1] for column in self.totals[procedure]]
            count += sum(last[_SLOT[k]] - (at[_SLOT[k]] if at else 0) for k in _FINISHED)
        iso = day.isoformat()
        return count + sum(1 for d in self.odd.values() if d.get("finished") and str(d["finished"]) > iso)

    def dossier_count(self) -> int:
        """How many dossiers were counted (each is received once: the new ones of every day, and the odd)."""
        count = len(self.odd)
        for procedure in self.procedures():
            self._unpack(procedure)
            count += sum(self.totals[procedure][_SLOT[name]][-1] for name in _INTAKE_SLOTS)
        return count

    def open_docs(self) -> list[dict[str, Any]]:
        """The dossiers not finished (and the odd ones), in document-id order."""
        docs = {**self.odd, **self.open}
        return [docs[key] for key in sorted(docs, key=_id_order)]

    def late_codes(self, is_late: Callable[[dict[str, Any]], bool], skip: Callable[[str], bool],
                   first: int) -> tuple[int, list[str]]:
        """How many dossiers are late and not ``skip``-ped by code, and the codes of the ``first`` of them in
        document-id order: those finished late (by code, no sorting of them all), and the open and odd ones
        kept whole that ``is_late`` says are."""
        kept = {**self.odd, **self.open}
        found = [(key, code) for key, code in self.late.items() if key not in kept and not skip(code)]
        found += [(key, str(doc.get("code"))) for key, doc in kept.items()
                  if is_late(doc) and not skip(str(doc.get("code")))]
        shown = heapq.nsmallest(first, found, key=lambda item: _id_order(item[0]))
        return len(found), [code for _, code in shown]

    # -- storing ----------------------------------------------------------------------------------

    def to_doc(self) -> dict[str, Any]:
        return {"version": VERSION, "source": self.source,
                "procedures": {p: self._packed.get(p) or _pack([self.days[p], *self.totals[p]])
                               for p in self.procedures()},
                "odd": self.odd, "open": self.open, "late": self.late}

    @classmethod
    def from_doc(cls, doc: Any) -> Aggregate | None:
        """The stored aggregate, or ``None`` if it is of another version or not the right shape."""
        if not isinstance(doc, dict) or doc.get("version") != VERSION:
            return None
        aggregate = cls(doc.get("source"))
        try:
            packed = doc["procedures"]
            if not all(isinstance(p, str) and isinstance(v, str) for p, v in packed.items()):
                return None
            aggregate._packed = dict(packed)  # unpacked when first asked for
            aggregate.odd, aggregate.open = dict(doc["odd"]), dict(doc["open"])
            aggregate.late = dict(doc["late"])
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


def _unpack(packed: str) -> list[array]:
    data = array("i")
    try:
        data.frombytes(zlib.decompress(base64.b64decode(packed)))
    except zlib.error as exc:
        raise ValueError(f"the running totals cannot be read ({exc})") from None
    if sys.byteorder == "big":
        data.byteswap()
    n = data[0]
    if n < 0 or len(data) != 1 + (_WIDTH + 1) * n:
        raise ValueError("the running totals do not have the length they say")
    return [data[1 + i * n: 1 + (i + 1) * n] for i in range(_WIDTH + 1)]


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
