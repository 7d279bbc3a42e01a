"""Click's own words around a usage error (``Usage:``, ``Error:``, ``Invalid value for …``, ``Missing option``)
in the command line's language.

Typer carries its own copy of click (``typer._click``), whose messages are English f-strings, not gettext
calls: nothing can translate them after the fact. So ``show`` prints a usage error the way click's
``UsageError.show`` does, but with our words (``click_…`` in the catalogues) for the parts click builds from
the exception's fields: the usage line's heading, the help hint, ``Error:``, a bad value, a missing option or
argument, an unknown option. A message click made whole (``No such command 'x'.``) is printed as it is.
"""

from __future__ import annotations

from typing import IO, Any

from qms_tui.locale import nwords, words


def show(exc: Any, file: IO[str]) -> None:
    """Print ``exc`` (a click ``UsageError``) as click would, in the command line's language."""
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
            return words("click_invalid_value", message=exc.message)
        return words("click_invalid_value_for", param_hint=hint, message=exc.message)
    return exc.format_message()


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
