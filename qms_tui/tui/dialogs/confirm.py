"""A yes/no question before a change that is not undone by Esc: closing a risk, retiring a procedure,
raising a nonconformity. ``y`` (or ``c``, có) answers yes, ``n`` (``k``, không) or Esc answers no;
←/→ or Tab move between the two buttons and Enter presses the one with the cursor, which starts on "no"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from qms_tui.domain.safety import visible
from qms_tui.labels import tr


class ConfirmDialog(ModalScreen[bool]):
    """Returns True for yes, False for no."""

    BINDINGS = [
        Binding("y,c", "answer(True)", tr("key_yes"), id="confirm.yes"),
        Binding("n,k,escape", "answer(False)", tr("key_no"), id="confirm.no"),
        Binding("left,right", "switch", show=False, id="confirm.switch"),
    ]
    CSS_PATH = "confirm.tcss"

    def __init__(self, question: str, note: str = "") -> None:
        """``question`` in bold; ``note`` says what exactly will change."""
        super().__init__()
        self.question = visible(question, one_line=True)  # they name records: their text escaped
        self.note = visible(note)

    def compose(self) -> ComposeResult:
        """Question, note, the two buttons, the key hint."""
        with Vertical(id="confirm-box"):
            yield Label(self.question, id="confirm-question")
            if self.note:
                yield Static(self.note, id="confirm-note", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{tr('key_yes')} (y)", id="confirm-yes", compact=True)
                yield Button(f"{tr('key_no')} (n)", id="confirm-no", compact=True)
            yield Label(tr("confirm_hint"), classes="hint")

    def on_mount(self) -> None:
        """The safe answer has the cursor."""
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Enter (or a click) on a button answers."""
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        """A letter key answers at once."""
        self.dismiss(yes)

    def action_switch(self) -> None:
        """←/→: the other button."""
        other = "#confirm-yes" if self.focused is not None and self.focused.id == "confirm-no" else "#confirm-no"
        self.query_one(other, Button).focus()
