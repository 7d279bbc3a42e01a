"""A RecordTable with its filter input above and a status line below (filter, sort, rows shown).

Typing after ``/`` filters on every keystroke; Enter keeps the filter and returns to the table, Esc
clears it. The status line always says what is filtered and how it is sorted, so a table never looks
complete when it is not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, Static

from qms_tui.i18n import number
from qms_tui.labels import lang, tr
from qms_tui.tui.widgets.record_table import RecordTable
from qms_tui.tui.widgets.visible import visible_renderable, visible_text

DEBOUNCE_ROWS = 5_000
"""Tables this big filter after a short pause in the typing rather than on every key."""
DEBOUNCE_SECONDS = 0.15


class FilterInput(Input):
    """The one-line filter box: Esc clears it, Enter or ↓ goes back to the table."""

    BINDINGS = [
        Binding("enter", "submit", tr("key_done"), key_display="⏎", id="filter.done"),
        Binding("escape", "clear", tr("key_clear"), key_display="Esc", id="filter.clear"),
        Binding("down", "done", tr("key_down"), show=False, id="filter.down"),
    ]

    def action_clear(self) -> None:
        """Clear the filter and hand the keys back to the table."""
        self.value = ""
        self.parent_view.close_filter()

    def action_done(self) -> None:
        """Keep the filter, go back to the table."""
        self.parent_view.close_filter()

    async def action_submit(self) -> None:
        """Enter keeps the filter and goes back to the table."""
        self.parent_view.close_filter()

    @property
    def parent_view(self) -> TableView:
        """The TableView this box filters."""
        return self.query_ancestor(TableView)

    def take_key(self, event: events.Key) -> bool:
        """A key typed after ``/`` that reached the app before this box had the focus (a paste, a fast
        typist over SSH): it belongs here, not to the table's or the screen's keys. True if taken."""
        if event.key == "enter":
            self.action_done()
        elif event.key == "escape":
            self.action_clear()
        elif event.key == "backspace":
            self.action_delete_left()
        elif event.character and event.character.isprintable():
            self.insert_text_at_cursor(event.character)
        else:
            return False
        return True

    def on_blur(self) -> None:
        """Once the box loses the keyboard, keys are the table's again."""
        if getattr(self.app, "typeahead", None) is self:
            self.app.typeahead = None  # type: ignore[attr-defined]


class TableView(Vertical):
    """Filter input + RecordTable + an optional preview line + a status line."""

    DEFAULT_CSS = """
    TableView { height: 1fr; }
    TableView > FilterInput, TableView > FilterInput:focus { height: 1; border: none; padding: 0 1; margin: 0; }
    TableView > FilterInput { display: none; }
    TableView > FilterInput.-shown { display: block; }
    TableView > RecordTable { height: 1fr; }
    TableView > .preview { height: 1; padding: 0 1; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    TableView > .status { height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(
        self, table: RecordTable, *, preview: Callable[[Any], str] | None = None, id: str | None = None
    ) -> None:
        """Wrap ``table``; ``preview`` says in full what the highlighted row is."""
        super().__init__(id=id)
        self.table = table
        self._preview = preview
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        """Filter box (hidden until ``/``), table, preview, status."""
        yield FilterInput(placeholder="/ " + tr("filter_prompt"), id=f"{self.table.id}-filter")
        yield self.table
        if self._preview is not None:
            yield Static("", classes="preview", markup=False)
        yield Static("", classes="status", markup=False)

    @property
    def filter_input(self) -> FilterInput:
        """The filter box."""
        return self.query_one(FilterInput)

    def open_filter(self) -> None:
        """Show the filter input with the current filter and put the cursor in it."""
        box = self.filter_input
        box.add_class("-shown")
        box.value = self.table.filter_text
        box.cursor_position = len(box.value)
        self.screen.set_focus(box)  # now, not later: the next keys may already be on their way
        if hasattr(self.app, "typeahead"):
            self.app.typeahead = box  # keys already on their way go to the box too

    def close_filter(self) -> None:
        """Back to the table; the input stays visible while a filter is active."""
        box = self.filter_input
        if getattr(self.app, "typeahead", None) is box:
            self.app.typeahead = None  # type: ignore[attr-defined]
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        self.table.set_filter(box.value)  # Enter or Esc: the filter is final before the next key
        box.set_class(bool(box.value), "-shown")
        self.screen.set_focus(self.table)

    def on_record_table_filter_requested(self, event: RecordTable.FilterRequested) -> None:
        """A table outside a view asked for the filter."""
        event.stop()
        self.open_filter()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter on every keystroke; on a big table wait for a pause in the typing first."""
        event.stop()
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        if len(self.table.records) < DEBOUNCE_ROWS:
            self.table.set_filter(self.filter_input.value)  # the box's value now: typed-ahead keys came later
        else:
            self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self.table.set_filter(self.filter_input.value))

    def on_record_table_view_changed(self, event: RecordTable.ViewChanged) -> None:
        """Keep the box, status and preview in step with the table."""
        event.stop()
        table = self.table
        box = self.filter_input
        if box.value != table.filter_text:
            with box.prevent(Input.Changed):
                box.value = table.filter_text
        if not table.filter_text and not box.has_focus:
            box.remove_class("-shown")
        self._update_status()
        self._update_preview()
        self.call_after_refresh(self._update_status)

    def on_resize(self) -> None:
        """Whether more columns hide to the right depends on the width."""
        self.call_after_refresh(self._update_status)

    def on_data_table_row_highlighted(self) -> None:
        """The preview follows the cursor."""
        self._update_preview()

    def _update_preview(self) -> None:
        """Show the highlighted row in full (names are cut in the table)."""
        if self._preview is None:
            return
        record = self.table.cursor_record
        preview = self._preview(record) if record is not None else ""
        self.query_one(".preview", Static).update(visible_renderable(preview, one_line=True))

    def _update_status(self) -> None:
        """Rows, filter, paging and sort in one line."""
        table = self.table
        pinned = len(table.pinned)
        total, shown = len(table.view_records) - pinned, max(table.loaded - pinned, 0)
        n = lambda v: number(v, lang())  # noqa: E731
        parts = []
        if table.filter_text:
            parts.append(f"{tr('filtered')} «{table.filter_text}»: {n(total)}/{n(len(table.records))}")
        else:
            parts.append(tr("rows", count=n(total)))
        if table.page_size and shown < total:
            parts.append(tr("showing", shown=n(shown), total=n(total)))
        parts.append(f"{tr('sorted_by')}: {table.sort_label}")
        if table.virtual_size.width > table.scrollable_content_region.width > 0:
            parts.append(tr("more_columns"))
        status = Text(" · ".join(parts))
        if total == 0 and table.records:
            status = Text(tr("no_rows") + " · " + status.plain, style="bold")
        self.query_one(".status", Static).update(visible_text(status, one_line=True))

    @property
    def status_text(self) -> str:
        """What the status line says (the tests read it as a user would)."""
        content = self.query_one(".status", Static).content
        return content.plain if isinstance(content, Text) else str(content)
