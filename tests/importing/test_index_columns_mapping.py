"""The per-dossier service-index columns (paid online, digitised, electronic result, supplement requests) under
Vietnamese headers other systems use, explained by ``--show-mapping`` and overridden by a ``--mapping`` file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qms_tui.store import Store

HEADER = ["Mã hồ sơ", "Mã thủ tục", "Ngày tiếp nhận", "Hình thức nộp", "Tình trạng thanh toán", "Số hóa TPHS",
          "Cấp kết quả điện tử", "Số lần yêu cầu bổ sung hồ sơ"]
ROWS = [
    ["BQL-240105-0001", "QT-DT01", "05/01/2024", "Trực tuyến", "Đã thanh toán", "Tái sử dụng", "Có", "1"],
    ["BQL-240105-0002", "QT-DT01", "05/01/2024", "Trực tiếp", "Chờ thanh toán", "Chưa số hóa", "Không", "0"],
    ["BQL-240105-0003", "QT-DT01", "05/01/2024", "Trực tiếp", "Nộp phí qua ví điện tử", "", "chưa rõ", ""],
]


def _write(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "mot-cua.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def _dossiers(db: Path) -> dict[str, dict]:
    return {doc["code"]: doc for doc in Store(db).load()["dossiers"].values()}


def test_vietnamese_headers_are_read_as_the_index_columns(qms, bare_db: Path, tmp_path: Path) -> None:
    run = qms("import", "dossiers", _write(tmp_path, ROWS[:2]), "--db", bare_db)
    assert run.code == 0, run.err
    docs = _dossiers(bare_db)
    first, second = docs["BQL-240105-0001"], docs["BQL-240105-0002"]
    assert (first["paid_online"], first["digitised"], first["e_result"], first["supplements"]) == (True, True, True, 1)
    assert (second["paid_online"], second["digitised"], second["e_result"], second["supplements"]) == (
        False, False, False, 0)


def test_show_mapping_names_each_index_column_and_what_each_value_means(qms, bare_db: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMS_LANG", "en")  # the English words (the Vietnamese: test_vietnamese_words)
    run = qms("import", "dossiers", _write(tmp_path, ROWS), "--show-mapping", "--db", bare_db)
    assert run.code == 0, run.err
    out = run.out
    for line in ("5. 'Tình trạng thanh toán' → paid_online", "6. 'Số hóa TPHS' → digitised",
                 "7. 'Cấp kết quả điện tử' → e_result", "8. 'Số lần yêu cầu bổ sung hồ sơ' → supplements",
                 "'Đã thanh toán' ×1 → yes", "'Chờ thanh toán' ×1 → no", "'Tái sử dụng' ×1 → yes",
                 "'chưa rõ' ×1 → unknown", "'0' ×1 → 0"):
        assert line in out, line
    assert "'' ×1 → unknown (left out of the index)" in out  # an empty cell is unknown, never "no"
    assert "'Nộp phí qua ví điện tử' ×1 → NOT UNDERSTOOD" in out
    assert "[values.paid_online] 'Nộp phí qua ví điện tử' = \"yes\"" in out
    assert _dossiers(bare_db) == {}  # nothing written


def test_a_mapping_file_renames_a_column_and_translates_a_flag_value(qms, bare_db: Path, tmp_path: Path) -> None:
    rows = [[*row[:7], row[7]] for row in ROWS]
    path = tmp_path / "other.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*HEADER[:7], "SL trả bổ sung"], *rows])
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"SL trả bổ sung" = "supplements"\n\n'
                       '[values.paid_online]\n"Nộp phí qua ví điện tử" = "yes"\n"Chờ thanh toán" = ""\n',
                       encoding="utf-8")
    without = qms("import", "dossiers", path, "--db", bare_db)
    assert without.code == 1 and "Nộp phí qua ví điện tử" in without.err  # the word is not known
    run = qms("import", "dossiers", path, "--mapping", mapping, "--db", bare_db)
    assert run.code == 0, run.err
    docs = _dossiers(bare_db)
    assert docs["BQL-240105-0003"]["paid_online"] is True
    assert "paid_online" not in docs["BQL-240105-0002"]  # the mapping's "" wins over the built-in "no"
    assert docs["BQL-240105-0001"]["supplements"] == 1 and docs["BQL-240105-0002"]["supplements"] == 0
    assert "supplements" not in docs["BQL-240105-0003"]


def test_a_mapping_value_must_be_yes_no_or_empty(qms, bare_db: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "bad.toml"
    mapping.write_text('[values.digitised]\n"Đã scan" = "maybe"\n', encoding="utf-8")
    run = qms("import", "dossiers", _write(tmp_path, ROWS[:1]), "--mapping", mapping, "--db", bare_db)
    assert run.code == 1 and "values.digitised" in run.err and "Traceback" not in run.err
