"""What the app saves on request: the current screen (``E``, the palette), the meeting summary and the annual
report in a chosen format, and the report's narrative edited in ``$EDITOR`` and saved in a thread.

A mixin of ``QmsApp`` (``tui/app.py``), apart so that the app's module keeps to its screens, data and keys.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SuspendNotSupported
from textual.worker import Worker, WorkerState

from qms_tui.domain.problems import say
from qms_tui.labels import lang, tr

if TYPE_CHECKING:
    from qms_tui.exporting import Export

EXPORT_KEYS = {"c": "csv", "t": "text", "m": "markdown", "h": "html", "j": "json"}
"""``E``'s formats, one key each, in the order it lists them (SVG: in the palette)."""


class ExportActions:
    """The app's export and report actions (``self`` is the ``QmsApp``)."""

    export_format: str
    store_write: Any

    def action_export_choice(self) -> None:
        """``E``: choose the format by one key (Enter: the last one used, Esc: nothing), then save."""
        from qms_tui.tui.dialogs.choice import ChoiceDialog

        def chosen(fmt: str | None) -> None:
            if fmt:
                self.export_format = fmt
                self.action_export(fmt)

        options = [(fmt, tr(f"fmt_{fmt}")) for fmt in EXPORT_KEYS.values()]
        self.push_screen(ChoiceDialog(tr("export_choose"), options, self.export_format, keys=EXPORT_KEYS), chosen)

    def action_export(self, fmt: str = "text") -> None:
        """Save the current screen in ``fmt`` to the export folder and say where (the palette, ``E``)."""
        from qms_tui.exporting import UnsupportedFormat

        export_screen = getattr(self.screen, "export", None)
        try:
            if export_screen is None:
                raise UnsupportedFormat(type(self.screen).__name__)
            export = export_screen()
        except UnsupportedFormat:
            self.notify(tr("export_nothing"), severity="warning")
            return
        self.save_export(export, fmt)

    def action_export_summary(self, fmt: str = "text") -> None:
        """Save the meeting summary of the period, whatever the screen."""
        from qms_tui.exporting import summary_export

        self.save_export(summary_export(self.qms, self.period, lang(), name="summary"), fmt)

    def action_export_report(self, fmt: str = "text") -> None:
        """Save the annual report of the "as of" year (``qms report``) to the export folder."""
        from qms_tui.exporting import save_export_file
        from qms_tui.outputs import OutputError
        from qms_tui.reports.annual import ReportError, build_report
        from qms_tui.reports.formats import renderer

        year = self.qms.today.year
        try:
            report = build_report(self.qms, year, lang=lang())  # in the session's language
            content = renderer("report")(report, fmt)  # as ``qms report`` renders it
            path = save_export_file(f"report-{year}", fmt, content, now=self.export_clock(), store=self.store)
        except ReportError as exc:
            self.notify(say(exc.args[0] if exc.args else exc, lang()), severity="warning")
            return
        except OutputError as exc:
            self.notify(tr("export_failed", error=say(exc, lang())), severity="error", timeout=10)
            return
        except OSError as exc:
            self.notify(tr("export_failed", error=f"{exc.strerror or exc} {exc.filename or ''}".strip()),
                        severity="error", timeout=10)
            return
        self.notify(tr("exported_to", path=str(path)), timeout=10)

    def action_edit_report_text(self) -> None:
        """Edit the narrative of the "as of" year's report in ``$EDITOR`` (the app steps aside meanwhile), then
        save it in a thread: a lock held by another writer never freezes the screen (``dialogs/writing.py``)."""
        import subprocess

        from qms_tui.services.narrative import EditedNarrative, NarrativeEditError, edit_narrative_file, save_narrative

        if self.store.read_only:
            self.notify(tr("read_only_notice"), severity="warning")
            return
        if self.store_write is not None:
            self.notify(tr("store_write_pending"), severity="warning", timeout=4)
            return

        def run_editor(command: list[str]) -> int:
            try:
                with self.suspend():
                    return subprocess.run(command, check=False).returncode
            except SuspendNotSupported:  # headless or web driver: there is no terminal to hand over
                return subprocess.run(command, check=False, stdin=subprocess.DEVNULL).returncode

        try:
            edited = edit_narrative_file(self.store, self.qms.today.year, run_editor, lang())
        except NarrativeEditError as exc:
            self.notify(say(exc, lang()), severity="error", timeout=15)
            return
        if not isinstance(edited, EditedNarrative):  # nothing changed: nothing to save
            self.notify(say(edited, lang()), timeout=10)
            return
        self.store_write = self.run_worker(partial(save_narrative, self.store, edited), name="report-text",
                                           group="report-text", thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The report text's save ended: say how, and read the store again."""
        from qms_tui.services.narrative import NarrativeEditError

        worker = event.worker
        if worker.name != "report-text" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if self.store_write is worker:
            self.store_write = None
        if event.state == WorkerState.SUCCESS:
            self.notify(say(worker.result, lang()), timeout=10)
            self.action_reload()
        elif isinstance(worker.error, NarrativeEditError):
            self.notify(say(worker.error, lang()), severity="error", timeout=15)
        else:  # e.g. busy: another process kept the lock past the wait (not a crash)
            self.notify(say(worker.error, lang()), title=tr("store_error"), severity="error", timeout=15)

    def save_export(self, export: Export, fmt: str) -> None:
        """Write ``export``; a notification gives the full path, or why it could not be written."""
        from qms_tui.exporting import UnsupportedFormat, write_export
        from qms_tui.outputs import OutputError

        try:
            path = write_export(export, fmt, now=self.export_clock(), store=self.store)
        except UnsupportedFormat:
            self.notify(tr("export_no_format", format=fmt), severity="warning")
            return
        except OutputError as exc:
            self.notify(tr("export_failed", error=say(exc, lang())), severity="error", timeout=10)
            return
        except OSError as exc:
            where = exc.filename or ""
            self.notify(tr("export_failed", error=f"{exc.strerror or exc} {where}".strip()), severity="error",
                        timeout=10)
            return
        self.notify(tr("exported_to", path=str(path)), timeout=10)

