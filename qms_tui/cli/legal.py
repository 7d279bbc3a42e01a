"""``qms legal``: the legal register (văn bản quy phạm pháp luật) a procedure's legal basis cites, with when each
document ends and what replaces or amends it (Decree 61/2018/NĐ-CP ends on 01/07/2025, replaced by Decree
118/2025/NĐ-CP). ``qms check`` flags procedures still citing a document after its end."""

from __future__ import annotations

from typing import Annotated

import typer

from qms_tui.cli.common import given, open_for_command
from qms_tui.cli.options import DbOption, ReadOnlyOption, opt
from qms_tui.cli.text import say
from qms_tui.locale import words

legal_app = typer.Typer(help="The legal register: add, edit, list.", no_args_is_help=True)


NumberArg = Annotated[str, typer.Argument(help="The document's number (e.g. 118/2025/NĐ-CP).", show_default=False)]
TitleOpt = Annotated[str | None, opt("--title", help="What it is about.")]
IssuedOpt = Annotated[str | None, opt("--issued", help="The day it was signed.", metavar="DATE")]
EffectiveOpt = Annotated[str | None, opt("--effective", help="The day it took effect.", metavar="DATE")]
EndsOpt = Annotated[str | None, opt("--ends", help="The first day it no longer applies (empty: clear).",
                                     metavar="DATE")]
ReplacedOpt = Annotated[str | None, opt("--replaced-by", help="The register's document that replaces it.")]
AmendsOpt = Annotated[str | None, opt("--amends", help="The register's document it amends.")]


@legal_app.command("add")
def legal_add(
    number: NumberArg, title: TitleOpt = None, issued: IssuedOpt = None, effective: EffectiveOpt = None,
    ends: EndsOpt = None, replaced_by: ReplacedOpt = None, amends: AmendsOpt = None, db: DbOption = None,
) -> None:
    """Add a legal document; --replaced-by and --amends name documents already in the register."""
    from qms_tui import services

    values = given(number=number, title=title, issued=issued, effective=effective, ends=ends,
                    replaced_by=replaced_by, amends=amends)
    say(str(services.add_record(open_for_command(db), "legal_documents", values)))


@legal_app.command("edit")
def legal_edit(
    number: NumberArg, title: TitleOpt = None, issued: IssuedOpt = None, effective: EffectiveOpt = None,
    ends: EndsOpt = None, replaced_by: ReplacedOpt = None, amends: AmendsOpt = None, db: DbOption = None,
) -> None:
    """Change a legal document (its end of effect and replacement when a new text repeals it)."""
    from qms_tui import services

    values = given(title=title, issued=issued, effective=effective, ends=ends, replaced_by=replaced_by,
                    amends=amends)
    say(str(services.edit_record(open_for_command(db), "legal_documents", number, values)))


@legal_app.command("list")
def legal_list(db: DbOption = None, read_only: ReadOnlyOption = False) -> None:
    """The register by effective date; ✗ marks a document no longer in force on the store's today."""
    from qms_tui.domain.dates import format_vn
    from qms_tui.domain.safety import visible

    qms = open_for_command(db, read_only).snapshot()
    documents = sorted(qms.legal_documents, key=lambda d: (d.effective or qms.today, d.number))
    for doc in documents:
        mark = " " if doc.in_force(qms.today) else "✗"
        line = f"{mark} {doc.number:<18} effective {format_vn(doc.effective, empty='—')}"
        if doc.ends:
            line += f", ends {format_vn(doc.ends)}"
        if doc.replaced_by:
            line += f", replaced by {doc.replaced_by}"
        if doc.amends:
            line += f", amends {doc.amends}"
        typer.echo(visible(f"{line}  {doc.title}".rstrip(), one_line=True))
    if not documents:
        say(words("cli_no_legal_documents"))
