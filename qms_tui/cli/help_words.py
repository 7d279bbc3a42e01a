"""``qms … --help`` in the command line's language, chosen when the help is shown, not when the code is imported.

The English help stays in the code (docstrings, ``help=``): typer needs it and it is the English catalogue's
source (``scripts/help_ids.py`` writes it there). Each help has a symbolic id derived from its place:
``hlp_qms`` for the root, ``hlp_<command path with _>`` for a command (``hlp_summary``, ``hlp_risk_add``),
``hlp_<path>__<param name>`` for a parameter (``hlp_risk_add__likelihood``, ``hlp_qms__lang``). ``prepare``
gives every command of a run a context whose help formatter first localizes the whole tree (``localize``) in
the session's language: a help the catalogue has is replaced by its words, one it lacks goes back to the English
kept on the object, so a later run (tests run many in one process) in another language starts from English.
The formatter also words click's own "Usage:", headings, "Show this message and exit." and the brackets.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from qms_tui.cli.click_words import root_lang
from qms_tui.locale import LANGS, catalogue, current, words

_HEADINGS = {"Options": "click_options", "Commands": "click_commands", "Arguments": "click_arguments"}
_ENGLISH = "_qms_english"


def help_id(path: tuple[str, ...], param: str | None = None) -> str:
    """The id of a command's help (``param`` None) or of one of its parameters' help."""
    base = "hlp_" + ("_".join(part.replace("-", "_") for part in path) if path else "qms")
    return f"{base}__{param}" if param else base


def helps(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any, str]]:
    """Every help of ``command`` and below: (id, the object holding it, its English text)."""
    english = getattr(command, _ENGLISH, {})
    text = english.get("help", command.help)
    if text:
        yield help_id(path), command, text
    for param in command.params:
        text = getattr(param, _ENGLISH, {}).get("help", getattr(param, "help", None))
        if text and param.name:
            yield help_id(path, param.name), param, text
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from helps(sub, (*path, name))


def localize(command: Any, lang: str) -> None:
    """Put the words of ``lang`` (else the English) into every help of ``command`` and below."""
    found = catalogue(lang)
    for msgid, holder, english in list(helps(command)):
        saved = holder.__dict__.setdefault(_ENGLISH, {})
        saved.setdefault("help", english)
        text = found.gettext(msgid)
        holder.help = english if text == msgid or lang == "en" else text


def session_lang() -> str:
    """The language of this run's help: the root's ``--lang`` before the command, else the session's."""
    lang = root_lang(sys.argv[1:])
    return lang if lang in LANGS else current()


class QmsFormatter(HelpFormatter):
    """Click's formatter with click's own words in the session's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, words("click_usage", session_lang()) + " " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        msgid = _HEADINGS.get(heading)
        super().write_heading(words(msgid, session_lang()) if msgid else heading)

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        lang = session_lang()
        if lang != "en":
            rows = [(term, _bracketed(text, lang)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def _bracketed(text: str, lang: str) -> str:
    if text == "Show this message and exit.":
        return words("click_help_option", lang)
    return (text.replace("[default: ", words("click_default", lang) + " ")
            .replace("[required]", words("click_required", lang)))


class QmsContext(Context):
    """A context whose help is localized just before it is formatted."""

    formatter_class = QmsFormatter

    def make_formatter(self) -> HelpFormatter:
        localize(self.find_root().command, session_lang())
        return super().make_formatter()


def prepare(command: Any) -> Any:
    """Give ``command`` and every command below it the localizing context; returns ``command``."""
    command.context_class = QmsContext
    for sub in getattr(command, "commands", {}).values():
        prepare(sub)
    return command
