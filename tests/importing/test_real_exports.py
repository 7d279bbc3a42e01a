"""``qms import dossiers`` on exports shaped as one-stop-shop systems write them: the figures must come out right.

Every format holds the same nine rows (``exports.py``); after the import, ``qms summary --format json`` must
count what Biểu 06 counts, the national codes must be matched, the online level kept, and no applicant data
stored.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from exports import (
    EXPECTED,
    HEADER,
    NATIONAL_CODES,
    PERSONAL,
    cp1258_export,
    csv_export,
    flat_rows,
    html_xls_export,
    write_ods,
    write_xlsx,
    xlsx_export,
)

from qms_tui.store import Store


@pytest.fixture(autouse=True)
def english_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the notes (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")


@pytest.fixture
def agency_db(bare_db: Path) -> Path:
    """The bare demo store whose two investment procedures carry their national TTHC codes."""
    with Store(bare_db).transaction() as tx:
        for doc in tx.tables["procedures"].values():
            if doc.get("code") in NATIONAL_CODES:
                doc["national_code"] = NATIONAL_CODES[doc["code"]]
        tx.touched("procedures")
    return bare_db


def figures(qms, db: Path) -> dict[str, object]:
    run = qms("summary", "--format", "json", "--from", "2024-01-01", "--to", "2024-09-01", "--db", db)
    assert run.code == 0, run.err
    counts = json.loads(run.out)["dossiers"]
    return {key: counts[key] for key in EXPECTED}


def stored(db: Path) -> dict[str, object]:
    return {d.code: d for d in Store(db).snapshot().dossiers}


def assert_imported(run, db: Path, *, channels: bool = True) -> None:
    assert run.code == 0, run.err
    assert run.out.endswith(": 8 added, 0 updated, 0 unchanged\n"), run.out
    got = stored(db)
    assert "000.00.31.H26-240404-0008" not in got, "'Không được tiếp nhận' is not a received dossier"
    assert got["000.00.31.H26-240105-0001"].procedure == "QT-DT01"  # 2.000477.000.00.00.H56
    assert got["000.00.31.H26-240110-0002"].procedure == "QT-DT02"  # 2.002621.H56
    assert got["000.00.31.H26-240301-00004"].procedure == "QT-DT08"  # by name, case/accents/spaces aside
    withdrawn = got["000.00.31.H26-240402-0006"]
    assert (withdrawn.outcome, withdrawn.finished) == ("withdrawn", date(2024, 4, 10)), "date from 'Ngày cập nhật'"
    assert got["000.00.31.H26-240403-0007"].outcome == "returned"
    assert got["000.00.31.H26-240105-0001"].received == date(2024, 1, 5)
    if channels:
        assert got["000.00.31.H26-240105-0001"].online_level == "full"
        assert got["000.00.31.H26-240110-0002"].online_level == "partial"
        assert got["000.00.31.H26-240403-0007"].online_level is None
        assert [got[f"000.00.31.H26-2408{n}"].channel for n in ("20-0005",)] == ["postal"]
    assert "1 row(s) not received (\"Không được tiếp nhận\") skipped" in run.err
    store_text = "".join(path.read_text(encoding="utf-8") for path in db.parent.rglob("*.json"))
    for secret in PERSONAL:
        assert secret not in store_text


def test_csv_with_bom_semicolons_title_rows_numbers_totals_and_national_codes(qms, agency_db, tmp_path):
    run = qms("import", "dossiers", csv_export(tmp_path / "danh_sach.csv"), "--db", agency_db)
    assert_imported(run, agency_db)
    assert figures(qms, agency_db) == EXPECTED
    assert "note: applicant column(s) ignored, never stored (personal data): Chủ hồ sơ, Số CCCD, Địa chỉ" in run.err
    assert "note: 1 totals row(s) skipped: line 14" in run.err
    assert "note: ignored column(s): STT, Tên thủ tục hành chính" not in run.err  # the name is read


def test_xlsx_with_a_merged_two_row_header_gives_the_same_figures(qms, agency_db, tmp_path):
    path = xlsx_export(tmp_path / "danh_sach.xlsx")
    run = qms("import", "dossiers", path, "--db", agency_db)
    assert_imported(run, agency_db)
    assert figures(qms, agency_db) == EXPECTED
    assert "note: read as Excel workbook (.xlsx), sheet 'Danh sách hồ sơ'" in run.err
    assert "note: 1 totals row(s) skipped: row 16" in run.err


def test_html_table_named_xls_without_a_channel_column(qms, agency_db, tmp_path):
    run = qms("import", "dossiers", html_xls_export(tmp_path / "export.xls"), "--db", agency_db)
    assert_imported(run, agency_db, channels=False)
    expected = {**EXPECTED, "new_online": 0, "new_direct": 0, "new_unknown": 7}
    assert figures(qms, agency_db) == expected, "the channel is reported unknown, not guessed"
    assert "note: read as web page (HTML table), table 2 of 2 (--sheet to choose)" in run.err
    assert "the file has no channel column: new dossiers have the channel unknown" in run.err
    assert {d.channel for d in stored(agency_db).values()} == {"unknown"}
    text = qms("summary", "--from", "2024-01-01", "--to", "2024-09-01", "--lang", "vi", "--db", agency_db).out
    assert "chưa rõ kênh 7" in text


def test_ods_named_xlsx_is_read_by_content(qms, agency_db, tmp_path):
    path = tmp_path / "from_libreoffice.xlsx"
    write_ods(path, "Hồ sơ", [["Danh sách hồ sơ"], HEADER, *flat_rows()])
    run = qms("import", "dossiers", path, "--db", agency_db)
    assert_imported(run, agency_db)
    assert "note: read as OpenDocument spreadsheet (.ods), sheet 'Hồ sơ'" in run.err
    assert figures(qms, agency_db) == EXPECTED


def test_channel_option_fills_a_file_without_one(qms, agency_db, tmp_path):
    path = html_xls_export(tmp_path / "export.xlsx")  # an HTML table under an .xlsx name
    run = qms("import", "dossiers", path, "--channel", "trực tiếp", "--db", agency_db)
    assert run.code == 0, run.err
    assert {d.channel for d in stored(agency_db).values()} == {"direct"}
    assert figures(qms, agency_db)["new_direct"] == 7


def test_windows_1258_csv_is_detected_and_said(qms, agency_db, tmp_path):
    path = cp1258_export(tmp_path / "cu.csv")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    run = qms("import", "dossiers", path, "--db", agency_db)
    assert_imported(run, agency_db)
    assert "note: the file is not UTF-8: read as Windows-1258" in run.err
    assert figures(qms, agency_db) == EXPECTED
    assert stored(agency_db)["000.00.31.H26-240402-0006"].finished == date(2024, 4, 10)  # d-m-Y


def test_encoding_option_always_wins(qms, agency_db, tmp_path):
    path = cp1258_export(tmp_path / "cu.csv")
    before = agency_db.read_bytes()
    run = qms("import", "dossiers", path, "--encoding", "utf-8", "--db", agency_db)
    assert run.code == 1 and run.err.startswith(f"qms: {path}:1: the file is not utf-8 text (byte 0x"), run.err
    assert agency_db.read_bytes() == before
    run = qms("import", "dossiers", path, "--encoding", "nope", "--db", agency_db)
    assert (run.code, run.err) == (1, "qms: 'nope' is not an encoding Python knows (try utf-8, cp1258, cp1252)\n")


def test_a_utf16_file_is_read(qms, agency_db, tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes(("Mã hồ sơ\tMã thủ tục\tNgày tiếp nhận\nHS-1\tQT-DT01\t05/08/2024\n").encode("utf-16"))
    run = qms("import", "dossiers", path, "--db", agency_db)
    assert run.code == 0 and "1 added" in run.out, run.err
    assert "note: read as UTF-16 text" in run.err


def test_latin1_text_reads_as_windows_1252_with_a_note(qms, agency_db, tmp_path):
    path = tmp_path / "west.csv"
    path.write_bytes("code,procedure,received\nHS-Café,QT-DT01,2024-08-05\n".encode("cp1252"))
    run = qms("import", "dossiers", path, "--db", agency_db)
    assert run.code == 0, run.err
    assert "read as Windows-1252" in run.err and "HS-Café" in stored(agency_db)


# -- sheets, errors that point at FILE:SHEET:ROW ------------------------------------------------------


def test_sheet_option_and_errors_name_file_sheet_row(qms, agency_db, tmp_path):
    path = tmp_path / "two.xlsx"
    rows = [["Mã hồ sơ", "Mã thủ tục", "Ngày tiếp nhận"], ["HS-1", "QT-DT01", "05/08/2024"],
            ["HS-2", "9.999999", "06/08/2024"], ["HS-3", "QT-DT01", "31/02/2024"]]
    write_xlsx(path, {"Tóm tắt": [["nothing here"]], "Hồ sơ": rows})
    run = qms("import", "dossiers", path, "--db", agency_db)
    assert run.code == 1 and "missing column(s)" in run.err, "the first sheet is read by default"
    run = qms("import", "dossiers", path, "--sheet", "Nope", "--db", agency_db)
    assert (run.code, run.err) == (1, f"qms: {path}: no sheet 'Nope'; the workbook has 'Tóm tắt', 'Hồ sơ'\n")
    run = qms("import", "dossiers", path, "--sheet", "Hồ sơ", "--db", agency_db)
    assert run.code == 1
    assert run.err.splitlines() == [
        f"{path}:Hồ sơ:3: procedure: no procedure has the national code '9.999999'",
        f"{path}:Hồ sơ:4: received: '31/02/2024' is not a real date (day is out of range for month)",
        f"qms: {path}: 2 problems; nothing was imported",
    ]


def test_unmatched_names_list_the_closest_procedures(qms, agency_db, tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("Mã hồ sơ,Tên thủ tục,Ngày tiếp nhận\nHS-1,Cấp lại Giấy chứng nhận đầu tư,05/08/2024\n",
                    encoding="utf-8")
    run = qms("import", "dossiers", path, "--db", agency_db)
    assert run.code == 1
    assert (f"{path}:2: procedure_name: no procedure has the code, national code or name"
            " 'Cấp lại Giấy chứng nhận đầu tư'; closest: QT-DT08 'Cấp lại Giấy chứng nhận đăng ký đầu tư'"
            ) in run.err


def test_withdrawn_without_any_date_says_which_column_is_needed(qms, agency_db, tmp_path):
    path = tmp_path / "rut.csv"
    path.write_text("Mã hồ sơ,Mã thủ tục,Ngày tiếp nhận,Trạng thái\nHS-1,QT-DT01,05/08/2024,Rút hồ sơ\n",
                    encoding="utf-8")
    run = qms("import", "dossiers", path, "--db", agency_db)
    assert run.code == 1
    assert (f"{path}:2: finished: is empty but the outcome is withdrawn ('Rút hồ sơ') and the file has no"
            " status-date column: the date it ended is needed, in a result-date column (\"Ngày trả kết quả\")"
            ) in run.err


# -- --mapping and --show-mapping -------------------------------------------------------------------------

ODD = """\
Số HS điện tử;Thủ tục số;Ngày nhận HS;Kênh;Tình trạng;Người nộp đơn
A-1;QT-DT01;05/08/2024;Zalo;Chờ ký;Nguyễn Văn Bình
A-2;QT-DT01;06/08/2024;Zalo;Hủy;Trần Thị Cúc
A-3;QT-DT01;07/08/2024;Trực tuyến toàn trình;Đang xử lý;Lê Văn Dũng
"""
MAPPING = """\
[columns]
"Số HS điện tử" = "code"
"Thủ tục số" = "procedure"
"Ngày nhận HS" = "received"
"Người nộp đơn" = "personal"

[values.channel]
"zalo" = "online"

[values.outcome]
"Chờ ký" = ""
"Hủy" = "not_received"
"""


def test_mapping_file_teaches_a_systems_words(qms, agency_db, tmp_path):
    data = tmp_path / "odd.csv"
    data.write_text(ODD, encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    run = qms("import", "dossiers", data, "--db", agency_db)
    assert run.code == 1, "without the mapping the required columns are missing"
    run = qms("import", "dossiers", data, "--mapping", mapping, "--db", agency_db)
    assert run.code == 0, run.err
    got = stored(agency_db)
    assert sorted(got) == ["A-1", "A-3"] and got["A-1"].channel == "online" and got["A-1"].outcome is None
    assert "applicant column(s) ignored, never stored (personal data): Người nộp đơn" in run.err
    json_mapping = tmp_path / "map.json"
    json_mapping.write_text(json.dumps({"columns": {"Số HS điện tử": "code", "Thủ tục số": "procedure",
                                                    "Ngày nhận HS": "received", "Kênh": "ignore"}}))
    assert qms("import", "dossiers", data, "--mapping", json_mapping, "--dry-run", "--db", agency_db).code == 1


def test_show_mapping_explains_and_writes_nothing(qms, agency_db, tmp_path):
    data = tmp_path / "odd.csv"
    data.write_text(ODD, encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING.replace('"Hủy" = "not_received"\n', ""), encoding="utf-8")
    before = agency_db.read_bytes()
    run = qms("import", "dossiers", data, "--mapping", mapping, "--show-mapping", "--db", agency_db)
    assert run.code == 0, run.err
    assert agency_db.read_bytes() == before
    lines = run.out.splitlines()
    assert "  1. 'Số HS điện tử' → code" in lines
    assert "  6. 'Người nộp đơn' → personal data: never read or stored" in lines
    assert "    'QT-DT01' ×3 → QT-DT01 (by code)" in lines
    assert "    'Zalo' ×2 → online" in lines
    assert "    'Trực tuyến toàn trình' ×1 → online (full)" in lines
    assert any(line.startswith("    'Hủy' ×1 → NOT UNDERSTOOD (") for line in lines)
    assert "  received: e.g. '05/08/2024' → 05/08/2024" in lines
    assert lines[-1] == "nothing was written (--show-mapping)"


@pytest.mark.parametrize(
    ("text", "message"),
    [('[columns]\n"X" = "colour"\n', "columns: 'X' = 'colour': use one of code, procedure"),
     ('[values.channel]\n"X" = "fax"\n', "values.channel: 'X' = 'fax': use one of online, direct"),
     ("[columns\n", "not a TOML or JSON mapping")],
)  # fmt: skip
def test_bad_mapping_files_are_one_line(qms, agency_db, tmp_path, text, message):
    data = tmp_path / "odd.csv"
    data.write_text(ODD, encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(text, encoding="utf-8")
    run = qms("import", "dossiers", data, "--mapping", mapping, "--db", agency_db)
    assert run.code == 1 and run.err.startswith(f"qms: {mapping}: ") and message in run.err, run.err
    assert len(run.err.splitlines()) == 1


def test_binary_xls_from_an_older_system_gives_the_same_figures(qms, agency_db, tmp_path):
    """A real BIFF workbook (what Excel 97-2003 and several provincial systems save), written by xlwt:
    title rows above the header and a totals row below, read through the same reader as .xlsx."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Hồ sơ")
    rows = [["BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG"], ["DANH SÁCH HỒ SƠ TIẾP NHẬN"], HEADER, *flat_rows(),
            ["Tổng cộng"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "danh_sach.xls"
    book.save(str(path))
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # the OLE2 container of BIFF, not HTML or zip
    run = qms("import", "dossiers", path, "--db", agency_db)
    assert_imported(run, agency_db)
    assert figures(qms, agency_db) == EXPECTED
