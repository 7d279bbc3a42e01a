"""Start-up against the issue's floor, in one run: the demo's overview drawn from process start, and a bare
Textual app that reads the same data from a plain TinyDB file and shows one number (its dossier count).

Each run is a fresh Python process (imports cold for this interpreter, as when a leader types ``qms`` over
SSH); both apps run headless at 80×24. The clock stops at the first frame holding the figures, when Textual
hands it to the terminal driver (``App._display``): for ours the overview's reconciliation line, for the bare
app its number. Each child reports the wall time since its first line and its own CPU time (user + system,
interpreter start included) at that frame. The two are run turn about, ``runs`` times each, so that load
from other work falls on both alike; the ratio is ours ÷ bare on the medians (and on the minima, the figure
least touched by load).

The pilot that drives the apps sees that frame later: ``pilot.pause()`` sleeps in steps of 20 ms until the
process has been idle for one step, so its time is the frame's rounded up to the next idle step. It is
printed too ("pilot"), but it measures the test harness as much as the app.

Our modules are compiled to bytecode first (``compileall``), as a user's first ``qms`` or pip leaves them and
as Textual's and TinyDB's already are (pip compiles what it installs). Without it, a shell that sets
``PYTHONDONTWRITEBYTECODE`` (this project's CI and helper shells do) compiles our ~90 modules from source in
every run: about 0.1 s that only ours pays and no user's second start does.

    .venv/bin/python bench/startup.py [runs]
"""

from __future__ import annotations

import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
def first_frame(app, figure, started):
    # Record every frame Textual hands to the driver; found() gives the first holding the figure: wall time
    # since ``started`` and the process's CPU time when it was handed over.
    import io
    from rich.console import Console

    frames = []
    display = app._display

    def recording(screen, update):
        if update is not None:
            frames.append((time.perf_counter(), sum(os.times()[:2]), update))
        return display(screen, update)

    app._display = recording

    def found():
        for at, cpu, update in frames:
            text = io.StringIO()
            Console(file=text, width=200, color_system=None).print(update, end="")
            if figure in text.getvalue():
                return at - started, cpu
        raise SystemExit(f"no frame held {figure!r}")

    return found
"""

OURS = r"""
import time
t0 = time.perf_counter()
import asyncio, json, os, sys
import qms_tui.tui.app
t_import = time.perf_counter()
from qms_tui.store import Store
""" + PROBE + r"""
async def main():
    store = Store(sys.argv[1], read_only=True)
    app = qms_tui.tui.app.make_app(store)
    t_store = time.perf_counter()
    found = first_frame(app, "578 = 439 + 113 + 26", t0)
    async with app.run_test(size=(80, 24)) as pilot:
        while True:
            await pilot.pause()
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            if any("578 = 439 + 113 + 26" in line for line in lines):
                break
        pilot_seen = time.perf_counter() - t0
    total, cpu = found()
    print(json.dumps({"import": t_import - t0, "store": t_store - t_import, "frame": total - (t_store - t0),
                      "total": total, "cpu": cpu, "pilot": pilot_seen}))

asyncio.run(main())
"""

BARE = r"""
import time
t0 = time.perf_counter()
import asyncio, json, os, sys
from textual.app import App
from textual.widgets import Static
from tinydb import TinyDB
""" + PROBE + r"""
class Bare(App):
    def compose(self):
        yield Static(str(len(TinyDB(sys.argv[1], access_mode="r").table("dossiers"))), id="n")

async def main():
    app = Bare()
    found = first_frame(app, "878", t0)
    async with app.run_test(size=(80, 24)) as pilot:
        while True:
            await pilot.pause()
            if any("878" in strip.text for strip in app.screen._compositor.render_strips()):
                break
        pilot_seen = time.perf_counter() - t0
    total, cpu = found()
    print(json.dumps({"total": total, "cpu": cpu, "pilot": pilot_seen}))

asyncio.run(main())
"""


def run_once(code: str, store: Path) -> dict[str, float]:
    """One cold start in a new process (the child's own figures)."""
    result = subprocess.run([sys.executable, "-c", code, str(store)], capture_output=True, text=True, check=True,
                            cwd=ROOT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run the cold starts turn about and print both, their medians and minima, and the ratios."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    sys.path.insert(0, str(ROOT / "bench"))
    from fixtures import write_plain_copy

    from qms_tui.store import create_store

    compileall.compile_dir(ROOT / "qms_tui", quiet=1)  # as installed: see the module's docstring
    with tempfile.TemporaryDirectory() as folder:
        store = create_store(Path(folder) / "qms.json", demo=True)
        plain = write_plain_copy(store, Path(folder) / "plain.json")
        ours, bare = [], []
        started = time.perf_counter()
        for _ in range(runs):
            ours.append(run_once(OURS, store))
            bare.append(run_once(BARE, plain))
        elapsed = time.perf_counter() - started
    print(f"start-up to the first frame with the figures, 80×24 headless, {runs} runs each, turn about"
          f" ({elapsed:.0f} s; load {os.getloadavg()[0]:.1f})")
    header = (f"{'run':>4}  {'import':>7}  {'open':>7}  {'frame':>7}  {'ours':>7}  {'CPU':>7}  {'bare':>7}  {'CPU':>7}"
              f"  {'pilot':>7}  {'pilot':>7}")
    print(header)
    print("-" * len(header))
    for i, (row, floor) in enumerate(zip(ours, bare, strict=True), start=1):
        print(f"{i:>4}  {row['import']:7.3f}  {row['store']:7.3f}  {row['frame']:7.3f}  {row['total']:7.3f}"
              f"  {row['cpu']:7.3f}  {floor['total']:7.3f}  {floor['cpu']:7.3f}  {row['pilot']:7.3f}"
              f"  {floor['pilot']:7.3f}")
    print("-" * len(header))
    for name, pick in (("med", statistics.median), ("min", min)):
        o = {key: pick(r[key] for r in ours) for key in ours[0]}
        b = {key: pick(r[key] for r in bare) for key in bare[0]}
        print(f"{name:>4}  {o['import']:7.3f}  {o['store']:7.3f}  {o['frame']:7.3f}  {o['total']:7.3f}"
              f"  {o['cpu']:7.3f}  {b['total']:7.3f}  {b['cpu']:7.3f}  {o['pilot']:7.3f}  {b['pilot']:7.3f}"
              f"   ratio {o['total'] / b['total']:.2f} (wall), {o['cpu'] / b['cpu']:.2f} (CPU),"
              f" {o['pilot'] / b['pilot']:.2f} (pilot); target ≤ 1.3")
    print("ours = the demo's overview from its process's first line to the first frame holding its figures"
          " (import, open, frame); bare = a Textual app reading the plain TinyDB copy and showing its dossier"
          " count; CPU = the process's user + system time at that frame, interpreter start included; pilot ="
          " when the test pilot saw it (20 ms idle steps); both from compiled bytecode")


if __name__ == "__main__":
    main()
