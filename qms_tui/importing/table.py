"""A table read from any import file (CSV, workbook sheet, HTML table): where its header is, what its
columns mean, and its data rows.

Exports put more than a header and rows in a file. Above the header: the agency's name, a title, the
period ("DANH SÁCH HỒ SƠ … TỪ NGÀY … ĐẾN NGÀY …"). The header itself may take two rows (merged cells:
"Ngày" over "Tiếp nhận | Hẹn trả | Có kết quả"), with line breaks and double spaces inside names. Under
it, a row numbering the columns ("(1) (2) (3)" or "1 2 3"). Between and after the rows: section rows
("I. Lĩnh vực đầu tư", one value across the row) and totals ("Tổng số", "Tổng cộng"). This module finds
the header row (the one among the first rows that names the most known columns), joins a second header
row when that names more, skips the column-number row, and skips section and totals rows, counting
what it skipped so that the import can say so.

Every cell's text is taken in one place, ``cell_text``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field

from qms_tui.domain.lean import dataclass
from qms_tui.domain.problems import Fault, Joined
from qms_tui.domain.safety import csv_value
from qms_tui.domain.vocabulary import fold
from qms_tui.importing.problems import CsvProblems, LineProblem

PERSONAL = "!personal"
"""An alias target: the column holds an applicant's personal data and is never read."""
IGNORE = "!ignore"
"""An alias target: the column is ignored (a ``--mapping`` can say so)."""
WEAK = "~"
"""Prefix of an alias target that yields to another column of the same meaning."""

HEADER_SEARCH_ROWS = 30
"""The header must be within the first rows (exports often put a title block above it)."""

RawRow = tuple[int, list[str]]
"""A row's number as the user sees it (CSV: its first physical line; sheet: the spreadsheet's row) and cells."""
Source = Callable[[], Iterator[RawRow | LineProblem]]
"""Gives the file's rows from the top, every time it is called (the rows are read twice: header, data)."""

_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,3})\s*\)?(\s*[=+\-*/x].*)?$")
_HEADER_NUMBER = re.compile(r"\s*\(\s*\d{1,3}\s*\)\s*$")
_TOTALS = ("tong so", "tong cong", "tong hop")
_TOTAL_WORDS = ("tong", "cong", "total")
_TOTAL_INITIALS = frozenset("TtCc")
_DATEISH = re.compile(r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")


def cell_text(value: object) -> str:
    """The text of one cell as the import uses it: stripped, a spreadsheet formula guard removed.

    The one place where a cell's text is taken (CSV, workbook and HTML cells alike). The readers hand
    over NFC text already (``encoding.decode``, ``spreadsheet.cell_value_text``).
    """
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return csv_value(text.strip())


def header_key(name: str) -> str:
    """A header name as it is matched: a trailing column number "(3)" dropped, then folded
    (case, accents, punctuation, line breaks and double spaces do not matter)."""
    return fold(_HEADER_NUMBER.sub("", name))


@dataclass(fast_init=True)
class CsvRow:
    """A data row: its number and its cells by field name (stripped text)."""

    line: int
    cells: dict[str, str]


@dataclass
class HeaderGuess:
    """Where the header is in the first rows and what its columns are called."""

    known: int
    start: int
    """Index (in the rows searched) of the header's first row."""
    rows: int
    """1, or 2 for a two-row header."""
    names: list[str]
    line: int
    """The row number of the header's last row."""
    data_after: int
    """Data rows are those numbered above this (the header, and a column-number row under it)."""


def guess_header(rows: list[RawRow], aliases: Mapping[str, str]) -> HeaderGuess | None:
    """The row (or pair of rows) among ``rows`` that names the most known columns; ``None`` if none does."""
    best: HeaderGuess | None = None
    for index, (_number, cells) in enumerate(rows):
        if not any(c.strip() for c in cells):
            continue
        candidates = [(cells, 1)]
        if index + 1 < len(rows):
            candidates.append((_join_header(cells, rows[index + 1][1]), 2))
        for names, height in candidates:
            known = len({aliases[k] for k in map(header_key, names) if k in aliases})
            if best is None or known > best.known:
                last = rows[index + height - 1][0]
                best = HeaderGuess(known, index, height, names, last, last)
    if best is None:
        return None
    after = best.start + best.rows
    if after < len(rows) and _is_column_numbers(rows[after][1]):
        best.data_after = rows[after][0]
    return best


def _join_header(top: list[str], bottom: list[str]) -> list[str]:
    """Two header rows as one: "Ngày" over "Tiếp nhận" is "Ngày Tiếp nhận"; a name merged down both rows
    (or filled into both by the reader) is kept once; an empty top cell under a merged group takes the
    group's name from its left."""
    width = max(len(top), len(bottom))
    top = top + [""] * (width - len(top))
    bottom = bottom + [""] * (width - len(bottom))
    names: list[str] = []
    group = ""
    for upper, lower in zip(top, bottom, strict=True):
        upper, lower = upper.strip(), lower.strip()
        if upper:
            group = upper if lower else ""
        elif lower and group:
            upper = group
        else:
            group = ""
        if not lower or fold(lower) == fold(upper):
            names.append(upper)
        elif not upper:
            names.append(lower)
        else:
            names.append(f"{upper} {lower}")
    return names


def _is_column_numbers(cells: list[str]) -> bool:
    """"(1) (2) (3)", "1 2 3" or "(5)=(3)+(4)": a row that numbers the columns, not data."""
    numbers = []
    for cell in cells:
        cell = cell.strip()
        if not cell:
            continue
        match = _COLUMN_NUMBER.match(cell)
        if not match:
            return False
        numbers.append(int(match[1]))
    return len(numbers) >= 2 and all(a < b for a, b in itertools.pairwise(numbers))


@dataclass
class Table:
    """An import file's table whose header has been understood; data rows are read on demand."""

    file: str
    source: Source
    header_line: int
    data_after: int
    header: list[str]
    columns: dict[str, int]
    """Field name -> column index."""
    ignored: list[str] = field(default_factory=list)
    """Header names that match no field."""
    sheet: str = ""
    """The sheet (or HTML table) name; empty for a CSV file."""
    line_count: int = 0
    format: str = "csv"
    notes: list[str] = field(default_factory=list)
    """What the reader decided and the user should know (the encoding used, the sheet read)."""
    header_sources: dict[str, str] = field(default_factory=dict)
    """Field name -> the header name it was read from (for --show-mapping)."""
    delimiter: str = ","
    skipped: list[tuple[int, str]] = field(default_factory=list)
    """(row, why) of the section and totals rows ``rows()`` skipped (filled as it goes)."""
    personal: list[str] = field(default_factory=list)
    """Header names of applicant data (name, ID number, phone, address, e-mail): never read."""
    check_width: bool = False
    """CSV only: a row with more cells than the header is an error (a delimiter inside a value)."""

    def has(self, name: str) -> bool:
        return name in self.columns

    def problem(self, line: int, field_name: str, message: str) -> LineProblem:
        return LineProblem(self.file, line, field_name, message, self.sheet)

    def where(self, line: int) -> str:
        return f"{self.file}:{self.sheet}:{line}" if self.sheet else f"{self.file}:{line}"

    def rows(self) -> Iterator[CsvRow | LineProblem]:
        """The data rows after the header, skipping blank, section and totals rows."""
        width = len(self.header)
        self.skipped = []
        for item in self.source():
            if isinstance(item, LineProblem):
                yield item
                continue
            number, cells = item
            if number <= self.data_after or not any(c.strip() for c in cells):
                continue
            if self.check_width:
                extra = [c for c in cells[width:] if c.strip()]
                if extra:
                    yield self.problem(number, "", Fault("imp_too_many_cells", cells=len(cells), width=width,
                                                         delimiter=_delimiter_name(self.delimiter)))
                    continue
            values = {name: cell_text(cells[i]) if i < len(cells) else "" for name, i in self.columns.items()}
            why = _not_a_dossier_row(cells, values.get("code", ""), values.get("received", ""))
            if why:
                self.skipped.append((number, why))
                continue
            yield CsvRow(number, values)


def _not_a_dossier_row(cells: list[str], code: str, received: str = "") -> str:
    """"totals" or "heading" for a row that only labels the rows around it; "" for a data row.

    Totals: the row's first value is "Tổng số", "Tổng cộng", "Tổng", "Cộng" (whatever follows it) and it
    has no received date (a dossier coded "TONG SO" is still a dossier).
    Heading: no dossier code and one value only (a merged cell across the row, "I. Lĩnh vực đầu tư").
    """
    for first in cells:
        if first and not first.isspace():
            break
    else:
        return "heading"
    # a number, a code, a date cannot be a totals label: no folding for every row
    if first.lstrip()[:1] in _TOTAL_INITIALS and not _DATEISH.match(received.strip()):
        folded = fold(cell_text(first))
        if folded in _TOTAL_WORDS or any(folded == word or folded.startswith(word + " ") for word in _TOTALS):
            return "totals"
    if code:
        return ""
    if len({cell.strip() for cell in cells if cell.strip()}) == 1 and not _DATEISH.match(first.strip()):
        return "heading"
    return ""


def _delimiter_name(delimiter: str) -> Fault | str:
    names = {",": Fault("imp_comma"), ";": Fault("imp_semicolon"), "\t": Fault("imp_tab")}
    return names.get(delimiter, repr(delimiter))


def build_table(
    file: str,
    source: Source,
    guess: HeaderGuess,
    aliases: Mapping[str, str],
    required: tuple[tuple[str, ...], ...],
    describe: Mapping[str, str] | None = None,
    *,
    sheet: str = "",
) -> Table:
    """The table whose header ``guess`` found: columns matched to fields, problems raised all at once.

    ``required`` lists groups of fields of which at least one must have a column (``("procedure",
    "procedure_name")``: either will do). Raises ``CsvProblems`` for a header that cannot be used.
    """
    columns: dict[str, int] = {}
    sources: dict[str, str] = {}
    ignored: list[str] = []
    personal: list[str] = []
    weak: list[tuple[str, int, str]] = []
    problems: list[LineProblem] = []
    for index, name in enumerate(guess.names):
        target = aliases.get(header_key(name))
        label = " ".join(name.split())
        if target is None or target == IGNORE:
            if label:
                ignored.append(label)
        elif target == PERSONAL:
            personal.append(label)
        elif target.startswith(WEAK):
            weak.append((target[len(WEAK):], index, label))
        elif target in columns:
            problems.append(LineProblem(file, guess.line, target, Fault("imp_two_columns", first=repr(sources[target]),
                                                                         second=repr(label)), sheet))
        else:
            columns[target] = index
            sources[target] = label
    for target, index, label in weak:  # "Ngày nộp" stands for the received date only when no "Ngày tiếp nhận"
        if target in columns:
            ignored.append(label)
        else:
            columns[target] = index
            sources[target] = label
    missing = [group for group in required if not any(name in columns for name in group)]
    if missing:
        def said(name: str) -> str:
            return f"{name} ({describe[name]})" if describe and name in describe else name

        def either(group: tuple[str, ...]) -> str:
            first, *rest = [said(name) for name in group]
            return Fault("imp_either", first=first, other=either(group[1:])) if rest else first

        wanted = Joined([either(group) for group in missing], ", ")
        found = ", ".join(repr(" ".join(h.split())) for h in guess.names if h.strip()) or Fault("imp_nothing")
        problems.append(LineProblem(file, guess.line, "", Fault("imp_missing_column", wanted=wanted, found=found),
                                    sheet))
    if problems:
        raise CsvProblems(file, problems)
    return Table(file, source, guess.line, guess.data_after, list(guess.names), columns, ignored, sheet,
                 header_sources=sources, personal=personal)
