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

Each section gives its figures and the codes of the records behind them (gathered by ``review_pack_data``,
also the JSON output). This module words them as document blocks (``reports.document``), rendered as text
(80 columns), Markdown or HTML; labels go through ``i18n.t`` (Vietnamese by default, ``--lang en``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qms_tui.domain.problems import Fault
from qms_tui.domain.qms import Qms
from qms_tui.i18n import day, field_name, number, percent, risk_counts_text, t
from qms_tui.reports import document as doc
from qms_tui.reports import export
from qms_tui.reports.document import BulletList, Column, Heading, Paragraph, Span, Table
from qms_tui.reports.formats import PACK_FORMATS
from qms_tui.reports.review_pack_data import (
    RATE_DECIMALS,
    PackContext,
    ReviewPackError,
    context_changes,
    improvement_opportunities,
    pack_period,
    performance,
    previous_actions,
    resources,
    review_pack_data,
    risk_actions,
)

__all__ = ["ReviewPackError", "pack_title", "render_review_pack", "review_pack_blocks", "review_pack_data"]


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
    raise ReviewPackError(Fault("p_report_format", fmt=fmt, choices=", ".join(PACK_FORMATS)))
