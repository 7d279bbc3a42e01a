"""The one-page meeting summary: its figures (for JSON) and its rendering (text, Markdown, HTML, SVG).

The summary is written once, as a list of document blocks (``summary_blocks``); Rich renders them for
the terminal, the TUI, plain text and SVG (``summary_renderable``), and ``reports.document`` renders the
same blocks as Markdown and as an HTML page. Every label goes through ``i18n.t`` so that ``--lang en``
leaves no Vietnamese label behind; the data's own names (procedures, units, people) stay as they are.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from qms_tui.domain.compliance import EVENT_INTERVAL_MONTHS
from qms_tui.domain.dates import add_months
from qms_tui.domain.figures import RISK_FIGURES, Figures, dossier_figures
from qms_tui.domain.qms import Period, Qms
from qms_tui.domain.statistics import Counts
from qms_tui.i18n import day, field_name, number, percent, reconciliation_line, risk_counts_text, t
from qms_tui.reports import document as doc
from qms_tui.reports import export
from qms_tui.reports.document import BulletList, Column, Heading, KeyFigures, Paragraph, Span, Table
from qms_tui.reports.formats import SUMMARY_FORMATS

ATTENTION_ROWS = 5
RISK_ROWS = 5


# -- figures ----------------------------------------------------------------------------------


def summary_data(qms: Qms, period: Period) -> dict[str, Any]:
    """Every figure of the summary as plain JSON-ready data (dates ISO); the shared ones by their names in
    ``domain.figures``."""
    clipped = qms.clip(period)
    stats = qms.stats(period)
    f = Figures(qms, period)
    counts = qms.procedure_counts()
    in_qms, in_remit = qms.tthc_coverage()
    audit, review = qms.last_event("internal_audit"), qms.last_event("management_review")
    attention = qms.procedures_needing_attention()
    return {
        "organisation": qms.organisation.name,
        "demo": qms.is_demo,
        "as_of": qms.today.isoformat(),
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(),
                   "counted_to": clipped.end.isoformat()},
        "dossiers": dossier_figures(stats.total),
        "dossiers_by_field": {key or "none": dossier_figures(c) for key, c in sorted(stats.by_field.items())},
        "attention": [
            {"code": d.code, "procedure": d.procedure, "due": d.due.isoformat() if d.due else None,
             "overdue": qms.is_overdue(d)}
            for d in qms.attention_dossiers()
        ],
        "procedures": {
            "total": sum(counts.values()),
            "general": counts["general"],
            "internal": counts["internal"],
            "tthc": counts["tthc"],
            "tthc_in_remit": in_remit,
            "tthc_in_qms": in_qms,
            "tthc_by_field": qms.tthc_by_field(),
            "under_revision": [p.code for p, why in attention if why == "under_revision"],
            "review_due": [p.code for p, why in attention if why == "review_due"],
            "legal_changes": [
                {"document": c.document.number,
                 "effective": c.document.effective.isoformat() if c.document.effective else None,
                 "deadline": c.deadline.isoformat(), "pending": c.pending, "overdue": c.overdue}
                for c in qms.legal_changes()
            ],
        },
        "risks": {
            **f.as_dict(RISK_FIGURES),  # high_risks: open threats only; opportunities counted apart
            "total": f["risks"],
            "top": [{"code": r.code, "score": r.score, "level": r.level, "description": r.description}
                    for r in qms.top_risks(RISK_ROWS)],
            "overdue_treatments": [r.code for r in qms.overdue_treatments()],
        },
        "training": {
            "staff": f["staff"],
            "trained": f["trained"],
            "retrain": f["retrain"],
            "never_trained": f["untrained"],
            "untrained_staff": [s.staff.name for s in qms.untrained()],
            "by_unit": [{"unit": u.unit, "staff": u.staff, "trained": u.trained, "retrain": u.retrain,
                         "never": u.never} for u in qms.training_coverage()],
        },
        "events": {
            "last_internal_audit": audit.date.isoformat() if audit and audit.date else None,
            "last_management_review": review.date.isoformat() if review and review.date else None,
        },
        "plan_tasks_due": [
            {"code": task.code, "task": task.task, "deadline": task.deadline.isoformat() if task.deadline else None,
             "late": task.late(qms.today)}
            for task in qms.plan_tasks_due()
        ],
        "findings": [{"code": f.code, "message": f.message} for f in qms.findings()],
    }


# -- the blocks -------------------------------------------------------------------------------


def summary_title(qms: Qms, lang: str = "vi") -> str:
    """The page title: what and whose."""
    name = qms.organisation.name
    return f"{t('summary_title', lang)} — {name}" if name else t("summary_title", lang)


def summary_blocks(qms: Qms, period: Period, lang: str = "vi", full: bool = False) -> list[doc.Block]:
    """The whole summary, section by section, as document blocks. The default fits one printed page;
    ``full`` (``qms summary --full``) lists every overdue or soon-due dossier and every untrained person."""
    f = Figures(qms, period)
    findings = qms.findings()  # once: the late dossiers without an apology are looked for among them all
    blocks: list[doc.Block] = [Heading(summary_title(qms, lang), 1), Paragraph(_subtitle(qms, period, lang)),
                               _key_figures(qms, f, lang)]
    blocks += _dossier_section(qms, period, f, lang)
    blocks += _attention_section(qms, lang, full)
    blocks += _risk_section(qms, f, lang)
    blocks += _training_section(qms, f, lang, full)
    blocks += _procedure_section(qms, lang)
    blocks += _events_section(qms, lang)
    blocks += _plan_section(qms, lang)
    blocks += _findings_section(qms, lang, findings)
    if full:
        blocks += objective_trend_section(qms, lang)
    return blocks


OBJECTIVE_COLUMNS = 4
"""Objectives side by side in one trend table (more make a second table), so that it fits 80 columns."""


def objective_trend_section(qms: Qms, lang: str) -> list[doc.Block]:
    """The measured objectives month by month (``--full``): one row a month, one column an objective.

    A month without data shows a dash, never zero."""
    measured = [o for o in qms.objectives if o.measure != "manual"]
    if not measured:
        return []
    blocks: list[doc.Block] = [Heading(t("obj_trend", lang))]
    for i in range(0, len(measured), OBJECTIVE_COLUMNS):
        group = measured[i:i + OBJECTIVE_COLUMNS]
        trends = [qms.objective_trend(o) for o in group]
        months = [m for m, _ in trends[0]]
        rows: list[list[doc.Inline]] = [[f"{month.month:02d}/{month.year}", *(
            "—" if trend[k][1] is None else number(trend[k][1], lang, 0 if o.unit != "%" else 1)
            for o, trend in zip(group, trends, strict=True))] for k, month in enumerate(months)]
        rows.append([Span(t("target", lang), "strong"), *(Span(number(o.target, lang, 0), "strong") for o in group)])
        blocks.append(Table([Column(t("obj_month", lang), wrap=False),
                             *(Column(f"{o.code} ({o.unit})", "right", wrap=False) for o in group)], rows))
    return blocks


def _subtitle(qms: Qms, period: Period, lang: str) -> list[str | Span]:
    """The period, and what "today" is when it matters (counting stops at the as-of date)."""
    clipped = qms.clip(period)
    text = f"{t('period', lang)} {day(period.start, lang)} – {day(period.end, lang)}"
    if clipped.end != period.end:
        text += f" ({t('counted_to', lang)} {day(clipped.end, lang)})"
    if qms.today != clipped.end:
        text += f" · {t('as_of', lang)} {day(qms.today, lang)}"
    spans: list[str | Span] = [text]
    if qms.shows_sample:
        spans += [" · ", Span(t("demo", lang), "warn")]
    spans.append(Span(f" · {t('legend', lang)}", "muted"))
    return spans


def on_time_target(qms: Qms) -> float | None:
    """The on-time target of the quality objectives (e.g. 95%), if one is set."""
    targets = [o.target for o in qms.objectives if o.measure == "on_time_rate"]
    return max(targets) if targets else None


def _rate_tone(qms: Qms, rate: float | None) -> str | None:
    target = on_time_target(qms)
    if rate is None or target is None:
        return None
    return "good" if rate >= target else "warn"


def _key_figures(qms: Qms, f: Figures, lang: str) -> KeyFigures:
    """The six figures a meeting starts with, each flagged when it needs attention."""
    high, untrained, findings, overdue_now = f["high_risks"], f["untrained"], f["findings"], f["overdue_now"]
    rate = f["on_time_rate"]
    in_qms, in_remit = qms.tthc_coverage()
    items = [
        (t("kpi_on_time", lang), percent(rate, lang), _rate_tone(qms, rate) or "strong"),
        (t("kpi_overdue", lang), number(overdue_now, lang), "bad" if overdue_now else "good"),
        (t("kpi_high_risks", lang), number(high, lang), "bad" if high else "good"),
        (t("kpi_untrained", lang), number(untrained, lang), "warn" if untrained else "good"),
        (t("kpi_tthc", lang), f"{number(in_qms, lang)}/{number(in_remit, lang)}",
         "good" if in_remit and in_qms == in_remit else "bad"),
        (t("kpi_findings", lang), number(findings, lang), "warn" if findings else "good"),
    ]
    return KeyFigures([(label, Span(value, tone)) for label, value, tone in items])


def _dossier_section(qms: Qms, period: Period, f: Figures, lang: str) -> list[doc.Block]:
    n = lambda v: number(v, lang)  # noqa: E731
    c = f.line
    rows: list[list[doc.Inline]] = [
        [Span(t("received", lang), "strong"), Span(n(f["received"]), "strong")],
        [f"  {t('new', lang)}", n(f["new"])],
        [f"  {t('carried_over', lang)}", n(f["carried_over"])],
        [Span(t("resolved", lang), "strong"), Span(n(f["resolved"]), "strong")],
        [f"  {t('on_time', lang)}", n(f["on_time"])],
        [f"  {t('late', lang)}", Span(n(f["late"]), "bad" if f["late"] else None)],
        [Span(t("in_progress", lang), "strong"), Span(n(f["in_progress"]), "strong")],
        [f"  {t('not_due', lang)}", n(f["not_due"])],
        [f"  {t('overdue', lang)}", Span(n(f["overdue"]), "bad" if f["overdue"] else None)],
        [Span(t("withdrawn_returned", lang), "strong"), Span(n(f["withdrawn"]), "strong")],
        [Span(t("on_time_rate", lang), "strong"), Span(percent(f["on_time_rate"], lang), "strong")],
    ]
    figures = Table([Column(t("figure", lang)), Column(t("dossier_count", lang), "right", wrap=False)],
                    rows, header=False, panels=2)
    details = Paragraph(
        f"{t('new', lang)}: {t('new_online', lang)} {n(c.new_online)}, {t('new_direct', lang)} {n(c.new_direct)}"
        + (f", {t('new_unknown', lang)} {n(c.new_unknown)}" if c.new_unknown else "")
        + f" · {t('on_time', lang)}: {t('early', lang)} {n(c.early)}, {t('on_due_date', lang)} {n(c.on_due_date)}"
        f" · {t('withdrawn_returned', lang)}: {t('withdrawn', lang)} {n(c.withdrawn)}, "
        f"{t('returned', lang)} {n(c.returned)}")
    note = [f"{t('reconciliation', lang)}: ", Span(reconciliation_line(c, lang), "good" if c.reconciles else "bad"),
            Span(f" ({t('reconciliation_rule', lang)})", "muted")]
    return [Heading(t("dossiers", lang)), figures, details, Paragraph(note, truncate=True),
            _field_table(qms, period, lang)]


def _field_table(qms: Qms, period: Period, lang: str) -> Table:
    """The same figures by field, so that a slow field shows."""
    n = lambda v: number(v, lang)  # noqa: E731
    rows: list[list[doc.Inline]] = []
    for key, c in sorted(qms.stats(period).by_field.items(), key=lambda kv: -kv[1].received):
        rows.append([
            field_name(key, lang, qms.field_by_code), n(c.received), n(c.resolved),
            Span(percent(c.on_time_rate, lang), _rate_tone(qms, c.on_time_rate)),
            Span(n(c.overdue), "bad" if c.overdue else None),
        ])
    columns = [Column(t("field", lang), wrap=False), Column(t("col_received", lang), "right"),
               Column(t("col_resolved", lang), "right"), Column(t("col_on_time", lang), "right"),
               Column(t("col_overdue", lang), "right")]
    short: list[str | Span] = [Span(f"{t('field', lang)} ({'/'.join(c.header.lower() for c in columns[1:])}): ",
                                    "strong")]
    for i, row in enumerate(rows):
        short += [" · " if i else "", f"{doc.plain(row[0])} {doc.plain(row[1])}/{doc.plain(row[2])}/",
                  row[3], "/", row[4]]
    return Table(columns, rows, short=short)


def _attention_section(qms: Qms, lang: str, full: bool = False) -> list[doc.Block]:
    dossiers = qms.attention_dossiers()
    shown = len(dossiers) if full else ATTENTION_ROWS
    heading = Heading(t("attention", lang))
    if not dossiers:
        return [heading, Paragraph(Span(t("none", lang), "good"))]
    calendar, today = qms.working_calendar, qms.today
    rows: list[list[doc.Inline]] = []
    for d in dossiers[:shown]:
        procedure = qms.procedure_by_code.get(d.procedure)
        overdue = qms.is_overdue(d)
        if d.due is None:
            left = "—"
        elif overdue:
            left = "-" + number(calendar.working_days_between(d.due, today), lang)
        else:
            left = number(calendar.working_days_between(today, d.due), lang)
        tone = "bad" if overdue else "warn"
        rows.append([d.code, f"{d.procedure} {procedure.name if procedure else ''}".strip(),
                     Span(day(d.due, lang), tone), Span(left, tone)])
    table = Table([Column(t("code", lang), wrap=False), Column(t("procedure", lang), truncate=True),
                   Column(t("due", lang), wrap=False), Column(t("days_left_short", lang), "right", wrap=False)],
                  rows)
    blocks: list[doc.Block] = [heading, table]
    more = len(dossiers) - shown
    if more > 0:
        overdue = sum(1 for d in dossiers if qms.is_overdue(d))
        blocks.append(Paragraph(Span(
            f"… {t('and_more', lang)} {number(more, lang)} ({t('total', lang)} {number(len(dossiers), lang)}, "
            f"{t('overdue', lang).lower()} {number(overdue, lang)})", "muted")))
    return blocks


def _risk_section(qms: Qms, f: Figures, lang: str) -> list[doc.Block]:
    overdue = qms.overdue_treatments()
    overdue_codes = {r.code for r in overdue}
    head: list[str | Span] = [risk_counts_text(f.count("high_risks"), f.count("open_opportunities"), lang)]
    if not overdue:
        head += [f"; {t('overdue_treatments_short', lang)}: ", Span(number(0, lang), "good")]  # one 80-column line
    rows: list[list[doc.Inline]] = []
    for risk in qms.top_risks(RISK_ROWS):
        late = risk.code in overdue_codes
        rows.append([
            risk.code, Span(f"{risk.score} {t(risk.level, lang)}", "bad" if risk.level == "high" else None),
            risk.description, Span(day(risk.due, lang) + (" !" if late else ""), "bad" if late else None),
        ])
    blocks: list[doc.Block] = [Heading(t("risks", lang), note=head)]
    if rows:
        blocks.append(Table([Column(t("code", lang), wrap=False), Column(t("score", lang), wrap=False),
                             Column(t("description", lang), truncate=True),
                             Column(t("treatment_due", lang), wrap=False)], rows))
    if overdue:
        blocks.append(BulletList([
            [Span(f"{t('overdue_treatments', lang)} {r.code} ({t('due', lang).lower()} {day(r.due, lang)}, "
                  f"{r.owner})", "bad"), f": {r.treatment}"]
            for r in overdue
        ], truncate=True))
    return blocks


def _training_section(qms: Qms, f: Figures, lang: str, full: bool = False) -> list[doc.Block]:
    never, retrain = qms.untrained(), qms.to_retrain()
    head: list[str | Span] = [
        f"{t('staff', lang)}: {number(f.count('staff'), lang)}; {t('coverage', lang).lower()}: ",
        Span(percent(f["training_coverage"], lang, 0), "strong"),
    ]
    rows: list[list[doc.Inline]] = [
        [unit.unit, number(unit.staff, lang), number(unit.trained, lang),
         Span(number(unit.retrain, lang), "warn" if unit.retrain else None),
         Span(number(unit.never, lang), "bad" if unit.never else None), percent(unit.rate, lang, 0)]
        for unit in qms.training_coverage()
    ]
    table = Table([Column(t("unit", lang), truncate=True), Column(t("staff", lang), "right"),
                   Column(t("trained", lang), "right"), Column(t("col_retrain", lang), "right"),
                   Column(t("col_untrained", lang), "right"), Column(t("coverage", lang), "right", wrap=False)],
                  rows)
    blocks: list[doc.Block] = [Heading(t("training", lang), note=head), table]
    if never and full:
        blocks.append(Paragraph(Span(f"{t('untrained', lang)} ({number(f.count('untrained'), lang)}):", "strong")))
        blocks.append(Table([Column(t("code", lang), wrap=False), Column(t("person", lang)),
                             Column(t("unit", lang)), Column(t("started", lang), wrap=False)],
                            [[s.staff.code, s.staff.name, s.staff.unit, day(s.staff.start_date, lang)] for s in never]))
    elif never:
        label = f"{t('untrained', lang)} ({number(f.count('untrained'), lang)}): "
        names = ", ".join(f"{s.staff.name} ({s.staff.unit})" for s in never)
        short = names_line(label, [s.staff.name for s in never])
        blocks.append(Paragraph([Span(label, "strong"), names], short=[Span(label, "strong"), short]))
    if retrain:
        label = f"{t('retrain', lang)} ({number(f.count('retrain'), lang)}): "
        names = ", ".join(s.staff.name for s in retrain)
        short = names_line(label, [s.staff.name for s in retrain])
        blocks.append(Paragraph([Span(label, "strong"), names],
                                short="" if full else [Span(label, "strong"), short]))
    return blocks


def names_line(label: str, names: list[str], width: int = 80) -> str:
    """As many of ``names`` as fit on one line after ``label``, then ``+N`` for the rest."""
    for shown in range(len(names), 0, -1):
        rest = len(names) - shown
        text = ", ".join(names[:shown]) + (f", +{rest}" if rest else "")
        if cell_len(label + text) <= width:
            return text
    return f"+{len(names)}"


def _procedure_section(qms: Qms, lang: str) -> list[doc.Block]:
    counts = qms.procedure_counts()
    in_qms, in_remit = qms.tthc_coverage()
    n = lambda v: number(v, lang)  # noqa: E731
    coverage_ok = bool(in_remit) and in_qms == in_remit
    head = (f"{n(sum(counts.values()))} ({n(counts['general'])} {t('general', lang)}, "
            f"{n(counts['internal'])} {t('internal', lang)}, {n(counts['tthc'])} {t('tthc', lang)})")
    by_field = ", ".join(f"{field_name(k, lang, qms.field_by_code)} {n(v)}"
                         for k, v in sorted(qms.tthc_by_field().items()))
    coverage = Paragraph([
        f"{t('tthc_coverage', lang)}: ",
        Span(f"{n(in_qms)} {t('of', lang)} {n(in_remit)}", "good" if coverage_ok else "bad"),
        f"; {t('tthc_by_field', lang)}: {by_field}",
    ])
    blocks: list[doc.Block] = [Heading(t("procedures_in_qms", lang), note=head), coverage]
    order = {"under_revision": 0, "review_due": 1}
    needing = sorted(qms.procedures_needing_attention(), key=lambda pw: (order.get(pw[1], 2), pw[0].code))
    if needing:
        rows: list[list[doc.Inline]] = [
            [p.code, p.name, Span(t(why, lang), "warn")] for p, why in needing
        ]
        blocks.append(Table([Column(t("code", lang), wrap=False), Column(t("procedure", lang), truncate=True),
                             Column(t("status", lang), wrap=False)], rows, header=False))
    changes = qms.legal_changes()
    if changes:
        blocks.append(Paragraph(Span(f"{t('legal_changes', lang)}:", "strong")))
        rows = []
        for change in changes:
            tone = "bad" if change.overdue else "warn"
            rows.append([change.document.number, f"{t('effective_col', lang)} {day(change.document.effective, lang)}",
                         Span(f"{t('update_by', lang)} {day(change.deadline, lang)}" + (" !" if change.overdue else ""),
                              tone),
                         ", ".join(change.pending)])
        blocks.append(Table([Column(t("legal_document", lang), wrap=False),
                             Column(t("effective_col", lang), wrap=False),
                             Column(t("update_by", lang), wrap=False),
                             Column(t("pending_procedures", lang), truncate=True)],
                            rows, header=False))
    return blocks


def _events_section(qms: Qms, lang: str) -> list[doc.Block]:
    rows: list[list[doc.Inline]] = []
    for kind, label in (("internal_audit", "audit"), ("management_review", "review")):
        event = qms.last_event(kind)
        if event is None or event.date is None:
            rows.append([t(label, lang), Span(t("never_held", lang), "bad"), f"{t('next_due', lang)} —"])
            continue
        next_due = add_months(event.date, EVENT_INTERVAL_MONTHS)
        late = next_due < qms.today
        when = day(event.date, lang) + (f" ({event.ref})" if event.ref else "")
        rows.append([t(label, lang), when,
                     Span(f"{t('next_due', lang)} {day(next_due, lang)}" + (" !" if late else ""),
                          "bad" if late else None)])
    table = Table([Column(t("event", lang), wrap=False), Column(t("last_held", lang), wrap=False),
                   Column(t("next_due", lang), wrap=False)], rows, header=False)
    return [Heading(t("events", lang)), table]


def _plan_section(qms: Qms, lang: str) -> list[doc.Block]:
    tasks = qms.plan_tasks_due()
    heading = Heading(t("plan_tasks", lang))
    if not tasks:
        return [heading, Paragraph(Span(t("none", lang), "good"))]
    rows: list[list[doc.Inline]] = []
    for task in tasks:
        late = task.late(qms.today)
        rows.append([task.code, [task.task, Span(f" — {task.owner}", "muted") if task.owner else ""],
                     Span(day(task.deadline, lang) + (" !" if late else ""), "bad" if late else None)])
    return [heading, Table([Column(t("code", lang), wrap=False),
                            Column(f"{t('task', lang)} — {t('owner', lang)}", truncate=True),
                            Column(t("deadline", lang), wrap=False)], rows, header=False)]


_DMY = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


def finding_message(finding: Any, lang: str) -> str:
    """A finding's sentence in ``lang``; English dates follow ``i18n.day`` (ISO) like the rest."""
    if lang == "vi":
        return finding.message_vi
    return _DMY.sub(lambda m: day(_parse_dmy(m), lang), finding.message)


def _parse_dmy(match: re.Match[str]) -> date:
    return date(int(match[3]), int(match[2]), int(match[1]))


def _findings_section(qms: Qms, lang: str, found: list | None = None) -> list[doc.Block]:
    findings = qms.findings() if found is None else found
    heading = Heading(t("findings", lang))
    if not findings:
        return [heading, Paragraph(Span(t("no_findings", lang), "good"))]
    return [heading, BulletList([Span(finding_message(f, lang), "bad") for f in findings], truncate=True)]


# -- renderings -------------------------------------------------------------------------------


def summary_renderable(qms: Qms, period: Period, lang: str = "vi", full: bool = False) -> RenderableType:
    """The whole one-page summary as a Rich renderable that fits 80 columns (the TUI shows it too)."""
    return doc.to_rich(summary_blocks(qms, period, lang, full), compact=True)


def summary_markdown(qms: Qms, period: Period, lang: str = "vi", full: bool = False) -> str:
    """The summary as Markdown: headings, pipe tables for the figures, lists."""
    return doc.to_markdown(summary_blocks(qms, period, lang, full))


def summary_html(qms: Qms, period: Period, lang: str = "vi", full: bool = False) -> str:
    """The summary as a self-contained HTML page in ``lang``."""
    blocks = summary_blocks(qms, period, lang, full)
    return doc.html_page(summary_title(qms, lang), doc.to_html_body(blocks), lang)


def render_summary(qms: Qms, period: Period, fmt: str, lang: str = "vi", full: bool = False) -> str:
    """The summary in one of ``formats.SUMMARY_FORMATS``; ``full`` lists every dossier needing attention and every
    untrained person (JSON always holds the whole lists)."""
    if fmt == "json":
        return export.to_json(summary_data(qms, period))
    if fmt == "markdown":
        return summary_markdown(qms, period, lang, full)
    if fmt == "html":
        return summary_html(qms, period, lang, full)
    renderable = summary_renderable(qms, period, lang, full)
    if fmt == "svg":
        return export.to_svg(renderable, summary_title(qms, lang))
    if fmt == "text":
        return export.to_text(renderable)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(SUMMARY_FORMATS)}")


def dossier_table(c: Counts, lang: str = "vi") -> RichTable:
    """The form's figures, one per line, indented like the report (a compact Rich table for widgets)."""
    table = RichTable(box=box.SIMPLE_HEAD, show_header=False, pad_edge=False, expand=False)
    table.add_column(ratio=1)
    table.add_column(justify="right")
    n = lambda v: number(v, lang)  # noqa: E731
    rows = [
        (t("received", lang), n(c.received), "bold"),
        (f"  {t('new', lang)}", n(c.new), ""),
        (f"  {t('carried_over', lang)}", n(c.carried_over), ""),
        (t("resolved", lang), n(c.resolved), "bold"),
        (f"  {t('on_time', lang)}", n(c.on_time), ""),
        (f"  {t('late', lang)}", n(c.late), "red" if c.late else ""),
        (t("in_progress", lang), n(c.in_progress), "bold"),
        (f"  {t('not_due', lang)}", n(c.not_due), ""),
        (f"  {t('overdue', lang)}", n(c.overdue), "bold red" if c.overdue else ""),
        (t("withdrawn_returned", lang), n(c.withdrawn_returned), "bold"),
        (t("on_time_rate", lang), percent(c.on_time_rate, lang), "bold"),
    ]
    for label, value, style in rows:
        table.add_row(Text(label, style=style), Text(value, style=style))
    return table
