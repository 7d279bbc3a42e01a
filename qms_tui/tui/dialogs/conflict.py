"""Two people saved the same field: the form's second save asks what to do instead of losing either value.

Shown by ``dialogs.form.FormDialog`` when its save raised ``services.EditConflict``. Each clashing field is
listed with the value someone else saved since the form opened and the value typed here. ``o`` (or ``g``,
ghi đè) overwrites theirs with yours; ``r`` (or ``t``, tải lại) refills the form with the stored values,
keeping what was typed in the other fields; Esc goes back to the form with nothing saved. The cursor starts
on "reload": the choice that keeps both values in sight.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from qms_tui.labels import tr

OVERWRITE = "overwrite"
RELOAD = "reload"


class ConflictDialog(ModalScreen[str | None]):
    """Returns ``"overwrite"``, ``"reload"``, or ``None`` (Esc: back to the form)."""

    BINDINGS = [
        Binding("o,g", f"answer('{OVERWRITE}')", tr("key_overwrite"), id="conflict.overwrite"),
        Binding("r,t", f"answer('{RELOAD}')", tr("key_reload_form"), id="conflict.reload"),
        Binding("escape", "answer(None)", tr("key_back"), id="conflict.back"),
        Binding("left,right", "switch", show=False, id="conflict.switch"),
    ]
    CSS_PATH = "conflict.tcss"

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        """``rows``: (field label, their value, your value), as the form shows them."""
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        """What happened, each field's two values, the two buttons, the key hint."""
        with Vertical(id="conflict-box"):
            yield Label(tr("conflict_title"), id="conflict-title")
            lines = [tr("conflict_row", field=label, theirs=theirs, yours=yours) for label, theirs, yours in self.rows]
            yield Static("\n".join(lines), id="conflict-rows", markup=False)
            with Horizontal(id="conflict-buttons"):
                yield Button(tr("conflict_overwrite"), id="conflict-overwrite", compact=True)
                yield Button(tr("conflict_reload"), id="conflict-reload", compact=True)
            yield Static(tr("conflict_hint"), classes="hint", markup=False)

    def on_mount(self) -> None:
        """Reload has the cursor: it loses nothing without a second look."""
        self.query_one("#conflict-reload", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Enter (or a click) on a button answers."""
        event.stop()
        self.dismiss(OVERWRITE if event.button.id == "conflict-overwrite" else RELOAD)

    def action_answer(self, choice: str | None) -> None:
        """A letter key (or Esc) answers at once."""
        self.dismiss(choice)

    def action_switch(self) -> None:
        """←/→: the other button."""
        on_reload = self.focused is not None and self.focused.id == "conflict-reload"
        self.query_one("#conflict-overwrite" if on_reload else "#conflict-reload", Button).focus()
