"""Importing records from files and exporting them (CSV and JSON), one module per kind of record.

Pure Python (no Textual): the CLI (``qms import``/``qms export``) and the TUI use the same functions.
"""

from .csvfile import CsvError, CsvProblems, CsvTable, LineProblem
from .dossiers import ImportPlan, import_dossiers, plan_import, read_dossier_csv, to_json, write_csv

__all__ = [
    "CsvError",
    "CsvProblems",
    "CsvTable",
    "ImportPlan",
    "LineProblem",
    "import_dossiers",
    "plan_import",
    "read_dossier_csv",
    "to_json",
    "write_csv",
]
