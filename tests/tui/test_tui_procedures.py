"""Screen 2: the procedures table, its accent-insensitive filter, sort, and the detail page."""

from __future__ import annotations

from qms_tui.tui.screens.dossiers import DossiersScreen
from qms_tui.tui.screens.procedure_detail import ProcedureDetailScreen
from qms_tui.tui.screens.procedures import ProceduresScreen
from qms_tui.tui.widgets.table_view import TableView


def table_codes(screen) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.code for p in screen.table.view_records]


async def test_the_table_lists_all_66_procedures_with_period_figures(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProceduresScreen)
        assert screen.table.row_count == 66
        assert "66 dòng" in screen.query_one(TableView).status_text
        counts = app.stats().by_procedure
        busiest = max(counts, key=lambda code: counts[code].received)
        row = screen.table.get_row(busiest)
        columns = [c.key for c in screen.table.specs]
        assert str(row[columns.index("dossiers")]) == str(counts[busiest].received)
        assert sum(c.received for c in counts.values()) == 578


async def test_filter_lao_dong_without_accents_finds_the_labour_procedures(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash", *"lao dong")
        await pilot.pause()
        screen = app.screen
        labour = sorted(p.code for p in app.qms.procedures if p.field == "lao_dong")
        assert len(labour) == 10
        assert sorted(table_codes(screen)) == labour
        assert screen.table.row_count == 10
        assert "lọc «lao dong»: 10/66" in screen.query_one(TableView).status_text
        await pilot.press("enter")  # keep the filter, back to the table
        await pilot.pause()
        assert app.focused is screen.table
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert screen.table.row_count == 66
        assert screen.table.filter_text == ""
        assert isinstance(app.screen, ProceduresScreen)


async def test_filter_folds_d_stroke_and_tones(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash", *"dau tu")
        await pilot.pause()
        codes = table_codes(app.screen)
        assert codes and all(app.qms.procedure_by_code[c].field == "dau_tu" or "đầu tư" in
                             app.qms.procedure_by_code[c].name.lower() for c in codes)
        assert {p.code for p in app.qms.procedures if p.field == "dau_tu"} <= set(codes)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.table.row_count == 66


async def test_s_cycles_the_sort_column_and_S_reverses(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.table
        status = app.screen.query_one(TableView)
        assert table.sort_column == 0 and "sắp xếp: Mã ▲" in status.status_text
        first = table_codes(app.screen)
        await pilot.press("s")
        await pilot.pause()
        assert table.sort_column == 1
        assert "sắp xếp: Tên ▲" in status.status_text
        names = [p.name for p in table.view_records]
        assert table_codes(app.screen) != first
        from qms_tui.domain.text import fold

        assert [fold(n) for n in names] == sorted(fold(n) for n in names)
        await pilot.press("s", "s", "s", "s", "s")  # kind, field, days, status, dossiers
        await pilot.press("S")
        await pilot.pause()
        assert "sắp xếp: HS ▼" in status.status_text
        received = [app.stats().by_procedure[p.code].received for p in table.view_records[:3]]
        assert received == sorted(received, reverse=True)
        assert received[0] == max(c.received for c in app.stats().by_procedure.values())


async def test_enter_opens_the_detail_and_esc_comes_back_to_the_same_row(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash", *"xd09", "enter")
        await pilot.pause()
        assert table_codes(app.screen) == ["QT-XD09"]
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, ProcedureDetailScreen)
        text = detail.text
        assert "QT-XD09 — Thẩm định nhiệm vụ quy hoạch chi tiết xây dựng" in text
        assert "Căn cứ pháp lý" in text and "Lịch sử sửa đổi" in text and "Hồ sơ trong kỳ" in text
        change = next(c for c in app.qms.legal_changes() if "QT-XD09" in c.pending)
        assert change.document.number in text
        assert f"CHƯA CẬP NHẬT, QUÁ HẠN {change.deadline:%d/%m/%Y}" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProceduresScreen)
        assert app.screen.table.cursor_key == "QT-XD09"
        assert app.screen.table.filter_text == "xd09"


async def test_detail_lists_the_dossiers_of_the_period(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash", *"qt-ld01", "enter", "enter")
        await pilot.pause()
        detail = app.screen
        counts = app.stats().by_procedure["QT-LD01"]
        assert f"Tiếp nhận {counts.received}" in detail.text
        rows = [r for r in app.dossier_rows() if r.dossier.procedure == "QT-LD01"]
        assert rows[0].dossier.code in detail.text
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DossiersScreen)
        assert app.screen.procedure == "QT-LD01"
        assert {r.dossier.procedure for r in app.screen.table.records} == {"QT-LD01"}
        assert len(app.screen.table.records) == len(rows)


async def test_number_key_of_the_current_screen_closes_its_detail(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProcedureDetailScreen)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, ProceduresScreen)
