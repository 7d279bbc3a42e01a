"""A dossier's life: received, supplement requested (the clock stops), supplement received (the clock
restarts and the due date moves by the paused working days), then resolved, withdrawn or returned.

The due date is the procedure's statutory working days counted from the day after receipt on the
store's working calendar (holidays, swapped days and the store's own overrides), skipping the days the
agency waited for a supplement. While a supplement is awaited the due date is unknown (``None``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.dates import format_vn
from qms_tui.domain.models import Dossier, Pause, Procedure
from qms_tui.domain.problems import Fault, Joined, Term
from qms_tui.services.common import (
    EditResult,
    Problem,
    calendar_of,
    coerce_all,
    load,
    parse_day,
    raise_problems,
    tables,
    today_of,
)
from qms_tui.store import Store, Transaction, ValidationError

FINISH_ACTIONS = {"resolved": "resolve", "withdrawn": "withdraw", "returned": "return"}


def procedure_problem(procedure: Procedure | None, code: str) -> str | None:
    """Why a dossier cannot be filed under ``code``, if it cannot: unknown, or not a TTHC."""
    if procedure is None:
        return Fault("p_unknown_procedure", code=repr(code))
    if procedure.kind != "tthc":
        return Fault("p_not_tthc", code=code, kind=procedure.kind)
    return None


def compute_due(
    calendar: WorkingCalendar, procedure: Procedure | None, received: date, pauses: Iterable[Pause] = ()
) -> date | None:
    """The due date from the procedure's statutory working days; ``None`` while a pause is open or when
    the procedure has no statutory time."""
    if procedure is None or not procedure.statutory_days:
        return None
    return calendar.add_working_days(received, procedure.statutory_days, pauses)


def _procedure(tx: Transaction, code: str) -> Procedure | None:
    doc = tx.get("procedures", code)
    return Procedure.from_doc(dict(doc)) if doc is not None else None


def _when(day: date | None) -> str:
    return format_vn(day) if day is not None else Fault("ds_unknown_day")


def _not_after_today(problems: list[Problem], name: str, day: date | None, today: date) -> None:
    if day is not None and day > today:
        problems.append((name, Fault("p_after_today", value=format_vn(day), today=format_vn(today))))


# -- receiving --------------------------------------------------------------------------------------


def add_dossier(
    store: Store,
    code: str,
    *,
    procedure: str,
    channel: str,
    received: date | str | None,
    due: date | str | None = None,
    flags: dict[str, Any] | None = None,
) -> EditResult:
    """Receive a new dossier; without an explicit ``due`` it is computed from the statutory time. ``flags``:
    the service-index facts known at receipt (paid online, digitised, ...), as typed."""
    code = (code or "").strip()
    what = f"dossiers {code or '(new)'}"
    values: dict[str, Any] = {"code": code, "procedure": procedure, "channel": channel, "received": received}
    values.update({k: v for k, v in (flags or {}).items() if v not in (None, "")})
    if due not in (None, ""):
        values["due"] = due
    fields, problems = coerce_all("dossiers", values)
    if not code:
        problems.append(("code", Fault("p_required_named", name="code")))
    if fields.get("received") is None and not any(name == "received" for name, _ in problems):
        problems.append(("received", Fault("p_required_named", name="received")))
    with store.transaction() as tx:
        raw = tables(tx)
        today = today_of(raw, store)
        if code and tx.exists("dossiers", code):
            raise ValidationError(what, [("code", Fault("p_exists"))])
        proc = _procedure(tx, fields.get("procedure", ""))
        if fields.get("procedure"):
            why = procedure_problem(proc, fields["procedure"])
            if why is None and proc is not None and proc.status == "retired":
                why = Fault("p_procedure_retired", code=proc.code)
            if why:
                problems.append(("procedure", why))
        received_day = fields.get("received")
        _not_after_today(problems, "received", received_day, today)
        computed = fields.get("due") is None
        if computed and received_day and proc is not None and not procedure_problem(proc, proc.code):
            fields["due"] = compute_due(calendar_of(raw), proc, received_day)
        record = Dossier(**fields)
        raise_problems(what, problems + record.problems())
        how = (Fault("ds_working_days", plural=proc.statutory_days) if computed and proc
               else Fault("ds_as_given"))
        summary = Fault("ds_received", received=format_vn(record.received), channel=Term(record.channel),
                        procedure=record.procedure, due=_when(record.due), how=how)
        tx.put("dossiers", record, action="add", summary=summary)
    return EditResult("dossiers", record, summary)


# -- supplements ------------------------------------------------------------------------------------


def supplement(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """The agency asks the applicant to supplement the dossier on ``day``: the clock stops."""
    what = f"dossiers {code}"
    with store.transaction() as tx:
        raw = tables(tx)
        today = today_of(raw, store)
        dossier: Dossier = load(tx, "dossiers", code)
        _unfinished(what, dossier)
        start = parse_day(what, "date", day, today)
        if dossier.waiting_supplement:
            opened = _open_pause(dossier)
            raise ValidationError(what, [("date", Fault("p_already_waiting", since=_when(opened)))])
        problems: list[Problem] = []
        if dossier.received and start < dossier.received:
            problems.append(("date", Fault("p_before_received_on", value=format_vn(start),
                                            received=_when(dossier.received))))
        ends = [p.end for p in dossier.pause_list() if p.end]
        if ends and start < max(ends):
            problems.append(("date", Fault("p_before_previous_supplement", value=format_vn(start),
                                            previous=_when(max(ends)))))
        _not_after_today(problems, "date", start, today)
        raise_problems(what, problems)
        was = dossier.due
        dossier.pauses = [*dossier.pauses, {"start": start.isoformat(), "end": None}]
        dossier.due = None
        summary = Fault("ds_supplement_requested", day=format_vn(start), was=_when(was))
        tx.put("dossiers", dossier, action="supplement", summary=summary)
    return EditResult("dossiers", dossier, summary)


def resume(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """The supplement arrived on ``day``: the clock restarts and the due date is recomputed."""
    what = f"dossiers {code}"
    with store.transaction() as tx:
        raw = tables(tx)
        today = today_of(raw, store)
        dossier: Dossier = load(tx, "dossiers", code)
        _unfinished(what, dossier)
        end = parse_day(what, "date", day, today)
        opened = _open_pause(dossier)
        if opened is None:
            raise ValidationError(what, [("date", Fault("p_nothing_to_resume"))])
        problems: list[Problem] = []
        if end < opened:
            problems.append(("date", Fault("p_before_request", value=format_vn(end), request=format_vn(opened))))
        _not_after_today(problems, "date", end, today)
        raise_problems(what, problems)
        calendar = calendar_of(raw)
        before = compute_due(calendar, _procedure(tx, dossier.procedure), dossier.received, _closed(dossier))
        _close_pause(dossier, end)
        dossier.due = compute_due(calendar, _procedure(tx, dossier.procedure), dossier.received, dossier.pause_list())
        paused = calendar.working_days_between(opened, end)
        summary = Fault("ds_supplement_received", plural=paused, day=format_vn(end), before=_when(before),
                        after=_when(dossier.due))
        tx.put("dossiers", dossier, action="resume", summary=summary)
    return EditResult("dossiers", dossier, summary)


# -- finishing --------------------------------------------------------------------------------------


def finish(store: Store, code: str, outcome: str, day: date | str | None = None) -> EditResult:
    """Return the result (``resolved``) or end the dossier without one (``withdrawn``, ``returned``).

    A dossier still waiting for a supplement can be withdrawn or returned (the wait ends that day), but
    not resolved: record the supplement first (``resume``).
    """
    if outcome not in FINISH_ACTIONS:
        raise ValueError(f"unknown outcome {outcome!r}")
    what = f"dossiers {code}"
    with store.transaction() as tx:
        raw = tables(tx)
        today = today_of(raw, store)
        dossier: Dossier = load(tx, "dossiers", code)
        _unfinished(what, dossier)
        finished = parse_day(what, "date", day, today)
        problems: list[Problem] = []
        if dossier.received and finished < dossier.received:
            problems.append(("date", Fault("p_before_received_on", value=format_vn(finished),
                                            received=_when(dossier.received))))
        _not_after_today(problems, "date", finished, today)
        opened = _open_pause(dossier)
        if opened is not None and outcome == "resolved":
            problems.append(
                ("date", Fault("p_waiting_supplement", since=format_vn(opened)))
            )
        elif opened is not None and finished < opened:
            problems.append(("date", Fault("p_before_request", value=format_vn(finished), request=format_vn(opened))))
        raise_problems(what, problems)
        note: list[object] = []
        if opened is not None:
            _close_pause(dossier, finished)
            proc = _procedure(tx, dossier.procedure)
            dossier.due = compute_due(calendar_of(raw), proc, dossier.received, dossier.pause_list())
            note = [Fault("ds_wait_ended")]
        dossier.finished, dossier.outcome = finished, outcome
        parts: list[object] = [Fault("ds_finished", outcome=Term(outcome), day=format_vn(finished))]
        if outcome == "resolved" and dossier.due is not None:
            if finished <= dossier.due:
                parts.append(Fault("ds_on_time", due=format_vn(dossier.due)))
            else:
                late = calendar_of(raw).working_days_between(dossier.due, finished)
                parts.append(Fault("ds_late_by", plural=late, due=format_vn(dossier.due)))
        summary = Joined([*parts, *note], sep="")
        tx.put("dossiers", dossier, action=FINISH_ACTIONS[outcome], summary=summary)
    return EditResult("dossiers", dossier, summary)


def resolve(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """The result was returned to the applicant on ``day``."""
    return finish(store, code, "resolved", day)


def withdraw(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """The applicant withdrew the dossier on ``day``."""
    return finish(store, code, "withdrawn", day)


def return_dossier(store: Store, code: str, day: date | str | None = None) -> EditResult:
    """The dossier was returned to the applicant without a result (e.g. ineligible) on ``day``."""
    return finish(store, code, "returned", day)


# -- helpers ----------------------------------------------------------------------------------------


def _unfinished(what: str, dossier: Dossier) -> None:
    if dossier.finished is not None:
        when = _when(dossier.finished)
        raise ValidationError(what, [("finished", Fault("p_already_finished", when=when, outcome=dossier.outcome))])


def _open_pause(dossier: Dossier) -> date | None:
    for pause in dossier.pause_list():
        if pause.end is None:
            return pause.start
    return None


def _closed(dossier: Dossier) -> list[Pause]:
    return [p for p in dossier.pause_list() if p.end is not None]


def _close_pause(dossier: Dossier, end: date) -> None:
    pauses: list[dict[str, Any]] = []
    for pause in dossier.pauses:
        pause = dict(pause)
        if pause.get("end") in (None, ""):
            pause["end"] = end.isoformat()
        pauses.append(pause)
    dossier.pauses = pauses
