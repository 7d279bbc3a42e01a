"""A risk's or opportunity's detail: the assessment and its treatment plan, including the residual
likelihood × impact and whether the treatment was judged effective (ISO 9001 clause 6.1). ``e`` edits it."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from qms_tui.domain.models import risk_level
from qms_tui.i18n import day
from qms_tui.labels import lang, tr
from qms_tui.tui.forms.editing import EditingScreen, editing_bindings
from qms_tui.tui.screens.detail import DetailScreen
from qms_tui.tui.widgets.cells import ALERT, level_cell


class RiskDetailScreen(EditingScreen, DetailScreen):
    """One entry of the register with its treatment plan."""

    SCREEN_NAME = "risks"
    PALETTE_ACTIONS = ("edit",)
    """What the palette offers on this screen (``QmsScreen.palette_commands``)."""
    BINDINGS = editing_bindings("risk", add=False)

    def action_edit(self) -> None:
        """``e``: edit this entry; the page redraws from the saved data."""
        from qms_tui.tui.forms.tables import risk_form

        risk = next((r for r in self.data.qms.risks if r.code == self.key), None)
        if risk is not None:
            self.open_form(risk_form(self.data.store, risk))

    def body(self) -> RenderableType:
        """Assessment, treatment plan, residual risk and effectiveness."""
        qms = self.data.qms
        risk = next((r for r in qms.risks if r.code == self.key), None)
        if risk is None:
            return Text(tr("unknown_risk", code=self.key), style=ALERT)
        language = lang()
        overdue = risk.treatment_overdue(qms.today)
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        procedures = ", ".join(
            f"{code} {qms.procedure_by_code[code].name}" if code in qms.procedure_by_code else code
            for code in risk.procedures
        )
        residual = risk.residual_score
        if residual is None:
            residual_text = Text(tr("not_assessed"))
        else:
            residual_text = Text(f"{risk.residual_likelihood} × {risk.residual_impact} = {residual} ")
            residual_text += level_cell(risk_level(residual))
        effective = tr("not_assessed") if risk.effective is None else (tr("yes") if risk.effective else tr("no"))
        due = Text(day(risk.due, language), style=ALERT if overdue else "")
        if overdue:
            due.append(f"  {tr('treatment_overdue_mark')}", style=ALERT)
        rows: list[tuple[str, str | Text]] = [
            (tr("col_kind"), tr(risk.kind)),
            (tr("col_desc"), risk.description),
            (tr("source"), risk.source or "—"),
            (tr("related_procedures"), procedures or "—"),
            (f"{tr('col_l')} × {tr('col_i')}", Text(f"{risk.likelihood} × {risk.impact} = {risk.score} ")
             + level_cell(risk.level)),
            (tr("treatment"), risk.treatment or "—"),
            (tr("col_owner"), risk.owner or "—"),
            (tr("col_due"), due),
            (tr("col_status"), tr(risk.status)),
            (tr("last_reviewed"), day(risk.last_reviewed, language)),
            (tr("residual"), residual_text),
            (tr("effective_q"), effective),
        ]
        for label, value in rows:
            table.add_row(label, value)
        return Group(Text(f"{risk.code} — {tr(risk.kind)}", style="bold"), "", table)
