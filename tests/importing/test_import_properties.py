"""Property: a file with a malformed row never changes the store and always says ``FILE:LINE:`` for that row."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qms_tui.domain.vocabulary import CHANNEL_WORDS, fold, outcome_from_text
from qms_tui.importing import CsvProblems, import_dossiers, read_dossier_csv
from qms_tui.importing.dossiers import COLUMNS, parse_cell_date, parse_pauses
from qms_tui.store import Store, create_store

TTHC = ["QT-DT01", "QT-DT02", "QT-LD01", "QT-XD02"]
AS_OF = date(2024, 9, 1)


def _fails(parse, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return True
    return False


# Any text a spreadsheet cell can hold (no NUL: that makes the whole file unusable, tested elsewhere).
cell_text = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=20)
days = st.integers(min_value=0, max_value=600).map(lambda n: date(2023, 1, 2) + timedelta(n))


@st.composite
def valid_rows(draw) -> dict[str, str]:
    received = draw(days)
    finished = draw(st.one_of(st.none(), st.integers(0, 40).map(lambda n: received + timedelta(n))))
    if finished is not None and finished > AS_OF:
        finished = None
    fmt = draw(st.sampled_from(["%Y-%m-%d", "%d/%m/%Y"]))
    return {
        "code": "",
        "procedure": draw(st.sampled_from(TTHC)),
        "channel": draw(st.sampled_from(["online", "direct", "postal", "Trực tuyến", "bưu chính"])),
        "received": received.strftime(fmt),
        "due": "",
        "finished": finished.strftime(fmt) if finished else "",
        "outcome": draw(st.sampled_from(["resolved", "Rút hồ sơ", "trả lại"])) if finished else "",
        "pauses": "",
    }


# (field, a strategy of values that make the row wrong); "code" duplicates an earlier row's code.
MALFORMED = {
    "received": cell_text.filter(lambda t: _fails(parse_cell_date, t.strip()) or not t.strip()),
    "due": cell_text.filter(lambda t: t.strip() and _fails(parse_cell_date, t.strip())),
    "finished": cell_text.filter(lambda t: t.strip() and _fails(parse_cell_date, t.strip())),
    "channel": cell_text.filter(lambda t: fold(t) not in CHANNEL_WORDS),
    "outcome": cell_text.filter(lambda t: _fails(outcome_from_text, t)),
    "procedure": cell_text.filter(lambda t: "QT-" not in t),
    "pauses": cell_text.filter(lambda t: t.strip() and _fails(parse_pauses, t)),
    "finished_before_received": st.integers(1, 30),
    "code": st.just(None),
}


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_store(tmp_path_factory.mktemp("prop") / "qms.json", demo=True)


EXAMPLES = int(os.environ.get("QMS_PROPERTY_EXAMPLES", "150"))
"""Examples per run; set QMS_PROPERTY_EXAMPLES=3000 for a longer search."""


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(valid_rows(), min_size=1, max_size=6),
    where=st.integers(min_value=0),
    kind=st.sampled_from(sorted(MALFORMED)),
    data=st.data(),
    delimiter=st.sampled_from([",", ";"]),
)
def test_a_malformed_row_never_changes_the_store_and_is_reported_with_its_line(
    store_file, tmp_path, rows, where, kind, data, delimiter
):
    for n, row in enumerate(rows):
        row["code"] = f"HS-P{n:03d}"
    index = where % len(rows)
    bad = dict(rows[index])
    value = data.draw(MALFORMED[kind], label="value")
    if kind == "code":
        bad["code"] = rows[0]["code"]  # a second row with the first row's code, anywhere after it
        index = max(index, 1)
        rows.insert(index, bad)
    else:
        if kind == "finished_before_received":
            bad["finished"] = (parse_cell_date(bad["received"]) - timedelta(value)).isoformat()
            bad["outcome"] = "resolved"
        elif kind == "outcome":
            bad["outcome"] = value
            bad["finished"] = bad["finished"] or bad["received"]
        else:
            bad[kind] = value
        rows[index] = bad

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    line = expected = 1
    for n, row in enumerate(rows):
        line += 1
        if n == index:
            expected = line
        cells = [row[c] for c in COLUMNS]
        writer.writerow(cells)
        line += sum(c.count("\n") + c.count("\r") - c.count("\r\n") for c in cells)
    path = tmp_path / "bad.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")

    before = store_file.read_bytes()
    with pytest.raises(CsvProblems) as error:
        import_dossiers(Store(store_file), read_dossier_csv(path))
    assert store_file.read_bytes() == before
    messages = [str(p) for p in error.value.problems]
    pattern = re.compile(rf"^{re.escape(str(path))}:(\d+): ")
    assert messages and all(pattern.match(m) for m in messages), messages
    assert {int(pattern.match(m)[1]) for m in messages} == {expected}, (messages, expected)
