"""Legal documents end and are replaced (the 2025 reform of the one-stop shop): the register keeps the end date
and what replaced a document, ``qms check`` flags procedures still citing it after that day, and the annual
report and review pack print it from the register."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from qms_tui.domain.compliance import findings, legal_changes, repealed_basis
from qms_tui.domain.models import LegalDocument, Organisation, Procedure
from qms_tui.domain.qms import Qms
from qms_tui.domain.validation import check
from qms_tui.store import Store

OLD = LegalDocument("61/2018/NĐ-CP", "Nghị định về một cửa", date(2018, 4, 23), date(2018, 6, 21),
                    ends=date(2025, 7, 1), replaced_by="118/2025/NĐ-CP")
NEW = LegalDocument("118/2025/NĐ-CP", "Nghị định về một cửa", date(2025, 6, 9), date(2025, 7, 1))
AMENDS = LegalDocument("107/2021/NĐ-CP", "Nghị định sửa đổi", date(2021, 12, 6), date(2021, 12, 6),
                       ends=date(2025, 7, 1), replaced_by="118/2025/NĐ-CP", amends="61/2018/NĐ-CP")


def _procedure(code: str, basis: list[str], status: str = "active") -> Procedure:
    return Procedure(code=code, name=code, unit="U", field="f", legal_basis=basis, status=status,
                     issued=date(2020, 1, 1))


PROCEDURES = [_procedure("QT-1", ["61/2018/NĐ-CP"]), _procedure("QT-2", ["61/2018/NĐ-CP", "107/2021/NĐ-CP"]),
              _procedure("QT-3", ["118/2025/NĐ-CP"]), _procedure("QT-4", ["61/2018/NĐ-CP"], "retired")]


def _codes(found) -> list[str]:
    return [f.code for f in found]


def test_in_force_between_its_effective_and_end_dates() -> None:
    assert not OLD.in_force(date(2018, 6, 20)) and OLD.in_force(date(2018, 6, 21))
    assert OLD.in_force(date(2025, 6, 30)) and not OLD.in_force(date(2025, 7, 1))
    assert NEW.in_force(date(2030, 1, 1))


def test_a_repealed_basis_is_a_finding_from_its_end_date_only() -> None:
    docs = [OLD, NEW, AMENDS]
    assert "legal_basis_repealed" not in _codes(findings(docs, PROCEDURES, [], date(2025, 6, 30)))
    on_the_day = [f for f in findings(docs, PROCEDURES, [], date(2025, 7, 1)) if f.code == "legal_basis_repealed"]
    assert [f.message for f in on_the_day] == [
        "QT-2 still cites 107/2021/NĐ-CP, no longer in force from 01/07/2025; replaced by 118/2025/NĐ-CP",
        "QT-1, QT-2 still cite 61/2018/NĐ-CP, no longer in force from 01/07/2025; replaced by 118/2025/NĐ-CP",
    ]  # the retired QT-4 is not counted
    assert "hết hiệu lực từ 01/07/2025; được thay thế bởi 118/2025/NĐ-CP" in on_the_day[1].message_vi
    assert [(d.number, codes) for d, codes in repealed_basis(docs, PROCEDURES, date(2026, 1, 1))] == [
        ("107/2021/NĐ-CP", ["QT-2"]), ("61/2018/NĐ-CP", ["QT-1", "QT-2"])]


def test_an_ended_document_asks_for_no_update_the_new_one_does() -> None:
    procedures = [_procedure("QT-1", ["61/2018/NĐ-CP", "118/2025/NĐ-CP"])]
    changes = legal_changes([OLD, NEW], procedures, date(2025, 10, 2))
    assert [(c.document.number, c.pending, c.overdue) for c in changes] == [("118/2025/NĐ-CP", ["QT-1"], True)]


def test_the_register_checks_its_links_and_dates() -> None:
    bad = LegalDocument("X/2025", "t", date(2025, 1, 1), date(2025, 2, 1), ends=date(2025, 1, 15), replaced_by="X/2025")
    assert sorted(field for field, _ in bad.problems()) == ["ends", "replaced_by"]
    qms = Qms(meta={}, organisation=Organisation(), legal_documents=[OLD])  # 118/2025 is not in the register
    assert any("replaced_by" in i.where and "118/2025/NĐ-CP" in i.message for i in check(qms))


def test_qms_check_flags_the_demo_procedures_citing_decree_61_from_july_2025(qms, demo_db: Path) -> None:
    before = qms("check", "--db", demo_db, "--as-of", "2025-06-30")
    assert before.code == 0 and "legal_basis_repealed" not in before.err + before.out
    after = qms("check", "--db", demo_db, "--as-of", "2025-07-01")
    assert after.code == 0
    line = next(x for x in (after.err + after.out).splitlines() if "legal_basis_repealed" in x)
    assert "61/2018/NĐ-CP" in line and "118/2025/NĐ-CP" in line and "01/07/2025" in line
    assert qms("check", "--db", demo_db, "--as-of", "2025-07-01", "--strict").code == 1


def test_the_demo_register_holds_the_reform(demo_db: Path) -> None:
    register = {d.number: d for d in Store(demo_db, read_only=True).snapshot().legal_documents}
    assert (register["61/2018/NĐ-CP"].ends, register["61/2018/NĐ-CP"].replaced_by) == (date(2025, 7, 1),
                                                                                      "118/2025/NĐ-CP")
    assert register["107/2021/NĐ-CP"].amends == "61/2018/NĐ-CP"
    assert register["118/2025/NĐ-CP"].effective == date(2025, 7, 1)


def test_annual_report_and_review_pack_print_the_repeal_from_the_register(qms, demo_db: Path) -> None:
    report = qms("report", "--year", "2025", "--as-of", "2025-08-01", "--db", demo_db)
    assert report.code == 0, report.err
    flat = " ".join(report.out.split())
    assert "căn cứ Nghị định số 61/2018/NĐ-CP đã hết hiệu lực từ ngày 01/7/2025" in flat
    assert "được thay thế bởi Nghị định số 118/2025/NĐ-CP" in flat
    old = " ".join(qms("report", "--year", "2024", "--db", demo_db).out.split())
    assert "61/2018" not in old  # not yet ended on the demo's date
    pack = qms("review-pack", "--year", "2025", "--as-of", "2025-08-01", "--format", "json", "--db", demo_db)
    assert pack.code == 0, pack.err
    legal = {item["number"]: item for item in json.loads(pack.out)["b_context_changes"]["legal"]}
    assert legal["61/2018/NĐ-CP"]["ends"] == "2025-07-01" and legal["61/2018/NĐ-CP"]["replaced_by"] == "118/2025/NĐ-CP"
    assert legal["61/2018/NĐ-CP"]["still_cited"]
    text = qms("review-pack", "--year", "2025", "--as-of", "2025-08-01", "--db", demo_db).out
    assert "hết hiệu lực từ 01/07/2025 → 118/2025/NĐ-CP" in text
