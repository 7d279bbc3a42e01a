"""``qms org`` and ``qms field``: set up the agency itself and its TTHC fields (lĩnh vực).

``qms org set`` changes only the options given; a list option (``--unit``, ``--recipient``) given at all
replaces the whole list, in the order given, like every list option of ``qms``. ``--signer-title`` is the
signature block's title, one or two lines (``--signer-title "KT. GIÁM ĐỐC" --signer-title "PHÓ GIÁM ĐỐC"``).
Writes go through ``qms_tui.services`` (the TUI's forms use the same), errors end as one line and exit 1.
"""

from __future__ import annotations

from typing import Annotated

import typer

from qms_tui import services
from qms_tui.cli.common import given, open_for_command
from qms_tui.cli.options import DbOption, ReadOnlyOption, opt
from qms_tui.cli.text import say
from qms_tui.domain.problems import Fault
from qms_tui.domain.safety import visible
from qms_tui.locale import words
from qms_tui.store import ValidationError

org_app = typer.Typer(help="The organisation: names, report header and footer, units, TTHC remit.",
                      no_args_is_help=True)
field_app = typer.Typer(help="The agency's TTHC fields (lĩnh vực): add, edit, retire, restore, list.",
                        no_args_is_help=True)


def _signer_lines(titles: list[str] | None) -> dict[str, str]:
    """``--signer-title`` given once or twice: the signature block's first and second line."""
    if not titles:
        return {}
    if len(titles) > 2:
        raise ValidationError("organisation", [("signer_title", Fault("p_signer_two_lines"))])
    return {"signer_line1": titles[0], "signer_line2": titles[1] if len(titles) > 1 else ""}


@org_app.command("set")
def org_set(
    name: Annotated[str | None, opt("--name", help="The agency's full name (Sở Tư pháp tỉnh Nam Định).")] = None,
    short_name: Annotated[str | None, opt("--short-name", help="Its short name (STP).")] = None,
    parent_body: Annotated[
        str | None, opt("--parent-body", help="The body above it, top left of the report (ỦY BAN NHÂN DÂN TỈNH …).")
    ] = None,
    place: Annotated[str | None, opt("--place", help="The place in the report's dateline (Nam Định).")] = None,
    report_symbol: Annotated[
        str | None, opt("--report-symbol", help="The report's symbol after its number (BC-STP).")
    ] = None,
    recipient: Annotated[
        list[str] | None, opt("--recipient", help="A recipient under \"Nơi nhận\" (repeat; replaces the list).")
    ] = None,
    signer_name: Annotated[str | None, opt("--signer-name", help="Who signs the report.")] = None,
    signer_title: Annotated[
        list[str] | None,
        opt("--signer-title", help="The signer's title: one or two lines (repeat: KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC)."),
    ] = None,
    unit: Annotated[list[str] | None, opt("--unit", help="A unit (phòng, ban) (repeat; replaces the list).")] = None,
    tthc_in_remit: Annotated[
        str | None, opt("--tthc-in-remit", help="How many TTHC are in the agency's remit.", metavar="N")
    ] = None,
    remit_decision: Annotated[
        str | None, opt("--remit-decision", help="The decision that sets that number (1234/QĐ-UBND ngày …).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Set the organisation's details; only the options given change (the first time, --name is required)."""
    values = given(name=name, short_name=short_name, parent_body=parent_body, place=place,
                    report_symbol=report_symbol, recipients=recipient, signer_name=signer_name, units=unit,
                    tthc_in_remit=tthc_in_remit, tthc_remit_decision=remit_decision)
    values.update(_signer_lines(signer_title))
    if not values:
        raise typer.BadParameter("give at least one option to change (see qms org set --help)")
    say(services.set_organisation(open_for_command(db), values))


def N_(msgid: str) -> str:  # an id the extractor finds, worded when shown (locale/computed.py's convention)
    return msgid


ORG_LINES = (
    ("name", N_("org_show_name")), ("short_name", N_("org_show_short_name")),
    ("parent_body", N_("org_show_parent_body")), ("place", N_("org_show_place")),
    ("report_symbol", N_("org_show_report_symbol")), ("signer_line1", N_("org_show_signer_line1")),
    ("signer_line2", N_("org_show_signer_line2")), ("signer_name", N_("org_show_signer_name")),
    ("tthc_in_remit", N_("org_show_tthc_in_remit")), ("tthc_remit_decision", N_("org_show_remit_decision")),
)
"""Each line of ``qms org show``: the attribute and the id of its label."""


@org_app.command("show")
def org_show(db: DbOption = None, read_only: ReadOnlyOption = False) -> None:
    """Print the organisation's details, one per line."""
    org = open_for_command(db, read_only).snapshot().organisation
    labels = {attribute: words(msgid) + ":" for attribute, msgid in ORG_LINES}
    lists = ((words("org_show_units") + ":", org.units), (words("org_show_recipients") + ":", org.recipients))
    width = max(18, *(len(label) + 1 for label in labels.values()))
    for attribute, _msgid in ORG_LINES:
        value = getattr(org, attribute)
        shown = visible(str(value), one_line=True) if value not in ("", None) else "—"
        typer.echo(f"{labels[attribute]:{width}} {shown}")
    for label, items in lists:
        typer.echo(label if items else f"{label:{width}} —")
        for item in items:
            typer.echo(f"  - {visible(item, one_line=True)}")


# -- fields ---------------------------------------------------------------------------------------

CodeArg = Annotated[str, typer.Argument(help="The field's code (what procedures store, e.g. ho_tich).",
                                        show_default=False)]
FieldNameOpt = Annotated[str | None, opt("--name", help="The field's Vietnamese name (Hộ tịch).")]
FieldNameEnOpt = Annotated[str | None, opt("--name-en", help="Its English name (Civil status).")]


@field_app.command("add")
def field_add(code: CodeArg, name: FieldNameOpt = None, name_en: FieldNameEnOpt = None, db: DbOption = None) -> None:
    """Add a TTHC field; procedures then take it by code or name (--field ho_tich or --field "Hộ tịch")."""
    result = services.add_field(open_for_command(db), given(code=code, name=name, name_en=name_en))
    say(result)


@field_app.command("edit")
def field_edit(code: CodeArg, name: FieldNameOpt = None, name_en: FieldNameEnOpt = None, db: DbOption = None) -> None:
    """Rename a field: every screen and report shows the new name."""
    result = services.edit_field(open_for_command(db), code, given(name=name, name_en=name_en))
    say(result)


@field_app.command("retire")
def field_retire(
    code: CodeArg,
    date: Annotated[str | None, opt("--date", help="The day (default: the store's today).", metavar="DATE")] = None,
    db: DbOption = None,
) -> None:
    """Retire a field no procedure in force belongs to (it stays on record; its past dossiers still count)."""
    say(services.retire_field(open_for_command(db), code, date))


@field_app.command("restore")
def field_restore(code: CodeArg, db: DbOption = None) -> None:
    """Put a retired field back in use: procedures may take it again."""
    say(services.restore_field(open_for_command(db), code))


@field_app.command("list")
def field_list(
    all_: Annotated[bool, typer.Option("--all", help="Retired fields too.")] = False,
    db: DbOption = None,
    read_only: ReadOnlyOption = False,
) -> None:
    """The fields: code, TTHC procedures in force, name (and English name); retired ones with --all."""
    qms = open_for_command(db, read_only).snapshot()
    counts = qms.tthc_by_field()
    shown = [f for f in qms.fields if all_ or f.retired is None]
    if not shown:
        typer.echo("no fields yet: add one with qms field add CODE --name \"…\"")
        return
    width = max(len(f.code) for f in shown)
    for f in shown:
        name = f.name + (f" ({f.name_en})" if f.name_en else "")
        retired = f" · retired {f.retired:%d/%m/%Y}" if f.retired else ""
        line = f"{f.code:{width}}  {counts.get(f.code, 0):3}  {name}{retired}"
        typer.echo(visible(line, one_line=True))
    if not qms.fields_stored:
        typer.echo("note: this store was written before fields were data; these are derived from its procedures",
                   err=True)
