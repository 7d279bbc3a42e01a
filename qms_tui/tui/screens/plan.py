"""The plan and review page behind the overview's last block: the year's plan tasks (late ones first)
and the audits, management reviews and decisions on record.

Above them, the quality objectives: each one's value (computed from the store when its measure is not
manual), its target and, for a measured one, a sparkline of its months so far.

It answers the two yearly obligations a reviewer asks about (an internal audit and a management review
at least once a year) and what is left of the maintenance plan. It opens from the command palette; the
overview's block leads to the Improvement screen (6), whose last view lists the same plan tasks.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline, Static

from qms_tui.domain.models import Objective, PlanTask, QmsEvent
from qms_tui.domain.qms import Qms
from qms_tui.i18n import measure_name, number
from qms_tui.labels import lang, tr
from qms_tui.tui.screens.base import QmsScreen
from qms_tui.tui.widgets.cells import ALERT, clip, date_cell
from qms_tui.tui.widgets.record_table import Column, RecordTable
from qms_tui.tui.widgets.table_view import TableView


def task_status(task: PlanTask, today: date) -> Text:
    """Done, in progress, not started — and LATE, reversed, when the deadline has passed."""
    if task.late(today):
        return Text(tr("late_task").upper(), style=ALERT)
    key = {"in_progress": "task_in_progress"}.get(task.status, task.status)
    return Text(tr(key))


def task_columns(today: date) -> list[Column]:
    """Code, task, deadline (reversed when late), done, status, owner (the Improvement screen shows them too)."""
    return [
        Column("code", tr("col_code"), lambda t: t.code, lambda t: t.code, width=8),
        Column("task", tr("col_task"), lambda t: clip(t.task, 30), lambda t: t.task, width=30),
        Column("deadline", tr("col_deadline"), lambda t: date_cell(t.deadline, alert=t.late(today)),
               lambda t: t.deadline, width=10),
        Column("done", tr("col_done"), lambda t: date_cell(t.done_date), lambda t: t.done_date, width=10),
        Column("status", tr("col_status"), lambda t: task_status(t, today),
               lambda t: (not t.late(today), t.status == "done", t.deadline), width=10),
        Column("owner", tr("col_owner"), lambda t: t.owner, lambda t: t.owner),
    ]


class PlanScreen(QmsScreen):
    """Plan tasks and QMS events; Tab moves between the two tables, Esc goes back."""

    SCREEN_NAME = "overview"
    EXPORT_NAME = "plan"
    """``E`` names its file ``qms-plan-…`` and titles it "Kế hoạch và đánh giá"."""
    BINDINGS = [Binding("escape", "back", tr("key_back"), key_display="Esc", id="plan.back")]
    CSS_PATH = "plan.tcss"

    def compose_body(self) -> ComposeResult:
        """Objectives, then plan tasks, events below."""
        yield Static(tr("objectives"), classes="title")
        yield Vertical(id="objectives")
        yield Static(tr("plan_title"), classes="title")
        yield TableView(RecordTable([], lambda t: t.code, sort_column=4, id="plan-table"),
                        preview=lambda t: f"{t.code} · {t.task} · {t.owner}", id="plan-view")
        yield Static(tr("events_title"), classes="title")
        yield TableView(RecordTable(self.event_columns(), lambda e: e.code, sort_column=1, sort_reverse=True,
                                    id="events-table"), id="events-view")

    def task_columns(self) -> list[Column]:
        """Code, task, deadline (reversed when late), done, status, owner."""
        return task_columns(self.data.qms.today)

    @staticmethod
    def event_columns() -> list[Column]:
        """Kind, date, reference, note."""
        return [
            Column("kind", tr("col_kind_event"), lambda e: tr(f"ev_{e.kind}"), lambda e: e.kind, width=16),
            Column("date", tr("col_date"), lambda e: date_cell(e.date), lambda e: e.date, width=10),
            Column("ref", tr("col_ref"), lambda e: e.ref, lambda e: e.ref, width=12),
            Column("note", tr("col_note"), lambda e: e.note, lambda e: e.note),
        ]

    def on_mount(self) -> None:
        """Keys go to the plan table."""
        self.set_focus(self.query_one("#plan-table", RecordTable))

    def refresh_data(self) -> None:
        """Tasks (late first) and events (newest first)."""
        qms = self.data.qms
        tasks = self.query_one("#plan-table", RecordTable)
        tasks.specs = self.task_columns()
        tasks.set_records(qms.plan_tasks)
        events: list[QmsEvent] = list(qms.events)
        self.query_one("#events-table", RecordTable).set_records(events)
        box = self.query_one("#objectives", Vertical)
        box.remove_children()
        box.mount_all(objective_row(qms, o) for o in sorted(qms.objectives, key=lambda o: o.code))


def objective_line(qms: Qms, objective: Objective) -> str:
    """Code, current value / target and unit, whether met, and what measures it."""
    value = qms.objective_value(objective)
    shown = "—" if value is None else number(value, lang(), 1)
    met = qms.objective_met(objective)
    mark = "" if met is None else (" ✓" if met else " ✗")
    return (f"{objective.code}  {shown} / {number(objective.target, lang(), 0)} {objective.unit}{mark}"
            f"  · {measure_name(objective.measure, lang())}")


def objective_row(qms: Qms, objective: Objective) -> Horizontal:
    """One objective: its line, and a sparkline of the months that have a value (none for a manual one)."""
    values = [v for _, v in qms.objective_trend(objective) if v is not None]
    line = Static(objective_line(qms, objective), markup=False, classes="objective-line")
    spark = Sparkline(values, classes="objective-trend")
    spark.display = bool(values)
    return Horizontal(line, spark, classes="objective-row")
