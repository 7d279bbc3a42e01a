"""Screens 3 and 4: the risk register with its heat map and treatment plans; training coverage."""

from __future__ import annotations

from tui_helpers import screen_text

from qms_tui.domain import training
from qms_tui.tui.screens.risk_detail import RiskDetailScreen
from qms_tui.tui.screens.risks import RisksScreen
from qms_tui.tui.screens.training import TrainingScreen
from qms_tui.tui.widgets.heatmap import HeatMap
from qms_tui.tui.widgets.plain import plain_text
from qms_tui.tui.widgets.record_table import RecordTable


async def test_risk_register_highest_score_first_with_heat_map(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RisksScreen)
        table = screen.table
        assert table.row_count == len(app.qms.risks) == 15
        scores = [r.score for r in table.view_records]
        assert scores == sorted(scores, reverse=True)
        heat = screen.query_one(HeatMap)
        assert heat.grid == app.qms.heat_map()
        assert sum(map(sum, heat.grid)) == sum(1 for r in app.qms.risks if r.status != "closed")
        shown = screen_text(app)
        # likelihood 4 × impact 3 holds two open items in the demo; the grid row for L=4 shows them
        row_l4 = next(line for line in shown.splitlines() if line.startswith("  4 "))
        assert row_l4.split()[1:6] == ["·", "·", "2", "2", "·"]
        assert "Xử lý quá hạn: 1 (RR-01)" in shown


async def test_enter_opens_the_treatment_plan(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "slash", *"rr-01", "enter", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, RiskDetailScreen)
        risk = next(r for r in app.qms.risks if r.code == "RR-01")
        text = " ".join(detail.text.split())
        assert "RR-01 — rủi ro" in text
        assert f"{risk.likelihood} × {risk.impact} = {risk.score} CAO" in text
        assert "Tổ chức tập huấn bổ sung cho cán bộ mới" in text
        assert "30/06/2024 QUÁ HẠN" in text  # overdue treatment
        assert "Rà soát gần nhất 10/07/2024" in text
        assert "Rủi ro còn lại (K×A) chưa đánh giá" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RisksScreen)


async def test_closed_risk_shows_residual_and_effectiveness(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "slash", *"rr-08", "enter", "enter")
        await pilot.pause()
        text = " ".join(app.screen.text.split())
        assert "Rủi ro còn lại (K×A) 1 × 3 = 3 thấp" in text
        assert "Hiệu quả có" in text


async def test_training_matrix_puts_the_untrained_first_and_says_why_others_retrain(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainingScreen)
        matrix = screen.query_one("#matrix-table", RecordTable)
        statuses = [s.status for s in matrix.view_records]
        never = len(app.qms.untrained())
        assert never > 0
        assert statuses[:never] == [training.NEVER] * never
        assert training.NEVER not in statuses[never:]
        columns = [c.key for c in matrix.specs]
        assert [c.code for c in app.qms.trainings if c.qms] == [k for k in columns if k.startswith("TH-")]
        summary = str(screen.query_one("#training-summary").content)
        assert f"Chưa đào tạo {never}" in summary
        retrain = app.qms.to_retrain()[0]
        assert matrix.move_to_key(retrain.staff.code)
        await pilot.pause()
        preview = str(screen.query_one("#matrix-view .preview").content)
        assert retrain.staff.name in preview and retrain.revised_procedures[0] in preview


async def test_v_switches_to_units_and_courses(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "v")
        await pilot.pause()
        screen = app.screen
        units = screen.query_one("#units-table", RecordTable)
        assert app.focused is units
        assert units.row_count == len(app.qms.training_coverage())
        labour = next(u for u in units.view_records if u.unit == "Phòng Quản lý Lao động")
        assert labour.never == 1 and labour.retrain == 5
        await pilot.press("v")
        await pilot.pause()
        courses = screen.query_one("#courses-table", RecordTable)
        assert app.focused is courses
        assert courses.row_count == len(app.qms.trainings)
        course = courses.cursor_record
        detail = plain_text(screen.course_detail(course), 76)
        assert course.title[:40] in " ".join(detail.split())
        assert f"Học viên ({len(course.attendees)})" in detail
        assert f"Tài liệu ({len(course.materials)})" in detail
        first = app.qms.staff_by_code[course.attendees[0]].name
        assert first in detail
        await pilot.press("down")
        await pilot.pause()
        other = courses.cursor_record
        assert other is not course
        shown = plain_text(screen.query_one("#course-detail-text").content, 76)
        assert f"Học viên ({len(other.attendees)})" in shown
        await pilot.press("v")
        await pilot.pause()
        assert app.focused is screen.query_one("#matrix-table")
