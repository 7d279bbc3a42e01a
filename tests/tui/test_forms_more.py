"""Data entry for internal audits and their findings (Improvement screen, audits view) and for staff
(Training screen, matrix and units views): typed as a user would, read back with a fresh ``Store``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tui_helpers import footer_keys, fresh, messages, open_form, settle, wait_for

from qms_tui.domain import training
from qms_tui.tui.dialogs.form import FormDialog
from qms_tui.tui.screens.improvement import ImprovementScreen
from qms_tui.tui.screens.training import TrainingScreen

SIZE = (80, 24)






async def audits_view(pilot) -> ImprovementScreen:  # type: ignore[no-untyped-def]
    await pilot.press("6", "v", "v")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ImprovementScreen) and screen.view == "audits"
    return screen


# -- internal audits and findings ----------------------------------------------------------------------


@pytest.mark.slow
async def test_an_audit_added_by_keys_is_in_the_store_and_the_table(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        screen = await audits_view(pilot)
        assert {"a", "e"} <= footer_keys(app)
        form = await open_form(pilot, "a")
        assert form.widget("code").value == "DGNB-2025"  # DGNB-2024 is taken
        await pilot.press("tab", *"Đánh giá nội bộ 2025", "tab", *"16/06/2025", "tab", "tab", *"Văn phòng",
                          "tab", *"QT-C01, QT-C02", "tab", *"NV005,NV006", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#audits-table").cursor_key == "DGNB-2025"
        assert any("DGNB-2025" in m for m in messages(app))
    audit = next(a for a in fresh(store_dir).snapshot().audits if a.code == "DGNB-2025")
    assert (audit.title, audit.plan_date, audit.actual_date, audit.status) == (
        "Đánh giá nội bộ 2025", date(2025, 6, 16), None, "planned")
    assert (audit.units, audit.procedures, audit.auditors) == (["Văn phòng"], ["QT-C01", "QT-C02"], ["NV005", "NV006"])


async def test_a_bad_audit_date_or_rule_is_shown_on_its_field_and_nothing_is_written(app, store_dir: Path):
    path = store_dir / "qms.json"
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await audits_view(pilot)
        form = await open_form(pilot, "a")
        form.widget("plan_date").value = "31/02/2025"
        form.widget("auditors").value = "NV999"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "plan_date" in form.errors
        form.widget("plan_date").value = "16/06/2025"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "auditors" in form.errors  # an unknown staff code (a reference)
        await pilot.press("escape")
        await pilot.pause()
        # DGNB-2024 found a nonconformity whose NC (KPH-2024-01) is still open: it cannot be closed
        form = await open_form(pilot, "e")
        assert form.widget("code").value == "DGNB-2024"
        form.widget("status").value = "closed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "KPH-2024-01" in form.errors["status"]
    assert path.read_bytes() == before


async def test_a_finding_is_added_to_the_highlighted_audit(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        screen = await audits_view(pilot)
        assert screen.query_one("#audits-table").cursor_key == "DGNB-2024"
        await pilot.press("tab")  # into the findings table
        await pilot.pause()
        assert app.focused is screen.query_one("#findings-table")
        form = await open_form(pilot, "a")
        assert (form.widget("audit").value, form.widget("code").value) == ("DGNB-2024", "DGNB-2024-08")
        form.widget("kind").value = "observation"
        form.widget("clause").value = "7.5"
        form.widget("procedures").value = "QT-XD09"
        form.widget("description").value = "Biểu mẫu cũ còn lưu hành"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#findings-table").cursor_key == "DGNB-2024-08"
        form = await open_form(pilot, "e")  # the finding under the cursor
        assert form.widget("code").value == "DGNB-2024-08"
        form.widget("clause").value = "7.5.3"
        await pilot.press("ctrl+s")
        await settle(pilot)
    finding = next(f for f in fresh(store_dir).snapshot().audit_findings if f.code == "DGNB-2024-08")
    assert (finding.audit, finding.kind, finding.clause, finding.procedures) == (
        "DGNB-2024", "observation", "7.5.3", ["QT-XD09"])


async def test_audit_keys_are_off_when_read_only(make):
    app = make(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await audits_view(pilot)
        assert not {"a", "e"} & footer_keys(app)
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        assert any("Chỉ đọc" in m for m in messages(app))


# -- staff ---------------------------------------------------------------------------------------------


async def test_a_new_member_of_staff_is_counted_as_never_trained(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainingScreen)
        never = sum(s.status == training.NEVER for s in app.qms.staff_training)
        form = await open_form(pilot, "a")
        assert form.widget("code").value == "NV042"
        assert form.widget("unit").value == "Lãnh đạo Ban"  # a drop-down of the organisation's units
        form.widget("unit").value = "Văn phòng"
        await pilot.press("tab", *"Trần Thị Mới", "tab", "tab", *"Chuyên viên", "tab", *"15/08/2024", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.view == "matrix"
        assert screen.matrix_table.cursor_key == "NV042"
        assert screen.matrix_table.cursor_record.status == training.NEVER
        assert sum(s.status == training.NEVER for s in app.qms.staff_training) == never + 1
    person = fresh(store_dir).snapshot().staff_by_code["NV042"]
    assert (person.name, person.unit, person.role, person.start_date) == (
        "Trần Thị Mới", "Văn phòng", "Chuyên viên", date(2024, 8, 15))


async def test_a_member_of_staff_moves_to_another_unit(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        person = screen.matrix_table.cursor_record.staff
        new_unit = next(u for u in app.qms.organisation.units if u != person.unit)
        form = await open_form(pilot, "e")
        assert form.widget("code").value == person.code and form.widget("code").disabled
        form.widget("unit").value = new_unit
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert await wait_for(pilot, lambda: screen.matrix_table.cursor_key == person.code)
        assert any(f"Đã lưu cán bộ {person.code}" in m for m in messages(app))
    assert fresh(store_dir).snapshot().staff_by_code[person.code].unit == new_unit
