"""Click's own words around a usage error (``Usage:``, ``Error:``, ``Invalid value for …``, ``Missing option``)
in the command line's language.

Typer carries its own copy of click (``typer._click``), whose messages are English f-strings, not gettext
calls: nothing can translate them after the fact. So ``show`` prints a usage error the way click's
``UsageError.show`` does, but with our words (``click_…`` in the catalogues) for the parts click builds from
the exception's fields: the usage line's heading, the help hint, ``Error:``, a bad value, a missing option or
argument, an unknown option; the whole messages click and typer build (``No such command 'x'.``, ``Got
unexpected extra argument(s)``, ``'x' is not a valid integer.``) are read back by their pattern and worded
again. The root's ``--lang`` before the command (``qms --lang en nosuch``) chooses the language even when the
error comes before the root's own code ran. A message no pattern knows is printed as it is.
"""

from __future__ import annotations

import re
import sys
from typing import IO, Any

from qms_tui.locale import LANGS, current, nwords, use, words

_NO_SUCH_COMMAND = re.compile(r"No such command (.+?)\.(?: Did you mean (.+)\?)?")
_EXTRA = re.compile(r"Got unexpected extra arguments? ?(?:\(s\))? \((.*)\)")
_NOT_VALID = re.compile(r"(.+) is not a valid (integer|int|float|int range|float range|boolean|uuid|datetime)\.?"
                        r"(?: Recognized values: (.*))?")
_NOT_IN_RANGE = re.compile(r"(.+) is not in the range (.+)\.")
_NO_FORMAT = re.compile(r"(.+) does not match the formats (.+)\.")
_ROOT_VALUED = ("--db", "--theme", "--lang", "--as-of")


def root_options(args: list[str]) -> tuple[dict[str, str], int | None]:
    """The options given to ``qms`` itself, before the command (``--db FILE``, ``--theme NAME``, ``--lang XX``,
    ``--as-of DAY``, ``--read-only``), and the index of the first argument after them; ``None`` as the index
    when the last valued option has no value (``qms --db``), which only click can answer."""
    found: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        name, equals, value = arg.partition("=")
        if arg in _ROOT_VALUED:
            if i + 1 >= len(args):
                return found, None
            found[arg] = args[i + 1]
            i += 2
        elif equals and name in _ROOT_VALUED:
            found[name] = value
            i += 1
        elif arg == "--read-only":
            found[arg] = ""
            i += 1
        else:
            break
    return found, i


def root_lang(args: list[str]) -> str | None:
    """The ``--lang`` given to ``qms`` itself, before the command (``qms --lang en risk edit``), if any."""
    value = root_options(args)[0].get("--lang")
    return value.strip().lower()[:2] if value is not None else None


def show(exc: Any, file: IO[str]) -> None:
    """Print ``exc`` (a click ``UsageError``) as click would, in the command line's language."""
    lang = root_lang(sys.argv[1:])
    if lang in LANGS and lang != current():
        use(lang)  # the error came before the root's callback could choose it
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage()
        if usage.startswith("Usage: "):
            usage = words("click_usage") + " " + usage.removeprefix("Usage: ")
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = words("click_try_help", command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        file.write(f"{usage}\n{hint}\n")
    file.write(words("click_error", message=message(exc)) + "\n")
    file.flush()


def message(exc: Any) -> str:
    """What went wrong, worded from the exception's fields when click's class is one we know."""
    kind = type(exc).__name__
    if kind == "MissingParameter":
        return _missing(exc)
    if kind == "NoSuchOption" and exc.message.startswith("No such option: "):
        text = words("click_no_such_option", name=exc.option_name)
        if exc.possibilities:
            text += " " + nwords("click_did_you_mean", len(exc.possibilities),
                                 names=", ".join(sorted(exc.possibilities)))
        return text
    if hasattr(exc, "param_hint"):  # BadParameter and its kin
        hint = _hint(exc)
        if hint is None:
            return words("click_invalid_value", message=_value_message(exc.message))
        return words("click_invalid_value_for", param_hint=hint, message=_value_message(exc.message))
    text = exc.format_message()
    if found := _NO_SUCH_COMMAND.fullmatch(text):
        said = words("click_no_such_command", name=found[1])
        return said + " " + words("click_did_you_mean_command", names=found[2]) if found[2] else said
    if found := _EXTRA.fullmatch(text):
        return words("click_extra_arguments", args=found[1])
    return text


def _value_message(text: str) -> str:
    """Click's sentence about a bad value, in our words when its pattern is known."""
    if found := _NOT_VALID.fullmatch(text):
        kinds = {"integer": words("click_type_int"), "int": words("click_type_int"),
                 "float": words("click_type_float"), "int range": words("click_type_int"),
                 "float range": words("click_type_float"), "boolean": words("click_type_bool"),
                 "uuid": "UUID", "datetime": words("click_type_datetime")}
        said = words("click_not_valid", value=found[1], kind=kinds[found[2]])
        return f"{said} ({found[3]})" if found[3] else said
    if found := _NOT_IN_RANGE.fullmatch(text):
        return words("click_not_in_range", value=found[1], range=found[2])
    if found := _NO_FORMAT.fullmatch(text):
        return words("click_no_format", value=found[1], formats=found[2])
    return text


def _hint(exc: Any) -> str | None:
    hint = exc.param_hint
    if hint is None and getattr(exc, "param", None) is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    if hint is None:
        return None
    return " / ".join(repr(x) for x in hint) if isinstance(hint, list | tuple) else str(hint)


def _missing(exc: Any) -> str:
    hint = _hint(exc)
    kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
    if kind == "argument":
        missing = words("click_missing_argument")
    elif kind == "option":
        missing = words("click_missing_option")
    else:
        missing = words("click_missing_parameter")
    text = f"{missing} {hint}." if hint else f"{missing}."
    return f"{text} {exc.message}" if exc.message else text
