"""The Textual app: five screens on keys 1–5, one period for all of them, and live refresh from the store.

The app owns the data the screens draw: the store's current snapshot, the chosen period, and the
figures derived from them, computed once per *generation*. Every change (another process wrote the
store, ``r``, a new period, the clock passing midnight) bumps the generation; the visible screen redraws
at once and the others when they are next shown. ``make_app`` is the one way to build the app, for the
CLI and for the tests alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from .commands import QmsCommands
from .domain.dossier_list import DossierRow, period_rows
from .domain.periods import PRESETS, PeriodChoice
from .domain.qms import Period, Qms
from .domain.statistics import PeriodStats
from .exporting import export_summary
from .i18n import day
from .labels import lang, tr
from .screens.base import QmsScreen
from .screens.dossiers import DossiersScreen
from .screens.overview import OverviewScreen
from .screens.procedures import ProceduresScreen
from .screens.risks import RisksScreen
from .screens.training import TrainingScreen
from .store import Store, StoreError
from .widgets.console import adapt_to_terminal, console_key_display
from .widgets.header import SCREENS
from .widgets.table_view import FilterInput

GATED_ACTIONS = {"show", "change_period", "reload", "help", "quit", "export"}
"""App keys that do nothing while a dialog is open (the dialog's own keys come first)."""


class QmsApp(App[None]):
    """The QMS review app on one store."""

    TITLE = "qms-tui"
    CSS_PATH = "app.tcss"
    MODES = {
        "overview": OverviewScreen,
        "procedures": ProceduresScreen,
        "risks": RisksScreen,
        "training": TrainingScreen,
        "dossiers": DossiersScreen,
    }
    DEFAULT_MODE = "overview"
    COMMANDS = {QmsCommands}
    BINDINGS = [
        *[
            Binding(str(index), f"show('{name}')", tr(f"screen_{name}"), show=False, id=f"app.screen.{name}")
            for index, name in enumerate(SCREENS, start=1)
        ],
        Binding("p", "change_period", tr("key_period"), id="app.period"),
        Binding("r", "reload", tr("key_reload"), id="app.reload"),
        Binding("question_mark", "help", tr("key_help"), key_display="?", id="app.help"),
        Binding("q", "quit", tr("key_quit"), id="app.quit"),
        Binding("ctrl+p", "command_palette", tr("key_palette"), key_display="^p", show=False, priority=True,
                id="app.palette"),
    ]

    def __init__(self, store: Store, *, poll_interval: float = 1.0) -> None:
        """Load the first snapshot now, so the first frame already has figures."""
        super().__init__()
        self.store = store
        self.poll_interval = poll_interval
        self.qms: Qms = store.snapshot()
        self.period_choice = PeriodChoice("year")
        self.generation = 0
        self._cache: dict[str, Any] = {}
        self._today: date = self.qms.today
        self._failed_signature: object = None
        self._pending_dossier_filter: tuple[str | None, str | None] | None = None
        self.typeahead: FilterInput | None = None
        """The filter box just opened with ``/``: keys typed ahead of its focus are its own."""

    # -- derived data, computed once per generation ------------------------------------------------

    def _cached(self, name: str, compute: Callable[[], Any]) -> Any:
        """Compute ``name`` once per generation (a reload or a new period clears the cache)."""
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    @property
    def period(self) -> Period:
        """The chosen period on today's "as of" date."""
        return self._cached("period", lambda: self.period_choice.resolve(self.qms.today))

    def stats(self) -> PeriodStats:
        """The period's dossier figures (totals, by field, by procedure)."""
        return self._cached("stats", lambda: self.qms.stats(self.period))

    def dossier_rows(self) -> list[DossierRow]:
        """The dossiers counted in the period, each with its class on the form."""
        def compute() -> list[DossierRow]:
            """Classify every dossier once for this period."""
            clipped = self.qms.clip(self.period)
            return period_rows(self.qms.dossiers, clipped.start, clipped.end)

        return self._cached("rows", compute)

    def attention_codes(self) -> frozenset[str]:
        """Codes of the dossiers overdue or due within 3 working days."""
        return self._cached("attention", lambda: frozenset(d.code for d in self.qms.attention_dossiers()))

    # -- lifecycle ---------------------------------------------------------------------------------

    def get_key_display(self, binding: Binding) -> str:
        """Key names as the terminal can draw them (no "⏎" on the Linux console)."""
        return console_key_display(super().get_key_display(binding))

    def on_key(self, event: events.Key) -> None:
        """Keys that bubble up to the app right after ``/`` go into the filter box, not to app keys."""
        box = self.typeahead
        if box is None:
            return
        if not box.is_attached or box.screen is not self.screen:
            self.typeahead = None
            return
        if box.take_key(event):
            event.stop()
            event.prevent_default()

    def on_mount(self) -> None:
        """Start watching the store file for writes by other processes."""
        self.set_interval(self.poll_interval, self.poll_store, name="store-poll")

    def poll_store(self) -> None:
        """Reload when another process replaced the store; redraw when the clock moved the "as of" day."""
        if self.store.changed():
            self.reload_store()
        elif self.qms.today != self._today:
            self.data_changed()

    def reload_store(self, *, force: bool = False) -> bool:
        """Read the store again; on failure keep the last good data and say why (once per file version)."""
        try:
            self.store.load(force=force)
            qms = self.store.snapshot()
        except StoreError as exc:
            signature = self.store.signature()
            if signature != self._failed_signature:
                self._failed_signature = signature
                self.notify(str(exc), title=tr("store_error"), severity="error", timeout=10)
            return False
        self._failed_signature = None
        self.qms = qms
        self.data_changed()
        return True

    def data_changed(self) -> None:
        """Start a new generation and redraw the visible screen now."""
        self.generation += 1
        self._cache.clear()
        self._today = self.qms.today
        screen = self.screen
        if isinstance(screen, QmsScreen):
            screen.sync()

    def set_period(self, choice: PeriodChoice | None) -> None:
        """Apply a period to every screen (``None``: the picker was cancelled)."""
        if choice is None:
            return
        self.period_choice = choice
        self.data_changed()
        period = self.period
        self.notify(tr("period_set", label=f"{day(period.start, lang())}–{day(period.end, lang())}"), timeout=3)

    # -- navigation --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a dialog is open its keys win: the app's own keys are switched off."""
        return not (action in GATED_ACTIONS and isinstance(self.screen, ModalScreen))

    async def action_show(self, name: str) -> None:
        """Keys 1–5: go to a screen; pressing the current screen's key closes its detail pages.

        The switch is awaited so that keys typed right after the number (``2/lao``) wait in the app's
        queue until the screen is ready for them, instead of reaching a screen still being built.
        """
        if name == self.current_mode:
            while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
                self.pop_screen()
            return
        await self.switch_mode(name)

    def open_target(self, target: str) -> None:
        """Where an overview block leads."""
        if target == "attention":
            self.open_dossiers(status="attention")
        elif target == "plan":
            from .screens.plan import PlanScreen

            self.push_screen(PlanScreen())
        else:
            self.call_later(self.action_show, target)

    def open_dossiers(self, *, procedure: str | None = None, status: str | None = None) -> None:
        """Show the dossier list filtered to a procedure or a status."""
        self._pending_dossier_filter = (status, procedure)
        if self.current_mode == "dossiers" and isinstance(self.screen, DossiersScreen):
            self.screen.on_screen_resume()
        else:
            self.call_later(self.action_show, "dossiers")

    def take_dossier_filter(self) -> tuple[str | None, str | None] | None:
        """The filter handed to the dossiers screen, once."""
        pending, self._pending_dossier_filter = self._pending_dossier_filter, None
        return pending

    # -- actions -------------------------------------------------------------------------------------

    def action_change_period(self) -> None:
        """Open the period picker."""
        from .dialogs.period import PeriodDialog

        self.push_screen(PeriodDialog(self.qms.today, self.period_choice), self.set_period)

    def action_reload(self) -> None:
        """Read the store again now."""
        if self.reload_store(force=True):
            self.notify(tr("reloaded"), timeout=2)

    def action_help(self) -> None:
        """Show every key."""
        from .dialogs.help import HelpDialog

        self.push_screen(HelpDialog())

    def action_export(self) -> None:
        """Save the summary of the current period as text in the current folder."""
        try:
            path = export_summary(self.qms, self.period, lang=lang())
        except OSError as exc:
            self.notify(tr("export_failed", error=exc.strerror or exc), severity="error")
            return
        self.notify(tr("exported", path=str(path)), timeout=8)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        """Every action for the command palette: (title, help, callback)."""
        commands: list[tuple[str, str, Callable[[], None]]] = []
        for index, name in enumerate(SCREENS, start=1):
            commands.append((tr("cmd_goto", name=tr(f"screen_{name}")), tr("cmd_goto_help", key=index),
                             lambda name=name: self.call_later(self.action_show, name)))
        commands.append((tr("cmd_period"), tr("cmd_goto_help", key="p"), self.action_change_period))
        from .dialogs.period import preset_label

        for kind in PRESETS:
            commands.append((tr("cmd_period_preset", label=preset_label(kind, self.qms.today)), "",
                             lambda kind=kind: self.set_period(PeriodChoice(kind))))
        commands.append((tr("cmd_reload"), tr("cmd_goto_help", key="r"), self.action_reload))
        commands.append((tr("cmd_export"), tr("cmd_export_help"), self.action_export))
        commands.append((tr("cmd_help"), tr("cmd_goto_help", key="?"), self.action_help))
        commands.append((tr("cmd_quit"), tr("cmd_goto_help", key="q"), self.exit))
        return commands


def make_app(store: Store, *, clock: Callable[[], date] | None = None, poll_interval: float = 1.0) -> QmsApp:
    """Build the app on ``store``; ``clock`` replaces the real date (tests), ``poll_interval`` is in seconds."""
    if clock is not None:
        store.clock = clock
        store.load(force=True)
    adapt_to_terminal()
    return QmsApp(store, poll_interval=poll_interval)
