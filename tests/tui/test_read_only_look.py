"""Under ``--read-only`` nothing that writes is offered: not in the footer, the help or the palette; the header
says READ-ONLY (CHỈ ĐỌC in Vietnamese)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Markdown
from tui_helpers import footer_keys, screen_text

from qms_tui.labels import tr
from qms_tui.tui.app import QmsApp
from qms_tui.tui.dialogs.help import HelpDialog, help_text
from qms_tui.tui.forms.editing import EDIT_ACTIONS


def footer_actions(app: QmsApp) -> set[str]:
    return {active.binding.action for active in app.screen.active_bindings.values() if active.binding.show}

WRITE_COMMANDS = ("cmd_org", "cmd_add_field")


def palette_titles(app: QmsApp) -> list[str]:
    return [title for title, _, _ in app.palette_commands()]


async def test_read_only_offers_no_write_anywhere(make: Callable[..., QmsApp]):
    app = make(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "[DEMO, CHỈ ĐỌC]" in screen_text(app).splitlines()[0]  # READ-ONLY in English
        for key in "23456":
            await pilot.press(key)
            await pilot.pause()
            assert not footer_actions(app) & EDIT_ACTIONS, key
        titles = palette_titles(app)
        for name in WRITE_COMMANDS:
            assert tr(name) not in titles
        assert not any(title.startswith(tr("cmd_edit_report_text", year=2024)) for title in titles)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        shown = app.screen.query_one(Markdown).source
        assert "`a` thêm" not in shown and "## Nhập liệu" not in shown and "`o` thông tin cơ quan" not in shown
        assert "`/` lọc" in shown  # the rest is there


async def test_a_writable_store_offers_them(make: Callable[..., QmsApp]):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert {"a", "e", "d"} <= footer_keys(app)
        assert {"add", "edit", "close"} <= footer_actions(app)
        titles = palette_titles(app)
        assert all(tr(name) in titles for name in WRITE_COMMANDS)
        assert "## Nhập liệu" in help_text() and "<!--" not in help_text()


def test_the_read_only_flag_is_in_the_apps_language(demo_db):
    from qms_tui.labels import lang, set_lang
    from qms_tui.store import Store
    from qms_tui.tui.widgets.header import store_label

    before = lang()
    try:
        set_lang("en")
        assert store_label(Store(demo_db, read_only=True)) == f"{demo_db} [DEMO, READ-ONLY]"
        set_lang("vi")
        assert store_label(Store(demo_db, read_only=True)) == f"{demo_db} [DEMO, CHỈ ĐỌC]"
        assert store_label(Store(demo_db)) == f"{demo_db} [DEMO]"
    finally:
        set_lang(before)


def test_the_help_page_speaks_one_language_and_both_pages_give_the_same_keys():
    import re

    vi, en = help_text(language="vi"), help_text(language="en")
    assert "Everything" not in vi and " — *" not in vi and "Keys" not in vi  # no English aside in Vietnamese
    assert "Phím tắt" in vi.splitlines()[0] and en.splitlines()[0] == "# Keys"
    assert not re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]",
                         en.replace('"lao động"', ""))  # no Vietnamese in English but the search example

    def keys(text: str) -> list[str]:
        return sorted(set(re.findall(r"`[^`\n]{1,7}`", text)))

    assert keys(vi) == keys(en)
    for read_only in (True, False):  # the same sections hide on a read-only store
        assert len(help_text(read_only, "vi").split("\n## ")) == len(help_text(read_only, "en").split("\n## "))
