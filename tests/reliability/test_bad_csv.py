"""``qms import dossiers`` with malformed rows: nothing is imported, every problem is ``FILE:LINE: ...``, exit 1.

Files are valid rows with some rows spoiled in a known way (hypothesis picks which and how), plus free text
(quotes, commas, line breaks, Vietnamese) in an ignored column, so that physical line numbers are put to the
test. The bulk runs through ``cli.main()`` in this process; a few files through the real CLI.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import Result, run_cli_in_process, run_cli_many
from store_files import stored_tables

from qms_tui.store import Store, demo_path

SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
_DEMO = orjson.loads(demo_path().read_bytes())
DEMO_BYTES = orjson.dumps(_DEMO)
AS_OF = date.fromisoformat(next(iter(_DEMO["_meta"].values()))["as_of"])
TTHC = sorted(p["code"] for p in _DEMO["procedures"].values() if p["kind"] == "tthc" and p["status"] == "active")
NOT_TTHC = sorted(p["code"] for p in _DEMO["procedures"].values() if p["kind"] != "tthc")
HEADER = ["code", "procedure", "channel", "received", "due", "finished", "outcome", "pauses", "Ghi chú"]

notes = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=12
) | st.sampled_from(['có dấu phẩy, "ngoặc kép"', "hai\ndòng", "; ;", "\t"])
"""Free text for the ignored column: anything a spreadsheet cell may hold (no CR or NUL)."""


def fmt(day: date, dmy: bool) -> str:
    return day.strftime("%d/%m/%Y") if dmy else day.isoformat()


@st.composite
def valid_row(draw: st.DrawFn, number: int) -> dict[str, str]:
    received = date(2024, 1, 2) + timedelta(days=draw(st.integers(0, 200)))
    dmy = draw(st.booleans())
    row = {
        "code": f"CSV-{number:03d}",
        "procedure": draw(st.sampled_from(TTHC)),
        "channel": draw(st.sampled_from(["online", "direct", "postal", "trực tuyến", "trực tiếp"])),
        "received": fmt(received, dmy),
        "due": draw(st.sampled_from(["", fmt(received + timedelta(days=20), dmy)])),
        "finished": "",
        "outcome": "",
        "pauses": "",
        "Ghi chú": draw(notes),
    }
    if draw(st.booleans()):
        row["finished"] = fmt(min(received + timedelta(days=draw(st.integers(0, 10))), AS_OF), dmy)
        row["outcome"] = draw(st.sampled_from(["resolved", "withdrawn", "returned"]))
    return row


def _spoil(draw: st.DrawFn, flaw: str, row: dict[str, str], earlier: list[dict[str, str]]) -> list[str]:
    """Spoil ``row`` with ``flaw``; returns the row's cells (a list: some flaws add cells)."""
    received = date(2024, 1, 2)
    if flaw == "empty-code":
        row["code"] = ""
    elif flaw == "duplicate-code":
        row["code"] = draw(st.sampled_from(earlier))["code"]
    elif flaw == "unknown-procedure":
        row["procedure"] = "QT-KHONG-CO"
    elif flaw == "not-a-tthc":
        row["procedure"] = draw(st.sampled_from(NOT_TTHC))
    elif flaw == "bad-channel":
        row["channel"] = draw(st.sampled_from(["fax", "email", "?", "qua điện thoại"]))
    elif flaw == "bad-date":
        row["received"] = draw(st.sampled_from(["31/02/2024", "2024-13-01", "29/02/2023", "hôm qua", "2024/01/05"]))
    elif flaw == "no-date":
        row["received"] = ""
    elif flaw == "future":
        row["received"] = (AS_OF + timedelta(days=draw(st.integers(1, 400)))).isoformat()
    elif flaw == "finished-before-received":
        row.update(received=received.isoformat(), finished="2023-12-30", outcome="resolved")
    elif flaw == "outcome-without-finished":
        row.update(finished="", outcome="resolved")
    elif flaw == "finished-without-outcome":
        row.update(received=received.isoformat(), finished="2024-01-05", outcome="")
    elif flaw == "bad-outcome":
        row.update(received=received.isoformat(), finished="2024-01-05", outcome="mất hồ sơ")
    elif flaw == "due-before-received":
        row.update(received="2024-03-01", due="2024-02-01")
    elif flaw == "bad-pause":
        row.update(received=received.isoformat(), pauses=draw(st.sampled_from(["2024-02-01-2024-02-05", "x..y", ".."])))
    elif flaw == "pause-before-received":
        row.update(received="2024-03-01", finished="", outcome="", pauses="2024-02-01..2024-02-05")
    cells = [row[name] for name in HEADER]
    if flaw == "too-many-cells":
        cells += ["thừa", "thừa nữa"]
    return cells


FLAWS = [
    "empty-code", "duplicate-code", "unknown-procedure", "not-a-tthc", "bad-channel", "bad-date", "no-date", "future",
    "finished-before-received", "outcome-without-finished", "finished-without-outcome", "bad-outcome",
    "due-before-received", "bad-pause", "pause-before-received", "too-many-cells",
]


@st.composite
def csv_files(draw: st.DrawFn, flawed: bool = True) -> tuple[str, set[int]]:
    """(file text, the physical lines of the spoiled rows)."""
    count = draw(st.integers(1, 12))
    bad_rows = set(draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=3))) if flawed else set()
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    rows: list[dict[str, str]] = []
    bad_lines: set[int] = set()
    for number in range(count):
        line = out.getvalue().count("\n") + 1
        row = draw(valid_row(number))
        if number in bad_rows:
            flaws = FLAWS if rows else [f for f in FLAWS if f != "duplicate-code"]
            writer.writerow(_spoil(draw, draw(st.sampled_from(flaws)), row, rows))
            bad_lines.add(line)
        else:
            writer.writerow([row[name] for name in HEADER])
        rows.append(row)
    return out.getvalue(), bad_lines


PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+): \S")


def assert_refused_with_lines(result: Result, csv_path: Path, bad_lines: set[int] | None) -> None:
    """Exit 1; stderr: ``FILE:LINE: ...`` per problem, then ``qms: FILE: N lỗi; chưa nhập gì``."""
    assert not result.crashed, f"{result.error!r}" if result.error else result.stderr
    assert result.code == 1, (result.code, result.stdout, result.stderr)
    *problems, last = result.stderr.splitlines()
    assert last == f"qms: {csv_path}: {len(problems)} lỗi; chưa nhập gì", result.stderr  # Vietnamese, the default
    lines = set()
    for problem in problems:
        match = PROBLEM.match(problem)
        assert match and match["file"] == str(csv_path), problem
        lines.add(int(match["line"]))
    if bad_lines is not None:
        assert lines == bad_lines, result.stderr


@settings(max_examples=50, **SETTINGS)
@given(content=csv_files())
def test_malformed_rows_import_nothing_and_point_at_their_lines(tmp_path: Path, content: tuple[str, set[int]]):
    text, bad_lines = content
    store = tmp_path / "qms.json"
    if not store.exists():
        store.write_bytes(DEMO_BYTES)
    source = tmp_path / "hồ sơ.csv"
    source.write_text(text, encoding="utf-8")
    result = run_cli_in_process("import", "dossiers", str(source), "--db", str(store))
    assert_refused_with_lines(result, source, bad_lines)
    assert store.read_bytes() == DEMO_BYTES
    assert not Store(store).backup_files()


@settings(max_examples=15, **SETTINGS)
@given(content=csv_files(flawed=False))
def test_the_same_files_without_the_spoiled_rows_import(tmp_path: Path, content: tuple[str, set[int]]):
    """The control: rows from the same generator, unspoiled, are all imported (so the lines above are the flaws)."""
    text, _ = content
    store = tmp_path / "qms.json"
    store.write_bytes(DEMO_BYTES)
    source = tmp_path / "ok.csv"
    source.write_text(text, encoding="utf-8")
    result = run_cli_in_process("import", "dossiers", str(source), "--db", str(store))
    assert result.code == 0 and not result.crashed, result.stderr or repr(result.error)
    rows = len(list(csv.reader(io.StringIO(text, newline="")))) - 1
    added = {d["code"] for d in stored_tables(store)["dossiers"].values()} - {
        d["code"] for d in _DEMO["dossiers"].values()
    }
    assert len(added) == rows


# -- the real CLI on a few files -------------------------------------------------------------------------------

HEAD = "code,procedure,channel,received,due,finished,outcome,pauses\n"
OK_ROW = f"OK-1,{TTHC[0]},online,2024-03-01,,,,\n"
REAL_CASES: list[tuple[str, bytes, Any]] = [
    # id, file bytes, the lines that must be reported (None: a file-level problem, one line)
    ("several-flaws", (HEAD + OK_ROW + "A2,QT-KHONG,online,2024-03-01,,,,\n" + f"A3,{TTHC[0]},fax,31/02/2024,,,,\n"
                       + f"A4,{TTHC[0]},online,2024-03-01,,,,,thừa\n").encode(), {3, 4, 5}),
    # a quoted line break keeps the line numbers right; a code may not hold one (the door refuses it)
    ("quoted-line-break", (HEAD + f'"A\n1",{TTHC[0]},online,2024-03-01,,,,\n' + f"A2,{TTHC[0]},online,2099-01-01,,,,\n")
     .encode(), {2, 4}),
    ("unterminated-quote", (HEAD + OK_ROW + f'"A2,{TTHC[0]},online,2024-03-01,,,,\n' + OK_ROW).encode(), {3}),
    # 0x81 is in neither Windows-1258 nor 1252: refused with the --encoding to pass (plain Latin-1 text is
    # read as Windows-1252, with a note)
    ("not-utf8", (HEAD + OK_ROW + f"A2,{TTHC[0]},tr\x81c tuy\xean,2024-03-01,,,,\n").encode("latin-1"), None),
]


@pytest.fixture(scope="module")
def real_import_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Result]]:
    folder = tmp_path_factory.mktemp("csv")
    paths = {}
    for name, raw, _ in REAL_CASES:
        (folder / f"{name}.csv").write_bytes(raw)
        (folder / f"{name}.json").write_bytes(DEMO_BYTES)
        paths[name] = (folder / f"{name}.csv", folder / f"{name}.json")
    results = run_cli_many([["import", "dossiers", str(c), "--db", str(s)] for c, s in paths.values()])
    return {name: (*paths[name], result) for name, result in zip(paths, results, strict=True)}


@pytest.mark.parametrize(("name", "lines"), [pytest.param(n, lines, id=n) for n, _, lines in REAL_CASES])
def test_the_real_cli_refuses_a_malformed_file(real_import_runs: dict, name: str, lines: set[int] | None):
    source, store, result = real_import_runs[name]
    assert store.read_bytes() == DEMO_BYTES
    if lines is not None:
        assert_refused_with_lines(result, source, lines)
    else:
        assert not result.crashed and result.code == 1, result.stderr
        assert re.fullmatch(rf"qms: {re.escape(str(source))}:\d+: [^\n]+\n", result.stderr), result.stderr
