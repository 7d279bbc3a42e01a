"""What the register screens share for data entry: the keys, switching them off when the store is
read-only, opening a form or a question, and what happens after a save.

The keys are ``a`` (add), ``e`` (edit the highlighted row), a screen's own close key (``d``: close a
risk, record a dossier's next step; ``D``: retire a procedure) and ``n`` (a late dossier's
nonconformity). Each key is bound twice: first to its action, shown in the footer when it applies, then
to ``unavailable``, hidden, which says why the key does nothing here (read-only store, wrong view). So
in ``--read-only`` the footer does not offer them and pressing one says "read-only".

Every write runs in a thread while its dialog (the form, the yes/no question) stays open over the screen
(``dialogs.writing``), so a store locked by another process is said, not a frozen screen.

After a save the app re-reads the store (the write went through this process's ``Store``), the screen
redraws, the cursor lands on the saved row and a notification says what was saved. Another TUI on the
same store sees the new file within its polling interval (1 s).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from qms_tui.domain.problems import say
from qms_tui.labels import lang, tr
from qms_tui.services.common import EditResult
from qms_tui.store import StoreError, ValidationError
from qms_tui.tui.forms.fields import FormSpec

if TYPE_CHECKING:
    from qms_tui.tui.data import ScreenData

EDIT_ACTIONS = frozenset({"add", "edit", "close", "raise_nc"})

SUMMARY_LIMIT = 120
"""The change-log summary shown under a "saved" notification (not after an add), cut to this many characters."""


def editing_bindings(screen: str, *, add: bool = True, edit: bool = True,
                     close: tuple[str, str] | None = None, nc: bool = False,
                     unavailable: tuple[str, ...] = (), hidden: tuple[str, ...] = ()) -> list[Binding]:
    """The data-entry keys of ``screen``: each action, then a hidden fallback on the same key that says
    why it does nothing (``close`` is ``(key, label)``; ``unavailable`` keys only ever explain; the
    ``hidden`` actions work but stay out of a footer that has no room for them at 80 columns)."""
    keys: list[tuple[str, str]] = []
    bindings: list[Binding] = []

    def bind(key: str, action: str, label: str) -> None:
        bindings.append(Binding(key, action, tr(label), show=action not in hidden, id=f"{screen}.{action}"))
        keys.append((key, action))

    if add:
        bind("a", "add", "key_add")
    if edit:
        bind("e", "edit", "key_edit")
    if close is not None:
        bind(close[0], "close", close[1])
    if nc:
        bind("n", "raise_nc", "key_nc")
    keys += [(key, "close") for key in unavailable]
    for key, action in keys:
        bindings.append(Binding(key, f"unavailable('{action}')", show=False, id=f"{screen}.{action}.unavailable"))
    return bindings


class EditingScreen:
    """Mixed into a ``QmsScreen`` (before it in the bases) to give it the data-entry keys."""

    data: ScreenData
    notify: Callable[..., Any]
    app: Any

    @property
    def read_only(self) -> bool:
        """The store was opened with ``--read-only``: nothing can be changed from here."""
        return self.data.read_only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Editing keys are off (and out of the footer) when read-only or where they do not apply."""
        if action in EDIT_ACTIONS:
            return not self.read_only and self.can_edit(action)
        return super().check_action(action, parameters)  # type: ignore[misc,no-any-return]

    def can_edit(self, action: str) -> bool:
        """Whether ``action`` applies in the screen's current view (screens with views override it)."""
        return True

    def unavailable_reason(self, action: str) -> str:
        """Why ``action`` does nothing here when the store is writable (screens override it)."""
        return tr("no_row")

    def action_unavailable(self, action: str) -> None:
        """A data-entry key that does not apply: say why."""
        if self.read_only:
            self.notify(tr("read_only_notice"), severity="warning", timeout=4)
        else:
            self.notify(self.unavailable_reason(action), severity="warning", timeout=5)

    # -- forms and questions -----------------------------------------------------------------------

    def open_form(self, spec: FormSpec) -> None:
        """Show the form; after a save, redraw, go to the saved row and say what was saved."""
        from qms_tui.tui.dialogs.form import FormDialog

        def done(result: EditResult | None) -> None:
            """The form closed: with what it wrote, or ``None`` when cancelled."""
            if result is not None:
                message = spec.saved_message(result) if spec.saved_message is not None else None
                self.after_write(result, added=not spec.editing and message is None, message=message)

        self.app.push_screen(FormDialog(spec), done)

    def confirm(self, question: str, note: str, write: Callable[[], EditResult],
                done: Callable[[EditResult], None] | None = None, **shown: Any) -> None:
        """Ask yes or no (the cursor starts on no); a yes makes ``write``, the question still open meanwhile,
        then ``done(result)`` (by default ``after_write(result, **shown)``: as a form save is shown). A refusal
        or a store problem is an error notification."""
        from qms_tui.tui.dialogs.confirm import ConfirmDialog

        def answered(outcome: EditResult | Exception | bool | None) -> None:
            """Only a yes wrote: show what it did, or why it did not."""
            if isinstance(outcome, EditResult):
                if done is not None:
                    done(outcome)
                else:
                    self.after_write(outcome, **shown)
            elif isinstance(outcome, Exception):
                self.show_write_error(outcome)

        self.app.push_screen(ConfirmDialog(question, note, write), answered)

    def show_write_error(self, error: Exception) -> None:
        """A write outside a form refused: a refusal or a store problem as an error notification (anything
        else is a bug, raised)."""
        if isinstance(error, ValidationError):
            detail = "; ".join(f"{name}: {say(message, lang())}" if name else say(message, lang())
                               for name, message in error.problems)
            self.notify(detail, title=error.what, severity="error", timeout=8)
        elif isinstance(error, StoreError):
            self.notify(say(error, lang()), title=tr("store_error"), severity="error", timeout=8)
        else:
            raise error

    def after_write(self, result: EditResult, *, added: bool = False, message: str | None = None,
                    key: str | None = None, detail: bool = True) -> None:
        """Re-read the store, redraw, put the cursor on the written row (``key``, default the record's) and say
        what was written (``message``, default "added/saved …"), with the change summary unless ``detail`` is off."""
        code = str(result.record.key)
        if not result.changed:
            self.notify(tr("form_nothing", code=code), timeout=3)
            return
        self.data.reload()
        self.sync()  # type: ignore[attr-defined]  # the app redraws only the screen on top
        shown = self.focus_record(key or code)
        what = tr(f"what_{result.table}")
        text = message or (tr("form_added", what=what, code=code) if added else tr("form_saved", what=what, code=code))
        if not shown:
            text += " " + tr("form_not_listed")
        summary = "" if added or not detail else say(result.summary, lang())
        if len(summary) > SUMMARY_LIMIT:
            summary = summary[: SUMMARY_LIMIT - 1] + "…"
        self.notify(f"{text}\n{summary}" if summary else text, timeout=6)

    def focus_record(self, key: str) -> bool:
        """Put the cursor on the record ``key``; False if it is not in the list (screens implement it)."""
        return True
