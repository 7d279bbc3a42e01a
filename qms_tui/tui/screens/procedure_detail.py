"""A procedure's detail: its legal basis (with effective dates and whether each change is carried in),
its revision history and its dossiers in the period.

This is what a reviewer checks against the 3-month rule: a legal document in effect that the current
version predates is flagged with its deadline, and reversed once the deadline has passed. ``e`` edits the
procedure (a new version with its change and revision date is how a legal change is carried in).
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from qms_tui.domain.compliance import LEGAL_UPDATE_MONTHS
from qms_tui.domain.dates import add_months, parse_date
from qms_tui.domain.models import Procedure
from qms_tui.i18n import day, field_name, number, percent
from qms_tui.labels import lang, tr
from qms_tui.tui.forms.editing import EditingScreen, editing_bindings
from qms_tui.tui.messages import ShowDossiers
from qms_tui.tui.screens.detail import DetailScreen
from qms_tui.tui.widgets.cells import ALERT, WARN, date_cell, outcome_cell

DOSSIER_ROWS = 100
"""Dossiers listed on the page; the rest are one key away on the dossiers screen."""


def _section(title: str) -> Text:
    """A section title, underlined (readable without colour)."""
    return Text("\n" + title, style="bold underline")


class ProcedureDetailScreen(EditingScreen, DetailScreen):
    """One procedure: facts, legal basis, history, dossiers in the period."""

    SCREEN_NAME = "procedures"
    PALETTE_ACTIONS = ("dossiers", "edit")
    """What the palette offers on this screen (``QmsScreen.palette_commands``)."""
    BINDINGS = [
        Binding("d", "dossiers", tr("key_dossiers"), id="procedure.dossiers"),
        *editing_bindings("procedure", add=False),
    ]

    def action_edit(self) -> None:
        """``e``: edit this procedure; the page redraws from the saved data."""
        from qms_tui.tui.forms.tables import procedure_form

        qms = self.data.qms
        procedure = qms.procedure_by_code.get(self.key)
        if procedure is not None:
            self.open_form(procedure_form(self.data.store, qms, procedure))

    def body(self) -> RenderableType:
        """Facts, legal basis, history and dossiers of the period."""
        procedure = self.data.qms.procedure_by_code.get(self.key)
        if procedure is None:
            return Text(tr("unknown_procedure", code=self.key), style=ALERT)
        parts: list[RenderableType] = [Text(f"{procedure.code} — {procedure.name}", style="bold")]
        parts.append(self._facts(procedure))
        parts.append(_section(tr("legal_basis")))
        parts.append(self._legal(procedure))
        parts.append(_section(tr("history")))
        parts.append(self._history(procedure))
        parts.extend(self._dossiers(procedure))
        return Group(*parts)

    def _facts(self, p: Procedure) -> Table:
        """Kind, field, unit, statutory time, version, review and status."""
        language = lang()
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        days = tr("working_days", n=p.statutory_days) if p.statutory_days else "—"
        needing = self.data.qms.procedures_needing_attention()
        review_due = any(q.code == p.code and why == "review_due" for q, why in needing)
        rows = [
            (tr("col_kind"), tr(p.kind)),
            (tr("col_field"), field_name(p.field, language, self.data.qms.field_by_code)),
            (tr("national_code"), p.national_code or "—"),
            (tr("col_unit"), p.unit),
            (tr("statutory_days"), days),
            (tr("version"), f"{p.version} ({tr('issued').lower()} {day(p.issued, language)})"),
            (tr("last_review"), date_cell(p.last_review, alert=review_due)
             + Text(f"  {tr('review_due_mark').upper()}" if review_due else "", style=ALERT)),
            (tr("col_status"), Text(tr(f"ps_{p.status}"), style=WARN if p.status == "under_revision" else "")),
        ]
        for label, value in rows:
            table.add_row(label, value)
        return table

    def _legal(self, p: Procedure) -> RenderableType:
        """Each legal document with its effective date and whether it is carried in (3-month rule)."""
        qms = self.data.qms
        today = qms.today
        documents = {d.number: d for d in qms.legal_documents}
        if not p.legal_basis:
            return Text(tr("none"))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
        table.add_column(tr("code"), no_wrap=True)
        table.add_column(tr("col_doc_title"), ratio=1)
        table.add_column(tr("tui_effective"), no_wrap=True)
        table.add_column(tr("col_status"))
        revised = p.revised
        for number_ in p.legal_basis:
            doc = documents.get(number_)
            if doc is None:
                table.add_row(number_, "?", "—", "")
                continue
            if doc.effective is None or doc.effective > today:
                state = Text(tr("not_yet_effective"))
            elif revised is None or revised < doc.effective:
                deadline = add_months(doc.effective, LEGAL_UPDATE_MONTHS)
                key = "pending_overdue" if today > deadline else "pending_update"
                state = Text(tr(key, day=day(deadline, lang())), style=ALERT if today > deadline else WARN)
            else:
                state = Text(tr("reflected"))
            table.add_row(doc.number, doc.title, day(doc.effective, lang()), state)
        return table

    def _history(self, p: Procedure) -> RenderableType:
        """The revisions, oldest first."""
        if not p.history:
            return Text(tr("none"))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
        table.add_column(tr("version"), no_wrap=True)
        table.add_column(tr("col_date"), no_wrap=True)
        table.add_column(tr("description"), ratio=1)
        for entry in sorted(p.history, key=lambda h: str(h.get("date") or "")):
            when = entry.get("date")
            table.add_row(str(entry.get("version", "")), day(parse_date(when) if when else None, lang()),
                          str(entry.get("change", "")))
        return table

    def _dossiers(self, p: Procedure) -> list[RenderableType]:
        """The period's figures for this procedure and its first dossiers."""
        data = self.data
        period = data.period
        language = lang()
        counts = data.stats().by_procedure.get(p.code)
        title = f"{tr('dossiers_in_period')} ({day(period.start, language)}–{day(period.end, language)})"
        parts: list[RenderableType] = [_section(title)]
        if counts is None:
            parts.append(Text(tr("none")))
            return parts
        parts.append(Text(
            f"{tr('ov_received')} {number(counts.received, language)} · {tr('ov_resolved')} "
            f"{number(counts.resolved, language)} ({tr('on_time').lower()} {number(counts.on_time, language)}, "
            f"{tr('late').lower()} {number(counts.late, language)}) · {tr('ov_in_progress')} "
            f"{number(counts.in_progress, language)} · {tr('on_time_rate')} {percent(counts.on_time_rate, language)}"
        ))
        rows = [r for r in data.dossier_rows() if r.dossier.procedure == p.code]
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for label in ("col_code", "tui_col_received", "col_due", "col_finished", "col_status"):
            table.add_column(tr(label), no_wrap=True)
        for row in rows[:DOSSIER_ROWS]:
            d = row.dossier
            table.add_row(d.code, day(d.received, language), day(d.due, language), day(d.finished, language),
                          outcome_cell(row.outcome))
        parts.append(table)
        if len(rows) > DOSSIER_ROWS:
            parts.append(Text(tr("more_dossiers", n=number(len(rows) - DOSSIER_ROWS, language)), style="italic"))
        return parts

    def action_dossiers(self) -> None:
        """All of this procedure's dossiers on the dossiers screen."""
        self.post_message(ShowDossiers(procedure=self.key))
