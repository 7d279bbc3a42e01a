"""Startup time: from before ``import qms_tui.tui.app`` to the first frame showing the overview figures.

Each run is a fresh Python process (so imports are cold for this interpreter, as when a leader types
``qms`` over SSH) on a private copy of the demo store; the app runs headless at 80×24 and the clock
stops when the drawn screen holds the reconciliation line. Prints one row per run and the median.

    .venv/bin/python bench/startup.py [runs]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import time
t0 = time.perf_counter()
import asyncio, json, sys
import qms_tui.tui.app
t_import = time.perf_counter()
from qms_tui.store import Store

async def main():
    store = Store(sys.argv[1])
    app = qms_tui.tui.app.make_app(store)
    t_store = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        while True:
            await pilot.pause()
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            if any("578 = 439 + 113 + 26" in line for line in lines):
                break
        t_frame = time.perf_counter()
    print(json.dumps({"import": t_import - t0, "store": t_store - t_import, "frame": t_frame - t_store,
                      "total": t_frame - t0}))

asyncio.run(main())
"""


def run_once(store: Path) -> dict[str, float]:
    """One cold start in a new process; adds the process wall time (interpreter start included)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", CHILD, str(store)], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["process"] = wall
    return figures


def main() -> None:
    """Run the cold starts and print the table."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    from qms_tui.store import create_store

    with tempfile.TemporaryDirectory() as folder:
        store = create_store(Path(folder) / "qms.json", demo=True)
        rows = [run_once(store) for _ in range(runs)]
    header = f"{'run':>4}  {'import':>8}  {'open':>8}  {'1st frame':>9}  {'to overview':>11}  {'process':>8}"
    print("qms-tui startup on the demo store, 80×24 headless (seconds)")
    print(header)
    print("-" * len(header))
    for i, row in enumerate(rows, start=1):
        print(f"{i:>4}  {row['import']:8.3f}  {row['store']:8.3f}  {row['frame']:9.3f}  {row['total']:11.3f}"
              f"  {row['process']:8.3f}")
    median = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
    print("-" * len(header))
    print(f"{'med':>4}  {median['import']:8.3f}  {median['store']:8.3f}  {median['frame']:9.3f}"
          f"  {median['total']:11.3f}  {median['process']:8.3f}")
    print("to overview = before `import qms_tui.tui.app` → first frame with the overview figures;"
          " process = the whole interpreter run")


if __name__ == "__main__":
    main()
