"""Importing records from files and exporting them (CSV and JSON), one module per kind of record.

Pure Python (no Textual): the CLI (``qms import``/``qms export``) and the TUI use the same functions.
Files are opened by ``reader`` (bounded, format told by content: ``sniff``), then read by ``csvfile``,
``spreadsheet`` or ``html_table`` into a ``table.Table``; ``dossiers`` turns its rows into dossiers.
"""

from qms_tui.importing.csvfile import CsvError, CsvProblems, CsvTable, LineProblem
from qms_tui.importing.dossiers import (
    ImportOptions,
    ImportPlan,
    import_dossiers,
    plan_import,
    read_dossier_csv,
    read_dossier_file,
    render_dossiers,
    to_json,
    write_csv,
)

__all__ = [
    "CsvError",
    "CsvProblems",
    "CsvTable",
    "ImportOptions",
    "ImportPlan",
    "LineProblem",
    "import_dossiers",
    "plan_import",
    "read_dossier_csv",
    "read_dossier_file",
    "render_dossiers",
    "to_json",
    "write_csv",
]
