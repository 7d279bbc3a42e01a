"""``qms procedure|risk|staff|training|objective|task``: add, edit and the special actions, with validation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qms_tui.store import Store


@pytest.fixture(autouse=True)
def english_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the messages (the Vietnamese: tests/test_vietnamese_words.py)."""
    monkeypatch.setenv("QMS_LANG", "en")


def find(db: Path, table: str, code: str):
    return next(r for r in getattr(Store(db).snapshot(), table) if r.code == code)


# -- procedures -------------------------------------------------------------------------------------


def test_procedure_add_edit_review_retire(qms, demo_db):
    run = qms("procedure", "add", "QT-DT99", "--name", "Cấp giấy phép thử", "--field", "Đầu tư",
              "--unit", "Phòng Quản lý Đầu tư", "--days", "10", "--issued", "01/08/2024",
              "--legal-basis", "61/2020/QH14", "--db", demo_db)  # fmt: skip
    assert run.code == 0, run.err
    p = find(demo_db, "procedures", "QT-DT99")
    assert (p.kind, p.field, p.statutory_days, p.issued, p.legal_basis) == (
        "tthc", "dau_tu", 10, date(2024, 8, 1), ["61/2020/QH14"],
    )  # fmt: skip
    assert p.history == [{"version": "1.0", "date": "2024-08-01", "change": "issued"}]

    run = qms("procedure", "edit", "QT-DT99", "--version", "2.0", "--change", "Cập nhật Nghị định mới",
              "--revised", "20/08/2024", "--days", "7", "--db", demo_db)  # fmt: skip
    assert run.code == 0, run.err
    p = find(demo_db, "procedures", "QT-DT99")
    assert p.version == "2.0" and p.statutory_days == 7 and p.revised == date(2024, 8, 20)
    assert "statutory_days: 10 → 7" in run.out and "version: 1.0 → 2.0" in run.out

    run = qms("procedure", "review", "QT-DT99", "--date", "2024-08-25", "--db", demo_db)
    assert run.code == 0 and find(demo_db, "procedures", "QT-DT99").last_review == date(2024, 8, 25)

    run = qms("procedure", "retire", "QT-DT99", "--db", demo_db)
    assert run.code == 0 and "status: active → retired" in run.out
    assert find(demo_db, "procedures", "QT-DT99").status == "retired"


def test_procedure_review_defaults_to_the_stores_today(qms, demo_db):
    assert qms("procedure", "review", "QT-DT01", "--db", demo_db).code == 0
    assert find(demo_db, "procedures", "QT-DT01").last_review == date(2024, 9, 1)


def test_procedure_edit_status_accepts_words(qms, demo_db):
    assert qms("procedure", "edit", "QT-DT01", "--status", "Under revision", "--db", demo_db).code == 0
    assert find(demo_db, "procedures", "QT-DT01").status == "under_revision"


def test_edit_that_changes_nothing_writes_nothing(qms, demo_db):
    before = demo_db.read_bytes()
    run = qms("procedure", "edit", "QT-DT01", "--days", "15", "--db", demo_db)
    assert run.code == 0 and "nothing changed" in run.out
    assert demo_db.read_bytes() == before


# -- risks ------------------------------------------------------------------------------------------


def test_risk_add_edit_review_close(qms, demo_db):
    run = qms("risk", "add", "RR-99", "-d", "Mất dữ liệu hồ sơ điện tử", "-l", "2", "-i", "5",
              "--treatment", "Sao lưu hằng ngày", "--owner", "Văn phòng", "-p", "QT-C01,QT-DT01",
              "--due", "31/12/2024", "--db", demo_db)  # fmt: skip
    assert run.code == 0, run.err
    r = find(demo_db, "risks", "RR-99")
    assert (r.likelihood, r.impact, r.score, r.due) == (2, 5, 10, date(2024, 12, 31))
    assert r.procedures == ["QT-C01", "QT-DT01"]

    assert qms("risk", "edit", "RR-99", "--status", "in_treatment", "--db", demo_db).code == 0
    run = qms("risk", "review", "RR-99", "--date", "15/08/2024", "-l", "1", "--db", demo_db)
    assert run.code == 0 and "likelihood: 2 → 1" in run.out
    r = find(demo_db, "risks", "RR-99")
    assert (r.last_reviewed, r.likelihood, r.status) == (date(2024, 8, 15), 1, "in_treatment")

    run = qms("risk", "close", "RR-99", "--residual-likelihood", "1", "--residual-impact", "2", "--effective",
              "--date", "20/08/2024", "--db", demo_db)  # fmt: skip
    assert run.code == 0, run.err
    assert "status: in_treatment → closed" in run.out
    r = find(demo_db, "risks", "RR-99")
    assert (r.status, r.residual_score, r.effective, r.last_reviewed) == ("closed", 2, True, date(2024, 8, 20))


def test_risk_close_not_effective(qms, demo_db):
    assert qms("risk", "close", "RR-01", "--not-effective", "--db", demo_db).code == 0
    assert find(demo_db, "risks", "RR-01").effective is False


RISK_ERRORS = [
    (["risk", "edit", "RR-01", "--likelihood", "7"],
     "qms: risks RR-01: likelihood: must be a whole number from 1 to 5"),
    (["risk", "edit", "RR-01", "--likelihood", "x"], "qms: risks RR-01: likelihood: 'x' is not a whole number"),
    (["risk", "edit", "RR-01", "--status", "gone"], "status: 'gone' is not one of open, in_treatment, closed"),
    (["risk", "edit", "RR-01", "-p", "QT-NOPE"], "procedures: unknown procedure(s): QT-NOPE"),
    (["risk", "edit", "RR-01", "--due", "someday"], "due: 'someday' is not a date: use dd/mm/yyyy or YYYY-MM-DD"),
    (["risk", "close", "RR-01", "--residual-impact", "2"], "give both the residual likelihood and the residual impact"),
    (["risk", "review", "RR-404"], "qms: risks RR-404: no such risk"),
    (["risk", "add", "RR-01", "-d", "x", "--treatment", "t", "--owner", "o"], "qms: risks RR-01: code: already exists"),
    (["risk", "add", "RR-98", "-d", "x"], "treatment: treatment is required; owner: owner is required"),
    (["procedure", "add", "QT-X", "--name", "y", "--unit", "Nowhere"], "unit: unknown unit 'Nowhere'"),
    (["procedure", "add", "QT-X", "--name", "y", "--unit", "Văn phòng"], "statutory_days: a TTHC procedure needs"),
    (["procedure", "add", "QT-X", "--name", "y", "--unit", "Văn phòng", "--kind", "general", "--legal-basis", "1/X"],
     "legal_basis: unknown legal document(s): 1/X"),
    (["procedure", "edit", "QT-DT01", "--change", "x"], "version: --change/--revised need a new --version"),
    (["procedure", "edit", "QT-DT01", "--days", "0"], "statutory_days: a TTHC procedure needs 1-365 working days"),
    (["procedure", "review", "QT-DT01", "--date", "1/1/2020"], "last_review: is before the issue date"),
    (["procedure", "retire", "QT-404"], "qms: procedures QT-404: no such procedure"),
    (["staff", "add", "NV900", "--name", "A"], "unit: unit is required"),
    (["staff", "edit", "NV001", "--left", "01/01/2019"], "left_date: is before the start date"),
    (["staff", "edit", "NV404", "--name", "A"], "qms: staff NV404: no such member of staff"),
    (["staff", "add", "NV9", "--name", "Nguy\udcffn", "--unit", "Văn phòng"],
     "name: 'Nguy\\udcffn' is not valid text (the terminal did not send UTF-8)"),
    (["staff", "add", "NV\udcff", "--name", "A", "--unit", "Văn phòng"], "qms: staff (new): code: 'NV\\udcff' is not"),
    (["training", "add", "TH-X", "--title", "t", "--date", "01/08/2024", "--trainer", "x", "-a", "NV404"],
     "attendees: unknown staff: NV404"),
    (["training", "add", "TH-X", "--title", "t", "--date", "01/08/2024", "--trainer", "x", "-a", "NV001,NV001"],
     "attendees: lists someone twice"),
    (["training", "add", "TH-X", "--title", "t", "--trainer", "x", "--hours", "-2", "--date", "01/08/2024"],
     "hours: must be a non-negative number"),
    (["objective", "add", "MT-X", "--title", "t", "--measure", "vibes"], "measure: 'vibes' is not one of manual"),
    (["objective", "edit", "MTCL-01", "--target", "lots"], "target: 'lots' is not a number"),
    (["task", "edit", "KH510-10", "--status", "done"], "done_date: a done task needs its completion date"),
    (["task", "done", "KH404"], "qms: plan_tasks KH404: no such task"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), RISK_ERRORS)
def test_validation_errors_are_one_line_exit_1_and_write_nothing(qms, demo_db, args, message):
    before = demo_db.read_bytes()
    run = qms(*args, "--db", demo_db)
    assert run.code == 1, run.out
    assert message in run.err
    assert run.err.startswith("qms: ") and run.err.count("\n") == 1
    assert demo_db.read_bytes() == before


# -- staff, training ----------------------------------------------------------------------------------


def test_staff_add_and_edit(qms, demo_db):
    run = qms("staff", "add", "NV900", "--name", "Lê Văn Mới", "--unit", "Văn phòng", "--role", "Chuyên viên",
              "--start", "01/07/2024", "--db", demo_db)  # fmt: skip
    assert run.code == 0, run.err
    run = qms("staff", "edit", "NV900", "--unit", "Phòng Quản lý Đầu tư", "--left", "2024-08-31", "--db", demo_db)
    assert run.code == 0, run.err
    assert "unit: Văn phòng → Phòng Quản lý Đầu tư" in run.out
    s = find(demo_db, "staff", "NV900")
    assert (s.unit, s.start_date, s.left_date) == ("Phòng Quản lý Đầu tư", date(2024, 7, 1), date(2024, 8, 31))


def test_training_add_with_attendees_repeated_and_comma_separated(qms, demo_db):
    run = qms("training", "add", "TH-2024-02", "--title", "Tập huấn cho cán bộ mới", "--date", "15/08/2024",
              "--trainer", "Bùi Ngọc Hải", "--hours", "3,5", "--letter", "2001/BQL-VP", "--material", "Bài giảng",
              "--attendee", "NV010", "-a", "NV013, NV015", "--db", demo_db)  # fmt: skip
    assert run.code == 0, run.err
    t = find(demo_db, "trainings", "TH-2024-02")
    assert (t.attendees, t.hours, t.qms, t.date) == (["NV010", "NV013", "NV015"], 3.5, True, date(2024, 8, 15))
    assert t.materials == ["Bài giảng"] and t.letter_ref == "2001/BQL-VP"


def test_training_counts_for_coverage(qms, demo_db):
    never = {s.staff.code for s in Store(demo_db).snapshot().untrained()}
    assert never, "the demo has untrained staff"
    code = sorted(never)[0]
    qms("training", "add", "TH-NEW", "--title", "t", "--date", "20/08/2024", "--trainer", "x", "-a", code,
        "--db", demo_db)  # fmt: skip
    assert code not in {s.staff.code for s in Store(demo_db).snapshot().untrained()}


# -- objectives, tasks --------------------------------------------------------------------------------


def test_objective_add_and_edit(qms, demo_db):
    run = qms("objective", "add", "MTCL-09", "--title", "Tỷ lệ hài lòng", "--target", "90", "--current", "85,5",
              "--year", "2024", "--db", demo_db)  # fmt: skip
    assert run.code == 0, run.err
    run = qms("objective", "edit", "MTCL-09", "--current", "92", "--lower-is-better", "--db", demo_db)
    assert run.code == 0 and "current: 85.5 → 92" in run.out
    o = find(demo_db, "objectives", "MTCL-09")
    assert (o.target, o.current, o.year, o.higher_is_better, o.measure) == (90, 92, 2024, False, "manual")


def test_task_add_edit_done(qms, demo_db):
    run = qms("task", "add", "KH510-99", "--plan", "510/KH-BQL", "--task", "Đánh giá nội bộ", "--owner", "Văn phòng",
              "--deadline", "30/09/2024", "--db", demo_db)  # fmt: skip
    assert run.code == 0, run.err
    assert qms("task", "edit", "KH510-99", "--status", "in_progress", "--db", demo_db).code == 0
    run = qms("task", "done", "KH510-99", "--date", "28/08/2024", "--db", demo_db)
    assert run.code == 0 and "status: in_progress → done" in run.out
    t = find(demo_db, "plan_tasks", "KH510-99")
    assert (t.status, t.done_date) == ("done", date(2024, 8, 28))


def test_add_on_an_empty_store(qms, empty_db):
    assert qms("staff", "add", "NV1", "--name", "A", "--unit", "Văn phòng", "--db", empty_db).code == 0
    assert qms("field", "add", "lao_dong", "--name", "Lao động", "--db", empty_db).code == 0
    assert qms("procedure", "add", "QT-1", "--name", "P", "--unit", "Văn phòng", "--field", "lao_dong",
               "--days", "5", "--db", empty_db).code == 0  # fmt: skip
    run = qms("dossier", "add", "HS-1", "-p", "QT-1", "-c", "online", "-r", "2024-08-01", "--db", empty_db)
    assert run.code == 0, run.err
    assert "due 08/08/2024" in run.out
