"""Deterministic large stores for the benchmarks: the demo plus N generated dossiers."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.store import SCHEMA_VERSION, create_store


def make_large_store(path: Path, dossiers: int = 100_000, seed: int = 6) -> Path:
    """Copy the demo store to ``path`` and add ``dossiers`` dossiers spread over 2023–2024."""
    create_store(path, demo=True, overwrite=True)
    tables = json.loads(path.read_text(encoding="utf-8"))
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
    tables["_meta"]["1"]["schema_version"] = SCHEMA_VERSION
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    return path


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
    """``python bench/fixtures.py DEMO LARGE CSV N``: the three inputs of ``bench/run.py``."""
    import sys

    from qms_tui.store import create_store

    demo, large, csv_path, count = sys.argv[1:5]
    create_store(Path(demo), demo=True)
    make_large_store(Path(large), int(count))
    write_dossier_csv(Path(csv_path), Path(large), int(count))


if __name__ == "__main__":
    main()
