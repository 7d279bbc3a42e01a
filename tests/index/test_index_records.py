"""The service-index facts of procedures and dossiers: typed on the command line, imported, exported, and
unknown kept apart from "no" all the way."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "importing"))

from exports import write_xlsx

from qms_tui.store import Store

CODE = "BQL-240105-0001"


def _dossier(path: Path, code: str = CODE) -> dict:
    return next(doc for doc in Store(path).load()["dossiers"].values() if doc["code"] == code)


def _procedure(path: Path, code: str) -> dict:
    return next(doc for doc in Store(path).load()["procedures"].values() if doc["code"] == code)


def _add(qms, db: Path, *extra: str) -> None:
    run = qms("dossier", "add", CODE, "-p", "QT-DT01", "-c", "online", "-r", "05/01/2024", *extra, "--db", db)
    assert run.code == 0, run.err


def test_unknown_is_not_stored_and_not_no(qms, bare_db: Path) -> None:
    _add(qms, bare_db)
    doc = _dossier(bare_db)
    assert not {"paid_online", "digitised", "e_result", "supplements"} & doc.keys()


def test_flags_on_add_and_edit_in_vietnamese(qms, bare_db: Path) -> None:
    _add(qms, bare_db, "--paid-online", "Đã thanh toán", "--supplements", "0")
    assert _dossier(bare_db)["paid_online"] is True
    assert _dossier(bare_db)["supplements"] == 0  # zero requests is a fact, not unknown
    run = qms("dossier", "edit", CODE, "--digitised", "Chưa số hóa", "--e-result", "có", "--db", bare_db)
    assert run.code == 0, run.err
    doc = _dossier(bare_db)
    assert (doc["digitised"], doc["e_result"]) == (False, True)


def test_unknown_clears_a_fact(qms, bare_db: Path) -> None:
    _add(qms, bare_db, "--paid-online", "yes")
    run = qms("dossier", "edit", CODE, "--paid-online", "unknown", "--db", bare_db)
    assert run.code == 0 and "Thanh toán trực tuyến: có → —" in run.out  # named in Vietnamese, the default
    assert "paid_online" not in _dossier(bare_db)


def test_bad_flag_is_refused(qms, bare_db: Path) -> None:
    _add(qms, bare_db)
    run = qms("dossier", "edit", CODE, "--supplements", "many", "--db", bare_db)
    assert run.code == 1 and "supplements" in run.err and "Traceback" not in run.err


def test_procedure_level_and_fee(qms, bare_db: Path) -> None:
    run = qms("procedure", "edit", "QT-DT01", "--online-service", "Toàn trình", "--fee", "có", "--db", bare_db)
    assert run.code == 0, run.err
    doc = _procedure(bare_db, "QT-DT01")
    assert (doc["online_service"], doc["fee"]) == ("full", True)
    assert qms("procedure", "edit", "QT-DT01", "--online-service", "level 9", "--db", bare_db).code == 1


HEADER = ["Mã hồ sơ", "Mã thủ tục", "Ngày tiếp nhận", "Hình thức nộp", "Trạng thái thanh toán", "Số hóa",
          "Kết quả điện tử", "Số lần bổ sung"]
ROWS = [
    [CODE, "QT-DT01", "05/01/2024", "Trực tuyến", "Đã thanh toán", "Được số hóa", "Có", "2"],
    ["BQL-240105-0002", "QT-DT01", "05/01/2024", "Trực tiếp", "Chưa thanh toán", "Chưa số hóa", "", ""],
]


def _check_imported(db: Path) -> None:
    first, second = _dossier(db), _dossier(db, "BQL-240105-0002")
    assert (first["paid_online"], first["digitised"], first["e_result"], first["supplements"]) == (True, True, True, 2)
    assert (second["paid_online"], second["digitised"]) == (False, False)
    assert "e_result" not in second and "supplements" not in second  # empty cells: unknown


def test_import_csv_columns(qms, bare_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *ROWS])
    run = qms("import", "dossiers", path, "--db", bare_db)
    assert run.code == 0, run.err
    _check_imported(bare_db)


def test_import_xlsx_columns(qms, bare_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    write_xlsx(path, {"Sheet1": [HEADER, *ROWS]})
    run = qms("import", "dossiers", path, "--db", bare_db)
    assert run.code == 0, run.err
    _check_imported(bare_db)


def test_export_round_trip(qms, bare_db: Path, tmp_path: Path) -> None:
    _add(qms, bare_db, "--paid-online", "no", "--supplements", "0")
    out = tmp_path / "out.csv"
    assert qms("export", "dossiers", "-o", out, "--db", bare_db).code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    row = next(r for r in rows if r["code"] == CODE)
    assert (row["paid_online"], row["digitised"], row["supplements"]) == ("no", "", "0")
    qms("dossier", "edit", CODE, "--paid-online", "yes", "--db", bare_db)
    assert qms("import", "dossiers", out, "--db", bare_db).code == 0
    doc = _dossier(bare_db)
    assert doc["paid_online"] is False and doc["supplements"] == 0 and "digitised" not in doc
