"""On the way out: whatever a store holds, no renderer sends a control, bidi or invisible character raw to a
terminal or a file; JSON keeps the data exact; the SVG summary is well-formed XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hostile import DOSSIER_CODES, ORG_NAME, PROCEDURE_NAME, STAFF_NAME, raw_unsafe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.control import strip_control_codes
from rich.text import Text

from qms_tui.domain.safety import visible
from qms_tui.exporting import Export, table_block
from qms_tui.reports.review_pack import render_review_pack
from qms_tui.reports.summary import render_summary
from qms_tui.services.common import describe_changes, describe_new
from qms_tui.store import Store, create_store
from qms_tui.tui.widgets.visible import visible_renderable, visible_text

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=16)
SUMMARY_FORMATS = ("text", "markdown", "html", "svg", "json")


@pytest.mark.parametrize("fmt", SUMMARY_FORMATS)
def test_summary_in_every_format_prints_nothing_raw(qms, hostile_db: Path, fmt: str):
    run = qms("summary", "--db", hostile_db, "--format", fmt)
    assert run.code == 0, run.err
    assert raw_unsafe(run.out + run.err) == []
    if fmt == "svg":
        ET.fromstring(run.out)  # well-formed XML
    if fmt == "json":
        json.loads(run.out)


def test_summary_json_keeps_the_data_exact(qms, hostile_db: Path):
    run = qms("summary", "--db", hostile_db, "--format", "json")
    assert raw_unsafe(run.out) == []
    data = json.loads(run.out)
    assert data["organisation"] == ORG_NAME  # the data as stored, escape codes and all
    assert {a["code"] for a in data["attention"]} >= set(DOSSIER_CODES)


def test_dossier_json_export_is_exact_and_terminal_safe(qms, hostile_db: Path):
    run = qms("export", "dossiers", "--db", hostile_db, "--format", "json")
    assert raw_unsafe(run.out) == []
    codes = {doc["code"] for doc in json.loads(run.out)}
    assert set(DOSSIER_CODES) <= codes


@pytest.mark.parametrize("args", [
    ("log", "--limit", "0"), ("review-pack", "--year", "2024"), ("review-pack", "--year", "2024", "--format", "json"),
    ("clauses",), ("report", "--year", "2024"), ("report", "--year", "2024", "--format", "html"),
    ("report", "--year", "2024", "--format", "markdown"), ("nc", "list"), ("audit", "list"), ("review", "list"),
])
def test_other_commands_print_nothing_raw(qms, hostile_db: Path, args: tuple[str, ...]):
    run = qms(*args, "--db", hostile_db)
    assert run.code == 0, run.err
    assert raw_unsafe(run.out + run.err) == []


def test_the_log_shows_a_hand_edited_entry_escaped_on_one_line(qms, hostile_db: Path):
    with Store(hostile_db).transaction() as tx:
        tx.log("edit", "risks", "RR-\x1b[2J", "description: a\nb → \x1b]0;x\x07")
    run = qms("log", "--db", hostile_db, "--limit", "1")
    assert raw_unsafe(run.out) == []
    assert run.out.count("\n") == 1
    assert "RR-\\x1b[2J" in run.out and "a\\x0ab" in run.out


def test_confirmation_lines_are_one_line_and_escaped(qms, demo_db: Path):
    run = qms("risk", "add", "RR-60", "--db", demo_db, "-d", "một\nhai\tba", "-l", "2", "-i", "2",
              "--treatment", "t", "--owner", "o")
    assert run.code == 0, run.err
    assert run.out.count("\n") == 1 and "một\\x0ahai\\x09ba" in run.out
    assert describe_changes({"name": "a"}, {"name": "b\x1b[2J"}) == "name: a → b\\x1b[2J"
    assert raw_unsafe(describe_new({"code": "X", "name": "\u202eabc"})) == []


def test_an_import_note_and_problems_echo_the_file_escaped(qms, demo_db: Path, tmp_path: Path):
    csv_file = tmp_path / "in.csv"
    csv_file.write_text("code,procedure,channel,received,\x1b]0;x\x07col\nBQL-1,QT-DT01,direct,2024-01-02,\n",
                        encoding="utf-8")
    run = qms("import", "dossiers", str(csv_file), "--db", demo_db, "--dry-run")
    assert run.code == 0, run.err
    assert "ghi chú: bỏ qua cột: \\x1b]0;x\\x07col" in run.err
    assert raw_unsafe(run.out + run.err) == []
    csv_file.write_text(f"code,procedure,channel,received\n{DOSSIER_CODES[2]},QT-DT01,direct,2024-01-02\n",
                        encoding="utf-8")
    run = qms("import", "dossiers", str(csv_file), "--db", demo_db)
    assert run.code == 1 and "code: chứa ký tự điều khiển hướng chữ (bidi) (U+202E)" in run.err
    assert raw_unsafe(run.out + run.err) == []


# -- properties: any text through every renderer ---------------------------------------------------------


class Planted:
    """The demo as loaded (once; not a fixture, so that hypothesis does not print it); the tests put drawn
    text into its records in memory."""

    qms = None

    @classmethod
    def get(cls, folder: Path):
        if cls.qms is None:
            cls.qms = Store(create_store(folder / "qms.json", demo=True)).snapshot()
        return cls.qms


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT)
def test_any_stored_text_renders_inert_in_every_summary_format(text: str, tmp_path: Path):
    qms = Planted.get(tmp_path)
    risk = qms.top_risks(1)[0]
    saved = (risk.description, qms.organisation.name, qms.procedures[10].name)
    risk.description, qms.organisation.name, qms.procedures[10].name = text, text, text
    try:
        period = qms.default_period()
        for fmt in SUMMARY_FORMATS:
            out = render_summary(qms, period, fmt)
            assert raw_unsafe(out) == [], (fmt, text)
            if fmt == "svg":
                ET.fromstring(out)
            if fmt == "json":
                assert json.loads(out)["organisation"] == text  # exact
        assert raw_unsafe(render_review_pack(qms, 2024, "text")) == []
    finally:
        risk.description, qms.organisation.name, qms.procedures[10].name = saved


@settings(max_examples=50, deadline=None)
@given(text=ANY_TEXT, style=st.sampled_from(["", "bold", "bold reverse"]))
def test_any_text_in_a_table_cell_or_a_drawn_page_is_inert(text: str, style: str):
    cell = visible_renderable(Text.assemble(("code ", "dim"), (text, style)), one_line=True)
    assert raw_unsafe(cell.plain) == [] and "\n" not in cell.plain and "\t" not in cell.plain
    assert cell.plain == "code " + visible(strip_control_codes(text), one_line=True)  # Rich drops BEL, BS, CR…
    assert raw_unsafe(visible_text(Text(text)).plain) == []

    class Spec:
        key, label, sort, justify = "name", "Tên", None, "left"

        @staticmethod
        def cell(record: str) -> str:
            return record

    export = Export("t", text, context=[text], blocks=[table_block([Spec()], [text])], data={"rows": [text]})
    for fmt in ("text", "markdown", "html", "svg", "json"):
        out = export.render(fmt)
        assert raw_unsafe(out) == [], (fmt, text)
        if fmt == "svg":
            ET.fromstring(out)
        if fmt == "json":
            assert json.loads(out)["rows"] == [text]


def test_hostile_names_are_shown_escaped_not_dropped():
    assert visible(PROCEDURE_NAME, one_line=True).count("\\x1b") == 4
    assert "U+2028" in visible(STAFF_NAME) and "\\x07" in visible(ORG_NAME)
