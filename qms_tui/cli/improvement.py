"""``qms audit``, ``qms nc``, ``qms review``, ``qms review-pack`` and ``qms clauses``: the improvement loop.

- ``qms audit add|check|done|finding|close|list``: internal audits (clause 9.2), their checklist results and
  findings (nonconformity, observation, opportunity for improvement);
- ``qms nc add|act|verify|close|list``: nonconformities and corrective actions (clause 10.2), from an audit
  finding, a dossier returned late (``--from-dossier``), a complaint or a management review; an NC is closed
  only after the effectiveness of its corrective action was verified;
- ``qms review add|action|done|list``: management reviews (clause 9.3) and the actions they decide;
- ``qms review-pack --year 2024``: the clause 9.3.2 inputs assembled from live data;
- ``qms clauses``: the records that evidence each clause of ISO 9001:2015, and the gaps.

Every write is one store transaction with a change-log summary. Invalid input and broken rules end with
one ``qms: …`` line and exit code 1 (``ValidationError``); store problems exit 2 (``StoreError``).
Dates are typed as dd/mm/yyyy or YYYY-MM-DD; ``--date`` defaults to the store's as-of date.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from qms_tui.cli.common import AsOfOption, choose_language, emit, open_for_command
from qms_tui.cli.text import error_line, say
from qms_tui.domain import improvement
from qms_tui.domain.dates import format_vn, parse_date
from qms_tui.domain.figures import Figures
from qms_tui.domain.improvement import RuleError
from qms_tui.domain.models import (
    CHECK_RESULTS,
    FINDING_KINDS,
    NC_SOURCES,
    NC_STATUSES,
    REVIEW_INPUTS,
    AuditFinding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    Record,
    ReviewAction,
)
from qms_tui.domain.qms import Qms
from qms_tui.domain.safety import json_visible, visible
from qms_tui.domain.text import fold
from qms_tui.domain.textcheck import record_text_problems
from qms_tui.reports.formats import CLAUSE_FORMATS, PACK_FORMATS, format_for
from qms_tui.services.improvement import nc_from_late_dossier
from qms_tui.store import Store, Transaction, ValidationError

WIDTH = 80

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="The store file (default: $QMS_DB, else the per-user store).", show_default=False),
]
ReadOnlyOption = Annotated[bool, typer.Option("--read-only", help="Open the store for viewing only.")]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="text or json.")]


def _opt(*names: str, help: str, metavar: str | None = None) -> Any:
    return typer.Option(*names, help=help, metavar=metavar, show_default=False)


DateOpt = Annotated[str | None, _opt("--date", help="The day (default: the store's as-of date).", metavar="DATE")]
DeadlineOpt = Annotated[str | None, _opt("--deadline", help="The deadline.", metavar="DATE")]
OwnerOpt = Annotated[str | None, _opt("--owner", help="Who is responsible (a unit or a person).")]

audit_app = typer.Typer(help="Internal audits (clause 9.2): plan, checklist, findings, closing.", no_args_is_help=True)
nc_app = typer.Typer(help="Nonconformities and corrective actions (clause 10.2).", no_args_is_help=True)
review_app = typer.Typer(help="Management reviews (clause 9.3) and their actions.", no_args_is_help=True)


# -- shared helpers ---------------------------------------------------------------------------------


def _store(ctx: typer.Context, db: str | None, read_only: bool = False) -> Store:
    """The store of ``--db`` (here or before the command), read-only if asked anywhere."""
    return open_for_command(db, read_only)


@contextlib.contextmanager
def _transaction(store: Store) -> Iterator[Transaction]:
    """A store transaction in which a broken improvement rule is an invalid input (exit 1)."""
    try:
        with store.transaction() as tx:
            yield tx
    except RuleError as exc:
        raise ValidationError(exc.what, exc.problems) from None


def _day(value: str | None, what: str, name: str, default: date | None = None) -> date | None:
    if value is None or not value.strip():
        return default
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValidationError(what, [(name, str(exc))]) from None


def _items(values: list[str] | None) -> list[str]:
    """Repeated options, each of which may also be a comma-separated list."""
    result: list[str] = []
    for value in values or []:
        result.extend(part.strip() for part in value.split(",") if part.strip())
    return list(dict.fromkeys(result))


def _choice(value: str, allowed: tuple[str, ...], aliases: dict[str, str], what: str, name: str) -> str:
    """``value`` as one of ``allowed``, also by an alias (folded: no case, no diacritics, ``-`` = ``_``)."""
    key = fold(value).replace("-", "_").replace(" ", "_")
    for choice in allowed:
        if key == fold(choice):
            return choice
    found = aliases.get(key)
    if found:
        return found
    raise ValidationError(what, [(name, f"{value!r} is not one of {', '.join(allowed)}")])


def _get(tx: Transaction, table: str, code: str, model: type[Record]) -> Any:
    doc = tx.get(table, code)
    if doc is None:
        raise ValidationError(f"{table} {code}", [("code", "no such record")])
    return model.from_doc(dict(doc))


def _refuse_existing(tx: Transaction, table: str, code: str) -> None:
    if tx.exists(table, code):
        raise ValidationError(f"{table} {code}", [("code", "already exists")])


def _put(tx: Transaction, qms: Qms, table: str, record: Record, summary: str) -> bool:
    """Validate (the model and its references) and write with a change-log summary."""
    problems = record_text_problems(record) + record.problems() + improvement.reference_problems(qms, table, record)
    if problems:
        raise ValidationError(f"{table} {record.key}", problems)
    return tx.put(table, record, summary=summary)


def _say(table: str, code: str, summary: str) -> None:
    say(f"{table} {code}: {summary}")


def _fit(line: str, width: int = WIDTH) -> str:
    line = visible(line, one_line=True)
    return line if len(line) <= width else line[: width - 1] + "…"


def _json(data: Any) -> None:
    typer.echo(json_visible(json.dumps(data, ensure_ascii=False, indent=2)))


def _list_format(fmt: str) -> str:
    if fmt not in ("text", "json"):
        raise typer.BadParameter(f"{fmt!r}: choose text or json", param_hint="--format")
    return fmt


def _d(value: date | None) -> str:
    return format_vn(value)


# -- internal audits ---------------------------------------------------------------------------------

FINDING_ALIASES = {
    "nc": "nonconformity", "kph": "nonconformity", "khong_phu_hop": "nonconformity",
    "obs": "observation", "quan_sat": "observation", "luu_y": "observation",
    "ofi": "opportunity", "opportunity_for_improvement": "opportunity", "co_hoi_cai_tien": "opportunity",
    "improvement": "opportunity",
}
RESULT_ALIASES = {
    "ok": "conform", "c": "conform", "phu_hop": "conform", "nc": "nonconform", "kph": "nonconform",
    "khong_phu_hop": "nonconform", "obs": "observation", "na": "n/a", "n_a": "n/a", "khong_ap_dung": "n/a",
}

UnitOpt = Annotated[list[str] | None, _opt("--unit", help="A unit in scope (repeat for more).")]
ProcOpt = Annotated[list[str] | None, _opt("--procedure", help="Procedure code(s) (repeat or comma-separate).")]
ClauseOpt = Annotated[str, _opt("--clause", help="The ISO 9001:2015 clause, e.g. 7.2 or 8.5.1.")]


@audit_app.command("add")
def audit_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The audit's code, e.g. DGNB-2025.", show_default=False)],
    plan_date: Annotated[str, _opt("--plan-date", help="The planned date.", metavar="DATE")],
    held: Annotated[str | None, _opt("--date", help="The date it was held (then it is done).", metavar="DATE")] = None,
    title: Annotated[str, _opt("--title", help="What the audit is.")] = "",
    unit: UnitOpt = None,
    procedure: ProcOpt = None,
    auditor: Annotated[list[str] | None, _opt("--auditor", help="Auditor staff code(s).")] = None,
    auditee: Annotated[list[str] | None, _opt("--auditee", help="Auditee staff code(s).")] = None,
    ref: Annotated[str, _opt("--ref", help="The plan or report recording it (e.g. 2480/KH-BQL).")] = "",
    db: DbOption = None,
) -> None:
    """Plan an internal audit (or record one already held with --date)."""
    what = f"audits {code}"
    actual = _day(held, what, "actual_date")
    audit = InternalAudit(
        code=code.strip(), title=title, plan_date=_day(plan_date, what, "plan_date"), actual_date=actual,
        units=[u.strip() for u in unit or [] if u.strip()], procedures=_items(procedure), auditors=_items(auditor),
        auditees=_items(auditee), status="done" if actual else "planned", ref=ref,
    )
    with _transaction(_store(ctx, db)) as tx:
        _refuse_existing(tx, "audits", audit.code)
        state = f"held {_d(actual)}" if actual else f"planned for {_d(audit.plan_date)}"
        _put(tx, tx.qms, "audits", audit, f"internal audit {state}" + (f": {title}" if title else ""))
    _say("audits", audit.code, f"added ({audit.status}, {state})")


@audit_app.command("check")
def audit_check(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The audit's code.", show_default=False)],
    item: Annotated[str, _opt("--item", help="What was checked.")],
    clause: ClauseOpt,
    result: Annotated[str, _opt("--result", help="conform, nonconform, observation or n/a.")],
    note: Annotated[str, _opt("--note", help="A note.")] = "",
    db: DbOption = None,
) -> None:
    """Record one checklist result of an audit."""
    what = f"audits {code}"
    result = _choice(result, CHECK_RESULTS, RESULT_ALIASES, what, "result")
    with _transaction(_store(ctx, db)) as tx:
        audit = _get(tx, "audits", code, InternalAudit)
        changed = improvement.add_check(audit, item.strip(), clause.strip(), result, note.strip())
        _put(tx, tx.qms, "audits", changed, f"checklist {clause} {result}: {item.strip()}")
    _say("audits", code, f"checklist item {len(changed.checklist)} recorded ({clause} {result})")


@audit_app.command("done")
def audit_done(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The audit's code.", show_default=False)],
    when: DateOpt = None,
    db: DbOption = None,
) -> None:
    """Record that a planned audit was held (on --date)."""
    with _transaction(_store(ctx, db)) as tx:
        qms = tx.qms
        audit = _get(tx, "audits", code, InternalAudit)
        held = _day(when, f"audits {code}", "actual_date", qms.today)
        changed = improvement.audit_held(audit, held)  # type: ignore[arg-type]
        _put(tx, qms, "audits", changed, f"internal audit held {_d(held)}")
    _say("audits", code, f"done, held {_d(held)}")


@audit_app.command("finding")
def audit_finding(
    ctx: typer.Context,
    audit: Annotated[str, typer.Argument(help="The audit's code.", show_default=False)],
    kind: Annotated[str, _opt("--kind", help="nonconformity, observation or opportunity (OFI).")],
    clause: ClauseOpt,
    description: Annotated[str, _opt("--description", help="What was found.")],
    procedure: ProcOpt = None,
    code: Annotated[str | None, _opt("--code", help="The finding's code (default: AUDIT-NN).")] = None,
    db: DbOption = None,
) -> None:
    """Record a finding of an audit that was held."""
    kind = _choice(kind, FINDING_KINDS, FINDING_ALIASES, f"audit_findings {code or audit}", "kind")
    with _transaction(_store(ctx, db)) as tx:
        qms = tx.qms
        owner = next((a for a in qms.audits if a.code == audit), None)
        finding_code = code or improvement.next_code((f.code for f in qms.audit_findings), f"{audit}-")
        _refuse_existing(tx, "audit_findings", finding_code)
        finding = AuditFinding(finding_code, audit, kind, clause.strip(), _items(procedure), description.strip())
        improvement.check_finding(owner, finding)
        _put(tx, qms, "audit_findings", finding, f"{kind} against clause {finding.clause}: {finding.description}")
    _say("audit_findings", finding_code, f"added ({kind}, clause {finding.clause}) to {audit}")


@audit_app.command("close")
def audit_close(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The audit's code.", show_default=False)],
    when: DateOpt = None,
    db: DbOption = None,
) -> None:
    """Close an audit once every nonconformity it found has a closed nonconformity record."""
    with _transaction(_store(ctx, db)) as tx:
        qms = tx.qms
        audit = _get(tx, "audits", code, InternalAudit)
        on = _day(when, f"audits {code}", "closed_date", qms.today)
        changed = improvement.close_audit(audit, qms.audit_findings, qms.nonconformities, on)  # type: ignore[arg-type]
        _put(tx, qms, "audits", changed, f"internal audit closed {_d(on)}")
    _say("audits", code, f"closed {_d(on)}")


@audit_app.command("list")
def audit_list(
    ctx: typer.Context,
    db: DbOption = None,
    fmt: FormatOption = "text",
    read_only: ReadOnlyOption = False,
) -> None:
    """The internal audits with their findings."""
    fmt = _list_format(fmt)
    qms = _store(ctx, db, read_only).snapshot()
    audits = sorted(qms.audits, key=lambda a: (a.actual_date or a.plan_date or date.min, a.code))
    if fmt == "json":
        _json([{**a.to_doc(), "findings": [f.to_doc() for f in qms.findings_of(a.code)]} for a in audits])
        return
    if not audits:
        say("no internal audits")
    for audit in audits:
        when = _d(audit.actual_date or audit.plan_date)
        say(_fit(f"{audit.code}  {audit.status:<7} {when}  {audit.title}"))
        for finding in qms.findings_of(audit.code):
            say(_fit(f"  {finding.code}  {finding.kind:<13} {finding.clause:<6} {finding.description}"))


# -- nonconformities ------------------------------------------------------------------------------------

SOURCE_ALIASES = {
    "finding": "audit_finding", "audit": "audit_finding", "dossier": "late_dossier", "late": "late_dossier",
    "ho_so_tre_han": "late_dossier", "phan_anh": "complaint", "khieu_nai": "complaint",
    "review": "management_review", "xem_xet": "management_review",
}
STATUS_FILTERS = (*NC_STATUSES, "overdue", "not_closed", "all")


@nc_app.command("add")
def nc_add(
    ctx: typer.Context,
    code: Annotated[str | None, typer.Argument(help="The NC's code (default: KPH-<year>-NN).")] = None,
    source: Annotated[str | None, _opt("--source", help="audit_finding, late_dossier, complaint or "
                                       "management_review.")] = None,
    ref: Annotated[str, _opt("--ref", help="The finding, dossier, review or complaint it comes from.")] = "",
    from_dossier: Annotated[str | None, _opt("--from-dossier", help="Raise it for this late dossier.",
                                             metavar="CODE")] = None,
    description: Annotated[str, _opt("--description", help="The nonconformity (default: from the finding "
                                     "or the dossier).")] = "",
    clause: Annotated[str, _opt("--clause", help="The ISO 9001:2015 clause, e.g. 8.5.1.")] = "",
    correction: Annotated[str, _opt("--correction", help="The immediate correction.")] = "",
    owner: OwnerOpt = None,
    deadline: DeadlineOpt = None,
    when: Annotated[str | None, _opt("--date", help="The day it was raised (default: the as-of date).",
                                     metavar="DATE")] = None,
    db: DbOption = None,
) -> None:
    """Raise a nonconformity (``--from-dossier CODE`` for a dossier returned late)."""
    what = f"nonconformities {code or ''}".strip()
    if from_dossier:
        if source and _choice(source, NC_SOURCES, SOURCE_ALIASES, what, "source") != "late_dossier":
            raise ValidationError(what, [("source", "--from-dossier raises a late_dossier nonconformity")])
        chosen, ref = "late_dossier", from_dossier.strip()
    else:
        chosen = _choice(source or "", NC_SOURCES, SOURCE_ALIASES, what, "source") if source else ""
        if not chosen:
            raise ValidationError(what, [("source", "--source is required (or --from-dossier CODE): one of "
                                          + ", ".join(NC_SOURCES))])
    if chosen == "late_dossier":  # the same service as the TUI's Dossiers screen
        result = nc_from_late_dossier(
            _store(ctx, db), ref, code=code, raised=when, description=description.strip(), clause=clause.strip(),
            correction=correction.strip(), owner=(owner or "").strip(), deadline=_day(deadline, what, "deadline"),
        )
        _say_raised(result.record)
        return
    with _transaction(_store(ctx, db)) as tx:
        qms = tx.qms
        raised = _day(when, what, "raised", qms.today)
        assert raised is not None
        the_code = (code or improvement.next_nc_code(qms.nonconformities, raised.year)).strip()
        what = f"nonconformities {the_code}"
        _refuse_existing(tx, "nonconformities", the_code)
        values = {"description": description.strip(), "clause": clause.strip(), "correction": correction.strip(),
                  "owner": (owner or "").strip(), "deadline": _day(deadline, what, "deadline")}
        if chosen == "audit_finding" and ref:
            taken = next((nc for nc in qms.nonconformities if nc.source == chosen and nc.reference == ref), None)
            if taken is not None:
                raise ValidationError(what, [("reference", f"{ref} already has the nonconformity {taken.code}")])
        if chosen == "audit_finding" and ref:
            finding = next((f for f in qms.audit_findings if f.code == ref), None)
            if finding is None:
                raise ValidationError(what, [("reference", f"unknown audit finding {ref!r}")])
            nc = improvement.nc_from_finding(finding, the_code, raised, **values)
        else:
            nc = Nonconformity(code=the_code, source=chosen, reference=ref.strip(), raised=raised,
                               **{k: v for k, v in values.items() if v})
        summary = f"raised ({nc.source} {nc.reference})".replace(" )", ")") + f": {nc.description}"
        _put(tx, qms, "nonconformities", nc, summary)
    _say_raised(nc)


def _say_raised(nc: Nonconformity) -> None:
    due = f", deadline {_d(nc.deadline)}" if nc.deadline else ""
    _say("nonconformities", nc.code, f"raised from {nc.source} {nc.reference}".rstrip() + f" (open{due})")


@nc_app.command("act")
def nc_act(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The NC's code.", show_default=False)],
    root_cause: Annotated[str | None, _opt("--root-cause", help="Why it happened.")] = None,
    correction: Annotated[str | None, _opt("--correction", help="The immediate correction.")] = None,
    action: Annotated[str | None, _opt("--action", help="The corrective action taken.")] = None,
    owner: OwnerOpt = None,
    deadline: DeadlineOpt = None,
    when: Annotated[str | None, _opt("--date", help="The day the action was taken (default: as-of).",
                                     metavar="DATE")] = None,
    db: DbOption = None,
) -> None:
    """Record the root cause and the corrective action taken (status action_taken)."""
    what = f"nonconformities {code}"
    with _transaction(_store(ctx, db)) as tx:
        qms = tx.qms
        nc = _get(tx, "nonconformities", code, Nonconformity)
        on = _day(when, what, "action_date", qms.today)
        changed = improvement.take_action(
            nc, on, root_cause=root_cause, correction=correction, corrective_action=action, owner=owner,  # type: ignore[arg-type]
            deadline=_day(deadline, what, "deadline"),
        )
        _put(tx, qms, "nonconformities", changed, f"corrective action taken {_d(on)}: {changed.corrective_action}")
    _say("nonconformities", code, f"action taken {_d(on)} (status action_taken)")


@nc_app.command("verify")
def nc_verify(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The NC's code.", show_default=False)],
    result: Annotated[str, _opt("--result", help="What the effectiveness check found.")],
    effective: Annotated[bool | None, typer.Option("--effective/--not-effective",
                                                   help="Whether the corrective action was effective.",
                                                   show_default=False)] = None,
    when: Annotated[str | None, _opt("--date", help="The day of the check (default: as-of).",
                                     metavar="DATE")] = None,
    db: DbOption = None,
) -> None:
    """Record the effectiveness check (effective: verified_effective; not effective: back to open)."""
    what = f"nonconformities {code}"
    if effective is None:
        raise ValidationError(what, [("effective", "say whether the action was effective: --effective or "
                                      "--not-effective")])
    with _transaction(_store(ctx, db)) as tx:
        qms = tx.qms
        nc = _get(tx, "nonconformities", code, Nonconformity)
        on = _day(when, what, "check_date", qms.today)
        changed = improvement.verify(nc, on, result, effective)  # type: ignore[arg-type]
        verdict = "effective" if effective else "not effective"
        _put(tx, qms, "nonconformities", changed, f"effectiveness checked {_d(on)}: {verdict}: {result.strip()}")
    _say("nonconformities", code, f"checked {_d(on)}: {verdict} (status {changed.status})")


@nc_app.command("close")
def nc_close(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The NC's code.", show_default=False)],
    when: DateOpt = None,
    db: DbOption = None,
) -> None:
    """Close a nonconformity whose corrective action was verified effective."""
    with _transaction(_store(ctx, db)) as tx:
        qms = tx.qms
        nc = _get(tx, "nonconformities", code, Nonconformity)
        on = _day(when, f"nonconformities {code}", "closed_date", qms.today)
        changed = improvement.close(nc, on)  # type: ignore[arg-type]
        _put(tx, qms, "nonconformities", changed, f"closed {_d(on)}")
    _say("nonconformities", code, f"closed {_d(on)}")


def nc_row(qms: Qms, nc: Nonconformity) -> dict[str, Any]:
    """An NC with its derived figures (for ``nc list --format json``)."""
    return {**nc.to_doc(), "days_open": qms.nc_days_open(nc), "overdue": nc.code in
            {n.code for n in qms.overdue_nonconformities()}, "days_overdue": qms.nc_days_overdue(nc)}


@nc_app.command("list")
def nc_list(
    ctx: typer.Context,
    status: Annotated[str, typer.Option("--status", help=f"One of {', '.join(STATUS_FILTERS)}.")] = "all",
    db: DbOption = None,
    fmt: FormatOption = "text",
    read_only: ReadOnlyOption = False,
) -> None:
    """The nonconformities, with days open and days overdue as of the store's date."""
    fmt = _list_format(fmt)
    wanted = status.strip().lower().replace("-", "_")
    if wanted not in STATUS_FILTERS:
        raise typer.BadParameter(f"{status!r}: choose one of {', '.join(STATUS_FILTERS)}", param_hint="--status")
    qms = _store(ctx, db, read_only).snapshot()
    today = qms.today
    ncs = sorted(qms.nonconformities, key=lambda n: n.code)
    if wanted == "overdue":
        ncs = [nc for nc in ncs if improvement.nc_overdue(nc, today)]
    elif wanted == "not_closed":  # open on the as-of day: the ``open_ncs`` of every view
        ncs = [nc for nc in ncs if improvement.open_on(nc, today)]
    elif wanted != "all":
        ncs = [nc for nc in ncs if nc.status == wanted]
    if fmt == "json":
        _json([nc_row(qms, nc) for nc in ncs])
        return
    if not ncs:
        say("no nonconformities" + ("" if wanted == "all" else f" ({wanted})"))
    for nc in ncs:
        late = improvement.nc_days_overdue(nc, today)
        state = f"OVERDUE {late}d" if late else f"open {improvement.nc_days_open(nc, today)}d"
        if nc.status == "closed":
            state = f"closed {_d(nc.closed_date)}"
        say(_fit(f"{nc.code}  {nc.status:<18} due {_d(nc.deadline)}  {state:<17} {nc.description}"))
    if wanted == "all" and ncs:
        figures = Figures(qms)
        say(f"{len(ncs)} nonconformities, {figures['open_ncs']} not closed, "
            f"{figures['overdue_ncs']} overdue (as of {_d(today)})")


# -- management reviews -----------------------------------------------------------------------------------


@review_app.command("add")
def review_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The review's code, e.g. XXLD-2025.", show_default=False)],
    when: Annotated[str, _opt("--date", help="The day it was held.", metavar="DATE")],
    chair: Annotated[str, _opt("--chair", help="Who chaired it (staff code).")],
    attendee: Annotated[list[str] | None, _opt("--attendee", help="Attendee staff code(s).")] = None,
    input_: Annotated[list[str] | None, _opt("--input", help="The clause 9.3.2 inputs covered: "
                                             f"{', '.join(REVIEW_INPUTS)}.")] = None,
    decision: Annotated[list[str] | None, _opt("--decision", help="A decision (repeat for more).")] = None,
    ref: Annotated[str, _opt("--ref", help="The report or minutes recording it.")] = "",
    db: DbOption = None,
) -> None:
    """Record a management review held."""
    what = f"reviews {code}"
    review = ManagementReview(
        code=code.strip(), date=_day(when, what, "date"), chair=chair.strip(), attendees=_items(attendee),
        inputs=[i.lower() for i in _items(input_)], decisions=[d.strip() for d in decision or [] if d.strip()],
        ref=ref,
    )
    with _transaction(_store(ctx, db)) as tx:
        _refuse_existing(tx, "reviews", review.code)
        _put(tx, tx.qms, "reviews", review, f"management review held {_d(review.date)}, "
             f"{len(review.inputs)} input(s), {len(review.decisions)} decision(s)")
    _say("reviews", review.code, f"added (held {_d(review.date)})")


@review_app.command("action")
def review_action(
    ctx: typer.Context,
    review: Annotated[str, typer.Argument(help="The review's code.", show_default=False)],
    text: Annotated[str, _opt("--text", help="What is to be done.")],
    owner: Annotated[str, _opt("--owner", help="Who is responsible.")],
    deadline: Annotated[str, _opt("--deadline", help="The deadline.", metavar="DATE")],
    code: Annotated[str | None, _opt("--code", help="The action's code (default: REVIEW-NN).")] = None,
    db: DbOption = None,
) -> None:
    """Add an action decided by a management review."""
    with _transaction(_store(ctx, db)) as tx:
        qms = tx.qms
        record = _get(tx, "reviews", review, ManagementReview)
        existing = [a.code for a in qms.review_actions()]
        action_code = (code or improvement.next_code(existing, f"{review}-")).strip()
        what = f"reviews {review}"
        action = ReviewAction(action_code, text.strip(), owner.strip(), _day(deadline, what, "deadline"))
        changed = improvement.add_action(record, action, existing)
        _put(tx, qms, "reviews", changed, f"action {action_code} (due {_d(action.deadline)}): {action.text}")
    _say("reviews", review, f"action {action_code} added (due {_d(action.deadline)})")


@review_app.command("done")
def review_done(
    ctx: typer.Context,
    action: Annotated[str, typer.Argument(help="The action's code.", show_default=False)],
    when: DateOpt = None,
    db: DbOption = None,
) -> None:
    """Mark a review action done."""
    with _transaction(_store(ctx, db)) as tx:
        qms = tx.qms
        found = improvement.find_action(qms.reviews, action)
        if found is None:
            raise ValidationError(f"reviews {action}", [("actions", "no such action")])
        review, _ = found
        on = _day(when, f"reviews {review.code}", "actions", qms.today)
        changed = improvement.action_done(review, action, on)  # type: ignore[arg-type]
        _put(tx, qms, "reviews", changed, f"action {action} done {_d(on)}")
    _say("reviews", review.code, f"action {action} done {_d(on)}")


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    db: DbOption = None,
    fmt: FormatOption = "text",
    read_only: ReadOnlyOption = False,
) -> None:
    """The management reviews and the status of their actions."""
    fmt = _list_format(fmt)
    qms = _store(ctx, db, read_only).snapshot()
    today = qms.today
    reviews = sorted(qms.reviews, key=lambda r: (r.date or date.min, r.code))
    if fmt == "json":
        _json([{**r.to_doc(), "actions": [{**a.to_doc(), "overdue": a.overdue(today),
                                           "days_overdue": improvement.action_days_overdue(a, today)}
                                          for a in r.action_list()]} for r in reviews])
        return
    if not reviews:
        say("no management reviews")
    for review in reviews:
        chair = qms.staff_by_code.get(review.chair)
        say(_fit(f"{review.code}  {_d(review.date)}  chair {chair.name if chair else review.chair}"
                        f"  inputs {','.join(review.inputs) or '—'}"))
        for action in review.action_list():
            if action.status == "done":
                state = f"done {_d(action.done_date)}"
            elif action.overdue(today):
                state = f"OVERDUE {improvement.action_days_overdue(action, today)}d"
            else:
                state = "open"
            say(_fit(f"  {action.code}  due {_d(action.deadline)}  {state:<15} {action.text}"))
    if reviews:
        say(f"{len(qms.open_review_actions())} action(s) open, {len(qms.overdue_review_actions())} overdue "
                   f"(as of {_d(today)})")


# -- review pack and clause matrix --------------------------------------------------------------------


def _doc_format(output: Path | None, requested: str | None, allowed: tuple[str, ...]) -> str:
    fmt = format_for(output, requested)
    if fmt not in allowed:
        raise typer.BadParameter(f"{fmt!r}: choose one of {', '.join(allowed)}", param_hint="--format")
    return fmt


def _snapshot(ctx: typer.Context, db: str | None, as_of: str | None, output: Path | None) -> tuple[Store, Qms]:
    store = open_for_command(db, read_only=True, as_of=as_of, output=output)
    return store, store.snapshot()


def review_pack_command(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", "-y", help="The year (default: the as-of year).",
                                             show_default=False)] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"One of {', '.join(PACK_FORMATS)}.",
                                            show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="vi or en (default: $QMS_LANG, else vi).")] = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """The management review pack: the inputs of ISO 9001:2015 clause 9.3.2 from live data."""
    # imported here: start-up time of one-shot commands
    from qms_tui.reports.review_pack import ReviewPackError, render_review_pack

    language = choose_language(lang)
    fmt = _doc_format(output, fmt, PACK_FORMATS)
    store, qms = _snapshot(ctx, db, as_of, output)
    the_year = year or qms.today.year
    if not 2000 <= the_year <= 2100:
        raise typer.BadParameter(f"{the_year} is not a year such as 2024", param_hint="--year")
    try:
        text = render_review_pack(qms, the_year, fmt, language)
    except ReviewPackError as exc:
        say(error_line(exc), err=True)
        raise typer.Exit(1) from None
    emit(text, output, store)


def clauses_command(
    ctx: typer.Context,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"One of {', '.join(CLAUSE_FORMATS)}.",
                                            show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="vi or en (default: $QMS_LANG, else vi).")] = None,
    db: DbOption = None,
) -> None:
    """The ISO 9001:2015 clauses 4 to 10, the records that evidence each, and the gaps."""
    from qms_tui.reports.clauses import render_clauses  # imported here: start-up time of one-shot commands

    language = choose_language(lang)
    fmt = _doc_format(output, fmt, CLAUSE_FORMATS)
    store, qms = _snapshot(ctx, db, None, output)
    emit(render_clauses(qms, fmt, language), output, store)

