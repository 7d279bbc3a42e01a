"""Screen 1, the overview: what a leader reads two minutes before a meeting, on one 80×24 screen.

Six blocks, each with a figure someone can act on and the key of the screen behind it: the dossier
figures of the period with the reconciliation line, the dossiers overdue or due within 3 working days,
the service index of Decision 766 (points, the weakest indicators; ``i`` opens its view), the highest risks,
training coverage, procedures and legal changes, and improvement: the last audit
and management review (⚠ past 12 months), open and overdue nonconformities and review actions, and the
plan tasks due. ``e`` (or ``E``) saves the meeting summary to a file.

On a store that is not set up yet (``qms init --empty``) a first-run panel comes first, in the room of
the last row: what is missing and the key of each form (``screens.setup``); ``o`` opens the organisation form at
any time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from qms_tui.domain.figures import Figures
from qms_tui.domain.qms import Qms
from qms_tui.domain.service_index import IndexResult
from qms_tui.i18n import day, number, percent, reconciliation_line, risk_counts_text
from qms_tui.labels import lang, tr
from qms_tui.tui.messages import ShowDossiers, ShowScreen
from qms_tui.tui.screens.base import QmsScreen
from qms_tui.tui.screens.setup import missing, open_setup_form, setup_body
from qms_tui.tui.widgets.block import Block
from qms_tui.tui.widgets.cells import ALERT, WARN, level_cell
from qms_tui.tui.widgets.line_grid import GridColumn, LineGrid

if TYPE_CHECKING:
    from qms_tui.exporting import Export
    from qms_tui.tui.data import ScreenData

GOOD = "green"
"""The reconciliation holds: green on colour terminals; the "✓ khớp" says it without colour."""


def _n(value: int) -> str:
    """A count in the session's number format (1.234 in Vietnamese)."""
    return number(value, lang())


def _grid() -> LineGrid:
    """Label, figure, detail: the detail column takes what is left and is cut with an ellipsis."""
    return LineGrid(GridColumn(), GridColumn("right"), GridColumn(stretch=True))


def dossier_body(f: Figures) -> Group:
    """The period's figures as the form counts them, then the reconciliation line."""
    n = lambda name: _n(f.count(name))  # noqa: E731
    table = _grid()
    table.add_row(tr("ov_received"), Text(n("received"), style="bold"),
                  tr("ov_new_carried", new=n("new"), carried=n("carried_over")))
    late = Text(tr("ov_on_time_late", on_time=n("on_time"), late=n("late")))
    table.add_row(tr("ov_resolved"), Text(n("resolved"), style="bold"), late)
    overdue = Text(tr("ov_not_due_overdue", not_due=n("not_due"), overdue=n("overdue")))
    if f["overdue"]:
        overdue.stylize(ALERT)
    table.add_row(tr("ov_in_progress"), Text(n("in_progress"), style="bold"), overdue)
    table.add_row(tr("ov_withdrawn"), Text(n("withdrawn"), style="bold"),
                  Text(tr("ov_rate", rate=percent(f["on_time_rate"], lang())), style="bold"))
    c = f.line
    line = reconciliation_line(c, lang())
    return Group(table, Text(line, style=GOOD if c.reconciles else ALERT, no_wrap=True, overflow="ellipsis"))


def attention_body(qms: Qms, f: Figures) -> Text:
    """How many in-progress dossiers are overdue or due within 3 working days (the title says which), and how
    many of them are overdue on the as-of day (``overdue_now``: every overdue dossier is among them): one line,
    the index block shares the column."""
    dossiers = qms.attention_dossiers()
    overdue = f.count("overdue_now")
    text = Text()
    text.append(_n(len(dossiers)), style="bold")
    text.append(f" {tr('ov_attention_count')} · ")
    text.append(tr("ov_overdue_now", n=_n(overdue)), style=ALERT if overdue else "")
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def _points(value: float) -> str:
    """Points with one decimal, a whole number without (``48,6/55``: the line has 26 columns)."""
    return number(value, lang(), 0 if abs(value - round(value)) < 0.05 else 1)


def index_body(result: IndexResult) -> Text:
    """The service index in two lines: points earned out of the maximum of the indicators with data, then the
    indicators losing the most points. Indicators without data are counted as such, never scored as zero."""
    language = lang()
    with_data = [i for i in result.indicators if i.data]
    text = Text(no_wrap=True, overflow="ellipsis")
    if not with_data:
        text.append(tr("ix_no_data"), style="dim")
        text.append("\n" + tr("ov_ix_none", n=_n(len(result.indicators))))
        return text
    text.append(f"{_points(result.total_points)}/{_points(result.max_points)}", style="bold")
    text.append(" " + tr("ov_ix_points", n=_n(len(with_data)), all=_n(len(result.indicators))) + "\n")
    weakest = result.weakest(2)
    if not weakest:
        text.append(tr("ov_ix_full"))
        return text
    text.append(tr("ov_ix_weakest") + " ")
    for n, item in enumerate(weakest):
        text.append((" · " if n else "") + f"{item.id} {percent(item.value, language, 0)}", style=WARN)
    return text


def risk_body(qms: Qms, f: Figures) -> Group:
    """The three highest open risks, the high risks and open opportunities, and the overdue treatments."""
    table = LineGrid(GridColumn(), GridColumn("right"), GridColumn(), GridColumn(stretch=True))
    for risk in qms.top_risks(3):
        table.add_row(risk.code, str(risk.score), level_cell(risk.level), risk.description)
    overdue = qms.overdue_treatments()
    footer = Text(risk_counts_text(f.count("high_risks"), f.count("open_opportunities"), lang()) + "\n")
    late = tr("ov_treat_overdue", n=_n(len(overdue)))
    if overdue:
        late += f" ({', '.join(r.code for r in overdue[:3])})"
    footer.append(late, style=ALERT if overdue else "")
    footer.no_wrap = True
    footer.overflow = "ellipsis"
    return Group(table, footer)


def training_body(qms: Qms, f: Figures) -> Group:
    """Untrained staff in all, then by unit (units with untrained staff first)."""
    table = LineGrid(GridColumn(stretch=True), GridColumn("right"))
    head = Text(tr("ov_untrained", never=_n(f.count("untrained")), staff=_n(f.count("staff")),
                   retrain=_n(f.count("retrain"))), no_wrap=True, overflow="ellipsis")
    if f["untrained"]:
        head.stylize(WARN)
    units = sorted(qms.training_coverage(), key=lambda u: (-u.never, u.unit))
    units = [u for u in units if u.never]
    shown = units[:3] if len(units) > 4 else units
    for unit in shown:
        table.add_row(unit.unit, f"{_n(unit.never)}/{_n(unit.staff)}")
    if len(units) > len(shown):
        rest = units[len(shown):]
        table.add_row(f"+{len(rest)} …", f"{_n(sum(u.never for u in rest))}")
    return Group(head, table)


def procedure_body(qms: Qms) -> Text:
    """Procedures by kind, TTHC coverage, revisions and reviews due, and pending legal changes."""
    counts = qms.procedure_counts()
    in_qms, in_remit = qms.tthc_coverage()
    attention = qms.procedures_needing_attention()
    revising = sum(1 for _, why in attention if why == "under_revision")
    review = sum(1 for _, why in attention if why == "review_due")
    changes = qms.legal_changes()
    text = Text()
    text.append(tr("ov_proc_total", total=_n(sum(counts.values())), general=_n(counts["general"]),
                   internal=_n(counts["internal"]), tthc=_n(counts["tthc"])) + "\n")
    text.append(tr("ov_tthc_cov", in_qms=_n(in_qms), remit=_n(in_remit)) + "\n")
    text.append(tr("ov_revision", rev=_n(revising), due=_n(review)) + "\n", style=WARN if revising or review else "")
    text.append(tr("ov_legal", n=_n(len(changes))) + "\n", style=WARN if changes else "")
    if changes:
        first = changes[0]
        key = "ov_legal_overdue" if first.overdue else "ov_legal_next"
        mark = "! " if first.overdue else "· "
        text.append(f"{mark}{first.document.number} {tr(key, day=day(first.deadline, lang()))}",
                    style=ALERT if first.overdue else "")
    text.no_wrap, text.overflow = True, "ellipsis"  # one line per figure: the block has five
    return text


def improvement_body(qms: Qms, f: Figures) -> Group:
    """Last internal audit and management review (⚠ when older than 12 months, by ``Qms.findings()``), the
    open and overdue nonconformities and review actions, and the plan tasks due or late."""
    language = lang()
    stale_codes = {finding.code for finding in qms.findings()}
    events = LineGrid(GridColumn(stretch=True), GridColumn())
    for kind, label, short in (("internal_audit", "ov_audit", "ov_audit_short"),
                               ("management_review", "ov_review", "ov_review_short")):
        event = qms.last_event(kind)
        stale = f"no_{kind}" in stale_codes
        if event is None or event.date is None:
            when = Text(tr("ov_never"), style=ALERT)
        else:
            when = Text(day(event.date, language), style=ALERT if stale else "")
            if stale:
                when.append(f" {tr('stale_mark')}", style=ALERT)
        events.add_row(tr(short if stale else label), when)

    def open_and_late(key: str, open_count: int, late_count: int) -> Text:
        """``Điểm KPH chưa đóng 3 · QUÁ HẠN 1``: the overdue part reversed, in capitals, when there is one."""
        text = Text(tr(key, n=_n(open_count)) + " · ", no_wrap=True, overflow="ellipsis")
        if late_count:
            text.append(tr("overdue_days", n=_n(late_count)), style=ALERT)
        else:
            text.append(tr("ov_overdue_n", n=_n(0)))
        return text

    ncs = open_and_late("ov_ncs", f.count("open_ncs"), f.count("overdue_ncs"))
    actions = open_and_late("ov_actions", len(qms.open_review_actions()), len(qms.overdue_review_actions()))
    tasks = qms.plan_tasks_due()
    late = [t for t in tasks if t.late(qms.today)]
    head = tr("ov_tasks", n=_n(len(tasks)))
    if late:
        head += f" ({tr('ov_tasks_late', n=_n(len(late)))})"
    return Group(events, ncs, actions, Text(head, style=WARN if late else "", no_wrap=True, overflow="ellipsis"))


class OverviewScreen(QmsScreen):
    """Screen 1: the figures that matter before a meeting, each block leading to its screen."""

    SCREEN_NAME = "overview"
    PALETTE_ACTIONS = ("open_index",)
    """What the palette offers on this screen (``QmsScreen.palette_commands``)."""
    BINDINGS = [
        Binding("e", "app.export_choice", tr("key_export"), id="overview.export"),
        Binding("i", "open_index", tr("key_index"), show=False, id="overview.index"),
        Binding("o", "setup('organisation')", tr("key_org"), show=False, id="overview.org"),
        Binding("l", "setup('field')", tr("key_add_field"), show=False, id="overview.field"),
        Binding("t", "setup('procedure')", tr("key_add_procedure"), show=False, id="overview.procedure"),
        Binding("n", "setup('staff')", tr("key_add_staff"), show=False, id="overview.staff"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (56, "-fits")]
    """Under 56 columns the 28-column right side does not fit beside half the width: it takes half
    (``overview.tcss``)."""

    def __init__(self, data: ScreenData) -> None:
        """Made with the usual width's class, so that its first size (from 56 columns) changes no class and
        restyles nothing."""
        super().__init__(data, classes="-fits")

    def compose_body(self) -> ComposeResult:
        """Six blocks in one grid of 21 lines, the room between header and footer (``overview.tcss``): the
        dossiers beside the dossiers needing attention over the service index, then two rows of two. On a
        store not set up yet, the setup panel comes first and the last row gives it its room. The screen
        itself is the grid (header and footer are docked, outside it): no container to style and lay out
        before the first frame. The setup panel is made only for a store that needs it (``setup_block``)."""
        if missing(self.data):
            yield Block(tr("ov_setup", n=0), "setup", id="ov-setup")
        yield Block(tr("dossiers"), "dossiers", "5", id="ov-dossiers")
        yield Block(tr("ov_attention"), "attention", "5", id="ov-attention")
        yield Block(tr("ov_index"), "index", "i", id="ov-index")
        yield Block(tr("screen_risks"), "risks", "3", id="ov-risks")
        yield Block(tr("screen_training"), "training", "4", id="ov-training")
        yield Block(tr("screen_procedures"), "procedures", "2", id="ov-procedures")
        yield Block(tr("screen_improvement"), "improvement", "6", id="ov-plan")

    def on_mount(self) -> None:
        """Keys move between blocks from the start (on a new store, from the setup panel made for it)."""
        first = "#ov-setup" if self.query("#ov-setup") else "#ov-dossiers"
        self.set_focus(self.query_one(first, Block))

    def refresh_data(self) -> None:
        """Redraw every block from the current data and period."""
        data = self.data
        qms = data.qms
        figures = data.figures()
        self.query_one("#ov-dossiers", Block).show(dossier_body(figures))
        self.query_one("#ov-attention", Block).show(attention_body(qms, figures))
        self.query_one("#ov-index", Block).show(index_body(data.service_index(totals_only=True)))
        self.query_one("#ov-risks", Block).show(risk_body(qms, figures))
        self.query_one("#ov-training", Block).show(training_body(qms, figures))
        self.query_one("#ov-procedures", Block).show(procedure_body(qms))
        self.query_one("#ov-plan", Block).show(improvement_body(qms, figures))
        steps = missing(data)
        self.set_class(bool(steps), "-setup")
        setup = self.setup_block(bool(steps))
        if setup is None:
            return
        setup.border_title = Text(tr("ov_setup", n=len(steps)))
        setup.show(setup_body(steps))
        if not steps and self.focused is setup:
            self.set_focus(self.query_one("#ov-dossiers", Block))

    def setup_block(self, needed: bool) -> Block | None:
        """The setup panel: made with the screen on a store not set up yet, or now if the store has come to
        need it (its last procedure deleted by another process); ``None`` while no store has needed it."""
        for block in self.query("#ov-setup").results(Block):
            return block
        if not needed:
            return None
        block = Block(tr("ov_setup", n=0), "setup", id="ov-setup")
        self.mount(block, before=self.query_one("#ov-dossiers", Block))
        return block

    def on_block_opened(self, event: Block.Opened) -> None:
        """Enter on a block: go to the screen behind it (on the setup panel: the first missing thing's form)."""
        if event.block.target == "setup":
            steps = missing(self.data)
            if steps:
                which = {"units": "organisation", "fields": "field", "procedures": "procedure"}
                open_setup_form(self.app, self.data, which.get(steps[0].key, steps[0].key))
            return
        self.open_target(event.block.target)

    def action_open_index(self) -> None:
        """``i``: the index view of screen 5 (Enter on the index block does the same)."""
        self.open_target("index")

    def open_target(self, target: str) -> None:
        """Where a block leads: the dossier list filtered to the dossiers needing attention, its index view,
        the plan page, or the screen of the block's name."""
        if target == "attention":
            self.post_message(ShowDossiers(status="attention"))
        elif target == "index":
            self.post_message(ShowDossiers(view="index"))
        else:
            self.post_message(ShowScreen(target))

    def export(self) -> Export:
        """The meeting summary of the period (``e``, ``E``)."""
        from qms_tui.exporting import summary_export

        return summary_export(self.data.qms, self.data.period, lang())

    def action_setup(self, which: str) -> None:
        """``o`` ``l`` ``t`` ``n``: the organisation, field, procedure or staff form."""
        open_setup_form(self.app, self.data, which)
