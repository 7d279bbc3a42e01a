"""A writer process for the reliability tests: ``python _store_worker.py '<json config>'``.

Four modes:

- ``mixed``: say it is ready (the file ``<go>.ready<proc>``), wait for the start signal (the file
  ``go``), then make ``changes`` changes, one transaction each: add a member of staff, update one of a
  few shared staff records (read-modify-write of a field only this process touches), add a dossier.
  What it writes is ``planned_changes()``, which the test also calls to know what to expect.
- ``cli``: run ``qms`` with an audit hook that refuses writes in a folder or reads of a file, the way
  the kernel would for a normal user (tests run as root in CI, where permissions are not enforced).
- ``hold``: take the store's writers' lock as user ``holder``, say ``locked`` on stdout and sleep (the test
  stops this process with SIGSTOP, as a suspended writer would be, and kills it at the end).
- ``loop``: add one member of staff per transaction, forever, and append ``"<number> <code> <total>"``
  to a side file AFTER each commit (the test kills this process with SIGKILL at random moments). With
  ``limit``, stop after that many commits and exit 0.

Imported by the tests for ``planned_changes`` and ``SHARED_FIELDS``; it must stay importable without
side effects.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SHARED_FIELDS = ("name", "role", "start_date", "left_date")
"""The field of a shared staff record that writer ``p`` updates (``p % 4``): no two writers share one."""


@dataclass(frozen=True)
class Change:
    """One planned change: ``kind`` is add_staff, update_staff or add_dossier."""

    kind: str
    key: str
    values: dict[str, Any]


def planned_changes(
    proc: int, count: int, units: list[str], procedures: list[str], shared: list[str]
) -> list[Change]:
    """The changes writer ``proc`` makes, in order (pure: the test computes the expected store from it)."""
    changes: list[Change] = []
    for i in range(count):
        step = i % 3
        if step == 0:
            changes.append(
                Change(
                    "add_staff",
                    f"W{proc}-S{i:03d}",
                    {"name": f"Nhân viên {proc}-{i}", "unit": units[(proc + i) % len(units)], "role": "Chuyên viên"},
                )
            )
        elif step == 1:
            name = SHARED_FIELDS[proc % len(SHARED_FIELDS)]
            value: Any
            if name == "name":
                value = f"Cập nhật {proc}-{i}"
            elif name == "role":
                value = f"Vai trò {proc}-{i}"
            elif name == "start_date":  # long before any left_date: the pair stays valid in any order
                value = (date(2010, 1, 1) + timedelta(days=i)).isoformat()
            else:
                value = (date(2028, 1, 1) + timedelta(days=i)).isoformat()  # within 5 years of the demo's today
            changes.append(Change("update_staff", shared[(i // 3) % len(shared)], {name: value}))
        else:
            received = date(2024, 1, 2) + timedelta(days=(proc * 31 + i) % 200)
            finished = received + timedelta(days=5) if i % 2 else None
            changes.append(
                Change(
                    "add_dossier",
                    f"W{proc}-D{i:03d}",
                    {
                        "procedure": procedures[(proc * 7 + i) % len(procedures)],
                        "channel": ("online", "direct", "postal")[i % 3],
                        "received": received.isoformat(),
                        "due": (received + timedelta(days=14)).isoformat(),
                        "finished": finished.isoformat() if finished else None,
                        "outcome": "resolved" if finished else None,
                    },
                )
            )
    return changes


def _mixed(config: dict[str, Any]) -> None:
    from qms_tui.domain.models import Dossier, Staff
    from qms_tui.store import Store

    proc = config["proc"]
    store = Store(config["store"], user=f"writer{proc}")
    changes = planned_changes(proc, config["changes"], config["units"], config["procedures"], config["shared"])
    go = Path(config["go"])
    go.with_name(f"{go.name}.ready{proc}").touch()  # imported and ready: the test starts all at once
    deadline = time.monotonic() + 30
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit("no start signal")
        time.sleep(0.005)
    for change in changes:
        with store.transaction() as tx:
            if change.kind == "add_staff":
                tx.put("staff", Staff(code=change.key, **change.values))
            elif change.kind == "update_staff":
                current = tx.get("staff", change.key)
                assert current is not None, change.key
                doc = {**current, **change.values}
                changed = tx.put("staff", Staff.from_doc(doc))
                assert changed, change
            else:
                tx.put("dossiers", Dossier.from_doc({"code": change.key, **change.values}))


def _loop(config: dict[str, Any]) -> None:
    """Commit a staff member and a dossier together (the store file, a dossier shard and a log block)."""
    from qms_tui.domain.models import Dossier, Staff
    from qms_tui.store import Store

    store = Store(config["store"], user="killed")
    store.load()
    prefix, limit = config["prefix"], config.get("limit")
    ack = os.open(config["ack"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    print("ready", flush=True)
    number = 0
    while limit is None or number < limit:
        code = f"{prefix}-{number:04d}"
        with store.transaction() as tx:
            tx.put("staff", Staff(code=code, name="Lê Thị Kim", unit="Văn phòng", role="Chuyên viên"))
            tx.put("dossiers", Dossier.from_doc({
                "code": code, "procedure": "QT-DT01", "channel": "online", "received": "2024-08-01",
                "due": "2024-08-15", "finished": None, "outcome": None, "pauses": [],
            }))
            total = len(tx.tinydb.table("staff"))
        number += 1
        os.write(ack, f"{number} {code} {total}\n".encode())  # only once the commit has returned


_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_WRITE_EVENTS = {"os.rename": 2, "os.link": 2, "os.symlink": 2, "os.mkdir": 1, "os.remove": 1, "os.rmdir": 1}
"""Audit events that change a folder, and how many of their first arguments are paths."""


def _cli(config: dict[str, Any]) -> None:
    """Run ``qms ARGS`` as if ``deny_write`` were a read-only folder and ``deny_read`` an unreadable file.

    Root ignores permissions, so an audit hook refuses, with the kernel's ``PermissionError``, what the
    kernel would refuse a normal user: creating, changing, renaming or removing anything in the folder;
    opening the file at all.
    """
    deny_write = Path(config["deny_write"]).resolve() if config.get("deny_write") else None
    deny_read = Path(config["deny_read"]).resolve() if config.get("deny_read") else None

    def path_of(value: Any) -> Path | None:
        if isinstance(value, int) or value is None:
            return None
        return Path(os.fsdecode(value)).resolve()

    def refuse(path: Path) -> None:
        raise PermissionError(13, os.strerror(13), str(path))

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path, mode, flags = path_of(args[0]), args[1], args[2]
            if path is None:
                return
            if deny_read is not None and path == deny_read:
                refuse(path)
            writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITE_FLAGS)
            if deny_write is not None and writing and (path == deny_write or deny_write in path.parents):
                refuse(path)
        elif event in _WRITE_EVENTS and deny_write is not None:
            for value in args[: _WRITE_EVENTS[event]]:
                path = path_of(value)
                if path is not None and (path == deny_write or deny_write in path.parents):
                    refuse(path)

    sys.addaudithook(hook)
    from qms_tui.cli import main as cli_main

    sys.argv = ["qms", *config["args"]]
    cli_main()


def _hold(config: dict[str, Any]) -> None:
    from qms_tui.store import Store

    with Store(config["store"], user="holder").locked():
        print("locked", flush=True)
        time.sleep(60)


def main() -> None:
    config = json.loads(sys.argv[1])
    {"mixed": _mixed, "loop": _loop, "cli": _cli, "hold": _hold}[config["mode"]](config)


if __name__ == "__main__":
    main()
