"""Reading one row's values the way the systems write them: procedure, channel and level, status.

Shared by the import (``dossiers``) and ``--show-mapping`` (``explain``), so both understand a file alike.
A ``--mapping`` file's words come first, then the built-in ones (``wording``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from qms_tui.domain.lean import dataclass
from qms_tui.domain.problems import Fault, Term
from qms_tui.importing.mapping import Mapping as ImportMapping
from qms_tui.importing.matching import ProcedureIndex
from qms_tui.importing.table import Table
from qms_tui.importing.wording import channel_and_level, level_from_text, status_from_text
from qms_tui.services.common import problem_of
from qms_tui.services.dossiers import procedure_problem


@dataclass(frozen=True)
class ImportOptions:
    """What the user said about the whole file: ``channel`` for rows without one, a ``mapping``."""

    channel: str | None = None
    mapping: ImportMapping | None = None


def read_channel(text: str, mapping: ImportMapping | None) -> tuple[str, str | None]:
    """(channel, online level) of a channel cell, a mapping's words first; raises ``ValueError``."""
    mapped = mapping.value("channel", text) if mapping else None
    return (mapped, None) if mapped else channel_and_level(text)


def read_outcome(text: str, mapping: ImportMapping | None) -> str | None:
    """The outcome of a status cell (``None``: open; ``NOT_RECEIVED``), a mapping's words first."""
    mapped = mapping.value("outcome", text) if mapping else None
    if mapped is not None:
        return mapped or None
    return status_from_text(text)


def read_level(text: str, mapping: ImportMapping | None) -> str | None:
    mapped = mapping.value("online_level", text) if mapping else None
    if mapped is not None:
        return mapped or None
    return level_from_text(text)


def row_procedure(
    table: Table, cells: Mapping[str, str], index: ProcedureIndex, bad: Callable[[str, object], None]
) -> str:
    """The store code of the row's procedure ("" when it has none, with the problem reported)."""
    code_text, name_text = cells.get("procedure", ""), cells.get("procedure_name", "")
    name = "procedure" if table.has("procedure") else "procedure_name"
    if not code_text and not name_text:
        bad(name, Fault("imp_empty"))
        return ""
    procedure, _how, problem = index.match(code_text, name_text)
    if procedure is None:
        bad(name, problem)
        return ""
    why = procedure_problem(procedure, procedure.code)
    if why:
        bad(name, why)
        return ""
    return procedure.code


def row_channel(
    table: Table, cells: Mapping[str, str], options: ImportOptions, stored: Mapping[str, Any],
    bad: Callable[[str, object], None],
) -> tuple[str, str | None]:
    """(channel, online level): the file's cell, else ``--channel``, else the stored dossier's, else unknown."""
    mapping, given = options.mapping, options.channel
    channel, level = None, stored.get("online_level")
    text = cells.get("channel", "")
    if text:
        try:
            channel, level = read_channel(text, mapping)
        except ValueError as exc:
            bad("channel", problem_of(exc))
    elif table.has("channel") and not given:
        bad("channel", Fault("imp_channel_empty"))
    channel = channel or given or stored.get("channel") or "unknown"
    if table.has("online_level"):
        level_text = cells.get("online_level", "")
        try:
            level = read_level(level_text, mapping) if level_text else None
        except ValueError as exc:
            bad("online_level", problem_of(exc))
    return channel, level


def import_notes(table: Table, channel: str | None, not_received: list[int], unit: str) -> list[Fault]:
    """What the import says besides its counts: personal data left out, the channel, rows skipped."""
    notes = []
    if table.personal:
        notes.append(Fault("imp_personal_ignored", plural=len(table.personal), names=", ".join(table.personal)))
    if not table.has("channel"):
        given = channel
        if given:
            notes.append(Fault("imp_no_channel_given", channel=Term(given)))
        else:
            notes.append(Fault("imp_no_channel"))
    if not_received:
        notes.append(Fault("imp_not_received_skipped", plural=len(not_received), where=_where(unit, not_received)))
    for kind in ("totals", "heading"):
        lines = [line for line, why in table.skipped if why == kind]
        if lines:
            if kind == "totals":
                notes.append(Fault("imp_totals_skipped", plural=len(lines), where=_where(unit, lines)))
            else:
                notes.append(Fault("imp_headings_skipped", plural=len(lines), where=_where(unit, lines)))
    return notes


def _where(unit: str, lines: list[int]) -> Fault:
    """``lines 3, 4 and 2 more`` (``dòng 3, 4 và 2 dòng nữa``): the file's lines or a sheet's rows."""
    shown = ", ".join(map(str, lines[:10]))
    if len(lines) > 10:
        return Fault("imp_where_more", plural=len(lines), unit=Term(unit, "imp_unit_"), shown=shown,
                     more=len(lines) - 10)
    return Fault("imp_where", plural=len(lines), unit=Term(unit, "imp_unit_"), shown=shown)
