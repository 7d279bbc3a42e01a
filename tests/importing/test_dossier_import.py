"""``qms import dossiers`` / ``qms export dossiers``: formats, aliases, all-or-nothing, idempotence, round trip."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from qms_tui.cli import data as cli_data
from qms_tui.importing import read_dossier_csv
from qms_tui.store import Store


@pytest.fixture(autouse=True)
def english_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the notes (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

CANONICAL = """\
code,procedure,channel,received,due,finished,outcome,pauses
HS-A,QT-DT01,online,2024-08-05,,,,
HS-B,QT-DT01,direct,2024-08-05,2024-08-20,2024-08-19,resolved,
HS-C,QT-DT01,postal,2024-08-05,,2024-08-30,resolved,2024-08-07..2024-08-14
"""


def write(tmp_path: Path, text: str, name: str = "dossiers.csv", *, bom: bool = False, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def dossiers(db: Path) -> dict[str, object]:
    return {d.code: d for d in Store(db).snapshot().dossiers}


# -- happy paths ------------------------------------------------------------------------------------


def test_canonical_csv_adds_dossiers_and_computes_empty_due_dates(qms, bare_db, tmp_path, log_of):
    run = qms("import", "dossiers", write(tmp_path, CANONICAL), "--db", bare_db)
    assert run.code == 0, run.err
    assert run.out.endswith(": 3 added, 0 updated, 0 unchanged\n")
    got = dossiers(bare_db)
    assert got["HS-A"].due == date(2024, 8, 26)  # 15 working days after Monday 05/08/2024
    assert got["HS-B"].due == date(2024, 8, 20)  # an explicit due date wins
    assert got["HS-C"].due == date(2024, 9, 4)  # moved by the 5 paused working days (and 2-3/09 off)
    assert got["HS-C"].pauses == [{"start": "2024-08-07", "end": "2024-08-14"}]
    assert (got["HS-B"].finished, got["HS-B"].outcome, got["HS-B"].channel) == (date(2024, 8, 19), "resolved", "direct")
    entries = log_of(bare_db)
    assert len(entries) == 1, "one change-log entry for the whole import"
    assert (entries[0]["action"], entries[0]["table"], entries[0]["record"]) == ("import", "dossiers", "dossiers.csv")
    assert entries[0]["summary"].startswith("3 added, 0 updated, 0 unchanged")


VIETNAMESE = """\
STT;MÃ HỒ SƠ;Tên tổ chức, cá nhân;Mã thủ tục;Hình thức nộp;Ngày tiếp nhận;Ngày hẹn trả;Ngày trả kết quả;Trạng thái
1;HS-V1;Công ty TNHH A;QT-DT01;Trực tuyến;05/08/2024;;;Đang giải quyết
2;HS-V2;Công ty B; QT-DT02 ;trực tiếp;01/08/2024 08:30;;09/08/2024 16:00;Đã trả kết quả
3;HS-V3;"Nguyễn Văn C; hộ kinh doanh";QT-DT02;Dịch vụ bưu chính công ích;01/08/2024;;02/08/2024;Rút hồ sơ
4;HS-V4;D;QT-DT02;BƯU CHÍNH;01/08/2024;;02/08/2024;trả lại
5;HS-V5;E;QT-DT02;truc tuyen;01/08/2024;;30/08/2024;Đã giải quyết quá hạn
"""


@pytest.mark.parametrize("bom", [False, True])
def test_semicolon_vietnamese_headers_and_values_with_or_without_bom(qms, bare_db, tmp_path, bom):
    run = qms("import", "dossiers", write(tmp_path, VIETNAMESE, bom=bom), "--db", bare_db)
    assert run.code == 0, run.err
    assert "5 added, 0 updated, 0 unchanged" in run.out
    assert "note: ignored column(s): STT\n" in run.err
    assert "note: applicant column(s) ignored, never stored (personal data): Tên tổ chức, cá nhân\n" in run.err
    got = dossiers(bare_db)
    assert [(got[c].channel, got[c].outcome) for c in ("HS-V1", "HS-V2", "HS-V3", "HS-V4", "HS-V5")] == [
        ("online", None), ("direct", "resolved"), ("postal", "withdrawn"), ("postal", "returned"),
        ("online", "resolved"),
    ]  # fmt: skip
    assert got["HS-V2"].procedure == "QT-DT02" and got["HS-V2"].received == date(2024, 8, 1)
    assert got["HS-V2"].finished == date(2024, 8, 9)


def test_comma_file_with_vietnamese_aliases_and_a_title_line(qms, bare_db, tmp_path):
    text = (
        "DANH SÁCH HỒ SƠ THÁNG 8/2024,,,,,\n"
        "Mã hồ sơ,Mã quy trình,Kênh,Ngày nhận,Ngày hoàn thành,Kết quả\n"
        "HS-T1,QT-DT01,online,2024-08-05,2024-08-06,đã giải quyết\n"
    )
    run = qms("import", "dossiers", write(tmp_path, text), "--db", bare_db)
    assert run.code == 0, run.err
    assert dossiers(bare_db)["HS-T1"].outcome == "resolved"


def test_reimporting_the_same_file_changes_nothing_and_writes_nothing(qms, bare_db, tmp_path, log_of):
    path = write(tmp_path, CANONICAL)
    assert qms("import", "dossiers", path, "--db", bare_db).code == 0
    before, stat = bare_db.read_bytes(), bare_db.stat()
    run = qms("import", "dossiers", path, "--db", bare_db)
    assert run.code == 0, run.err
    assert run.out.endswith(": 0 added, 0 updated, 3 unchanged\n")
    assert bare_db.read_bytes() == before and bare_db.stat().st_mtime_ns == stat.st_mtime_ns
    assert len(log_of(bare_db)) == 1


def test_changed_rows_update_by_code(qms, bare_db, tmp_path):
    qms("import", "dossiers", write(tmp_path, CANONICAL), "--db", bare_db)
    changed = CANONICAL.replace("2024-08-05,,,,", "2024-08-05,,2024-08-28,resolved,")
    run = qms("import", "dossiers", write(tmp_path, changed, "v2.csv"), "--db", bare_db)
    assert run.out.endswith(": 0 added, 1 updated, 2 unchanged\n")
    assert dossiers(bare_db)["HS-A"].finished == date(2024, 8, 28)


def test_absent_optional_columns_keep_the_stored_values(qms, bare_db, tmp_path):
    qms("import", "dossiers", write(tmp_path, CANONICAL), "--db", bare_db)
    receipts = "code,procedure,channel,received\nHS-B,QT-DT01,direct,2024-08-05\nHS-C,QT-DT01,postal,2024-08-05\n"
    run = qms("import", "dossiers", write(tmp_path, receipts, "receipts.csv"), "--db", bare_db)
    assert run.out.endswith(": 0 added, 0 updated, 2 unchanged\n"), run.err
    got = dossiers(bare_db)
    assert got["HS-B"].outcome == "resolved" and got["HS-B"].due == date(2024, 8, 20)
    assert got["HS-C"].pauses and got["HS-C"].due == date(2024, 9, 4)


def test_dry_run_reports_and_writes_nothing(qms, bare_db, tmp_path):
    qms("import", "dossiers", write(tmp_path, CANONICAL), "--db", bare_db)
    before = bare_db.read_bytes()
    text = CANONICAL.replace(",2024-08-20,2024-08-19,", ",2024-08-21,2024-08-19,")
    text += "HS-D,QT-DT02,online,2024-08-01,,,,\n"
    run = qms("import", "dossiers", write(tmp_path, text, "v2.csv"), "--dry-run", "--db", bare_db)
    assert run.code == 0, run.err
    assert "line 3: update HS-B: due: 20/08/2024 → 21/08/2024" in run.out
    assert "line 5: add HS-D (QT-DT02, online, received 01/08/2024, due 15/08/2024)" in run.out
    assert run.out.endswith("v2.csv: dry run, nothing written: would be 1 added, 1 updated, 2 unchanged\n")
    assert bare_db.read_bytes() == before


def test_dry_run_works_on_a_read_only_store_but_an_import_does_not(qms, bare_db, tmp_path):
    path = write(tmp_path, CANONICAL)
    assert qms("--read-only", "import", "dossiers", path, "--dry-run", "--db", bare_db).code == 0
    run = qms("--read-only", "import", "dossiers", path, "--db", bare_db)
    assert (run.code, run.err) == (2, f"qms: {bare_db} is open read-only: nothing can be changed\n")


# -- all or nothing ---------------------------------------------------------------------------------

HEADER = "code,procedure,channel,received,due,finished,outcome,pauses\n"
GOOD = "HS-OK,QT-DT01,online,2024-08-05,,,,\n"

BAD_ROWS = [
    ("HS-1,QT-ZZ99,online,2024-08-05,,,,", "procedure: unknown procedure 'QT-ZZ99'"),
    ("HS-1,QT-C01,online,2024-08-05,,,,", "procedure: QT-C01 is a general procedure, not a TTHC"),
    ("HS-1,QT-VP01,online,2024-08-05,,,,", "procedure: QT-VP01 is a internal procedure, not a TTHC"),
    ("HS-1,,online,2024-08-05,,,,", "procedure: is empty"),
    (",QT-DT01,online,2024-08-05,,,,", "code: is empty"),
    ("HS-1,QT-DT01,online,31/02/2024,,,,", "received: '31/02/2024' is not a real date"),
    ("HS-1,QT-DT01,online,hôm qua,,,,", "received: 'hôm qua' is not a date: use dd/mm/yyyy or YYYY-MM-DD"),
    ("HS-1,QT-DT01,online,,,,,", "received: is empty"),
    ("HS-1,QT-DT01,online,2024-08-05,soon,,,", "due: 'soon' is not a date"),
    ("HS-1,QT-DT01,online,2024-08-05,2024-08-01,,,", "due: 01/08/2024 is before the received date 05/08/2024"),
    ("HS-1,QT-DT01,online,2024-08-05,,2024-08-01,resolved,", "finished: 01/08/2024 is before the received date"),
    ("HS-1,QT-DT01,online,2024-08-05,,2024-08-09,,", "outcome: is empty but the dossier was finished on 09/08/2024"),
    ("HS-1,QT-DT01,online,2024-08-05,,,resolved,", "finished: is empty but the outcome is resolved"),
    ("HS-1,QT-DT01,online,2024-08-05,,2024-08-09,approved,", "outcome: 'approved' is not an outcome"),
    ("HS-1,QT-DT01,fax,2024-08-05,,,,", "channel: 'fax' is not a channel: use online, direct, postal"),
    ("HS-1,QT-DT01,,2024-08-05,,,,", "channel: is empty"),
    ("HS-1,QT-DT01,online,2024-09-02,,,,", "received: 02/09/2024 is after today (01/09/2024)"),
    ("HS-1,QT-DT01,online,2024-08-05,,,,2024-08-07", "pauses: '2024-08-07' is not a pause"),
    ("HS-1,QT-DT01,online,2024-08-05,,,,2024-08-01..2024-08-09", "pauses: pause 1 starts on 01/08/2024, before"),
    ("HS-1,QT-DT01,online,2024-08-05,,,,2024-08-09..2024-08-07", "pauses: pause 1 ends before it starts"),
    ("HS-1,QT-DT01,online,2024-08-05,,,,2024-08-07..|2024-08-09..", "pauses: pause 1 has no end but is not the last"),
    ("HS-1,QT-DT01,online,2024-08-05,,,,,extra", "9 cells but the header has 8"),
    ("HS-OK,QT-DT02,online,2024-08-05,,,,", "code: HS-OK is also on line 2"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_any_bad_row_aborts_the_import_with_file_and_line(qms, demo_db, tmp_path, row, message):
    path = write(tmp_path, HEADER + GOOD + row + "\n" + GOOD.replace("HS-OK", "HS-OK2"))
    before = demo_db.read_bytes()
    run = qms("import", "dossiers", path, "--db", demo_db)
    assert run.code == 1
    assert f"{path}:3: {message}" in run.err
    assert run.err.splitlines()[-1] == f"qms: {path}: 1 problem; nothing was imported"
    assert demo_db.read_bytes() == before


def test_every_problem_is_listed_in_line_order(qms, demo_db, tmp_path):
    text = HEADER + "HS-1,QT-ZZ,fax,2024-08-05,,,,\n" + GOOD + '"HS-2",QT-DT01,online,"05/08/\n2024",,,,\n' + GOOD
    path = write(tmp_path, text)
    run = qms("import", "dossiers", path, "--db", demo_db)
    assert run.code == 1
    assert run.err.splitlines() == [
        f"{path}:2: procedure: unknown procedure 'QT-ZZ'",
        f"{path}:2: channel: 'fax' is not a channel: use online, direct, postal (or trực tuyến, trực tiếp, bưu chính)",
        f"{path}:4: received: '05/08/\\n2024' is not a date: use dd/mm/yyyy or YYYY-MM-DD",
        f"{path}:6: code: HS-OK is also on line 3",
        f"qms: {path}: 4 problems; nothing was imported",
    ]


def test_missing_required_columns_are_named(qms, demo_db, tmp_path):
    path = write(tmp_path, "Mã hồ sơ,Ngày nhận\nHS-1,01/08/2024\n")
    run = qms("import", "dossiers", path, "--db", demo_db)
    assert run.code == 1
    assert f'{path}:1: missing column(s): procedure ("procedure" / "Mã thủ tục" / "Mã quy trình") or' in run.err
    assert 'procedure_name ("procedure_name" / "Tên thủ tục hành chính" / "Tên thủ tục")' in run.err
    assert "channel" not in run.err, "without a channel column the channel is unknown"
    assert "the header has 'Mã hồ sơ', 'Ngày nhận'" in run.err


def test_two_columns_for_one_field_is_a_header_problem(qms, demo_db, tmp_path):
    path = write(tmp_path, HEADER.replace("outcome", "Kết quả,Trạng thái").rstrip() + "\n")
    run = qms("import", "dossiers", path, "--db", demo_db)
    assert run.code == 1 and f"{path}:1: outcome: two columns mean the same: 'Kết quả' and 'Trạng thái'" in run.err


# -- unusable files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        ((HEADER + "HS-1,QT-DT01,online,2024-08-05,,,,\n").encode() + b"HS-\x81,QT-DT01,online,2024-08-05,,,,\n", 1,
         ":3: the file is not UTF-8 text (byte 0x81) and does not read as Windows-1258 or Windows-1252 either;"
         " pass its encoding, e.g. --encoding cp1258, or save it as CSV UTF-8"),
        (b"", 1, ": the file is empty: expected a header row"),
        (b"\x00\x01PK\x03", 1, ": the file contains NUL bytes: it is not a CSV text file"),
    ],
)  # fmt: skip
def test_unusable_files_give_one_clear_line(qms, demo_db, tmp_path, content, code, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    before = demo_db.read_bytes()
    run = qms("import", "dossiers", path, "--db", demo_db)
    assert (run.code, run.err) == (code, f"qms: {path}{message}\n")
    assert demo_db.read_bytes() == before


def test_missing_file_exit_2(qms, demo_db, tmp_path):
    run = qms("import", "dossiers", tmp_path / "nope.csv", "--db", demo_db)
    assert (run.code, run.err) == (2, f"qms: {tmp_path / 'nope.csv'}: no such file\n")


# -- export and round trip ------------------------------------------------------------------------------


def test_export_then_import_into_an_empty_copy_round_trips_exactly(qms, demo_db, bare_db, tmp_path):
    out = tmp_path / "export.csv"
    run = qms("export", "dossiers", "--output", out, "--db", demo_db)
    assert run.code == 0 and f"wrote {len(dossiers(demo_db))} dossier(s) to {out}" in run.err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("code,procedure,channel,received,due,finished,outcome,pauses,online_level,paid_online,"
                           "digitised,e_result,supplements\n")
    assert "..2024-" in text, "the demo has dossiers with pauses"
    assert qms("import", "dossiers", out, "--db", bare_db).code == 0
    original = [d.to_doc() for d in Store(demo_db).snapshot().dossiers]
    copied = [d.to_doc() for d in Store(bare_db).snapshot().dossiers]
    assert copied == original
    again = qms("export", "dossiers", "--db", bare_db)
    assert again.out == text


def test_the_online_service_level_survives_export_and_import(qms, demo_db, bare_db, tmp_path):
    """``online_level`` (fully / partly online service) is an export column, so a round trip keeps it."""
    levels = write(tmp_path, "code,procedure,channel,received\n"
                   "LV-1,QT-DT01,Trực tuyến toàn trình,2024-08-05\n"
                   "LV-2,QT-DT01,Trực tuyến một phần,2024-08-06\n"
                   "LV-3,QT-DT01,Trực tiếp,2024-08-07\n", "levels.csv")
    assert qms("import", "dossiers", levels, "--db", bare_db).code == 0
    assert {c: d.online_level for c, d in dossiers(bare_db).items()} == {"LV-1": "full", "LV-2": "partial",
                                                                          "LV-3": None}
    out = tmp_path / "export.csv"
    assert qms("export", "dossiers", "-o", out, "--db", bare_db).code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    level = header.index("online_level")
    assert header[level - 1] == "pauses"
    assert [line.split(",")[level] for line in lines[1:]] == ["full", "partial", ""]
    assert qms("import", "dossiers", out, "--db", demo_db).code == 0  # into another store
    copied = dossiers(demo_db)
    assert {c: copied[c].to_doc() for c in ("LV-1", "LV-2", "LV-3")} == {
        c: d.to_doc() for c, d in dossiers(bare_db).items()}


def test_export_json_and_bom(qms, demo_db, tmp_path):
    out = tmp_path / "d.json"
    assert qms("export", "dossiers", "-o", out, "--db", demo_db).code == 0
    docs = json.loads(out.read_text(encoding="utf-8"))
    assert len(docs) == len(dossiers(demo_db)) and set(docs[0]) >= {"code", "procedure", "due", "pauses"}
    run = qms("export", "dossiers", "--bom", "--db", demo_db)
    assert run.out.startswith("\ufeffcode,")
    assert qms("export", "dossiers", "--format", "xml", "--db", demo_db).code == 2


# -- the progress bar -----------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(qms, bare_db, tmp_path, monkeypatch):
    path = write(tmp_path, CANONICAL)
    run = qms("import", "dossiers", path, "--db", bare_db)
    assert "━" not in run.err and "\r" not in run.err, "no progress bar when stderr is not a terminal"

    table = read_dossier_csv(path)
    monkeypatch.setattr(cli_data, "PROGRESS_MIN_LINES", 0)
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with cli_data._progress(table) as progress:
        assert progress is not None
        progress(2)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with cli_data._progress(table) as progress:
        assert progress is None


def test_importing_a_stores_own_export_changes_nothing(qms, demo_db, tmp_path):
    out = tmp_path / "own.csv"
    qms("export", "dossiers", "-o", out, "--db", demo_db)
    before = demo_db.read_bytes()
    run = qms("import", "dossiers", out, "--db", demo_db)
    assert run.code == 0 and run.out.endswith(f": 0 added, 0 updated, {len(dossiers(demo_db))} unchanged\n")
    assert demo_db.read_bytes() == before


def test_tab_separated_with_crlf_line_ends(qms, bare_db, tmp_path):
    text = CANONICAL.replace(",", "\t").replace("\n", "\r\n")
    run = qms("import", "dossiers", write(tmp_path, text, "d.tsv"), "--db", bare_db)
    assert run.code == 0 and "3 added" in run.out, run.err


# -- implausible dates ------------------------------------------------------------------------------


def test_an_implausible_date_fails_the_import_naming_file_line_and_field(qms, bare_db, tmp_path):
    text = (CANONICAL + "HS-D,QT-DT01,online,0001-01-01,,,,\n"
            "HS-E,QT-DT01,online,2024-08-05,2040-01-01,,,\n"
            "HS-F,QT-DT01,online,2024-08-05,,,,2024-08-06..2099-01-01\n")
    before = bare_db.read_bytes()
    run = qms("import", "dossiers", write(tmp_path, text), "--db", bare_db)
    assert run.code == 1
    assert "dossiers.csv:5: received: 01/01/0001 is before 01/01/1990: not a plausible date" in run.err
    assert "dossiers.csv:6: due: 01/01/2040 is more than 5 years after today (01/09/2024)" in run.err
    assert "dossiers.csv:7: pauses: pause 1 end: 01/01/2099 is more than 5 years after today" in run.err
    assert "nothing was imported" in run.err
    assert bare_db.read_bytes() == before
    assert dossiers(bare_db) == {}


def test_a_one_row_import_reads_and_writes_only_the_shard_of_its_code(demo_db: Path, tmp_path: Path, monkeypatch):
    """A row added and a row updated in a 32-shard store: only their shards are read (and the change log)."""
    from qms_tui.importing import import_dossiers
    from qms_tui.store.aggregates import aggregate_problem
    from qms_tui.store.shards import dossier_shard

    before = {d.code: d for d in Store(demo_db).snapshot().dossiers}
    old = next(d for d in before.values() if d.finished is None)
    csv = tmp_path / "two.csv"
    csv.write_text("code,procedure,channel,received,due,finished,outcome\n"
                   f"HS-NEW,{old.procedure},online,05/08/2024,,,\n"
                   f"{old.code},{old.procedure},{old.channel},{old.received:%d/%m/%Y},,30/08/2024,resolved\n",
                   encoding="utf-8")
    read: list[str] = []
    original = Store._shard
    monkeypatch.setattr(Store, "_shard", lambda self, table, name, layout: read.append(table + "/" + name[
        len(table) + 1:].split("-")[0]) or original(self, table, name, layout))
    plan = import_dossiers(Store(demo_db), read_dossier_csv(csv))
    assert (len(plan.added), len(plan.updated)) == (1, 1)
    assert sorted(r for r in read if r.startswith("dossiers/")) == sorted(
        {f"dossiers/{dossier_shard('HS-NEW')}", f"dossiers/{dossier_shard(old.code)}"})
    monkeypatch.undo()
    after = {d.code: d for d in Store(demo_db).snapshot().dossiers}
    assert after.keys() == before.keys() | {"HS-NEW"}
    assert after[old.code].finished == date(2024, 8, 30) and after[old.code].outcome == "resolved"
    assert after["HS-NEW"].due is not None
    assert {k: v for k, v in after.items() if k not in ("HS-NEW", old.code)} == {
        k: v for k, v in before.items() if k != old.code}
    store = Store(demo_db, read_only=True)
    assert aggregate_problem(store, store.snapshot().dossier_docs) is None


def test_a_large_file_is_imported_into_the_whole_table_with_the_same_result(demo_db: Path, tmp_path: Path,
                                                                            monkeypatch):
    """Past ``BY_SHARD_LINES`` the dossiers are held whole (faster in bulk): the same documents result."""
    from qms_tui.importing import dossiers as importing_dossiers
    from qms_tui.importing import import_dossiers

    csv = tmp_path / "new.csv"
    csv.write_text("code,procedure,channel,received,due,finished,outcome\nHS-NEW,QT-LD03,online,05/08/2024,,,\n",
                   encoding="utf-8")
    copy = tmp_path / "copy.json"
    Store(demo_db).copy_to(copy)
    import_dossiers(Store(demo_db), read_dossier_csv(csv))
    monkeypatch.setattr(importing_dossiers, "BY_SHARD_LINES", 0)
    import_dossiers(Store(copy), read_dossier_csv(csv))
    by_shard, whole = (Store(p).snapshot().dossier_docs for p in (demo_db, copy))
    assert len(whole) == 879 and sorted(map(str, whole)) == sorted(map(str, by_shard))
