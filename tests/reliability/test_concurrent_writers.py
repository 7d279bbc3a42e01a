"""Several processes writing to one store at the same moment lose nothing and leave a valid store."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from _store_worker import SHARED_FIELDS, planned_changes
from reliability_support import TIMEOUT, WORKER, run_cli, subprocess_env
from store_files import stored_tables

from qms_tui.store import Store

WRITERS = 4
CHANGES = 150


@pytest.mark.slow
def test_four_writers_at_once_lose_no_change_and_keep_the_store_valid(demo_db: Path):
    demo = Store(demo_db).snapshot()
    units = list(demo.organisation.units)
    procedures = [p.code for p in demo.procedures if p.kind == "tthc" and p.status == "active"]
    shared = [s.code for s in demo.staff[:3]]
    staff_before = {s.code: s for s in demo.staff}
    dossiers_before = len(demo.dossiers)
    assert units and procedures and len(shared) == 3

    go = demo_db.with_name("go")
    env = subprocess_env()
    procs = []
    for proc in range(WRITERS):
        config = {
            "mode": "mixed", "store": str(demo_db), "proc": proc, "changes": CHANGES, "go": str(go),
            "units": units, "procedures": procedures, "shared": shared,
        }
        procs.append(
            subprocess.Popen(
                [sys.executable, str(WORKER), json.dumps(config)], env=env, stderr=subprocess.PIPE, text=True
            )
        )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not all(go.with_name(f"go.ready{proc}").exists() for proc in range(WRITERS)):
            assert time.monotonic() < deadline and all(p.poll() is None for p in procs), "a writer did not start"
            time.sleep(0.01)
        go.touch()  # all start writing together
        errors = [p.communicate(timeout=TIMEOUT)[1] for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    assert [p.returncode for p in procs] == [0] * WRITERS, errors

    plans = {proc: planned_changes(proc, CHANGES, units, procedures, shared) for proc in range(WRITERS)}
    qms = Store(demo_db).snapshot()
    staff = {s.code: s for s in qms.staff}
    dossiers = {d.code: d for d in qms.dossiers}

    # every added record is there, with what was written
    added_staff = [c for plan in plans.values() for c in plan if c.kind == "add_staff"]
    added_dossiers = [c for plan in plans.values() for c in plan if c.kind == "add_dossier"]
    assert len(staff) == len(staff_before) + len(added_staff)
    assert len(dossiers) == dossiers_before + len(added_dossiers)
    for change in added_staff:
        doc = staff[change.key].to_doc()
        assert {k: doc[k] for k in change.values} == change.values
    for change in added_dossiers:
        doc = dossiers[change.key].to_doc()
        assert {k: doc[k] for k in change.values} == change.values

    # every shared record carries each writer's last update of its own field: no update was lost
    for code in shared:
        expected = staff_before[code].to_doc()
        for plan in plans.values():
            for change in plan:
                if change.kind == "update_staff" and change.key == code:
                    expected.update(change.values)
        assert staff[code].to_doc() == expected
    untouched = set(staff_before) - set(shared)
    assert all(staff[code] == staff_before[code] for code in untouched)

    # one change-log entry per change, attributed to its writer
    log = list(stored_tables(demo_db)["changelog"].values())
    assert len(log) == WRITERS * CHANGES
    assert Counter(e["user"] for e in log) == {f"writer{proc}": CHANGES for proc in range(WRITERS)}
    kinds = {"add_staff": ("add", "staff"), "update_staff": ("update", "staff"), "add_dossier": ("add", "dossiers")}
    expected_log = Counter(
        (f"writer{proc}", *kinds[c.kind], c.key) for proc, plan in plans.items() for c in plan
    )
    assert Counter((e["user"], e["action"], e["table"], e["record"]) for e in log) == expected_log
    assert len({SHARED_FIELDS[proc % len(SHARED_FIELDS)] for proc in range(WRITERS)}) == WRITERS
    # the writers really did run at the same time: their commits are interleaved
    changelog = stored_tables(demo_db)["changelog"]
    users = [changelog[doc_id]["user"] for doc_id in sorted(changelog, key=int)]
    assert sum(a != b for a, b in itertools.pairwise(users)) >= 10 * WRITERS

    # the store is valid and consistent, no temporary file is left, backups rolled
    result = run_cli("check", "--db", str(demo_db))
    assert result.code == 0, result.stdout + result.stderr
    assert "error:" not in result.stdout
    assert [p.name for p in demo_db.parent.iterdir() if p.name.endswith(".tmp")] == []
    backups = Store(demo_db).backup_files()
    assert len(backups) == 5
    for backup in backups:
        Store(backup, read_only=True).snapshot()
