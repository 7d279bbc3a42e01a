"""``qms serve``: the app in a browser (textual-serve), read-only and on this machine only unless told."""

from __future__ import annotations

import os
import shlex
import sys
from typing import Annotated

import typer

from qms_tui.cli import LangOption, ThemeOption
from qms_tui.cli.common import ROOT_OPTIONS, choose_language, open_for_command
from qms_tui.cli.options import AsOfOption, DbOption
from qms_tui.cli.text import error_line, say
from qms_tui.domain.safety import visible
from qms_tui.i18n import t
from qms_tui.locale import words


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="The address to listen on; anything but 127.0.0.1, ::1 or "
                                      "localhost lets other machines see the QMS.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The port to listen on.")] = 8000,
    read_only: Annotated[bool, typer.Option("--read-only/--writable", help="Whether the browser may change the "
                                            "store (read-only by default).")] = True,
    lang: LangOption = None,
    as_of: AsOfOption = None,
    theme: ThemeOption = None,
) -> None:
    """Serve the app to a browser (textual-serve): read-only, on this machine only, unless told otherwise.

    Each browser tab runs its own app, as `qms --read-only` with the same --db, --lang, --as-of and --theme.
    From another computer, tunnel over SSH: ssh -L 8000:localhost:8000 HOST, then open http://localhost:8000."""
    from qms_tui.config import CHOICES
    from qms_tui.serve import ServeError, bind_problem, check_port, is_loopback, make_server

    language = choose_language(lang)
    theme = theme or _root("theme")
    if theme is not None and theme not in CHOICES["theme"]:
        raise typer.BadParameter(words("cli_choose_one_of", value=repr(theme), choices=", ".join(CHOICES["theme"])),
                                 param_hint="--theme")
    read_only = read_only or bool(ROOT_OPTIONS["read_only"])
    as_of = as_of or _root("as_of")
    store = open_for_command(db, read_only, as_of)
    store.snapshot()  # a missing or damaged store is refused now, in one line, not in each browser tab
    try:
        if not is_loopback(host):
            say(t("serve_public", language).format(host=host), err=True)
        check_port(host, port)
    except ServeError as exc:
        _fail(str(exc))
    command = [sys.executable, "-m", "qms_tui", "--db", str(store.path.absolute()), "--lang", language]
    command += ["--read-only"] if read_only else []
    command += ["--theme", theme] if theme else []
    command += ["--as-of", as_of] if as_of else []
    shown = f"[{host}]" if ":" in host else host
    mode = t("serve_read_only", language) if read_only else t("serve_writable", language)
    banner = t("serve_banner", language).format(path=store.path, mode=mode, url=f"http://{shown}:{port}")
    os.environ["TERM"] = "xterm-256color"  # the browser's terminal, not this one (TERM=linux: 16 colours)
    server = make_server(shlex.join(command), host, port, banner=visible(banner))
    try:
        server.serve()
    except OSError as exc:  # taken between the check and the start
        _fail(bind_problem(host, port, exc))


def _fail(message: str) -> None:
    typer.echo(error_line(message), err=True)
    raise typer.Exit(1)


def _root(key: str) -> str | None:
    value = ROOT_OPTIONS.get(key)
    return str(value) if value else None
