"""Draw the demo's dossiers so that the counting rules (``qms_tui/domain/statistics.py``) turn them into
exactly the seed report's figures.

Apart from ``generate_demo.py`` because it is the generator's one piece of real logic (rejection sampling
against the working calendar) rather than data: the counts, windows and shares it draws with are in
``data/demo/settings.toml`` (``[[dossiers]]``). The order of the random draws is the output's: reordering
them changes every dossier.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from typing import Any

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.models import Dossier, Pause, Procedure


class DossierMaker:
    """Draws dossiers that fall exactly into the wanted class of the counting rules."""

    def __init__(
        self, rng: random.Random, procedures: list[Procedure], volume: dict[str, int],
        late_factor: dict[str, float], as_of: date,
    ):
        self.rng = rng
        self.as_of = as_of
        self.cal = WorkingCalendar()
        self.days = {p.code: p.statutory_days for p in procedures if p.kind == "tthc"}
        self.field = {p.code: p.field for p in procedures if p.kind == "tthc"}
        self.codes = sorted(code for code, weight in volume.items() if weight > 0)
        self.weights = [volume[c] for c in self.codes]
        self.late_weights = [volume[c] * late_factor[self.field[c] or ""] for c in self.codes]
        # Dossiers still open at a period's end are mostly of the long procedures: favour them
        # more than their window alone does, so that intake is not bunched up just before it.
        self.open_weights = [volume[c] * (self.days[c] or 1) for c in self.codes]
        day, self._all_days = date(2022, 12, 1), []
        while day <= date(2025, 3, 31):
            if self.cal.is_working_day(day):
                self._all_days.append(day)
            day += timedelta(days=1)

    def working_days(self, first: date, last: date) -> list[date]:
        """Working days from ``first`` to ``last``, both included."""
        return self._all_days[bisect_left(self._all_days, first) : bisect_right(self._all_days, last)]

    def last_working_day(self, day: date) -> date:
        while not self.cal.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def make(
        self,
        outcome: str,
        received_window: tuple[date, date],
        finished_window: tuple[date, date],
        paused: bool,
        online_share: float,
        still_open: bool = False,
    ) -> dict[str, Any]:
        """One dossier of class ``outcome`` (``on_time``, ``late``, ``withdrawn``, ``returned`` or
        ``in_progress``), by rejection sampling until every rule of the class holds.

        ``still_open`` marks dossiers open across a period boundary (carried over or in progress).
        """
        weights = self.late_weights if outcome == "late" else self.weights
        if still_open:
            weights = self.open_weights
        received_days = self.working_days(*received_window)
        for _ in range(100_000):
            code = self.rng.choices(self.codes, weights)[0]
            received = self.rng.choice(received_days)
            pauses: list[Pause] = []
            if paused:
                start = self.cal.add_working_days(received, self.rng.randint(1, 3))
                end = self.cal.add_working_days(start, self.rng.randint(3, 10))  # type: ignore[arg-type]
                pauses = [Pause(start, end)]  # type: ignore[arg-type]
            due = self.cal.add_working_days(received, self.days[code], pauses)
            assert due is not None
            finished = self._finish(outcome, received, due, pauses, finished_window)
            if finished is False:
                continue
            channel = "online"
            if self.rng.random() >= online_share:
                channel = "postal" if self.rng.random() < 0.12 else "direct"
            return {
                "procedure": code,
                "channel": channel,
                "received": received,
                "due": due,
                "finished": finished,
                "outcome": None if outcome == "in_progress" else (
                    "resolved" if outcome in ("on_time", "late") else outcome
                ),
                "pauses": [{"start": p.start.isoformat(), "end": p.end.isoformat()} for p in pauses
                           if p.end],
            }
        raise RuntimeError(f"cannot draw a {outcome} dossier in {received_window}")

    def _finish(
        self,
        outcome: str,
        received: date,
        due: date,
        pauses: list[Pause],
        window: tuple[date, date],
    ) -> date | bool | None:
        """The finish date for the class, ``None`` for in progress, ``False`` if impossible."""
        lo, hi = window
        earliest = max([received, *(p.end for p in pauses if p.end)]) + timedelta(days=1)
        if outcome == "in_progress":
            return None if due > self.as_of and all(p.end and p.end <= hi for p in pauses) else False
        if outcome == "late":
            finished = self.cal.add_working_days(due, min(self.rng.randint(1, 12),
                                                           self.rng.randint(1, 12)))
            ok = finished is not None and lo <= finished <= hi and finished >= earliest
            return finished if ok else False
        if outcome == "returned":
            finished = self.cal.add_working_days(received, self.rng.randint(1, 3))
            ok = finished is not None and lo <= finished <= min(hi, due) and finished >= earliest
            return finished if ok else False
        # on time or withdrawn: any working day from the day after receipt up to the due date
        candidates = self.working_days(max(earliest, lo), min(due, hi))
        if not candidates:
            return False
        if outcome == "on_time":
            # most dossiers are finished in the second half of the allowed time
            return candidates[max(self.rng.randint(0, len(candidates) - 1)
                                  for _ in range(2))]
        return self.rng.choice(candidates)


def build_dossiers(
    rng: random.Random, procedures: list[Procedure], volume: dict[str, int], settings: dict[str, Any],
) -> list[Dossier]:
    """The dossiers of every batch of ``settings["dossiers"]``, sorted by receipt and numbered per day."""
    as_of, period_start = settings["demo"]["as_of"], settings["demo"]["period_start"]
    maker = DossierMaker(rng, procedures, volume, settings["late_factor"], as_of)
    named = {
        "last_2023": maker.last_working_day(date(2023, 12, 31)),
        "last_in_period": maker.last_working_day(as_of),
        "period_start": period_start,
    }

    def window(ends: list[str]) -> tuple[date, date]:
        first, last = (named[end] if end in named else date.fromisoformat(end) for end in ends)
        return first, last

    drawn: list[dict[str, Any]] = []
    for batch in settings["dossiers"]:
        received_window, finished_window = window(batch["received"]), window(batch["finished"])
        for outcome, count in batch["counts"].items():
            paused = set(rng.sample(range(count), batch.get("paused", {}).get(outcome, 0)))
            received = received_window
            if outcome == "in_progress":
                received = (batch["in_progress_from"], named["last_in_period"])
            still_open = batch.get("still_open", False) or outcome == "in_progress"
            for i in range(count):
                drawn.append(
                    maker.make(outcome, received, finished_window, i in paused, batch["online"], still_open)
                )
    drawn.sort(key=lambda d: (d["received"], d["procedure"]))  # stable: ties keep draw order
    dossiers, sequence, previous = [], 0, None
    for item in drawn:
        sequence = sequence + 1 if item["received"] == previous else 1
        previous = item["received"]
        dossiers.append(
            Dossier(code=f"BQL-{item['received']:%y%m%d}-{sequence:04d}", **item)
        )
    return dossiers
