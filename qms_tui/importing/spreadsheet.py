"""Reading a workbook (.xlsx, binary .xls, .ods) with python-calamine, as a grid of cell texts.

calamine is a Rust reader: fast, no formulas run, no macros, read-only. A sheet comes back as rows of
Python values; here they become the text a user would see in the cell (a whole number without ".0",
a date as ISO, a date and time as "YYYY-MM-DD HH:MM:SS"), with merged areas repeated over the cells they
cover so that a two-row header and section rows read as in Excel. Row numbers are the spreadsheet's own.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from qms_tui.domain.problems import Fault
from qms_tui.importing.encoding import nfc
from qms_tui.importing.problems import CsvError


def cell_value_text(value: object) -> str:
    """A workbook value as the text shown in its cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, timedelta):
        return str(value)
    return nfc(str(value))


def read_sheet(raw: bytes, file: str, sheet: str | None = None) -> tuple[str, list[list[str]], list[str]]:
    """``(sheet name, rows, all sheet names)`` of the named sheet, else the first one."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a dependency of the package
        raise CsvError(Fault("imp_needs_calamine", file=file)) from None
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        names = list(workbook.sheet_names)
        if not names:
            raise CsvError(Fault("imp_no_sheet", file=file))
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            raise CsvError(Fault("imp_no_such_workbook_sheet", file=file, wanted=repr(sheet),
                                 have=", ".join(map(repr, names))))
        data = workbook.get_sheet_by_name(name)
        values = data.to_python(skip_empty_area=False)
        merged = data.merged_cell_ranges or []
    except CsvError:
        raise
    except Exception as exc:  # calamine's errors (zip, XML, password, …) share no public base class
        raise CsvError(Fault("imp_bad_workbook", file=file, why=f"{type(exc).__name__}: {exc}")) from None
    rows = [[cell_value_text(value) for value in row] for row in values]
    _fill_merged(rows, merged)
    return name, rows, names


def _fill_merged(rows: list[list[str]], merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Repeat the top-left value of each merged area over its empty cells."""
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                if not row[c]:
                    row[c] = value
