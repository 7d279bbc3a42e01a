"""What can be wrong with an import file: the whole file (``CsvError``) or some of its rows (``CsvProblems``).

Every problem names where it is, the way an editor or a spreadsheet finds it: ``FILE:LINE`` for a CSV
(the physical line), ``FILE:SHEET:ROW`` for a workbook sheet or an HTML table (the row number shown in
the spreadsheet).
"""

from __future__ import annotations

from qms_tui.domain.lean import dataclass
from qms_tui.domain.problems import Fault, say


@dataclass(frozen=True)
class LineProblem:
    """One thing wrong in the file, where it is and which field."""

    file: str
    line: int
    field: str
    message: str
    """A ``Fault`` (worded when shown) or plain text."""
    sheet: str = ""

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str | None = None) -> str:
        """``FILE:LINE: field: message`` with the message in ``lang`` (file, line and field as they are)."""
        where = f"{self.file}:{self.sheet}:{self.line}:" if self.sheet else f"{self.file}:{self.line}:"
        message = say(self.message, lang)
        return f"{where} {self.field}: {message}" if self.field else f"{where} {message}"


class CsvError(Exception):
    """The file cannot be used at all: missing, not a regular file, too large, unreadable, no header."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` when it is a ``Fault``, else as it is."""
        return say(self.args[0], lang)


class CsvProblems(Exception):
    """The file has problems; nothing was imported. ``problems`` lists them all, in row order."""

    exit_code = 1

    def __init__(self, file: str, problems: list[LineProblem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(Fault("imp_n_problems", plural=len(problems), file=file, n=len(problems)))

    def text(self, lang: str | None = None) -> str:
        """``FILE: N problems; nothing was imported`` in ``lang``."""
        return say(self.args[0], lang)
