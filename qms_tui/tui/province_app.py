"""The province screen of ``qms rollup PATH…`` on a terminal: the roll-up's table, sortable and filterable.

Enter on an agency ends this app with that store's path; ``run_province`` then opens the store's own app
read-only, and Esc (or q) there comes back here, on the same agency. Two apps one after the other rather
than one app holding another's screens: the agency's app stays exactly the app its staff use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from qms_tui.domain.figures import on_line
from qms_tui.domain.safety import visible
from qms_tui.i18n import day, number, percent
from qms_tui.labels import lang, tr
from qms_tui.rollup.collect import Agency, Rollup
from qms_tui.tui.widgets.footer import QmsFooter
from qms_tui.tui.widgets.record_table import Column, RecordTable
from qms_tui.tui.widgets.table_view import TableView
from qms_tui.tui.widgets.visible import InertText

SORT_COLUMNS = {"name": 1, "received": 3, "resolved": 4, "on_time_rate": 5, "service_index": 6, "in_progress": 7,
                "overdue": 8, "open_ncs": 9, "overdue_ncs": 10, "untrained": 11, "last_internal_audit": 12,
                "last_management_review": 13, "legal_changes_late": 14, "last_change": 15}


def _figure(value: Callable[[Agency], Any], bad: bool = False) -> Callable[[Agency], str | Text]:
    def cell(agency: Agency) -> str | Text:
        found = value(agency) if agency.counts is not None else None
        if found is None:
            return "—"
        shown = number(found, lang())
        return Text(shown, style="bold red") if bad and found else shown

    return cell


def index_text(agency: Agency, language: str) -> str:
    """Points of the service index / its maximum, as ``qms rollup`` prints it; — where not computed."""
    if agency.service_index is None:
        return "—"
    return f"{number(agency.service_index, language, 1)}/{number(agency.service_index_max or 0, language)}"


def _counts(name: str) -> Callable[[Agency], Any]:
    """A shared figure of form 06 on the agency's line, by its name in ``domain.figures``."""
    return lambda a: on_line(name, a.counts) if a.counts is not None else None


def columns() -> list[Column]:
    """The roll-up's columns, each sortable by its value (not by its text)."""
    rate = lambda a: a.on_time_rate  # noqa: E731
    return [
        Column("rank", "#", lambda a: "" if not a.store else ("!" if a.error else ""), None, 2),
        Column("name", tr("agency"), lambda a: visible(a.name or a.store, one_line=True),
               lambda a: (a.name or a.store), 36),
        Column("as_of", tr("as_of_col"), lambda a: day(a.as_of, lang()) if a.as_of else "—", lambda a: a.as_of, 10),
        Column("received", tr("tui_col_received"), _figure(_counts("received")), _counts("received"), None, "right"),
        Column("resolved", tr("tui_col_resolved"), _figure(_counts("resolved")), _counts("resolved"), None, "right"),
        Column("on_time_rate", tr("on_time_rate"), lambda a: percent(a.on_time_rate, lang()), rate, None, "right"),
        Column("service_index", tr("rollup_index"), lambda a: index_text(a, lang()) if a.store else "",
               lambda a: a.service_index, None, "right"),
        Column("in_progress", tr("tui_col_in_progress"), _figure(_counts("in_progress")), _counts("in_progress"),
               None, "right"),
        Column("overdue", tr("tui_col_overdue"), _figure(_counts("overdue"), True), _counts("overdue"), None, "right"),
        Column("open_ncs", tr("rollup_open_ncs"), _figure(lambda a: a.open_ncs), lambda a: a.open_ncs, None,
               "right"),
        Column("overdue_ncs", tr("rollup_overdue_ncs"), _figure(lambda a: a.overdue_ncs, True),
               lambda a: a.overdue_ncs, None, "right"),
        Column("untrained", tr("col_untrained"), _figure(lambda a: a.untrained), lambda a: a.untrained, None,
               "right"),
        Column("last_internal_audit", tr("rollup_last_audit"), lambda a: day(a.last_internal_audit, lang())
               if a.last_internal_audit else "—", lambda a: a.last_internal_audit, 10),
        Column("last_management_review", tr("rollup_last_review"), lambda a: day(a.last_management_review, lang())
               if a.last_management_review else "—", lambda a: a.last_management_review, 10),
        Column("legal_changes_late", tr("rollup_legal_late"), _figure(lambda a: a.legal_changes_late, True),
               lambda a: a.legal_changes_late, None, "right"),
        Column("last_change", tr("rollup_last_change"), lambda a: f"{day(a.last_change.date(), lang())}"
               f" {a.last_change:%H:%M}" if a.last_change else "—", lambda a: a.last_change, 16),
    ]


def total_line(rollup: Rollup) -> Agency:
    """The province's total as a pinned line of the table (it has no store to open)."""
    other = rollup.totals()
    return Agency(store="", name=tr("rollup_province_total"), counts=rollup.total_counts(), **other)


class ProvinceApp(App[str]):
    """The province's agencies: ``s`` sorts, ``/`` filters, Enter opens an agency's store (read-only)."""

    TITLE = "qms rollup"
    BINDINGS = [Binding("q", "quit", tr("key_quit"), id="province.quit")]
    ENABLE_COMMAND_PALETTE = False  # Textual's palette would offer only its own commands, in English
    CSS = "#province-title { height: 1; padding: 0 1; text-style: bold; } .error { color: $error; padding: 0 1; }"

    def __init__(self, rollup: Rollup, *, cursor: str | None = None) -> None:
        super().__init__()
        self._filters.append(InertText())  # no control or bidi character of a store reaches the terminal
        self.rollup = rollup
        self.cursor = cursor

    def compose(self) -> ComposeResult:
        period = self.rollup.period
        when = f"{tr('period')} {day(period.start, lang())} – {day(period.end, lang())}" if period else ""
        yield Static(f"{tr('rollup_title')} · {when} · {number(len(self.rollup.readable), lang())}/"
                     f"{number(len(self.rollup.agencies), lang())} {tr('rollup_stores_read')}",
                     id="province-title", markup=False)
        table = RecordTable(columns(), lambda a: a.store or "total", search_text=lambda a: f"{a.name} {a.store}",
                            sort_column=SORT_COLUMNS.get(self.rollup.sort, 5),
                            sort_reverse=self.rollup.sort != "name", openable=True, id="province-table")
        yield TableView(table)
        for agency in self.rollup.agencies:
            if agency.error:
                yield Static(visible(f"! {agency.store}: {agency.error}", one_line=True), classes="error",
                             markup=False)
        yield QmsFooter()

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.set_records(self.rollup.agencies, pinned=[total_line(self.rollup)])
        if self.cursor:
            table.move_to_key(self.cursor)
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        agency = self.query_one(RecordTable).cursor_record
        if isinstance(agency, Agency) and agency.store and agency.error is None:
            self.exit(agency.store)


def run_province(rollup: Rollup, language: str) -> None:
    """The province screen; each agency opened from it runs its own app read-only until Esc or q."""
    from qms_tui.labels import set_lang
    from qms_tui.store import Store, StoreError
    from qms_tui.tui.app import make_app

    set_lang(language)
    cursor: str | None = None
    while True:
        chosen = ProvinceApp(rollup, cursor=cursor).run()
        if not chosen:
            return
        cursor = chosen
        store = Store(chosen, read_only=True)
        try:
            store.load()
        except StoreError:
            continue  # changed since the roll-up read it: the province screen comes back
        make_app(store, back_on_escape=True).run()  # a damaged store closes it (``load_error``): back here
