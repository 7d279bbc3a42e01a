"""What every screen draws from, handed to each screen when it is made: the store's snapshot, the period,
and the figures derived from them, computed once per *generation*.

The app owns one ``ScreenData`` and changes it (a reload, a new period, the clock passing midnight), which
bumps the generation; screens only read it, so they never reach into the app for data. Re-reading the store
after a write is the app's (it knows whether a write is still running in a thread): ``reload`` is the
app's function, passed in here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qms_tui.domain.figures import Figures
from qms_tui.domain.periods import PeriodChoice
from qms_tui.domain.qms import Period, Qms
from qms_tui.domain.service_index import IndexResult
from qms_tui.domain.service_index import compute as compute_index
from qms_tui.store.aggregates import counting_snapshot

if TYPE_CHECKING:
    from qms_tui.domain.dossier_list import DossierRow
    from qms_tui.domain.statistics import PeriodStats
    from qms_tui.store import Store


class ScreenData:
    """The data of one app's screens: one store, its current snapshot and the chosen period."""

    def __init__(self, store: Store, reload: Callable[[], bool]) -> None:
        """Take the store's snapshot now, so the first frame already has figures; ``reload`` re-reads the
        store (the app's ``reload_store``: False when it could not).

        The first snapshot is counted from the store's aggregate where it has a current one, as ``qms summary``
        counts: the overview's figures without reading a dossier (the same numbers: ``domain/aggregates.py``).
        The app reads the dossiers right after the first frame (``QmsApp.read_dossiers``)."""
        self.store = store
        self.reload = reload
        self.qms: Qms = counting_snapshot(store)
        if self.qms.stored_dossiers is None and not self.qms.open_in_aggregate:
            self.qms.dossier_docs  # noqa: B018 (an "as of" in the past: the open dossiers are read from all)
        self.period_choice = PeriodChoice("year")
        self.generation = 0
        self._cache: dict[str, Any] = {}
        self.handed_over: dict[str, Any] = {}
        """What a screen not built yet is to open with, by its mode (the dossier list's filter from an overview
        block): it takes it when mounted and draws once, filtered, instead of in full and then again."""

    @property
    def read_only(self) -> bool:
        """The store was opened with ``--read-only``: nothing can be changed from the screens."""
        return bool(self.store.read_only)

    def changed(self, qms: Qms | None = None, choice: PeriodChoice | None = None) -> None:
        """Start a new generation: a new snapshot, a new period, or only a new day (neither given)."""
        if qms is not None:
            self.qms = qms
        if choice is not None:
            self.period_choice = choice
        self.generation += 1
        self._cache.clear()

    def _cached(self, name: str, compute: Callable[[], Any]) -> Any:
        """Compute ``name`` once per generation (a reload or a new period clears the cache)."""
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    @property
    def period(self) -> Period:
        """The chosen period on today's "as of" date."""
        return self._cached("period", lambda: self.period_choice.resolve(self.qms.today))

    def stats(self) -> PeriodStats:
        """The period's dossier figures (totals, by field, by procedure)."""
        return self._cached("stats", lambda: self.qms.stats(self.period))

    def figures(self) -> Figures:
        """The shared figures of the period, asked for by name (``domain.figures``)."""
        return self._cached("figures", lambda: Figures(self.qms, self.period))

    def service_index(self, totals_only: bool = False) -> IndexResult:
        """The period's service index (Decision 766) as screen 5's view shows it; ``totals_only``: its points
        alone, as the Overview's block shows them (from the aggregate while the dossiers are not read yet)."""
        period = self.period
        if totals_only and self.qms.stored_dossiers is None:
            return self._cached("index_totals", lambda: compute_index(self.qms, period.start, period.end, True))
        return self._cached("index", lambda: compute_index(self.qms, period.start, period.end))

    def dossier_rows(self) -> list[DossierRow]:
        """The dossiers counted in the period, each with its class on the form."""
        def compute() -> list[DossierRow]:
            """Classify every dossier once for this period."""
            from qms_tui.domain.dossier_list import period_rows

            clipped = self.qms.clip(self.period)
            return period_rows(self.qms.dossiers, clipped.start, clipped.end)

        return self._cached("rows", compute)

    def attention_codes(self) -> frozenset[str]:
        """Codes of the dossiers overdue or due within 3 working days."""
        return self._cached("attention", lambda: frozenset(d.code for d in self.qms.attention_dossiers()))
