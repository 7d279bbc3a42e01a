"""Pick one item from a long list by typing part of it (accents optional): e.g. one of 55 procedures; or,
from a short list, by one key each (``keys``): e.g. the format of an export."""

from __future__ import annotations

from collections.abc import Mapping

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from qms_tui.domain.safety import visible
from qms_tui.domain.text import fold
from qms_tui.labels import tr


class ChoiceDialog(ModalScreen[str | None]):
    """Returns the chosen option's id, or ``None`` when cancelled with Esc."""

    BINDINGS = [
        Binding("escape", "cancel", tr("key_back"), id="choice.cancel"),
        Binding("down", "to_list", tr("key_down"), show=False, id="choice.down"),
    ]
    CSS_PATH = "choice.tcss"

    def __init__(
        self, title: str, options: list[tuple[str, str]], current: str = "", keys: Mapping[str, str] | None = None
    ) -> None:
        """``options`` are (id, label) pairs; ``current`` is highlighted first (Enter takes it). ``keys`` maps a
        key to an option id: then there is no filter box, each option shows its key and that key chooses it."""
        super().__init__()
        self.title_text = visible(title, one_line=True)
        self.keys = dict(keys or {})
        key_of = {option: key for key, option in self.keys.items()}
        self.options = [(option, f"{key_of[option]}  {label}" if option in key_of else label)
                        for option, label in options]
        self.current = current
        self._folded = [fold(label) for _, label in self.options]

    def compose(self) -> ComposeResult:
        """Title, filter box (unless chosen by keys), options."""
        with Vertical(classes="keyed" if self.keys else ""):
            yield Label(self.title_text)
            if not self.keys:
                yield Input(placeholder=tr("choice_filter"), id="choice-filter")
            yield OptionList(id="choice-list")

    def on_mount(self) -> None:
        """All options shown; typing filters them, or chooses one by its key."""
        self._fill("")
        (self.query_one(OptionList) if self.keys else self.query_one(Input)).focus()

    def on_key(self, event: events.Key) -> None:
        """A key of ``keys`` chooses its option at once."""
        chosen = self.keys.get(event.character or "")
        if chosen is not None:
            event.stop()
            event.prevent_default()
            self._choose(chosen)

    def _fill(self, text: str) -> None:
        """Options whose folded label contains the folded text."""
        needle = fold(text)
        options = self.query_one(OptionList)
        options.clear_options()
        pairs = zip(self.options, self._folded, strict=True)
        shown = [Option(visible(label, one_line=True), id=key or "\x00all") for (key, label), folded in pairs
                 if not needle or needle in folded]
        options.add_options(shown)
        ids = [o.id for o in shown]
        wanted = self.current or "\x00all"
        options.highlighted = ids.index(wanted) if wanted in ids and not needle else (0 if shown else None)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as you type."""
        self._fill(event.value)

    def on_input_submitted(self) -> None:
        """Enter in the filter box chooses the highlighted option."""
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter in the list chooses."""
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        """Close with the option's id (empty string: all)."""
        self.dismiss("" if option_id in (None, "\x00all") else option_id)

    def action_to_list(self) -> None:
        """↓ from the filter box moves into the list."""
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        """Esc: keep things as they were."""
        self.dismiss(None)
