"""Reading one row of a dossier file: its cells parsed (dates, pauses) and checked against the store.

``plan_import`` (``importing/dossiers``) calls ``row_document`` for every row; each problem is reported as
a ``Fault`` under the row's line and field, worded in the reader's language when shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.dates import date_problem, format_vn, parse_date
from qms_tui.domain.models import Pause, Procedure
from qms_tui.domain.problems import Fault, Term
from qms_tui.domain.safety import text_problem
from qms_tui.importing.flags import row_flags
from qms_tui.importing.matching import ProcedureIndex
from qms_tui.importing.problems import LineProblem
from qms_tui.importing.row_values import ImportOptions, read_outcome, row_channel, row_procedure
from qms_tui.importing.table import CsvRow, Table
from qms_tui.importing.wording import NOT_RECEIVED
from qms_tui.services.common import calendar_of, problem_of

_DATE_TIME = re.compile(r"^\s*(\S+)\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\s*$")
_TIME_DATE = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s+(\S+)\s*$")


def parse_cell_date(text: str) -> date:
    """A date cell: YYYY-MM-DD, dd/mm/yyyy or d-m-Y, optionally with a time of day before or after."""
    if " " not in text.strip():
        return parse_date(text)
    timed = _DATE_TIME.match(text) or _TIME_DATE.match(text)
    return parse_date(timed[1] if timed else text)


def parse_pauses(text: str) -> list[dict[str, str | None]]:
    """``"2024-01-15..2024-01-29|2024-03-02.."`` -> pause documents; raises ``ValueError``."""
    pauses: list[dict[str, str | None]] = []
    for part in filter(None, (p.strip() for p in text.split("|"))):
        start, sep, end = part.partition("..")
        if not sep or not start.strip():
            raise ValueError(Fault("imp_not_a_pause", part=repr(part)))
        last = parse_cell_date(end).isoformat() if end.strip() else None
        pauses.append({"start": parse_cell_date(start).isoformat(), "end": last})
    return pauses


def pauses_text(pauses: Iterable[Mapping[str, Any]]) -> str:
    """Pause documents as one cell, the inverse of ``parse_pauses``."""
    return "|".join(f"{p.get('start') or ''}..{p.get('end') or ''}" for p in pauses)


class RowContext:
    """What a row is checked against: the store's procedures, calendar, today and dossiers."""

    def __init__(self, raw: Mapping[str, Any], today: date, options: ImportOptions,
                 existing: Mapping[str, tuple[str, dict[str, Any]]] | None = None) -> None:
        self.procedures = {doc.get("code"): Procedure.from_doc(doc) for doc in raw.get("procedures", {}).values()}
        self.index = ProcedureIndex(self.procedures.values())
        self.calendar: WorkingCalendar = calendar_of(raw)
        self.today = today
        self.options = options
        self.existing: Mapping[str, tuple[str, dict[str, Any]]] = existing if existing is not None else {
            doc.get("code"): (doc_id, doc) for doc_id, doc in raw.get("dossiers", {}).items()
        }
        self._due: dict[tuple[Any, ...], date | None] = {}
        self.not_received: list[int] = []

    def due(self, received: date, days: int, pauses: tuple[tuple[str, str | None], ...]) -> date | None:
        key = (received, days, pauses)
        if key not in self._due:
            pause_list = [Pause(parse_date(s), parse_date(e) if e else None) for s, e in pauses]
            self._due[key] = self.calendar.add_working_days(received, days, pause_list)
        return self._due[key]


def row_document(
    table: Table, row: CsvRow, context: RowContext, seen: dict[str, int], problems: list[LineProblem]
) -> dict[str, Any] | None:
    """The dossier document a row describes (merged with the stored dossier for absent columns)."""
    cells = row.cells
    mapping = context.options.mapping

    def bad(name: str, message: object) -> None:
        problems.append(table.problem(row.line, name, message))

    def read(name: str, parse: Callable[[str], Any], *, required: bool = False) -> Any:
        text = cells.get(name, "")
        refused = text_problem(text)
        if refused:
            bad(name, refused)
            return None
        if not text:
            if required:
                bad(name, Fault("imp_empty"))
            return None
        try:
            return parse(text)
        except ValueError as exc:
            bad(name, problem_of(exc))
            return None

    outcome_text = cells.get("outcome", "")
    outcome = read("outcome", lambda text: read_outcome(text, mapping)) if table.has("outcome") else None
    if outcome == NOT_RECEIVED:
        context.not_received.append(row.line)
        return None
    code = cells["code"]
    if not code:
        bad("code", Fault("imp_empty"))
    elif text_problem(code, code=True):
        bad("code", text_problem(code, code=True))
        code = ""
    elif code in seen:
        bad("code", Fault("imp_code_twice", code=code, unit=Term("row" if table.sheet else "line", "imp_unit_"),
                          line=seen[code]))
    else:
        seen[code] = row.line
    stored = context.existing.get(code, ("", {}))[1] if code else {}
    procedure_code = row_procedure(table, cells, context.index, bad)
    procedure = context.procedures.get(procedure_code) if procedure_code else None
    channel, level = row_channel(table, cells, context.options, stored, bad)
    received = read("received", parse_cell_date, required=True)
    due = read("due", parse_cell_date)

    if not table.has("outcome"):
        outcome = stored.get("outcome")
    finished = read("finished", parse_cell_date) if table.has("finished") else _stored_date(stored.get("finished"))
    if outcome in ("withdrawn", "returned") and finished is None and not cells.get("finished"):
        finished = read("status_date", parse_cell_date)
        if finished is None and not cells.get("status_date"):
            where = Fault("imp_status_date_empty") if table.has("status_date") else Fault("imp_no_status_date")
            bad("finished", Fault("imp_end_date_needed", outcome=Term(outcome), text=repr(outcome_text),
                                  where=where))
            return None
    if table.has("pauses"):
        pauses = read("pauses", parse_pauses) or []
    else:
        pauses = [dict(p) for p in stored.get("pauses") or []]
    flags = row_flags(table, cells, stored, bad, mapping)
    if problems:
        return None

    for name, day in (("received", received), ("due", due), ("finished", finished)):
        why = date_problem(day, context.today) if day is not None else None
        if why:
            bad(name, why)
    for number, pause in enumerate(pauses, start=1):
        for end in ("start", "end"):
            why = date_problem(parse_date(pause[end]), context.today) if pause.get(end) else None
            if why:
                bad("pauses", Fault("imp_pause_start_date", number=number, why=why) if end == "start"
                    else Fault("imp_pause_end_date", number=number, why=why))
    if problems:
        return None

    for name, day in (("received", received), ("finished", finished)):
        if day is not None and day > context.today:
            bad(name, Fault("imp_after_today", day=format_vn(day), today=format_vn(context.today)))
    if finished is not None and finished < received:
        bad("finished", Fault("p_before_received_on", value=format_vn(finished), received=format_vn(received)))
    if finished is not None and outcome is None:
        said = Fault("imp_said_in_progress", text=repr(outcome_text)) if outcome_text else Fault("imp_said_empty")
        bad("outcome", Fault("imp_outcome_but_finished", said=said, day=format_vn(finished)))
    if outcome is not None and finished is None:
        bad("finished", Fault("imp_finished_empty", outcome=Term(outcome)))
    if due is not None and due < received:
        bad("due", Fault("p_before_received_on", value=format_vn(due), received=format_vn(received)))
    _pause_problems(pauses, received, finished, bad)
    if problems:
        return None

    same_clock = (
        stored.get("received") == received.isoformat()
        and stored.get("procedure") == procedure_code
        and [dict(p) for p in stored.get("pauses") or []] == pauses
    )
    if due is None and not table.has("due") and same_clock and stored.get("due"):
        due = _stored_date(stored["due"])  # no due column: keep the stored due date while its basis is unchanged
    if due is None and procedure is not None:
        if not procedure.statutory_days:
            bad("due", Fault("imp_no_statutory_days", code=procedure.code))
            return None
        key = tuple((p["start"], p.get("end")) for p in pauses)
        due = context.due(received, procedure.statutory_days, key)
    return {
        "code": code,
        "procedure": procedure_code,
        "channel": channel,
        "received": received.isoformat(),
        "due": due.isoformat() if due else None,
        "finished": finished.isoformat() if finished else None,
        "outcome": outcome,
        "pauses": pauses,
        "online_level": level,
        **flags,
    }


def _pause_problems(
    pauses: list[dict[str, Any]], received: date, finished: date | None, bad: Callable[[str, object], None]
) -> None:
    previous_end: date | None = None
    for number, pause in enumerate(pauses, start=1):
        start = parse_date(pause["start"])
        end = parse_date(pause["end"]) if pause.get("end") else None
        if start < received:
            bad("pauses", Fault("imp_pause_before_received", number=number, day=format_vn(start)))
        elif end is not None and end < start:
            bad("pauses", Fault("imp_pause_reversed", number=number))
        elif previous_end is not None and start < previous_end:
            bad("pauses", Fault("imp_pause_overlap", number=number, previous=number - 1))
        elif end is None and number != len(pauses):
            bad("pauses", Fault("imp_pause_open_not_last", number=number))
        elif finished is not None and start > finished:
            bad("pauses", Fault("imp_pause_starts_after", number=number))
        elif finished is not None and end is not None and end > finished:
            bad("pauses", Fault("imp_pause_ends_after", number=number))
        previous_end = end or start


def _stored_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return parse_date(str(value))
    except ValueError:
        return None


def day_of(value: str | None) -> str | Fault:
    """A stored ISO date as dd/mm/yyyy, or "unknown" (worded when shown)."""
    return format_vn(parse_date(value)) if value else Fault("imp_unknown_day")
