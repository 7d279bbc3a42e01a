"""``qms import dossiers FILE --show-mapping``: how each column and each value of a file was understood.

Before anything is written (and writing nothing), the user sees which header became which field,
which columns were ignored or left out as personal data, and, for the columns whose words vary between
systems (procedure, channel, status, service level, and the service-index flags: paid online, digitised,
electronic result, supplement requests), every distinct value with its count and meaning.
A value nobody foresaw shows as "not understood", with what to put in a ``--mapping`` file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from qms_tui.domain.dates import format_vn
from qms_tui.domain.models import DOSSIER_FLAGS, Procedure
from qms_tui.domain.safety import visible
from qms_tui.importing.dossiers import parse_cell_date
from qms_tui.importing.flags import read_flag
from qms_tui.importing.matching import ProcedureIndex
from qms_tui.importing.row_values import ImportOptions, read_channel, read_level, read_outcome
from qms_tui.importing.table import CsvRow, Table
from qms_tui.importing.wording import NOT_RECEIVED
from qms_tui.services.dossiers import procedure_problem

MAX_VALUES = 40
"""Distinct values shown per column."""


def explain_mapping(table: Table, raw: Mapping[str, Any], options: ImportOptions) -> list[str]:
    """The lines to print, header first, then values per column."""
    fields = {index: name for name, index in table.columns.items()}
    lines = [f"{_q(table.file)}{' sheet ' + _q(table.sheet) if table.sheet else ''}:"
             f" header on {'row' if table.sheet else 'line'} {table.header_line}"]
    lines += [f"note: {note}" for note in table.notes]
    lines.append("columns:")
    personal = set(table.personal)
    for index, name in enumerate(table.header):
        label = " ".join(name.split())
        if not label and index not in fields:
            continue
        if index in fields:
            meaning = fields[index]
        elif label in personal:
            meaning = "personal data: never read or stored"
        else:
            meaning = "ignored"
        lines.append(f"  {index + 1}. {_q(label)} → {meaning}")
    if not table.has("channel"):
        lines.append(f"  (no channel column: {options.channel or 'unknown'} for new dossiers)")
    seen: dict[str, Counter[str]] = {name: Counter() for name in table.columns}
    pairs: Counter[tuple[str, str]] = Counter()
    rows = 0
    for row in table.rows():
        if not isinstance(row, CsvRow):
            continue
        rows += 1
        for name, text in row.cells.items():
            seen[name][text] += 1
        pairs[(row.cells.get("procedure", ""), row.cells.get("procedure_name", ""))] += 1
    lines.append(f"values ({rows} data row(s)):")
    procedures = [Procedure.from_doc(doc) for doc in raw.get("procedures", {}).values()]
    index = ProcedureIndex(procedures)
    if table.has("procedure") or table.has("procedure_name"):
        lines.append("  procedure:")
        shown = sorted(pairs.items(), key=lambda item: -item[1])
        for (code, name), count in shown[:MAX_VALUES]:
            lines.append(f"    {_q(code or name)} ×{count} → {_procedure(index, code, name)}")
        lines += _more(len(shown))
    readers: dict[str, Callable[[str], str]] = {
        "channel": lambda text: "{} ({})".format(*read_channel(text, options.mapping)),
        "outcome": lambda text: _outcome(read_outcome(text, options.mapping)),
        "online_level": lambda text: str(read_level(text, options.mapping) or "unknown"),
    }
    for name in ("channel", "outcome", "online_level"):
        if name not in seen:
            continue
        lines.append(f"  {name}:")
        values = seen[name].most_common()
        for text, count in values[:MAX_VALUES]:
            lines.append(f"    {_q(text)} ×{count} → {_understood(readers[name], text, name)}")
        lines += _more(len(values))
    for name in DOSSIER_FLAGS:
        if name not in seen:
            continue
        lines.append(f"  {name}:")
        values = seen[name].most_common()
        for text, count in values[:MAX_VALUES]:
            lines.append(f"    {_q(text)} ×{count} → {_flag(name, text, options)}")
        lines += _more(len(values))
    for name in ("received", "due", "finished", "status_date"):
        sample = next((text for text in seen.get(name, ()) if text), None)
        if sample is not None:
            lines.append(f"  {name}: e.g. {_q(sample)} → {_date(sample)}")
    return lines


def _q(text: str) -> str:
    return repr(visible(text, one_line=True))


def _more(count: int) -> list[str]:
    return [f"    … and {count - MAX_VALUES} more"] if count > MAX_VALUES else []


def _outcome(outcome: str | None) -> str:
    if outcome == NOT_RECEIVED:
        return "not a received dossier: the row is skipped"
    return outcome or "in progress"


def _understood(reader: Callable[[str], str], text: str, name: str) -> str:
    if not text:
        return "empty" if name != "channel" else "empty (--channel, else an error)"
    try:
        return reader(text).replace(" (None)", "")
    except ValueError as exc:
        return f"NOT UNDERSTOOD ({exc}); a --mapping file can say: [values.{name}] {text!r} = \"…\""


def _flag(name: str, text: str, options: ImportOptions) -> str:
    """A service-index cell as the import reads it: yes, no, a count, or unknown (never "no")."""
    try:
        value = read_flag(name, text, options.mapping)
    except ValueError as exc:
        hint = "" if name == "supplements" else f"; a --mapping file can say: [values.{name}] {text!r} = \"yes\""
        return f"NOT UNDERSTOOD ({exc}){hint}"
    if value is None:
        return "unknown (left out of the index)"
    return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def _procedure(index: ProcedureIndex, code: str, name: str) -> str:
    if not code and not name:
        return "empty"
    procedure, how, problem = index.match(code, name)
    if procedure is None:
        return f"NOT UNDERSTOOD ({problem})"
    why = procedure_problem(procedure, procedure.code)
    return f"{procedure.code} (by {how})" + (f", but {why}" if why else "")


def _date(text: str) -> str:
    try:
        day: date = parse_cell_date(text)
    except ValueError as exc:
        return f"NOT UNDERSTOOD ({exc})"
    return format_vn(day)
