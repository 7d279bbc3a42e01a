"""A DataTable of domain records that filters as you type, cycles its sort column and fills itself lazily.

Every list of the app (procedures, risks, staff, dossiers…) is one of these, so the keys behave the same
everywhere: ``/`` filter, ``s`` sort, ``S`` reverse, ``j``/``k`` move, Enter open, Esc clear the filter.
Rows are identified by the record's key (a code), which is how the cursor survives a live reload.
With ``page_size`` set, only the first page of matching rows is added to the table and the next page
is added when the cursor nears the end, so 100,000 dossiers open as fast as 500.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from qms_tui.domain.lean import dataclass
from qms_tui.domain.safety import visible
from qms_tui.domain.text import Needle, fold, searchable
from qms_tui.labels import tr
from qms_tui.tui.widgets.visible import visible_renderable

PREFETCH_ROWS = 40
"""Load the next page when the cursor is this close to the last loaded row."""


@dataclass(frozen=True)
class Column:
    """One column: how to show a record's cell, and how to sort by it (``None``: not sortable)."""

    key: str
    label: str
    cell: Callable[[Any], str | Text]
    sort: Callable[[Any], Any] | None = None
    width: int | None = None
    justify: str = "left"


def _missing(value: Any) -> bool:
    """Empty values sort after all others in both directions."""
    return value is None or value == ""


def _sort_value(value: Any) -> Any:
    """Text sorts without accents (so "Đầu tư" sorts with the d's)."""
    return fold(value) if isinstance(value, str) else value


def fit(value: str | Text, width: int) -> str | Text:
    """A cell cut to ``width`` terminal cells ending in ``…`` (a fixed-width column otherwise crops it
    silently, and a cut code reads as another code)."""
    plain = value.plain if isinstance(value, Text) else str(value)
    if len(plain) <= width and cell_len(plain) <= width:
        return value
    text = value.copy() if isinstance(value, Text) else Text(plain)
    text.truncate(width, overflow="ellipsis")
    return text


def _plain(value: str | Text) -> str:
    """A cell's text without styles."""
    return value.plain if isinstance(value, Text) else str(value)


COPY_SHOWN = 60
"""Characters of the copied text repeated in the notice."""


class RecordTable(DataTable):
    """A DataTable over a list of records, with a text filter, a sort column and lazy paging."""

    BINDINGS = [
        Binding("enter", "select_cursor", tr("key_open"), key_display="⏎", id="table.open"),
        Binding("j", "cursor_down", tr("key_down"), show=False, id="table.down"),
        Binding("k", "cursor_up", tr("key_up"), show=False, id="table.up"),
        Binding("slash", "start_filter", tr("key_filter"), key_display="/", id="table.filter"),
        Binding("s", "cycle_sort", tr("key_sort"), id="table.sort"),
        Binding("S", "reverse_sort", tr("key_reverse"), show=False, id="table.reverse"),
        Binding("escape", "clear_filter", tr("key_clear"), show=False, id="table.clear"),
        Binding("home,g", "scroll_top", tr("key_top"), show=False, id="table.top"),
        Binding("end,G", "scroll_bottom", tr("key_bottom"), show=False, id="table.bottom"),
        Binding("y", "copy(False)", tr("key_copy"), show=False, id="table.copy"),
        Binding("Y", "copy(True)", tr("key_copy_row"), show=False, id="table.copy_row"),
    ]

    class ViewChanged(Message):
        """The visible rows, filter or sort changed: the status line should say so."""

        def __init__(self, table: RecordTable) -> None:
            """Columns, how to key a record, and optional search text, sort and paging."""
            super().__init__()
            self.table = table

    class FilterRequested(Message):
        """The user pressed ``/``: the surrounding view opens its filter input."""

        def __init__(self, table: RecordTable) -> None:
            """Columns, how to key a record, and optional search text, sort and paging."""
            super().__init__()
            self.table = table

    def __init__(
        self,
        columns: Sequence[Column],
        key_of: Callable[[Any], str],
        *,
        search_text: Callable[[Any], str] | None = None,
        sort_column: int | None = 0,
        sort_reverse: bool = False,
        page_size: int | None = None,
        openable: bool = False,
        id: str | None = None,
    ) -> None:
        """Columns, how to key a record, and optional search text, sort and paging."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.specs = list(columns)
        self.key_of = key_of
        self._search_text = search_text
        self.sort_column = sort_column
        self.sort_reverse = sort_reverse
        self.page_size = page_size
        self.openable = openable
        self.filter_text = ""
        self.records: list[Any] = []
        self.pinned: list[Any] = []
        self.view_records: list[Any] = []
        self._accented: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._loaded = 0

    # -- data ---------------------------------------------------------------------------------

    def set_records(self, records: Sequence[Any], pinned: Sequence[Any] = ()) -> None:
        """Replace the records (a reload), keeping the filter, the sort and the cursor's record.

        ``pinned`` records (a total line) stay on top, whatever the filter and the sort.
        """
        self.records = list(records)
        self.pinned = list(pinned)
        self._accented, self._folded = {}, {}
        self.rebuild()

    def set_filter(self, text: str) -> None:
        """Show only records whose text contains ``text``, accents optional."""
        if text != self.filter_text:
            self.filter_text = text
            self.rebuild(stay_on_row=False)

    def accented_text(self, record: Any) -> str:
        """The record's searchable text with its accents (``text.searchable``), cached until the next reload."""
        key = self.key_of(record)
        text = self._accented.get(key)
        if text is None:
            if self._search_text is not None:
                text = self._search_text(record)
            else:
                text = searchable(" | ".join(_plain(spec.cell(record)) for spec in self.specs))
            self._accented[key] = text
        return text

    def folded_text(self, record: Any) -> str:
        """The record's searchable text without accents, folded once and cached until the next reload."""
        key = self.key_of(record)
        text = self._folded.get(key)
        if text is None:
            text = self._folded[key] = fold(self.accented_text(record))
        return text

    def _matching(self) -> list[Any]:
        """Records matching the filter: accents optional, unless the filter has them (``text.Needle``)."""
        needle = Needle(self.filter_text)
        if not needle:
            return list(self.records)
        if needle.exact:
            return [r for r in self.records if needle.accented in self.accented_text(r)]
        return [r for r in self.records if needle.folded in self.folded_text(r)]

    def _sorted(self, records: list[Any]) -> list[Any]:
        """Records in the sort column's order, empty values last."""
        if self.sort_column is None:
            return records
        sort = self.specs[self.sort_column].sort
        if sort is None:
            return records
        keyed = [(sort(r), r) for r in records]
        present = [(_sort_value(k), r) for k, r in keyed if not _missing(k)]
        present.sort(key=lambda pair: pair[0], reverse=self.sort_reverse)
        return [r for _, r in present] + [r for k, r in keyed if _missing(k)]  # missing values always last

    # -- rendering ----------------------------------------------------------------------------

    @property
    def cursor_key(self) -> str | None:
        """The key of the record under the cursor, if any."""
        if not self.view_records or self.row_count == 0:
            return None
        index = min(self.cursor_row, len(self.view_records) - 1)
        return self.key_of(self.view_records[index])

    @property
    def cursor_record(self) -> Any | None:
        """The record under the cursor, if any."""
        if not self.view_records or self.row_count == 0:
            return None
        return self.view_records[min(self.cursor_row, len(self.view_records) - 1)]

    def copy_text(self, whole_row: bool = False) -> str | None:
        """What ``y`` (the code) or ``Y`` (the row's cells whole, tab-separated) copies, each value escaped with
        ``safety.visible``: a stored control character must not reach the clipboard, nor the terminal."""
        record = self.cursor_record
        if record is None:
            return None
        if not whole_row:
            return visible(str(self.key_of(record)), one_line=True)
        from qms_tui.exporting import full_cell  # the cells whole, as an export writes them (the app has it loaded)
        from qms_tui.reports.document import plain

        return "\t".join(visible(plain(full_cell(spec, record)), one_line=True) for spec in self.specs)

    def action_copy(self, whole_row: bool) -> None:
        """Copy to the local clipboard with OSC 52 (works over SSH where the terminal allows it)."""
        text = self.copy_text(whole_row)
        if text is None:
            self.app.notify(tr("no_row"), severity="warning", timeout=3)
            return
        from qms_tui.tui.clipboard import keep_copy
        from qms_tui.tui.widgets.console import is_linux_console

        self.app.copy_to_clipboard(text)
        kept = keep_copy(text)  # Textual cannot tell whether the terminal honoured OSC 52: a file as well
        shown = text if len(text) <= COPY_SHOWN else text[:COPY_SHOWN - 1] + "…"
        shown = shown.replace("\t", " · ")
        if kept is not None and is_linux_console():  # the Linux console has no clipboard to copy to
            self.app.notify(tr("copied_file_only", text=shown, path=str(kept)), timeout=8)
        elif kept is not None:
            self.app.notify(tr("copied_file", text=shown, path=str(kept)), timeout=6)
        else:
            self.app.notify(tr("copied", text=shown), timeout=3)

    @property
    def sort_label(self) -> str:
        """The sort column's label and direction, for the status line."""
        if self.sort_column is None:
            return tr("default_order")
        return f"{self.specs[self.sort_column].label} {'▼' if self.sort_reverse else '▲'}"

    def rebuild(self, keep: str | None = None, *, stay_on_row: bool = True) -> None:
        """Refill the table from the records; the cursor stays on ``keep`` (default: the current record).

        If that record is gone, the cursor stays on the same row number (a reload removed a row), or
        goes to the top when ``stay_on_row`` is False (a new filter is a new list).
        """
        keep = keep if keep is not None else self.cursor_key
        old_row = self.cursor_row
        budget = max(self._loaded, self.page_size or 0)
        self.view_records = self.pinned + self._sorted(self._matching())
        self.clear(columns=True)
        for index, spec in enumerate(self.specs):
            label = spec.label
            if index == self.sort_column:
                label += " ▼" if self.sort_reverse else " ▲"
            self.add_column(Text(visible(label, one_line=True), justify=spec.justify), width=spec.width, key=spec.key)
        self._loaded = 0
        target = 0
        if keep is not None:
            target = next((i for i, r in enumerate(self.view_records) if self.key_of(r) == keep), -1)
            if self.page_size and target >= budget:
                target = -1  # far down an unfiltered list: not worth drawing every row above it
            if target < 0:
                target = min(old_row, max(len(self.view_records) - 1, 0)) if stay_on_row else 0
        self._load_until(target)
        if self.view_records:
            self.move_cursor(row=target, animate=False, scroll=True)
        self.post_message(self.ViewChanged(self))

    def _load_until(self, index: int) -> None:
        """Add pages of rows until row ``index`` is loaded (at least one page)."""
        total = len(self.view_records)
        page = self.page_size or total
        goal = min(total, max(index + 1 + PREFETCH_ROWS, page))
        if self.page_size:
            goal = min(total, -(-goal // page) * page)
        self._add_rows(goal)

    def _add_rows(self, goal: int) -> None:
        """Add rows up to ``goal`` (the next page), right-aligning numbers."""
        for record in self.view_records[self._loaded : goal]:
            cells = []
            for spec in self.specs:
                value = visible_renderable(spec.cell(record), one_line=True)  # a cell is one line, inert
                if spec.width is not None:
                    value = fit(value, spec.width)
                if spec.justify == "right":
                    value = value if isinstance(value, Text) else Text(str(value))
                    value.justify = "right"
                cells.append(value)
            self.add_row(*cells, key=self.key_of(record))
        self._loaded = max(self._loaded, goal)

    @property
    def loaded(self) -> int:
        """How many of the matching rows are in the table so far."""
        return self._loaded

    def load_more(self) -> bool:
        """Add the next page of matching rows; False when all are loaded."""
        if self._loaded >= len(self.view_records):
            return False
        self._add_rows(min(len(self.view_records), self._loaded + (self.page_size or len(self.view_records))))
        self.post_message(self.ViewChanged(self))
        return True

    def move_to_key(self, key: str) -> bool:
        """Put the cursor on the record with ``key`` (loading pages up to it); False if it is filtered out."""
        index = next((i for i, r in enumerate(self.view_records) if self.key_of(r) == key), -1)
        if index < 0:
            return False
        if index >= self._loaded:
            self._load_until(index)
            self.post_message(self.ViewChanged(self))
        self.move_cursor(row=index, animate=False, scroll=True)
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Fill the next page before the cursor reaches the last loaded row."""
        if self.page_size and event.cursor_row >= self.row_count - PREFETCH_ROWS:
            self.load_more()

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is offered (and shown in the footer) only on tables whose rows open a detail."""
        if action == "select_cursor":
            return self.openable
        return True

    def action_start_filter(self) -> None:
        """Open the surrounding view's filter input at once: the very next keys belong to it."""
        opener = getattr(self.parent, "open_filter", None)
        if callable(opener):
            opener()
        else:
            self.post_message(self.FilterRequested(self))

    def action_clear_filter(self) -> None:
        """Esc: clear the filter if there is one, else let the screen handle Esc (go back)."""
        if not self.filter_text:
            raise SkipAction()
        self.set_filter("")

    def action_cycle_sort(self) -> None:
        """Sort by the next sortable column."""
        sortable = [i for i, spec in enumerate(self.specs) if spec.sort is not None]
        if not sortable:
            return
        current = self.sort_column if self.sort_column in sortable else -1
        later = [i for i in sortable if i > current]
        self.sort_column = later[0] if later else sortable[0]
        self.sort_reverse = False
        self.rebuild()

    def action_reverse_sort(self) -> None:
        """Reverse the order of the sort column."""
        if self.sort_column is not None:
            self.sort_reverse = not self.sort_reverse
            self.rebuild()
