"""What every screen of the app shares: the header, the footer, catching up with the data, its export and its
palette commands.

A screen is made with the app's ``ScreenData`` (``tui/data.py``) and reads everything it draws from it. The
app bumps the data's *generation* whenever the data or the period changes and posts ``DataChanged`` to the
visible screen; a screen redraws when it is told so or when it is shown again and its generation is behind,
so a reload costs only the visible screen's work; the others catch up when the user comes back to them.

``export()`` is what ``E`` saves: here a table screen's rows after filter and sort (the overview and the
detail pages override it). ``palette_commands()`` is what the command palette offers on this screen beside
the app's own commands: the actions named in ``PALETTE_ACTIONS``, worded by their keys' labels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from qms_tui.i18n import day, number
from qms_tui.labels import lang, tr
from qms_tui.tui.data import ScreenData
from qms_tui.tui.messages import DataChanged
from qms_tui.tui.widgets.footer import QmsFooter
from qms_tui.tui.widgets.header import QmsHeader, store_label

if TYPE_CHECKING:  # the exporters and the tables are imported when a screen exports (start-up stays light)
    from qms_tui.exporting import Export
    from qms_tui.tui.widgets.record_table import RecordTable

Command = tuple[str, str, Callable[[], None]]
"""A command palette entry: title, help, what it does."""


class QmsScreen(Screen):
    """A screen with the QMS header and footer that refreshes itself from the data it was made with."""

    SCREEN_NAME = "overview"
    """Which tab the header highlights (detail screens name the screen they belong to)."""

    EXPORT_NAME: str | None = None
    """The export's file name and title key (default: ``SCREEN_NAME``)."""

    PALETTE_ACTIONS: tuple[str, ...] = ()
    """The screen's own actions the command palette offers while it is shown (each one bound to a key here)."""

    BINDINGS = [Binding("escape", "back", tr("key_back"), show=False, id="screen.back")]

    def __init__(self, data: ScreenData, *, classes: str | None = None) -> None:
        """No generation drawn yet: the first ``sync`` always draws."""
        super().__init__(classes=classes)
        self.data = data
        self.generation = -1

    def compose(self) -> ComposeResult:
        """Header, the screen's own widgets, footer."""
        yield QmsHeader(self.SCREEN_NAME)
        yield from self.compose_body()
        yield QmsFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between header and footer."""
        yield from ()

    def on_mount(self) -> None:
        """Draw the data as soon as the widgets exist."""
        self.sync()

    def on_screen_resume(self) -> None:
        """Catch up with data that changed while another screen was shown."""
        self.sync()

    def on_data_changed(self, message: DataChanged) -> None:
        """The app's data moved on (a reload, a new period, a new day) while this screen is shown."""
        self.sync()

    def sync(self) -> None:
        """Refresh header and content if the data moved on since this screen last drew them."""
        data = self.data
        if not self.is_mounted or self.generation == data.generation:
            return
        self.generation = data.generation
        period = data.period
        qms = data.qms
        self.query_one(QmsHeader).show(store_label(data.store, qms.is_demo), period.start, period.end, qms.today,
                                       qms.as_of_pinned)
        self.refresh_data()

    def refresh_data(self) -> None:
        """Redraw the screen's content from ``self.data`` (each screen implements it)."""

    def action_back(self) -> None:
        """Esc: close this screen if it was opened on top of another."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # -- the palette ---------------------------------------------------------------------------------

    def palette_commands(self) -> list[Command]:
        """This screen's commands for the palette: each of ``PALETTE_ACTIONS`` that applies now (none that
        writes on a read-only store), named "<screen>: <key's label>", its key as help."""
        bindings = {binding.action: binding for cls in reversed(type(self).__mro__)
                    for binding in cls.__dict__.get("BINDINGS", ()) if isinstance(binding, Binding)}
        screen = tr(f"screen_{self.SCREEN_NAME}")
        commands: list[Command] = []
        for action in self.PALETTE_ACTIONS:
            binding = bindings.get(action)
            name = action.partition("(")[0]
            if binding is None or not self.check_action(name, ()):
                continue
            commands.append((tr("cmd_screen_action", screen=screen, action=binding.description),
                             tr("cmd_goto_help", key=binding.key_display or binding.key),
                             lambda action=action: self.call_later(self.run_action, action)))
        return commands

    # -- the export ----------------------------------------------------------------------------------

    def export_context(self) -> list[str]:
        """The lines under an export's title: the period, the "as of" day and the store."""
        language, period = lang(), self.data.period
        return [
            f"{tr('period')} {day(period.start, language)}–{day(period.end, language)} · "
            f"{tr('as_of')} {day(self.data.qms.today, language)}",
            f"{tr('store')}: {store_label(self.data.store, self.data.qms.is_demo)}",
        ]

    def export_blocks(self) -> tuple[str, list[Any], dict[str, Any]] | None:
        """A screen's own blocks instead of its table's rows: (view's name, blocks, extra JSON data)."""
        return None

    def export(self) -> Export:
        """The table with the keyboard (else the first shown) as its rows after filter and sort, with the
        period, store, filter and sort; ``UnsupportedFormat`` when the screen has no table."""
        from qms_tui.exporting import Export, UnsupportedFormat, table_block, table_data
        from qms_tui.tui.widgets.views import ViewBar

        name = self.EXPORT_NAME or self.SCREEN_NAME
        title = tr(f"screen_{name}")
        context = self.export_context()
        table = _export_table(self)
        if table is None:
            raise UnsupportedFormat(name)
        context.append(_table_line(table))
        period, language = self.data.period, lang()
        data: dict[str, Any] = {"period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
                                "as_of": self.data.qms.today.isoformat(), "store": self.data.store.describe(),
                                "filter": table.filter_text, "sort": table.sort_label}
        custom = self.export_blocks()
        if custom is not None:
            view, blocks, extra = custom
            return Export(name, f"{title} — {view}", context, blocks, data={**data, **extra}, lang=language)
        bars = list(self.query(ViewBar))
        if bars:
            title += " — " + dict(bars[0].views).get(bars[0].current, bars[0].current)
        data.update(screen=name, columns=[{"key": c.key, "label": c.label} for c in table.specs],
                    rows=table_data(table.specs, table.view_records))
        return Export(name, title, context, [table_block(table.specs, table.view_records)], data=data,
                      lang=language)


def _shown(widget: Any) -> bool:
    """Whether ``widget`` and everything around it is displayed (not in a hidden view)."""
    return all(node.display for node in widget.ancestors_with_self if hasattr(node, "display"))


def _export_table(screen: Screen) -> RecordTable | None:
    """The table ``E`` exports: the one with the keyboard (or whose filter box has it), else the first shown."""
    from qms_tui.tui.widgets.record_table import RecordTable
    from qms_tui.tui.widgets.table_view import FilterInput, TableView

    focused = screen.focused
    if isinstance(focused, RecordTable):
        return focused
    if isinstance(focused, FilterInput):
        return focused.query_ancestor(TableView).table
    return next((table for table in screen.query(RecordTable) if _shown(table)), None)


def _table_line(table: RecordTable) -> str:
    """Rows, filter and sort of the exported table, as its status line says them."""
    total = len(table.view_records) - len(table.pinned)
    rows = number(total, lang())
    shown = tr("rows", count=rows)
    if table.filter_text:
        shown = f"{tr('filtered')} «{table.filter_text}»: {shown} / {number(len(table.records), lang())}"
    line = f"{shown} · {tr('sorted_by')}: {table.sort_label}"
    return line[:1].upper() + line[1:]
