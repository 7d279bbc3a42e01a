"""Screen 3, risks and opportunities: the register (highest score first) above the 5×5 heat map.

Due date and status come before the owner so an overdue treatment shows at 80 columns; Enter opens the
treatment plan of the highlighted item. ``a`` adds an entry, ``e`` edits the highlighted one (assessment,
treatment, residual rating, effectiveness) and ``d`` closes it after a yes/no question.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from qms_tui.domain.models import Risk
from qms_tui.domain.text import searchable
from qms_tui.i18n import number, risk_counts_text
from qms_tui.labels import lang, tr
from qms_tui.tui.forms.editing import EditingScreen, editing_bindings
from qms_tui.tui.screens.base import QmsScreen
from qms_tui.tui.widgets.cells import ALERT, clip, date_cell, level_cell
from qms_tui.tui.widgets.heatmap import HeatMap
from qms_tui.tui.widgets.record_table import Column, RecordTable
from qms_tui.tui.widgets.table_view import TableView
from qms_tui.tui.widgets.visible import visible_renderable

DESCRIPTION_WIDTH = 14


class RisksScreen(EditingScreen, QmsScreen):
    """Screen 3: the risk register and its heat map."""

    SCREEN_NAME = "risks"
    CSS_PATH = "risks.tcss"
    PALETTE_ACTIONS = ("add", "edit", "close")
    """What the palette offers on this screen (``QmsScreen.palette_commands``)."""
    BINDINGS = editing_bindings("risks", close=("d", "key_close_risk"))

    def columns(self) -> list[Column]:
        """The register's columns; the due date is reversed when the treatment is overdue."""
        today = self.data.qms.today
        return [
            Column("code", tr("col_code"), lambda r: r.code, lambda r: r.code, width=5),
            Column("kind", tr("col_kind"), lambda r: tr(r.kind), lambda r: r.kind, width=6),
            Column("description", tr("col_desc"), lambda r: clip(r.description, DESCRIPTION_WIDTH),
                   lambda r: r.description, width=DESCRIPTION_WIDTH),
            Column("l", tr("col_l"), lambda r: str(r.likelihood), lambda r: r.likelihood, width=1),
            Column("i", tr("col_i"), lambda r: str(r.impact), lambda r: r.impact, width=1),
            Column("score", tr("col_score"), lambda r: Text(str(r.score), style="bold"), lambda r: r.score,
                   width=4, justify="right"),
            Column("level", tr("col_level"), lambda r: level_cell(r.level), lambda r: r.score, width=10),
            Column("due", tr("col_due"), lambda r: date_cell(r.due, alert=r.treatment_overdue(today)),
                   lambda r: r.due, width=10),
            Column("status", tr("col_status"), lambda r: tr(r.status), lambda r: r.status, width=10),
            Column("owner", tr("col_owner"), lambda r: r.owner, lambda r: r.owner),
        ]

    def compose_body(self) -> ComposeResult:
        """The register over the heat map and its legend."""
        table = RecordTable([], lambda r: r.code, search_text=self.search_text, sort_column=5, sort_reverse=True,
                            openable=True, id="risks-table")
        yield TableView(table, preview=lambda r: f"{r.code} · {r.description}", id="risks-view")
        with Horizontal(id="risks-bottom"):
            yield HeatMap(id="risks-heat")
            yield Static("", id="risks-legend", markup=False)

    @property
    def table(self) -> RecordTable:
        """The register table."""
        return self.query_one("#risks-table", RecordTable)

    @staticmethod
    def search_text(r: Risk) -> str:
        """Code, kind, description, source, owner, status, level: what a person may type."""
        return searchable(" | ".join([r.code, tr(r.kind), r.description, r.source, r.owner, tr(r.status),
                                      tr(r.level)]))

    def on_mount(self) -> None:
        """Keys go to the register from the start."""
        self.set_focus(self.table)

    def refresh_data(self) -> None:
        """Rows, heat map and legend from the current register."""
        qms = self.data.qms
        self.table.specs = self.columns()
        self.table.set_records(qms.risks)
        self.query_one(HeatMap).show(qms.heat_map())
        overdue = qms.overdue_treatments()
        n = lambda v: number(v, lang())  # noqa: E731
        legend = Text(tr("heat_title") + "\n", style="bold")
        legend.append(tr("heat_legend") + "\n")
        figures = self.data.figures()
        legend.append(risk_counts_text(figures.count("high_risks"), figures.count("open_opportunities"), lang()) + "\n")
        legend.append(tr("heat_open", risks=n(figures.count("open_risks"))) + "\n")
        late = tr("ov_treat_overdue", n=n(len(overdue)))
        if overdue:
            late += " (" + ", ".join(r.code for r in overdue) + ")"
        legend.append(late[:1].upper() + late[1:], style=ALERT if overdue else "")
        self.query_one("#risks-legend", Static).update(visible_renderable(legend))

    def on_data_table_row_selected(self) -> None:
        """Enter opens the treatment plan of the highlighted entry."""
        record = self.table.cursor_record
        if record is not None:
            from qms_tui.tui.screens.risk_detail import RiskDetailScreen

            self.app.push_screen(RiskDetailScreen(self.data, record.code))

    # -- data entry ---------------------------------------------------------------------------

    def focus_record(self, key: str) -> bool:
        """After a save: the cursor on the saved entry."""
        return self.table.move_to_key(key)

    def action_add(self) -> None:
        """``a``: a new risk or opportunity."""
        from qms_tui.tui.forms.tables import risk_form

        self.open_form(risk_form(self.data.store))

    def action_edit(self) -> None:
        """``e``: edit the highlighted entry."""
        from qms_tui.tui.forms.tables import risk_form

        record = self.table.cursor_record
        if record is None:
            self.notify(tr("no_row"), severity="warning")
            return
        self.open_form(risk_form(self.data.store, record))

    def action_close(self) -> None:
        """``d``: close the highlighted entry (status closed, reviewed today), after a yes/no question."""
        from qms_tui import services
        from qms_tui.i18n import day

        record = self.table.cursor_record
        if record is None:
            self.notify(tr("no_row"), severity="warning")
            return
        if record.status == "closed":
            self.notify(tr("already_closed", code=record.code), severity="warning")
            return
        data = self.data
        code = record.code

        self.confirm(tr("confirm_close_risk", kind=tr(record.kind), code=code),
                     tr("confirm_close_risk_note", day=day(data.qms.today, lang())),
                     lambda: services.close_risk(data.store, code), message=tr("risk_closed", code=code))
