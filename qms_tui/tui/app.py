"""The Textual app: six screens on keys 1–6, one period for all of them, and live refresh from the store.

The app owns the data the screens draw (``data.ScreenData``: the store's current snapshot, the chosen
period, and the figures derived from them, computed once per *generation*) and hands it to each screen it
makes. Every change (another process wrote the store, ``r``, a new period, the clock passing midnight)
bumps the generation and posts ``DataChanged`` to the visible screen, which redraws; the others redraw when
they are next shown. Screens ask the app to go elsewhere by message (``ShowScreen``, ``ShowDossiers``).
``make_app`` is the one way to build the app, for the CLI and for the tests alike.

``E`` (and ``e`` on the overview) saves what the current screen's ``export()`` gives to a file: the overview
as the meeting summary, a table as its rows after filter and sort, a detail page as drawn
(``exporting.py``); the command palette offers the other formats, and the current screen's own commands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.filter import Monochrome, NoColor
from textual.screen import ModalScreen, Screen

from qms_tui.domain.figures import Figures
from qms_tui.domain.periods import PRESETS, PeriodChoice
from qms_tui.domain.problems import say
from qms_tui.domain.qms import Period, Qms
from qms_tui.domain.safety import visible
from qms_tui.domain.service_index import IndexResult
from qms_tui.i18n import day
from qms_tui.labels import lang, tr
from qms_tui.store import Store, StoreError
from qms_tui.tui import first_frame_done, imports_done, modes
from qms_tui.tui.data import ScreenData
from qms_tui.tui.export_actions import ExportActions
from qms_tui.tui.messages import DataChanged, FilterDossiers, ShowDossiers, ShowScreen
from qms_tui.tui.stylesheet import ParseOnceStylesheet
from qms_tui.tui.themes import THEMES, no_color
from qms_tui.tui.widgets.console import adapt_to_terminal, console_key_display
from qms_tui.tui.widgets.header import SCREENS
from qms_tui.tui.widgets.visible import InertText

if TYPE_CHECKING:  # the screens' tables, the exporters and the other screens are imported where used
    from textual.command import Provider

    from qms_tui.domain.dossier_list import DossierRow
    from qms_tui.domain.statistics import PeriodStats
    from qms_tui.tui.widgets.table_view import FilterInput

GATED_ACTIONS = {"show", "change_period", "toggle_as_of", "reload", "help", "quit", "export", "export_choice"}
"""App keys that do nothing while a dialog is open (the dialog's own keys come first)."""


NOTICE_SECONDS = (2.5, 8.0)
"""A notification stays at least this long and at most this long."""


def reading_time(text: str) -> float:
    """Seconds to read ``text``: 2 s to notice it, then about 20 characters a second, within ``NOTICE_SECONDS``."""
    low, high = NOTICE_SECONDS
    return max(low, min(high, 2.0 + len(text) / 20))


def commands_provider() -> type[Provider]:
    """The command palette's commands, imported when the palette first opens (not for the first frame)."""
    from qms_tui.tui.commands import QmsCommands

    return QmsCommands


class QmsApp(ExportActions, App[None]):
    """The QMS review app on one store."""

    TITLE = "qms-tui"
    CSS_PATH = ["app.tcss", "screens/overview.tcss"]  # the first screen's with the app's: one CSS parse fewer
    SCREEN_MODES = modes.MODES
    """The screen of each mode, made with the app's ``ScreenData`` (``__init__`` adds the modes); each screen's
    module is imported when the screen is first shown."""
    DEFAULT_MODE = "overview"
    COMMANDS = {commands_provider}
    BINDINGS = [
        *[
            Binding(str(index), f"show('{name}')", tr(f"screen_{name}"), show=False, id=f"app.screen.{name}")
            for index, name in enumerate(SCREENS, start=1)
        ],
        Binding("p", "change_period", tr("key_period"), id="app.period"),
        Binding("T", "toggle_as_of", tr("key_as_of"), show=False, id="app.as_of"),
        Binding("E", "export_choice", tr("key_export"), show=False, id="app.export"),
        # the store is polled and redrawn when it changes, so ``r`` is rarely needed: its footer room goes to ``s``
        Binding("r", "reload", tr("key_reload"), show=False, id="app.reload"),
        Binding("question_mark", "help", tr("key_help"), key_display="?", id="app.help"),
        Binding("q", "quit", tr("key_quit"), id="app.quit"),
        Binding("ctrl+p", "command_palette", tr("key_palette"), key_display="^p", show=False, priority=True,
                id="app.palette"),
    ]

    def __init__(
        self, store: Store, *, poll_interval: float = 1.0, theme: str = "default", back_on_escape: bool = False
    ) -> None:
        """Load the first snapshot now, so the first frame already has figures; ``back_on_escape``: opened from
        the province screen, to which an Esc that nothing else takes goes back."""
        super().__init__()
        self.stylesheet = ParseOnceStylesheet(variables=self.theme_variables)  # what Textual's was made with
        self.theme = THEMES.get(theme, THEMES["default"])
        # NO_COLOR: no colour at all (Textual would draw greys: SGR 90, 97, 100), and only when not empty
        self._filters = [f for f in self._filters if not isinstance(f, Monochrome | NoColor)]
        self.no_color = no_color()
        if self.no_color:
            self._filters.append(NoColor())
        if back_on_escape:
            self.bind("escape", "quit", description=tr("key_back"), key_display="Esc")
        self._filters.append(InertText())  # the last wall: no control or bidi character reaches the terminal
        self.store = store
        self.poll_interval = poll_interval
        self.data = ScreenData(store, self.reload_store)
        """What the screens draw, handed to each when it is made."""
        for mode, screen_type in self.SCREEN_MODES.items():
            self.add_mode(mode, partial(screen_type, self.data))
        self._today: date = self.qms.today
        self._failed_signature: object = None
        self.typeahead: FilterInput | None = None
        """The filter box just opened with ``/``: keys typed ahead of its focus are its own."""
        self.export_clock: Callable[[], datetime] = datetime.now
        """The clock of export file names (the tests pin it); the "as of" date inside comes from the data."""
        self.export_format = "text"
        """The format ``E`` offers first (Enter): the last one chosen in this session."""
        self.load_error: StoreError | None = None
        """Why the dossiers could not be read after the first frame (``read_dossiers``); the app then closed."""
        self.store_write: object | None = None
        """The write running in a thread (``dialogs.writing``): until it ends, the store is not read here."""

    def action_command_palette(self) -> None:
        """Ctrl+P: the command palette, in the app's language (``commands.WordedPalette``)."""
        from textual.command import CommandPalette

        from qms_tui.tui.commands import WordedPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(WordedPalette())

    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every notification with its stored text escaped: it may name a record or echo a store error. It
        stays as long as it takes to read (``reading_time``), never longer than the caller's ``timeout``. A
        message that carries its words' ids (a ``Fault``, a save's summary) is worded in the app's language."""
        text, head = visible(say(message, lang()), one_line=True), visible(title, one_line=True)
        shown = reading_time(text + head)
        super().notify(text, title=head, severity=severity, timeout=shown if timeout is None else min(timeout, shown),
                       markup=markup)

    # -- the screens' data (``ScreenData``), named here too for the CLI's and the tests' use ------------

    @property
    def qms(self) -> Qms:
        """The store's current snapshot."""
        return self.data.qms

    @property
    def period_choice(self) -> PeriodChoice:
        """The chosen period, as chosen (``year``, a quarter…)."""
        return self.data.period_choice

    @property
    def generation(self) -> int:
        """Bumped by every change of data, period or day."""
        return self.data.generation

    @property
    def period(self) -> Period:
        """The chosen period on today's "as of" date."""
        return self.data.period

    def stats(self) -> PeriodStats:
        """The period's dossier figures (totals, by field, by procedure)."""
        return self.data.stats()

    def figures(self) -> Figures:
        """The shared figures of the period, asked for by name (``domain.figures``)."""
        return self.data.figures()

    def service_index(self) -> IndexResult:
        """The period's service index (Decision 766)."""
        return self.data.service_index()

    def dossier_rows(self) -> list[DossierRow]:
        """The dossiers counted in the period, each with its class on the form."""
        return self.data.dossier_rows()

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
        """Start watching the store file for writes by other processes; once the first frame is drawn, collect
        garbage as usual (``qms_tui/tui/__init__.py``) and read the dossiers."""
        self.set_interval(self.poll_interval, self.poll_store, name="store-poll")
        self.call_after_refresh(first_frame_done)
        self.call_after_refresh(self.read_dossiers)

    def read_dossiers(self) -> None:
        """Read the dossiers now that the first frame, counted from the aggregate (``ScreenData``), is drawn:
        the other screens need them, and a damaged dossier file is said now as it would have been before the
        first frame: the app closes and ``run_app`` reports the error (``load_error``), naming the backup. If
        another process wrote the store since the first frame was counted, the dossiers read are of its new
        version: everything is read again from that version, so that no screen mixes the two."""
        counted = self.store.read_signature
        try:
            self.qms.dossier_docs  # noqa: B018 (read for its effect: the dossiers are loaded and checked)
        except StoreError as exc:
            self.load_error = exc
            self.exit(return_code=1)
            return
        if self.store.read_signature != counted:
            self.reload_store()

    def poll_store(self) -> None:
        """Reload when another process replaced the store; redraw when the clock moved the "as of" day.

        Reading never takes the writers' lock (a store file is only ever replaced whole), so a lock held by
        another process does not stop the poll. While a write of this app runs in a thread it waits: that
        write re-reads the store when it ends."""
        if self.store_write is not None:
            return
        if self.store.changed():
            self.reload_store()
        elif self.qms.today != self._today:
            self.data_changed()

    def reload_store(self, *, force: bool = False) -> bool:
        """Read the store again; on failure keep the last good data and say why (once per file version).
        Not while a write runs in a thread (False): the store's caches are its own until it ends."""
        if self.store_write is not None:
            return False
        try:
            self.store.load(force=force)
            qms = self.store.snapshot()
        except StoreError as exc:
            signature = self.store.signature()
            if signature != self._failed_signature:
                self._failed_signature = signature
                self.notify(say(exc, lang()), title=tr("store_error"), severity="error", timeout=10)
            return False
        self._failed_signature = None
        self.data_changed(qms)
        return True

    def data_changed(self, qms: Qms | None = None, choice: PeriodChoice | None = None) -> None:
        """Start a new generation (a new snapshot, period or day) and tell the visible screen, which redraws."""
        self.data.changed(qms, choice)
        self._today = self.qms.today
        self.screen.post_message(DataChanged())

    def set_period(self, choice: PeriodChoice | None) -> None:
        """Apply a period to every screen (``None``: the picker was cancelled)."""
        if choice is None:
            return
        self.data_changed(choice=choice)
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

    async def on_show_screen(self, message: ShowScreen) -> None:
        """A screen asks for another screen (an overview block), or for the plan page."""
        if message.name == "plan":
            self.open_plan()
        else:
            await self.action_show(message.name)

    async def on_show_dossiers(self, message: ShowDossiers) -> None:
        """A screen asks for the dossier list filtered to a procedure or a status (or another view: ``index``):
        show it, then hand it the filter."""
        handover = FilterDossiers(status=message.status, procedure=message.procedure, view=message.view)
        try:
            built = bool(self.get_screen_stack("dossiers"))
        except KeyError:  # the mode's screen is made when first shown
            built = False
        if not built:  # made now: it opens filtered and fills its list once (0.6 s at 100,000 dossiers)
            self.data.handed_over["dossiers"] = handover
        await self.action_show("dossiers")
        if built:
            self.get_screen_stack("dossiers")[0].post_message(handover)

    # -- actions -------------------------------------------------------------------------------------

    def action_change_period(self) -> None:
        """Open the period picker."""
        from qms_tui.tui.dialogs.period import PeriodDialog

        self.push_screen(PeriodDialog(self.qms.today, self.period_choice), self.set_period)

    def action_toggle_as_of(self) -> None:
        """``T``: count as of today or as of the store's pinned date (the demo's 01/09/2024); never saved.

        Today is the store's clock (``make_app(clock=…)`` in the tests). The chosen period follows: "this
        year" is the year of the new "as of" date."""
        pinned = self.qms.pinned_date
        if pinned is None:
            self.notify(tr("as_of_no_pin"), timeout=4)
            return
        self.store.follow_clock = not self.store.follow_clock
        if not self.reload_store(force=True):
            self.store.follow_clock = not self.store.follow_clock
            return
        key = "as_of_now_today" if self.store.follow_clock else "as_of_now_pinned"
        self.notify(tr(key, day=day(self.qms.today, lang())), timeout=3)

    def action_reload(self) -> None:
        """Read the store again now."""
        if self.reload_store(force=True):
            self.notify(tr("reloaded"), timeout=2)

    def action_help(self) -> None:
        """Show every key."""
        from qms_tui.tui.dialogs.help import HelpDialog

        self.push_screen(HelpDialog(read_only=bool(self.store.read_only)))

    def open_plan(self) -> None:
        """The plan tasks and the QMS events on one page (from the command palette)."""
        from qms_tui.tui.screens.plan import PlanScreen

        self.push_screen(PlanScreen(self.data))

    def palette_commands(self, screen: Screen | None = None) -> list[tuple[str, str, Callable[[], None]]]:
        """Every action for the command palette: (title, help, callback): the app's own, and those of ``screen``
        (the palette's: the screen it was opened on; by default the current one)."""
        from qms_tui.reports.formats import REPORT_FORMATS, SCREEN_FORMATS

        commands: list[tuple[str, str, Callable[[], None]]] = []
        for index, name in enumerate(SCREENS, start=1):
            commands.append((tr("cmd_goto", name=tr(f"screen_{name}")), tr("cmd_goto_help", key=index),
                             lambda name=name: self.call_later(self.action_show, name)))
        commands.append((tr("cmd_plan"), "", self.open_plan))
        from qms_tui.tui.screens.setup import open_setup_form

        writable = not self.store.read_only  # read-only: what would write is not offered at all
        if writable:
            commands.append((tr("cmd_org"), tr("cmd_goto_help", key="o"),
                             lambda: open_setup_form(self, self.data, "organisation")))
            commands.append((tr("cmd_add_field"), "", lambda: open_setup_form(self, self.data, "field")))
            commands.append((tr("cmd_add_legal"), "", lambda: open_setup_form(self, self.data, "legal")))
            for document in sorted(self.qms.legal_documents, key=lambda d: d.number):
                commands.append((tr("cmd_edit_legal", number=document.number), document.title,
                                 lambda number=document.number: open_setup_form(self, self.data, "legal", number)))
        commands.append((tr("cmd_period"), tr("cmd_goto_help", key="p"), self.action_change_period))
        from qms_tui.tui.dialogs.period import preset_label

        for kind in PRESETS:
            commands.append((tr("cmd_period_preset", label=preset_label(kind, self.qms.today)), "",
                             lambda kind=kind: self.set_period(PeriodChoice(kind))))
        pinned = self.qms.pinned_date
        if pinned is not None:
            title = (tr("cmd_as_of_pinned", day=day(pinned, lang())) if self.store.follow_clock
                     else tr("cmd_as_of_today", day=day(self.store.clock(), lang())))
            commands.append((title, tr("cmd_goto_help", key="T"), self.action_toggle_as_of))
        commands.append((tr("cmd_reload"), tr("cmd_goto_help", key="r"), self.action_reload))
        for name, textual_name in THEMES.items():
            commands.append((tr("cmd_theme", name=tr(f"theme_{name}")), tr("cmd_theme_help"),
                             lambda textual_name=textual_name: setattr(self, "theme", textual_name)))
        screen_commands = getattr(screen or self.screen, "palette_commands", None)
        if callable(screen_commands):  # the current screen's own, then its export
            commands += screen_commands()
        for fmt in SCREEN_FORMATS:
            commands.append((tr("cmd_export_screen", format=tr(f"fmt_{fmt}")),
                             tr("cmd_export_screen_help", key="E") if fmt == "text" else tr("cmd_export_where"),
                             lambda fmt=fmt: self.action_export(fmt)))
        commands.append((tr("cmd_export"), tr("cmd_export_help"), self.action_export_summary))
        year = self.qms.today.year
        for fmt in REPORT_FORMATS:
            commands.append((tr("cmd_export_report", year=year, format=tr(f"fmt_{fmt}")), tr("cmd_export_where"),
                             lambda fmt=fmt: self.action_export_report(fmt)))
        if writable:
            commands.append((tr("cmd_edit_report_text", year=year), tr("cmd_edit_report_text_help"),
                             self.action_edit_report_text))
        commands.append((tr("cmd_help"), tr("cmd_goto_help", key="?"), self.action_help))
        commands.append((tr("cmd_quit"), tr("cmd_goto_help", key="q"), self.exit))
        return commands


def make_app(
    store: Store, *, clock: Callable[[], date] | None = None, poll_interval: float = 1.0, theme: str | None = None,
    back_on_escape: bool = False,
) -> QmsApp:
    """Build the app on ``store``; ``clock`` replaces the real date (tests), ``poll_interval`` is in seconds,
    ``theme`` is ``--theme`` (else ``$QMS_THEME``, the settings file, ``default``: ``themes.theme_name``);
    ``back_on_escape``: opened from the province screen."""
    from qms_tui.tui.themes import theme_name

    if clock is not None:
        store.clock = clock
        store.load(force=True)
    adapt_to_terminal()
    return QmsApp(store, poll_interval=poll_interval, theme=theme_name(theme), back_on_escape=back_on_escape)


imports_done()  # the last line: every import above is done (qms_tui/tui/__init__.py)
