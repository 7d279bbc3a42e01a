"""``qms dossier``: receive dossiers, record supplements and results (the clock of the statutory time), the
service-index facts of a dossier and the apology letter for a late one. A thin shell over ``services``."""

from __future__ import annotations

from typing import Annotated

import typer

from qms_tui import services
from qms_tui.cli.common import done, given, open_for_command
from qms_tui.cli.options import CodeArg, DateOpt, DbOption, opt

__all__ = ["dossier_app"]

dossier_app = typer.Typer(help="Receive dossiers and record supplements and results.", no_args_is_help=True)

PaidOnlineOpt = Annotated[str | None, opt("--paid-online", help="yes, no or unknown: the fee was paid online.")]
DigitisedOpt = Annotated[str | None, opt("--digitised", help="yes, no or unknown: components and result digitised.")]
EResultOpt = Annotated[str | None, opt("--e-result", help="yes, no or unknown: an electronic result was issued.")]
SupplementsOpt = Annotated[
    str | None, opt("--supplements", help="How many supplement requests (or unknown).", metavar="N")
]


@dossier_app.command("add")
def dossier_add(
    ctx: typer.Context,
    code: CodeArg,
    procedure: Annotated[str, opt("--procedure", "-p", help="The TTHC procedure's code (e.g. QT-DT01).")],
    channel: Annotated[str, opt("--channel", "-c", help="online, direct or postal (or trực tuyến, …).")],
    received: Annotated[str, opt("--received", "-r", help="The day it was received.", metavar="DATE")],
    due: Annotated[
        str | None, opt("--due", help="The due date (default: from the statutory days).", metavar="DATE")
    ] = None,
    paid_online: PaidOnlineOpt = None,
    digitised: DigitisedOpt = None,
    e_result: EResultOpt = None,
    supplements: SupplementsOpt = None,
    db: DbOption = None,
) -> None:
    """Receive a dossier; its due date is computed from the procedure's statutory working days."""
    store = open_for_command(db)
    flags = given(paid_online=paid_online, digitised=digitised, e_result=e_result, supplements=supplements)
    done(services.add_dossier(store, code, procedure=procedure, channel=channel, received=received, due=due,
                               flags=flags))


@dossier_app.command("supplement")
def dossier_supplement(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """Request a supplement: the clock stops and the due date is unknown until it arrives."""
    done(services.supplement(open_for_command(db), code, date))


@dossier_app.command("resume")
def dossier_resume(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """The supplement arrived: the clock restarts and the due date moves by the paused working days."""
    done(services.resume(open_for_command(db), code, date))


@dossier_app.command("resolve")
def dossier_resolve(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """The result was returned to the applicant."""
    done(services.resolve(open_for_command(db), code, date))


@dossier_app.command("withdraw")
def dossier_withdraw(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """The applicant withdrew the dossier."""
    done(services.withdraw(open_for_command(db), code, date))


@dossier_app.command("return")
def dossier_return(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """The dossier was returned without a result (e.g. ineligible)."""
    done(services.return_dossier(open_for_command(db), code, date))



@dossier_app.command("edit")
def dossier_edit(
    ctx: typer.Context,
    code: CodeArg,
    paid_online: PaidOnlineOpt = None,
    digitised: DigitisedOpt = None,
    e_result: EResultOpt = None,
    supplements: SupplementsOpt = None,
    db: DbOption = None,
) -> None:
    """Record what is known of a dossier for the service index ("unknown" clears a fact)."""
    values = given(paid_online=paid_online, digitised=digitised, e_result=e_result, supplements=supplements)
    done(services.edit_record(open_for_command(db), "dossiers", code, values))


@dossier_app.command("apologize")
def dossier_apologize(
    ctx: typer.Context,
    code: CodeArg,
    new_due: Annotated[str, typer.Option("--new-due", help="The new appointment date.", metavar="DATE",
                                         show_default=False)],
    date: Annotated[str | None, typer.Option("--date", help="The letter's date (default: today).",
                                             metavar="DATE", show_default=False)] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="The letter's number or reference.",
                                            show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """Record the apology letter for a late dossier (form 04) with its new appointment date."""
    from qms_tui.services.service_records import apologize

    done(apologize(open_for_command(db), code, date, new_due, ref))
