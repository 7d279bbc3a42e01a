"""Benchmarks: our store against plain TinyDB, on the demo store and on 100,000 dossiers.

    python bench/run.py [--dossiers 100000] [--repeat 3]

Each operation runs in its own process (``bench/probes.py``) ``--repeat`` times; the table shows the
median time, the child's peak memory (RSS), the same operation with TinyDB's defaults, and the
ratio ours / plain (the figure that counts; absolute times vary by machine and load).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBES = ROOT / "bench" / "probes.py"


@dataclass
class Figure:
    """The median of several runs of one operation."""

    seconds: float
    peak_mb: float
    note: str


def copy_store(source: Path, target: Path) -> None:
    """Make ``target`` the same store as ``source``: its file, its shard folder, no lock or backups."""
    for suffix in (".shards", ".backups"):
        shutil.rmtree(target.with_name(target.name + suffix), ignore_errors=True)
    target.write_bytes(source.read_bytes())
    shards = source.with_name(source.name + ".shards")
    if shards.is_dir():
        shutil.copytree(shards, target.with_name(target.name + ".shards"))


def store_size(store: Path) -> int:
    """Bytes of the store file and its shard files."""
    shards = store.with_name(store.name + ".shards")
    return store.stat().st_size + sum(p.stat().st_size for p in shards.glob("*.json"))


def plain_path(store: Path) -> Path:
    """The same data as one plain TinyDB file (written by ``bench/fixtures.py``)."""
    return store.with_suffix(".plain.json")


def probe(operation: str, *args: str, repeat: int, fresh: Path | None = None) -> Figure:
    """Run ``probes.py operation args`` ``repeat`` times; ``fresh`` is copied over args[0] before each run."""
    times, peaks, note = [], [], ""
    for _ in range(repeat):
        if fresh is not None:
            copy_store(fresh, Path(args[0]))
        proc = subprocess.Popen(
            [sys.executable, str(PROBES), operation, *args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, text=True,
        )
        out = proc.stdout.read() if proc.stdout else ""
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"bench: {operation} failed (exit {proc.returncode})")
        result = json.loads(out.strip().splitlines()[-1])
        times.append(result["seconds"])
        peaks.append(usage.ru_maxrss / 1024)
        note = result.get("note", "")
    return Figure(statistics.median(times), max(peaks), note)


def command(argv: list[str], *, repeat: int, fresh: Path | None = None, target: Path | None = None) -> Figure:
    """Time a whole ``qms`` command from process start to exit."""
    times, peaks = [], []
    for _ in range(repeat):
        if fresh is not None and target is not None:
            copy_store(fresh, target)
        with tempfile.TemporaryFile("w+") as errors:
            start = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT, text=True)
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - start)
            if os.waitstatus_to_exitcode(status) != 0:
                errors.seek(0)
                raise SystemExit(f"bench: {' '.join(argv)} failed: {errors.read()[:2000]}")
        peaks.append(usage.ru_maxrss / 1024)
    return Figure(statistics.median(times), max(peaks), "process start to exit")


def probe_argv(operation: str, *args: str) -> list[str]:
    """A probe run as a whole command, timed from process start to exit like ``qms`` itself."""
    return [sys.executable, str(PROBES), operation, *args]


def qms(*args: str) -> list[str]:
    return [sys.executable, "-m", "qms_tui.cli", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repeat = args.repeat

    compileall.compile_dir(ROOT / "qms_tui", quiet=1)  # as installed (bench/startup.py says why)
    work = Path(tempfile.mkdtemp(prefix="qms-bench-"))
    demo, large, csv_path, scratch = (work / name for name in ("demo.json", "large.json", "import.csv", "scratch.json"))
    # Built in a child process: a child's peak RSS counts from the memory of the process that started
    # it, so this process stays small (nothing of the store or the app is imported here).
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fixtures.py"), str(demo), str(large), str(csv_path), str(args.dossiers)],
        cwd=ROOT, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    print(f"qms-tui benchmarks: {args.dossiers:,} generated dossiers, median of {repeat} runs")
    print(f"stores: demo {store_size(demo) / 1e6:.1f} MB, large {store_size(large) / 1e6:.1f} MB"
          f" (store file + shards; plain TinyDB: one file of {plain_path(large).stat().st_size / 1e6:.1f} MB)")

    rows: list[tuple[str, str, Figure, Figure | None, str]] = []

    def add(name: str, store_label: str, ours: Figure, plain: Figure | None, target: str = "") -> None:
        rows.append((name, store_label, ours, plain, target))
        ratio = f"{ours.seconds / plain.seconds:.2f}" if plain else "—"
        print(f"  {name} ({store_label}): {ours.seconds:.3f} s (plain {plain.seconds:.3f} s, ratio {ratio})"
              if plain else f"  {name} ({store_label}): {ours.seconds:.3f} s", flush=True)

    for label, store in (("demo", demo), ("100k", large)):
        plain = plain_path(store)
        add("open + parse the store", label, probe("ours_load", str(store), repeat=repeat),
            probe("plain_load", str(plain), repeat=repeat), "ratio ≤ 0.5")
        add("period statistics", label, probe("ours_stats", str(store), repeat=repeat),
            probe("plain_stats", str(plain), repeat=repeat), "< 0.1 s")
        add("one write, in process", label,
            probe("ours_write", str(scratch), repeat=repeat, fresh=store),
            probe("plain_write", str(scratch), repeat=repeat, fresh=plain), "ratio ≤ 0.5")
        code = _first_open_dossier(plain)
        add("qms dossier resolve (end to end)", label,
            command(qms("dossier", "resolve", code, "--date", "2024-09-01", "--db", str(scratch)),
                    repeat=repeat, fresh=store, target=scratch),
            command(probe_argv("plain_resolve_cli", str(scratch), code), repeat=repeat, fresh=plain, target=scratch),
            "< 0.3 s, ratio ≤ 0.5")
        add("qms summary --format text (end to end)", label,
            command(qms("summary", "--format", "text", "--db", str(store), "--read-only"), repeat=repeat),
            command(probe_argv("plain_summary_cli", str(plain)), repeat=repeat))
        add("start to overview drawn (1st frame)", label, probe("ours_overview", str(store), repeat=repeat),
            probe("plain_overview", str(plain), repeat=repeat), "< 1.5 s")
    add("Dossiers screen: open + filter", "100k", probe("ours_dossier_screen", str(large), repeat=repeat),
        probe("plain_dossier_screen", str(plain_path(large)), repeat=1), "< 1 s")
    one_row = work / "one-row.csv"  # a new code, so that the row is added, not found unchanged
    header, first = csv_path.read_text(encoding="utf-8").splitlines()[:2]
    one_row.write_text(f"{header}\nONE-{first}\n", encoding="utf-8")
    add("import 1 row (CSV, end to end)", "100k",
        command(qms("import", "dossiers", str(one_row), "--db", str(scratch)), repeat=repeat, fresh=large,
                target=scratch),
        command(probe_argv("plain_import", str(scratch), str(one_row)), repeat=repeat, fresh=plain_path(large),
                target=scratch), "< 0.2 s")
    add(f"import {args.dossiers:,} rows (CSV)", "demo",
        command(qms("import", "dossiers", str(csv_path), "--db", str(scratch)), repeat=1, fresh=demo, target=scratch),
        probe("plain_import", str(scratch), str(csv_path), repeat=1, fresh=plain_path(demo)))

    from rich.console import Console  # imported only now: see above
    from rich.table import Table

    console = Console(width=120)
    table = Table(title="ours vs plain TinyDB (JSONStorage defaults)", header_style="bold")
    for column in ("operation", "store", "ours", "peak MB", "plain TinyDB", "peak MB", "ratio", "target"):
        table.add_column(column, justify="left" if column in ("operation", "store", "target") else "right")
    for name, label, ours, plain, target in rows:
        table.add_row(
            name, label, f"{ours.seconds:.3f} s", f"{ours.peak_mb:.0f}",
            f"{plain.seconds:.3f} s" if plain else "—", f"{plain.peak_mb:.0f}" if plain else "—",
            f"{ours.seconds / plain.seconds:.2f}" if plain else "—", target,
        )
    console.print(table)
    for name, _, ours, plain, _ in rows:
        if ours.note or (plain and plain.note):
            console.print(f"[dim]{name}: ours {ours.note}; plain {plain.note if plain else ''}[/]")


def _first_open_dossier(store: Path) -> str:
    tables = json.loads(store.read_text(encoding="utf-8"))
    return next(d["code"] for d in tables["dossiers"].values() if not d.get("finished"))


if __name__ == "__main__":
    main()
