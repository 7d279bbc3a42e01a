"""``qms feedback`` (the PAKN register: received, handled within 15 working days) and ``qms survey``
(satisfaction surveys, ISO 9001 clause 9.1.2): the records behind indicators 5.2 and 5.4 of ``qms index``."""

from __future__ import annotations

from typing import Annotated

import typer

from qms_tui.cli.common import given, open_for_command
from qms_tui.cli.options import CodeArg, DbOption, ReadOnlyOption, opt
from qms_tui.cli.text import say
from qms_tui.locale import words

feedback_app = typer.Typer(help="The feedback register (phản ánh, kiến nghị): add, edit, close, list.",
                           no_args_is_help=True)
survey_app = typer.Typer(help="Satisfaction surveys: add, list.", no_args_is_help=True)


ReceivedOpt = Annotated[str | None, opt("--received", help="The day it came in (default: today).", metavar="DATE")]
ChannelOpt = Annotated[str | None, opt("--channel", help="direct, phone, email, portal, letter or other (or "
                                       "trực tiếp, điện thoại, thư điện tử, Cổng DVC, văn bản, khác).")]
KindOpt = Annotated[str | None, opt("--kind", help="complaint, suggestion or praise (or phản ánh, kiến nghị, "
                                    "khen).")]
DossierOpt = Annotated[str | None, opt("--dossier", help="The dossier it is about.")]
ProcedureOpt = Annotated[str | None, opt("--procedure", help="The procedure it is about.")]
SummaryOpt = Annotated[str | None, opt("--summary", help="What it says, in short.")]
DueOpt = Annotated[str | None, opt("--due", help="Due date (default: 15 working days).", metavar="DATE")]
ResultOpt = Annotated[str | None, opt("--result", help="How it was handled.")]
SatisfiedOpt = Annotated[str | None, opt("--satisfied", help="yes, no or unknown.")]


@feedback_app.command("add")
def feedback_add(
    code: CodeArg, received: ReceivedOpt = None, channel: ChannelOpt = None, kind: KindOpt = None,
    dossier: DossierOpt = None, procedure: ProcedureOpt = None, summary: SummaryOpt = None, due: DueOpt = None,
    db: DbOption = None,
) -> None:
    """Register feedback; it is due in 15 working days (the index's scale) unless --due says otherwise."""
    from qms_tui.services.service_records import add_feedback

    values = given(code=code, received=received, channel=channel, kind=kind, dossier=dossier, procedure=procedure,
                    summary=summary, due=due)
    say(str(add_feedback(open_for_command(db), values)))


@feedback_app.command("edit")
def feedback_edit(
    code: CodeArg, received: ReceivedOpt = None, channel: ChannelOpt = None, kind: KindOpt = None,
    dossier: DossierOpt = None, procedure: ProcedureOpt = None, summary: SummaryOpt = None, due: DueOpt = None,
    handled: Annotated[str | None, opt("--handled", help="The day it was handled.", metavar="DATE")] = None,
    result: ResultOpt = None, satisfied: SatisfiedOpt = None, db: DbOption = None,
) -> None:
    """Change a feedback record."""
    from qms_tui.services.service_records import edit_feedback

    values = given(received=received, channel=channel, kind=kind, dossier=dossier, procedure=procedure,
                    summary=summary, due=due, handled=handled, result=result, satisfied=satisfied)
    say(str(edit_feedback(open_for_command(db), code, values)))


@feedback_app.command("close")
def feedback_close(
    code: CodeArg,
    date: Annotated[str | None, opt("--date", help="The day it was handled (default: today).",
                                     metavar="DATE")] = None,
    result: ResultOpt = None, satisfied: SatisfiedOpt = None, db: DbOption = None,
) -> None:
    """Record that the feedback was handled."""
    from qms_tui.services.service_records import close_feedback

    say(close_feedback(open_for_command(db), code, date, result, satisfied))


@feedback_app.command("list")
def feedback_list(
    open_only: Annotated[bool, typer.Option("--open", help="Only feedback not yet handled.")] = False,
    db: DbOption = None, read_only: ReadOnlyOption = False,
) -> None:
    """The register, oldest first, in the session's language (QMS_LANG); ! marks feedback past its due date."""
    from qms_tui.domain.dates import format_vn
    from qms_tui.domain.safety import visible
    from qms_tui.i18n import default_lang, t

    lang = default_lang()
    qms = open_for_command(db, read_only).snapshot()
    items = sorted(qms.feedback, key=lambda f: (f.received or qms.today, f.code))
    for item in items:
        if open_only and item.handled is not None:
            continue
        mark = "!" if item.overdue(qms.today) else " "
        about = item.dossier or item.procedure or "—"
        handled = format_vn(item.handled) if item.handled else t("fb_open", lang)
        satisfied = {True: t("fb_satisfied", lang), False: t("fb_not_satisfied", lang), None: ""}[item.satisfied]
        line = (f"{mark} {item.code:<12} {format_vn(item.received)}  {t(f'fbch_{item.channel}', lang):<12} "
                f"{t(f'fbk_{item.kind}', lang):<10} {about:<18} {t('fb_due', lang)} "
                f"{format_vn(item.due, empty='—')}  {handled:<10} {satisfied}")
        typer.echo(visible(line.rstrip(), one_line=True))
    if not items:
        say(t("fb_none", lang))


@survey_app.command("add")
def survey_add(
    code: CodeArg,
    start: Annotated[str, opt("--from", help="First day of the survey.", metavar="DATE")],
    end: Annotated[str, opt("--to", help="Last day of the survey.", metavar="DATE")],
    asked: Annotated[str, opt("--asked", help="How many people answered.", metavar="N")],
    satisfied: Annotated[str, opt("--satisfied", help="How many were satisfied.", metavar="N")],
    method: Annotated[str | None, opt("--method", help="How (paper form, kiosk, phone, portal).")] = None,
    procedure: ProcedureOpt = None,
    unit: Annotated[str | None, opt("--unit", help="The unit surveyed, if one.")] = None,
    db: DbOption = None,
) -> None:
    """Record a satisfaction survey."""
    from qms_tui.services.service_records import add_survey

    values = given(code=code, start=start, end=end, asked=asked, satisfied=satisfied, method=method,
                    procedure=procedure, unit=unit)
    say(str(add_survey(open_for_command(db), values)))


@survey_app.command("list")
def survey_list(db: DbOption = None, read_only: ReadOnlyOption = False) -> None:
    """Every survey with its satisfaction rate."""
    from qms_tui.domain.dates import format_vn
    from qms_tui.domain.safety import visible

    qms = open_for_command(db, read_only).snapshot()
    for item in sorted(qms.surveys, key=lambda s: (s.start or qms.today, s.code)):
        rate = 100.0 * item.satisfied / item.asked if item.asked else 0.0
        line = (f"{item.code:<12} {format_vn(item.start)}–{format_vn(item.end)}  {item.satisfied}/{item.asked}"
                f" satisfied ({rate:.1f} %)  {item.method} {item.procedure or item.unit}")
        typer.echo(visible(line.rstrip(), one_line=True))
    if not qms.surveys:
        say(words("cli_no_surveys"))
