"""Screen 1: the figures a leader reads before a meeting, at 80×24, and where each block leads."""

from __future__ import annotations

import pytest
from tui_helpers import screen_text

from qms_tui.tui.screens.dossiers import DossiersScreen
from qms_tui.tui.screens.improvement import ImprovementScreen
from qms_tui.tui.screens.overview import OverviewScreen
from qms_tui.tui.screens.plan import PlanScreen
from qms_tui.tui.screens.procedures import ProceduresScreen
from qms_tui.tui.widgets.block import Block
from qms_tui.tui.widgets.header import QmsHeader


async def test_overview_shows_the_period_figures_and_reconciliation(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        dossiers = app.screen.query_one("#ov-dossiers", Block).plain
        for line, figures in [
            ("Tiếp nhận", ("578", "454", "124")),
            ("Đã giải quyết", ("439", "369", "70")),
            ("Đang giải quyết", ("113", "113", "0")),
            ("Rút / trả lại", ("26", "84,1%")),
        ]:
            text = next(row for row in dossiers.splitlines() if row.startswith(line))
            for figure in figures:
                assert figure in text, (line, figure, text)
        assert "578 = 439 + 113 + 26 ✓ khớp" in dossiers


async def test_overview_essentials_fit_80x24_without_scrolling(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        lines = shown.splitlines()
        assert len(lines) == 24
        for expected in ("578", "454", "124", "439", "369", "70", "113", "26", "84,1%",
                         "578 = 439 + 113 + 26 ✓ khớp", "qms.json [DEMO]", "tính đến 01/09/2024",
                         "Kỳ 01/01/2024–01/09/2024", "[2] Quy trình", "[3] Rủi ro", "[4] Đào tạo", "[5] Hồ sơ TTHC",
                         "66 = 5 chung + 6 nội bộ + 55 TTHC", "TTHC trong HTQLCL: 55 trên 55",
                         "Đánh giá nội bộ", "18/06/2024", "Xem xét lãnh đạo", "10/07/2024"):
            assert expected in shown, expected


@pytest.mark.parametrize(("width", "dossiers", "right"), [(80, 52, 28), (120, 92, 28), (40, 20, 20)])
async def test_the_blocks_share_the_width_and_the_right_side_never_falls_off(app, width, dossiers, right):
    """The dossiers beside a 28-column right side, the rows below split in half; under 56 columns the right
    side takes half, so that no block is cut by the edge of the terminal."""
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        region = {name: app.screen.query_one(f"#ov-{name}").region for name in
                  ("dossiers", "attention", "index", "risks", "training", "procedures", "plan")}
        assert (region["dossiers"].width, region["attention"].width, region["index"].width) == (dossiers, right,
                                                                                                 right)
        assert region["attention"].right == region["index"].right == region["training"].right == width
        assert region["risks"].width == region["procedures"].width == width // 2
        assert region["training"].width == region["plan"].width == width - width // 2
        assert [region[name].height for name in ("dossiers", "attention", "index", "risks", "plan")] == [7, 3, 4, 7, 7]


async def test_overview_blocks_hold_actionable_counts(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        qms = app.qms
        attention = app.screen.query_one("#ov-attention", Block).plain
        assert attention.startswith(f"{len(qms.attention_dossiers())} hồ sơ")
        risks = app.screen.query_one("#ov-risks", Block).plain
        top = qms.top_risks(3)
        assert [line.split()[0] for line in risks.splitlines()[:3]] == [r.code for r in top]
        assert f"xử lý quá hạn: {len(qms.overdue_treatments())}" in risks
        training = app.screen.query_one("#ov-training", Block).plain
        assert f"Chưa đào tạo {len(qms.untrained())}/{len(qms.staff_training)}" in training
        procedures = app.screen.query_one("#ov-procedures", Block).plain
        assert f"VBPL chưa cập nhật (hạn 3 tháng): {len(qms.legal_changes())}" in procedures
        first = qms.legal_changes()[0]
        assert f"{first.document.number} quá hạn {first.deadline:%d/%m/%Y}" in procedures
        plan = app.screen.query_one("#ov-plan", Block).plain
        assert f"Nhiệm vụ KH đến hạn/trễ: {len(qms.plan_tasks_due())}" in plan


async def test_header_names_store_flags_period_and_as_of(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(QmsHeader).text
        assert "qms.json [DEMO]" in header
        assert "tính đến 01/09/2024" in header
        assert "Kỳ 01/01/2024–01/09/2024" in header


async def test_enter_on_a_block_goes_to_its_screen(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused.id == "ov-dossiers"
        await pilot.press("j", "j", "j", "j", "j")  # dossiers → attention → index → risks → training → procedures
        assert app.focused.id == "ov-procedures"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProceduresScreen)


async def test_attention_block_opens_the_dossiers_due_soon(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DossiersScreen)
        assert screen.status == "attention"
        codes = {row.dossier.code for row in screen.table.records}
        assert codes == {d.code for d in app.qms.attention_dossiers()}
        assert codes


async def test_improvement_block_opens_screen_6_and_plan_page_opens_from_the_palette(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#ov-plan", Block).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImprovementScreen)
        await pilot.press("1")
        await pilot.pause()
        app.open_plan()  # the palette's "Kế hoạch và đánh giá"
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        table = app.screen.query_one("#plan-table")
        assert table.row_count == len(app.qms.plan_tasks)
        late = {t.code for t in app.qms.plan_tasks if t.late(app.qms.today)}
        assert late, "the demo has a late plan task"
        assert {r.code for r in table.view_records[: len(late)]} == late  # late tasks first
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
