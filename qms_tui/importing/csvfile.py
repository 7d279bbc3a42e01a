"""Reading a CSV file exported by a spreadsheet or a one-stop-shop system, and pointing at its lines.

- UTF-8 with or without a byte-order mark; anything else is refused with one clear line (a UTF-16
  "Unicode text" file or a legacy Windows code page would otherwise import garbled Vietnamese).
- The delimiter (comma, semicolon or tab) is chosen by which one makes the header row name the most
  known columns; title lines above the header are skipped.
- Column names are matched case-, accent- and punctuation-insensitively against aliases
  (``"Mã hồ sơ (*)"`` = ``"ma ho so"``); other columns are ignored and reported.
- Every row keeps its *physical* line number (the header of a plain file is line 1; a quoted cell
  spanning lines counts every line), so that problems read ``FILE:LINE: field: what is wrong``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.vocabulary import fold

DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_ROWS = 20
"""The header must be within the first rows (exports often put a title above it)."""


@dataclass(frozen=True)
class LineProblem:
    """One thing wrong in the file, where it is and which field."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


class CsvError(Exception):
    """The file cannot be used at all: missing, unreadable, not UTF-8, no header (one line)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class CsvProblems(Exception):
    """The file has problems; nothing was imported. ``problems`` lists them all, in line order."""

    exit_code = 1

    def __init__(self, file: str, problems: list[LineProblem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(f"{file}: {len(problems)} problem(s); nothing was imported")


@dataclass
class CsvRow:
    """A data row: its first physical line and its cells by field name (stripped text)."""

    line: int
    cells: dict[str, str]


@dataclass
class CsvTable:
    """A decoded CSV file whose header has been understood; rows are read on demand."""

    file: str
    text: str
    delimiter: str
    header_line: int
    header: list[str]
    columns: dict[str, int]
    """Field name -> column index."""
    ignored: list[str] = field(default_factory=list)
    """Header names that match no field."""
    bom: bool = False

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + (0 if self.text.endswith("\n") else 1)

    def has(self, name: str) -> bool:
        return name in self.columns

    def rows(self) -> Iterator[CsvRow | LineProblem]:
        """The data rows after the header, skipping blank ones; a row the CSV reader cannot read or with
        more cells than the header yields a ``LineProblem`` instead."""
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        width = len(self.header)
        last = 0
        while True:
            first = last + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield LineProblem(self.file, reader.line_num, "", f"cannot read this line as CSV ({exc})")
                last = reader.line_num
                continue
            last = reader.line_num
            if first <= self.header_line or not any(c.strip() for c in cells):
                continue
            extra = [c for c in cells[width:] if c.strip()]
            if extra:
                yield LineProblem(
                    self.file,
                    first,
                    "",
                    f"{len(cells)} cells but the header has {width}"
                    f" (is a {_delimiter_name(self.delimiter)} inside a value without quotes?)",
                )
                continue
            yield CsvRow(first, {name: cells[i].strip() if i < len(cells) else "" for name, i in self.columns.items()})


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]


def decode(raw: bytes, file: str) -> tuple[str, bool]:
    """The text of a UTF-8 file (BOM removed) and whether it had a BOM; ``CsvError`` otherwise."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvError(f"{file}: the file is UTF-16 text; save it as CSV UTF-8")
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CsvError(
            f"{file}:{line}: the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as CSV UTF-8"
        ) from None
    if "\x00" in text:
        raise CsvError(f"{file}: the file contains NUL bytes: it is not a CSV text file")
    return text, bom


def read_table(
    path: str | Path,
    aliases: Mapping[str, str],
    required: tuple[str, ...],
    describe: Mapping[str, str] | None = None,
) -> CsvTable:
    """Read and decode ``path`` and understand its header.

    ``aliases`` maps folded column names to field names; ``required`` fields must have a column.
    ``describe`` gives a column's usual names for the "missing column" message. Raises ``CsvError``
    (unusable file) or ``CsvProblems`` (header problems, all listed).
    """
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise CsvError(f"{file}: no such file", exit_code=2) from None
    except IsADirectoryError:
        raise CsvError(f"{file}: is a folder, not a CSV file", exit_code=2) from None
    except OSError as exc:
        raise CsvError(f"{file}: cannot read it: {exc.strerror or exc}", exit_code=2) from None
    text, bom = decode(raw, file)
    if not text.strip():
        raise CsvError(f"{file}: the file is empty: expected a header row")
    delimiter, header_line, header = _find_header(text, aliases)
    columns: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[LineProblem] = []
    for index, name in enumerate(header):
        target = aliases.get(fold(name))
        if target is None:
            if name.strip():
                ignored.append(name.strip())
        elif target in columns:
            first = header[columns[target]].strip()
            problems.append(
                LineProblem(file, header_line, target, f"two columns mean the same: {first!r} and {name.strip()!r}")
            )
        else:
            columns[target] = index
    missing = [name for name in required if name not in columns]
    if missing:
        wanted = ", ".join(f"{name} ({describe[name]})" if describe and name in describe else name for name in missing)
        found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "nothing"
        problems.append(LineProblem(file, header_line, "", f"missing column(s): {wanted}; the header has {found}"))
    if problems:
        raise CsvProblems(file, problems)
    return CsvTable(file, text, delimiter, header_line, header, columns, ignored, bom)


def _find_header(text: str, aliases: Mapping[str, str]) -> tuple[str, int, list[str]]:
    """(delimiter, line, cells) of the row that names the most known columns, trying each delimiter."""
    best: tuple[int, int, str, int, list[str]] | None = None
    first_line = text.split("\n", 1)[0]
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        line = 0
        try:
            for _ in range(HEADER_SEARCH_ROWS):
                start = line + 1
                cells = next(reader)
                line = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                known = len({aliases[f] for f in map(fold, cells) if f in aliases})
                # more known columns wins; then the delimiter used most on the first line; then the earlier row
                score = (known, first_line.count(delimiter), delimiter, -start, cells)
                if best is None or score[:2] > best[:2] or (score[:2] == best[:2] and -start > best[3]):
                    best = score
        except (StopIteration, csv.Error):
            pass
    if best is None:
        raise CsvError("no header row found")
    known, _, delimiter, negative_line, cells = best
    if known == 0:
        # nothing recognised: take the first non-empty row with the most common delimiter as the header
        delimiter = max(DELIMITERS, key=first_line.count)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        line = 0
        for cells in reader:
            start, line = line + 1, reader.line_num
            if any(c.strip() for c in cells):
                return delimiter, start, cells
    return delimiter, -negative_line, cells
