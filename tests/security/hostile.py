"""Hostile text for the tests of tests/security: escape sequences, bidi overrides, carriage returns, planted
in a store by hand (as an older version or a text editor could leave them), and a check that none of them
reaches a terminal raw."""

from __future__ import annotations

import re
from pathlib import Path

from qms_tui.store import Store, create_store

OSC_TITLE = "\x1b]0;pwned\x07"
"""Sets the terminal's title."""
CLEAR = "\x1b[2J"
"""Clears the screen."""
OSC8 = "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"
"""A hyperlink whose text hides where it leads."""
RLO = "\u202e"
"""Right-to-left override: what follows reads backwards."""

RISK_DESCRIPTION = f"Rủi ro {OSC_TITLE}mất dữ liệu{RLO}gnp.exe"
PROCEDURE_NAME = f"Thủ tục {OSC8} ok\rEVIL {RLO}cba"
DOSSIER_CODES = (f"X-{CLEAR}-1", "X-ab\rEVIL-4", f"X-{RLO}-2")
STAFF_NAME = f"Nguyễn {CLEAR}Văn\u2028A"
ORG_NAME = f"Ban {OSC_TITLE}Quản lý"

RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
"""What must never reach a terminal raw (tab and line feed aside)."""


def raw_unsafe(text: str) -> list[str]:
    """The unsafe characters in ``text`` (empty: safe to print)."""
    return RAW_UNSAFE.findall(text)


def plant(path: Path) -> Path:
    """Hand-edit the store at ``path``: hostile text in a risk, a procedure, staff, the organisation and
    three new dossiers (whose codes hold an escape sequence, a carriage return and a bidi override)."""
    with Store(path).transaction() as tx:
        tables = tx.tables
        risk = next(iter(tables["risks"].values()))
        risk["description"] = RISK_DESCRIPTION
        risk["treatment"] = f"xử lý {OSC8}"
        procedure = next(d for d in tables["procedures"].values() if d.get("kind") == "tthc")
        procedure["name"] = PROCEDURE_NAME
        person = next(iter(tables["staff"].values()))
        person["name"] = STAFF_NAME
        org = next(iter(tables["organisation"].values()))
        org["name"] = ORG_NAME
        dossiers = tables["dossiers"]
        template = next(iter(dossiers.values()))
        next_id = max(int(k) for k in dossiers) + 1
        for offset, code in enumerate(DOSSIER_CODES):
            dossiers[str(next_id + offset)] = {
                **template, "code": code, "procedure": procedure["code"], "received": "2024-08-20",
                "due": "2024-08-30", "finished": None, "outcome": None, "pauses": [],
            }
        for name in ("risks", "procedures", "staff", "organisation", "dossiers"):
            tx.touched(name)
    return path


def hostile_store(folder: Path) -> Path:
    """A demo store with hostile text planted in it."""
    return plant(create_store(folder / "qms.json", demo=True))
