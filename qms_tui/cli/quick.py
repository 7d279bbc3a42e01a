"""``qms summary`` without typer or click: the arguments read by a small parser and the command run at once.

Importing typer and click, and building the command from its annotations, is about a tenth of the time a
summary of a 100,000-dossier store takes (issue #15). This path takes only what it can read for certain:
``qms summary`` followed by the options below, each at most once, as ``--name value``, ``--name=value`` or
``-f value``, every value non-empty and not starting with ``-``, and it checks every value the command would
refuse (language, format, dates, a period that ends before it starts) before anything is read. Anything else
— ``--help``, a root option before the command, an unknown option, a value the command refuses, shell
completion — returns ``False``, and ``cli/root.py``'s typer app runs as before, with its exact help, errors
and exit codes. ``tests/cli/test_quick_summary.py`` checks that both paths print the same bytes and end
with the same codes, and that ``OPTIONS`` and ``FLAGS`` are the typer command's options.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from qms_tui.cli.common import choose_format, choose_language, completing, option_date
from qms_tui.domain.dates import parse_date

COMMAND = "summary"
OPTIONS = {"--db": "db", "--from": "start", "--to": "end", "--as-of": "as_of", "--format": "fmt", "-f": "fmt",
           "--output": "output", "-o": "output", "--lang": "lang"}
"""``qms summary``'s options that take a value, by the parameter of ``cli.store.summary`` they set."""
FLAGS = {"--read-only": "read_only", "--full": "full"}
"""Its flags (no ``--no-…`` forms)."""


def parse(args: list[str]) -> dict[str, object] | None:
    """``args`` (after ``qms``) as ``run_summary``'s keyword arguments, or ``None`` if they are not plain."""
    if not args or args[0] != COMMAND:
        return None
    values: dict[str, object] = {"db": None, "start": None, "end": None, "as_of": None, "fmt": None,
                                 "output": None, "lang": None, "read_only": False, "full": False}
    seen: set[str] = set()
    rest = args[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        name, has_value, value = arg.partition("=")
        if name in FLAGS and not has_value:
            key = FLAGS[name]
            found: object = True
            i += 1
        elif name in OPTIONS and ((has_value and name.startswith("--")) or (not has_value and i + 1 < len(rest))):
            key = OPTIONS[name]
            found = value if has_value else rest[i + 1]
            i += 1 if has_value else 2
            if not found or str(found).startswith("-"):
                return None
        else:
            return None
        if key in seen:
            return None
        seen.add(key)
        values[key] = found
    if values["output"] is not None:
        values["output"] = Path(str(values["output"]))
    return values


def refused(values: dict[str, object]) -> bool:
    """Whether the command would refuse one of ``values`` with a usage error (then typer says so): checked
    here, before the store is read, so that falling back never repeats what a run did."""
    from qms_tui.config import as_of_mode

    try:
        choose_language(values["lang"])  # type: ignore[arg-type]
        choose_format(COMMAND, values["output"], values["fmt"])  # type: ignore[arg-type]
        mode = as_of_mode(values["as_of"]).value or "pinned"  # type: ignore[arg-type]
        if mode.strip().lower() not in ("today", "pinned"):
            parse_date(mode)  # as ``open_for_command`` reads it
        start = option_date(values["start"], "--from")  # type: ignore[arg-type]
        end = option_date(values["end"], "--to")  # type: ignore[arg-type]
    except Exception:  # a usage error (typer's), a bad settings file: the app says which, as always
        return True
    return end is not None and (start is None or end < start)  # --to alone: whether it is too early depends
    # on the store's default period, which only the command reads


def run_quick(args: list[str]) -> bool:
    """Run ``qms ARGS`` here if it is a plain ``qms summary``; ``False`` if the typer app must."""
    if completing():
        return False
    values = parse(args)
    if values is None or refused(values):
        return False
    from qms_tui.cli.summary import run_summary
    from qms_tui.locale import use

    collecting = gc.isenabled()
    gc.disable()  # one run of bounded size: no collection pauses while a big store is read (back on after)
    use("")
    try:
        try:
            run_summary(**values)  # type: ignore[arg-type]
        finally:
            if collecting:
                gc.enable()
            if sys.stdout is not None:
                sys.stdout.flush()
    except (Exception, KeyboardInterrupt) as failure:
        from qms_tui.cli.root import end_quick_run  # the typer app's ending of errors, imported only then

        end_quick_run(failure)
    return True
