"""The write operations as the TUI forms will call them: text values in, ``EditResult`` out, typed errors."""

from __future__ import annotations

from datetime import date

import pytest

from qms_tui import services
from qms_tui.domain.validation import check
from qms_tui.store import ReadOnlyError, Store, ValidationError


def test_values_typed_as_text_are_read_into_the_models_types(demo_db):
    store = Store(demo_db, user="thuky")
    result = services.add_record(
        store,
        "risks",
        {"code": "RR-50", "kind": "Opportunity", "description": "Số hóa hồ sơ", "likelihood": " 3 ", "impact": "4",
         "treatment": "Dự án số hóa", "owner": "Văn phòng", "due": "31/12/2024", "procedures": "QT-C01, QT-DT01"},
    )  # fmt: skip
    assert result.changed and str(result).startswith("risks RR-50: kind: opportunity;")
    risk = result.record
    assert (risk.kind, risk.likelihood, risk.impact, risk.due) == ("opportunity", 3, 4, date(2024, 12, 31))
    assert risk.procedures == ["QT-C01", "QT-DT01"]


def test_every_problem_is_reported_at_once_by_field(demo_db):
    with pytest.raises(ValidationError) as error:
        services.edit_record(Store(demo_db), "risks", "RR-01", {"likelihood": "x", "impact": "9", "due": "soon"})
    assert [name for name, _ in error.value.problems] == ["likelihood", "impact", "due"]


def test_not_found_is_a_validation_error(demo_db):
    with pytest.raises(services.NotFoundError) as error:
        services.resolve(Store(demo_db), "HS-404", "01/08/2024")
    assert isinstance(error.value, ValidationError)
    assert str(error.value) == "dossiers HS-404: no such dossier"


def test_read_only_store_raises_read_only_error(demo_db):
    with pytest.raises(ReadOnlyError):
        services.review_procedure(Store(demo_db, read_only=True), "QT-DT01")


def test_edits_keep_the_store_consistent(demo_db):
    store = Store(demo_db)
    services.add_dossier(store, "HS-C1", procedure="QT-DT02", channel="online", received=date(2024, 8, 1))
    services.supplement(store, "HS-C1", date(2024, 8, 5))
    services.resume(store, "HS-C1", date(2024, 8, 9))
    services.resolve(store, "HS-C1", date(2024, 8, 20))
    services.add_dossier(store, "HS-C2", procedure="QT-DT02", channel="postal", received="02/08/2024")
    services.withdraw(store, "HS-C2", "05/08/2024")
    services.add_procedure(
        store, {"code": "QT-DT98", "name": "Thử", "field": "dau_tu", "unit": "Phòng Quản lý Đầu tư",
                "statutory_days": 5, "issued": "01/08/2024", "legal_basis": ["61/2020/QH14"]},
    )  # fmt: skip
    before = [str(issue) for issue in check(Store(demo_db).snapshot())]
    assert not [i for i in before if "HS-C" in i or "QT-DT98" in i]


def test_services_importing_and_data_commands_never_load_textual():
    import subprocess
    import sys

    code = (
        "import sys, qms_tui.services, qms_tui.importing, qms_tui.cli.data, qms_tui.domain.vocabulary;"
        "sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
