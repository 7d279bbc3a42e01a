"""``qms init``, ``qms summary``, ``qms check`` and ``qms restore``: create a store, print its one-page status,
validate it (its files and backups too), put a backup back."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from qms_tui.cli.common import ROOT_OPTIONS, open_for_command
from qms_tui.cli.options import AsOfOption, DbOption, ReadOnlyOption
from qms_tui.cli.summary import run_summary
from qms_tui.cli.text import in_language, say
from qms_tui.domain.problems import Fault
from qms_tui.domain.validation import check as check_store
from qms_tui.locale import nwords, words
from qms_tui.reports.formats import SUMMARY_FORMATS
from qms_tui.store import Store, StoreCorruptError, create_store, resolve_path

LangOption = Annotated[str | None, typer.Option("--lang", help="vi or en (default: $QMS_LANG, else vi).")]


def _open(db: str | None, read_only: bool = False, as_of: str | None = None, output: Path | None = None) -> Store:
    return open_for_command(db, read_only, as_of, output)


def init(
    db: DbOption = None,
    demo: Annotated[bool, typer.Option("--demo/--empty", help="Start from the demo data or empty.")] = True,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing store (kept as its newest backup).")
    ] = False,
) -> None:
    """Create a store: a copy of the demo QMS (default) or an empty one."""
    path = resolve_path(db or (str(ROOT_OPTIONS['db']) if ROOT_OPTIONS['db'] else None))  # `qms --db X init` too
    replacing = path.exists()
    create_store(path, demo=demo, overwrite=force)
    say(words("cli_created_demo", path=path) if demo else words("cli_created_empty", path=path))
    if replacing:
        say(words("cli_replaced_kept", path=Store(path).newest_backup()))


def summary(
    db: DbOption = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: 1 January).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: the as-of date).")] = None,
    as_of: AsOfOption = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"One of {', '.join(SUMMARY_FORMATS)}.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    lang: LangOption = None,
    read_only: ReadOnlyOption = False,
    full: Annotated[bool, typer.Option("--full", help="Every overdue or soon-due dossier and every untrained "
                                       "person, beyond one page.")] = False,
) -> None:
    """The one-page status for a meeting: dossiers, risks, training, procedures, findings."""
    run_summary(db, start, end, as_of, fmt, output, lang, read_only, full)


def check(
    db: DbOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Findings and setup steps left also make the exit code 1.")
    ] = False,
    read_only: ReadOnlyOption = False,
    as_of: AsOfOption = None,
) -> None:
    """Check every file of the store and of its backups, then validate the data (schema, references, dates,
    reconciliation) and list compliance findings (on the --as-of day when given: e.g. a legal basis that
    has been repealed by then).

    A new store's missing pieces (organisation, units, fields, procedures, staff) are listed as setup
    steps: not errors, so the exit code stays 0 unless --strict."""
    from qms_tui.domain.setup import setup_steps

    store = _open(db, read_only, as_of)
    _check_files(store)
    qms = store.snapshot()
    steps = setup_steps(qms)
    problems = check_store(qms)
    from qms_tui.store.aggregates import aggregate_problem

    problem = aggregate_problem(store, qms.dossier_docs)
    if problem:
        problems.append(problem)
    findings = qms.findings()
    for step in steps:
        say(words("chk_setup_line", what=in_language(step)))
    for problem in problems:
        say(words("chk_error_line", what=in_language(problem)))
    for finding in findings:
        say(words("chk_warning_line", code=finding.code, what=in_language(finding)))
    if not problems:
        left = nwords("chk_steps_left", len(steps)) if steps else ""
        found = nwords("chk_n_findings", len(findings)) if findings else words("chk_no_findings")
        say(words("chk_ok", path=store.path, left=left, found=found))
    if problems or (strict and (findings or steps)):
        raise typer.Exit(1)


def _check_files(store: Store) -> None:
    """Say which files are damaged and which backups are whole; a damaged store ends the check (exit 2)."""
    from qms_tui.store.repair import check_files

    report = check_files(store)
    current = report.current
    if current.tables is None:
        with contextlib.suppress(StoreCorruptError):  # a damaged store file: listed with the backups below
            store.read_store_file()  # missing, unreadable, not a file: said as for any command
        why = in_language(current.problems[0])
        say(words("chk_error_line", what=words("chk_store_file", path=store.path, why=why)))
    for name, problem in current.bad.items():
        what = in_language(problem).removeprefix("its ")
        named = words("chk_named_by", what=what, by=", ".join(report.used_by(name)))
        say(words("chk_error_line", what=named))
    whole = [backup.path for backup in report.backups if backup.whole]
    if current.whole and len(whole) == len(report.backups):
        if whole:
            say(nwords("chk_files_whole", len(whole), newest=whole[0]))
    else:
        for backup in report.backups:
            if backup.whole:
                say(words("chk_backup_whole", path=backup.path))
            else:
                why = in_language(backup.problems[0]).removeprefix("its ")
                say(words("chk_backup_not_whole", path=backup.path, why=why))
    if not current.whole:
        hint = Fault("chk_newest_whole", path=whole[0]) if whole else (
            Fault("chk_no_backup") if not report.backups else Fault("chk_no_whole_backup"))
        raise StoreCorruptError(Fault("chk_store_corrupt", path=store.path, why=current.problems[0], hint=hint))


def restore(
    backup: Annotated[Path, typer.Argument(help="The backup: its path, or its name in the store's backups folder.",
                                           show_default=False)],
    only_damaged: Annotated[bool, typer.Option(
        "--only-damaged", help="Take only the damaged shard files from the backup: later changes to the other"
        " dossiers are kept.")] = False,
    db: DbOption = None,
) -> None:
    """Put a whole backup back as the store, in one atomic step. The version it replaces becomes the newest
    backup; if it was damaged, its damaged files are also kept in <store>.damaged-<stamp>/."""
    from qms_tui.store.repair import restore as restore_backup

    store = _open(db)
    result = restore_backup(store, backup, only_damaged=only_damaged)
    if only_damaged and not result.mended:
        say(words("rs_nothing_damaged", path=store.path))
        return
    if result.mended:
        say(words("rs_mended", files=", ".join(result.mended), backup=result.backup, path=store.path))
    else:
        say(words("rs_restored", backup=result.backup, path=store.path))
    if result.replaced is not None:
        say(words("rs_replaced_kept", path=result.replaced))
    if result.aside is not None:
        say(words("rs_damaged_kept", path=result.aside))
