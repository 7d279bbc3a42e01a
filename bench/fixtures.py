"""Deterministic large stores for the benchmarks: the demo plus N generated dossiers."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.store import Store, create_store


def make_large_store(path: Path, dossiers: int = 100_000, seed: int = 6) -> Path:
    """Copy the demo store to ``path`` and add ``dossiers`` dossiers spread over 2023–2024."""
    create_store(path, demo=True, overwrite=True)
    store = Store(path, backups=0)
    with store.transaction() as tx:
        _add_dossiers(tx.tables, dossiers, seed)
        tx.touched("dossiers")
    return path


def write_plain_copy(store: Path, plain: Path) -> Path:
    """The same data as one TinyDB file, as plain TinyDB (``JSONStorage``) keeps it: the baseline."""
    tables = Store(store, read_only=True).load()
    plain.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    return plain


def _add_dossiers(tables: dict, dossiers: int, seed: int) -> None:
    procedures = [p for p in tables["procedures"].values() if p["kind"] == "tthc"]
    calendar = WorkingCalendar()
    rng = random.Random(seed)
    table = tables["dossiers"]
    next_id = max(int(k) for k in table) + 1
    first = date(2023, 1, 2)
    for i in range(dossiers):
        procedure = rng.choice(procedures)
        received = first + timedelta(days=rng.randrange(600))
        due = calendar.add_working_days(received, procedure["statutory_days"])
        finished = outcome = None
        roll = rng.random()
        if received < date(2024, 8, 1) or roll < 0.3:
            finished = min(received + timedelta(days=rng.randrange(1, 40)), date(2024, 9, 1))
            outcome = "resolved" if roll < 0.95 else rng.choice(["withdrawn", "returned"])
        table[str(next_id + i)] = {
            "code": f"BENCH-{i:06d}", "procedure": procedure["code"],
            "channel": rng.choice(["online", "direct", "postal"]),
            "received": received.isoformat(), "due": due.isoformat() if due else None,
            "finished": finished.isoformat() if finished else None, "outcome": outcome, "pauses": [],
        }


def write_dossier_csv(path: Path, store: Path, rows: int, seed: int = 7) -> Path:
    """A one-stop-shop export of ``rows`` new dossiers (canonical columns) for the store's procedures."""
    import csv

    tables = json.loads(store.read_text(encoding="utf-8"))
    procedures = [p for p in tables["procedures"].values() if p["kind"] == "tthc"]
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "procedure", "channel", "received", "due", "finished", "outcome"])
        for i in range(rows):
            procedure = rng.choice(procedures)
            received = date(2024, 1, 2) + timedelta(days=rng.randrange(240))
            finished = received + timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.8 else None
            if finished is not None and finished > date(2024, 9, 1):  # the demo's "as of" date
                finished = None
            writer.writerow([
                f"IMP-{i:06d}", procedure["code"], rng.choice(["online", "direct", "postal"]),
                received.strftime("%d/%m/%Y"), "", finished.strftime("%d/%m/%Y") if finished else "",
                "resolved" if finished else "",
            ])
    return path


def main() -> None:
    """``python bench/fixtures.py DEMO LARGE CSV N``: the inputs of ``bench/run.py``.

    Each store is made twice: ours (``demo.json``, with its shard folder) and the same data as one
    plain TinyDB file (``demo.plain.json``) for the baseline.
    """
    import sys

    demo, large, csv_path = (Path(arg) for arg in sys.argv[1:4])
    count = int(sys.argv[4])
    create_store(demo, demo=True)
    make_large_store(large, count)
    for store in (demo, large):
        write_plain_copy(store, plain_path(store))
    write_dossier_csv(csv_path, plain_path(large), count)


def plain_path(store: Path) -> Path:
    """Where the plain-TinyDB copy of a benchmark store is kept: ``large.json`` → ``large.plain.json``."""
    return store.with_suffix(".plain.json")


if __name__ == "__main__":
    main()
