"""The bundled demo store reproduces report 3966/BC-BQL and is exactly what the generator makes."""

from __future__ import annotations

import importlib.util
import unicodedata
from datetime import date
from pathlib import Path

from qms_tui.domain.qms import Period
from qms_tui.domain.validation import check
from qms_tui.store import Store, demo_path

ROOT = Path(__file__).resolve().parent.parent


def demo():
    return Store(demo_path(), read_only=True).snapshot()


def test_demo_reproduces_the_report_figures():
    qms = demo()
    assert qms.today == date(2024, 9, 1) and qms.is_demo
    c = qms.stats(Period(date(2024, 1, 1), date(2024, 9, 1))).total
    assert (c.received, c.new, c.carried_over) == (578, 454, 124)
    assert (c.resolved, c.on_time, c.late) == (439, 369, 70)
    assert (c.in_progress, c.not_due, c.overdue) == (113, 113, 0)
    assert c.withdrawn_returned == 26 and c.reconciles


def test_demo_procedures_and_coverage():
    qms = demo()
    assert qms.procedure_counts() == {"general": 5, "internal": 6, "tthc": 55}
    assert qms.tthc_coverage() == (55, 55)
    assert set(qms.tthc_by_field()) == {
        "dau_tu", "lao_dong", "tai_nguyen_moi_truong", "quy_hoach_xay_dung", "thuong_mai_xnk",
    }


def test_demo_has_the_warnings_a_reviewer_looks_for():
    qms = demo()
    changes = qms.legal_changes()
    assert sorted(c.overdue for c in changes) == [False, True]
    assert [f.code for f in qms.findings()] == ["legal_update_overdue"]
    assert qms.untrained() and qms.to_retrain()
    assert len(qms.risks) >= 12 and qms.overdue_treatments()
    assert any(t.trainer == "Bùi Ngọc Hải" for t in qms.trainings)
    assert qms.last_event("internal_audit").date.year == 2024
    assert qms.last_event("management_review").date.year == 2024
    assert 35 <= len(qms.staff) <= 45


def test_demo_is_valid_and_consistent():
    assert [str(i) for i in check(demo())] == []


def test_demo_text_is_nfc():
    text = demo_path().read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


def test_committed_demo_equals_a_fresh_generation(tmp_path: Path):
    spec = importlib.util.spec_from_file_location("generate_demo", ROOT / "data" / "generate_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render(module.build_tables()) == demo_path().read_text(encoding="utf-8")
