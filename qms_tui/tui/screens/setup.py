"""Setting up an agency from the TUI: the Overview's first-run panel and the forms it offers.

On a new store the Overview shows what is still missing (``domain.setup``) with the key of each form:
``o`` the organisation, ``l`` a TTHC field, ``t`` a procedure, ``n`` a member of staff. The same forms
are in the command palette, so they work from any screen. After a save the app re-reads the store and
the panel shrinks; once nothing is missing it gives its room back to the usual blocks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from qms_tui.domain.setup import SetupStep, setup_steps
from qms_tui.labels import tr
from qms_tui.tui.widgets.cells import WARN
from qms_tui.tui.widgets.line_grid import GridColumn, LineGrid

if TYPE_CHECKING:  # the forms and the services behind them are imported when a form opens
    from textual.app import App

    from qms_tui.services.common import EditResult
    from qms_tui.tui.data import ScreenData
    from qms_tui.tui.forms.fields import FormSpec

STEP_KEYS = {"organisation": "o", "units": "o", "fields": "l", "procedures": "t", "staff": "n"}
"""The Overview key that opens the form of each setup step."""


def setup_body(steps: list[SetupStep]) -> LineGrid:
    """One line per missing thing, the key of its form at the right: ``✗ Chưa có lĩnh vực TTHC   l Thêm lĩnh vực``
    (the ✗ says it without colour)."""
    table = LineGrid(GridColumn(stretch=True), GridColumn("right"))
    for step in steps:
        key = STEP_KEYS[step.key]
        table.add_row(Text.assemble(("✗ ", WARN), tr(f"setup_{step.key}")),
                      Text.assemble((key, "bold reverse"), " ", tr(KEY_LABELS[key])))
    return table


KEY_LABELS = {"o": "key_org", "l": "key_add_field", "t": "key_add_procedure", "n": "key_add_staff"}


def missing(data: ScreenData) -> list[SetupStep]:
    """The setup steps of the current data."""
    return setup_steps(data.qms)


def open_setup_form(app: App, data: ScreenData, which: str, key: str | None = None) -> None:
    """Open the form for ``which`` (``organisation``, ``field``, ``procedure``, ``staff``, ``legal``: a legal
    document, the one numbered ``key`` to edit) over any screen of ``app``; after a save, re-read the store
    (``data.reload``) and say what was saved. A read-only store only says so."""
    if data.read_only:
        app.notify(tr("read_only_notice"), severity="warning", timeout=4)
        return
    from qms_tui.tui.dialogs.form import FormDialog
    from qms_tui.tui.forms.agency import field_form, organisation_form
    from qms_tui.tui.forms.legal import legal_form
    from qms_tui.tui.forms.tables import procedure_form, staff_form

    store, qms = data.store, data.qms
    spec: FormSpec = {
        "organisation": lambda: organisation_form(store, qms),
        "field": lambda: field_form(store),
        "procedure": lambda: procedure_form(store, qms),
        "staff": lambda: staff_form(store, qms),
        "legal": lambda: legal_form(store, qms, next((d for d in qms.legal_documents if d.number == key), None)),
    }[which]()

    def done(result: EditResult | None) -> None:
        """Re-read and redraw, then say what was written."""
        if result is None:
            return
        if not result.changed:
            app.notify(tr("form_nothing", code=str(result.record.key)), timeout=3)
            return
        data.reload()
        message = spec.saved_message(result) if spec.saved_message is not None else tr(
            "form_added", what=tr(f"what_{result.table}"), code=str(result.record.key))
        app.notify(message, timeout=5)

    app.push_screen(FormDialog(spec), done)
