"""Screen 5, the dossiers: the list of the period's dossiers with filters, the statistics by field and by
procedure, and the month-by-month trend (``v`` switches view).

The list is paged: 500 rows are drawn and the next 500 are added as the cursor nears the end, with
"showing N of M" under the table, so 100,000 dossiers open instantly. Filters: ``t`` cycles the status,
``l`` the field, ``c`` picks a procedure, ``x`` clears them; ``/`` filters the text as on every table.

Data entry: ``a`` receives a dossier (the due date is computed unless typed), ``e`` corrects the
highlighted one's facts, ``d`` records its next step (resolved, withdrawn, returned, supplement requested
or received, on a day) and ``n`` raises a nonconformity for a dossier returned late or overdue.
"""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ContentSwitcher, DataTable, Static

from qms_tui.domain.dossier_list import STATUSES, DossierRow, filter_rows
from qms_tui.domain.models import Dossier
from qms_tui.domain.statistics import Counts
from qms_tui.domain.text import searchable
from qms_tui.i18n import field_name, number
from qms_tui.labels import field_short, lang, tr
from qms_tui.services.common import EditResult
from qms_tui.tui.data import ScreenData
from qms_tui.tui.forms.editing import EditingScreen, editing_bindings
from qms_tui.tui.messages import FilterDossiers
from qms_tui.tui.screens.base import QmsScreen
from qms_tui.tui.screens.index_view import describe as index_describe
from qms_tui.tui.screens.index_view import index_columns
from qms_tui.tui.widgets.cells import WARN, count_cell, date_cell, outcome_cell, rate_cell
from qms_tui.tui.widgets.record_table import Column, RecordTable
from qms_tui.tui.widgets.table_view import TableView
from qms_tui.tui.widgets.views import ViewBar
from qms_tui.tui.widgets.visible import visible_renderable

CODE_WIDTH = 15
"""The code column's width for the agency's own codes (``BQL-240111-0001``)."""
CODE_WIDTH_MAX = 30
"""Longer codes than this are cut (with an ellipsis): the national portal's are 26 characters."""

PAGE_SIZE = 500
BAR_WIDTH = 22
TOTAL_KEY = "\x00total"


def counts_columns(first: list[Column]) -> list[Column]:
    """The form's figures after the ``first`` columns, for rows of ``(key, label, Counts)``."""

    def figure(name: str, label: str, width: int = 5, alert: bool = False) -> Column:
        """A right-aligned count column of ``Counts`` field ``name``."""
        return Column(name, tr(label), lambda r: count_cell(getattr(r[2], name), alert=alert),
                      lambda r: getattr(r[2], name), width=width, justify="right")

    return [
        *first,
        figure("received", "col_recv_total"),
        figure("resolved", "tui_col_resolved"),
        figure("on_time", "tui_col_on_time"),
        figure("late", "col_late", alert=True),
        figure("in_progress", "tui_col_in_progress"),
        figure("overdue", "tui_col_overdue", alert=True),
        figure("withdrawn_returned", "col_wr", 6),
        Column("rate", tr("col_rate"), lambda r: rate_cell(r[2].on_time_rate), lambda r: r[2].on_time_rate,
               width=6, justify="right"),
        figure("new", "col_new"),
        figure("carried_over", "col_carried"),
    ]


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A bar of full blocks proportional to ``value`` (at least one block for a non-zero value)."""
    if largest <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(width * value / largest))


class DossiersScreen(EditingScreen, QmsScreen):
    """Screen 5: dossier list with filters, statistics by field and by procedure, monthly trend."""

    SCREEN_NAME = "dossiers"
    VIEWS = ("list", "by_field", "by_procedure", "trend", "index")
    PALETTE_ACTIONS = ("next_view", "cycle_status", "cycle_field", "choose_procedure", "clear_filters", "add", "edit",
                       "close", "raise_nc")
    """What the palette offers on this screen (``QmsScreen.palette_commands``)."""
    BINDINGS = [
        Binding("v", "next_view", tr("key_view"), show=False, id="dossiers.view"),
        Binding("t", "cycle_status", tr("key_status"), show=False, id="dossiers.status"),
        Binding("l", "cycle_field", tr("key_field"), show=False, id="dossiers.field"),
        Binding("c", "choose_procedure", tr("key_procedure"), show=False, id="dossiers.procedure"),
        Binding("x", "clear_filters", tr("key_clear"), show=False, id="dossiers.clear"),
        *editing_bindings("dossiers", close=("d", "key_lifecycle"), nc=True),
    ]
    CSS_PATH = "dossiers.tcss"

    def __init__(self, data: ScreenData) -> None:
        """Filters start open: all statuses, fields and procedures."""
        super().__init__(data)
        self.status = "all"
        self.field: str | None = None
        self.procedure: str | None = None
        self.view = "list"
        self._procedure_text: dict[str, str] = {}
        self._outcome_text: dict[str, str] = {}
        self._trend: list[tuple[str, int, int]] = []
        self.indicator: str | None = None
        """An indicator of the index view whose dossiers the list is narrowed to (Enter on it)."""
        self._pulled_down: frozenset[str] = frozenset()

    def compose_body(self) -> ComposeResult:
        """View bar, filter line, and the four views in a switcher."""
        yield ViewBar([(v, tr(f"view_{v}")) for v in self.VIEWS], id="dossier-views")
        yield Static("", id="dossier-filters", markup=False)
        with ContentSwitcher(initial="list-view"):
            table = RecordTable(self.list_columns(), lambda r: r.dossier.code, search_text=self.dossier_search,
                                sort_column=None, page_size=PAGE_SIZE, id="dossiers-table")
            yield TableView(table, preview=self.describe, id="list-view")
            field_table = RecordTable(
                counts_columns([Column("field", tr("col_field"),
                                       lambda r: field_short(r[0], self.data.qms.field_by_code)
                                       if r[0] != TOTAL_KEY else r[1],
                                       lambda r: r[1], width=9)]),
                lambda r: r[0], sort_column=None, id="by-field-table")
            yield TableView(field_table, preview=lambda r: r[1], id="by_field-view")
            procedure_table = RecordTable(
                counts_columns([
                    Column("code", tr("col_code"), lambda r: r[0] if r[0] != TOTAL_KEY else r[1], lambda r: r[0],
                           width=9),
                ]),
                lambda r: r[0], sort_column=0, id="by-procedure-table")
            yield TableView(procedure_table, preview=lambda r: r[1], id="by_procedure-view")
            yield TableView(RecordTable(self.trend_columns(), lambda r: r[0], sort_column=0, id="trend-table"),
                            id="trend-view")
            yield TableView(RecordTable(index_columns(), lambda i: i.id, sort_column=None, openable=True,
                                        id="index-table"),
                            preview=index_describe, id="index-view")

    # -- columns ------------------------------------------------------------------------------

    def list_columns(self) -> list[Column]:
        """Code, procedure, dates, status on the form, field, channel."""
        return [
            Column("code", tr("col_code"), lambda r: r.dossier.code, lambda r: r.dossier.code, width=CODE_WIDTH),
            Column("procedure", tr("procedure"), lambda r: r.dossier.procedure, lambda r: r.dossier.procedure,
                   width=9),
            Column("received", tr("tui_col_received"), lambda r: date_cell(r.dossier.received),
                   lambda r: r.dossier.received, width=10),
            Column("due", tr("col_due"), lambda r: date_cell(r.dossier.due, alert=r.outcome == "overdue"),
                   lambda r: r.dossier.due, width=10),
            Column("finished", tr("col_finished"), lambda r: date_cell(r.dossier.finished),
                   lambda r: r.dossier.finished, width=10),
            Column("status", tr("col_status"), lambda r: outcome_cell(r.outcome), lambda r: r.outcome, width=12),
            Column("field", tr("col_field"), lambda r: field_short(self.data.qms.field_of(r.dossier.procedure),
                                                             self.data.qms.field_by_code),
                   lambda r: self.data.qms.field_of(r.dossier.procedure) or "", width=8),
            Column("channel", tr("col_channel"), lambda r: tr(r.dossier.channel), lambda r: r.dossier.channel),
        ]

    def trend_columns(self) -> list[Column]:
        """Month, received with a bar, resolved with a bar (bars scaled to the busiest month)."""
        def largest() -> int:
            """The busiest month sets the bar scale."""
            return max((max(r[1], r[2]) for r in self._trend), default=0)

        return [
            Column("month", tr("col_month"), lambda r: f"{r[0][5:]}/{r[0][:4]}", lambda r: r[0], width=7),
            Column("received", tr("col_month_received"), lambda r: count_cell(r[1]), lambda r: r[1], width=5,
                   justify="right"),
            Column("received_bar", "", lambda r: bar(r[1], largest()), None, width=BAR_WIDTH),
            Column("resolved", tr("col_month_resolved"), lambda r: count_cell(r[2]), lambda r: r[2], width=10,
                   justify="right"),
            Column("resolved_bar", "", lambda r: Text(bar(r[2], largest()), style="bold"), None, width=BAR_WIDTH),
        ]

    # -- text for filter and preview ------------------------------------------------------------

    def dossier_search(self, row: DossierRow) -> str:
        """Code, procedure code and name, field and status, lower-cased (``searchable``); the procedure part once."""
        code = row.dossier.procedure
        text = self._procedure_text.get(code)
        if text is None:
            qms = self.data.qms
            procedure = qms.procedure_by_code.get(code)
            name = procedure.name if procedure else ""
            field = field_name(qms.field_of(code), fields=qms.field_by_code)
            text = self._procedure_text[code] = searchable(f"{code} | {name} | {field}")
        outcome = self._outcome_text.get(row.outcome)
        if outcome is None:
            outcome = self._outcome_text[row.outcome] = searchable(tr("oc_" + row.outcome))
        return f"{row.dossier.code.casefold()} | {text} | {outcome} | {row.dossier.channel}"

    def describe(self, row: DossierRow) -> str:
        """The preview line: the procedure's name, and a pending supplement if any."""
        procedure = self.data.qms.procedure_by_code.get(row.dossier.procedure)
        line = f"{row.dossier.code} · {procedure.name if procedure else row.dossier.procedure}"
        return line

    # -- data ---------------------------------------------------------------------------------

    @property
    def table(self) -> RecordTable:
        """The dossier list table."""
        return self.query_one("#dossiers-table", RecordTable)

    def on_mount(self) -> None:
        """Open on the list, or with the filter and view another screen handed over (``ScreenData.handed_over``)
        before the first fill."""
        handed = self.data.handed_over.pop("dossiers", None)
        if handed is None:
            self.show_view("list")
            return
        self.status, self.procedure, self.field = handed.status or "all", handed.procedure, None
        self.show_view(handed.view)

    def on_filter_dossiers(self, message: FilterDossiers) -> None:
        """A filter handed over by another screen (the attention block, a procedure's ``d``), which the app
        sends on here once this screen is shown."""
        self.status, self.procedure, self.field = message.status or "all", message.procedure, None
        self.show_view(message.view)
        if self.generation == self.data.generation:
            self._fill_list()

    def refresh_data(self) -> None:
        """The list and the statistics views for the current data and period."""
        self._procedure_text = {}
        self._fill_list()
        self._fill_stats()

    def _fill_list(self) -> None:
        """Apply status, field and procedure filters, then let the table page the rows."""
        data = self.data
        every = data.dossier_rows()
        rows = filter_rows(every, status=self.status, field=self.field, procedure=self.procedure,
                           field_of=data.qms.field_of, attention=data.attention_codes())
        if self.indicator is not None:
            rows = [row for row in rows if row.dossier.code in self._pulled_down]
        self._fit_code_column(every)
        self.table.set_records(rows)
        self._show_filters(len(rows))

    def _fit_code_column(self, rows: list[DossierRow]) -> None:
        """Widen the code column to the longest code (national codes such as ``000.00.31.H26-240105-00001``
        are 26 characters and must show whole), between the usual 15 and ``CODE_WIDTH_MAX``."""
        longest = max((len(row.dossier.code) for row in rows), default=0)
        width = min(max(CODE_WIDTH, longest), CODE_WIDTH_MAX)
        specs = self.table.specs
        if specs and specs[0].key == "code" and specs[0].width != width:
            specs[0] = dataclasses.replace(specs[0], width=width)

    def _show_filters(self, count: int) -> None:
        """Say which filters are on (and their keys) and how many dossiers pass."""
        any_ = tr("any")
        text = Text(tr("dossier_filters", status=tr(f"st_{self.status}"),
                       field=field_short(self.field, self.data.qms.field_by_code) if self.field else any_,
                       procedure=self.procedure or any_))
        if self.indicator is not None:
            text.append(" · " + tr("ix_filter", id=self.indicator))
        filtered = self.status != "all" or self.field or self.procedure or self.indicator
        if filtered:
            text.stylize(WARN)
        text.append(f" → {number(count, lang())}", style="bold")
        if filtered:
            text.append(f"  {tr('clear_hint')}")
        self.query_one("#dossier-filters", Static).update(visible_renderable(text, one_line=True))

    def _fill_stats(self) -> None:
        """By field (every field in use, even empty), by procedure (all TTHC) and by month."""
        data = self.data
        stats = data.stats()
        total = (TOTAL_KEY, tr("total_row"), stats.total)
        known = data.qms.field_by_code
        order = data.qms.field_order(stats.by_field)
        fields = [(key, field_name(key, lang(), known), stats.by_field.get(key, Counts())) for key in order]
        fields += [(key, field_name(key, lang(), known), counts) for key, counts in stats.by_field.items()
                   if key not in order]
        self.query_one("#by-field-table", RecordTable).set_records(fields, pinned=[total])
        procedures = data.qms.procedure_by_code
        rows = [(code, f"{code} · {procedures[code].name}" if code in procedures else code, counts)
                for code, counts in stats.by_procedure.items()]
        rows += [(p.code, f"{p.code} · {p.name}", Counts()) for p in data.qms.procedures
                 if p.kind == "tthc" and p.status != "retired" and p.code not in stats.by_procedure]
        self.query_one("#by-procedure-table", RecordTable).set_records(rows, pinned=[total])
        self._trend = data.qms.trend(data.period)
        self.query_one("#trend-table", RecordTable).set_records(self._trend)
        if self.view == "index":
            self._fill_index()

    def _fill_index(self) -> None:
        """The index for the period: computed only when its view is shown (2.2 counts working days)."""
        data = self.data
        self.query_one("#index-table", RecordTable).set_records(data.service_index().indicators)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on an indicator: the list of the dossiers that pull it down."""
        if event.data_table.id != "index-table":
            return
        item = self.query_one("#index-table", RecordTable).cursor_record
        if item is None:
            return
        self.indicator, self._pulled_down = item.id, frozenset(item.pulled_down)
        self.status, self.field, self.procedure = "all", None, None
        self._refilter()

    # -- actions ------------------------------------------------------------------------------

    def action_next_view(self) -> None:
        """List → by field → by procedure → by month."""
        self.show_view(self.query_one(ViewBar).next_view())

    def show_view(self, view: str) -> None:
        """Switch to ``view`` and put the keyboard in its table."""
        self.view = view
        if view == "index" and self.generation == self.data.generation:
            self._fill_index()
        self.query_one(ContentSwitcher).current = f"{view}-view"
        self.query_one(ViewBar).show(view)
        self.set_focus(self.query_one(f"#{view}-view", TableView).table)
        self.refresh_bindings()  # e, d and n act on the list's highlighted dossier

    def action_cycle_status(self) -> None:
        """All → in progress → overdue → overdue or due soon → resolved → late → withdrawn/returned."""
        self.status = STATUSES[(STATUSES.index(self.status) + 1) % len(STATUSES)]
        self._refilter()

    def action_cycle_field(self) -> None:
        """All fields → each of the store's fields in turn."""
        keys: list[str | None] = [None, *self.data.qms.field_order(self.data.stats().by_field)]
        if self.field not in keys:
            keys.append(self.field)
        self.field = keys[(keys.index(self.field) + 1) % len(keys)]
        self._refilter()

    def action_choose_procedure(self) -> None:
        """Pick a procedure from a filterable list (or all of them)."""
        from qms_tui.tui.dialogs.choice import ChoiceDialog

        qms = self.data.qms
        options = [("", tr("all_procedures"))]
        options += [(p.code, f"{p.code} {p.name}") for p in qms.procedures if p.kind == "tthc"]

        def chosen(code: str | None) -> None:
            """Apply the picked procedure (empty: all); ``None`` means cancelled."""
            if code is not None:
                self.procedure = code or None
                self._refilter()

        self.app.push_screen(ChoiceDialog(tr("choose_procedure"), options, self.procedure or ""), chosen)

    def action_clear_filters(self) -> None:
        """Back to all dossiers of the period (the text filter too)."""
        self.status, self.field, self.procedure = "all", None, None
        self.indicator, self._pulled_down = None, frozenset()
        self.table.filter_text = ""
        self._refilter()

    def _refilter(self) -> None:
        """Filters apply to the list: show it and refill it."""
        if self.view != "list":
            self.show_view("list")
        self._fill_list()


    # -- data entry ---------------------------------------------------------------------------

    def can_edit(self, action: str) -> bool:
        """A dossier is received from any view; the other keys act on the list's highlighted row."""
        return action == "add" or self.view == "list"

    def unavailable_reason(self, action: str) -> str:
        """Outside the list there is no highlighted dossier."""
        return tr("dossier_list_only")

    def focus_record(self, key: str) -> bool:
        """After a save: the list, the cursor on the dossier (False if the period or a filter hides it)."""
        if self.view != "list":
            self.show_view("list")
        return self.table.move_to_key(key)

    def _highlighted(self) -> Dossier | None:
        """The dossier under the list's cursor, as stored now (or None, with a notification)."""
        row = self.table.cursor_record
        if row is None:
            self.notify(tr("no_row"), severity="warning")
            return None
        return row.dossier

    def action_add(self) -> None:
        """``a``: receive a dossier."""
        from qms_tui.tui.forms.tables import dossier_form

        self.open_form(dossier_form(self.data.store, self.data.qms))

    def action_edit(self) -> None:
        """``e``: correct the highlighted dossier's procedure, channel and dates."""
        from qms_tui.tui.forms.tables import dossier_form

        dossier = self._highlighted()
        if dossier is not None:
            self.open_form(dossier_form(self.data.store, self.data.qms, dossier))

    def action_close(self) -> None:
        """``d``: record the dossier's next step on a day (default: the store's today)."""
        from qms_tui.i18n import day
        from qms_tui.tui.forms.tables import lifecycle_form, lifecycle_steps

        dossier = self._highlighted()
        if dossier is None:
            return
        if not lifecycle_steps(dossier, self.data.qms.today):
            self.notify(tr("lc_finished", code=dossier.code, day=day(dossier.finished, lang())), severity="warning")
            return
        qms = self.data.qms
        self.open_form(lifecycle_form(self.data.store, qms, dossier, qms.today))

    def action_raise_nc(self) -> None:
        """``n``: a nonconformity for the highlighted dossier if it is late and has none yet, after a question."""
        from qms_tui.services import improvement

        dossier = self._highlighted()
        if dossier is None:
            return
        qms = self.data.qms
        taken = improvement.nc_of_dossier(qms, dossier.code)
        if taken is not None:
            self.notify(tr("nc_exists", code=dossier.code, nc=taken.code), severity="warning")
            return
        late = improvement.lateness(qms, dossier)
        if late is None:
            self.notify(tr("nc_not_late", code=dossier.code), severity="warning")
            return
        returned = dossier.finished is not None and dossier.finished <= qms.today
        store, code = self.data.store, dossier.code

        def raised(result: EditResult) -> None:
            """The nonconformity is written; the cursor stays on the dossier."""
            self.after_write(result, key=code, message=tr("nc_raised", nc=result.record.code, code=code),
                             detail=False)

        self.confirm(tr("confirm_nc", code=code),
                     tr("confirm_nc_note", late=tr("late_returned", n=late) if returned else tr("late_open", n=late)),
                     lambda: improvement.nc_from_late_dossier(store, code), raised)
