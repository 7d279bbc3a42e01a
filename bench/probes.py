"""One measured operation per process, so that each figure has its own peak memory.

Run as ``python bench/probes.py OPERATION STORE [ARG]``; prints one JSON line
``{"seconds": ..., "note": ...}``. ``bench/run.py`` starts these and reads the child's peak RSS.
Each operation has an ``ours_*`` and a ``plain_*`` version: the same work with TinyDB's defaults
(``TinyDB(path)`` with ``JSONStorage``), which rereads and rewrites the whole file on every call.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import date

START = time.perf_counter()
PERIOD = (date(2024, 1, 1), date(2024, 9, 1))


def _plain_counts(docs: list[dict]) -> dict[str, int]:
    """The form's figures counted in plain Python over the documents TinyDB returned.

    (Counting with one ``table.count(query)`` per figure would reread the file six times; this is
    the kinder baseline.)
    """
    start, end = PERIOD[0].isoformat(), PERIOD[1].isoformat()

    def done(x: dict) -> bool:
        return x["finished"] is not None and start <= x["finished"] <= end

    def counted(x: dict) -> bool:
        return x["received"] <= end and (x["finished"] is None or x["finished"] >= start)

    def count(test) -> int:
        return sum(1 for x in docs if test(x))

    return {
        "carried_over": count(lambda x: x["received"] < start and counted(x)),
        "new": count(lambda x: start <= x["received"] <= end),
        "on_time": count(lambda x: x["outcome"] == "resolved" and done(x) and x["finished"] <= x["due"]),
        "late": count(lambda x: x["outcome"] == "resolved" and done(x) and x["finished"] > x["due"]),
        "in_progress": count(lambda x: counted(x) and (x["finished"] is None or x["finished"] > end)),
        "withdrawn": count(lambda x: x["outcome"] in ("withdrawn", "returned") and done(x)),
    }


def ours_load(store: str) -> dict:
    from qms_tui.store import Store

    t = time.perf_counter()
    qms = Store(store).snapshot()
    return {"seconds": time.perf_counter() - t, "note": f"{len(qms.dossiers)} dossiers as records"}


def plain_load(store: str) -> dict:
    from tinydb import TinyDB

    t = time.perf_counter()
    docs = TinyDB(store).table("dossiers").all()
    return {"seconds": time.perf_counter() - t, "note": f"dossier table only: {len(docs)} documents"}


def ours_stats(store: str) -> dict:
    from qms_tui.domain.qms import Period
    from qms_tui.store import Store

    qms = Store(store).snapshot()
    t = time.perf_counter()
    counts = qms.stats(Period(*PERIOD)).total
    return {"seconds": time.perf_counter() - t, "note": f"received {counts.received}"}


def plain_stats(store: str) -> dict:
    from tinydb import TinyDB

    docs = TinyDB(store).table("dossiers").all()
    t = time.perf_counter()
    counts = _plain_counts(docs)
    return {"seconds": time.perf_counter() - t, "note": f"new {counts['new']}"}


def ours_write(store: str) -> dict:
    from qms_tui.domain.models import Staff
    from qms_tui.store import Store

    s = Store(store)
    s.load()
    t = time.perf_counter()
    with s.transaction() as tx:
        tx.put("staff", Staff(code=f"B{time.time_ns()}", name="Bench", unit="Văn phòng"))
    return {"seconds": time.perf_counter() - t, "note": "one record, in process"}


def plain_write(store: str) -> dict:
    from tinydb import TinyDB

    db = TinyDB(store)
    db.table("staff").all()
    t = time.perf_counter()
    db.table("staff").insert({"code": f"B{time.time_ns()}", "name": "Bench", "unit": "Văn phòng"})
    return {"seconds": time.perf_counter() - t, "note": "one record, in process"}


def plain_resolve_cli(store: str, code: str) -> dict:
    """What ``qms dossier resolve`` costs end to end with plain TinyDB: start, open, update, exit."""
    from tinydb import Query, TinyDB

    TinyDB(store).table("dossiers").update({"finished": "2024-09-01", "outcome": "resolved"}, Query().code == code)
    return {"seconds": time.perf_counter() - START, "note": "process start to exit"}


def plain_summary_cli(store: str) -> dict:
    """The floor of a plain-TinyDB summary: start, load every table, count the figures, print."""
    from tinydb import TinyDB

    counts = _plain_counts(TinyDB(store).table("dossiers").all())
    print(json.dumps(counts), file=sys.stderr)
    return {"seconds": time.perf_counter() - START, "note": "dossier figures only, process start to exit"}


def _first_frame(app, drawn: dict[str, float], ready) -> None:
    """Note in ``drawn["t"]`` when Textual first hands the driver a frame for which ``ready()`` holds (the
    terminal gets it then; the pilot sees it only at its next idle step of 20 ms)."""
    display = app._display

    def recording(screen, update) -> None:
        if update is not None and "t" not in drawn and ready():
            drawn["t"] = time.perf_counter() - START
        display(screen, update)

    app._display = recording


def ours_overview(store: str) -> dict:
    """Process start to the overview drawn in a headless terminal (80×24), the store opened as ``qms`` opens
    it (not loaded first: the overview counts from the aggregate); then until the dossiers are read."""
    from qms_tui.store import open_store
    from qms_tui.tui.app import make_app

    app = make_app(open_store(store, read_only=True, load=False))
    drawn: dict[str, float] = {}
    _first_frame(app, drawn, lambda: bool(app.screen.query("#ov-dossiers")) and "=" in app.screen.query_one(
        "#ov-dossiers").plain)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            drawn["read"] = time.perf_counter() - START

    asyncio.run(run())
    read = drawn["read"]
    return {"seconds": drawn["t"], "note": f"process start to first overview frame; dossiers read at {read:.2f} s"}


def plain_overview(store: str) -> dict:
    """The same figures from plain TinyDB drawn as one Textual Static: the floor for a plain app."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static
    from tinydb import TinyDB

    counts = _plain_counts(TinyDB(store).table("dossiers").all())

    class Plain(App):
        def compose(self) -> ComposeResult:
            yield Static(json.dumps(counts))

    app = Plain()
    drawn: dict[str, float] = {}
    _first_frame(app, drawn, lambda: True)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

    asyncio.run(run())
    return {"seconds": drawn["t"], "note": "process start to first frame"}


def ours_dossier_screen(store: str) -> dict:
    """Open the Dossiers screen (to its first frame), then filter it: from the last key typed to the
    filtered rows on screen (the filter waits for a 0.15 s pause in typing on large tables)."""
    from qms_tui.store import open_store
    from qms_tui.tui.app import make_app

    app = make_app(open_store(store, read_only=True))
    result: dict[str, float] = {}

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            t = time.perf_counter()
            await pilot.press("5")
            await pilot.pause()
            result["open"] = time.perf_counter() - t
            table = app.screen.query_one("#dossiers-table")
            before = table.row_count
            await pilot.press("slash", *"bench-099")
            t = time.perf_counter()
            await pilot.press("9")
            while table.row_count == before and time.perf_counter() - t < 10:
                await pilot.pause(0.01)
            result["filter"] = time.perf_counter() - t
            result["rows"] = table.row_count

    asyncio.run(run())
    return {"seconds": result["open"] + result["filter"],
            "note": f"open {result['open']:.2f} s + filter {result['filter']:.2f} s ({result['rows']:.0f} rows)"}


def plain_dossier_screen(store: str) -> dict:
    """A Textual DataTable fed every dossier at once: time to its first frame."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable
    from tinydb import TinyDB

    docs = TinyDB(store).table("dossiers").all()

    class Plain(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("code", "procedure", "received", "due", "finished", "outcome")
            table.add_rows([(d["code"], d["procedure"], d["received"], d["due"], d["finished"], d["outcome"])
                            for d in docs])

    result: dict[str, float] = {}

    async def run() -> None:
        t = time.perf_counter()
        async with Plain().run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            result["t"] = time.perf_counter() - t

    asyncio.run(run())
    return {"seconds": result["t"], "note": f"{len(docs)} rows at once"}


def plain_import(store: str, csv_path: str) -> dict:
    """Read the CSV and insert every row with TinyDB's ``insert_multiple`` (no validation, no upsert)."""
    import csv

    from tinydb import TinyDB

    t = time.perf_counter()
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    TinyDB(store).table("dossiers").insert_multiple(rows)
    return {"seconds": time.perf_counter() - t, "note": f"{len(rows)} rows, no validation"}


def main() -> None:
    operation, *args = sys.argv[1:]
    result = globals()[operation](*args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
