"""Reading a CSV file exported by a spreadsheet or a one-stop-shop system, and pointing at its lines.

- UTF-8 with or without a byte-order mark, UTF-16 with one; legacy Windows code pages as
  ``encoding.decode`` decides (and says).
- The delimiter (comma, semicolon or tab) is chosen by which one makes the header row name the most
  known columns; title lines above the header are skipped (``table.guess_header``).
- Column names are matched case-, accent- and punctuation-insensitively against aliases
  (``"Mã hồ sơ (*)"`` = ``"ma ho so"``); other columns are ignored and reported.
- Every row keeps its *physical* line number (the header of a plain file is line 1; a quoted cell
  spanning lines counts every line), so that problems read ``FILE:LINE: field: what is wrong``.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator, Mapping

from qms_tui.domain.problems import Fault
from qms_tui.importing.encoding import decode
from qms_tui.importing.problems import CsvError, CsvProblems, LineProblem
from qms_tui.importing.table import (
    HEADER_SEARCH_ROWS,
    CsvRow,
    HeaderGuess,
    RawRow,
    Source,
    Table,
    build_table,
    guess_header,
)

CsvTable = Table
"""The name the rest of the app has used for a table read from a file."""

DELIMITERS = (",", ";", "\t")

__all__ = ["CsvError", "CsvProblems", "CsvRow", "CsvTable", "LineProblem", "read_csv"]


def csv_source(text: str, file: str, delimiter: str) -> Source:
    """The rows of ``text`` with their first physical line; a line the CSV reader cannot read is a problem."""

    def rows() -> Iterator[RawRow | LineProblem]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        last = 0
        while True:
            first = last + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield LineProblem(file, reader.line_num, "", Fault("imp_bad_csv_line", why=str(exc)))
                last = reader.line_num
                continue
            last = reader.line_num
            yield first, cells

    return rows


def read_csv(
    raw: bytes,
    file: str,
    aliases: Mapping[str, str],
    required: tuple[tuple[str, ...], ...],
    describe: Mapping[str, str] | None = None,
    *,
    encoding: str | None = None,
) -> Table:
    """Decode ``raw`` and understand its header (raises ``CsvError`` or ``CsvProblems``)."""
    text, _codec, note = decode(raw, file, encoding)
    if not text.strip():
        raise CsvError(Fault("imp_empty_file", file=file))
    delimiter, guess = _find_header(text, file, aliases)
    source = csv_source(text, file, delimiter)
    table = build_table(file, source, guess, aliases, required, describe)
    table.delimiter = delimiter
    table.check_width = True
    table.line_count = text.count("\n") + (0 if text.endswith("\n") else 1)
    if note:
        table.notes.append(note)
    return table


def _find_header(text: str, file: str, aliases: Mapping[str, str]) -> tuple[str, HeaderGuess]:
    """The delimiter whose header names the most known columns (ties: the one used most on the first line)."""
    first_line = text.split("\n", 1)[0]
    best: tuple[tuple[int, int], str, HeaderGuess] | None = None
    for delimiter in DELIMITERS:
        head = [row for row in itertools.islice(csv_source(text, file, delimiter)(), HEADER_SEARCH_ROWS)
                if not isinstance(row, LineProblem)]
        guess = guess_header(head, aliases)
        if guess is None:
            continue
        score = (guess.known, first_line.count(delimiter))
        if best is None or score > best[0]:
            best = (score, delimiter, guess)
    if best is None:
        raise CsvError(Fault("imp_no_header", file=file))
    return best[1], best[2]
