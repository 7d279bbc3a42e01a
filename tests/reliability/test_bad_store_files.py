"""Broken store files: refused with one clear line (or, for a bad field, listed by ``qms check``), never a traceback.

The bulk runs at the Store API level and through ``cli.main()`` in this process (hypothesis); a few
representative files go through the real ``python -m qms_tui.cli`` in subprocesses. The file is never
changed by reading it.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from reliability_support import Result, assert_one_clear_line, run_cli_in_process, run_cli_many

from qms_tui.store import META_TABLE, Store, StoreCorruptError, StoreError, create_store, demo_path


@pytest.fixture(autouse=True)
def english_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of what ``qms`` prints (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

SETTINGS = {
    "deadline": None,
    "derandomize": True,  # the same examples on every run
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
NO_SHRINK = [Phase.explicit, Phase.generate]
"""For the slow property tests: report the first failure, do not spend time shrinking it."""

DEMO: dict[str, Any] = orjson.loads(demo_path().read_bytes())
DEMO_BYTES = orjson.dumps(DEMO)
EMPTY_BYTES = orjson.dumps({"staff": {}, "dossiers": {}, META_TABLE: {"1": {"schema_version": 1, "demo": False}}})

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
odd_values = st.one_of(
    st.sampled_from(
        ["cao", "31/02/2024", "2024-13-01", "29/02/2023", "", " ", "x", "1", "-1", "2024-01-05", "05/01/2024"]
    ),
    json_values,
)
"""What a hand-edited or half-migrated store may hold where a field should be."""


def write(path: Path, content: bytes | Any) -> bytes:
    raw = content if isinstance(content, bytes) else orjson.dumps(content)
    path.write_bytes(raw)
    return raw


def assert_refused(path: Path, raw: bytes, error: type[StoreError] = StoreCorruptError) -> str:
    """Reading ``path`` raises ``error`` with one line naming the file; nothing is changed or created."""
    listing = sorted(p.name for p in path.parent.iterdir())
    for store in (Store(path), Store(path, read_only=True)):
        with pytest.raises(error) as caught:
            store.snapshot()
        message = str(caught.value)
        assert "\n" not in message and str(path) in message, message
    assert path.read_bytes() == raw
    assert sorted(p.name for p in path.parent.iterdir()) == listing
    return message


# -- not a store at all -------------------------------------------------------------------------


@settings(max_examples=150, **SETTINGS)
@given(raw=st.binary(max_size=300))
def test_random_bytes_are_refused_as_corrupt(tmp_path: Path, raw: bytes):
    message = assert_refused(tmp_path / "qms.json", write(tmp_path / "qms.json", raw))
    assert message.endswith("no backup exists")


@settings(max_examples=100, **SETTINGS)
@given(cut=st.integers(0, len(DEMO_BYTES) - 1))
def test_a_truncated_store_is_refused_and_the_message_names_the_newest_backup(tmp_path: Path, cut: int):
    path = tmp_path / "qms.json"
    if not path.exists():
        create_store(path)
        with Store(path).transaction() as tx:
            tx.set_meta(note="a write, so that there is a backup")
    newest = Store(path).newest_backup()
    assert newest is not None
    message = assert_refused(path, write(path, DEMO_BYTES[:cut]))
    assert message.endswith(f"the newest whole backup is {newest}: qms restore {newest} puts it back")


@st.composite
def wrong_shapes(draw: st.DrawFn) -> Any:
    """Valid JSON that is not a qms-tui store: wrong top level, a table that is not an object, no schema version."""
    tables = orjson.loads(EMPTY_BYTES)
    kind = draw(st.sampled_from(["top", "table", "no-meta", "meta-doc", "version"]))
    if kind == "top":
        return draw(json_values.filter(lambda v: not isinstance(v, dict)))
    if kind == "table":
        name = draw(st.sampled_from([*tables, "risks", "x"]))
        tables[name] = draw(json_values.filter(lambda v: not isinstance(v, dict)))
    elif kind == "no-meta":
        del tables[META_TABLE]
    elif kind == "meta-doc":
        tables[META_TABLE] = draw(st.sampled_from([{}, {"1": 5}, {"1": []}, {"1": {}}, {"1": {"demo": True}}]))
    else:  # bool is an int in Python: see the report
        tables[META_TABLE]["1"]["schema_version"] = draw(
            json_values.filter(lambda v: not isinstance(v, int)) | st.sampled_from(["1", 1.0, "v1"])
        )
    return tables


@settings(max_examples=150, **SETTINGS)
@given(content=wrong_shapes())
def test_json_of_the_wrong_shape_is_refused_as_corrupt(tmp_path: Path, content: Any):
    path = tmp_path / "qms.json"
    assert_refused(path, write(path, content))


@settings(max_examples=150, **SETTINGS)
@given(data=st.data())
def test_a_damaged_byte_gives_a_store_or_a_store_error(tmp_path: Path, data: st.DataObject):
    """One byte of a small store overwritten: readable (the damage hit a value) or refused, nothing else."""
    source = create_store(tmp_path / "src.json", demo=False) if not (tmp_path / "src.json").exists() else None
    raw = bytearray((source or tmp_path / "src.json").read_bytes())
    position = data.draw(st.integers(0, len(raw) - 1))
    raw[position] = data.draw(st.integers(0, 255))
    path = tmp_path / "qms.json"
    write(path, bytes(raw))
    try:
        Store(path).snapshot()
    except StoreError as exc:
        assert "\n" not in str(exc)
    assert path.read_bytes() == raw


# -- a store whose records hold values of the wrong type -----------------------------------------------


@st.composite
def field_mutations(draw: st.DrawFn) -> tuple[str, str, str, Any]:
    """(table, doc id, field, new value) of one field of one demo record (or of the _meta record)."""
    table = draw(st.sampled_from(sorted(name for name, docs in DEMO.items() if docs)))
    doc_id = draw(st.sampled_from(sorted(DEMO[table])))
    field = draw(st.sampled_from(sorted(DEMO[table][doc_id])))
    return table, doc_id, field, draw(odd_values)


def mutated(table: str, doc_id: str, field: str, value: Any) -> dict[str, Any]:
    tables = copy.deepcopy(DEMO)
    tables[table][doc_id][field] = value
    return tables


@settings(max_examples=150, **SETTINGS)
@given(mutation=field_mutations())
def test_a_field_of_the_wrong_type_is_read_or_refused_as_corrupt(tmp_path: Path, mutation: tuple[str, str, str, Any]):
    path = tmp_path / "qms.json"
    raw = write(path, mutated(*mutation))
    try:
        Store(path).snapshot()
    except StoreCorruptError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)
    assert path.read_bytes() == raw


def assert_cli_survives(path: Path, check: Result, summary: Result) -> None:
    """``check`` and ``summary`` end with an exit code and clear lines, never an exception."""
    for result in (check, summary):
        assert not result.crashed, f"{result.error!r}" if result.error else result.stderr
        assert result.code in (0, 1, 2), result
        if result.code and result.stderr:
            assert_one_clear_line(result, result.code)
    if check.code == 1 and not check.stderr:
        assert any(line.startswith("error: ") for line in check.stdout.splitlines()), check.stdout
    if check.code == 0:  # "valid and consistent" must mean the other commands work on it
        assert summary.code == 0, summary


@settings(max_examples=60, phases=NO_SHRINK, **SETTINGS)
@given(mutation=field_mutations())
def test_a_field_of_the_wrong_type_never_crashes_check_or_summary(tmp_path: Path, mutation: tuple[str, str, str, Any]):
    path = tmp_path / "qms.json"
    raw = write(path, mutated(*mutation))
    check = run_cli_in_process("check", "--db", str(path))
    assert_cli_survives(path, check, run_cli_in_process("summary", "--db", str(path)))
    assert path.read_bytes() == raw


# -- the real CLI on representative broken files -------------------------------------------------------


def _first(table: str, **changes: Any) -> Callable[[dict[str, Any]], None]:
    def change(tables: dict[str, Any]) -> None:
        doc = next(iter(tables[table].values()))
        doc.update(changes)

    return change


def _edit(change: Callable[[dict[str, Any]], None]) -> bytes:
    tables = copy.deepcopy(DEMO)
    change(tables)
    return orjson.dumps(tables)


STORE_LEVEL = "refused"  # both commands: exit 2, one "qms: ... corrupt ..." line


CLI_CASES: list[tuple[str, Callable[[], bytes], Any, dict[str, pytest.MarkDecorator]]] = [
    # id, the file's bytes, expected (STORE_LEVEL or the word `qms check` must name), known bugs per command
    ("random-bytes", lambda: random.Random(6).randbytes(300), STORE_LEVEL, {}),
    ("empty-file", lambda: b"", STORE_LEVEL, {}),
    ("truncated", lambda: DEMO_BYTES[: len(DEMO_BYTES) // 2], STORE_LEVEL, {}),
    ("utf16", lambda: DEMO_BYTES.decode().encode("utf-16"), STORE_LEVEL, {}),
    ("json-list", lambda: b"[1, 2, 3]", STORE_LEVEL, {}),
    ("table-not-object", lambda: _edit(lambda t: t.update(staff=[])), STORE_LEVEL, {}),
    ("no-meta", lambda: _edit(lambda t: t.pop(META_TABLE)), STORE_LEVEL, {}),
    ("schema-version-text", lambda: _edit(_first(META_TABLE, schema_version="1")), STORE_LEVEL, {}),
    ("document-not-object", lambda: _edit(lambda t: t["staff"].update({"9999": 5})), STORE_LEVEL, {}),
    ("impossible-date", lambda: _edit(_first("staff", start_date="31/02/2024")), STORE_LEVEL, {}),
    ("impossible-dossier-date", lambda: _edit(_first("dossiers", received="31/02/2024")), "received",
     {}),
    ("likelihood-cao", lambda: _edit(_first("risks", likelihood="cao")), "likelihood",
     {}),
    ("pauses-not-a-list", lambda: _edit(_first("dossiers", pauses="abc")), "pauses",
     {}),
    ("attendees-null", lambda: _edit(_first("trainings", attendees=None)), "attendees",
     {}),
    ("as-of-impossible", lambda: _edit(_first(META_TABLE, as_of="31/02/2024")), "as_of",
     {}),
    ("remit-not-a-number", lambda: _edit(_first("organisation", tthc_in_remit="66")), "tthc_in_remit",
     {}),
    ("target-not-a-number", lambda: _edit(_first("objectives", target="90")), "target",
     {}),
]


def commands_for(name: str, expected: str) -> tuple[str, ...]:
    """Both commands for a bad field; one (alternately) for a file refused on opening, where they share the path."""
    if expected != STORE_LEVEL:
        return ("summary", "check")
    index = [case[0] for case in CLI_CASES if case[2] == STORE_LEVEL].index(name)
    return ("summary",) if index % 2 == 0 else ("check",)


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, bytes, dict[str, Result]]]:
    """Run ``summary`` and ``check`` on every case at once (4 at a time); then each test looks at its result."""
    folder = tmp_path_factory.mktemp("broken")
    files = {}
    for name, build, _, _ in CLI_CASES:
        path = folder / f"{name}.json"
        files[name] = (path, write(path, build()))
    commands = [(name, command) for name, _, expected, _ in CLI_CASES for command in commands_for(name, expected)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(lambda nc: run_cli_many([[nc[1], "--db", str(files[nc[0]][0])]])[0], commands))
    results: dict[str, tuple[Path, bytes, dict[str, Result]]] = {name: (*files[name], {}) for name in files}
    for (name, command), result in zip(commands, runs, strict=True):
        results[name][2][command] = result
    return results


CLI_PARAMS = [
    pytest.param(name, command, expected, id=f"{name}-{command}", marks=[bugs[command]] if command in bugs else [])
    for name, _, expected, bugs in CLI_CASES
    for command in commands_for(name, expected)
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "command", "expected"), CLI_PARAMS)
def test_the_cli_on_a_broken_store(cli_results: dict, name: str, command: str, expected: str):
    path, raw, results = cli_results[name]
    result = results[command]
    assert path.read_bytes() == raw  # reading never changes the file
    assert not result.crashed, result.stderr
    if expected == STORE_LEVEL:
        assert_one_clear_line(result, 2)
        assert str(path) in result.stderr
    elif command == "check":  # a field of the wrong type: listed as a problem, or the store refused
        if result.code == 2:
            assert_one_clear_line(result, 2)
        else:
            assert result.code == 1, result.stdout
            assert any(line.startswith("error: ") and expected in line for line in result.stdout.splitlines())
    else:
        assert result.code in (0, 2), result.stderr
        if result.code == 2:
            assert_one_clear_line(result, 2)


# -- not a file at all: a FIFO, a socket, a device, a folder ---------------------------------------------


def test_a_fifo_as_db_is_refused_at_once_not_read_forever(tmp_path: Path):
    """Reading a FIFO waits for a writer that never comes: every command must refuse it before opening it."""
    import os
    import time

    fifo = tmp_path / "qms.json"
    os.mkfifo(fifo)
    commands = [
        ["summary", "--db", str(fifo)],
        ["dossier", "resolve", "BQL-240722-0004", "--date", "2024-09-01", "--db", str(fifo)],
        ["check", "--db", str(fifo), "--read-only"],
        ["init", "--force", "--db", str(fifo)],
    ]
    start = time.monotonic()
    results = run_cli_many(commands, timeout=30)
    assert time.monotonic() - start < 25
    for result in results:
        assert_one_clear_line(result, 2)
        assert f"qms: {fifo} là một FIFO, không phải tệp kho dữ liệu" in result.stderr  # Vietnamese, the default
    assert fifo.is_fifo() and not (tmp_path / "qms.json.lock").exists()


@pytest.mark.parametrize("kind", ["folder", "socket", "device"])
def test_other_files_that_are_not_stores_are_refused(tmp_path: Path, kind: str):
    import socket

    if kind == "folder":
        path = tmp_path / "qms.json"
        path.mkdir()
        said = "a folder"
    elif kind == "socket":
        path = tmp_path / "qms.sock"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        said = "a socket"
    else:
        path, said = Path("/dev/null"), "a device"
    for args in (["summary", "--db", str(path)], ["staff", "add", "NV1", "--name", "A", "--unit", "B", "--db",
                                                   str(path)]):
        result = run_cli_in_process(*args)
        assert_one_clear_line(result, 2)
        assert f"{path} is {said}, not a store file" in result.stderr
    with pytest.raises(StoreError, match="not a store file"):
        Store(path).load()
