"""``qms audit add|check|done|finding|close|list``: internal audits (clause 9.2), their checklist results
and findings (nonconformity, observation, opportunity for improvement).

A thin shell over ``services.audits`` (the Improvement screen's audit forms write through the same
functions); see ``improvement_common`` for what the improvement commands share.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from qms_tui.cli.common import open_for_command
from qms_tui.cli.improvement_common import DateOpt, choice, d, echo_json, fit, items, list_format, said
from qms_tui.cli.options import DbOption, FormatOption, ReadOnlyOption, opt
from qms_tui.cli.text import say
from qms_tui.domain.models import CHECK_RESULTS, FINDING_KINDS
from qms_tui.domain.problems import Term
from qms_tui.locale import words
from qms_tui.services import audits

audit_app = typer.Typer(help="Internal audits (clause 9.2): plan, checklist, findings, closing.", no_args_is_help=True)

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

UnitOpt = Annotated[list[str] | None, opt("--unit", help="A unit in scope (repeat for more).")]
ProcOpt = Annotated[list[str] | None, opt("--procedure", help="Procedure code(s) (repeat or comma-separate).")]
ClauseOpt = Annotated[str, opt("--clause", help="The ISO 9001:2015 clause, e.g. 7.2 or 8.5.1.")]


@audit_app.command("add")
def audit_add(
    code: Annotated[str, typer.Argument(help="The audit's code, e.g. DGNB-2025.", show_default=False)],
    plan_date: Annotated[str, opt("--plan-date", help="The planned date.", metavar="DATE")],
    held: Annotated[str | None, opt("--date", help="The date it was held (then it is done).", metavar="DATE")] = None,
    title: Annotated[str, opt("--title", help="What the audit is.")] = "",
    unit: UnitOpt = None,
    procedure: ProcOpt = None,
    auditor: Annotated[list[str] | None, opt("--auditor", help="Auditor staff code(s).")] = None,
    auditee: Annotated[list[str] | None, opt("--auditee", help="Auditee staff code(s).")] = None,
    ref: Annotated[str, opt("--ref", help="The plan or report recording it (e.g. 2480/KH-BQL).")] = "",
    db: DbOption = None,
) -> None:
    """Plan an internal audit (or record one already held with --date)."""
    result = audits.add_audit(open_for_command(db), {
        "code": code, "title": title, "plan_date": plan_date, "actual_date": held,
        "units": [u.strip() for u in unit or [] if u.strip()], "procedures": items(procedure),
        "auditors": items(auditor), "auditees": items(auditee), "ref": ref,
    })
    audit = result.record
    status = Term(audit.status, "audit_").text()
    if audit.actual_date:
        said("audits", audit.code, words("cli_audit_added_held", status=status, day=d(audit.actual_date)))
    else:
        said("audits", audit.code, words("cli_audit_added_planned", status=status, day=d(audit.plan_date)))


@audit_app.command("check")
def audit_check(
    code: Annotated[str, typer.Argument(help="The audit's code.", show_default=False)],
    item: Annotated[str, opt("--item", help="What was checked.")],
    clause: ClauseOpt,
    result: Annotated[str, opt("--result", help="conform, nonconform, observation or n/a.")],
    note: Annotated[str, opt("--note", help="A note.")] = "",
    db: DbOption = None,
) -> None:
    """Record one checklist result of an audit."""
    result = choice(result, CHECK_RESULTS, RESULT_ALIASES, f"audits {code}", "result")
    changed = audits.audit_check(open_for_command(db), code, item, clause, result, note).record
    said("audits", code, words("cli_audit_checked", n=len(changed.checklist), clause=clause,
                               result=result))


@audit_app.command("done")
def audit_done(
    code: Annotated[str, typer.Argument(help="The audit's code.", show_default=False)],
    when: DateOpt = None,
    db: DbOption = None,
) -> None:
    """Record that a planned audit was held (on --date)."""
    audit = audits.audit_done(open_for_command(db), code, when).record
    said("audits", code, words("cli_audit_done", day=d(audit.actual_date)))


@audit_app.command("finding")
def audit_finding(
    audit: Annotated[str, typer.Argument(help="The audit's code.", show_default=False)],
    kind: Annotated[str, opt("--kind", help="nonconformity, observation or opportunity (OFI).")],
    clause: ClauseOpt,
    description: Annotated[str, opt("--description", help="What was found.")],
    procedure: ProcOpt = None,
    code: Annotated[str | None, opt("--code", help="The finding's code (default: AUDIT-NN).")] = None,
    db: DbOption = None,
) -> None:
    """Record a finding of an audit that was held."""
    kind = choice(kind, FINDING_KINDS, FINDING_ALIASES, f"audit_findings {code or audit}", "kind")
    finding = audits.add_finding(open_for_command(db), {
        "code": code, "audit": audit, "kind": kind, "clause": clause, "procedures": items(procedure),
        "description": description,
    }).record
    said("audit_findings", finding.code, words("cli_finding_added", kind=Term(kind, "fk_").text(),
                                               clause=finding.clause, audit=audit))


@audit_app.command("close")
def audit_close(
    code: Annotated[str, typer.Argument(help="The audit's code.", show_default=False)],
    when: DateOpt = None,
    db: DbOption = None,
) -> None:
    """Close an audit once every nonconformity it found has a closed nonconformity record."""
    audit = audits.close_audit(open_for_command(db), code, when).record
    said("audits", code, words("cli_closed_on", day=d(audit.closed_date)))


@audit_app.command("list")
def audit_list(db: DbOption = None, fmt: FormatOption = "text", read_only: ReadOnlyOption = False) -> None:
    """The internal audits with their findings."""
    fmt = list_format(fmt)
    qms = open_for_command(db, read_only).snapshot()
    found = sorted(qms.audits, key=lambda a: (a.actual_date or a.plan_date or date.min, a.code))
    if fmt == "json":
        echo_json([{**a.to_doc(), "findings": [f.to_doc() for f in qms.findings_of(a.code)]} for a in found])
        return
    if not found:
        say(words("cli_no_audits"))
    statuses = {audit.status: Term(audit.status, "audit_").text() for audit in found}
    width = max((len(label) for label in statuses.values()), default=0)
    for audit in found:
        when = d(audit.actual_date or audit.plan_date)
        say(fit(f"{audit.code}  {statuses[audit.status]:<{width}} {when}  {audit.title}"))
        findings = qms.findings_of(audit.code)
        kinds = {finding.kind: Term(finding.kind, "fk_").text() for finding in findings}
        kind_width = max(13, *(len(kind) for kind in kinds.values())) if kinds else 13
        for finding in findings:
            say(fit(f"  {finding.code}  {kinds[finding.kind]:<{kind_width}} {finding.clause:<6} {finding.description}"))
