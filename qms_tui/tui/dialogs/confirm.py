"""A yes/no question before a change that is not undone by Esc: closing a risk, retiring a procedure,
raising a nonconformity. ``y`` (or ``c``, có) answers yes, ``n`` (``k``, không) or Esc answers no;
←/→ or Tab move between the two buttons and Enter presses the one with the cursor, which starts on "no".

Given the ``write`` that a yes makes, the dialog stays open while it runs (``dialogs.writing``): it says
who holds the store if the write waits for its lock, Esc (or no) stops the wait and closes it with
nothing written, and it closes with what the write returned, or with the error it raised (shown by the
caller)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from qms_tui.domain.safety import visible
from qms_tui.labels import tr
from qms_tui.tui.dialogs.writing import WritingDialog


class ConfirmDialog(WritingDialog):
    """Returns True for yes, False for no; with a ``write``: its result, the error it raised, or None."""

    BINDINGS = [
        Binding("y,c", "answer(True)", tr("key_yes"), id="confirm.yes"),
        Binding("n,k,escape", "answer(False)", tr("key_no"), id="confirm.no"),
        Binding("left,right", "switch", show=False, id="confirm.switch"),
    ]
    CSS_PATH = "confirm.tcss"

    def __init__(self, question: str, note: str = "", write: Callable[[], Any] | None = None) -> None:
        """``question`` in bold; ``note`` says what exactly will change; ``write`` makes it (run on yes)."""
        super().__init__()
        self.question = visible(question, one_line=True)  # they name records: their text escaped
        self.note = visible(note)
        self.write = write

    def compose(self) -> ComposeResult:
        """Question, note, the two buttons, the key hint."""
        with Vertical(id="confirm-box"):
            yield Label(self.question, id="confirm-question")
            if self.note:
                yield Static(self.note, id="confirm-note", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{tr('key_yes')} (y)", id="confirm-yes", compact=True)
                yield Button(f"{tr('key_no')} (n)", id="confirm-no", compact=True)
            yield Label(tr("confirm_hint"), classes="hint", id="confirm-hint", markup=False)

    def on_mount(self) -> None:
        """The safe answer has the cursor."""
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Enter (or a click) on a button answers."""
        event.stop()
        self.action_answer(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        """A letter key answers at once; while the write runs, no stops its wait and yes does nothing."""
        if self.stop_wait():
            return
        if not yes or self.write is None:
            self.dismiss(yes)
            return
        self.run_write(self.write, self.dismiss, self.dismiss)

    def action_switch(self) -> None:
        """←/→: the other button."""
        other = "#confirm-yes" if self.focused is not None and self.focused.id == "confirm-no" else "#confirm-no"
        self.query_one(other, Button).focus()

    # -- while the write runs ---------------------------------------------------------------------------

    def write_started(self) -> None:
        """The answer is given: the buttons are done with."""
        self.query_one("#confirm-buttons").disabled = True

    def show_waiting(self, line: str, hint: str) -> None:
        """Under the buttons, in place of the key hint."""
        self.query_one("#confirm-hint", Label).update(f"{visible(line, one_line=True)}\n{hint}")

    def wait_stopped(self) -> None:
        """Esc stopped the wait: close, and say that nothing was changed."""
        self.notify(tr("store_wait_stopped_nothing"), severity="warning", timeout=5)
        self.dismiss(None)
