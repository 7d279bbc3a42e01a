"""The management review pack: the inputs of ISO 9001:2015 clause 9.3.2, assembled from live data.

``qms review-pack --year 2024`` gathers what a management review must consider, section by section:

a) the status of actions from previous management reviews;
b) changes in external and internal issues (the sources of the risks in the register, the legal documents
   that took effect in the year and the procedures not yet updated);
c) the performance and effectiveness of the QMS: the dossier figures and their monthly trend, the quality
   objectives met or not, nonconformities and corrective actions, monitoring results by field, and the
   results of the internal audits;
d) the adequacy of resources (QMS training coverage by unit, who was never trained);
e) the effectiveness of the actions taken on risks and opportunities (closed ones, residual scores);
f) opportunities for improvement (the audits' OFIs, the opportunities of the register).

Each section gives its figures and the codes of the records behind them. The pack is written once as
document blocks (``reports.document``) and rendered as text (80 columns), Markdown, HTML or JSON; labels go
through ``i18n.t`` (Vietnamese by default, ``--lang en``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from qms_tui.domain import improvement
from qms_tui.domain.figures import RISK_FIGURES, Figures
from qms_tui.domain.models import Nonconformity
from qms_tui.domain.qms import Period, Qms
from qms_tui.i18n import day, field_name, number, percent, risk_counts_text, t
from qms_tui.reports import document as doc
from qms_tui.reports import export
from qms_tui.reports.document import BulletList, Column, Heading, Paragraph, Span, Table
from qms_tui.reports.formats import PACK_FORMATS

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
        raise ReviewPackError(f"{year} has not started on the as-of date {qms.today:%d/%m/%Y}: no data yet")
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


# -- the blocks ---------------------------------------------------------------------------------------


def pack_title(qms: Qms, year: int, lang: str = "vi") -> str:
    return f"{t('rp_title', lang)} {year} — {qms.organisation.name}"


def review_pack_blocks(qms: Qms, year: int, lang: str = "vi") -> list[doc.Block]:
    """The whole pack, section a) to f), as document blocks."""
    ctx = PackContext(qms, year, pack_period(qms, year), lang)
    subtitle: list[str | Span] = [
        f"{t('rp_clause', lang)} · {t('period', lang)} {day(ctx.period.start, lang)} – {day(ctx.period.end, lang)}"
        f" · {t('as_of', lang)} {day(qms.today, lang)}"
    ]
    if qms.shows_sample:
        subtitle += [" · ", Span(t("demo", lang), "warn")]
    blocks: list[doc.Block] = [Heading(pack_title(qms, year, lang), 1), Paragraph(subtitle)]
    blocks += _section_a(ctx)
    blocks += _section_b(ctx)
    blocks += _section_c(ctx)
    blocks += _section_d(ctx)
    blocks += _section_e(ctx)
    blocks += _section_f(ctx)
    return blocks


def _n(ctx: PackContext, value: int) -> str:
    return number(value, ctx.lang)


def _none(ctx: PackContext, key: str = "none") -> Paragraph:
    return Paragraph(Span(t(key, ctx.lang), "muted"))


def _yes_no(ctx: PackContext, value: bool | None, yes: str = "rp_effective", no: str = "rp_not_effective") -> Span:
    if value is None:
        return Span(t("rp_not_assessed", ctx.lang), "warn")
    return Span(t(yes, ctx.lang), "good") if value else Span(t(no, ctx.lang), "bad")


def _section_a(ctx: PackContext) -> list[doc.Block]:
    lang = ctx.lang
    rows = previous_actions(ctx)
    blocks: list[doc.Block] = [Heading(t("rp_a", lang))]
    if not rows:
        return [*blocks, _none(ctx, "rp_no_actions")]
    done = sum(1 for r in rows if r["status"] == "done")
    overdue = sum(1 for r in rows if r["overdue"])
    blocks.append(Paragraph([
        f"{_n(ctx, len(rows))} {t('rp_actions', lang)}: {_n(ctx, done)} {t('done', lang)}, "
        f"{_n(ctx, len(rows) - done)} {t('rp_not_done', lang)}, ",
        Span(f"{_n(ctx, overdue)} {t('rp_overdue', lang)}", "bad" if overdue else "good"),
    ]))
    table_rows: list[list[doc.Inline]] = []
    for r in rows:
        if r["status"] == "done":
            status = Span(f"{t('done', lang)} {day(date.fromisoformat(r['done_date']), lang)}", "good")
        elif r["overdue"]:
            status = Span(f"{t('rp_overdue', lang)} {_n(ctx, r['days_overdue'])} {t('rp_days', lang)}", "bad")
        else:
            status = Span(t("rp_not_due", lang))
        table_rows.append([r["code"], [r["text"], Span(f" — {r['owner']}", "muted") if r["owner"] else ""],
                           day(_d(r["deadline"]), lang), status])
    blocks.append(Table([Column(t("code", lang), wrap=False), Column(f"{t('rp_action', lang)} — {t('owner', lang)}"),
                         Column(t("deadline", lang), wrap=False), Column(t("status", lang))], table_rows))
    return blocks


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _section_b(ctx: PackContext) -> list[doc.Block]:
    lang = ctx.lang
    data = context_changes(ctx)
    blocks: list[doc.Block] = [Heading(t("rp_b", lang)), Paragraph(Span(t("rp_issues", lang), "strong"))]
    if data["sources"]:
        blocks.append(BulletList([[f"{source}: ", Span(", ".join(codes), "strong")]
                                  for source, codes in data["sources"].items()]))
    else:
        blocks.append(_none(ctx))
    blocks.append(Paragraph(Span(t("rp_legal", lang), "strong")))
    if not data["legal"]:
        return [*blocks, _none(ctx)]
    rows: list[list[doc.Inline]] = []
    for item in data["legal"]:
        state: doc.Inline
        if item["ends"]:
            by = f" → {item['replaced_by']}" if item["replaced_by"] else ""
            parts: list[str | Span] = [Span(f"{t('rp_ended', lang)} {day(_d(item['ends']), lang)}{by}", "warn")]
            if item["still_cited"]:
                parts += [f"; {t('rp_still_cited', lang)}: ", Span(", ".join(item["still_cited"]), "bad")]
            state = parts
        elif item["pending"]:
            tone = "bad" if item["overdue"] else "warn"
            state = [Span(", ".join(item["pending"]), tone),
                                 f" ({t('update_by', lang).lower()} {day(_d(item['deadline']), lang)})"]
        else:
            state = Span(t("rp_updated", lang), "good")
        rows.append([item["number"], day(_d(item["effective"]), lang), state])
    blocks.append(Table([Column(t("legal_document", lang), wrap=False), Column(t("effective_col", lang), wrap=False),
                         Column(t("pending_procedures", lang))], rows))
    return blocks


def _section_c(ctx: PackContext) -> list[doc.Block]:
    lang = ctx.lang
    data = performance(ctx)
    c = data["dossiers"]  # the shared figures (``performance``)
    n = lambda v: _n(ctx, v)  # noqa: E731
    rate = percent(c["on_time_rate"], lang, RATE_DECIMALS)
    blocks: list[doc.Block] = [Heading(t("rp_c", lang)), Heading(t("rp_c_dossiers", lang), 3)]
    blocks.append(Paragraph([
        f"{t('received', lang)}: {n(c['received'])}; {t('resolved', lang).lower()}: {n(c['resolved'])} "
        f"({t('on_time', lang).lower()} {n(c['on_time'])}, {t('late', lang).lower()} {n(c['late'])}); "
        f"{t('in_progress', lang).lower()}: {n(c['in_progress'])} ({t('overdue', lang).lower()} "
        f"{n(c['overdue'])}); {t('withdrawn_returned', lang).lower()}: {n(c['withdrawn_returned'])}. "
        f"{t('on_time_rate', lang)}: ", Span(rate, "strong"),
    ]))
    trend_rows: list[list[doc.Inline]] = [
        [_month(m["month"], lang), n(m["received"]), n(m["resolved"])] for m in data["trend"]
    ]
    blocks.append(Table([Column(t("rp_month", lang), wrap=False), Column(t("col_received", lang), "right"),
                         Column(t("col_resolved", lang), "right")], trend_rows))

    blocks.append(Heading(t("objectives", lang), 3))
    objectives = data["objectives"]
    if objectives:
        met = sum(1 for o in objectives if o["met"])
        blocks.append(Paragraph(f"{n(met)}/{n(len(objectives))} {t('rp_objectives_met', lang)}"))
        rows: list[list[doc.Inline]] = []
        for o in objectives:
            sign = "≥" if o["higher_is_better"] else "≤"
            rows.append([o["code"], o["title"], f"{sign} {_value(o['target'], o['unit'], lang)}",
                         _value(o["value"], o["unit"], lang), _yes_no(ctx, o["met"], "met", "not_met")])
        blocks.append(Table([Column(t("code", lang), wrap=False), Column(t("rp_objective", lang)),
                             Column(t("target", lang), "right", wrap=False),
                             Column(t("rp_result", lang), "right", wrap=False),
                             Column(t("rp_assessment", lang), wrap=False)], rows))
    else:
        blocks.append(_none(ctx))

    blocks += _nonconformity_blocks(ctx, data["nonconformities"])

    blocks.append(Heading(t("rp_c_monitoring", lang), 3))
    field_rows: list[list[doc.Inline]] = [
        [field_name(f["field"], lang, ctx.qms.field_by_code), n(f["resolved"]),
         Span(n(f["late"]), "bad" if f["late"] else None),
         percent(f["on_time_rate"], lang, RATE_DECIMALS), Span(n(f["overdue"]), "bad" if f["overdue"] else None)]
        for f in data["by_field"]
    ]
    if field_rows:
        blocks.append(Table([Column(t("field", lang)), Column(t("col_resolved", lang), "right"),
                             Column(t("late", lang), "right"), Column(t("col_on_time", lang), "right", wrap=False),
                             Column(t("col_overdue", lang), "right")], field_rows))
    else:
        blocks.append(_none(ctx))
    blocks.append(Paragraph(Span(t("rp_no_providers", lang), "muted")))

    blocks += _audit_blocks(ctx, data["audits"])
    return blocks


def _month(month: str, lang: str) -> str:
    year, mm = month.split("-")
    return f"{mm}/{year}" if lang == "vi" else month


def _value(value: float | None, unit: str, lang: str) -> str:
    if value is None:
        return "—"
    text = number(value, lang, 0 if float(value).is_integer() else RATE_DECIMALS)
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()


def _nonconformity_blocks(ctx: PackContext, rows: list[dict[str, Any]]) -> list[doc.Block]:
    lang = ctx.lang
    blocks: list[doc.Block] = [Heading(t("rp_c_nc", lang), 3)]
    if not rows:
        return [*blocks, _none(ctx)]
    counts = {status: sum(1 for r in rows if r["status"] == status)
              for status in ("open", "action_taken", "verified_effective", "closed")}
    overdue = [r for r in rows if r["overdue"]]
    parts = ", ".join(f"{_n(ctx, count)} {t('nc_' + status, lang)}" for status, count in counts.items())
    blocks.append(Paragraph([f"{_n(ctx, len(rows))} {t('rp_ncs', lang)}: {parts}; ",
                             Span(f"{_n(ctx, len(overdue))} {t('rp_overdue', lang)}", "bad" if overdue else "good")]))
    items: list[doc.Inline] = []
    for r in rows:
        state: list[str | Span] = [Span(t("nc_" + r["status"], lang), "good" if r["status"] == "closed" else None)]
        if r["overdue"]:
            state.append(Span(f", {t('rp_overdue', lang)} {_n(ctx, r['days_overdue'])} {t('rp_days', lang)}", "bad"))
        source = t("src_" + r["source"], lang) + (f" {r['reference']}" if r["reference"] else "")
        clause = f"; {t('rp_clause_short', lang)} {r['clause']}" if r["clause"] else ""
        items.append([
            Span(r["code"], "strong"), " (", *state,
            f"; {t('deadline', lang).lower()} {day(_d(r['deadline']), lang)}; "
            f"{t('rp_days_open', lang).lower()} {_n(ctx, r['days_open'] or 0)}{clause}): {r['description']}",
            Span(f" — {t('rp_source', lang)}: {source}", "muted"),
        ])
    blocks.append(BulletList(items))
    return blocks


def _audit_blocks(ctx: PackContext, rows: list[dict[str, Any]]) -> list[doc.Block]:
    lang = ctx.lang
    blocks: list[doc.Block] = [Heading(t("rp_c_audits", lang), 3)]
    if not rows:
        return [*blocks, _none(ctx, "rp_no_audits")]
    items: list[doc.Inline] = []
    for a in rows:
        if a["status"] == "planned":
            items.append([Span(a["code"], "strong"), f" {a['title']}: {t('rp_planned', lang)} "
                          f"{day(_d(a['plan_date']), lang)}"])
            continue
        checks = ", ".join(f"{_n(ctx, count)} {t('chk_' + result, lang)}" for result, count in a["checklist"].items())
        findings = "; ".join(
            f"{_n(ctx, len(codes))} {t('fk_' + kind, lang)}" + (f" ({', '.join(codes)})" if codes else "")
            for kind, codes in a["findings"].items()
        )
        items.append([Span(a["code"], "strong"),
                      f" {a['title']} ({day(_d(a['actual_date']), lang)}, {t('audit_' + a['status'], lang)}): "
                      f"{_n(ctx, a['units'])} {t('rp_units', lang)}, {_n(ctx, a['procedures'])} "
                      f"{t('rp_procedures', lang)}; {t('rp_checklist', lang)}: {checks or '—'}; "
                      f"{t('rp_findings', lang)}: {findings}"])
    blocks.append(BulletList(items))
    return blocks


def _section_d(ctx: PackContext) -> list[doc.Block]:
    lang = ctx.lang
    data = resources(ctx)
    blocks: list[doc.Block] = [Heading(t("rp_d", lang))]
    if not data["staff"]:
        return [*blocks, _none(ctx)]
    untrained = data["untrained"]
    blocks.append(Paragraph([
        f"{t('training', lang)}: {_n(ctx, data['covered'])}/{_n(ctx, data['staff'])} {t('staff', lang).lower()} "
        f"({percent(data['coverage'], lang, RATE_DECIMALS)}); {t('untrained', lang).lower()}: ",
        Span(_n(ctx, ctx.figures.count("untrained")), "bad" if untrained else "good"),
        f"; {t('retrain', lang).lower()}: {_n(ctx, ctx.figures.count('retrain'))}",
    ]))
    rows: list[list[doc.Inline]] = [
        [u["unit"], _n(ctx, u["staff"]), _n(ctx, u["trained"]), _n(ctx, u["retrain"]),
         Span(_n(ctx, u["never"]), "bad" if u["never"] else None), percent(u["rate"], lang, 0)]
        for u in data["by_unit"]
    ]
    blocks.append(Table([Column(t("unit", lang)), Column(t("staff", lang), "right"),
                         Column(t("trained", lang), "right"),
                         Column(t("col_retrain", lang), "right"), Column(t("col_untrained", lang), "right"),
                         Column(t("coverage", lang), "right")], rows))
    if untrained:
        blocks.append(Paragraph(Span(f"{t('untrained', lang)}:", "strong")))
        blocks.append(BulletList([
            [Span(s["code"], "strong"), f" {s['name']} — {s['unit']} ({t('rp_since', lang)} "
             f"{day(_d(s['start_date']), lang)})"] for s in untrained
        ]))
    return blocks


def _section_e(ctx: PackContext) -> list[doc.Block]:
    lang = ctx.lang
    data = risk_actions(ctx)
    blocks: list[doc.Block] = [Heading(t("rp_e", lang)), Paragraph(
        f"{t('rp_register_now', lang)}: {risk_counts_text(data['high_risks'], data['open_opportunities'], lang)}")]
    closed = data["closed"]
    effective = sum(1 for r in closed if r["effective"])
    overdue = data["overdue_treatments"]
    blocks.append(Paragraph([
        f"{_n(ctx, len(closed))} {t('rp_closed_risks', lang)}, {_n(ctx, effective)} {t('rp_effective', lang)}; "
        f"{_n(ctx, len(data['in_treatment']))} {t('in_treatment', lang)}; {t('overdue_treatments', lang).lower()}: ",
        Span(_n(ctx, len(overdue)), "bad" if overdue else "good"),
    ]))
    if closed:
        rows: list[list[doc.Inline]] = [
            [r["code"], r["description"], f"{r['score']} → {r['residual_score'] if r['residual_score'] else '—'}",
             _yes_no(ctx, r["effective"])]
            for r in closed
        ]
        blocks.append(Table([Column(t("code", lang), wrap=False), Column(t("description", lang)),
                             Column(t("rp_residual", lang), wrap=False), Column(t("rp_effectiveness", lang))], rows))
    if overdue:
        blocks.append(Paragraph([f"{t('overdue_treatments', lang)}: ", Span(", ".join(
            f"{r['code']} ({day(_d(r['due']), lang)})" for r in overdue), "bad")]))
    return blocks


def _section_f(ctx: PackContext) -> list[doc.Block]:
    lang = ctx.lang
    data = improvement_opportunities(ctx)
    blocks: list[doc.Block] = [Heading(t("rp_f", lang)), Paragraph(Span(t("rp_audit_ofis", lang), "strong"))]
    if data["audit_ofis"]:
        blocks.append(BulletList([[Span(f["code"], "strong"), f" ({t('rp_clause_short', lang)} {f['clause']}): "
                                   f"{f['description']}"] for f in data["audit_ofis"]]))
    else:
        blocks.append(_none(ctx))
    blocks.append(Paragraph(Span(t("rp_register_opportunities", lang), "strong")))
    if data["register"]:
        blocks.append(BulletList([[Span(r["code"], "strong"), f" ({t(r['status'], lang)}): {r['description']}"]
                                  for r in data["register"]]))
    else:
        blocks.append(_none(ctx))
    return blocks


# -- renderings ---------------------------------------------------------------------------------------


def render_review_pack(qms: Qms, year: int, fmt: str = "text", lang: str = "vi") -> str:
    """The pack in one of ``PACK_FORMATS``."""
    if fmt == "json":
        return export.to_json(review_pack_data(qms, year))
    blocks = review_pack_blocks(qms, year, lang)
    if fmt == "markdown":
        return doc.to_markdown(blocks)
    if fmt == "html":
        return doc.html_page(pack_title(qms, year, lang), doc.to_html_body(blocks), lang)
    if fmt == "text":
        return export.to_text(doc.to_rich(blocks))
    raise ReviewPackError(f"{fmt!r}: choose one of {', '.join(PACK_FORMATS)}")
