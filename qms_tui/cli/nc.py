"""``qms nc add|act|verify|close|list``: nonconformities and corrective actions (clause 10.2), from an audit
finding, a dossier returned late (``--from-dossier``), a complaint or a management review; an NC is closed
only after the effectiveness of its corrective action was verified.

A thin shell over ``services.improvement`` (the Improvement screen's NC form and the Dossiers screen write
through the same functions); see ``improvement_common`` for what the improvement commands share.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from qms_tui.cli.common import open_for_command
from qms_tui.cli.improvement_common import DateOpt, DeadlineOpt, OwnerOpt, choice, d, echo_json, fit, list_format, said
from qms_tui.cli.options import DbOption, FormatOption, ReadOnlyOption, opt
from qms_tui.cli.text import say
from qms_tui.domain import improvement
from qms_tui.domain.figures import Figures
from qms_tui.domain.models import NC_SOURCES, NC_STATUSES, Nonconformity
from qms_tui.domain.problems import Fault, Term
from qms_tui.domain.qms import Qms
from qms_tui.locale import nwords, words
from qms_tui.services import improvement as service
from qms_tui.store import ValidationError

nc_app = typer.Typer(help="Nonconformities and corrective actions (clause 10.2).", no_args_is_help=True)

SOURCE_ALIASES = {
    "finding": "audit_finding", "audit": "audit_finding", "dossier": "late_dossier", "late": "late_dossier",
    "ho_so_tre_han": "late_dossier", "phan_anh": "complaint", "khieu_nai": "complaint",
    "review": "management_review", "xem_xet": "management_review",
}
STATUS_FILTERS = (*NC_STATUSES, "overdue", "not_closed", "all")


@nc_app.command("add")
def nc_add(
    code: Annotated[str | None, typer.Argument(help="The NC's code (default: KPH-<year>-NN).")] = None,
    source: Annotated[str | None, opt("--source", help="audit_finding, late_dossier, complaint or "
                                      "management_review.")] = None,
    ref: Annotated[str, opt("--ref", help="The finding, dossier, review or complaint it comes from.")] = "",
    from_dossier: Annotated[str | None, opt("--from-dossier", help="Raise it for this late dossier.",
                                            metavar="CODE")] = None,
    description: Annotated[str, opt("--description", help="The nonconformity (default: from the finding "
                                    "or the dossier).")] = "",
    clause: Annotated[str, opt("--clause", help="The ISO 9001:2015 clause, e.g. 8.5.1.")] = "",
    correction: Annotated[str, opt("--correction", help="The immediate correction.")] = "",
    owner: OwnerOpt = None,
    deadline: DeadlineOpt = None,
    when: Annotated[str | None, opt("--date", help="The day it was raised (default: the as-of date).",
                                    metavar="DATE")] = None,
    db: DbOption = None,
) -> None:
    """Raise a nonconformity (``--from-dossier CODE`` for a dossier returned late)."""
    what = f"nonconformities {code or ''}".strip()
    if from_dossier:
        if source and choice(source, NC_SOURCES, SOURCE_ALIASES, what, "source") != "late_dossier":
            raise ValidationError(what, [("source", "--from-dossier raises a late_dossier nonconformity")])
        chosen, ref = "late_dossier", from_dossier.strip()
    else:
        chosen = choice(source or "", NC_SOURCES, SOURCE_ALIASES, what, "source") if source else ""
        if not chosen:
            raise ValidationError(what, [("source", Fault("p_nc_source_required", sources=", ".join(NC_SOURCES)))])
    result = service.raise_nc(open_for_command(db), {
        "code": code, "source": chosen, "reference": ref, "raised": when, "description": description,
        "clause": clause, "correction": correction, "owner": owner, "deadline": deadline,
    })
    nc = result.record
    source = f"{Term(nc.source, 'src_').text()} {nc.reference}".rstrip()
    if nc.deadline:
        said("nonconformities", nc.code, words("cli_nc_raised_due", source=source, day=d(nc.deadline)))
    else:
        said("nonconformities", nc.code, words("cli_nc_raised", source=source))


@nc_app.command("act")
def nc_act(
    code: Annotated[str, typer.Argument(help="The NC's code.", show_default=False)],
    root_cause: Annotated[str | None, opt("--root-cause", help="Why it happened.")] = None,
    correction: Annotated[str | None, opt("--correction", help="The immediate correction.")] = None,
    action: Annotated[str | None, opt("--action", help="The corrective action taken.")] = None,
    owner: OwnerOpt = None,
    deadline: DeadlineOpt = None,
    when: Annotated[str | None, opt("--date", help="The day the action was taken (default: as-of).",
                                    metavar="DATE")] = None,
    db: DbOption = None,
) -> None:
    """Record the root cause and the corrective action taken (status action_taken)."""
    nc = service.act_on_nc(open_for_command(db), code, day=when, root_cause=root_cause, correction=correction,
                           corrective_action=action, owner=owner, deadline=deadline).record
    said("nonconformities", code, words("cli_nc_acted", day=d(nc.action_date),
                                        status=Term("action_taken", "nc_").text()))


@nc_app.command("verify")
def nc_verify(
    code: Annotated[str, typer.Argument(help="The NC's code.", show_default=False)],
    result: Annotated[str, opt("--result", help="What the effectiveness check found.")],
    effective: Annotated[bool | None, typer.Option("--effective/--not-effective",
                                                   help="Whether the corrective action was effective.",
                                                   show_default=False)] = None,
    when: Annotated[str | None, opt("--date", help="The day of the check (default: as-of).",
                                    metavar="DATE")] = None,
    db: DbOption = None,
) -> None:
    """Record the effectiveness check (effective: verified_effective; not effective: back to open)."""
    nc = service.verify_nc(open_for_command(db), code, result, effective, when).record
    verdict = words("cli_nc_effective") if effective else words("cli_nc_not_effective")
    said("nonconformities", code, words("cli_nc_checked", day=d(nc.check_date), verdict=verdict,
                                        status=Term(nc.status, "nc_").text()))


@nc_app.command("close")
def nc_close(
    code: Annotated[str, typer.Argument(help="The NC's code.", show_default=False)],
    when: DateOpt = None,
    db: DbOption = None,
) -> None:
    """Close a nonconformity whose corrective action was verified effective."""
    nc = service.close_nc(open_for_command(db), code, when).record
    said("nonconformities", code, words("cli_closed_on", day=d(nc.closed_date)))


def nc_row(qms: Qms, nc: Nonconformity) -> dict[str, Any]:
    """An NC with its derived figures (for ``nc list --format json``)."""
    return {**nc.to_doc(), "days_open": qms.nc_days_open(nc), "overdue": nc.code in
            {n.code for n in qms.overdue_nonconformities()}, "days_overdue": qms.nc_days_overdue(nc)}


@nc_app.command("list")
def nc_list(
    status: Annotated[str, typer.Option("--status", help=f"One of {', '.join(STATUS_FILTERS)}.")] = "all",
    db: DbOption = None,
    fmt: FormatOption = "text",
    read_only: ReadOnlyOption = False,
) -> None:
    """The nonconformities, with days open and days overdue as of the store's date."""
    fmt = list_format(fmt)
    wanted = status.strip().lower().replace("-", "_")
    if wanted not in STATUS_FILTERS:
        raise typer.BadParameter(words("cli_choose_one_of", value=repr(status), choices=", ".join(STATUS_FILTERS)),
                                 param_hint="--status")
    qms = open_for_command(db, read_only).snapshot()
    today = qms.today
    ncs = sorted(qms.nonconformities, key=lambda n: n.code)
    if wanted == "overdue":
        ncs = [nc for nc in ncs if improvement.nc_overdue(nc, today)]
    elif wanted == "not_closed":
        ncs = [nc for nc in ncs if improvement.open_on(nc, today)]  # open on the as-of day: every view's open_ncs
    elif wanted != "all":
        ncs = [nc for nc in ncs if nc.status == wanted]
    if fmt == "json":
        echo_json([nc_row(qms, nc) for nc in ncs])
        return
    if not ncs:
        say(words("cli_no_ncs") if wanted == "all" else words("cli_no_ncs_of", status=wanted))
    statuses = {nc.status: Term(nc.status, "nc_").text() for nc in ncs}  # "action_taken" in English, as stored
    width = max((len(label) for label in statuses.values()), default=0)
    for nc in ncs:
        late = improvement.nc_days_overdue(nc, today)
        state = (words("cli_state_overdue", n=late) if late
                 else words("cli_state_open_days", n=improvement.nc_days_open(nc, today)))
        if nc.status == "closed":
            state = words("cli_state_closed", day=d(nc.closed_date))
        due = words("cli_state_due", day=d(nc.deadline))
        say(fit(f"{nc.code}  {statuses[nc.status]:<{width}} {due}  {state:<17} {nc.description}"))
    if wanted == "all" and ncs:
        figures = Figures(qms)
        say(nwords("cli_ncs_total", len(ncs), open=figures["open_ncs"], overdue=figures["overdue_ncs"],
                   day=d(today)))
