"""Records with values of the wrong type through the Store API: refused with ``ValidationError``, store unchanged.

``tx.put`` is what the CLI edit commands, the importer and the TUI forms all end in, so it is the last
line of defence: whatever a caller passes, the store must never be half-written, never hold a value of
the wrong type, and the error must name the field.
"""

from __future__ import annotations

import dataclasses
import fcntl
import itertools
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from reliability_support import TIMEOUT, Result, assert_one_clear_line, cli_command, subprocess_env
from store_files import stored_tables, write_one_file_store

from qms_tui.domain.models import TABLE_MODELS, Record, Staff
from qms_tui.store import Store, StoreError, ValidationError, create_store, demo_path

SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
NO_SHRINK = [Phase.explicit, Phase.generate]

_DEMO = orjson.loads(demo_path().read_bytes())
BASE: dict[str, Record] = {
    table: model.from_doc(
        next(d for d in _DEMO[table].values() if table != "procedures" or d.get("kind") == "tthc")
    )
    for table, model in TABLE_MODELS.items()
    if table != "changelog" and _DEMO.get(table)
}
"""A valid record of every table (the first of the demo; a TTHC procedure), to spoil one field of."""

odd_values = st.one_of(
    st.sampled_from(["cao", "31/02/2024", "2024-13-01", "", "x", "3", "2024-01-05", "05/01/2024", "a\udcffb"]),
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.text(max_size=4), st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=2),
)


def field_type_problems(model: type[Record], doc: dict[str, Any]) -> list[str]:
    """Stored fields whose JSON type does not match the model's annotation (dates are ISO strings)."""
    problems = []
    for f in dataclasses.fields(model):  # type: ignore[arg-type]
        value = doc.get(f.name)
        annotation = str(f.type)
        if value is None:
            if "None" not in annotation:
                problems.append(f"{f.name}: None")
            continue
        base = annotation.replace("| None", "").strip()
        if base.startswith("list"):
            ok = isinstance(value, list)
        elif base == "str":
            ok = isinstance(value, str)
        elif base == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif base == "float":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        elif base == "bool":
            ok = isinstance(value, bool)
        elif base == "date":
            try:
                ok = isinstance(value, str) and date.fromisoformat(value).isoformat() == value
            except ValueError:
                ok = False
        else:  # pragma: no cover - a new kind of field: teach this function about it
            raise AssertionError(f"{model.__name__}.{f.name}: {annotation}")
        if not ok:
            problems.append(f"{f.name}: {value!r} is not {base}")
    return problems


def spoiled(table: str, field: str, value: Any) -> Record:
    return dataclasses.replace(BASE[table], **{field: value})  # type: ignore[type-var]


def lock_is_free(store: Store) -> bool:
    with open(store.lock_path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


EXPLICIT = [
    pytest.param("risks", "likelihood", "cao", id="likelihood-cao"),
    pytest.param("risks", "impact", 2.5, id="impact-2.5"),
    pytest.param("risks", "status", "done", id="risk-status-unknown"),
    pytest.param("trainings", "hours", "3", id="hours-text"),
    pytest.param("dossiers", "channel", 3, id="channel-number"),
    pytest.param("procedures", "statutory_days", "30", id="statutory-days-text"),
    pytest.param("staff", "name", "", id="name-empty"),
    pytest.param(
        "staff", "start_date", "31/02/2024", id="start-date-impossible-text",
    ),
    pytest.param(
        "dossiers", "received", "2024-01-05", id="received-text",
    ),
    pytest.param(
        "dossiers", "pauses", "abc", id="pauses-text",
    ),
    pytest.param(
        "organisation", "tthc_in_remit", "66", id="remit-text",
    ),
    pytest.param(
        "staff", "name", 5, id="name-number",
    ),
    pytest.param(
        "staff", "name", "Nguy\udcffn", id="name-lone-surrogate",
    ),
]


@pytest.mark.parametrize(("table", "field", "value"), EXPLICIT)
def test_put_of_a_wrong_value_is_a_validation_error_naming_the_field(
    empty_db: Path, table: str, field: str, value: Any
):
    store = Store(empty_db)
    before = empty_db.read_bytes()
    with pytest.raises(ValidationError) as caught, store.transaction() as tx:
        tx.put(table, spoiled(table, field, value))
    assert field in {name for name, _ in caught.value.problems}, caught.value.problems
    assert "\n" not in str(caught.value)
    assert empty_db.read_bytes() == before


_counter = itertools.count()


@settings(max_examples=200, **SETTINGS)
@given(data=st.data())
def test_a_put_that_fails_changes_nothing_and_the_store_stays_usable(tmp_path: Path, data: st.DataObject):
    table = data.draw(st.sampled_from(sorted(BASE)))
    field = data.draw(st.sampled_from([f.name for f in dataclasses.fields(BASE[table])]))  # type: ignore[arg-type]
    value = data.draw(odd_values)
    path = tmp_path / "qms.json"
    if not path.exists():
        create_store(path, demo=False)
    store = Store(path, backups=2)
    before, backups = path.read_bytes(), store.backup_files()
    try:
        with store.transaction() as tx:
            tx.put(table, spoiled(table, field, value))
    except Exception:
        assert path.read_bytes() == before
        assert store.backup_files() == backups
    assert lock_is_free(store)
    Store(path).load()  # still a readable store
    code = f"OK{next(_counter)}"
    with store.transaction() as tx:  # and the next valid write goes through
        tx.put("staff", Staff(code=code, name="Vũ Thị Lan", unit="Văn phòng"))
    assert any(doc["code"] == code for doc in stored_tables(path)["staff"].values())


@settings(max_examples=200, phases=NO_SHRINK, **SETTINGS)
@given(data=st.data())
def test_a_put_either_is_refused_with_validation_error_or_stores_the_right_types(
    tmp_path: Path, data: st.DataObject
):
    table = data.draw(st.sampled_from(sorted(BASE)))
    field = data.draw(st.sampled_from([f.name for f in dataclasses.fields(BASE[table])]))  # type: ignore[arg-type]
    value = data.draw(odd_values)
    path = tmp_path / "qms.json"
    if not path.exists():
        create_store(path, demo=False)
    record = spoiled(table, field, value)
    try:
        with Store(path).transaction() as tx:
            tx.put(table, record)
    except ValidationError:
        return
    stored = stored_tables(path)[table]
    doc = next(d for d in stored.values() if d.get(type(record).KEY) == record.to_doc()[type(record).KEY])
    assert field_type_problems(type(record), doc) == []


def test_the_type_checker_of_these_tests_accepts_the_demo():
    """``field_type_problems`` itself: every demo record has the right types (else the test above means nothing)."""
    for table, docs in _DEMO.items():
        if table in TABLE_MODELS and table != "changelog":
            for doc in docs.values():
                full = TABLE_MODELS[table].from_doc(doc).to_doc()
                assert field_type_problems(TABLE_MODELS[table], full) == [], (table, doc)


# -- writes on a structurally damaged store, and the real CLI ------------------------------------------------

DAMAGED = [
    pytest.param(
        lambda t: t["staff"].update({"9999": 5}), id="document-not-an-object",
    ),
    pytest.param(
        lambda t: t["staff"].update({"abc": {"code": "NV-X", "name": "A", "unit": "Văn phòng"}}),
        id="document-id-not-a-number",
    ),
]


@pytest.mark.parametrize("damage", DAMAGED)
def test_a_write_on_a_damaged_store_is_a_store_error(tmp_path: Path, damage: Any):
    tables = orjson.loads(orjson.dumps(_DEMO))
    damage(tables)
    path = tmp_path / "qms.json"
    path.write_bytes(raw := orjson.dumps(tables))
    with pytest.raises(StoreError) as caught, Store(path).transaction() as tx:
        tx.put("staff", Staff(code="NV-NEW", name="Vũ Thị Lan", unit="Văn phòng"))
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == raw


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        pytest.param(b"Nguy\xffn", None, id="invalid-utf8-argument"),
        pytest.param(
            b"Nguyen", DAMAGED[0].values[0], id="store-document-not-an-object",
        ),
    ],
)
def test_the_real_cli_write_commands_never_print_a_traceback(demo_db: Path, name: bytes, damage: Any):
    if damage is not None:
        tables = stored_tables(demo_db)
        damage(tables)
        write_one_file_store(demo_db, tables)
    before = demo_db.read_bytes()
    args = [*cli_command("staff", "add", "NV-NEW", "--unit", "Văn phòng", "--db", str(demo_db)), "--name", name]
    proc = subprocess.run(args, capture_output=True, timeout=TIMEOUT, env=subprocess_env())
    result = Result(proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace"))
    assert_one_clear_line(result, result.code if result.code in (1, 2) else 2)
    assert demo_db.read_bytes() == before


def test_a_lone_surrogate_in_a_store_file_is_refused_as_corrupt_when_read(empty_db: Path):
    """The load check of stored text checks only its type (``schema._stored_text``): a string that cannot be
    written as UTF-8 (a lone surrogate, ``\\udcff`` in the JSON) never gets that far, the decoder refuses it."""
    raw = empty_db.read_bytes()
    assert raw.count(b'"organisation": {}') == 1 or b'"organisation":{}' in raw
    edited = raw.replace(b'"organisation": {}', b'"organisation": {"1": {"name": "Nguy\\udcffn"}}', 1).replace(
        b'"organisation":{}', b'"organisation":{"1":{"name":"Nguy\\udcffn"}}', 1)
    empty_db.write_bytes(edited)
    with pytest.raises(StoreError, match="corrupt") as caught:
        Store(empty_db).snapshot()
    assert "surrogate" in str(caught.value)
