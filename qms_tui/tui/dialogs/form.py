"""The data-entry form (``a`` adds, ``e`` edits on the register screens): one labelled input per field.

The form is drawn from a ``forms.FormSpec``: a one-line input for text, dates (dd/mm/yyyy), numbers and
comma-separated codes, a drop-down for a fixed set of values. Saving hands the typed text to the spec's
write service, which reads and validates it in one store transaction; when it refuses, each problem is
shown under its field (``✗`` and the message, readable without colour), the field is marked, the
cursor goes to the first one, and nothing is written. The dialog closes with the write's ``EditResult``
(``None`` when cancelled). It scrolls inside itself, so even the risk form fits 80×24.

The write runs in a thread (``dialogs.writing``) while the form stays open, its fields locked: when another
process holds the store's lock the form says who, Esc stops the wait (nothing is saved, the form keeps what
was typed) and a second Ctrl+S does nothing.

An edit saves only the fields typed in, against the record as it was when the form opened (the spec's
``base``): what someone else saved meanwhile in other fields is kept. When they saved one of the same
fields, to another value, the save is refused (``EditConflict``) and ``dialogs.conflict`` shows both
values: overwrite theirs, or reload the stored values into the form (keeping the other fields typed here).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from qms_tui.domain.problems import say
from qms_tui.domain.safety import visible
from qms_tui.labels import lang, tr
from qms_tui.services.common import EditConflict, EditResult, problem_of
from qms_tui.services.records import reference_problems
from qms_tui.store import StoreError, ValidationError
from qms_tui.tui.dialogs.writing import WritingDialog
from qms_tui.tui.forms.fields import Field, FormSpec, precheck, record_values

MARK = "✗ "
"""Put before every error: it shows without colour (NO_COLOR=1, monochrome terminals)."""

SHOWN_LIMIT = 44
"""A value in the conflict dialog is cut to this many characters (one line of the dialog at 80 columns)."""


class FieldColumn(VerticalScroll, can_focus=False):
    """The fields, scrolling when they do not fit; Tab goes from field to field, never to the column."""


class FormDialog(WritingDialog):
    """A form over a ``FormSpec``; returns what the write did, or ``None`` when cancelled with Esc."""

    BINDINGS = [
        # not a priority key: it reaches the dialog through the field, after the keys typed before it
        Binding("ctrl+s", "save", tr("key_save"), id="form.save"),
        Binding("escape", "cancel", tr("key_cancel"), id="form.cancel"),
        # priority: the cursor moves before the next key is handed out, so keys typed ahead (a fast
        # typist, a slow SSH link) land in the next field instead of piling into this one
        Binding("tab", "next_field", show=False, priority=True, id="form.next"),
        Binding("shift+tab", "previous_field", show=False, priority=True, id="form.previous"),
    ]
    CSS_PATH = "form.tcss"

    def __init__(self, spec: FormSpec) -> None:
        """The form of ``spec``; its first values are already text."""
        super().__init__()
        self.spec = spec
        self.errors: dict[str, str] = {}
        """The message shown under each field, by field name ("" for the form's own line); tests read it."""
        self.result: EditResult | None = None
        self._focused_before: Widget | None = None

    # -- drawing --------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Title, note, the fields in a scrolling column, the error line, the key hint."""
        with Vertical(id="form-box"):
            yield Label(visible(self.spec.title, one_line=True), id="form-title")
            if self.spec.note:
                yield Static(visible(self.spec.note), id="form-note", markup=False)
            with FieldColumn(id="form-fields"):
                for f in self.spec.fields:
                    with Horizontal(classes="field-row", id=f"row-{f.name}"):
                        yield Label(self._label(f), classes="field-label", id=f"label-{f.name}")
                        yield self._input(f)
                    yield Static("", classes="field-error", id=f"error-{f.name}", markup=False)
            yield Static("", id="form-error", markup=False)
            yield Label(tr("form_hint"), classes="hint")

    @staticmethod
    def _label(f: Field, invalid: bool = False) -> str:
        """``Khả năng (1–5) *``: the field's name, a star when required, a mark when wrong."""
        return (MARK if invalid else "") + f.label + (" *" if f.required and not f.locked else "")

    def _input(self, f: Field) -> Widget:
        """A drop-down for a choice, else a one-line text box (disabled when the field is locked)."""
        value = self.spec.values.get(f.name, "")
        if f.kind == "choice":
            options = list(f.choices)
            if value and value not in {v for v, _ in options}:
                options.append((value, value))  # a stored value outside today's list stays choosable
            if not value and f.blank is None and options:
                value = options[0][0]
            return Select([(label, v) for v, label in options], value=value or Select.NULL,
                          allow_blank=f.blank is not None, prompt=f.blank or "", compact=True,
                          id=f"field-{f.name}", disabled=f.locked)
        return Input(value=value, placeholder=f.placeholder, compact=True, validate_on=[], id=f"field-{f.name}",
                     disabled=f.locked)

    def on_mount(self) -> None:
        """The cursor starts in the first field that can be changed."""
        first = next((f for f in self.spec.fields if not f.locked), None)
        if first is not None:
            self.widget(first.name).focus()

    def widget(self, name: str) -> Input | Select:
        """The input of field ``name``."""
        return self.query_one(f"#field-{name}")  # type: ignore[return-value]

    # -- reading and saving ---------------------------------------------------------------------------

    def typed(self) -> dict[str, str]:
        """What every field holds now, as text (an empty choice is "")."""
        values: dict[str, str] = {}
        for f in self.spec.fields:
            widget = self.widget(f.name)
            if isinstance(widget, Select):
                value = widget.value
                values[f.name] = "" if value is Select.NULL or value is None else str(value)
            else:
                values[f.name] = widget.value
        return values

    def _typing_pending(self) -> bool:
        """Keys typed ahead still wait in a field's queue (they were handed out before a Tab moved on)."""
        return any(not queue.empty() for widget in self.query(Input)
                   if (queue := getattr(widget, "_message_queue", None)) is not None)

    def action_save(self, attempt: int = 0) -> None:
        """Write through the spec's service; on refusal show the problems and keep the form open."""
        if self.result is not None or self.writing is not None:
            return  # saved already, or being saved (a second Ctrl+S on its way)
        if attempt < 25 and self._typing_pending():
            self.set_timer(0.02, lambda: self.action_save(attempt + 1))  # let every field take its keys first
            return
        values = self.spec.values_to_save(self.typed())
        self.clear_errors()
        if self.spec.table and not self.spec.editing:
            problems = precheck(self.spec.table, values)
            if problems:  # all at once: the write stops at the first missing code
                self.show_problems(problems + self._references(values, problems))
                return
        write = self.spec.write
        self.run_write(lambda: write(values), self._saved, self._refused)

    def _saved(self, result: EditResult) -> None:
        """The write went through: close with what it did."""
        self.result = result
        self.dismiss(result)

    def _refused(self, error: Exception) -> None:
        """The write refused (nothing written): say why and keep the form open; an unforeseen error is raised."""
        if isinstance(error, EditConflict):
            self.ask_conflict(error)
        elif isinstance(error, ValidationError):
            self.show_problems(error.problems)
        elif isinstance(error, StoreError):
            self.show_problems([("", tr("form_store_error", error=say(error, lang())))])
            self.notify(say(error, lang()), title=tr("store_error"), severity="error", timeout=8)
        elif isinstance(error, ValueError):  # a value no rule above caught: say it, keep the form and the app open
            self.show_problems([("", problem_of(error))])
        else:
            raise error

    # -- while the write runs ---------------------------------------------------------------------------

    def write_started(self) -> None:
        """The fields hold what is being saved: they take no typing until the write ends."""
        self._focused_before = self.focused
        self.query_one("#form-fields").disabled = True

    def write_ended(self) -> None:
        """The fields can be changed again (a refusal marks them next), the cursor where it was."""
        self.query_one("#form-fields").disabled = False
        self.query_one("#form-error", Static).update("")
        before = self._focused_before
        if before is not None and before.is_attached and before.focusable:
            before.focus()

    def show_waiting(self, line: str, hint: str) -> None:
        """On the form's own line: who holds the store; under it, that Esc stops waiting."""
        self.query_one("#form-error", Static).update(Text(f"{visible(line, one_line=True)}\n{hint}", style="bold"))

    def wait_stopped(self) -> None:
        """Esc stopped the wait: nothing saved, the typed values kept for another Ctrl+S."""
        self.errors[""] = tr("store_wait_stopped")
        self._summary()

    def _references(self, values: dict[str, object], problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The unknown codes the write would name only once the other fields are right, for the fields
        not already wrong, so every problem shows at once."""
        store = getattr(self.app, "store", None)
        if store is None:
            return []
        wrong = {name for name, _ in problems}
        return [(name, message) for name, message in reference_problems(store, self.spec.table, values)
                if name not in wrong]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter goes to the next field, as in a paper form; in the last text box it saves (Ctrl+S saves
        anywhere): a half-filled form is never saved by an Enter meant to move on."""
        event.stop()
        boxes = [f for f in self.spec.fields if not f.locked and f.kind != "choice"]
        if boxes and event.input.id == f"field-{boxes[-1].name}":
            self.action_save()
        else:
            self.focus_next()

    def action_next_field(self) -> None:
        """Tab: the next field."""
        self.focus_next()

    def action_previous_field(self) -> None:
        """Shift+Tab: the previous field."""
        self.focus_previous()

    def action_cancel(self) -> None:
        """Esc: close without writing anything; while a save waits for the store, stop waiting instead."""
        if self.stop_wait():
            return
        self.dismiss(None)

    # -- someone else saved meanwhile ------------------------------------------------------------------

    def ask_conflict(self, conflict: EditConflict) -> None:
        """Say which fields clash and ask: overwrite theirs, or reload them into the form."""
        from qms_tui.tui.dialogs.conflict import OVERWRITE, RELOAD, ConflictDialog

        stored = record_values(conflict.record, self.spec.fields)
        typed = self.typed()
        rows = []
        for clash in conflict.conflicts:
            f = self.spec.find(clash.field)
            if f is None:
                rows.append((clash.field, _cut(str(clash.theirs or "—")), _cut(str(clash.yours or "—"))))
            else:
                rows.append((f.label, self._shown(f, stored.get(f.name, "")), self._shown(f, typed.get(f.name, ""))))
        line = tr("form_conflict", fields=", ".join(label for label, _, _ in rows))
        self.errors[""] = line
        self.query_one("#form-error", Static).update(Text(line, style="bold"))

        def chosen(choice: str | None) -> None:
            """Esc leaves the form as it is: the next save asks again."""
            if choice == OVERWRITE:
                self.spec.base = dict(conflict.current)
                self.action_save()
            elif choice == RELOAD:
                self.reload_from(conflict)

        self.app.push_screen(ConflictDialog(rows), chosen)

    def reload_from(self, conflict: EditConflict) -> None:
        """Refill the form from the stored record: the clashing fields and those not typed in take the
        stored values, the other fields typed here keep them; the next save starts from the stored record."""
        stored = record_values(conflict.record, self.spec.fields)
        typed = self.typed()
        clashing = {clash.field for clash in conflict.conflicts}
        for f in self.spec.fields:
            if f.name not in stored:
                continue
            edited = typed.get(f.name, "").strip() != self.spec.values.get(f.name, "").strip()
            if f.name in clashing or not edited:
                self._set(f, stored[f.name])
        self.spec.values = {**self.spec.values, **stored}
        self.spec.base = dict(conflict.current)
        self.clear_errors()
        labels = [f.label for f in self.spec.fields if f.name in clashing]
        self.query_one("#form-error", Static).update(Text(tr("form_reloaded", fields=", ".join(labels))))
        first = next((f for f in self.spec.fields if f.name in clashing and not f.locked), None)
        if first is not None:
            self.widget(first.name).focus()

    def _set(self, f: Field, text: str) -> None:
        """Put ``text`` in field ``f`` (a stored choice outside the drop-down's list is added to it)."""
        widget = self.widget(f.name)
        if isinstance(widget, Select):
            if text and text not in {v for v, _ in f.choices}:
                widget.set_options([(label, v) for v, label in (*f.choices, (text, text))])
            widget.value = text if text else Select.NULL
        else:
            widget.value = text

    @staticmethod
    def _shown(f: Field, text: str) -> str:
        """A field's text as the user reads it: a choice by its label, "—" for nothing, long text cut."""
        if f.kind == "choice":
            text = dict(f.choices).get(text, text)
        return _cut(text.strip() or "—")

    # -- errors -------------------------------------------------------------------------------------

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """Each problem under its field (or on the form's line), the fields marked, the cursor on the first."""
        general: list[str] = []
        for name, message in problems:
            target = self.spec.aliases.get(name, name)
            f = self.spec.find(target) if target else None
            text = say(message, lang())
            if f is None:
                general.append(f"{name}: {text}" if target else text)  # aliased to "": the text says it all
                continue
            if f.name in self.errors:
                continue
            self.errors[f.name] = text
            self._mark(f, text)
        if general:
            self.errors[""] = "; ".join(general)
        self._summary()
        first = next((f for f in self.spec.fields if f.name in self.errors and not f.locked), None)
        if first is not None:
            self.widget(first.name).focus()

    def _summary(self) -> None:
        """The form's error line: how many fields are still wrong, and the problems of no field; empty when
        none is left (it follows the corrections, so it never says "not saved" about fixed fields)."""
        field_errors = sum(1 for name in self.errors if name)
        general = self.errors.get("", "")
        line = tr("form_errors", n=field_errors) if field_errors else ""
        if general:
            line = (line + " · " if line else MARK) + general
        self.query_one("#form-error", Static).update(Text(visible(line, one_line=True), style="bold"))

    def _mark(self, f: Field, text: str) -> None:
        """Mark field ``f`` wrong: a ✗ before its label, the message under it, its box reversed."""
        self.query_one(f"#row-{f.name}").add_class("-invalid")
        self.widget(f.name).add_class("-invalid")
        self.query_one(f"#label-{f.name}", Label).update(self._label(f, invalid=True))
        error = self.query_one(f"#error-{f.name}", Static)
        error.update(Text(MARK + visible(text, one_line=True), style="bold"))
        error.add_class("-shown")

    def clear_error(self, name: str) -> None:
        """The user is correcting field ``name``: its mark goes."""
        f = self.spec.find(name)
        if f is None or name not in self.errors:
            return
        del self.errors[name]
        self.query_one(f"#row-{name}").remove_class("-invalid")
        self.widget(name).remove_class("-invalid")
        self.query_one(f"#label-{name}", Label).update(self._label(f))
        error = self.query_one(f"#error-{name}", Static)
        error.update("")
        error.remove_class("-shown")
        self._summary()

    def clear_errors(self) -> None:
        """Before saving again: no marks, no messages."""
        for name in list(self.errors):
            if name:
                self.clear_error(name)
        self.errors.clear()
        self.query_one("#form-error", Static).update("")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing in a marked field clears its mark."""
        if event.input.id and event.input.id.startswith("field-"):
            self.clear_error(event.input.id.removeprefix("field-"))

    def on_select_changed(self, event: Select.Changed) -> None:
        """Choosing again in a marked drop-down clears its mark."""
        if event.select.id and event.select.id.startswith("field-"):
            self.clear_error(event.select.id.removeprefix("field-"))


def _cut(text: str) -> str:
    """At most ``SHOWN_LIMIT`` characters, on one line."""
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_LIMIT else text[: SHOWN_LIMIT - 1] + "…"
