"""``qms procedure``, ``risk``, ``staff``, ``training``, ``objective`` and ``task``: the registers of the QMS.

Each command is a thin shell over ``qms_tui.services``: options are passed as typed (strings), the services
read and validate them, and errors reach ``cli.main()`` as ``ValidationError`` (exit 1) or ``StoreError``
(exit 2, e.g. a read-only store).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from qms_tui import services
from qms_tui.cli.common import done, given, open_for_command
from qms_tui.cli.options import CodeArg, DateOpt, DbOption, opt

# -- procedures -------------------------------------------------------------------------------------

procedure_app = typer.Typer(help="Add, revise, review and retire QMS procedures.", no_args_is_help=True)

NameOpt = Annotated[str | None, opt("--name", help="The procedure's name.")]
KindOpt = Annotated[str | None, opt("--kind", help="general, internal or tthc (default: tthc).")]
FieldOpt = Annotated[str | None, opt("--field", help="The TTHC field: its code or its name (qms field list).")]
UnitOpt = Annotated[str | None, opt("--unit", help="The unit in charge (one of the organisation's units).")]
DaysOpt = Annotated[str | None, opt("--days", help="Statutory processing time in working days.", metavar="N")]
VersionOpt = Annotated[str | None, opt("--version", help="The current version (e.g. 2.0).")]
IssuedOpt = Annotated[str | None, opt("--issued", help="The issue date.", metavar="DATE")]
LegalOpt = Annotated[list[str] | None, opt("--legal-basis", help="A legal document number (repeat, or a comma list).")]
ProcStatusOpt = Annotated[str | None, opt("--status", help="active, under_revision or retired.")]
NationalCodeOpt = Annotated[
    str | None, opt("--national-code", help="The TTHC's code in the national catalogue (1.009645); unique.")
]
ServiceOpt = Annotated[
    str | None, opt("--online-service", help="info_only, partial or full (một phần, toàn trình), or unknown.")
]
FeeOpt = Annotated[str | None, opt("--fee", help="yes, no or unknown: the TTHC bears a fee or charge.")]


def _procedure_values(
    name: str | None,
    kind: str | None,
    field: str | None,
    unit: str | None,
    days: str | None,
    version: str | None,
    issued: str | None,
    legal_basis: list[str] | None,
    status: str | None,
    national_code: str | None = None,
    online_service: str | None = None,
    fee: str | None = None,
) -> dict[str, Any]:
    return given(
        national_code=national_code,
        online_service=online_service,
        fee=fee,
        name=name,
        kind=kind,
        field=field,
        unit=unit,
        statutory_days=days,
        version=version,
        issued=issued,
        legal_basis=legal_basis,
        status=status,
    )


@procedure_app.command("add")
def procedure_add(
    ctx: typer.Context,
    code: CodeArg,
    name: NameOpt = None,
    kind: KindOpt = None,
    field: FieldOpt = None,
    unit: UnitOpt = None,
    days: DaysOpt = None,
    version: VersionOpt = None,
    issued: IssuedOpt = None,
    legal_basis: LegalOpt = None,
    status: ProcStatusOpt = None,
    national_code: NationalCodeOpt = None,
    online_service: ServiceOpt = None,
    fee: FeeOpt = None,
    db: DbOption = None,
) -> None:
    """Add a procedure to the QMS."""
    values = _procedure_values(name, kind, field, unit, days, version, issued, legal_basis, status, national_code,
                               online_service, fee)
    done(services.add_procedure(open_for_command(db), {"code": code, **values}))


@procedure_app.command("edit")
def procedure_edit(
    ctx: typer.Context,
    code: CodeArg,
    name: NameOpt = None,
    kind: KindOpt = None,
    field: FieldOpt = None,
    unit: UnitOpt = None,
    days: DaysOpt = None,
    version: VersionOpt = None,
    issued: IssuedOpt = None,
    legal_basis: LegalOpt = None,
    status: ProcStatusOpt = None,
    national_code: NationalCodeOpt = None,
    online_service: ServiceOpt = None,
    fee: FeeOpt = None,
    change: Annotated[str | None, opt("--change", help="With --version: what the revision changed.")] = None,
    revised: Annotated[
        str | None, opt("--revised", help="With --version: when it took effect (default: today).", metavar="DATE")
    ] = None,
    db: DbOption = None,
) -> None:
    """Change a procedure; a new --version is added to its history (dated --revised)."""
    values = _procedure_values(name, kind, field, unit, days, version, issued, legal_basis, status, national_code,
                               online_service, fee)
    done(services.edit_procedure(open_for_command(db), code, values, change=change, revised=revised))


@procedure_app.command("review")
def procedure_review(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """Record that the procedure was reviewed (its last review date)."""
    done(services.review_procedure(open_for_command(db), code, date))


@procedure_app.command("retire")
def procedure_retire(ctx: typer.Context, code: CodeArg, db: DbOption = None) -> None:
    """Take the procedure out of the QMS (status retired)."""
    done(services.retire_procedure(open_for_command(db), code))


# -- risks ------------------------------------------------------------------------------------------

risk_app = typer.Typer(help="The register of risks and opportunities (clause 6.1).", no_args_is_help=True)

RiskKindOpt = Annotated[str | None, opt("--kind", help="risk or opportunity (default: risk).")]
DescriptionOpt = Annotated[str | None, opt("--description", "-d", help="What may happen.")]
SourceOpt = Annotated[str | None, opt("--source", help="Where it comes from (context, interested party).")]
ProceduresOpt = Annotated[
    list[str] | None, opt("--procedure", "-p", help="An affected procedure (repeat, or a comma list).")
]
LikelihoodOpt = Annotated[str | None, opt("--likelihood", "-l", help="1 (rare) to 5 (almost certain).", metavar="1-5")]
ImpactOpt = Annotated[str | None, opt("--impact", "-i", help="1 (negligible) to 5 (severe).", metavar="1-5")]
TreatmentOpt = Annotated[str | None, opt("--treatment", help="The planned treatment.")]
OwnerOpt = Annotated[str | None, opt("--owner", help="Who is in charge.")]
DueOpt = Annotated[str | None, opt("--due", help="When the treatment is due.", metavar="DATE")]
RiskStatusOpt = Annotated[str | None, opt("--status", help="open, in_treatment or closed.")]
ResidualLOpt = Annotated[
    str | None, opt("--residual-likelihood", help="Likelihood after treatment, 1-5.", metavar="1-5")
]
ResidualIOpt = Annotated[str | None, opt("--residual-impact", help="Impact after treatment, 1-5.", metavar="1-5")]
EffectiveOpt = Annotated[
    bool | None, typer.Option("--effective/--not-effective", help="Was the treatment effective?", show_default=False)
]


@risk_app.command("add")
def risk_add(
    ctx: typer.Context,
    code: CodeArg,
    kind: RiskKindOpt = None,
    description: DescriptionOpt = None,
    source: SourceOpt = None,
    procedure: ProceduresOpt = None,
    likelihood: LikelihoodOpt = None,
    impact: ImpactOpt = None,
    treatment: TreatmentOpt = None,
    owner: OwnerOpt = None,
    due: DueOpt = None,
    status: RiskStatusOpt = None,
    db: DbOption = None,
) -> None:
    """Add a risk or an opportunity with its rating and treatment."""
    values = given(
        code=code, kind=kind, description=description, source=source, procedures=procedure,
        likelihood=likelihood, impact=impact, treatment=treatment, owner=owner, due=due, status=status,
    )  # fmt: skip
    done(services.add_record(open_for_command(db), "risks", values))


@risk_app.command("edit")
def risk_edit(
    ctx: typer.Context,
    code: CodeArg,
    kind: RiskKindOpt = None,
    description: DescriptionOpt = None,
    source: SourceOpt = None,
    procedure: ProceduresOpt = None,
    likelihood: LikelihoodOpt = None,
    impact: ImpactOpt = None,
    treatment: TreatmentOpt = None,
    owner: OwnerOpt = None,
    due: DueOpt = None,
    status: RiskStatusOpt = None,
    residual_likelihood: ResidualLOpt = None,
    residual_impact: ResidualIOpt = None,
    effective: EffectiveOpt = None,
    db: DbOption = None,
) -> None:
    """Change a risk's fields."""
    values = given(
        kind=kind, description=description, source=source, procedures=procedure, likelihood=likelihood,
        impact=impact, treatment=treatment, owner=owner, due=due, status=status,
        residual_likelihood=residual_likelihood, residual_impact=residual_impact, effective=effective,
    )  # fmt: skip
    done(services.edit_record(open_for_command(db), "risks", code, values))


@risk_app.command("review")
def risk_review(
    ctx: typer.Context,
    code: CodeArg,
    date: DateOpt = None,
    likelihood: LikelihoodOpt = None,
    impact: ImpactOpt = None,
    status: RiskStatusOpt = None,
    db: DbOption = None,
) -> None:
    """Record a review of the risk (its last review date), with a new rating if given."""
    changes = given(likelihood=likelihood, impact=impact, status=status)
    done(services.review_risk(open_for_command(db), code, date, changes))


@risk_app.command("close")
def risk_close(
    ctx: typer.Context,
    code: CodeArg,
    date: DateOpt = None,
    residual_likelihood: ResidualLOpt = None,
    residual_impact: ResidualIOpt = None,
    effective: EffectiveOpt = None,
    db: DbOption = None,
) -> None:
    """Close the risk, with its residual rating and whether the treatment was effective."""
    result = services.close_risk(
        open_for_command(db),
        code,
        day=date,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        effective=effective,
    )
    done(result)


# -- staff and training -------------------------------------------------------------------------------

staff_app = typer.Typer(help="Staff (training coverage is counted over them).", no_args_is_help=True)
training_app = typer.Typer(help="Training courses and their attendees.", no_args_is_help=True)

StaffNameOpt = Annotated[str | None, opt("--name", help="Full name.")]
RoleOpt = Annotated[str | None, opt("--role", help="Position (e.g. Chuyên viên).")]
StartOpt = Annotated[str | None, opt("--start", help="Start date in the agency.", metavar="DATE")]
LeftOpt = Annotated[str | None, opt("--left", help="The day they left (empty: still here).", metavar="DATE")]


@staff_app.command("add")
def staff_add(
    ctx: typer.Context,
    code: CodeArg,
    name: StaffNameOpt = None,
    unit: UnitOpt = None,
    role: RoleOpt = None,
    start: StartOpt = None,
    left: LeftOpt = None,
    db: DbOption = None,
) -> None:
    """Add a member of staff."""
    values = given(code=code, name=name, unit=unit, role=role, start_date=start, left_date=left)
    done(services.add_record(open_for_command(db), "staff", values))


@staff_app.command("edit")
def staff_edit(
    ctx: typer.Context,
    code: CodeArg,
    name: StaffNameOpt = None,
    unit: UnitOpt = None,
    role: RoleOpt = None,
    start: StartOpt = None,
    left: LeftOpt = None,
    db: DbOption = None,
) -> None:
    """Change a member of staff (a new unit after rotation, the day they left)."""
    values = given(name=name, unit=unit, role=role, start_date=start, left_date=left)
    done(services.edit_record(open_for_command(db), "staff", code, values))


TrainerRoleOpt = Annotated[str | None, opt(
    "--trainer-role", help="The trainer's role as the report names it (e.g. Phó Ban chỉ đạo ISO); empty: the "
    "role in the staff table.")]


@training_app.command("add")
def training_add(
    ctx: typer.Context,
    code: CodeArg,
    title: Annotated[str | None, opt("--title", help="The course's title.")] = None,
    date: Annotated[str | None, opt("--date", help="The day it was held.", metavar="DATE")] = None,
    trainer: Annotated[str | None, opt("--trainer", help="Who taught it.")] = None,
    trainer_role: TrainerRoleOpt = None,
    hours: Annotated[str | None, opt("--hours", help="Its length in hours.", metavar="N")] = None,
    letter: Annotated[str | None, opt("--letter", help="The convening letter (e.g. 1138/BQL-VP).")] = None,
    material: Annotated[list[str] | None, opt("--material", help="A course material (repeat).")] = None,
    attendee: Annotated[
        list[str] | None, opt("--attendee", "-a", help="A staff code (repeat, or a comma list).")
    ] = None,
    qms: Annotated[bool, typer.Option("--qms/--not-qms", help="Does it count as QMS training?")] = True,
    db: DbOption = None,
) -> None:
    """Record a course with its attendees."""
    values = given(
        code=code, title=title, date=date, trainer=trainer, trainer_role=trainer_role, hours=hours,
        letter_ref=letter, materials=material, attendees=attendee, qms=qms,
    )  # fmt: skip
    done(services.add_record(open_for_command(db), "trainings", values))


@training_app.command("edit")
def training_edit(
    ctx: typer.Context,
    code: CodeArg,
    title: Annotated[str | None, opt("--title", help="The course's title.")] = None,
    date: Annotated[str | None, opt("--date", help="The day it was held.", metavar="DATE")] = None,
    trainer: Annotated[str | None, opt("--trainer", help="Who taught it.")] = None,
    trainer_role: TrainerRoleOpt = None,
    hours: Annotated[str | None, opt("--hours", help="Its length in hours.", metavar="N")] = None,
    letter: Annotated[str | None, opt("--letter", help="The convening letter (e.g. 1138/BQL-VP).")] = None,
    db: DbOption = None,
) -> None:
    """Change a course (its trainer's role as the report names it, its date, its letter)."""
    values = given(title=title, date=date, trainer=trainer, trainer_role=trainer_role, hours=hours,
                   letter_ref=letter)
    done(services.edit_record(open_for_command(db), "trainings", code, values))


# -- objectives and plan tasks ------------------------------------------------------------------------

objective_app = typer.Typer(help="Quality objectives (clause 6.2).", no_args_is_help=True)
task_app = typer.Typer(help="Tasks of the yearly QMS plan.", no_args_is_help=True)

TitleOpt = Annotated[str | None, opt("--title", help="The objective.")]
TargetOpt = Annotated[str | None, opt("--target", help="The target value.", metavar="N")]
ObjUnitOpt = Annotated[str | None, opt("--unit", help="The unit of the value (default: %).")]
MeasureOpt = Annotated[
    str | None,
    opt("--measure", help="manual, on_time_rate, training_coverage, overdue_dossiers, overdue_ncs or a "
         "service-index indicator: index_2.1, index_2.2, index_3.3, index_3.6, index_4.1, index_4.2, index_5.2, "
         "index_5.4."),
]
HigherOpt = Annotated[
    bool | None, typer.Option("--higher-is-better/--lower-is-better", help="Direction.", show_default=False)
]
CurrentOpt = Annotated[str | None, opt("--current", help="The current value (for manual measures).", metavar="N")]
YearOpt = Annotated[str | None, opt("--year", help="The year it applies to.", metavar="YYYY")]


@objective_app.command("add")
def objective_add(
    ctx: typer.Context,
    code: CodeArg,
    title: TitleOpt = None,
    target: TargetOpt = None,
    unit: ObjUnitOpt = None,
    measure: MeasureOpt = None,
    higher_is_better: HigherOpt = None,
    current: CurrentOpt = None,
    year: YearOpt = None,
    db: DbOption = None,
) -> None:
    """Add a quality objective."""
    values = given(
        code=code, title=title, target=target, unit=unit, measure=measure,
        higher_is_better=higher_is_better, current=current, year=year,
    )  # fmt: skip
    done(services.add_record(open_for_command(db), "objectives", values))


@objective_app.command("edit")
def objective_edit(
    ctx: typer.Context,
    code: CodeArg,
    title: TitleOpt = None,
    target: TargetOpt = None,
    unit: ObjUnitOpt = None,
    measure: MeasureOpt = None,
    higher_is_better: HigherOpt = None,
    current: CurrentOpt = None,
    year: YearOpt = None,
    db: DbOption = None,
) -> None:
    """Change a quality objective (e.g. its current value)."""
    values = given(
        title=title, target=target, unit=unit, measure=measure,
        higher_is_better=higher_is_better, current=current, year=year,
    )  # fmt: skip
    done(services.edit_record(open_for_command(db), "objectives", code, values))


PlanOpt = Annotated[str | None, opt("--plan", help="The plan's number (e.g. 510/KH-BQL).")]
TaskOpt = Annotated[str | None, opt("--task", help="What is to be done.")]
DeadlineOpt = Annotated[str | None, opt("--deadline", help="Its deadline.", metavar="DATE")]
TaskStatusOpt = Annotated[str | None, opt("--status", help="not_started, in_progress or done.")]


@task_app.command("add")
def task_add(
    ctx: typer.Context,
    code: CodeArg,
    plan: PlanOpt = None,
    task: TaskOpt = None,
    owner: OwnerOpt = None,
    deadline: DeadlineOpt = None,
    status: TaskStatusOpt = None,
    db: DbOption = None,
) -> None:
    """Add a task to a QMS plan."""
    values = given(code=code, plan=plan, task=task, owner=owner, deadline=deadline, status=status)
    done(services.add_record(open_for_command(db), "plan_tasks", values))


@task_app.command("edit")
def task_edit(
    ctx: typer.Context,
    code: CodeArg,
    plan: PlanOpt = None,
    task: TaskOpt = None,
    owner: OwnerOpt = None,
    deadline: DeadlineOpt = None,
    status: TaskStatusOpt = None,
    done_date: Annotated[str | None, opt("--done-date", help="When it was done.", metavar="DATE")] = None,
    db: DbOption = None,
) -> None:
    """Change a plan task."""
    values = given(plan=plan, task=task, owner=owner, deadline=deadline, status=status, done_date=done_date)
    done(services.edit_record(open_for_command(db), "plan_tasks", code, values))


@task_app.command("done")
def task_done(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """Mark a plan task done."""
    done(services.complete_task(open_for_command(db), code, date))


