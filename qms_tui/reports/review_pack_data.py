"""The management review pack's figures: the inputs of ISO 9001:2015 clause 9.3.2, gathered from live data.

Each function gathers one section's figures and the codes of the records behind them, as JSON-ready data
(dates ISO): a) the actions of earlier reviews, b) the changes in issues (risk sources, legal changes),
c) performance (dossiers and their trend, objectives, nonconformities, monitoring by field, audits),
d) resources (training coverage), e) the actions on risks and opportunities, f) the opportunities for
improvement. ``review_pack`` words and lays them out; ``review_pack_data`` is also the JSON output.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from qms_tui.domain import improvement
from qms_tui.domain.figures import RISK_FIGURES, Figures
from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import Nonconformity
from qms_tui.domain.problems import Fault
from qms_tui.domain.qms import Period, Qms

RATE_DECIMALS = 2


class ReviewPackError(ValueError):
    """The pack cannot be made for the year asked (one line, exit 1)."""


@dataclass
class PackContext:
    """What every section shares: the store, the year and its period (clipped to the as-of date)."""

    qms: Qms
    year: int
    period: Period
    lang: str

    @property
    def today(self) -> date:
        return self.qms.today

    @cached_property
    def figures(self) -> Figures:
        """The shared figures of the year (``domain.figures``)."""
        return Figures(self.qms, self.period)

    def in_period(self, when: date | None) -> bool:
        return when is not None and self.period.start <= when <= self.period.end


def pack_period(qms: Qms, year: int) -> Period:
    """1 January to 31 December of ``year``, ending no later than the as-of date."""
    start = date(year, 1, 1)
    if start > qms.today:
        raise ReviewPackError(Fault("p_pack_not_started", year=year, today=qms.today))
    return qms.clip(Period(start, date(year, 12, 31), str(year)))


# -- the figures (also the JSON output) -----------------------------------------------------------------


def _iso(when: date | None) -> str | None:
    return when.isoformat() if when else None


def previous_actions(ctx: PackContext) -> list[dict[str, Any]]:
    """(a) Actions of reviews held up to the period's end, except those done before the year began."""
    held = [r for r in ctx.qms.reviews if r.date and r.date <= ctx.period.end]
    rows = []
    for action in improvement.review_actions(held):
        if action.status == "done" and action.done_date and action.done_date < ctx.period.start:
            continue
        rows.append({
            "code": action.code, "review": action.review, "text": action.text, "owner": action.owner,
            "deadline": _iso(action.deadline), "status": action.status, "done_date": _iso(action.done_date),
            "overdue": action.overdue(ctx.today), "days_overdue": improvement.action_days_overdue(action, ctx.today),
        })
    return rows


def context_changes(ctx: PackContext) -> dict[str, Any]:
    """(b) The issues behind the risk register (by source) and the legal changes of the year."""
    sources: dict[str, list[str]] = {}
    for risk in ctx.qms.risks:
        if risk.status != "closed" or ctx.in_period(risk.last_reviewed):
            sources.setdefault(risk.source.strip() or "—", []).append(risk.code)
    pending = {c.document.number: c for c in ctx.qms.legal_changes()}
    legal = []
    cited = dict((d.number, codes) for d, codes in ctx.qms.repealed_basis())
    for document in sorted(ctx.qms.legal_documents, key=lambda d: (d.effective or date.min, d.number)):
        change = pending.get(document.number)
        ended_now = document.ends is not None and ctx.in_period(document.ends)
        if not ctx.in_period(document.effective) and change is None and not ended_now \
                and document.number not in cited:
            continue
        legal.append({
            "number": document.number, "title": document.title, "effective": _iso(document.effective),
            "deadline": _iso(change.deadline) if change else None,
            "pending": change.pending if change else [], "overdue": bool(change and change.overdue),
            "ends": _iso(document.ends), "replaced_by": document.replaced_by or None,
            "still_cited": cited.get(document.number, []),
        })
    return {"sources": dict(sorted(sources.items())), "legal": legal}


def performance(ctx: PackContext) -> dict[str, Any]:
    """(c) Dossiers and their trend, objectives, nonconformities, monitoring by field, audits."""
    qms = ctx.qms
    stats = qms.stats(ctx.period)
    f = ctx.figures
    rate = f["on_time_rate"]
    objectives = []
    for objective in qms.objectives:
        if objective.year not in (None, ctx.year):
            continue
        value = qms.objective_value(objective)
        objectives.append({
            "code": objective.code, "title": objective.title, "target": objective.target, "unit": objective.unit,
            "higher_is_better": objective.higher_is_better, "value": None if value is None else round(value, 2),
            "met": qms.objective_met(objective),
        })
    return {
        "dossiers": {
            "received": f["received"], "resolved": f["resolved"], "on_time": f["on_time"], "late": f["late"],
            "in_progress": f["in_progress"], "overdue": f["overdue"], "withdrawn_returned": f["withdrawn"],
            "on_time_rate": None if rate is None else round(rate, RATE_DECIMALS),
        },
        "trend": [{"month": month, "received": received, "resolved": resolved}
                  for month, received, resolved in qms.trend(ctx.period)],
        "objectives": objectives,
        "nonconformities": nonconformity_rows(ctx),
        "by_field": [
            {"field": key, "resolved": f.resolved, "late": f.late, "overdue": f.overdue,
             "on_time_rate": None if f.on_time_rate is None else round(f.on_time_rate, RATE_DECIMALS)}
            for key, f in sorted(stats.by_field.items(), key=lambda kv: -kv[1].resolved)
        ],
        "audits": audit_rows(ctx),
    }


def _nc_in_scope(ctx: PackContext, nc: Nonconformity) -> bool:
    """Raised in the year, or raised before and not closed when the year began."""
    if nc.raised is None or nc.raised > ctx.period.end:
        return False
    if nc.raised >= ctx.period.start:
        return True
    return nc.status != "closed" or (nc.closed_date is not None and nc.closed_date >= ctx.period.start)


def nonconformity_rows(ctx: PackContext) -> list[dict[str, Any]]:
    today = ctx.today
    rows = []
    for nc in sorted(ctx.qms.nonconformities, key=lambda n: n.code):
        if not _nc_in_scope(ctx, nc):
            continue
        rows.append({
            "code": nc.code, "source": nc.source, "reference": nc.reference, "clause": nc.clause,
            "description": nc.description, "owner": nc.owner, "status": nc.status,
            "deadline": _iso(nc.deadline), "raised": _iso(nc.raised),
            "days_open": improvement.nc_days_open(nc, today), "overdue": improvement.nc_overdue(nc, today),
            "days_overdue": improvement.nc_days_overdue(nc, today), "effective": nc.effective,
        })
    return rows


def audit_rows(ctx: PackContext) -> list[dict[str, Any]]:
    rows = []
    for audit in sorted(ctx.qms.audits, key=lambda a: (a.actual_date or a.plan_date or date.min, a.code)):
        when = audit.actual_date or audit.plan_date
        if when is None or when.year != ctx.year:
            continue
        findings = ctx.qms.findings_of(audit.code)
        checks: dict[str, int] = {}
        for check in audit.checklist:
            checks[check.get("result", "")] = checks.get(check.get("result", ""), 0) + 1
        rows.append({
            "code": audit.code, "title": audit.title, "status": audit.status, "plan_date": _iso(audit.plan_date),
            "actual_date": _iso(audit.actual_date), "units": len(audit.units), "procedures": len(audit.procedures),
            "checklist": checks,
            "findings": {kind: [f.code for f in findings if f.kind == kind]
                         for kind in ("nonconformity", "observation", "opportunity")},
        })
    return rows


def resources(ctx: PackContext) -> dict[str, Any]:
    """(d) QMS training coverage by unit, and who was never trained. ``trained`` is up to date, as in
    ``qms summary``; ``covered`` is trained at least once (up to date or to retrain)."""
    f = ctx.figures
    coverage = f["training_coverage"]
    return {
        "staff": f["staff"], "trained": f["trained"], "covered": f["covered"],
        "coverage": None if coverage is None else round(coverage, RATE_DECIMALS),
        "by_unit": [{"unit": u.unit, "staff": u.staff, "trained": u.trained, "retrain": u.retrain, "never": u.never,
                     "rate": round(u.rate, RATE_DECIMALS)} for u in ctx.qms.training_coverage()],
        "untrained": [{"code": s.staff.code, "name": s.staff.name, "unit": s.staff.unit,
                       "start_date": _iso(s.staff.start_date)} for s in ctx.qms.untrained()],
        "retrain": [{"code": s.staff.code, "name": s.staff.name, "procedures": s.revised_procedures}
                    for s in ctx.qms.to_retrain()],
    }


def risk_actions(ctx: PackContext) -> dict[str, Any]:
    """(e) Closed risks and opportunities with their effectiveness and residual scores; overdue treatments."""
    closed = [r for r in ctx.qms.risks if r.status == "closed"]
    return {
        **ctx.figures.as_dict(RISK_FIGURES),  # high_risks: open threats only; opportunities counted apart
        "closed": [{"code": r.code, "kind": r.kind, "description": r.description, "score": r.score,
                    "residual_score": r.residual_score, "effective": r.effective}
                   for r in sorted(closed, key=lambda r: r.code)],
        "in_treatment": [r.code for r in ctx.qms.risks if r.status == "in_treatment"],
        "overdue_treatments": [{"code": r.code, "due": _iso(r.due), "owner": r.owner}
                               for r in ctx.qms.overdue_treatments()],
    }


def improvement_opportunities(ctx: PackContext) -> dict[str, Any]:
    """(f) The audits' opportunities for improvement and the opportunities of the register."""
    audits = {a["code"] for a in audit_rows(ctx)}
    return {
        "audit_ofis": [{"code": f.code, "audit": f.audit, "clause": f.clause, "description": f.description}
                       for f in sorted(ctx.qms.audit_findings, key=lambda f: f.code)
                       if f.kind == "opportunity" and f.audit in audits],
        "register": [{"code": r.code, "status": r.status, "description": r.description, "score": r.score}
                     for r in sorted(ctx.qms.risks, key=lambda r: r.code) if r.kind == "opportunity"],
    }


def review_pack_data(qms: Qms, year: int) -> dict[str, Any]:
    """Every figure of the pack as JSON-ready data (dates ISO)."""
    ctx = PackContext(qms, year, pack_period(qms, year), "en")
    return {
        "organisation": qms.organisation.name,
        "year": year,
        "as_of": qms.today.isoformat(),
        "period": {"from": ctx.period.start.isoformat(), "to": ctx.period.end.isoformat()},
        "demo": qms.is_demo,
        "a_previous_actions": previous_actions(ctx),
        "b_context_changes": context_changes(ctx),
        "c_performance": performance(ctx),
        "d_resources": resources(ctx),
        "e_risk_actions": risk_actions(ctx),
        "f_improvement": improvement_opportunities(ctx),
    }
