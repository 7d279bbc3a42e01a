"""The filter: typed without accents it finds both spellings; typed with accents it finds exactly those."""

from __future__ import annotations

import unicodedata

from qms_tui.domain.text import Needle, fold, searchable
from qms_tui.tui.widgets.record_table import RecordTable


def test_a_needle_with_marks_is_exact_and_one_without_is_not():
    assert Needle("Nguyễn").exact and not Needle("nguyen").exact and Needle("Đầu").exact
    assert Needle("  NGUYỄN ").accented == "nguyễn"
    decomposed = unicodedata.normalize("NFD", "Tài nguyên")
    assert searchable(decomposed) == "tài nguyên"
    assert fold(searchable("Tài nguyên")) == "tai nguyen"


async def test_nguyen_with_accents_finds_the_name_not_the_resources_unit(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        table = app.screen.query_one("#matrix-table", RecordTable)
        staff = {s.staff.code: s.staff for s in table.records}
        named = {code for code, s in staff.items() if "Nguyễn" in s.name}
        resources = {code for code, s in staff.items() if "Tài nguyên" in s.unit}
        assert named and resources - named
        await pilot.press("slash", *"Nguyễn")
        await pilot.pause()
        assert {r.staff.code for r in table.view_records} == named
        await pilot.press("escape", "slash", *"nguyen")
        await pilot.pause()
        assert table.filter_text == "nguyen"
        assert {r.staff.code for r in table.view_records} == named | resources
        await pilot.press("escape", "slash", *"NGUYÊN")  # marks typed, case aside
        await pilot.pause()
        assert {r.staff.code for r in table.view_records} == {
            code for code, s in staff.items() if "nguyên" in s.unit.lower() or "nguyên" in s.name.lower()}
