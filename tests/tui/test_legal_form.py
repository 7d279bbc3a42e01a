"""The legal register's form (command palette): the end of effect and the replacing document of a reform,
chosen from the register; and the training form's trainer role."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tui_helpers import fresh, messages, open_form, wait_for

from qms_tui.labels import tr
from qms_tui.tui.dialogs.form import FormDialog

SIZE = (80, 24)


async def test_a_legal_document_edited_from_the_palette_gets_its_end_and_replacement(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = tr("cmd_edit_legal", number="45/2020/NĐ-CP")
        command = next(callback for name, _, callback in app.palette_commands() if name == title)
        command()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.typed()["effective"] == "22/05/2020" and form.typed()["replaced_by"] == ""
        form.widget("ends").value = "31/02/2025"  # not a date: the form says so and writes nothing
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog) and "ends" in form.errors
        form.widget("ends").value = "01/07/2025"
        form.widget("replaced_by").value = "118/2025/NĐ-CP"
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, FormDialog)), messages(app)
    document = next(d for d in fresh(store_dir).snapshot().legal_documents if d.number == "45/2020/NĐ-CP")
    assert (document.ends, document.replaced_by, document.amends) == (date(2025, 7, 1), "118/2025/NĐ-CP", "")


async def test_a_new_legal_document_and_a_trainer_role(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        command = next(callback for name, _, callback in app.palette_commands() if name == tr("cmd_add_legal"))
        command()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.widget("number").value = "03/2025/TT-VPCP"
        form.widget("title").value = "Thông tư hướng dẫn Nghị định 118/2025/NĐ-CP"
        form.widget("effective").value = "01/07/2025"
        form.widget("amends").value = "118/2025/NĐ-CP"
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, FormDialog)), messages(app)
        await pilot.press("4", "v", "v")  # the courses view
        await pilot.pause()
        assert app.screen.view == "courses"
        form = await open_form(pilot, "e")
        assert "trainer_role" in form.typed()
        form.widget("trainer_role").value = "Thư ký ISO"
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, FormDialog)), messages(app)
        code = app.screen.courses_table.cursor_key
    snapshot = fresh(store_dir).snapshot()
    added = next(d for d in snapshot.legal_documents if d.number == "03/2025/TT-VPCP")
    assert (added.effective, added.amends, added.ends) == (date(2025, 7, 1), "118/2025/NĐ-CP", None)
    assert next(c for c in snapshot.trainings if c.code == code).trainer_role == "Thư ký ISO"
