"""Opening any import file as a ``Table``: CSV, workbook (.xlsx, .xls, .ods) or HTML table, told apart
by content (``sniff``), never by the file's extension. The workbook and HTML readers are imported when a
file of theirs comes: a CSV import (the usual one) loads neither."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from qms_tui.domain.problems import Fault
from qms_tui.importing.csvfile import read_csv
from qms_tui.importing.problems import CsvError, LineProblem
from qms_tui.importing.sniff import MAX_BYTES, check_zip, detect_format, read_bounded
from qms_tui.importing.table import HEADER_SEARCH_ROWS, RawRow, Source, Table, build_table, guess_header

FORMAT_NAMES = {"xlsx": Fault("imp_format_xlsx"), "ods": Fault("imp_format_ods"), "xls": Fault("imp_format_xls"),
                "html": Fault("imp_format_html"), "csv": "CSV"}


def read_table(
    path: str | Path,
    aliases: Mapping[str, str],
    required: tuple[tuple[str, ...], ...],
    describe: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Table:
    """Read ``path`` (bounded), detect its format and understand its header.

    Raises ``CsvError`` (unusable file) or ``CsvProblems`` (header problems, all listed).
    """
    file = str(path)
    raw = read_bounded(path, max_bytes)
    kind = detect_format(raw)
    if kind == "csv":
        if sheet is not None:
            raise CsvError(Fault("imp_sheet_not_csv", file=file))
        return read_csv(raw, file, aliases, required, describe, encoding=encoding)
    if kind == "html":
        from qms_tui.importing.html_table import read_html_tables  # each reader when its format comes

        tables, note = read_html_tables(raw, file, encoding)
        names = [f"table {number}" for number in range(1, len(tables) + 1)]
        return _pick(file, kind, list(zip(names, tables, strict=True)), sheet, aliases, required, describe, note)
    if kind in ("xlsx", "ods"):
        check_zip(raw, file, max_bytes)
    from qms_tui.importing.spreadsheet import read_sheet

    name, rows, names = read_sheet(raw, file, sheet)
    return _pick(file, kind, [(name, rows)], name, aliases, required, describe, "")


def _grid_source(rows: list[list[str]]) -> Source:
    def source() -> Iterator[RawRow | LineProblem]:
        return iter(enumerate(rows, start=1))

    return source


def _pick(
    file: str,
    kind: str,
    grids: list[tuple[str, list[list[str]]]],
    wanted: str | None,
    aliases: Mapping[str, str],
    required: tuple[tuple[str, ...], ...],
    describe: Mapping[str, str] | None,
    note: str,
) -> Table:
    """The table of the named grid, else the one whose header names the most known columns."""
    if wanted is not None:
        chosen = [(name, rows) for name, rows in grids if name == wanted]
        if not chosen:
            have = ", ".join(repr(name) for name, _ in grids)
            if kind == "html":
                raise CsvError(Fault("imp_no_such_table", file=file, wanted=repr(wanted), have=have))
            raise CsvError(Fault("imp_no_such_sheet", file=file, wanted=repr(wanted), have=have))
        grids = chosen
    best = None
    for name, rows in grids:
        head = list(enumerate(rows[:HEADER_SEARCH_ROWS], start=1))
        guess = guess_header(head, aliases)
        if guess is not None and (best is None or guess.known > best[2].known):
            best = (name, rows, guess)
    if best is None:
        raise CsvError(Fault("imp_no_rows", file=file, what=FORMAT_NAMES[kind]))
    name, rows, guess = best
    table = build_table(file, _grid_source(rows), guess, aliases, required, describe, sheet=name)
    table.format = kind
    table.line_count = len(rows)
    if kind == "html" and len(grids) > 1:
        table.notes.append(Fault("imp_read_as_table", what=FORMAT_NAMES[kind], name=name, count=len(grids)))
    elif kind != "html":
        table.notes.append(Fault("imp_read_as_sheet", what=FORMAT_NAMES[kind], name=repr(name)))
    else:
        table.notes.append(Fault("imp_read_as", what=FORMAT_NAMES[kind]))
    if note:
        table.notes.append(note)
    return table
