"""Two people editing one record: a form's save merges what someone else saved in other fields since the
form opened, and asks before overwriting a field they changed too (``services.EditConflict``).

"Someone else" writes through their own ``Store`` on the same file while the form is open, as a second
TUI or a ``qms`` command in another terminal would. Every outcome is read back from the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import fresh, open_form, screen_text, settle, wait_for

from qms_tui import services
from qms_tui.labels import set_lang
from qms_tui.services.common import EditConflict, find_conflicts
from qms_tui.store import Store, ValidationError
from qms_tui.tui.dialogs.conflict import ConflictDialog
from qms_tui.tui.dialogs.form import FormDialog
from qms_tui.tui.screens.improvement_forms import action_form

SIZE = (80, 24)


def risk(store_dir: Path, code: str = "RR-01"):  # type: ignore[no-untyped-def]
    return next(r for r in fresh(store_dir).snapshot().risks if r.code == code)


def someone_else(store_dir: Path, **changes: str) -> None:
    """Another process changes RR-01 (its own Store on the same file)."""
    services.edit_record(Store(store_dir / "qms.json"), "risks", "RR-01", changes)


async def open_rr01(pilot) -> FormDialog:  # type: ignore[no-untyped-def]
    await pilot.press("3", "slash", *"rr-01", "enter", "enter")
    await pilot.pause()
    return await open_form(pilot, "e")


async def type_into(pilot, form: FormDialog, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    form.widget(name).focus()
    await pilot.press("ctrl+u", *text)


async def test_the_second_save_of_a_field_asks_and_overwrite_keeps_yours(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_rr01(pilot)
        someone_else(store_dir, owner="Phòng Quản lý Đầu tư")
        await type_into(pilot, form, "owner", "Ban Chỉ đạo ISO")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        shown = screen_text(app)
        assert "Người khác đã sửa bản ghi này" in shown
        assert "người khác đã lưu: Phòng Quản lý Đầu tư" in shown
        assert "bạn nhập:          Ban Chỉ đạo ISO" in shown
        assert "Overwrite" not in shown and "Reload" not in shown  # the Vietnamese interface speaks Vietnamese
        assert risk(store_dir).owner == "Phòng Quản lý Đầu tư"  # nothing written while asking
        await pilot.press("g")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, (ConflictDialog, FormDialog)))
    assert risk(store_dir).owner == "Ban Chỉ đạo ISO"


@pytest.mark.slow
async def test_reload_puts_theirs_in_the_form_and_keeps_your_other_edits(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_rr01(pilot)
        someone_else(store_dir, owner="Phòng Quản lý Đầu tư", source="Rà soát quý III")
        await type_into(pilot, form, "owner", "Ban Chỉ đạo ISO")
        await type_into(pilot, form, "treatment", "Kèm cặp cán bộ mới")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await pilot.press("t")
        assert await wait_for(pilot, lambda: app.screen is form)
        assert form.widget("owner").value == "Phòng Quản lý Đầu tư"  # theirs, in the clashing field
        assert form.widget("source").value == "Rà soát quý III"  # theirs, in a field not typed in
        assert form.widget("treatment").value == "Kèm cặp cán bộ mới"  # yours, kept
        assert "Đã tải lại giá trị đã lưu của Phụ trách" in screen_text(app)
        assert app.focused is form.widget("owner")
        assert risk(store_dir).treatment != "Kèm cặp cán bộ mới"  # nothing written by reloading
        await pilot.press("ctrl+s")  # saved again: no question now, only your treatment is written
        assert await wait_for(pilot, lambda: not isinstance(app.screen, (ConflictDialog, FormDialog)))
    stored = risk(store_dir)
    assert (stored.owner, stored.source, stored.treatment) == (
        "Phòng Quản lý Đầu tư", "Rà soát quý III", "Kèm cặp cán bộ mới")


async def test_edits_of_different_fields_merge_without_a_question(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_rr01(pilot)
        someone_else(store_dir, owner="Phòng Quản lý Đầu tư")
        await type_into(pilot, form, "treatment", "Kèm cặp cán bộ mới")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, FormDialog))
        assert not isinstance(app.screen, ConflictDialog)
    stored = risk(store_dir)
    assert (stored.owner, stored.treatment) == ("Phòng Quản lý Đầu tư", "Kèm cặp cán bộ mới")


async def test_the_same_value_saved_twice_is_no_conflict_and_esc_saves_nothing(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_rr01(pilot)
        someone_else(store_dir, owner="Ban Chỉ đạo ISO", likelihood="2")
        await type_into(pilot, form, "owner", "Ban Chỉ đạo ISO")  # the same value: agreed, not a clash
        await type_into(pilot, form, "likelihood", "3")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
        assert "Khả năng (1–5)" in screen_text(app) and "Phụ trách" not in screen_text(app).split("•", 1)[1]
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: app.screen is form)
        assert form.errors[""] == "✗ Chưa lưu: người khác đã sửa Khả năng (1–5)"
        assert form.widget("likelihood").value == "3"
    assert risk(store_dir).likelihood == 2


async def test_a_review_action_edited_twice_asks_too(store_dir: Path):
    store = Store(store_dir / "qms.json")
    qms = store.snapshot()
    action = next(a for a in qms.review_actions() if a.status == "open")
    spec = action_form(store, qms, action)
    services.edit_record(Store(store_dir / "qms.json"), "reviews", action.review, {},
                         adjust=lambda tx, review: setattr(review, "actions", [
                             {**doc, "owner": "Văn phòng"} if doc["code"] == action.code else doc
                             for doc in review.actions]))
    with pytest.raises(EditConflict) as caught:
        spec.write({"owner": "Phòng Quản lý Lao động"})
    assert [(c.field, c.theirs, c.yours) for c in caught.value.conflicts] == [
        ("owner", "Văn phòng", "Phòng Quản lý Lao động")]
    spec.base = caught.value.current
    spec.write({"owner": "Phòng Quản lý Lao động"})
    stored = next(a for a in fresh(store_dir).snapshot().review_actions() if a.code == action.code)
    assert stored.owner == "Phòng Quản lý Lao động"


def test_without_a_base_the_last_write_wins_as_on_the_command_line(store_dir: Path):
    store = Store(store_dir / "qms.json")
    services.edit_record(store, "risks", "RR-01", {"owner": "A"})
    services.edit_record(store, "risks", "RR-01", {"owner": "B"})
    assert risk(store_dir).owner == "B"
    base = risk(store_dir).to_doc()
    services.edit_record(store, "risks", "RR-01", {"owner": "C"})
    with pytest.raises(ValidationError, match="owner: was changed meanwhile to C"):
        services.edit_record(store, "risks", "RR-01", {"owner": "D"}, base=base)
    assert risk(store_dir).owner == "C"


def test_find_conflicts_is_a_three_way_merge():
    base = {"a": 1, "b": 1, "c": 1, "d": None}
    current = {"a": 2, "b": 1, "c": 3, "d": ""}
    mine = {"a": 5, "b": 7, "c": 3, "d": "x"}
    assert [(c.field, c.theirs, c.yours) for c in find_conflicts(base, current, mine, "abcd")] == [("a", 2, 5)]


@pytest.mark.slow
async def test_the_english_interface_speaks_english(make, store_dir: Path):
    set_lang("en")
    try:
        app = make()
        async with app.run_test(size=SIZE) as pilot:
            form = await open_rr01(pilot)
            someone_else(store_dir, owner="Phòng Quản lý Đầu tư")
            await type_into(pilot, form, "owner", "Ban Chỉ đạo ISO")
            await pilot.press("ctrl+s")
            assert await wait_for(pilot, lambda: isinstance(app.screen, ConflictDialog))
            shown = screen_text(app)
            assert "Someone else changed this record" in shown and "Overwrite (o)" in shown
            await pilot.press("o")
            assert await wait_for(pilot, lambda: not isinstance(app.screen, (ConflictDialog, FormDialog)))
    finally:
        set_lang("vi")
    assert risk(store_dir).owner == "Ban Chỉ đạo ISO"


async def test_an_implausible_date_is_refused_under_its_field_in_vietnamese(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_rr01(pilot)
        await type_into(pilot, form, "due", "30/06/1924")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.errors == {"due": "30/06/1924 trước 01/01/1990: ngày không hợp lý"}
    assert risk(store_dir).due is not None and risk(store_dir).due.year == 2024
