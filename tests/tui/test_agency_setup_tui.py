"""Setting up an agency in the TUI: the Overview's first-run panel, the organisation form (Overview key and
command palette) and the field form. Each test types as a user would and reads the store file back."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import AS_OF, messages, open_form, screen_text, settle, wait_for

from qms_tui.labels import tr
from qms_tui.store import Store, create_store
from qms_tui.tui.app import make_app
from qms_tui.tui.dialogs.form import FormDialog

SIZE = (80, 24)


def new_store_app(store_dir: Path, *, read_only: bool = False):  # type: ignore[no-untyped-def]
    create_store(store_dir / "new.json", demo=False)
    return make_app(Store(Path("new.json"), read_only=read_only), clock=lambda: AS_OF, poll_interval=5)


def stored(store_dir: Path, name: str = "new.json"):  # type: ignore[no-untyped-def]
    return Store(store_dir / name, read_only=True).snapshot()


@pytest.mark.slow
async def test_the_overview_of_a_new_store_lists_what_is_missing_and_opens_each_form(store_dir: Path):
    app = new_store_app(store_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#ov-setup").display and screen.query_one("#ov-setup").region.y == 2
        assert not screen.query_one("#ov-procedures").display and not screen.query_one("#ov-plan").display
        text = screen_text(app)
        assert "Bắt đầu: còn 5 bước" in text
        for line in ("✗ Chưa có tên cơ quan", "✗ Chưa có đơn vị (phòng, ban)", "✗ Chưa có lĩnh vực TTHC",
                     "✗ Chưa có quy trình", "✗ Chưa có cán bộ", "l Thêm lĩnh vực", "t Thêm quy trình",
                     "n Thêm cán bộ"):
            assert line in text, line
        assert app.focused is screen.query_one("#ov-setup")

        form = await open_form(pilot, "enter")  # Enter on the panel: the first missing thing's form
        assert form.spec.title == "Thông tin cơ quan"
        await pilot.press(*"Sở Tư pháp tỉnh Nam Định", "tab", *"STP", "tab", "tab", *"Nam Định", "tab", "tab",
                          *"Văn phòng; Phòng Hộ tịch", "ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, FormDialog))
        assert await wait_for(pilot, lambda: "Bắt đầu: còn 3 bước" in screen_text(app))
        assert "Đã lưu thông tin cơ quan" in messages(app)
        org = stored(store_dir).organisation
        assert (org.name, org.short_name, org.place) == ("Sở Tư pháp tỉnh Nam Định", "STP", "Nam Định")
        assert org.units == ["Văn phòng", "Phòng Hộ tịch"]

        form = await open_form(pilot, "l")
        assert form.spec.title == "Thêm lĩnh vực TTHC"
        await pilot.press(*"ho_tich", "tab", *"Hộ tịch", "ctrl+s")
        assert await wait_for(pilot, lambda: "Bắt đầu: còn 2 bước" in screen_text(app))
        assert [(f.code, f.name) for f in stored(store_dir).fields] == [("ho_tich", "Hộ tịch")]

        form = await open_form(pilot, "t")  # the procedure form offers the store's own fields
        assert form.spec.find("field").choices == (("ho_tich", "Hộ tịch"),)
        assert form.spec.find("unit").choices == (("Văn phòng", "Văn phòng"), ("Phòng Hộ tịch", "Phòng Hộ tịch"))
        await pilot.press("escape")
        form = await open_form(pilot, "n")
        assert form.spec.title == "Thêm cán bộ"
        await pilot.press("tab", *"Nguyễn Văn An", "ctrl+s")  # the code is filled in (NV001), the unit too
        assert await wait_for(pilot, lambda: "Bắt đầu: còn 1 bước" in screen_text(app))
    person = stored(store_dir).staff_by_code["NV001"]
    assert (person.name, person.unit) == ("Nguyễn Văn An", "Văn phòng")


async def test_once_set_up_the_panel_gives_its_room_back(app):
    async with app.run_test(size=SIZE) as pilot:  # the demo
        await pilot.pause()
        screen = app.screen
        assert not screen.query("#ov-setup") and screen.query_one("#ov-plan").display  # no panel made at all
        assert screen.query_one("#ov-dossiers").region.y == 2 and screen.query_one("#ov-plan").region.bottom == 23
        assert "Bắt đầu" not in screen_text(app)


async def test_the_organisation_form_from_the_palette_changes_only_what_was_typed(app, store_dir: Path):
    before = stored(store_dir, "qms.json").organisation
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")  # any screen: the palette reaches it
        await pilot.pause()
        command = next(callback for title, _, callback in app.palette_commands() if title == tr("cmd_org"))
        command()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.widget("name").value == "Ban Quản lý Khu kinh tế Hải Phòng"
        assert form.widget("units").value.startswith("Lãnh đạo Ban; Văn phòng; ")
        form.widget("signer_name").focus()
        await pilot.press("home", "ctrl+k", *"Nguyễn Văn Cường", "ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, FormDialog))
    after = stored(store_dir, "qms.json").organisation
    assert after.signer_name == "Nguyễn Văn Cường"
    assert after.units == before.units and after.recipients == before.recipients
    assert after.tthc_in_remit == 55 and after.signer_line1 == "KT. TRƯỞNG BAN"
    log = list(Store(store_dir / "qms.json", read_only=True).load()["changelog"].values())
    entry = log[-1]
    assert (entry["action"], entry["table"]) == ("set", "organisation")
    assert entry["summary"] == "signer_name: Bùi Ngọc Hải → Nguyễn Văn Cường"


async def test_a_refused_organisation_change_is_shown_on_its_field(app, store_dir: Path):
    path = store_dir / "qms.json"
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_form(pilot, "o")
        form.widget("units").focus()
        await pilot.press("home", "ctrl+k", *"Văn phòng", "tab", "tab", "tab", "tab", "tab", "home", "ctrl+k", "-", "1",
                          "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.errors["units"].startswith("đơn vị 'Phòng Quản lý Đầu tư' vẫn còn: NV011")
        assert form.errors["tthc_in_remit"] == "không được là số âm"
    assert path.read_bytes() == before


async def test_read_only_setup_keys_only_say_so(store_dir: Path):
    app = new_store_app(store_dir, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        assert any("chỉ đọc" in m.lower() for m in messages(app))


async def test_a_store_that_comes_to_need_setting_up_gets_the_panel(app):
    from dataclasses import replace

    async with app.run_test(size=SIZE) as pilot:  # the demo, then its procedures gone (as after a reload)
        await pilot.pause()
        app.data_changed(replace(app.qms, procedures=[]))
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#ov-setup").display and screen.query_one("#ov-setup").region.y == 2
        assert "Bắt đầu: còn 1 bước" in screen_text(app) and not screen.query_one("#ov-plan").display
