"""The province's view: one line of figures per agency store, and their totals.

The Department of Science and Technology receives every agency's store (``qms export store``, or a copy of
the store with its folders) and does the agency's quick status review one level up. Each store is opened
read-only — never locked, never written — and counted from its aggregate (``store_aggregates``), so a
million dossiers across forty stores are counted without reading one of them. A store that cannot be read
is listed with its error; the others still count.

Every figure is asked for by name from ``domain.figures``, as ``qms summary`` asks for it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from qms_tui.domain.figures import Figures, dossier_figures, on_line
from qms_tui.domain.lean import dataclass
from qms_tui.domain.qms import Period, Qms
from qms_tui.domain.statistics import Counts
from qms_tui.store import Store, StoreError
from qms_tui.store.aggregates import counting_main, counting_snapshot
from qms_tui.store.files import decode
from qms_tui.store.shards import BACKUP_SUFFIX, SHARD_SUFFIX, Layout

COUNTED = ("new_online", "new_direct", "new_unknown", "carried_over", "early", "on_due_date", "late", "not_due",
           "overdue", "withdrawn", "returned")
OTHER = ("open_ncs", "overdue_ncs", "untrained", "legal_changes_late")
"""The agency columns summed into the province's total, beside the dossier figures."""
INDEX_DOSSIERS = 5_000
"""A store counted from its aggregate gets its service index (Decision 766) from it too (``index_counts``);
one whose aggregate cannot answer (missing or stale, or a scale with another supplement limit) has its index
counted from the dossiers only when it holds at most this many (about 0.05 s each), so that forty stores of
25,000 still roll up in well under two seconds; a larger one then shows none (``qms index``)."""


@dataclass
class Agency:
    """One store's line: its figures, or why it has none."""

    store: str
    name: str = ""
    error: str | None = None
    as_of: date | None = None
    counts: Counts | None = None
    open_ncs: int = 0
    overdue_ncs: int = 0
    untrained: int = 0
    last_internal_audit: date | None = None
    last_management_review: date | None = None
    legal_changes_late: int = 0
    last_change: datetime | None = None
    service_index: float | None = None
    service_index_max: float | None = None
    """Points of the service index over the period, of the maximum of its computable indicators (``None``: not
    computed, the store has more than ``INDEX_DOSSIERS`` dossiers, or no indicator has data)."""
    recounted: str = ""
    """Why the dossiers were counted one by one (their aggregate was missing or stale), if they were."""

    @property
    def on_time_rate(self) -> float | None:
        return on_line("on_time_rate", self.counts) if self.counts else None  # type: ignore[return-value]

    def value(self, column: str) -> Any:
        """The value a column is sorted by (dossier figures by their JSON name)."""
        if column in ("name", "store", "as_of", "last_change", "last_internal_audit", "last_management_review",
                      "service_index", *OTHER):
            return getattr(self, column)
        return dossier_figures(self.counts).get(column) if self.counts else None

    def as_dict(self) -> dict[str, Any]:
        """The agency in ``qms rollup --format json``."""
        return {
            "store": self.store, "name": self.name, "error": self.error,
            "as_of": _iso(self.as_of),
            "dossiers": dossier_figures(self.counts) if self.counts else None,
            "on_time_rate": dossier_figures(self.counts)["on_time_rate"] if self.counts else None,
            "open_ncs": self.open_ncs, "overdue_ncs": self.overdue_ncs, "untrained": self.untrained,
            "last_internal_audit": _iso(self.last_internal_audit),
            "last_management_review": _iso(self.last_management_review),
            "legal_changes_late": self.legal_changes_late,
            "service_index": None if self.service_index is None else {
                "total": round(self.service_index, 2), "max": round(self.service_index_max or 0.0, 2)},
            "last_change": self.last_change.isoformat(timespec="seconds") if self.last_change else None,
            "recounted": self.recounted or None,
        }


@dataclass
class Rollup:
    """Every agency of the roll-up, in the chosen order, and the province's totals."""

    period: Period | None
    agencies: list[Agency] = field(default_factory=list)
    sort: str = "on_time_rate"

    @property
    def readable(self) -> list[Agency]:
        return [a for a in self.agencies if a.error is None]

    def total_counts(self) -> Counts:
        total = Counts()
        for agency in self.readable:
            for name in COUNTED:
                setattr(total, name, getattr(total, name) + getattr(agency.counts, name))
            total.unclassified.extend(agency.counts.unclassified)  # type: ignore[union-attr]
        return total

    def totals(self) -> dict[str, Any]:
        return {name: sum(getattr(a, name) for a in self.readable) for name in OTHER}

    def as_dict(self) -> dict[str, Any]:
        """``qms rollup --format json``: ``agencies`` and ``total``."""
        total = self.total_counts()
        figures = dossier_figures(total)
        return {
            "period": None if self.period is None else {"from": self.period.start.isoformat(),
                                                        "to": self.period.end.isoformat()},
            "sort": self.sort,
            "agencies": [a.as_dict() for a in self.agencies],
            "total": {"agencies": len(self.agencies), "readable": len(self.readable), "dossiers": figures,
                      "on_time_rate": figures["on_time_rate"], **self.totals()},
        }


# -- finding the stores ---------------------------------------------------------------------------


def store_paths(paths: Iterable[Path]) -> list[Path]:
    """Each path as given, or the store files a folder holds (not its stores' shard and backup folders)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.json") if not p.name.startswith(".") and p.is_file())
            found += sorted(p / "qms.json" for p in path.iterdir()
                            if p.is_dir() and not p.name.endswith((SHARD_SUFFIX, BACKUP_SUFFIX))
                            and (p / "qms.json").is_file())
        else:
            found.append(path)
    seen: set[Path] = set()
    return [p for p in found if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]


# -- one agency -----------------------------------------------------------------------------------


def read_agency(path: Path, period: Period | None, clock: Callable[[], date] = date.today) -> tuple[Agency, Qms | None]:
    """One store's line (``period`` ``None``: the whole year of its as-of date). Never raises for a bad store.

    The store file is parsed once, a one-file export's dossiers not at all when its aggregate still counts
    them."""
    agency = Agency(store=str(path))
    try:
        store = Store(path, read_only=True, clock=clock)
        main, aggregate = counting_main(store)  # a one-file export's dossiers are not parsed
        said: list[str] = []
        qms = counting_snapshot(store, said.append, main, aggregate)
        agency.recounted = said[0] if said else ""
        fill(agency, qms, period or year_of(qms.today))
        agency.last_change = last_change(store, main)
    except (StoreError, OSError, ValueError) as exc:
        agency.error = str(exc)
        return agency, None
    return agency, qms


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31), str(day.year))


def fill(agency: Agency, qms: Qms, period: Period) -> None:
    """The agency's figures, by the same definitions as ``qms summary`` (``domain.figures``)."""
    figures = Figures(qms, period)
    agency.name = qms.organisation.name
    agency.as_of = qms.today
    agency.counts = figures.line
    agency.open_ncs = figures.count("open_ncs")
    agency.overdue_ncs = figures.count("overdue_ncs")
    agency.untrained = figures.count("untrained")
    audit, review = qms.last_event("internal_audit"), qms.last_event("management_review")
    agency.last_internal_audit = audit.date if audit else None
    agency.last_management_review = review.date if review else None
    agency.legal_changes_late = sum(1 for change in qms.legal_changes() if change.overdue)
    agency.service_index, agency.service_index_max = index_total(qms, period)


def index_total(qms: Qms, period: Period) -> tuple[float | None, float | None]:
    """The service index total and its maximum: from the aggregate, else from the dossiers of a store small
    enough (``INDEX_DOSSIERS``)."""
    from qms_tui.domain.index_counts import answers
    from qms_tui.domain.service_index import compute, parameter, scale

    aggregate = qms.aggregate if qms.stored_dossiers is None else None
    if aggregate is None or not answers(parameter(scale(qms.index_scale), "supplements_late")):
        count = aggregate.dossier_count() if aggregate is not None else len(qms.dossier_docs)
        if count > INDEX_DOSSIERS:
            return None, None
    result = compute(qms, period.start, period.end, totals_only=True)
    return (result.total_points, result.max_points) if result.max_points else (None, None)


def last_change(store: Store, main: dict[str, Any]) -> datetime | None:
    """When the store last changed: its newest change-log entry (in the last block only), else the file's
    modification time."""
    entries = dict(main.get("changelog") or {})
    files = Layout.of(main).tables["changelog"].files
    if files:
        last = files[max(files)]
        with contextlib.suppress(OSError, ValueError):
            entries.update(decode((store.shard_dir / last).read_bytes()).get("changelog", {}))
    stamps = [e.get("at") for e in entries.values() if isinstance(e, dict) and isinstance(e.get("at"), str)]
    for stamp in sorted(stamps, reverse=True):
        try:
            return datetime.fromisoformat(stamp)
        except ValueError:
            continue
    return datetime.fromtimestamp(os.stat(store.path).st_mtime)


# -- the province ---------------------------------------------------------------------------------


SORTABLE = ("name", "store", "as_of", "received", "new", "carried_over", "resolved", "on_time", "late",
            "in_progress", "overdue", "withdrawn", "on_time_rate", "service_index", *OTHER, "last_internal_audit",
            "last_management_review", "last_change")
ASCENDING = ("name", "store")
"""Names sort A to Z; every other column from the highest (or latest) down. Unreadable stores come last."""


def sort_agencies(agencies: list[Agency], column: str) -> list[Agency]:
    if column not in SORTABLE:
        raise ValueError(f"{column!r}: sort by one of {', '.join(SORTABLE)}")
    readable = [a for a in agencies if a.error is None]
    known = [a for a in readable if a.value(column) is not None]
    unknown = [a for a in readable if a.value(column) is None]
    if column in ASCENDING:
        known.sort(key=lambda a: (str(a.value(column)).casefold(), a.store))
    else:
        known.sort(key=lambda a: a.store)
        known.sort(key=lambda a: a.value(column), reverse=True)
    return known + unknown + [a for a in agencies if a.error is not None]


def roll_up(paths: Iterable[Path], period: Period | None = None, sort: str = "on_time_rate",
            clock: Callable[[], date] = date.today) -> Rollup:
    """Every store of ``paths`` counted over ``period`` (``None``: the whole year of the latest as-of date).

    One store at a time: only its line is kept, so memory does not grow with the stores' size."""
    stores = store_paths(paths)
    agencies = [read_agency(path, period, clock)[0] for path in stores]
    if period is None:  # each store counted its own as-of year; the province's is the latest of them
        years = {a.as_of.year for a in agencies if a.as_of}
        period = year_of(date(max(years, default=clock().year), 1, 1))
        agencies = [a if a.as_of is None or a.as_of.year == period.start.year
                    else read_agency(Path(a.store), period, clock)[0] for a in agencies]
    return Rollup(period, sort_agencies(agencies, sort), sort)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
