"""Reading the HTML ``<table>`` that some one-stop-shop systems save under an ``.xls`` or ``.xlsx`` name.

Excel opens such a file (after a warning), so users think it is a workbook; it is a web page. The
standard library's ``html.parser`` is enough: every ``<table>`` becomes a grid of cell texts, with
``colspan``/``rowspan`` cells repeated over the cells they cover (so a merged header reads as in
Excel), ``<br>`` as a line break, and nested tables read as tables of their own.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from qms_tui.domain.problems import Fault
from qms_tui.importing.encoding import decode, nfc
from qms_tui.importing.problems import CsvError

MAX_SPAN = 1000
"""A colspan or rowspan above this is taken as 1."""
MAX_CELLS = 5_000_000
"""Spans repeat cells: a hostile page of a few kB must not make a grid of billions."""


class _TooManyCells(Exception):
    pass

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


class _Grid:
    """One table being read: its rows, and the cells that rowspans carry into the next rows."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.carried: dict[tuple[int, int], str] = {}
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.cells = 0

    def start_row(self) -> None:
        self.end_row()
        self.row = []
        self._fill_carried()

    def _fill_carried(self) -> None:
        assert self.row is not None
        while (len(self.rows), len(self.row)) in self.carried:
            self.row.append(self.carried.pop((len(self.rows), len(self.row))))

    def start_cell(self, colspan: int, rowspan: int) -> None:
        self.end_cell()
        if self.row is None:
            self.start_row()
        self.cell = []
        self.span = (colspan, rowspan)

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        text = "".join(self.cell)
        text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
        colspan, rowspan = self.span
        self.cells += colspan * rowspan
        if self.cells > MAX_CELLS:
            raise _TooManyCells
        row_index = len(self.rows)
        for _ in range(colspan):
            column = len(self.row)
            self.row.append(text)
            for below in range(1, rowspan):
                self.carried[(row_index + below, column)] = text
        self._fill_carried()
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self._fill_carried()
            self.rows.append(self.row)
        self.row = None

    def finish(self) -> list[list[str]]:
        self.end_row()
        return self.rows


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Grid] = []
        self.tables: list[list[list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.stack.append(_Grid())
            self.tables.append([])  # keeps tables in document order; filled when the table ends
            self.stack[-1].index = len(self.tables) - 1  # type: ignore[attr-defined]
        elif not self.stack:
            return
        elif tag == "tr":
            self.stack[-1].start_row()
        elif tag in ("td", "th"):
            values = dict(attrs)
            self.stack[-1].start_cell(_span(values.get("colspan")), _span(values.get("rowspan")))
        elif tag in ("br", "p", "div") and self.stack[-1].cell is not None:
            self.stack[-1].cell.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            return
        if tag == "table":
            grid = self.stack.pop()
            self.tables[grid.index] = grid.finish()  # type: ignore[attr-defined]
        elif tag == "tr":
            self.stack[-1].end_row()
        elif tag in ("td", "th"):
            self.stack[-1].end_cell()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1].cell is not None:
            self.stack[-1].cell.append(data.replace("\n", " "))


def _span(value: str | None) -> int:
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    return number if 1 <= number <= MAX_SPAN else 1


def html_text(raw: bytes, file: str, encoding: str | None = None) -> tuple[str, str]:
    """The page's text and a note: ``--encoding``, else a byte-order mark, the page's ``<meta charset>``,
    then the same guesses as a CSV."""
    if encoding is None and not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _META_CHARSET.search(raw[:4096])
        if declared:
            name = declared.group(1).decode("ascii").lower()
            try:
                return nfc(raw.decode(name)), ""
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration: guess as for any text
    text, _codec, note = decode(raw, file, encoding)
    return text, note


def read_html_tables(raw: bytes, file: str, encoding: str | None = None) -> tuple[list[list[list[str]]], str]:
    """Every ``<table>`` of the page as a grid of cell texts (document order), and the encoding note."""
    text, note = html_text(raw, file, encoding)
    parser = _TableParser()
    try:
        parser.feed(text)
        parser.close()
    except _TooManyCells:
        raise CsvError(Fault("imp_html_too_many_cells", file=file, cells=MAX_CELLS)) from None
    while parser.stack:  # tables left open at the end of the page
        grid = parser.stack.pop()
        parser.tables[grid.index] = grid.finish()  # type: ignore[attr-defined]
    tables = [table for table in parser.tables if any(any(cell for cell in row) for row in table)]
    if not tables:
        raise CsvError(Fault("imp_html_no_table", file=file))
    return tables, note
