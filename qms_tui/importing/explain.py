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
from qms_tui.domain.problems import say
from qms_tui.domain.safety import visible
from qms_tui.importing.dossiers import parse_cell_date
from qms_tui.importing.flags import read_flag
from qms_tui.importing.matching import ProcedureIndex
from qms_tui.importing.row_values import ImportOptions, read_channel, read_level, read_outcome
from qms_tui.importing.table import CsvRow, Table
from qms_tui.importing.wording import NOT_RECEIVED
from qms_tui.locale import current, nwords, words
from qms_tui.services.dossiers import procedure_problem

MAX_VALUES = 40
"""Distinct values shown per column."""


def explain_mapping(table: Table, raw: Mapping[str, Any], options: ImportOptions) -> list[str]:
    """The lines to print, header first, then values per column."""
    fields = {index: name for name, index in table.columns.items()}
    if table.sheet:
        lines = [words("xm_header_sheet", file=_q(table.file), sheet=_q(table.sheet), line=table.header_line)]
    else:
        lines = [words("xm_header_file", file=_q(table.file), line=table.header_line)]
    lines += [words("xm_note", note=say(note, current())) for note in table.notes]
    lines.append(words("xm_columns"))
    personal = set(table.personal)
    for index, name in enumerate(table.header):
        label = " ".join(name.split())
        if not label and index not in fields:
            continue
        if index in fields:
            meaning = fields[index]
        elif label in personal:
            meaning = words("xm_personal")
        else:
            meaning = words("xm_ignored")
        lines.append(f"  {index + 1}. {_q(label)} → {meaning}")
    if not table.has("channel"):
        lines.append(words("xm_no_channel", channel=options.channel or words("xm_unknown")))
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
    lines.append(nwords("xm_values", rows))
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
            lines.append(words("xm_date_sample", name=name, sample=_q(sample), day=_date(sample)))
    return lines


def _q(text: str) -> str:
    return repr(visible(text, one_line=True))


def _more(count: int) -> list[str]:
    return [words("xm_more", n=count - MAX_VALUES)] if count > MAX_VALUES else []


def _outcome(outcome: str | None) -> str:
    if outcome == NOT_RECEIVED:
        return words("xm_not_received")
    return outcome or words("xm_in_progress")


def _understood(reader: Callable[[str], str], text: str, name: str) -> str:
    if not text:
        return words("xm_empty") if name != "channel" else words("xm_empty_channel")
    try:
        return reader(text).replace(" (None)", "")
    except ValueError as exc:
        return words("xm_not_understood_hint", why=_why(exc), name=name, text=repr(text), value="…")


def _flag(name: str, text: str, options: ImportOptions) -> str:
    """A service-index cell as the import reads it: yes, no, a count, or unknown (never "no")."""
    try:
        value = read_flag(name, text, options.mapping)
    except ValueError as exc:
        if name == "supplements":
            return words("xm_not_understood", why=_why(exc))
        return words("xm_not_understood_hint", why=_why(exc), name=name, text=repr(text), value="yes")
    if value is None:
        return words("xm_flag_unknown")
    if isinstance(value, bool):
        return words("xm_yes") if value else words("xm_no")
    return str(value)


def _procedure(index: ProcedureIndex, code: str, name: str) -> str:
    if not code and not name:
        return words("xm_empty")
    procedure, how, problem = index.match(code, name)
    if procedure is None:
        return words("xm_not_understood", why=say(problem, current()))
    why = procedure_problem(procedure, procedure.code)
    if why:
        return words("xm_procedure_but", code=procedure.code, how=_how(how), why=say(why, current()))
    return words("xm_procedure", code=procedure.code, how=_how(how))


def _why(exc: Exception) -> str:
    """A reader's refusal (a ``ValueError`` carrying a ``Fault``) in the session's words."""
    return say(exc.args[0] if exc.args else exc, current())


def _how(how: str) -> str:
    """How a procedure was matched (``ProcedureIndex.match``), in the session's words."""
    return {"code": words("imp_how_code"), "name": words("imp_how_name")}.get(how) or words("imp_how_national")


def _date(text: str) -> str:
    try:
        day: date = parse_cell_date(text)
    except ValueError as exc:
        return words("xm_not_understood", why=_why(exc))
    return format_vn(day)
