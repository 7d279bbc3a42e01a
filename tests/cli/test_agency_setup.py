"""Any agency, its own data: from ``qms init --empty`` to a named agency with its own fields, through the CLI only.

Also ``qms org``, ``qms field add/edit/retire/list``, national TTHC codes, and how a store written before
fields were data reads (``domain.fields``).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from qms_tui.domain.validation import check
from qms_tui.store import Store, create_store


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the messages (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")

ORG = [
    "--name", "Sở Tư pháp tỉnh Nam Định", "--short-name", "STP",
    "--parent-body", "Ủy ban nhân dân tỉnh Nam Định", "--place", "Nam Định", "--report-symbol", "BC-STP",
    "--recipient", "Sở Khoa học và Công nghệ", "--recipient", "Lưu: VT, VP",
    "--signer-name", "Trần Thị Hồng", "--signer-title", "KT. GIÁM ĐỐC", "--signer-title", "PHÓ GIÁM ĐỐC",
    "--unit", "Văn phòng", "--unit", "Phòng Hành chính tư pháp", "--unit", "Phòng Bổ trợ tư pháp",
    "--tthc-in-remit", "3", "--remit-decision", "1234/QĐ-UBND ngày 02/01/2024",
]  # fmt: skip

CSV = """\
Mã hồ sơ,Mã thủ tục,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả,Kết quả
STP-240102-0001,QT-HT01,Trực tuyến,02/01/2024,,04/01/2024,resolved
STP-240103-0001,QT-HT02,Trực tiếp,03/01/2024,,15/01/2024,resolved
STP-240104-0001,QT-CC01,Bưu chính,04/01/2024,,,
"""


def ok(run) -> str:  # type: ignore[no-untyped-def]
    assert run.code == 0, run.err
    return run.out


def test_an_agency_set_up_from_an_empty_store_through_the_cli_only(qms, tmp_path: Path):
    db = tmp_path / "stp.json"
    assert "created empty store" in ok(qms("init", "--empty", "--db", db))
    steps = ok(qms("check", "--db", db))
    assert [line.split(" — ")[0] for line in steps.splitlines() if line.startswith("setup:")] == [
        "setup: no organisation name", "setup: no units in the organisation", "setup: no TTHC fields (lĩnh vực)",
        "setup: no procedures", "setup: no staff",
    ]
    assert "error:" not in steps and "5 setup steps left" in steps
    assert qms("check", "--strict", "--db", db).code == 1
    assert ok(qms("summary", "--lang", "vi", "--db", db)).splitlines()[0] == "Tình hình HTQLCL"  # no dangling "—"

    ok(qms("org", "set", *ORG, "--db", db))
    ok(qms("field", "add", "ho_tich", "--name", "Hộ tịch", "--name-en", "Civil status", "--db", db))
    ok(qms("field", "add", "cong_chung", "--name", "Công chứng", "--db", db))
    unit = "Phòng Hành chính tư pháp"
    for code, name, field, days, national in (
        ("QT-HT01", "Đăng ký khai sinh", "ho tich", "3", "1.001193"),  # by name, without accents
        ("QT-HT02", "Đăng ký kết hôn", "Hộ tịch", "5", "1.000894"),
        ("QT-CC01", "Chứng thực bản sao từ bản chính", "cong_chung", "2", "2.000815"),
    ):
        ok(qms("procedure", "add", code, "--name", name, "--field", field, "--unit", unit, "--days", days,
               "--national-code", national, "--issued", "02/01/2024", "--db", db))  # fmt: skip
    ok(qms("procedure", "add", "QT-01", "--name", "Kiểm soát thông tin dạng văn bản", "--kind", "general",
           "--unit", "Văn phòng", "--issued", "02/01/2024", "--db", db))  # fmt: skip
    ok(qms("staff", "add", "NV001", "--name", "Nguyễn Văn An", "--unit", unit, "--db", db))
    ok(qms("staff", "add", "NV002", "--name", "Lê Thị Bình", "--unit", "Văn phòng", "--db", db))
    ok(qms("training", "add", "TH-2024-01", "--title", "Tập huấn TCVN ISO 9001:2015", "--date", "20/03/2024",
           "--trainer", "Trần Thị Hồng", "--attendee", "NV001,NV002", "--db", db))  # fmt: skip
    recent = f"{date.today() - timedelta(days=30):%d/%m/%Y}"  # the store's clock is the real one
    ok(qms("audit", "add", "DGNB-1", "--plan-date", recent, "--date", recent, "--db", db))
    ok(qms("review", "add", "XXLD-1", "--date", recent, "--chair", "NV002", "--db", db))
    export = tmp_path / "mot-cua.csv"
    export.write_text(CSV, encoding="utf-8")
    ok(qms("import", "dossiers", export, "--db", db))
    late = [line for line in ok(qms("check", "--db", db)).splitlines() if line.startswith("warning:")]
    assert len(late) == 1 and "late_without_apology" in late[0]  # the agency has yet to file form 04
    from qms_tui.domain.service_findings import unapologised
    from qms_tui.store import Store

    for code in unapologised(Store(db, read_only=True).snapshot()):  # form 04 for each late dossier
        ok(qms("dossier", "apologize", code, "--new-due", f"{date.today() + timedelta(days=5):%d/%m/%Y}",
               "--db", db))

    report = ok(qms("check", "--db", db))
    assert report.splitlines()[-1] == f"ok: {db} is valid and consistent; no findings"
    assert "setup:" not in report and "error:" not in report and "warning:" not in report

    summary = ok(qms("summary", "--lang", "vi", "--from", "2024-01-01", "--to", "2024-01-31", "--db", db))
    assert summary.splitlines()[0] == "Tình hình HTQLCL — Sở Tư pháp tỉnh Nam Định"
    assert "Hộ tịch 2/2/50,0%/0 · Công chứng 1/0/—/1" in " ".join(summary.split())

    text = ok(qms("report", "--lang", "vi", "--year", "2024", "--as-of", "2024-12-31", "--db", db))
    head = "\n".join(text.splitlines()[:6])
    for part in ("ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", "SỞ TƯ PHÁP TỈNH NAM ĐỊNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "/BC-STP", "Nam Định, ngày"):
        assert part in head, head
    tail = text[text.index("Nơi nhận:"):]
    for part in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Hồng", "Sở Khoa học và Công nghệ", "Lưu: VT, VP"):
        assert part in tail
    assert "lĩnh vực hộ tịch (02)" in " ".join(text.split()) and "lĩnh vực công chứng (01)" in " ".join(text.split())


def test_org_set_changes_only_what_is_given_and_a_rename_keeps_one_record(qms, empty_db: Path, stored_qms):
    run = qms("org", "set", "--place", "Nam Định", "--db", empty_db)
    assert run.code == 1 and run.err == "qms: organisation: name: name is required\n"
    ok(qms("org", "set", "--name", "Sở Tư pháp", "--unit", "Văn phòng", "--db", empty_db))
    ok(qms("org", "set", "--place", "Nam Định", "--db", empty_db))
    ok(qms("org", "set", "--name", "Sở Tư pháp tỉnh Nam Định", "--db", empty_db))
    org = stored_qms(empty_db).organisation
    assert (org.name, org.place, org.units) == ("Sở Tư pháp tỉnh Nam Định", "Nam Định", ["Văn phòng"])
    assert len(Store(empty_db).load()["organisation"]) == 1
    assert "nothing changed" in ok(qms("org", "set", "--place", "Nam Định", "--db", empty_db))
    shown = ok(qms("org", "show", "--db", empty_db))
    assert "name:              Sở Tư pháp tỉnh Nam Định" in shown and "  - Văn phòng" in shown
    run = qms("org", "set", "--signer-title", "A", "--signer-title", "B", "--signer-title", "C", "--db", empty_db)
    assert run.code == 1 and "at most two lines" in run.err
    run = qms("org", "set", "--tthc-in-remit", "-2", "--db", empty_db)
    assert run.code == 1 and "tthc_in_remit: must not be negative" in run.err


def test_a_unit_in_use_cannot_be_dropped(qms, demo_db: Path):
    run = qms("org", "set", "--unit", "Văn phòng", "--db", demo_db)
    assert run.code == 1 and run.err == (
        "qms: organisation: units: 'Phòng Quản lý Đầu tư' is still the unit of NV011, NV012, NV013, NV014, NV015"
        " and 21 more: keep it, or move them first\n")
    ok(qms("org", "set", "--unit", "Phòng mới", "--recipient", "Sở KH&CN", "--db", demo_db,
           *[arg for unit in Store(demo_db).snapshot().organisation.units for arg in ("--unit", unit)]))


def test_fields_add_edit_retire_list(qms, empty_db: Path, stored_qms):
    ok(qms("org", "set", "--name", "Sở Tư pháp", "--unit", "Văn phòng", "--db", empty_db))
    assert "no fields yet" in ok(qms("field", "list", "--db", empty_db))
    ok(qms("field", "add", "ho_tich", "--name", "Hộ tịch", "--db", empty_db))
    ok(qms("field", "add", "lltp", "--name", "Lý lịch tư pháp", "--db", empty_db))
    for args, message in (
        (("ho_tich", "--name", "Khác"), "fields ho_tich: code: already exists"),
        (("x", "--name", "HO TICH"), "'HO TICH' is already the name of field ho_tich"),
        (("a b", "--name", "X"), "a field code has no spaces"),
        (("y",), "name: name is required"),
    ):
        run = qms("field", "add", *args, "--db", empty_db)
        assert run.code == 1 and message in run.err, run.err
    ok(qms("field", "edit", "ho_tich", "--name-en", "Civil status", "--db", empty_db))
    ok(qms("procedure", "add", "QT-1", "--name", "Khai sinh", "--field", "Hộ tịch", "--unit", "Văn phòng",
           "--days", "3", "--db", empty_db))  # fmt: skip
    assert stored_qms(empty_db).procedure_by_code["QT-1"].field == "ho_tich"

    run = qms("field", "retire", "ho_tich", "--db", empty_db)
    assert run.code == 1 and "procedures in force are in this field: QT-1" in run.err
    ok(qms("field", "retire", "lltp", "--date", "01/03/2024", "--db", empty_db))
    assert qms("field", "retire", "lltp", "--db", empty_db).code == 1  # already retired
    run = qms("procedure", "add", "QT-2", "--name", "Cấp phiếu", "--field", "lltp", "--unit", "Văn phòng",
              "--days", "10", "--db", empty_db)  # fmt: skip
    assert run.code == 1 and "lltp (Lý lịch tư pháp) was retired on 01/03/2024" in run.err
    listed = ok(qms("field", "list", "--db", empty_db)).splitlines()
    assert listed == ["ho_tich    1  Hộ tịch (Civil status)"]
    assert ok(qms("field", "list", "--all", "--db", empty_db)).splitlines()[1] == (
        "lltp       0  Lý lịch tư pháp · retired 01/03/2024")
    assert stored_qms(empty_db).field_by_code["ho_tich"].name_en == "Civil status"


def test_national_codes_are_unique_and_editable(qms, demo_db: Path, stored_qms):
    ok(qms("procedure", "edit", "QT-DT01", "--national-code", " 1.009645 ", "--db", demo_db))
    assert stored_qms(demo_db).procedure_by_code["QT-DT01"].national_code == "1.009645"
    run = qms("procedure", "edit", "QT-DT02", "--national-code", "1.009645", "--db", demo_db)
    assert run.code == 1
    assert run.err == "qms: procedures QT-DT02: national_code: 1.009645 is already the national code of QT-DT01\n"
    ok(qms("procedure", "edit", "QT-DT01", "--national-code", "1.009645", "--name", "Cấp GCN đầu tư",
           "--db", demo_db))  # its own code again is no conflict  # fmt: skip


def test_check_reports_unknown_fields_and_duplicate_national_codes(demo_db: Path):
    with Store(demo_db).transaction() as tx:
        tables = tx.tables
        docs = {doc["code"]: doc for doc in tables["procedures"].values()}
        docs["QT-DT01"]["field"] = "ho_tich"
        docs["QT-DT02"]["national_code"] = docs["QT-DT03"]["national_code"] = "1.000001"
        tx.touched("procedures")
    issues = [str(i) for i in check(Store(demo_db, read_only=True).snapshot())]
    assert "procedures QT-DT01 field: unknown field ho_tich: one of dau_tu, lao_dong, tai_nguyen_moi_truong, " \
           "quy_hoach_xay_dung, thuong_mai_xnk" in issues
    assert "procedures QT-DT03 national_code: 1.000001 is already the national code of QT-DT02" in issues


@pytest.mark.parametrize("demo", [True, False])
def test_a_store_from_before_fields_were_data(tmp_path: Path, qms, demo: bool):
    """No fields table: the demo keeps its five; another store the fields its procedures use; the first field
    written keeps them."""
    path = create_store(tmp_path / "old.json", demo=True)
    tables = json.loads(path.read_text(encoding="utf-8"))
    del tables["fields"]
    tables["_meta"]["1"]["demo"] = demo
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    with Store(path).transaction() as tx:  # only the labour procedures: the others are retired
        for doc in tx.tables["procedures"].values():
            if doc.get("field") not in (None, "lao_dong"):
                doc["field"] = "lao_dong"
        tx.touched("procedures")
    qms_ = Store(path, read_only=True).snapshot()
    assert not qms_.fields_stored
    expected = ["dau_tu", "lao_dong", "tai_nguyen_moi_truong", "quy_hoach_xay_dung", "thuong_mai_xnk"]
    assert [f.code for f in qms_.fields] == (expected if demo else ["lao_dong"])
    assert check(qms_) == []
    ok(qms("field", "add", "ho_tich", "--name", "Hộ tịch", "--db", path))
    after = Store(path, read_only=True).snapshot()
    assert after.fields_stored
    assert [f.code for f in after.fields] == [*(expected if demo else ["lao_dong"]), "ho_tich"]
    assert after.field_by_code["lao_dong"].name == "Lao động"
