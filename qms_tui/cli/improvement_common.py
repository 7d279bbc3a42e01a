"""What ``qms audit``, ``qms nc`` and ``qms review`` share: choices typed with aliases, code lists, listing.

The writes themselves are ``services.improvement``, ``services.audits`` and ``services.reviews``, the same
functions the Improvement screen's forms call. Invalid input and broken rules end with one ``qms: …`` line
and exit code 1 (``ValidationError``); store problems exit 2 (``StoreError``). Dates are typed as
dd/mm/yyyy or YYYY-MM-DD; ``--date`` defaults to the store's as-of date.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import typer

from qms_tui.cli.options import date_opt, opt
from qms_tui.cli.text import say
from qms_tui.domain.dates import format_vn
from qms_tui.domain.safety import json_visible, visible
from qms_tui.domain.text import fold
from qms_tui.locale import words
from qms_tui.store import ValidationError

WIDTH = 80

DateOpt = date_opt("The day (default: the store's as-of date).")
DeadlineOpt = Annotated[str | None, opt("--deadline", help="The deadline.", metavar="DATE")]
OwnerOpt = Annotated[str | None, opt("--owner", help="Who is responsible (a unit or a person).")]


def items(values: list[str] | None) -> list[str]:
    """Repeated options, each of which may also be a comma-separated list."""
    result: list[str] = []
    for value in values or []:
        result.extend(part.strip() for part in value.split(",") if part.strip())
    return list(dict.fromkeys(result))


def choice(value: str, allowed: tuple[str, ...], aliases: dict[str, str], what: str, name: str) -> str:
    """``value`` as one of ``allowed``, also by an alias (folded: no case, no diacritics, ``-`` = ``_``)."""
    key = fold(value).replace("-", "_").replace(" ", "_")
    for one in allowed:
        if key == fold(one):
            return one
    found = aliases.get(key)
    if found:
        return found
    raise ValidationError(what, [(name, f"{value!r} is not one of {', '.join(allowed)}")])


def said(table: str, code: str, summary: str) -> None:
    say(f"{table} {code}: {summary}")


def fit(line: str, width: int = WIDTH) -> str:
    line = visible(line, one_line=True)
    return line if len(line) <= width else line[: width - 1] + "…"


def echo_json(data: Any) -> None:
    typer.echo(json_visible(json.dumps(data, ensure_ascii=False, indent=2)))


def list_format(fmt: str) -> str:
    if fmt not in ("text", "json"):
        raise typer.BadParameter(words("cli_choose_one_of", value=repr(fmt), choices="text, json"),
                                 param_hint="--format")
    return fmt


def d(value: date | None) -> str:
    return format_vn(value)
