"""The province benchmark: ``qms rollup`` over many agencies' stores, and ``qms summary`` at 100,000 dossiers.

    python bench/rollup.py [--stores 40] [--dossiers 25000] [--large 100000] [--repeat 3]

Every figure is one whole process, from start to exit, as a user runs it: its wall time (median of
``--repeat``), its CPU time (user + system, from ``wait4``: the figure to trust when other work shares the
machine) and its peak memory. The stores are copies of one generated store (the demo plus ``--dossiers``
dossiers over 2023–2024), each with its shard folder, as ``rsync`` brings them to the province.
"""

from __future__ import annotations

import argparse
import compileall
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
PLAIN_COUNT = ("import sys\nfrom tinydb import TinyDB\n"
               "print(len(TinyDB(sys.argv[1]).table('dossiers')))")
"""Plain TinyDB merely opening the same data as one file and counting its dossiers."""


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float


def timed(argv: list[str], repeat: int = 1) -> Run:
    """Median wall and CPU time and the peak memory of ``repeat`` runs of one command."""
    walls, cpus, peaks = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"bench: {' '.join(argv)} failed: {proc.stderr.read()[:2000] if proc.stderr else ''}")
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)
    return Run(statistics.median(walls), statistics.median(cpus), max(peaks))


def qms(*args: object) -> list[str]:
    return [sys.executable, "-m", "qms_tui.cli", *map(str, args)]


def copy_store(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    shards = source.with_name(source.name + ".shards")
    if shards.is_dir():
        shutil.copytree(shards, target.with_name(target.name + ".shards"))


def make_fixtures(work: Path, dossiers: int, large: int) -> tuple[Path, Path, Path, Path]:
    """One agency's store, its one-file export, a 100k store and its plain TinyDB copy (in a child)."""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, 'bench')\n"
        "from fixtures import make_large_store, write_plain_copy\n"
        "from qms_tui.store import Store\n"
        "w = Path(sys.argv[1])\n"
        "make_large_store(w / 'agency.json', int(sys.argv[2]))\n"
        "Store(w / 'agency.json').copy_to(w / 'agency-export.json')\n"
        "make_large_store(w / 'large.json', int(sys.argv[3]))\n"
        "write_plain_copy(w / 'large.json', w / 'large.plain.json')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(work), str(dossiers), str(large)], cwd=ROOT, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    return work / "agency.json", work / "agency-export.json", work / "large.json", work / "large.plain.json"


def province(work: Path, source: Path, count: int, name: str) -> Path:
    folder = work / name
    for i in range(count):
        copy_store(source, folder / f"agency-{i + 1:02d}.json")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stores", type=int, default=40)
    parser.add_argument("--dossiers", type=int, default=25_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "qms_tui", quiet=1)  # as installed (bench/startup.py says why)
    work = Path(tempfile.mkdtemp(prefix="qms-rollup-bench-"))
    try:
        run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, args: argparse.Namespace) -> None:
    agency, export, large, plain = make_fixtures(work, args.dossiers, args.large)
    n, repeat = args.stores, args.repeat
    print(f"qms rollup benchmark: {n} stores × {args.dossiers:,} generated dossiers (+ the demo's 878 each);"
          f" wall = median of {repeat} runs, CPU = user + system of that process")
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    def row(label: str, r: Run, extra: str = "") -> None:
        say(f"  {label:<58} {r.wall:7.3f} s wall {r.cpu:7.3f} s CPU {r.peak_mb:6.0f} MB{extra}")

    trend: list[tuple[int, Run]] = []
    folder = province(work, agency, n, "province")
    steps = sorted({max(n // 4, 1), n // 2, 3 * n // 4, n} - {0})
    for count in steps:
        sub = work / f"province-{count}"
        sub.mkdir()
        for i in range(count):  # the same stores, linked: the first ``count`` of the province
            for item in (f"agency-{i + 1:02d}.json", f"agency-{i + 1:02d}.json.shards"):
                (sub / item).symlink_to(folder / item)
        r = timed(qms("rollup", sub, "--format", "json"), repeat)
        trend.append((count, r))
        row(f"qms rollup of {count} stores ({count * (args.dossiers + 878):,} dossiers)", r)
    rollup = trend[-1][1]
    walls, cpus = 0.0, 0.0
    for store in sorted(folder.glob("*.json")):
        one = timed(qms("summary", "--db", store, "--read-only", "--format", "json"))
        walls, cpus = walls + one.wall, cpus + one.cpu
    row(f"qms summary on each of the {n} stores in turn", Run(walls, cpus, one.peak_mb))
    say(f"  → roll-up / summaries in turn: {rollup.wall / walls:.3f} (wall), {rollup.cpu / cpus:.3f} (CPU);"
        f" target ≤ 2 s and ≤ 0.25×, peak ≤ 300 MB")
    exports = province(work, export, n, "exports")
    row(f"qms rollup of {n} one-file exports (dossiers not parsed)", timed(qms("rollup", exports, "--format", "json"),
                                                                        repeat))
    (first, small), (last, big) = trend[0], trend[-1]
    slope = (big.cpu - small.cpu) / max(last - first, 1)
    say(f"  trend: each further store adds {1000 * slope:.1f} ms CPU; fixed cost (start-up) about"
        f" {max(small.cpu - slope * first, 0):.2f} s")
    ours = timed(qms("summary", "--db", large, "--read-only", "--format", "text"), repeat)
    base = timed([sys.executable, "-c", PLAIN_COUNT, str(plain)], repeat)
    row(f"qms summary --format text, one {args.large:,}-dossier store", ours)
    row("plain TinyDB: open the same data as one file, count dossiers", base)
    say(f"  → summary / plain TinyDB: {ours.wall / base.wall:.2f} (wall), {ours.cpu / base.cpu:.2f} (CPU);"
        " target ≤ 0.5")
    (ROOT / "bench" / "last-rollup.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
