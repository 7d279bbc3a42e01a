"""Benchmark: import 100,000 dossiers from CSV into a copy of the demo store, then import them again.

The CSV is deterministic (``random.Random(100_000)``), uses the Vietnamese headers and dd/mm/yyyy dates of
a one-stop-shop export, refers to the demo store's TTHC procedures, leaves half the due dates empty (so
they are computed on the working calendar) and gives 5% of the dossiers a supplement pause. Run::

    .venv/bin/python bench/import_100k.py [--rows 100000] [--keep DIR] [--tracemalloc]

It prints the time and the peak memory of the first import (everything: reading, checking, one
transaction writing the store once), the time of the second import (all unchanged: nothing written),
and the time of exporting the store back to CSV. ``--tracemalloc`` also measures the Python heap's
peak during the first import (slower).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from qms_tui.domain.calendar import WorkingCalendar  # noqa: E402
from qms_tui.importing import import_dossiers, read_dossier_csv, write_csv  # noqa: E402
from qms_tui.store import Store, create_store, demo_path  # noqa: E402

HEADER = ["STT", "Mã hồ sơ", "Mã thủ tục", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả",
          "Kết quả", "Tạm dừng"]  # fmt: skip
CHANNELS = (("Trực tuyến", 5), ("Trực tiếp", 4), ("Dịch vụ bưu chính công ích", 1))
FIRST, LAST = date(2022, 1, 3), date(2024, 8, 30)


def generate(path: Path, rows: int, seed: int = 100_000) -> None:
    """Write the benchmark CSV (deterministic for a given ``rows`` and ``seed``)."""
    rng = random.Random(seed)
    tables = json.loads(demo_path().read_text(encoding="utf-8"))
    as_of = date.fromisoformat(tables["_meta"]["1"]["as_of"])
    procedures = sorted(
        (doc["code"], doc["statutory_days"]) for doc in tables["procedures"].values() if doc["kind"] == "tthc"
    )
    calendar = WorkingCalendar()
    days = [FIRST + timedelta(n) for n in range((LAST - FIRST).days + 1)]
    days = [d for d in days if calendar.is_working_day(d)]
    channel_names = [name for name, weight in CHANNELS for _ in range(weight)]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("\ufeff")
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        for n in range(rows):
            received = rng.choice(days)
            code, statutory = rng.choice(procedures)
            pauses = ""
            pause_days = 0
            earliest = received
            if rng.random() < 0.05:
                start = received + timedelta(rng.randint(1, 5))
                end = start + timedelta(rng.randint(3, 15))
                if end < as_of:
                    pauses = f"{start:%d/%m/%Y}..{end:%d/%m/%Y}"
                    pause_days = calendar.working_days_between(start, end)
                    earliest = end
            due = calendar.add_working_days(received, statutory + pause_days)
            finished = received + timedelta(rng.randint(1, int(statutory * 1.6) + 3 + pause_days * 2))
            finished = max(finished, earliest + timedelta(1))
            outcome = ""
            if finished <= as_of and rng.random() < 0.97:
                outcome = rng.choices(["Đã giải quyết", "Rút hồ sơ", "Trả lại"], [94, 3, 3])[0]
            else:
                finished = None
            writer.writerow(
                [
                    n + 1,
                    f"HS-{received:%y%m%d}-{n:06d}",
                    code,
                    rng.choice(channel_names),
                    f"{received:%d/%m/%Y}",
                    f"{due:%d/%m/%Y}" if rng.random() < 0.5 else "",
                    f"{finished:%d/%m/%Y}" if finished else "",
                    outcome,
                    pauses,
                ]
            )


def rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="Work in this folder and keep the files.")
    parser.add_argument("--tracemalloc", action="store_true", help="Also measure the Python heap's peak.")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="qms-bench-") as folder:
            run(args, Path(folder))


def run(args: argparse.Namespace, folder: Path) -> None:
    """Generate, import twice, export; print the figures."""
    csv_path, db = folder / f"dossiers_{args.rows}.csv", folder / "qms.json"

    started = time.perf_counter()
    generate(csv_path, args.rows)
    print(f"generated {csv_path} ({args.rows:,} rows, {csv_path.stat().st_size / 1e6:.1f} MB)"
          f" in {time.perf_counter() - started:.2f} s")  # fmt: skip
    create_store(db, demo=True, overwrite=True)
    store = Store(db, user="bench")
    store.load()
    baseline = rss_mb()

    if args.tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    plan = import_dossiers(store, read_dossier_csv(csv_path))
    first = time.perf_counter() - started
    heap = tracemalloc.get_traced_memory()[1] / 1e6 if args.tracemalloc else None
    tracemalloc.stop()
    peak = rss_mb()
    print(f"first import:  {first:.2f} s  ({plan.summary()}); store {db.stat().st_size / 1e6:.1f} MB")
    print(f"  peak RSS {peak:.0f} MB (before the import: {baseline:.0f} MB)"
          + (f"; Python heap peak {heap:.0f} MB (tracemalloc, slows the run)" if heap else ""))  # fmt: skip

    signature = store.signature()
    started = time.perf_counter()
    again = import_dossiers(store, read_dossier_csv(csv_path))
    second = time.perf_counter() - started
    unchanged = "store file unchanged" if store.signature() == signature else "STORE FILE CHANGED"
    print(f"second import: {second:.2f} s  ({again.summary()}; {unchanged})")

    started = time.perf_counter()
    out = folder / "export.csv"
    with open(out, "w", encoding="utf-8", newline="") as handle:
        count = write_csv(store.snapshot().dossiers, handle)
    print(f"export:        {time.perf_counter() - started:.2f} s  ({count:,} dossiers)")
    if args.keep:
        print(f"files kept in {folder}")


if __name__ == "__main__":
    main()
