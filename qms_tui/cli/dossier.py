"""``qms dossier edit``: the service-index facts of a dossier, beside the life-cycle commands of ``cli_data``.

The commands are added to ``cli_data.dossier_app`` so that ``qms dossier`` stays one command group; ``cli``
loads this module for ``dossier`` (it imports ``cli_data``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from qms_tui import services
from qms_tui.cli.data import (
    CodeArg,
    DbOption,
    DigitisedOpt,
    EResultOpt,
    PaidOnlineOpt,
    SupplementsOpt,
    _done,
    _given,
    _store,
    dossier_app,
)

__all__ = ["dossier_app"]


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
    values = _given(paid_online=paid_online, digitised=digitised, e_result=e_result, supplements=supplements)
    _done(services.edit_record(_store(ctx, db), "dossiers", code, values))


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

    _done(apologize(_store(ctx, db), code, date, new_due, ref))
