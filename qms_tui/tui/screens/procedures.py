"""Screen 2, the procedures: all of them in one table with their dossier figures for the period.

The columns a reviewer acts on (status, dossiers, on-time rate) come right after the name so they are
visible at 80 columns; version, last review and unit follow (→ scrolls). The line under the table shows
the full name of the highlighted procedure. Enter opens its detail; ``d`` lists its dossiers. ``a`` adds a
procedure, ``e`` edits the highlighted one (a new version records the change in its history) and ``D``
retires it after a yes/no question.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from qms_tui.domain.models import Procedure, TthcField
from qms_tui.domain.statistics import Counts
from qms_tui.domain.text import searchable
from qms_tui.i18n import field_name
from qms_tui.labels import field_short, tr
from qms_tui.tui.data import ScreenData
from qms_tui.tui.forms.editing import EditingScreen, editing_bindings
from qms_tui.tui.messages import ShowDossiers
from qms_tui.tui.screens.base import QmsScreen
from qms_tui.tui.widgets.cells import WARN, clip, count_cell, date_cell, rate_cell
from qms_tui.tui.widgets.record_table import Column, RecordTable
from qms_tui.tui.widgets.table_view import TableView

NAME_WIDTH = 17


def status_cell(procedure: Procedure) -> Text:
    """Active, under revision (stands out) or retired."""
    style = WARN if procedure.status == "under_revision" else ""
    return Text(tr(f"ps_{procedure.status}"), style=style)


class ProceduresScreen(EditingScreen, QmsScreen):
    """Screen 2: the procedures table (sortable, filterable), Enter for the detail."""

    SCREEN_NAME = "procedures"
    PALETTE_ACTIONS = ("dossiers", "add", "edit", "close")
    """What the palette offers on this screen (``QmsScreen.palette_commands``)."""
    BINDINGS = [
        Binding("d", "dossiers", tr("key_dossiers"), id="procedures.dossiers"),
        # retiring (rarer than editing) is in the help page: the footer fits 80 columns, "Enter" on TERM=linux too
        *editing_bindings("procedures", close=("D", "key_retire"), hidden=("close",)),
    ]

    def __init__(self, data: ScreenData) -> None:
        """Figures of the last refresh, read by the column functions."""
        super().__init__(data)
        self._counts: dict[str, Counts] = {}
        self._review_due: set[str] = set()
        self._fields: dict[str, TthcField] = {}

    def columns(self) -> list[Column]:
        """The table's columns; counts come from the period statistics of the last refresh."""
        def received(p: Procedure) -> int | None:
            """Dossiers of the period; non-TTHC procedures have none to count."""
            c = self._counts.get(p.code)
            return c.received if c else (0 if p.kind == "tthc" else None)

        def rate(p: Procedure) -> float | None:
            """On-time rate of the period, if anything was resolved."""
            c = self._counts.get(p.code)
            return c.on_time_rate if c else None

        return [
            Column("code", tr("col_code"), lambda p: p.code, lambda p: p.code, width=7),
            Column("name", tr("col_name"), lambda p: clip(p.name, NAME_WIDTH), lambda p: p.name, width=NAME_WIDTH),
            Column("kind", tr("col_kind"), lambda p: tr(p.kind), lambda p: p.kind, width=6),
            Column("field", tr("col_field"), lambda p: field_short(p.field, self._fields),
                   lambda p: field_short(p.field, self._fields), width=8),
            Column("days", tr("col_days"), lambda p: count_cell(p.statutory_days), lambda p: p.statutory_days,
                   width=4, justify="right"),
            Column("status", tr("col_status"), status_cell, lambda p: p.status, width=10),
            Column("dossiers", tr("col_dossiers"), lambda p: count_cell(received(p)), received, width=4,
                   justify="right"),
            Column("rate", tr("col_rate"), lambda p: rate_cell(rate(p)), rate, width=6, justify="right"),
            Column("national_code", tr("col_national_code"), lambda p: p.national_code or "—",
                   lambda p: p.national_code, width=8),
            Column("version", tr("col_version"), lambda p: p.version, lambda p: p.version, width=4),
            Column("review", tr("col_review"),
                   lambda p: date_cell(p.last_review, alert=p.code in self._review_due),
                   lambda p: p.last_review, width=10),
            Column("unit", tr("col_unit"), lambda p: p.unit, lambda p: p.unit),
        ]

    def compose_body(self) -> ComposeResult:
        """One table with its filter, preview and status lines."""
        table = RecordTable(
            self.columns(), lambda p: p.code, search_text=self.search_text, openable=True, id="procedures-table"
        )
        yield TableView(table, preview=lambda p: f"{p.code} · {p.name}", id="procedures-view")

    @property
    def table(self) -> RecordTable:
        """The procedures table."""
        return self.query_one("#procedures-table", RecordTable)

    def search_text(self, p: Procedure) -> str:
        """Everything a person may type to find a procedure, with the full field name and the national code."""
        parts = [p.code, p.name, tr(p.kind), field_name(p.field, fields=self._fields), p.unit, tr(f"ps_{p.status}"),
                 p.version, p.national_code]
        return searchable(" | ".join(parts))

    def on_mount(self) -> None:
        """Keys go to the table from the start."""
        self.set_focus(self.table)

    def refresh_data(self) -> None:
        """Period figures per procedure, then the rows (cursor and filter kept)."""
        data = self.data
        self._counts = data.stats().by_procedure
        self._fields = data.qms.field_by_code
        self._review_due = {p.code for p, why in data.qms.procedures_needing_attention() if why == "review_due"}
        self.table.set_records(data.qms.procedures)

    def on_data_table_row_selected(self) -> None:
        """Enter on a row opens its detail."""
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted procedure's detail on top of this screen."""
        record = self.table.cursor_record
        if record is not None:
            from qms_tui.tui.screens.procedure_detail import ProcedureDetailScreen

            self.app.push_screen(ProcedureDetailScreen(self.data, record.code))

    def action_dossiers(self) -> None:
        """Go to the dossiers screen filtered to the highlighted procedure."""
        record = self.table.cursor_record
        if record is not None:
            self.post_message(ShowDossiers(procedure=record.code))

    # -- data entry ---------------------------------------------------------------------------

    def focus_record(self, key: str) -> bool:
        """After a save: the cursor on the saved procedure."""
        return self.table.move_to_key(key)

    def action_add(self) -> None:
        """``a``: a new procedure."""
        from qms_tui.tui.forms.tables import procedure_form

        self.open_form(procedure_form(self.data.store, self.data.qms))

    def action_edit(self) -> None:
        """``e``: edit the highlighted procedure."""
        from qms_tui.tui.forms.tables import procedure_form

        record = self.table.cursor_record
        if record is None:
            self.notify(tr("no_row"), severity="warning")
            return
        self.open_form(procedure_form(self.data.store, self.data.qms, record))

    def action_close(self) -> None:
        """``D``: retire the highlighted procedure after a yes/no question (it stays on record)."""
        from qms_tui import services

        record = self.table.cursor_record
        if record is None:
            self.notify(tr("no_row"), severity="warning")
            return
        if record.status == "retired":
            self.notify(tr("already_retired", code=record.code), severity="warning")
            return
        store, code = self.data.store, record.code
        self.confirm(tr("confirm_retire", code=code), tr("confirm_retire_note", name=record.name),
                     lambda: services.retire_procedure(store, code), message=tr("procedure_retired", code=code))
