"""Editing a year's report narrative in the user's editor: shared by ``qms report edit`` and the TUI.

The text goes to a temporary file with one section a heading; the editor runs (the caller decides how:
the CLI runs it directly, the TUI suspends itself first); the file is parsed back and saved only if it
is valid, changed, and nobody saved the same year meanwhile. On any failure the user's text is kept.
"""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import ReportText
from qms_tui.domain.problems import Fault, Said, say
from qms_tui.reports.narrative import NarrativeError, parse_edit_file, to_edit_file
from qms_tui.store import Store, ValidationError


class NarrativeEditError(Exception):
    """Nothing was saved; the message (a ``Fault``) says why (and where the user's text is kept)."""

    exit_code = 1

    def text(self, lang: str | None = None) -> str:
        return say(self.args[0], lang)


def editor_command() -> list[str]:
    """``$EDITOR`` (or ``$VISUAL``) split like a shell would, else ``vi``, else ``nano``."""
    for name in ("EDITOR", "VISUAL"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    for fallback in ("vi", "nano"):
        if shutil.which(fallback):
            return [fallback]
    raise NarrativeEditError(Fault("nar_no_editor"))


def edit_narrative(store: Store, year: int, run_editor: Callable[[list[str]], int], lang: str | None = None) -> Fault:
    """Let the user edit ``year``'s narrative and save it; returns what happened, raises ``NarrativeEditError``.

    ``run_editor`` runs the command (editor and file) and returns its exit status; the file's headings and
    instructions are in ``lang`` (default: the command line's language).
    """
    edited = edit_narrative_file(store, year, run_editor, lang)
    return edited if isinstance(edited, Fault) else save_narrative(store, edited)


@dataclass
class EditedNarrative:
    """A narrative edited in the editor, not saved yet: the text as it was read, the text after, and the file
    that keeps the user's words until they are saved."""

    year: int
    before: ReportText | None
    after: ReportText
    path: Path


def edit_narrative_file(store: Store, year: int, run_editor: Callable[[list[str]], int],
                        lang: str | None = None) -> EditedNarrative | Fault:
    """The editing half of ``edit_narrative`` (the TUI runs it on its loop, the editor owning the terminal):
    the edited narrative, or what happened when there is nothing to save; raises ``NarrativeEditError``."""
    if store.read_only:
        raise NarrativeEditError(Fault("nar_read_only"))
    qms = store.snapshot()
    before = qms.report_text(year)
    content = to_edit_file(before, year, qms.organisation.report_symbol or "BC", lang)
    handle, name = tempfile.mkstemp(prefix=f"qms-report-{year}-", suffix=".md")
    path = Path(name)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(content)
    command = [*editor_command(), str(path)]
    try:
        status = run_editor(command)
    except OSError as exc:
        path.unlink(missing_ok=True)
        why = exc.strerror or str(exc)
        raise NarrativeEditError(Fault("nar_cannot_start", editor=repr(command[0]), why=why)) from None
    if status != 0:
        raise NarrativeEditError(Fault("nar_editor_failed", status=status, path=path))
    edited = path.read_text(encoding="utf-8", errors="replace")
    try:
        after = parse_edit_file(edited, year, lang)
    except NarrativeError as exc:
        problem = Fault("nar_in_file", path=path, problem=Said(exc))
        raise NarrativeEditError(Fault("nar_kept", why=problem, path=path)) from None
    if _same(before, after):
        path.unlink(missing_ok=True)
        return Fault("nar_no_changes", year=year)
    return EditedNarrative(year, before, after, path)


def save_narrative(store: Store, edited: EditedNarrative) -> Fault:
    """The saving half of ``edit_narrative`` (the TUI runs it in a thread, so that a held lock never freezes
    the screen): refused if someone else changed the text meanwhile; the user's file is kept on refusal."""
    year, path = edited.year, edited.path
    try:
        with store.transaction() as tx:
            current = tx.get("report_texts", str(year))
            if _doc(current) != (edited.before.to_doc() if edited.before else None):
                raise NarrativeEditError(Fault("nar_changed_meanwhile", year=year, path=path))
            tx.put("report_texts", edited.after, summary=f"report text {year} edited")
    except ValidationError as exc:
        raise NarrativeEditError(Fault("nar_kept", why=Said(exc), path=path)) from None
    path.unlink(missing_ok=True)
    return Fault("nar_saved", year=year, path=store.path)


def _doc(document: dict | None) -> dict | None:
    """A stored document as the model writes it (unknown keys and key order do not count as a change)."""
    return ReportText.from_doc(dict(document)).to_doc() if document is not None else None


def _same(before: ReportText | None, after: ReportText) -> bool:
    if before is None:
        return after == ReportText(year=after.year)
    return before.to_doc() == after.to_doc()
