"""What can be wrong with an import file: the whole file (``CsvError``) or some of its rows (``CsvProblems``).

Every problem names where it is, the way an editor or a spreadsheet finds it: ``FILE:LINE`` for a CSV
(the physical line), ``FILE:SHEET:ROW`` for a workbook sheet or an HTML table (the row number shown in
the spreadsheet).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LineProblem:
    """One thing wrong in the file, where it is and which field."""

    file: str
    line: int
    field: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.sheet}:{self.line}:" if self.sheet else f"{self.file}:{self.line}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


class CsvError(Exception):
    """The file cannot be used at all: missing, not a regular file, too large, unreadable, no header."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class CsvProblems(Exception):
    """The file has problems; nothing was imported. ``problems`` lists them all, in row order."""

    exit_code = 1

    def __init__(self, file: str, problems: list[LineProblem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(f"{file}: {len(problems)} problem(s); nothing was imported")
