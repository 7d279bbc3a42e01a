"""Data entry from the command line: ``qms import``/``export`` of dossiers, edits of every register, the log.

Each command is a thin shell over ``qms_tui.services`` and ``qms_tui.importing``: options are passed as
typed (strings), the services read and validate them, and errors reach ``cli.main()`` as
``ValidationError`` (exit 1) or ``StoreError`` (exit 2, e.g. a read-only store). ``--db`` and
``--read-only`` may be given before the command too (``qms --db x.json --read-only dossier ...``).
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from qms_tui import services
from qms_tui.cli.common import emit, open_for_command
from qms_tui.cli.text import error_line, say
from qms_tui.domain.dates import parse_date
from qms_tui.domain.safety import visible
from qms_tui.outputs import replace_output
from qms_tui.services.common import EditResult
from qms_tui.store import Store, ValidationError

if TYPE_CHECKING:
    from qms_tui.importing import CsvTable
    from qms_tui.importing.dossiers import Progress

# -- shared options -------------------------------------------------------------------------------

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="The store file (default: $QMS_DB, else the per-user store).", show_default=False),
]
ReadOnlyOption = Annotated[bool, typer.Option("--read-only", help="Open the store for viewing only.")]
CodeArg = Annotated[str, typer.Argument(help="The record's code.", show_default=False)]


def _opt(*names: str, help: str, metavar: str | None = None) -> Any:
    return typer.Option(*names, help=help, metavar=metavar, show_default=False)


DateOpt = Annotated[str | None, _opt("--date", help="The day (default: the store's today).", metavar="DATE")]


def _store(ctx: typer.Context, db: str | None, read_only: bool = False) -> Store:
    """The store of ``--db`` (here or before the command), read-only if asked anywhere."""
    return open_for_command(db, read_only)


def _done(result: EditResult) -> None:
    say(str(result))


def _given(**values: Any) -> dict[str, Any]:
    """The options the user gave (``None`` = not given; an empty list = not given)."""
    return {k: v for k, v in values.items() if v is not None and v != []}


# -- import / export --------------------------------------------------------------------------------

import_app = typer.Typer(help="Import records from files.", no_args_is_help=True)
export_app = typer.Typer(help="Export records to files.", no_args_is_help=True)

PROGRESS_MIN_LINES = 5000
"""Smaller files import too fast to need a progress bar."""


@contextlib.contextmanager
def _progress(table: CsvTable) -> Iterator[Progress | None]:
    """A Rich progress bar on stderr, only on a terminal (never in CI logs or pipes)."""
    if not sys.stderr.isatty() or table.line_count < PROGRESS_MIN_LINES:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"checking {Path(table.file).name} (lines)", total=table.line_count)
        yield lambda done: bar.update(task, completed=done)


@import_app.command("dossiers")
def import_dossiers_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        help="A CSV file, an Excel workbook (.xlsx, .xls), an .ods, or the HTML table some systems save as .xls.",
        show_default=False)],
    db: DbOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    sheet: Annotated[str | None, _opt("--sheet", help="The workbook sheet (or HTML table) to read"
                                      " (default: the first sheet).", metavar="NAME")] = None,
    encoding: Annotated[str | None, _opt("--encoding", help="The CSV's text encoding, e.g. cp1258 (default:"
                                         " UTF-8, else Windows-1258/1252 with a note).", metavar="NAME")] = None,
    channel: Annotated[str | None, _opt("--channel", help="The channel of rows without one (online, direct,"
                                        " postal); without it such dossiers are 'unknown'.", metavar="CHANNEL")] = None,
    mapping: Annotated[Path | None, _opt("--mapping", help="A TOML or JSON file: header → column, and per column"
                                         " value → canonical value.", metavar="FILE")] = None,
    show_mapping: Annotated[bool, typer.Option(
        "--show-mapping", help="Print how each column and value is understood; write nothing.")] = False,
    max_size: Annotated[int, _opt("--max-size", help="Refuse files larger than this many MB (default 200).",
                                  metavar="MB")] = 200,
) -> None:
    """Import dossiers from a one-stop-shop export: added or updated by code, all rows or none.

    Columns: code, procedure, channel, received, due, finished, outcome, pauses, or the systems' names
    (Mã hồ sơ, Mã thủ tục / Mã TTHC / Tên thủ tục hành chính, Hình thức nộp, Ngày tiếp nhận, Ngày hẹn trả,
    Ngày trả kết quả, Trạng thái, Ngày cập nhật). The procedure is matched by its code, its national TTHC
    code or its name. Title rows, two-row headers, a column-number row and totals rows are skipped.
    Applicant columns (name, ID number, phone, address, e-mail) are never read. Dates dd/mm/yyyy (with a
    time), d-m-Y or YYYY-MM-DD. An empty due date is computed from the procedure's statutory working days.
    Any bad row aborts the import: every problem is listed as FILE:LINE (CSV) or FILE:SHEET:ROW.
    """
    # imported here: start-up time of one-shot commands (the other commands of this module need no CSV)
    from qms_tui.domain.vocabulary import channel_from_text
    from qms_tui.importing import CsvError, CsvProblems, ImportOptions, import_dossiers, read_dossier_file
    from qms_tui.importing.mapping import load_mapping

    try:
        if max_size < 1:
            raise CsvError(f"--max-size {max_size}: give a size in MB, at least 1")
        try:
            given_channel = channel_from_text(channel) if channel is not None else None
        except ValueError as exc:
            raise CsvError(f"--channel: {exc}") from None
        rules = load_mapping(mapping) if mapping is not None else None
        options = ImportOptions(channel=given_channel, mapping=rules)
        table = read_dossier_file(file, sheet=sheet, encoding=encoding, mapping=rules,
                                  max_bytes=max_size * 1024 * 1024)
        if show_mapping:
            from qms_tui.importing.explain import explain_mapping

            store = _store(ctx, db, read_only=True)
            for line in explain_mapping(table, store.load(), options):
                typer.echo(line)
            typer.echo("nothing was written (--show-mapping)")
            return
        store = _store(ctx, db, read_only=dry_run)
        with _progress(table) as progress:
            plan = import_dossiers(store, table, dry_run=dry_run, progress=progress, options=options)
    except CsvProblems as exc:
        for problem in exc.problems:
            say(str(problem), err=True)
        say(error_line(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except CsvError as exc:
        say(error_line(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    for note in plan.notes:
        typer.echo(f"note: {visible(note, one_line=True)}", err=True)
    if plan.ignored_columns:
        ignored = ", ".join(visible(name, one_line=True) for name in plan.ignored_columns)
        say(f"note: ignored column(s): {ignored}", err=True)
    if dry_run:
        for change in plan.samples:
            say(f"  {change}")
        if plan.changes > len(plan.samples):
            say(f"  … and {plan.changes - len(plan.samples)} more")
        say(f"{table.file}: dry run, nothing written: would be {plan.summary()}")
    else:
        say(f"{table.file}: {plan.summary()}")


@export_app.command("dossiers")
def export_dossiers_command(
    ctx: typer.Context,
    fmt: Annotated[str | None, _opt("--format", "-f", help="csv (default) or json.", metavar="FORMAT")] = None,
    output: Annotated[Path | None, _opt("--output", "-o", help="Write to this file (default: stdout).")] = None,
    bom: Annotated[bool, typer.Option("--bom", help="Start the CSV with a byte-order mark (for Excel).")] = False,
    db: DbOption = None,
    read_only: ReadOnlyOption = False,
) -> None:
    """Export every dossier as canonical CSV (UTF-8, comma, ISO dates) or JSON; re-importable as is."""
    from qms_tui.importing import to_json, write_csv  # imported here: start-up time of one-shot commands

    fmt = (fmt or ("json" if output is not None and output.suffix.lower() == ".json" else "csv")).lower()
    if fmt not in ("csv", "json"):
        raise typer.BadParameter(f"{fmt!r}: choose csv or json", param_hint="--format")
    store = open_for_command(db, read_only, output=output)  # a refused output is refused before any reading
    dossiers = store.snapshot().dossiers
    text = io.StringIO()
    if fmt == "json":
        text.write(to_json(dossiers))
    else:
        write_csv(dossiers, text, bom=bom)
    if output is None:
        emit(text.getvalue(), None)
        return
    replace_output(output, text.getvalue().encode("utf-8"), store)
    say(f"wrote {len(dossiers)} dossier(s) to {output}", err=True)


@export_app.command("store")
def export_store_command(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(help="The file to write.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    db: DbOption = None,
    read_only: ReadOnlyOption = False,
) -> None:
    """Copy the whole store to one self-contained TinyDB file, to keep or move (the store itself is a file
    and its .shards folder). Open the copy with --db; its first write splits it into shards again."""
    store = open_for_command(db, read_only, output=target)
    tables = store.copy_to(target, overwrite=force)
    logged = len(tables.get("changelog", {}))
    counts = (f"{len(tables.get('dossiers', {}))} dossiers, {len(tables.get('procedures', {}))} procedures,"
              f" {logged} change-log {'entry' if logged == 1 else 'entries'}")
    say(f"wrote the store to {target} ({counts})")


# -- dossiers ---------------------------------------------------------------------------------------

dossier_app = typer.Typer(help="Receive dossiers and record supplements and results.", no_args_is_help=True)

PaidOnlineOpt = Annotated[str | None, _opt("--paid-online", help="yes, no or unknown: the fee was paid online.")]
DigitisedOpt = Annotated[str | None, _opt("--digitised", help="yes, no or unknown: components and result digitised.")]
EResultOpt = Annotated[str | None, _opt("--e-result", help="yes, no or unknown: an electronic result was issued.")]
SupplementsOpt = Annotated[
    str | None, _opt("--supplements", help="How many supplement requests (or unknown).", metavar="N")
]


@dossier_app.command("add")
def dossier_add(
    ctx: typer.Context,
    code: CodeArg,
    procedure: Annotated[str, _opt("--procedure", "-p", help="The TTHC procedure's code (e.g. QT-DT01).")],
    channel: Annotated[str, _opt("--channel", "-c", help="online, direct or postal (or trực tuyến, …).")],
    received: Annotated[str, _opt("--received", "-r", help="The day it was received.", metavar="DATE")],
    due: Annotated[
        str | None, _opt("--due", help="The due date (default: from the statutory days).", metavar="DATE")
    ] = None,
    paid_online: PaidOnlineOpt = None,
    digitised: DigitisedOpt = None,
    e_result: EResultOpt = None,
    supplements: SupplementsOpt = None,
    db: DbOption = None,
) -> None:
    """Receive a dossier; its due date is computed from the procedure's statutory working days."""
    store = _store(ctx, db)
    flags = _given(paid_online=paid_online, digitised=digitised, e_result=e_result, supplements=supplements)
    _done(services.add_dossier(store, code, procedure=procedure, channel=channel, received=received, due=due,
                               flags=flags))


@dossier_app.command("supplement")
def dossier_supplement(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """Request a supplement: the clock stops and the due date is unknown until it arrives."""
    _done(services.supplement(_store(ctx, db), code, date))


@dossier_app.command("resume")
def dossier_resume(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """The supplement arrived: the clock restarts and the due date moves by the paused working days."""
    _done(services.resume(_store(ctx, db), code, date))


@dossier_app.command("resolve")
def dossier_resolve(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """The result was returned to the applicant."""
    _done(services.resolve(_store(ctx, db), code, date))


@dossier_app.command("withdraw")
def dossier_withdraw(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """The applicant withdrew the dossier."""
    _done(services.withdraw(_store(ctx, db), code, date))


@dossier_app.command("return")
def dossier_return(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """The dossier was returned without a result (e.g. ineligible)."""
    _done(services.return_dossier(_store(ctx, db), code, date))


# -- procedures -------------------------------------------------------------------------------------

procedure_app = typer.Typer(help="Add, revise, review and retire QMS procedures.", no_args_is_help=True)

NameOpt = Annotated[str | None, _opt("--name", help="The procedure's name.")]
KindOpt = Annotated[str | None, _opt("--kind", help="general, internal or tthc (default: tthc).")]
FieldOpt = Annotated[str | None, _opt("--field", help="The TTHC field: its code or its name (qms field list).")]
UnitOpt = Annotated[str | None, _opt("--unit", help="The unit in charge (one of the organisation's units).")]
DaysOpt = Annotated[str | None, _opt("--days", help="Statutory processing time in working days.", metavar="N")]
VersionOpt = Annotated[str | None, _opt("--version", help="The current version (e.g. 2.0).")]
IssuedOpt = Annotated[str | None, _opt("--issued", help="The issue date.", metavar="DATE")]
LegalOpt = Annotated[list[str] | None, _opt("--legal-basis", help="A legal document number (repeat, or a comma list).")]
ProcStatusOpt = Annotated[str | None, _opt("--status", help="active, under_revision or retired.")]
NationalCodeOpt = Annotated[
    str | None, _opt("--national-code", help="The TTHC's code in the national catalogue (1.009645); unique.")
]
ServiceOpt = Annotated[
    str | None, _opt("--online-service", help="info_only, partial or full (một phần, toàn trình), or unknown.")
]
FeeOpt = Annotated[str | None, _opt("--fee", help="yes, no or unknown: the TTHC bears a fee or charge.")]


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
    return _given(
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
    _done(services.add_procedure(_store(ctx, db), {"code": code, **values}))


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
    change: Annotated[str | None, _opt("--change", help="With --version: what the revision changed.")] = None,
    revised: Annotated[
        str | None, _opt("--revised", help="With --version: when it took effect (default: today).", metavar="DATE")
    ] = None,
    db: DbOption = None,
) -> None:
    """Change a procedure; a new --version is added to its history (dated --revised)."""
    values = _procedure_values(name, kind, field, unit, days, version, issued, legal_basis, status, national_code,
                               online_service, fee)
    _done(services.edit_procedure(_store(ctx, db), code, values, change=change, revised=revised))


@procedure_app.command("review")
def procedure_review(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """Record that the procedure was reviewed (its last review date)."""
    _done(services.review_procedure(_store(ctx, db), code, date))


@procedure_app.command("retire")
def procedure_retire(ctx: typer.Context, code: CodeArg, db: DbOption = None) -> None:
    """Take the procedure out of the QMS (status retired)."""
    _done(services.retire_procedure(_store(ctx, db), code))


# -- risks ------------------------------------------------------------------------------------------

risk_app = typer.Typer(help="The register of risks and opportunities (clause 6.1).", no_args_is_help=True)

RiskKindOpt = Annotated[str | None, _opt("--kind", help="risk or opportunity (default: risk).")]
DescriptionOpt = Annotated[str | None, _opt("--description", "-d", help="What may happen.")]
SourceOpt = Annotated[str | None, _opt("--source", help="Where it comes from (context, interested party).")]
ProceduresOpt = Annotated[
    list[str] | None, _opt("--procedure", "-p", help="An affected procedure (repeat, or a comma list).")
]
LikelihoodOpt = Annotated[str | None, _opt("--likelihood", "-l", help="1 (rare) to 5 (almost certain).", metavar="1-5")]
ImpactOpt = Annotated[str | None, _opt("--impact", "-i", help="1 (negligible) to 5 (severe).", metavar="1-5")]
TreatmentOpt = Annotated[str | None, _opt("--treatment", help="The planned treatment.")]
OwnerOpt = Annotated[str | None, _opt("--owner", help="Who is in charge.")]
DueOpt = Annotated[str | None, _opt("--due", help="When the treatment is due.", metavar="DATE")]
RiskStatusOpt = Annotated[str | None, _opt("--status", help="open, in_treatment or closed.")]
ResidualLOpt = Annotated[
    str | None, _opt("--residual-likelihood", help="Likelihood after treatment, 1-5.", metavar="1-5")
]
ResidualIOpt = Annotated[str | None, _opt("--residual-impact", help="Impact after treatment, 1-5.", metavar="1-5")]
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
    values = _given(
        code=code, kind=kind, description=description, source=source, procedures=procedure,
        likelihood=likelihood, impact=impact, treatment=treatment, owner=owner, due=due, status=status,
    )  # fmt: skip
    _done(services.add_record(_store(ctx, db), "risks", values))


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
    values = _given(
        kind=kind, description=description, source=source, procedures=procedure, likelihood=likelihood,
        impact=impact, treatment=treatment, owner=owner, due=due, status=status,
        residual_likelihood=residual_likelihood, residual_impact=residual_impact, effective=effective,
    )  # fmt: skip
    _done(services.edit_record(_store(ctx, db), "risks", code, values))


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
    changes = _given(likelihood=likelihood, impact=impact, status=status)
    _done(services.review_risk(_store(ctx, db), code, date, changes))


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
        _store(ctx, db),
        code,
        day=date,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        effective=effective,
    )
    _done(result)


# -- staff and training -------------------------------------------------------------------------------

staff_app = typer.Typer(help="Staff (training coverage is counted over them).", no_args_is_help=True)
training_app = typer.Typer(help="Training courses and their attendees.", no_args_is_help=True)

StaffNameOpt = Annotated[str | None, _opt("--name", help="Full name.")]
RoleOpt = Annotated[str | None, _opt("--role", help="Position (e.g. Chuyên viên).")]
StartOpt = Annotated[str | None, _opt("--start", help="Start date in the agency.", metavar="DATE")]
LeftOpt = Annotated[str | None, _opt("--left", help="The day they left (empty: still here).", metavar="DATE")]


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
    values = _given(code=code, name=name, unit=unit, role=role, start_date=start, left_date=left)
    _done(services.add_record(_store(ctx, db), "staff", values))


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
    values = _given(name=name, unit=unit, role=role, start_date=start, left_date=left)
    _done(services.edit_record(_store(ctx, db), "staff", code, values))


TrainerRoleOpt = Annotated[str | None, _opt(
    "--trainer-role", help="The trainer's role as the report names it (e.g. Phó Ban chỉ đạo ISO); empty: the "
    "role in the staff table.")]


@training_app.command("add")
def training_add(
    ctx: typer.Context,
    code: CodeArg,
    title: Annotated[str | None, _opt("--title", help="The course's title.")] = None,
    date: Annotated[str | None, _opt("--date", help="The day it was held.", metavar="DATE")] = None,
    trainer: Annotated[str | None, _opt("--trainer", help="Who taught it.")] = None,
    trainer_role: TrainerRoleOpt = None,
    hours: Annotated[str | None, _opt("--hours", help="Its length in hours.", metavar="N")] = None,
    letter: Annotated[str | None, _opt("--letter", help="The convening letter (e.g. 1138/BQL-VP).")] = None,
    material: Annotated[list[str] | None, _opt("--material", help="A course material (repeat).")] = None,
    attendee: Annotated[
        list[str] | None, _opt("--attendee", "-a", help="A staff code (repeat, or a comma list).")
    ] = None,
    qms: Annotated[bool, typer.Option("--qms/--not-qms", help="Does it count as QMS training?")] = True,
    db: DbOption = None,
) -> None:
    """Record a course with its attendees."""
    values = _given(
        code=code, title=title, date=date, trainer=trainer, trainer_role=trainer_role, hours=hours,
        letter_ref=letter, materials=material, attendees=attendee, qms=qms,
    )  # fmt: skip
    _done(services.add_record(_store(ctx, db), "trainings", values))


@training_app.command("edit")
def training_edit(
    ctx: typer.Context,
    code: CodeArg,
    title: Annotated[str | None, _opt("--title", help="The course's title.")] = None,
    date: Annotated[str | None, _opt("--date", help="The day it was held.", metavar="DATE")] = None,
    trainer: Annotated[str | None, _opt("--trainer", help="Who taught it.")] = None,
    trainer_role: TrainerRoleOpt = None,
    hours: Annotated[str | None, _opt("--hours", help="Its length in hours.", metavar="N")] = None,
    letter: Annotated[str | None, _opt("--letter", help="The convening letter (e.g. 1138/BQL-VP).")] = None,
    db: DbOption = None,
) -> None:
    """Change a course (its trainer's role as the report names it, its date, its letter)."""
    values = _given(title=title, date=date, trainer=trainer, trainer_role=trainer_role, hours=hours,
                    letter_ref=letter)
    _done(services.edit_record(_store(ctx, db), "trainings", code, values))


# -- objectives and plan tasks ------------------------------------------------------------------------

objective_app = typer.Typer(help="Quality objectives (clause 6.2).", no_args_is_help=True)
task_app = typer.Typer(help="Tasks of the yearly QMS plan.", no_args_is_help=True)

TitleOpt = Annotated[str | None, _opt("--title", help="The objective.")]
TargetOpt = Annotated[str | None, _opt("--target", help="The target value.", metavar="N")]
ObjUnitOpt = Annotated[str | None, _opt("--unit", help="The unit of the value (default: %).")]
MeasureOpt = Annotated[
    str | None,
    _opt("--measure", help="manual, on_time_rate, training_coverage, overdue_dossiers, overdue_ncs or a "
         "service-index indicator: index_2.1, index_2.2, index_3.3, index_3.6, index_4.1, index_4.2, index_5.2, "
         "index_5.4."),
]
HigherOpt = Annotated[
    bool | None, typer.Option("--higher-is-better/--lower-is-better", help="Direction.", show_default=False)
]
CurrentOpt = Annotated[str | None, _opt("--current", help="The current value (for manual measures).", metavar="N")]
YearOpt = Annotated[str | None, _opt("--year", help="The year it applies to.", metavar="YYYY")]


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
    values = _given(
        code=code, title=title, target=target, unit=unit, measure=measure,
        higher_is_better=higher_is_better, current=current, year=year,
    )  # fmt: skip
    _done(services.add_record(_store(ctx, db), "objectives", values))


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
    values = _given(
        title=title, target=target, unit=unit, measure=measure,
        higher_is_better=higher_is_better, current=current, year=year,
    )  # fmt: skip
    _done(services.edit_record(_store(ctx, db), "objectives", code, values))


PlanOpt = Annotated[str | None, _opt("--plan", help="The plan's number (e.g. 510/KH-BQL).")]
TaskOpt = Annotated[str | None, _opt("--task", help="What is to be done.")]
DeadlineOpt = Annotated[str | None, _opt("--deadline", help="Its deadline.", metavar="DATE")]
TaskStatusOpt = Annotated[str | None, _opt("--status", help="not_started, in_progress or done.")]


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
    values = _given(code=code, plan=plan, task=task, owner=owner, deadline=deadline, status=status)
    _done(services.add_record(_store(ctx, db), "plan_tasks", values))


@task_app.command("edit")
def task_edit(
    ctx: typer.Context,
    code: CodeArg,
    plan: PlanOpt = None,
    task: TaskOpt = None,
    owner: OwnerOpt = None,
    deadline: DeadlineOpt = None,
    status: TaskStatusOpt = None,
    done_date: Annotated[str | None, _opt("--done-date", help="When it was done.", metavar="DATE")] = None,
    db: DbOption = None,
) -> None:
    """Change a plan task."""
    values = _given(plan=plan, task=task, owner=owner, deadline=deadline, status=status, done_date=done_date)
    _done(services.edit_record(_store(ctx, db), "plan_tasks", code, values))


@task_app.command("done")
def task_done(ctx: typer.Context, code: CodeArg, date: DateOpt = None, db: DbOption = None) -> None:
    """Mark a plan task done."""
    _done(services.complete_task(_store(ctx, db), code, date))


# -- the change log -------------------------------------------------------------------------------------


def log_command(
    ctx: typer.Context,
    since: Annotated[str | None, _opt("--since", help="Only changes on or after this day.", metavar="DATE")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show the last N changes (0: all).")] = 50,
    db: DbOption = None,
    read_only: ReadOnlyOption = False,
) -> None:
    """Who changed what, and when (oldest first, newest last)."""
    first = None
    if since is not None:
        try:
            first = parse_date(since).isoformat()
        except ValueError as exc:
            raise ValidationError("log", [("since", str(exc))]) from None
    raw = _store(ctx, db, read_only).table("changelog")
    entries = [doc for _, doc in sorted(raw.items(), key=lambda item: int(item[0]) if item[0].isdigit() else 0)]
    if first:
        entries = [e for e in entries if str(e.get("at", ""))[:10] >= first]
    total = len(entries)
    if limit > 0:
        entries = entries[-limit:]
    if not entries:
        say("no changes" + (f" since {since}" if since else ""))
        return
    rows = [
        tuple(visible(cell, one_line=True) for cell in (
            _when(str(e.get("at", ""))), str(e.get("user", "")), str(e.get("action", "")), str(e.get("table", "")),
            str(e.get("record", "")), str(e.get("summary", ""))))
        for e in entries
    ]  # fmt: skip  # a hand-edited log entry prints as text, one line each
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        say("  ".join([*(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])), row[5]]).rstrip())
    if total > len(entries):
        say(f"(the last {len(entries)} of {total} changes; --limit 0 shows all)", err=True)


def _when(at: str) -> str:
    try:
        return datetime.fromisoformat(at).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return at

