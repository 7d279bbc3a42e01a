"""Screen 6, improvement (ISO 9001:2015 clauses 9.2, 9.3 and 10.2): the nonconformity board, the actions
decided at management reviews, the internal audits with their findings, and the plan tasks.

The nonconformity board opens first: it is what a leader acts on. Its rows are grouped by status in the
order an NC moves (open → action taken → verified effective → closed), the line above counts each
group, and an overdue NC says "QUÁ HẠN" with its days in reverse video, so it reads without colour.
``v`` switches view; Enter opens an NC, an action, an audit or a finding; ``/`` and ``s`` work as on
every table; ``a`` and ``e`` add and edit NCs, review actions, internal audits and (with the keyboard in
the findings table) the highlighted audit's findings with the shared form dialog (``improvement_forms.py``).
All figures come from ``domain/improvement.py`` through ``Qms``, like the CLI's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, DataTable, Static

from qms_tui.domain import improvement
from qms_tui.domain.models import NC_STATUSES, AuditFinding, InternalAudit, Nonconformity, ReviewAction
from qms_tui.domain.text import searchable
from qms_tui.i18n import day
from qms_tui.labels import lang, tr
from qms_tui.reports import document as doc
from qms_tui.tui.data import ScreenData
from qms_tui.tui.forms.editing import EditingScreen, editing_bindings
from qms_tui.tui.screens.base import QmsScreen
from qms_tui.tui.screens.improvement_cells import (
    _n,
    action_status_cell,
    audit_date,
    audit_scope,
    nc_group_counts,
    nc_status_cell,
    overdue_cell,
)
from qms_tui.tui.screens.plan import task_columns
from qms_tui.tui.widgets.cells import ALERT, WARN, clip, count_cell, date_cell
from qms_tui.tui.widgets.record_table import Column, RecordTable
from qms_tui.tui.widgets.table_view import TableView
from qms_tui.tui.widgets.views import ViewBar
from qms_tui.tui.widgets.visible import visible_renderable, visible_text

VIEWS = ("ncs", "actions", "audits", "plan")
"""The views in the order ``v`` cycles them: the NC board first."""

TABLES = {"ncs": "#ncs-table", "actions": "#actions-table", "audits": "#audits-table", "plan": "#imp-plan-table"}
PANES = {"ncs": "ncs-view", "actions": "actions-view", "audits": "audits-pane", "plan": "imp-plan-view"}



class ImprovementScreen(EditingScreen, QmsScreen):
    """Screen 6: nonconformity board, review actions, audits and findings, plan tasks (``v`` cycles);
    ``a`` and ``e`` add and edit nonconformities, review actions, audits and findings with the shared form."""

    SCREEN_NAME = "improvement"
    PALETTE_ACTIONS = ("next_view", "add", "edit")
    """What the palette offers on this screen (``QmsScreen.palette_commands``)."""
    BINDINGS = [Binding("v", "next_view", tr("key_view"), id="improvement.view"), *editing_bindings("improvement")]
    CSS_PATH = "improvement.tcss"

    def __init__(self, data: ScreenData) -> None:
        """The board opens first; findings follow the highlighted audit."""
        super().__init__(data)
        self.view = "ncs"
        self._findings_audit: str | None = None
        self._audit_cursor_placed = False
        self._saved_action: str | None = None

    # -- layout -------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        """View bar, the current view's summary line, and the four views in a switcher."""
        yield ViewBar([(v, tr(f"view_imp_{v}")) for v in VIEWS], id="imp-views")
        yield Static("", id="imp-summary", markup=False)
        with ContentSwitcher(initial="ncs-view"):
            yield TableView(RecordTable(self.nc_columns(), lambda nc: nc.code, search_text=self.nc_search,
                                        sort_column=1, openable=True, id="ncs-table"),
                            preview=self.describe_nc, id="ncs-view")
            yield TableView(RecordTable(self.action_columns(), lambda a: a.code, search_text=self.action_search,
                                        sort_column=1, openable=True, id="actions-table"),
                            preview=lambda a: f"{a.code} · {a.text}", id="actions-view")
            with Vertical(id="audits-pane"):
                yield TableView(RecordTable(self.audit_columns(), lambda a: a.code, sort_column=1,
                                            sort_reverse=True, openable=True, id="audits-table"),
                                preview=lambda a: f"{a.code} · {a.title}", id="audits-view")
                yield Static("", id="findings-title", markup=False)
                yield TableView(RecordTable(self.finding_columns(), lambda f: f.code, sort_column=0,
                                            openable=True, id="findings-table"),
                                preview=lambda f: f"{f.code} · {f.description}", id="findings-view")
            yield TableView(RecordTable([], lambda t: t.code, sort_column=4, id="imp-plan-table"),
                            preview=lambda t: f"{t.code} · {t.task} · {t.owner}", id="imp-plan-view")

    # -- columns ------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        """The "as of" day of the data shown."""
        return self.data.qms.today

    def nc_columns(self) -> list[Column]:
        """Code, status (the board's groups), days open, days overdue, deadline, what, owner, source."""
        def days_open(nc: Nonconformity) -> int | None:
            """Days from raising it to closing it (or to today)."""
            return improvement.nc_days_open(nc, self.today)

        def days_overdue(nc: Nonconformity) -> int:
            """Days past the deadline, 0 when not overdue."""
            return improvement.nc_days_overdue(nc, self.today)

        def group(nc: Nonconformity) -> tuple[int, int, date, str]:
            """The board's order: status group, overdue first, then the soonest deadline."""
            rank = NC_STATUSES.index(nc.status) if nc.status in NC_STATUSES else len(NC_STATUSES)
            return rank, -days_overdue(nc), nc.deadline or date.max, nc.code

        return [
            Column("code", tr("col_code"), lambda nc: nc.code, lambda nc: nc.code, width=11),
            Column("status", tr("col_status"), nc_status_cell, group, width=14),
            Column("open", tr("col_days_open"), lambda nc: count_cell(days_open(nc)), days_open, width=4,
                   justify="right"),
            Column("overdue", tr("col_overdue_days"), lambda nc: overdue_cell(days_overdue(nc)), days_overdue,
                   width=10),
            Column("deadline", tr("col_deadline"), lambda nc: date_cell(nc.deadline, alert=days_overdue(nc) > 0),
                   lambda nc: nc.deadline, width=10),
            Column("description", tr("col_desc"), lambda nc: clip(nc.description, 60), lambda nc: nc.description),
            Column("owner", tr("col_owner"), lambda nc: clip(nc.owner, 24), lambda nc: nc.owner),
            Column("source", tr("source"), lambda nc: tr(f"src_{nc.source}"), lambda nc: nc.source),
            Column("reference", tr("col_reference"), lambda nc: clip(nc.reference, 24), lambda nc: nc.reference),
        ]

    def action_columns(self) -> list[Column]:
        """Code, status (overdue reversed), deadline, owner, text, review."""
        def state(action: ReviewAction) -> tuple[int, int, date, str]:
            """Overdue first, then open, then done; soonest deadline first."""
            days = improvement.action_days_overdue(action, self.today)
            rank = 0 if days else (1 if action.status != "done" else 2)
            return rank, -days, action.deadline or date.max, action.code

        return [
            Column("code", tr("col_code"), lambda a: a.code, lambda a: a.code, width=12),
            Column("status", tr("col_status"), lambda a: action_status_cell(a, self.today), state, width=10),
            Column("deadline", tr("col_deadline"), lambda a: date_cell(a.deadline, alert=a.overdue(self.today)),
                   lambda a: a.deadline, width=10),
            Column("owner", tr("col_owner"), lambda a: clip(a.owner, 14), lambda a: a.owner, width=14),
            Column("text", tr("col_action"), lambda a: clip(a.text, 70), lambda a: a.text),
            Column("review", tr("col_review_code"), lambda a: a.review, lambda a: a.review),
        ]

    def audit_columns(self) -> list[Column]:
        """Code, date (held, else planned), status, counts of NC / observations / OFIs, scope."""
        def counts(audit: InternalAudit) -> dict[str, int]:
            """Findings of the audit by kind."""
            found = self.data.qms.findings_of(audit.code)
            return {kind: sum(1 for f in found if f.kind == kind) for kind in ("nonconformity", "observation",
                                                                                 "opportunity")}

        def figure(kind: str, label: str, width: int) -> Column:
            """A right-aligned count of one kind of finding."""
            return Column(kind, tr(label), lambda a: count_cell(counts(a)[kind], alert=kind == "nonconformity"),
                          lambda a: counts(a)[kind], width=width, justify="right")

        return [
            Column("code", tr("col_code"), lambda a: a.code, lambda a: a.code, width=12),
            Column("date", tr("col_date"), lambda a: date_cell(audit_date(a)), audit_date, width=10),
            Column("status", tr("col_status"), lambda a: Text(tr(f"audit_{a.status}")), lambda a: a.status, width=15),
            figure("nonconformity", "col_f_nc", 4),
            figure("observation", "col_f_obs", 5),
            figure("opportunity", "col_f_ofi", 6),
            Column("scope", tr("col_scope"), lambda a: clip(audit_scope(a), 60), audit_scope),
        ]

    def finding_columns(self) -> list[Column]:
        """Code, kind, clause, the NC raised for it (with its status), description."""
        def raised(finding: AuditFinding) -> Nonconformity | None:
            """The nonconformity recorded for this finding, if any."""
            return self.nc_for_finding(finding.code)

        def nc_cell(finding: AuditFinding) -> Text:
            """The NC's code, or a bold "chưa lập" when a nonconformity finding has none yet."""
            nc = raised(finding)
            if nc is not None:
                return Text(nc.code)
            if finding.kind == "nonconformity":
                return Text(tr("no_nc_yet"), style=WARN)
            return Text("—")

        return [
            Column("code", tr("col_code"), lambda f: f.code, lambda f: f.code, width=12),
            Column("kind", tr("col_kind"), lambda f: Text(tr(f"fks_{f.kind}"), style=WARN if f.kind ==
                                                           "nonconformity" else ""), lambda f: f.kind, width=9),
            Column("clause", tr("col_clause"), lambda f: f.clause, lambda f: [int(p) for p in f.clause.split(".")
                                                                              if p.isdigit()], width=6),
            Column("nc", tr("col_nc"), nc_cell, lambda f: raised(f).code if raised(f) else "", width=11),
            Column("description", tr("col_desc"), lambda f: clip(f.description, 70), lambda f: f.description),
        ]

    # -- search and preview -------------------------------------------------------------------

    def nc_search(self, nc: Nonconformity) -> str:
        """Code (also with spaces for dashes: "kph 2024 05"), status, source, reference, text, owner."""
        overdue = tr("overdue_word") if improvement.nc_overdue(nc, self.today) else ""
        return searchable(" | ".join([nc.code, nc.code.replace("-", " "), tr(f"ncs_{nc.status}"),
                                      tr(f"nc_{nc.status}"), tr(f"src_{nc.source}"), nc.reference, nc.description,
                                      nc.owner, nc.clause, overdue]))

    def action_search(self, action: ReviewAction) -> str:
        """Code (also with spaces), text, owner, review, status."""
        overdue = tr("overdue_word") if action.overdue(self.today) else ""
        status = tr("act_done") if action.status == "done" else tr("act_open")
        return searchable(" | ".join([action.code, action.code.replace("-", " "), action.text, action.owner,
                                      action.review, status, overdue]))

    def describe_nc(self, nc: Nonconformity) -> str:
        """The preview line: code, full status, what it is."""
        return f"{nc.code} · {tr(f'nc_{nc.status}')} · {nc.description}"

    def nc_for_finding(self, finding_code: str) -> Nonconformity | None:
        """The nonconformity raised for an audit finding."""
        return next((nc for nc in self.data.qms.nonconformities
                     if nc.source == "audit_finding" and nc.reference == finding_code), None)

    # -- data ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Open on the nonconformity board."""
        self.show_view(self.view)

    def refresh_data(self) -> None:
        """Every view from the current data (filters, sorts and cursors are kept)."""
        qms = self.data.qms
        self.query_one("#ncs-table", RecordTable).set_records(qms.nonconformities)
        self.query_one("#actions-table", RecordTable).set_records(qms.review_actions())
        self.query_one("#audits-table", RecordTable).set_records(qms.audits)
        plan = self.query_one("#imp-plan-table", RecordTable)
        plan.specs = task_columns(qms.today)
        plan.set_records(qms.plan_tasks)
        audits = self.query_one("#audits-table", RecordTable)
        if not self._audit_cursor_placed:  # start on the audit last held, not on one planned
            held = [a for a in qms.audits if a.actual_date and a.actual_date <= qms.today]
            if held:
                self._audit_cursor_placed = audits.move_to_key(max(held, key=lambda a: a.actual_date).code)
        self._findings_audit = None
        self._show_findings()
        self._show_summary()

    def _show_findings(self) -> None:
        """The findings of the highlighted audit under the audits."""
        audit = self.query_one("#audits-table", RecordTable).cursor_record
        code = audit.code if audit is not None else None
        if code == self._findings_audit:
            return
        self._findings_audit = code
        findings = self.data.qms.findings_of(code) if code else []
        self.query_one("#findings-table", RecordTable).set_records(findings)
        title = tr("findings_of", code=code) if code else tr("no_audit")
        self.query_one("#findings-title", Static).update(visible_text(Text(title, style="bold"), one_line=True))

    def _show_summary(self) -> None:
        """One line about the current view: the board's groups, the actions, the audits or the plan."""
        qms = self.data.qms
        today = qms.today
        if self.view == "ncs":
            text = nc_group_counts(qms.nonconformities, today, self.data.figures().count("overdue_ncs"))
        elif self.view == "actions":
            actions = qms.review_actions()
            late = qms.overdue_review_actions()
            text = Text(tr("actions_summary", n=_n(len(actions)), open=_n(len(qms.open_review_actions()))))
            text.append(" — ")
            late_text = tr("overdue_days", n=_n(len(late))) if late else tr("none_overdue")
            text.append(late_text, style=ALERT if late else "")
        elif self.view == "audits":
            text = self._audit_summary()
        else:
            tasks = qms.plan_tasks_due()
            late = [t for t in tasks if t.late(today)]
            text = Text(tr("ov_tasks", n=_n(len(tasks))))
            if late:
                text.append(f" ({tr('ov_tasks_late', n=_n(len(late)))})", style=ALERT)
        text.no_wrap, text.overflow = True, "ellipsis"
        self.query_one("#imp-summary", Static).update(visible_renderable(text))

    def _audit_summary(self) -> Text:
        """The last audit held (with the 12-month warning) and the next one planned."""
        qms = self.data.qms
        last = qms.last_event("internal_audit")
        stale = any(f.code == "no_internal_audit" for f in qms.findings())
        text = Text(tr("last_audit", day=day(last.date if last else None, lang())))
        if stale:
            text.append(f" {tr('stale_mark')}", style=ALERT)
        planned = sorted((a for a in qms.audits if a.status == "planned" and a.plan_date), key=lambda a: a.plan_date)
        if planned:
            text.append(" · " + tr("next_audit", day=day(planned[0].plan_date, lang()), code=planned[0].code))
        return text

    # -- keys ---------------------------------------------------------------------------------

    def action_next_view(self) -> None:
        """NC board → review actions → audits → plan tasks."""
        self.show_view(self.query_one(ViewBar).next_view())

    def show_view(self, view: str) -> None:
        """Switch to ``view`` and put the keyboard in its table."""
        self.view = view
        self.query_one(ContentSwitcher).current = PANES[view]
        self.query_one(ViewBar).show(view)
        self.set_focus(self.query_one(TABLES[view], RecordTable))
        if self.is_mounted and self.generation >= 0:
            self._show_summary()
        self.refresh_bindings()  # a and e apply to some views only

    @property
    def current_table(self) -> RecordTable:
        """The table of the current view that has (or last had) the keyboard."""
        focused = self.focused
        if isinstance(focused, RecordTable):
            return focused
        return self.query_one(TABLES[self.view], RecordTable)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Moving in the audits table shows that audit's findings."""
        if event.data_table.id == "audits-table":
            self._show_findings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row opens its detail page."""
        table = event.data_table
        if not isinstance(table, RecordTable) or table.cursor_record is None:
            return
        from qms_tui.tui.screens import improvement_detail as details

        record = table.cursor_record
        pages: dict[str, Any] = {
            "ncs-table": details.NonconformityDetailScreen,
            "actions-table": details.ReviewActionDetailScreen,
            "audits-table": details.AuditDetailScreen,
            "findings-table": details.FindingDetailScreen,
        }
        page = pages.get(table.id or "")
        if page is not None:
            event.stop()
            self.app.push_screen(page(self.data, record.code))

    # -- data entry ---------------------------------------------------------------------------

    def can_edit(self, action: str) -> bool:
        """``a`` and ``e`` work on the board, the review actions and the audits (in the findings table: a
        finding of the highlighted audit); ``e`` needs a highlighted row. The plan view is read here only."""
        if self.view not in ("ncs", "actions", "audits"):
            return False
        if action == "add":
            if self.view == "audits" and self.current_table.id == "findings-table":
                return self.query_one("#audits-table", RecordTable).cursor_record is not None
            return self.view != "actions" or bool(self.data.qms.reviews)
        table = self.current_table if self.view == "audits" else self.query_one(TABLES[self.view], RecordTable)
        return table.cursor_record is not None

    def unavailable_reason(self, action: str) -> str:
        """Why ``a`` or ``e`` does nothing in this view."""
        if self.view not in ("ncs", "actions", "audits"):
            return tr("im_pick_view")
        if action == "add" and self.view == "actions":
            return tr("im_no_review")
        if action == "add":
            return tr("im_no_audit")
        return tr("no_row")

    def on_descendant_focus(self) -> None:
        """The audits and the findings tables take different rows: the footer follows the focus."""
        self.refresh_bindings()

    def focus_record(self, key: str) -> bool:
        """After a save: the cursor on the saved NC, action, audit or finding (a review action's save names its
        review; a finding's puts the cursor on its audit first)."""
        code, self._saved_action = self._saved_action or key, None
        if self.view == "audits":
            audits = self.query_one("#audits-table", RecordTable)
            finding = next((f for f in self.data.qms.audit_findings if f.code == code), None)
            if finding is None:
                return audits.move_to_key(code)
            audits.move_to_key(finding.audit)
            self._show_findings()
            findings = self.query_one("#findings-table", RecordTable)
            self.set_focus(findings)
            return findings.move_to_key(code)
        return self.query_one(TABLES[self.view], RecordTable).move_to_key(code)

    def _remember_action(self, code: str) -> None:
        """The review action just saved, for ``focus_record``."""
        self._saved_action = code

    def action_add(self) -> None:
        """``a``: raise a nonconformity, add an action to a management review, plan an internal audit or
        (in the findings table) add a finding to the highlighted audit."""
        from qms_tui.tui.screens.improvement_forms import action_form, audit_form, finding_form, nc_form

        data = self.data
        if self.view == "ncs":
            self.open_form(nc_form(data.store, data.qms))
        elif self.view == "audits":
            audit = self.query_one("#audits-table", RecordTable).cursor_record
            if self.current_table.id == "findings-table" and audit is not None:
                self.open_form(finding_form(data.store, data.qms, audit))
            else:
                self.open_form(audit_form(data.store, data.qms))
        else:
            self.open_form(action_form(data.store, data.qms, on_saved=self._remember_action))

    def action_edit(self) -> None:
        """``e``: edit the highlighted nonconformity, review action, audit or finding."""
        from qms_tui.tui.screens.improvement_forms import action_form, audit_form, finding_form, nc_form

        data = self.data
        table = self.current_table if self.view == "audits" else self.query_one(TABLES[self.view], RecordTable)
        record = table.cursor_record
        if record is None:
            self.notify(tr("no_row"), severity="warning")
        elif self.view == "ncs":
            self.open_form(nc_form(data.store, data.qms, record))
        elif isinstance(record, AuditFinding):
            audit = next((a for a in data.qms.audits if a.code == record.audit), None)
            if audit is not None:
                self.open_form(finding_form(data.store, data.qms, audit, record))
        elif isinstance(record, InternalAudit):
            self.open_form(audit_form(data.store, data.qms, record))
        else:
            self.open_form(action_form(data.store, data.qms, record, on_saved=self._remember_action))

    # -- export -------------------------------------------------------------------------------

    def export_blocks(self) -> tuple[str, list[doc.Block], dict[str, Any]]:
        """The current view for ``E``: its name, its blocks and its JSON rows, all after the filter and sort.

        The board keeps its status groups (one table per group), the audits are followed by their findings.
        """
        from qms_tui.exporting import inline, table_block, table_data

        table = self.query_one(TABLES[self.view], RecordTable)
        rows = table.view_records
        data: dict[str, Any] = {"screen": self.SCREEN_NAME, "view": self.view, "rows": table_data(table.specs, rows)}
        if self.view == "ncs":
            blocks: list[doc.Block] = [doc.Paragraph(inline(nc_group_counts(rows, self.today)))]
            specs = [c for c in table.specs if c.key != "status"]
            for status in NC_STATUSES:
                group = [nc for nc in rows if nc.status == status]
                if group:
                    blocks.append(doc.Heading(f"{tr(f'nc_{status}')} ({_n(len(group))})"))
                    blocks.append(table_block(specs, group))
            return tr("view_imp_ncs"), blocks, data
        blocks = [table_block(table.specs, rows)]
        if self.view == "audits":
            findings = self.query_one("#findings-table", RecordTable).specs
            data["findings"] = {}
            for audit in rows:
                found = self.data.qms.findings_of(audit.code)
                data["findings"][audit.code] = table_data(findings, found)
                if found:
                    blocks.append(doc.Heading(tr("findings_of", code=audit.code)))
                    blocks.append(table_block(findings, found))
        return tr(f"view_imp_{self.view}"), blocks, data
