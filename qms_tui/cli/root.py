"""The whole ``qms`` command as typer builds it: the root options, the command table, help, and how a run's
errors end (one clear line on stderr and an exit code: 1 invalid input or data, 2 the store cannot be used;
never a traceback). Output that cannot be written (``-o`` onto the store's own files: ``outputs``;
``> /dev/full``: exit 1) too, except a pipe closed by its reader (``| head``), which ends quietly with exit 1,
as Click and Python's advice on SIGPIPE do.

Every ``qms`` run is a one-shot process, so its start-up time is most of what the user waits for:
``main()`` imports and registers only the command named on the command line (``qms dossier resolve …``
loads ``cli_data``, not the reports, Rich or Textual). ``qms``, ``qms --help``, an unknown command and
shell completion get the whole ``app``: every command of ``COMMANDS``, in its order. ``qms summary`` with
plain options does not come here at all (``cli/quick.py``), except to end an error.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import inspect
import os
import sys
from collections.abc import Callable, Iterable
from functools import cache
from typing import Annotated, Any, NoReturn

import typer
import typer.core
import typer.main

from qms_tui.cli.click_words import root_options
from qms_tui.cli.click_words import show as show_usage_error
from qms_tui.cli.common import ROOT_OPTIONS, choose_language, completing, open_for_command
from qms_tui.cli.help_words import prepare
from qms_tui.cli.options import AsOfOption, DbOption, ReadOnlyOption
from qms_tui.cli.text import VisibleWriter, error_line
from qms_tui.config import ConfigError
from qms_tui.locale import use, words
from qms_tui.store import StoreError, ValidationError

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("qms_tui.cli.store", "init"),
    "summary": ("qms_tui.cli.store", "summary"),
    "check": ("qms_tui.cli.store", "check"),
    "restore": ("qms_tui.cli.store", "restore"),
    "rollup": ("qms_tui.cli.rollup", "rollup"),
    "org": ("qms_tui.cli.org", "org_app"),
    "field": ("qms_tui.cli.org", "field_app"),
    "import": ("qms_tui.cli.data", "import_app"),
    "export": ("qms_tui.cli.data", "export_app"),
    "dossier": ("qms_tui.cli.dossier", "dossier_app"),
    "procedure": ("qms_tui.cli.registers", "procedure_app"),
    "legal": ("qms_tui.cli.legal", "legal_app"),
    "risk": ("qms_tui.cli.registers", "risk_app"),
    "staff": ("qms_tui.cli.registers", "staff_app"),
    "training": ("qms_tui.cli.registers", "training_app"),
    "objective": ("qms_tui.cli.registers", "objective_app"),
    "task": ("qms_tui.cli.registers", "task_app"),
    "log": ("qms_tui.cli.data", "log_command"),
    "due": ("qms_tui.cli.due", "due"),
    "serve": ("qms_tui.cli.serve", "serve"),
    "report": ("qms_tui.cli.report", "report_app"),
    "calendar": ("qms_tui.cli.calendar", "calendar_app"),
    "config": ("qms_tui.cli.config", "config_app"),
    "audit": ("qms_tui.cli.audit", "audit_app"),
    "nc": ("qms_tui.cli.nc", "nc_app"),
    "review": ("qms_tui.cli.review", "review_app"),
    "review-pack": ("qms_tui.cli.review_pack", "review_pack_command"),
    "clauses": ("qms_tui.cli.review_pack", "clauses_command"),
    "index": ("qms_tui.cli.index", "index_app"),
    "feedback": ("qms_tui.cli.service", "feedback_app"),
    "survey": ("qms_tui.cli.service", "survey_app"),
}
"""Each top-level command: the module and attribute defining it, a ``typer.Typer`` (a group of commands)
or a function (one command). ``qms --help`` lists the functions first, then the groups, each in this order."""


class QmsGroup(typer.core.TyperGroup):
    """A group whose command list shows each command's first sentence whole, wrapped if need be.

    Click cuts a command's description to what fits beside the longest name on one line ("Create a store:
    a copy of the demo QMS (default) or an...") unless it has a ``short_help``, and ends it at the first
    full stop ("(e.g."). Our docstrings' first paragraph is the summary: shown whole."""

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, _summary(command)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _summary(command: Any) -> str:
    """A command's ``short_help``, else the first paragraph of its help, on one line."""
    if command.short_help:
        return " ".join(command.short_help.split())
    first = inspect.cleandoc(command.help or "").split("\n\n", 1)[0]
    return " ".join(first.replace("\b", "").split())


def _show_version(value: bool) -> None:
    if value:
        from qms_tui import __version__

        typer.echo(f"qms-tui {__version__}")
        raise typer.Exit()


ThemeOption = Annotated[
    str | None,
    typer.Option("--theme", help="default, light or ansi (16 colours) (default: $QMS_THEME, else the settings file).",
                 show_default=False),
]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="vi or en (default: $QMS_LANG, else the settings file, else vi).", show_default=False),
]
VersionOption = Annotated[
    bool, typer.Option("--version", is_eager=True, callback=_show_version, help="Print the version and exit.")
]


def main_callback(
    ctx: typer.Context,
    db: DbOption = None,
    read_only: ReadOnlyOption = False,
    theme: ThemeOption = None,
    lang: LangOption = None,
    as_of: AsOfOption = None,
    version: VersionOption = False,
) -> None:
    """With no command, open the TUI on the chosen store."""
    from qms_tui.config import CHOICES

    if theme is not None and theme not in CHOICES["theme"]:
        raise typer.BadParameter(words("cli_choose_one_of", value=repr(theme), choices=", ".join(CHOICES["theme"])),
                                 param_hint="--theme")
    ROOT_OPTIONS.update(db=db, read_only=read_only, theme=theme, lang=lang, as_of=as_of)
    if ctx.invoked_subcommand is not None:
        return
    from qms_tui.labels import set_lang

    set_lang(choose_language(lang))  # before the app's modules are imported: their key labels are made then
    from qms_tui.tui.launch import run_app  # imported here so that CLI commands never load Textual

    store = open_for_command(db, read_only)
    run_app(store, theme=theme)  # a damaged store is refused in one line (StoreError, below), opened or not


def build_app(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """``qms`` with the commands ``names`` (all by default), importing only the modules defining them."""
    app = typer.Typer(
        help="Review a TCVN ISO 9001:2015 quality management system from the terminal.",
        no_args_is_help=False,
        add_completion=True,  # typer's --install-completion / --show-completion: typer.main loads them anyway
        rich_markup_mode=None,
        cls=QmsGroup,
        pretty_exceptions_enable=False,
    )
    app.callback(invoke_without_command=True)(main_callback)
    for name in names:
        module, attribute = COMMANDS[name]
        command = getattr(importlib.import_module(module), attribute)
        if isinstance(command, typer.Typer):
            app.add_typer(command, name=name, cls=QmsGroup)
        else:
            app.command(name)(command)
    return app


@cache
def full_app() -> typer.Typer:
    """``qms`` with every command (for help, completion, unknown commands and ``typer.testing``)."""
    return build_app()


def __getattr__(name: str) -> Any:
    """``app``: the whole ``qms``, built on first use (``from qms_tui.cli import app`` still works)."""
    if name == "app":
        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def command_named(args: list[str]) -> str | None:
    """The command that ``args`` (the arguments of ``qms``) run: the first one after the root options
    ``--db FILE``, ``--theme NAME``, ``--lang XX``, ``--as-of DAY`` and ``--read-only``; ``None`` for no
    command, an unknown one, or anything else first (``--help``, a mistyped option, ``--``), which only the
    whole ``qms`` can answer as before."""
    _, end = root_options(args)
    return args[end] if end is not None and end < len(args) and args[end] in COMMANDS else None


def opens_the_app(args: list[str]) -> bool:
    """Whether ``args`` are root options alone, each valued one with its value: ``qms`` opening the TUI, which
    needs no command's module (``qms --db X`` imported all thirty, 76 modules, before the screen opened)."""
    return root_options(args)[1] == len(args)


def main() -> None:
    """Entry point: turns store and validation errors into one line and an exit code."""
    args = sys.argv[1:]
    name = None if completing() else command_named(args)
    if name:
        app = build_app([name])
    elif not completing() and opens_the_app(args):
        app = build_app([])
    else:
        app = full_app()
    use("")  # this run's language: its --lang, else QMS_LANG or the settings file (not an earlier run's)
    command = prepare(typer.main.get_command(app))  # its help in this run's language when shown
    outcome(lambda: command(standalone_mode=False, prog_name="qms"))


def outcome(run: Callable[[], object]) -> None:
    """Run ``run`` (the app), flush stdout, and end as ``qms`` ends: an error in one line and its exit code,
    a non-zero code returned by the app as the exit code."""
    try:
        try:
            code = run()  # usage errors come back here, to be printed escaped
        finally:
            if sys.stdout is not None:  # None: started with stdout closed (``>&-``)
                sys.stdout.flush()  # now, not at exit: a failed write must fail this run (``qms summary > /dev/full``)
    except typer.TyperException as exc:  # click's usage errors: they echo what was typed, so escaped
        show = getattr(exc, "show", None)
        if show is not None:
            show_usage_error(exc, VisibleWriter(sys.stderr))  # click's layout, in the command's language
        else:
            typer.echo(error_line(exc), err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo(words("cli_aborted"), err=True)
        sys.exit(1)
    except (StoreError, ConfigError) as exc:
        typer.echo(error_line(exc), err=True)
        sys.exit(exc.exit_code)
    except ValidationError as exc:
        typer.echo(error_line(exc), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        _write_failed(exc)
    if isinstance(code, int) and code:
        sys.exit(code)


def end_quick_run(failure: BaseException) -> None:
    """End a run of the quick path (``cli/quick.py``) that raised ``failure`` exactly as the same command run
    by the app ends: first as typer's ``_main`` turns what a command raises (end of input: a blank line and
    "Aborted!"; Ctrl-C: exit 130; a closed pipe: exit 1 quietly), then as ``outcome`` does."""

    def command() -> object:
        try:
            raise failure
        except EOFError as exc:
            typer.echo(file=sys.stderr)
            raise typer.Abort() from exc
        except KeyboardInterrupt:
            return 130
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                from typer._click.utils import PacifyFlushWrapper

                sys.stdout = PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
                sys.stderr = PacifyFlushWrapper(sys.stderr)  # type: ignore[assignment]
                sys.exit(1)
            raise

    outcome(command)


def _write_failed(exc: OSError) -> NoReturn:
    """An unhandled ``OSError``, in practice stdout that cannot be written (``> /dev/full``, a closed pipe).

    A closed pipe (``qms export dossiers | head -1``) ends quietly with exit 1, as Click and Python's
    own advice do; anything else says so in one line. Either way what stdout still holds is dropped (fd 1
    goes to /dev/null), so that Python's flush at exit cannot add an "Exception ignored" message.
    """
    if exc.filename is None:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if exc.errno != errno.EPIPE:
        where = exc.filename if exc.filename is not None else "standard output"
        typer.echo(error_line(f"cannot write {where}: {exc.strerror or exc}"), err=True)
    sys.exit(1)

