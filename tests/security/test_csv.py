"""CSV files safe in a spreadsheet: no cell starts a formula, a carriage return never splits a row, and what
``qms export dossiers`` writes imports back exactly."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qms_tui.domain.models import Dossier
from qms_tui.domain.safety import text_problem
from qms_tui.importing import plan_import, read_dossier_csv, write_csv
from qms_tui.store import Store, create_store

TODAY = date(2024, 9, 1)


def _dossier(code: str) -> Dossier:
    return Dossier(code=code, procedure="QT-DT01", channel="online", received=date(2024, 8, 1),
                   due=date(2024, 8, 20))


def _export(codes: list[str]) -> str:
    out = io.StringIO(newline="")
    write_csv([_dossier(code) for code in codes], out)
    return out.getvalue()


def test_a_carriage_return_in_a_hand_edited_code_is_quoted(qms, hostile_db: Path):
    run = qms("export", "dossiers", "--db", hostile_db)
    assert '"X-ab\rEVIL-4"' in run.out
    rows = list(csv.reader(io.StringIO(run.out, newline="")))
    assert [row[0] for row in rows if "EVIL" in row[0]] == ["X-ab\rEVIL-4"]
    assert all(len(row) == 13 for row in rows)  # the canonical columns, online_level and the index flags


def test_formula_cells_are_neutralised_and_restored_on_import(tmp_path: Path):
    codes = ["=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "'quoted", "'=x", "BQL-1"]
    text = _export(codes)
    cells = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]
    assert cells == ["'=HYPERLINK(\"http://evil\")", "'+1", "'-2", "'@SUM(A1)", "''quoted", "''=x", "BQL-1"]
    assert _reimport(tmp_path, text) == codes


_RAW: dict[str, object] = {}


def _raw(folder: Path) -> dict:
    if not _RAW:
        _RAW.update(Store(create_store(folder / "qms.json", demo=True)).load())
        _RAW["dossiers"] = {}
    return _RAW  # type: ignore[return-value]


def _reimport(folder: Path, text: str) -> list[str]:
    path = folder / "export.csv"
    path.write_text(text, encoding="utf-8", newline="")
    plan = plan_import(read_dossier_csv(path), _raw(folder), TODAY)
    assert not plan.problems, [str(p) for p in plan.problems]
    return [doc["code"] for doc in plan.added]


def _acceptable(code: str) -> bool:
    """What the door lets into a dossier code (a value is stored stripped, as the CLI and forms read it;
    NFC, as the door and the importer keep it: U+F900 would come back as U+8C48)."""
    return bool(code) and code == code.strip() and text_problem(code, code=True) is None


CODES = st.text(st.characters(codec="utf-8", exclude_categories=()), min_size=1, max_size=10).filter(_acceptable)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(codes=st.lists(CODES, min_size=1, max_size=4, unique=True))
def test_export_then_import_gives_the_same_codes(codes: list[str], tmp_path: Path):
    assert _reimport(tmp_path, _export(codes)) == codes


def test_the_importer_refuses_control_text_in_any_cell(tmp_path: Path):
    text = ("code,procedure,channel,received,outcome\n"
            "BQL-1,QT-DT01,direct,2024-01-02,\x1b[2J\n"
            "BQL\u200b-2,QT-DT01,direct,2024-01-02,\n")
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    plan = plan_import(read_dossier_csv(path), _raw(tmp_path), TODAY)
    found = {(p.line, p.field) for p in plan.problems}
    assert found == {(2, "outcome"), (3, "code")}
