"""The period picker (``p``): this year, the last 30 days, a quarter of the "as of" year, or typed dates.

Typed dates are checked as you press Enter and a wrong entry says what is wrong in one line, without
closing the dialog. The chosen period applies to every screen.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from qms_tui.domain.periods import PRESETS, PeriodChoice, PeriodError, parse_range
from qms_tui.i18n import day
from qms_tui.labels import lang, tr


def preset_label(kind: str, today: date) -> str:
    """``Quý 1/2024 (01/01/2024–31/03/2024)``: the name of a preset and its dates on ``today``."""
    period = PeriodChoice(kind).resolve(today)
    quarter = kind.startswith("q")
    name = tr("period_quarter", q=kind[1], year=today.year) if quarter else tr(f"period_{kind}")
    label = f"{name} ({day(period.start, lang())}–{day(period.end, lang())})"
    if period.start > today:
        label += " " + tr("future_period")
    return label


class PeriodDialog(ModalScreen[PeriodChoice | None]):
    """Returns the chosen ``PeriodChoice``, or ``None`` when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", tr("key_back"), id="period.cancel"),
    ]
    CSS_PATH = "period.tcss"

    def __init__(self, today: date, current: PeriodChoice) -> None:
        """Presets are dated from ``today`` (the as-of date)."""
        super().__init__()
        self.today = today
        self.current = current

    def compose(self) -> ComposeResult:
        """Presets, the typed-dates box, the error line, the key hint."""
        with Vertical():
            yield Label(tr("period_title"), id="period-title")
            yield OptionList(*[Option(preset_label(kind, self.today), id=kind) for kind in PRESETS],
                             id="period-presets")
            yield Label(tr("period_custom"))
            value = ""
            if self.current.kind == "custom" and self.current.start and self.current.end:
                value = f"{day(self.current.start, 'vi')} – {day(self.current.end, 'vi')}"
            yield Input(value=value, placeholder="01/01/2024 – 30/06/2024", id="period-input",
                        select_on_focus=False)  # a key typed on the presets starts the box's text (on_key)
            yield Static("", id="period-error", markup=False)
            yield Label(tr("period_hint"), classes="hint")

    def on_mount(self) -> None:
        """Highlight the current choice (or put the cursor in the box for typed dates)."""
        presets = self.query_one(OptionList)
        if self.current.kind in PRESETS:
            presets.highlighted = PRESETS.index(self.current.kind)
            presets.focus()
        else:
            presets.highlighted = 0
            self.query_one(Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing while the presets have the cursor (after a Tab from the box) starts a new entry in the box:
        an Enter that follows checks those dates, instead of applying whichever preset is highlighted."""
        box = self.query_one("#period-input", Input)
        if self.focused is box or not event.is_printable or not event.character or event.character == " ":
            return
        event.stop()
        event.prevent_default()
        box.focus()
        box.value = event.character  # a new entry: the old dates would otherwise be read with the new ones
        box.cursor_position = len(box.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a preset applies it."""
        self.dismiss(PeriodChoice(event.option.id or "year"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Check the typed dates; close on success, else say what is wrong."""
        try:
            choice = parse_range(event.value)
        except PeriodError as exc:
            self.error = tr(f"err_{exc.reason}", detail=exc.detail)
            self.query_one("#period-error", Static).update(Text("! " + self.error, style="bold"))
            return
        self.dismiss(choice)

    error = ""
    """The last validation message shown (empty when none)."""

    def action_cancel(self) -> None:
        """Esc: keep the current period."""
        self.dismiss(None)
