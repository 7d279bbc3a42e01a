"""Screen 6, improvement: the nonconformity board grouped by status, the review actions, the audits with
their findings, the detail pages, and the overview's improvement block with its 12-month warning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Static
from tui_helpers import screen_text, settle, wait_for

from qms_tui.store import Store
from qms_tui.tui.app import make_app
from qms_tui.tui.screens.improvement import ImprovementScreen
from qms_tui.tui.screens.improvement_detail import (
    AuditDetailScreen,
    FindingDetailScreen,
    NonconformityDetailScreen,
    ReviewActionDetailScreen,
)
from qms_tui.tui.widgets.block import Block
from qms_tui.tui.widgets.header import QmsHeader
from qms_tui.tui.widgets.record_table import RecordTable
from qms_tui.tui.widgets.views import ViewBar

SIZE = (80, 24)


def cells(table: RecordTable, code: str) -> dict[str, Text | str]:
    """The cells of one row, by column key, as the table draws them."""
    record = next(r for r in table.view_records if table.key_of(r) == code)
    return {spec.key: spec.cell(record) for spec in table.specs}


def plain(value: Text | str) -> str:
    return value.plain if isinstance(value, Text) else str(value)


def summary(app) -> str:  # type: ignore[no-untyped-def]
    content = app.screen.query_one("#imp-summary", Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def test_key_6_opens_the_improvement_screen_and_the_header_marks_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        assert app.current_mode == "improvement"
        assert isinstance(app.screen, ImprovementScreen)
        header = app.screen.query_one(QmsHeader)
        assert header.screen_name == "improvement"
        tabs = header.render().split("\n")[1]  # the second line of the header as drawn
        current = [tabs.plain[s.start:s.end] for s in tabs.spans if "reverse" in str(s.style)]
        assert current == [" 6 Cải tiến "]  # reversed: readable without colour
        shown = screen_text(app)
        assert "6 Cải tiến" in shown.splitlines()[1]
        for words in ("qms.json [DEMO]", "Kỳ 01/01/2024–01/09/2024", "tính đến 01/09/2024"):
            assert words in shown.splitlines()[0], words  # the period moved to line 1 to make room for tab 6


async def test_nc_board_shows_the_overdue_nc_with_its_days_and_groups_by_status(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        table = app.screen.query_one("#ncs-table", RecordTable)
        assert app.focused is table
        row = cells(table, "KPH-2024-01")
        assert plain(row["overdue"]) == "QUÁ HẠN 17"
        assert "reverse" in str(row["overdue"].style) and "bold" in str(row["overdue"].style)
        assert plain(row["open"]) == "73"
        assert plain(row["status"]) == "đang mở"
        assert plain(cells(table, "KPH-2024-05")["overdue"]) == ""  # open but not yet due
        line = next(line for line in screen_text(app).splitlines() if "KPH-2024-01" in line)
        assert "QUÁ HẠN 17" in line and "15/08/2024" in line
        # grouped by status in the order an NC moves, overdue first within its group
        statuses = [nc.status for nc in table.view_records]
        assert statuses == ["open", "open", "action_taken", "verified_effective", "closed"]
        assert [nc.code for nc in table.view_records][:2] == ["KPH-2024-01", "KPH-2024-05"]
        assert summary(app) == "đang mở 2 · đã có HĐKP 1 · đã xác nhận HL 1 · đã đóng 1 — QUÁ HẠN 1"
        assert "5 dòng" in app.screen.query_one("#ncs-view").status_text


@pytest.mark.slow
async def test_filter_finds_an_nc_by_its_code_typed_with_spaces_and_without_accents(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "slash", *"kph 2024 05", "enter")
        await pilot.pause()
        table = app.screen.query_one("#ncs-table", RecordTable)
        assert [nc.code for nc in table.view_records] == ["KPH-2024-05"]
        assert "«kph 2024 05»: 1/5" in app.screen.query_one("#ncs-view").status_text
        await pilot.press("slash", *["backspace"] * 11, *"da dong", "enter")  # "đã đóng", accents optional
        await pilot.pause()
        assert [nc.code for nc in table.view_records] == ["KPH-2024-04"]
        await pilot.press("slash", *["backspace"] * 7, *"qua han", "enter")
        await pilot.pause()
        assert [nc.code for nc in table.view_records] == ["KPH-2024-01"]


async def test_sort_and_j_k_work_on_the_board(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        table = app.screen.query_one("#ncs-table", RecordTable)
        await pilot.press("s")  # next sortable column: days open
        await pilot.pause()
        assert table.specs[table.sort_column].key == "open"
        assert table.view_records[-1].code == "KPH-2024-03"  # 146 days, the longest
        assert table.cursor_key == "KPH-2024-01"  # the cursor stays on its record
        start = table.cursor_row
        await pilot.press("j", "j", "k")
        await pilot.pause()
        assert table.cursor_row == start + 1


async def test_enter_opens_an_nc_and_esc_comes_back(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, NonconformityDetailScreen))
        page = app.screen
        assert page.key == "KPH-2024-01"
        for expected in ("KPH-2024-01 — phát hiện đánh giá nội bộ", "QUÁ HẠN 17", "Nguồn", "Tham chiếu",
                         "DGNB-2024-01", "Mô tả", "Nguyên nhân", "Khắc phục tức thời", "Hành động khắc phục",
                         "Phụ trách", "Văn phòng", "15/08/2024", "QUÁ HẠN 17 ngày", "Kiểm tra hiệu lực",
                         "chưa kiểm tra", "7.2 — Năng lực", "đang mở"):
            assert expected in page.text, expected
        assert page.query_one(QmsHeader).screen_name == "improvement"
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ImprovementScreen))
        assert app.screen.query_one("#ncs-table", RecordTable).cursor_key == "KPH-2024-01"


async def test_a_verified_nc_shows_its_effectiveness_check(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "slash", *"kph-2024-03", "enter", "enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, NonconformityDetailScreen))
        text = app.screen.text
        assert "21/06/2024 — Kiểm tra hồ sơ cấp giấy phép xây dựng" in text
        assert "Hiệu quả" in text and "có" in text
        assert "BQL-240304-0002 (QT-XD01" in text  # the late dossier and its procedure


async def test_review_actions_view_shows_the_overdue_action(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "v")
        await pilot.pause()
        assert app.screen.query_one(ViewBar).current == "actions"
        table = app.screen.query_one("#actions-table", RecordTable)
        assert app.focused is table
        assert table.view_records[0].code == "XXLD-2024-01"  # overdue first
        row = cells(table, "XXLD-2024-01")
        assert plain(row["status"]) == "QUÁ HẠN 12" and "reverse" in str(row["status"].style)
        assert plain(cells(table, "XXLD-2024-02")["status"]) == "đã xong"
        assert plain(cells(table, "XXLD-2024-03")["status"]) == "chưa xong"
        assert "chưa xong 2 — QUÁ HẠN 1" in summary(app)
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ReviewActionDetailScreen))
        for expected in ("XXLD-2024-01", "QUÁ HẠN 12 ngày", "Phòng Quản lý Quy hoạch và Xây dựng",
                         "XXLD-2024 · 10/07/2024", "Kết luận của cuộc xem xét"):
            assert expected in app.screen.text, expected
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ImprovementScreen))


async def test_audits_view_counts_findings_and_drills_into_an_audit_and_a_finding(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "v", "v")
        await pilot.pause()
        audits = app.screen.query_one("#audits-table", RecordTable)
        assert {a.code for a in audits.view_records} == {"DGNB-2024", "DGNB-2024-XD"}
        assert audits.cursor_key == "DGNB-2024"  # the audit last held, not the one planned
        row = cells(audits, "DGNB-2024")
        assert [plain(row[k]) for k in ("date", "status", "nonconformity", "observation", "opportunity")] == [
            "18/06/2024", "đã thực hiện", "2", "3", "2"]
        planned = cells(audits, "DGNB-2024-XD")
        assert plain(planned["date"]) == "15/11/2024" and plain(planned["status"]) == "đã lên kế hoạch"
        findings = app.screen.query_one("#findings-table", RecordTable)
        assert [f.code for f in findings.view_records] == [f"DGNB-2024-0{i}" for i in range(1, 8)]
        assert plain(cells(findings, "DGNB-2024-01")["nc"]) == "KPH-2024-01"
        assert "Đánh giá gần nhất 18/06/2024" in summary(app)
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, AuditDetailScreen))
        assert "DGNB-2024 — Đánh giá nội bộ HTQLCL năm 2024" in app.screen.text
        assert "Phát hiện của DGNB-2024 (7)" in app.screen.text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("tab")  # to the findings table
        await pilot.pause()
        assert app.focused is findings
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FindingDetailScreen))
        assert "DGNB-2024-01 — điểm không phù hợp" in app.screen.text
        assert "KPH-2024-01 · đang mở" in app.screen.text


async def test_plan_view_lists_plan_tasks_late_first(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "v", "v", "v")
        await pilot.pause()
        table = app.screen.query_one("#imp-plan-table", RecordTable)
        assert app.focused is table
        assert table.view_records[0].late(app.qms.today)
        assert "Nhiệm vụ KH đến hạn/trễ: 4 (trễ 1)" in summary(app)
        await pilot.press("v")  # wraps round to the board
        await pilot.pause()
        assert app.screen.query_one(ViewBar).current == "ncs"


# -- the overview's improvement block --------------------------------------------------------------------


async def test_overview_counts_open_and_overdue_ncs_and_shows_audit_and_review_dates(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        block = app.screen.query_one("#ov-plan", Block)
        assert str(block.border_title) == "[6] Cải tiến"
        text = block.plain
        assert "Điểm KPH chưa đóng 4 · QUÁ HẠN 1" in text  # open, action taken and verified: not closed yet
        assert "HĐ XXLĐ chưa xong 2 · QUÁ HẠN 1" in text
        assert "⚠" not in text
        shown = screen_text(app)
        for expected in ("Đánh giá nội bộ", "18/06/2024", "Xem xét lãnh đạo", "10/07/2024",
                         "Điểm KPH chưa đóng 4 · QUÁ HẠN 1", "HĐ XXLĐ chưa xong 2 · QUÁ HẠN 1",
                         "Nhiệm vụ KH đến hạn/trễ: 4 (trễ 1)"):
            assert expected in shown, expected
        block.focus()
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ImprovementScreen))


@pytest.fixture
def year_later(store_dir: Path) -> Store:
    """The demo made an ordinary store (no pinned date) read a year and more after its last audit."""
    store = Store(Path("qms.json"))
    with store.transaction() as tx:
        tx.set_meta(demo=False, as_of=None)
    return store


async def test_overview_warns_when_the_last_audit_and_review_are_over_12_months_old(year_later: Store):
    app = make_app(year_later, clock=lambda: date(2025, 9, 1), poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.qms.today == date(2025, 9, 1)
        text = app.screen.query_one("#ov-plan", Block).plain
        assert "Đánh giá NB 18/06/2024 ⚠ >12 tháng" in " ".join(text.split())
        assert "Xem xét LĐ 10/07/2024 ⚠ >12 tháng" in " ".join(text.split())
        shown = screen_text(app)
        assert shown.count("⚠ >12 tháng") == 2  # on screen in full, not cut off
        assert "18/06/2024 ⚠ >12 tháng" in shown and "10/07/2024 ⚠ >12 tháng" in shown
        await pilot.press("6", "v", "v")
        await pilot.pause()
        assert "Đánh giá gần nhất 18/06/2024 ⚠ >12 tháng" in summary(app)


async def test_improvement_screen_follows_a_write_by_another_process(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        other = Store(Path("qms.json"))
        with other.transaction() as tx:
            nc = next(n for n in tx.qms.nonconformities if n.code == "KPH-2024-05")
            nc.deadline = date(2024, 8, 31)
            tx.put("nonconformities", nc)
        table = app.screen.query_one("#ncs-table", RecordTable)
        assert await wait_for(pilot, lambda: plain(cells(table, "KPH-2024-05")["overdue"]) == "QUÁ HẠN 1")
        assert summary(app).endswith("QUÁ HẠN 2")


# -- snapshot ------------------------------------------------------------------------------------------


@pytest.fixture
def colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots in colour (the shared test setup turns NO_COLOR on)."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_snapshot_improvement_screen(make, colour, snap_compare):
    assert snap_compare(make(), press=["6"], terminal_size=SIZE)


# -- data entry: a and e with the shared form ---------------------------------------------------------


def fresh(store_dir: Path) -> Store:
    """The store file as another process would read it now."""
    return Store(store_dir / "qms.json", read_only=True)


async def open_form(pilot, *keys: str):  # type: ignore[no-untyped-def]
    from qms_tui.tui.dialogs.form import FormDialog

    await pilot.press(*keys)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormDialog), form
    return form


async def test_a_raises_a_nonconformity_with_the_next_code(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "6", "a")
        assert form.widget("code").value == "KPH-2024-06"
        assert form.widget("raised").value == "01/09/2024"
        form.widget("source").value = "late_dossier"
        form.widget("reference").value = "BQL-240304-0002"  # late, but it has KPH-2024-03: refused, as qms nc add does
        form.widget("description").value = "Hồ sơ trả kết quả trễ hạn"
        form.widget("clause").value = "8.7"
        form.widget("owner").value = "Văn phòng"
        form.widget("deadline").value = "15/08/2024"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "KPH-2024-03" in form.errors.get("reference", "")
        form.widget("reference").value = "BQL-240702-0002"  # returned late on 18/07/2024, no NC yet
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "deadline" in form.errors  # before the day it was raised
        form.widget("raised").value = "05/08/2024"
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ImprovementScreen))
        table = app.screen.query_one("#ncs-table", RecordTable)
        assert table.cursor_key == "KPH-2024-06"
        assert plain(cells(table, "KPH-2024-06")["overdue"]) == "QUÁ HẠN 17"
    nc = next(n for n in fresh(store_dir).snapshot().nonconformities if n.code == "KPH-2024-06")
    assert (nc.source, nc.reference, nc.status, nc.deadline) == ("late_dossier", "BQL-240702-0002", "open",
                                                               date(2024, 8, 15))


async def test_a_refuses_an_unknown_reference_and_writes_nothing(app, store_dir: Path):
    before = (store_dir / "qms.json").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "6", "a")
        form.widget("reference").value = "DGNB-2099-01"
        form.widget("description").value = "x"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "reference" in form.errors
    assert (store_dir / "qms.json").read_bytes() == before


async def test_e_records_the_corrective_action_and_the_rules_refuse_skipping_the_check(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "6", "e")  # the cursor is on KPH-2024-01
        assert form.widget("code").disabled and form.widget("code").value == "KPH-2024-01"
        form.widget("status").value = "closed"  # not allowed before the action and its check
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.errors
        form.widget("status").value = "action_taken"
        form.widget("root_cause").value = "Chưa tập huấn cán bộ mới"
        form.widget("corrective_action").value = "Tập huấn HTQLCL cho cán bộ mới"
        form.widget("action_date").value = "25/08/2024"
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ImprovementScreen))
        table = app.screen.query_one("#ncs-table", RecordTable)
        assert table.cursor_key == "KPH-2024-01"
        assert plain(cells(table, "KPH-2024-01")["status"]) == "đã có HĐKP"
    nc = next(n for n in fresh(store_dir).snapshot().nonconformities if n.code == "KPH-2024-01")
    assert (nc.status, nc.action_date, nc.root_cause) == ("action_taken", date(2024, 8, 25), "Chưa tập huấn cán bộ mới")


async def test_a_and_e_on_review_actions(app, store_dir: Path):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "6", "v", "a")
        assert form.widget("review").value == "XXLD-2024"
        assert form.widget("code").value == "XXLD-2024-04"
        form.widget("text").value = "Rà soát quy chế phối hợp"
        form.widget("owner").value = "Văn phòng"
        form.widget("deadline").value = "30/09/2024"
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ImprovementScreen))
        table = app.screen.query_one("#actions-table", RecordTable)
        assert table.cursor_key == "XXLD-2024-04"
        assert any("Đã thêm hành động XXLD-2024-04" in m for m in [n.message for n in app._notifications])
        await pilot.press("g")  # to the overdue XXLD-2024-01 at the top
        await pilot.pause()
        assert table.cursor_key == "XXLD-2024-01"
        form = await open_form(pilot, "e")
        form.widget("status").value = "done"
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: isinstance(app.screen, ImprovementScreen))
        assert plain(cells(table, "XXLD-2024-01")["status"]) == "đã xong"
    actions = {a.code: a for a in fresh(store_dir).snapshot().review_actions()}
    assert actions["XXLD-2024-04"].deadline == date(2024, 9, 30) and actions["XXLD-2024-04"].review == "XXLD-2024"
    assert (actions["XXLD-2024-01"].status, actions["XXLD-2024-01"].done_date) == ("done", date(2024, 9, 1))


async def test_a_and_e_are_off_where_they_do_not_apply_and_when_read_only(make):
    app = make(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "a")
        await pilot.pause()
        assert isinstance(app.screen, ImprovementScreen)
        assert any("Chỉ đọc" in n.message for n in app._notifications)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "v", "v", "v", "a")  # plan view
        await pilot.pause()
        assert isinstance(app.screen, ImprovementScreen)
        assert any("Thêm, sửa ở thẻ" in n.message for n in app._notifications)
