"""Data entry in the TUI: the forms (``a`` add, ``e`` edit), the yes/no questions (``d``), a dossier's
lifecycle, a late dossier's nonconformity (``n``), read-only mode and live refresh of a write.

Every test types as a user would, then reads the store file back with a fresh ``Store``: what the form
shows is not taken on trust.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tui_helpers import footer_keys, fresh, messages, open_form, screen_text, settle, wait_for

from qms_tui.domain.problems import say
from qms_tui.services.improvement import nc_from_late_dossier
from qms_tui.store import Store, ValidationError
from qms_tui.tui.dialogs.confirm import ConfirmDialog
from qms_tui.tui.dialogs.form import FormDialog
from qms_tui.tui.forms.tables import risk_form
from qms_tui.tui.screens.dossiers import DossiersScreen
from qms_tui.tui.screens.procedures import ProceduresScreen
from qms_tui.tui.screens.risks import RisksScreen
from qms_tui.tui.screens.training import TrainingScreen

SIZE = (80, 24)






# -- risks ---------------------------------------------------------------------------------------------


@pytest.mark.slow
async def test_a_risk_added_by_keys_is_in_the_store_and_under_the_cursor(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "3", "a")
        assert app.focused is form.widget("code")
        await pilot.press(*"RR-12", "tab", "tab", *"Mất dữ liệu", "tab", *"Đánh giá", "tab", *"QT-C01,QT-DT01",
                          "tab", "4", "tab", "3", "tab", *"Sao lưu", "tab", *"Văn phòng", "tab", *"31/12/2024",
                          "ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RisksScreen)
        assert screen.table.cursor_key == "RR-12"
        assert any("Đã thêm rủi ro RR-12" in m for m in messages(app))

    risk = next(r for r in fresh(store_dir).snapshot().risks if r.code == "RR-12")
    assert (risk.kind, risk.description, risk.source) == ("risk", "Mất dữ liệu", "Đánh giá")
    assert risk.procedures == ["QT-C01", "QT-DT01"]
    assert (risk.likelihood, risk.impact, risk.score, risk.level) == (4, 3, 12, "high")
    assert (risk.treatment, risk.owner, risk.due, risk.status) == ("Sao lưu", "Văn phòng", date(2024, 12, 31), "open")
    log = fresh(store_dir).load()["changelog"]
    entry = list(log.values())[-1]
    assert (entry["action"], entry["table"], entry["record"]) == ("add", "risks", "RR-12")
    assert entry["user"] == Store(store_dir / "qms.json").user  # the OS user


async def test_bad_values_are_shown_on_their_fields_and_nothing_is_written(app, store_dir: Path):
    path = store_dir / "qms.json"
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "3", "a")
        await pilot.press(*"R1", "tab", "tab", "x", "tab", "tab", "tab", "7", "tab", "3", "tab", "y", "tab", "z",
                          "tab", *"31/02/2024", "ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open
        assert set(form.errors) == {"likelihood", "due"}
        assert form.errors["likelihood"] == "phải là số nguyên từ 1 đến 5"
        assert form.errors["due"] == "'31/02/2024' không phải ngày có thật"
        assert form.widget("likelihood").has_class("-invalid")
        assert app.focused is form.widget("likelihood")  # the cursor goes to the first wrong field
        shown = screen_text(app)
        assert "✗ phải là số nguyên từ 1 đến 5" in shown  # marked without colour
        assert "✗ Khả năng (1–5) *" in shown
        assert "✗ Chưa lưu: 2 lỗi" in shown
        assert path.read_bytes() == before

        await pilot.press("backspace", "5")  # correcting a field clears its mark
        assert "likelihood" not in form.errors
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RisksScreen)
    assert path.read_bytes() == before
    assert "R1" not in {r.code for r in fresh(store_dir).snapshot().risks}


async def test_d_on_a_risk_asks_no_leaves_it_yes_closes_it(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash", *"rr-04", "enter", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Đóng rủi ro RR-04?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RisksScreen)
        assert next(r for r in fresh(store_dir).snapshot().risks if r.code == "RR-04").status == "open"

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.table.cursor_key == "RR-04"
        assert any("Đã đóng RR-04" in m for m in messages(app))
        await pilot.press("d")  # already closed: refused
        await pilot.pause()
        assert isinstance(app.screen, RisksScreen)
        assert any("RR-04 đã đóng" in m for m in messages(app))
    risk = next(r for r in fresh(store_dir).snapshot().risks if r.code == "RR-04")
    assert (risk.status, risk.last_reviewed) == ("closed", date(2024, 9, 1))


async def test_e_on_the_treatment_plan_edits_that_risk_and_redraws_it(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash", *"rr-01", "enter", "enter")
        await pilot.pause()
        detail = app.screen
        form = await open_form(pilot, "e")
        assert form.widget("due").value == "30/06/2024"
        form.widget("residual_likelihood").focus()
        await pilot.press("2", "tab", "2", "ctrl+s")
        await settle(pilot)
        assert app.screen is detail
        assert "Rủi ro còn lại (K×A) 2 × 2 = 4 thấp" in " ".join(detail.text.split())
    risk = next(r for r in fresh(store_dir).snapshot().risks if r.code == "RR-01")
    assert (risk.residual_likelihood, risk.residual_impact) == (2, 2)


# -- procedures and training ---------------------------------------------------------------------------


async def test_editing_a_procedure_changes_it_and_logs_the_change(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "2", "e")
        assert form.spec.title == "Sửa quy trình QT-C01"
        assert form.widget("code").disabled  # the code is not edited
        assert form.widget("issued").value == "01/08/2023"  # dates as dd/mm/yyyy
        assert app.focused is form.widget("name")
        await pilot.press("ctrl+u", *"QT tài liệu")
        form.widget("version").focus()
        await pilot.press("ctrl+u", *"2.1", "tab", "tab", "tab", "tab", "tab", *"Theo NĐ mới", "ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProceduresScreen)
        assert screen.table.cursor_key == "QT-C01"
        assert any("Đã lưu quy trình QT-C01" in m for m in messages(app))

    procedure = fresh(store_dir).snapshot().procedure_by_code["QT-C01"]
    assert (procedure.name, procedure.version) == ("QT tài liệu", "2.1")
    assert procedure.history[-1] == {"version": "2.1", "date": "2024-09-01", "change": "Theo NĐ mới"}
    entry = list(fresh(store_dir).load()["changelog"].values())[-1]
    assert (entry["action"], entry["table"], entry["record"]) == ("edit", "procedures", "QT-C01")
    assert "name: Quy trình kiểm soát thông tin dạng văn bản → QT tài liệu" in entry["summary"]
    assert "version: 2.0 → 2.1" in entry["summary"]


@pytest.mark.slow
async def test_a_course_added_in_the_courses_view_lands_under_the_cursor(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "v", "e")  # nothing to edit in the units view: says where to go
        await pilot.pause()
        assert isinstance(app.screen, TrainingScreen)
        assert any("thẻ Khóa học" in m for m in messages(app))
        await pilot.press("d")  # courses are records of competence: never deleted
        assert any("không xóa được" in m for m in messages(app))
        await pilot.press("v")
        form = await open_form(pilot, "a")
        await pilot.press("ctrl+s")  # every missing field at once, not one per try
        await settle(pilot)
        assert set(form.errors) == {"code", "title", "date", "trainer"}
        form.widget("title").value = "Đào tạo lại quy trình sửa đổi"
        form.widget("letter_ref").value = "45/GM-BQL"
        form.widget("materials").value = "Slide; Quy trình QT-C01, bản 2.0"  # items may hold commas
        await pilot.press(*"TH-2024-02", "tab", "tab", *"15/08/2024", "tab", *"Văn phòng", "tab", "tab", *"2,5", "tab",
                          "tab", "tab", *"NV001,NV002", "enter")
        await pilot.pause()
        screen = app.screen
        assert screen.view == "courses"
        assert screen.courses_table.cursor_key == "TH-2024-02"
    course = next(c for c in fresh(store_dir).snapshot().trainings if c.code == "TH-2024-02")
    assert (course.date, course.trainer, course.hours, course.letter_ref) == (date(2024, 8, 15), "Văn phòng", 2.5,
                                                                             "45/GM-BQL")
    assert course.materials == ["Slide", "Quy trình QT-C01, bản 2.0"]
    assert course.attendees == ["NV001", "NV002"]


# -- dossiers ------------------------------------------------------------------------------------------


async def test_a_dossier_is_received_with_its_due_date_computed(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "5", "a")
        assert form.widget("received").value == "01/09/2024"  # the store's today
        form.widget("procedure").value = "QT-LD03"
        await pilot.press(*"BQL-240901-0001", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DossiersScreen)
        assert app.screen.table.cursor_key == "BQL-240901-0001"
        dossier = next(d for d in fresh(store_dir).snapshot().dossiers if d.code == "BQL-240901-0001")
        assert (dossier.procedure, dossier.channel, dossier.received) == ("QT-LD03", "direct", date(2024, 9, 1))
        assert dossier.due is not None and dossier.due > dossier.received
        due = dossier.due

        form = await open_form(pilot, "e")  # received earlier, due emptied: computed again
        assert form.widget("code").disabled
        form.widget("received").value = "20/08/2024"
        form.widget("due").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DossiersScreen)
    dossier = next(d for d in fresh(store_dir).snapshot().dossiers if d.code == "BQL-240901-0001")
    assert dossier.received == date(2024, 8, 20) and dossier.due is not None and dossier.due < due


async def test_resolving_a_dossier_through_the_lifecycle_dialog(app, store_dir: Path):
    path = store_dir / "qms.json"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "t")  # in progress
        await pilot.pause()
        code = app.screen.table.cursor_key
        form = await open_form(pilot, "d")
        assert form.typed() == {"action": "resolve", "date": "01/09/2024"}
        before = path.read_bytes()
        await pilot.press("tab", "ctrl+u", *"05/09/2024", "enter")  # after today: refused on the date field
        await pilot.pause()
        assert app.screen is form and form.errors["date"] == "05/09/2024 sau ngày hôm nay (01/09/2024)"
        assert path.read_bytes() == before
        await pilot.press("ctrl+u", *"30/08/2024", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DossiersScreen)
        assert any(f"Hồ sơ {code}: trả kết quả" in m for m in messages(app))
    dossier = next(d for d in fresh(store_dir).snapshot().dossiers if d.code == code)
    assert (dossier.finished, dossier.outcome) == (date(2024, 8, 30), "resolved")


async def test_a_late_dossier_gets_one_nonconformity_and_others_are_refused(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        assert screen.table.cursor_record.outcome == "late"
        code = screen.table.cursor_key
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Trả kết quả trễ 9 ngày làm việc" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert any(f"Đã lập KPH-2024-06 cho hồ sơ {code}" in m for m in messages(app))
        await pilot.press("n")  # a second one is refused
        await pilot.pause()
        assert isinstance(app.screen, DossiersScreen)
        assert any(f"Hồ sơ {code} đã có KPH KPH-2024-06" in m for m in messages(app))
        await pilot.press("j", "n")  # resolved on time: not a nonconforming output
        await pilot.pause()
        assert screen.table.cursor_record.outcome == "on_due_date"
        assert isinstance(app.screen, DossiersScreen)
        assert any("không trễ hạn" in m for m in messages(app))
    ncs = [nc for nc in fresh(store_dir).snapshot().nonconformities if nc.source == "late_dossier"]
    assert [(nc.code, nc.reference) for nc in ncs] == [("KPH-2024-03", "BQL-240304-0002"), ("KPH-2024-06", code)]
    assert ncs[-1].clause == "8.7" and ncs[-1].raised == date(2024, 9, 1)


def test_the_nc_service_refuses_what_is_not_late(store_dir: Path):
    store = Store(store_dir / "qms.json")
    with pytest.raises(ValidationError) as refused:
        nc_from_late_dossier(store, "BQL-240722-0004")  # due 04/09/2024, still in progress
    assert refused.value.problems[0][0] == "reference"
    assert say(refused.value.problems[0][1], "vi").startswith("hồ sơ BQL-240722-0004 không trễ hạn: chưa quá hạn")
    with pytest.raises(ValidationError, match="KPH-2024-03"):
        nc_from_late_dossier(store, "BQL-240304-0002")  # already has one in the demo


# -- read-only and live refresh ----------------------------------------------------------------------


async def test_read_only_keys_are_not_offered_and_change_nothing(make, store_dir: Path):
    path = store_dir / "qms.json"
    before = path.read_bytes()
    app = make(read_only=True)
    said: list[str] = []  # every notice, also those that expired on a loaded machine before they were read
    shown_by_app = app.notify
    app.notify = lambda message, *args, **kwargs: (said.append(str(message)), shown_by_app(message, *args, **kwargs))
    async with app.run_test(size=SIZE) as pilot:
        for screen_key, keys in (("3", "aed"), ("2", "aeD"), ("5", "aedn")):
            await pilot.press(screen_key)
            await pilot.pause()
            assert not footer_keys(app) & set(keys)
            shown = len(said)
            await pilot.press(*keys)
            await pilot.pause()
            assert not isinstance(app.screen, FormDialog | ConfirmDialog)
            assert said[shown:].count("Chỉ đọc: không sửa được") == len(keys)
    assert path.read_bytes() == before


async def test_keys_are_offered_where_they_apply(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert {"a", "e", "d"} <= footer_keys(app)
        await pilot.press("5")
        await pilot.pause()
        assert {"a", "e", "d", "n"} <= footer_keys(app)
        await pilot.press("v")  # statistics: no highlighted dossier to edit
        await pilot.pause()
        assert "a" in footer_keys(app) and not {"e", "d", "n"} & footer_keys(app)
        await pilot.press("4")  # the matrix: add or edit a member of staff
        await pilot.pause()
        assert {"a", "e"} <= footer_keys(app)
        await pilot.press("v")  # by unit: a unit's row is not edited
        await pilot.pause()
        assert "a" in footer_keys(app) and "e" not in footer_keys(app)
        await pilot.press("v")
        await pilot.pause()
        assert "e" in footer_keys(app)


async def test_a_save_from_another_tui_shows_within_2_seconds(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert "RR-12" not in {r.code for r in screen.table.records}
        # the other TUI's form saves through its own Store on the same file
        other = risk_form(Store(store_dir / "qms.json"))
        other.save({"code": "RR-12", "kind": "risk", "description": "Mất điện", "likelihood": "2", "impact": "5",
                    "treatment": "Máy phát dự phòng", "owner": "Văn phòng", "status": "open"})
        assert await wait_for(pilot, lambda: "RR-12" in {r.code for r in screen.table.records}, timeout=2.0)
