"""The one-page meeting summary: its figures (for JSON) and its Rich rendering (for text and more)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..domain.qms import Period, Qms
from ..domain.statistics import Counts
from ..i18n import day, field_name, number, percent, t

ATTENTION_ROWS = 10
RISK_ROWS = 5


def summary_data(qms: Qms, period: Period) -> dict[str, Any]:
    """Every figure of the summary as plain JSON-ready data (dates ISO)."""
    clipped = qms.clip(period)
    stats = qms.stats(period)
    counts = qms.procedure_counts()
    in_qms, in_remit = qms.tthc_coverage()
    statuses = qms.staff_training
    audit, review = qms.last_event("internal_audit"), qms.last_event("management_review")
    return {
        "organisation": qms.organisation.name,
        "demo": qms.is_demo,
        "as_of": qms.today.isoformat(),
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(),
                   "counted_to": clipped.end.isoformat()},
        "dossiers": _dossier_figures(stats.total),
        "dossiers_by_field": {key or "none": _dossier_figures(c) for key, c in sorted(stats.by_field.items())},
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
            "under_revision": [p.code for p, why in qms.procedures_needing_attention() if why == "under_revision"],
            "review_due": [p.code for p, why in qms.procedures_needing_attention() if why == "review_due"],
            "legal_changes": [
                {"document": c.document.number, "effective": c.document.effective.isoformat(),
                 "deadline": c.deadline.isoformat(), "pending": c.pending, "overdue": c.overdue}
                for c in qms.legal_changes()
            ],
        },
        "risks": {
            "total": sum(1 for r in qms.risks if r.kind == "risk"),
            "opportunities": sum(1 for r in qms.risks if r.kind == "opportunity"),
            "open": sum(1 for r in qms.risks if r.status != "closed"),
            "high": sum(1 for r in qms.risks if r.status != "closed" and r.level == "high"),
            "top": [{"code": r.code, "score": r.score, "level": r.level, "description": r.description}
                    for r in qms.top_risks(RISK_ROWS)],
            "overdue_treatments": [r.code for r in qms.overdue_treatments()],
        },
        "training": {
            "staff": len(statuses),
            "trained": sum(1 for s in statuses if s.status == "trained"),
            "retrain": sum(1 for s in statuses if s.status == "retrain"),
            "never_trained": sum(1 for s in statuses if s.status == "never"),
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


def _dossier_figures(c: Counts) -> dict[str, Any]:
    return {
        "received": c.received,
        "new": c.new,
        "new_online": c.new_online,
        "new_direct": c.new_direct,
        "carried_over": c.carried_over,
        "resolved": c.resolved,
        "on_time": c.on_time,
        "early": c.early,
        "on_due_date": c.on_due_date,
        "late": c.late,
        "in_progress": c.in_progress,
        "not_due": c.not_due,
        "overdue": c.overdue,
        "withdrawn": c.withdrawn_returned,
        "withdrawn_only": c.withdrawn,
        "returned": c.returned,
        "on_time_rate": None if c.on_time_rate is None else round(c.on_time_rate, 2),
        "reconciles": c.reconciles,
        "gap": c.gap,
        "unclassified": list(c.unclassified),
    }


def reconciliation_line(c: Counts, lang: str = "vi") -> str:
    """``578 = 439 + 113 + 26 ✓``: received = resolved + in progress + withdrawn/returned."""
    n = lambda v: number(v, lang)  # noqa: E731
    line = f"{n(c.received)} = {n(c.resolved)} + {n(c.in_progress)} + {n(c.withdrawn_returned)}"
    if c.reconciles:
        return f"{line} ✓ {t('reconciles', lang)}"
    extra = f", {len(c.unclassified)} {t('unclassified', lang)}" if c.unclassified else ""
    return f"{n(c.received)} ≠ {n(c.accounted)} ✗ {t('gap', lang)} {n(c.gap)}{extra}"


def dossier_table(c: Counts, lang: str = "vi") -> Table:
    """The form's figures, one per line, indented like the report."""
    table = Table(box=box.SIMPLE_HEAD, show_header=False, pad_edge=False, expand=False)
    table.add_column(ratio=1)
    table.add_column(justify="right")
    n = lambda v: number(v, lang)  # noqa: E731
    rows = [
        (t("received", lang), n(c.received), "bold"),
        (f"  {t('new', lang)} ({t('new_online', lang)} {n(c.new_online)}, "
         f"{t('new_direct', lang)} {n(c.new_direct)})", n(c.new), ""),
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


def summary_renderable(qms: Qms, period: Period, lang: str = "vi") -> RenderableType:
    """The whole one-page summary as a Rich renderable that fits 80 columns."""
    clipped = qms.clip(period)
    stats = qms.stats(period)
    c = stats.total
    title = Text.assemble(
        (f"{t('summary_title', lang)} — {qms.organisation.name}", "bold"),
        "\n",
        f"{t('period', lang)} {day(period.start, lang)} – {day(period.end, lang)}, "
        f"{t('as_of', lang)} {day(clipped.end, lang)}",
        (f"  [{t('demo', lang)}]" if qms.is_demo else ""),
    )
    parts: list[RenderableType] = [title, ""]

    dossiers = Group(dossier_table(c, lang), Text(f"{t('reconciliation', lang)}: {reconciliation_line(c, lang)}",
                                                  style="green" if c.reconciles else "bold red"))
    parts.append(Panel(dossiers, title=t("dossiers", lang), title_align="left", box=box.ROUNDED))

    attention = qms.attention_dossiers()
    parts.append(_section(t("attention", lang), _attention_table(qms, attention, lang)))

    parts.append(_section(t("risks", lang), _risk_block(qms, lang)))
    parts.append(_section(t("training", lang), _training_block(qms, lang)))
    parts.append(_section(t("procedures_in_qms", lang), _procedure_block(qms, lang)))
    parts.append(_section(t("events", lang), _events_block(qms, lang)))
    parts.append(_section(t("plan_tasks", lang), _plan_block(qms, lang)))
    findings = qms.findings()
    lines = [f"! {f.message_vi if lang == 'vi' else f.message}" for f in findings]
    parts.append(_section(t("findings", lang), Text("\n".join(lines) if lines else t("no_findings", lang),
                                                   style="yellow" if lines else "green")))
    return Group(*parts)


def _section(title: str, body: RenderableType) -> RenderableType:
    return Group(Text(title, style="bold underline"), body, "")


def _attention_table(qms: Qms, dossiers: list, lang: str) -> RenderableType:
    if not dossiers:
        return Text(t("none", lang), style="green")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(t("code", lang), no_wrap=True)
    table.add_column(t("procedure", lang), ratio=1)
    table.add_column(t("due", lang), no_wrap=True)
    for d in dossiers[:ATTENTION_ROWS]:
        procedure = qms.procedure_by_code.get(d.procedure)
        style = "bold red" if qms.is_overdue(d) else "yellow"
        table.add_row(d.code, procedure.name if procedure else d.procedure, Text(day(d.due, lang), style=style))
    more = len(dossiers) - ATTENTION_ROWS
    return Group(table, Text(f"… +{more}")) if more > 0 else table


def _risk_block(qms: Qms, lang: str) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(t("code", lang), no_wrap=True)
    table.add_column(t("score", lang), justify="right")
    table.add_column(t("level", lang), no_wrap=True)
    table.add_column(t("description", lang), ratio=1)
    table.add_column(t("due", lang), no_wrap=True)
    overdue = {r.code for r in qms.overdue_treatments()}
    for risk in qms.top_risks(RISK_ROWS):
        style = "red" if risk.level == "high" else ""
        due = Text(day(risk.due, lang) + (" !" if risk.code in overdue else ""),
                   style="bold red" if risk.code in overdue else "")
        table.add_row(risk.code, str(risk.score), Text(t(risk.level, lang), style=style), risk.description, due)
    open_count = sum(1 for r in qms.risks if r.status != "closed")
    line = (f"{open_count} {t('open', lang)} / {len(qms.risks)}; "
            f"{t('overdue_treatments', lang)}: {len(overdue)}"
            + (f" ({', '.join(sorted(overdue))})" if overdue else ""))
    return Group(Text(line), table)


def _training_block(qms: Qms, lang: str) -> RenderableType:
    statuses = qms.staff_training
    never = qms.untrained()
    retrain = qms.to_retrain()
    head = (f"{t('staff', lang)}: {len(statuses)}; {t('untrained', lang)}: {len(never)}; "
            f"{t('retrain', lang)}: {len(retrain)}")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(t("unit", lang), ratio=1)
    table.add_column(t("staff", lang), justify="right")
    table.add_column(t("trained", lang), justify="right")
    table.add_column(t("retrain", lang), justify="right")
    table.add_column(t("untrained", lang), justify="right")
    table.add_column(t("coverage", lang), justify="right")
    for unit in qms.training_coverage():
        table.add_row(unit.unit, str(unit.staff), str(unit.trained), str(unit.retrain),
                      Text(str(unit.never), style="red" if unit.never else ""), percent(unit.rate, lang, 0))
    names = Text(f"{t('untrained', lang)}: " + ", ".join(s.staff.name for s in never)) if never else Text("")
    return Group(Text(head), table, names)


def _procedure_block(qms: Qms, lang: str) -> RenderableType:
    counts = qms.procedure_counts()
    in_qms, in_remit = qms.tthc_coverage()
    lines = [
        f"{sum(counts.values())} ({counts['general']} {t('general', lang)}, "
        f"{counts['internal']} {t('internal', lang)}, {counts['tthc']} {t('tthc', lang)}); "
        f"{t('tthc_coverage', lang)}: {in_qms} {t('of', lang)} {in_remit}",
        "; ".join(f"{field_name(k, lang)} {v}" for k, v in sorted(qms.tthc_by_field().items())),
    ]
    for procedure, why in qms.procedures_needing_attention():
        lines.append(f"- {t(why, lang)}: {procedure.code} {procedure.name}")
    for change in qms.legal_changes():
        flag = "!" if change.overdue else "·"
        lines.append(
            f"{flag} {t('legal_changes', lang)}: {change.document.number} "
            f"({t('deadline', lang)} {day(change.deadline, lang)}): {', '.join(change.pending)}"
        )
    return Text("\n".join(lines))


def _events_block(qms: Qms, lang: str) -> RenderableType:
    audit, review = qms.last_event("internal_audit"), qms.last_event("management_review")
    return Text(
        f"{t('internal_audit', lang)}: {day(audit.date if audit else None, lang)}\n"
        f"{t('management_review', lang)}: {day(review.date if review else None, lang)}"
    )


def _plan_block(qms: Qms, lang: str) -> RenderableType:
    tasks = qms.plan_tasks_due()
    if not tasks:
        return Text(t("none", lang), style="green")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(t("code", lang), no_wrap=True)
    table.add_column(t("task", lang), ratio=1)
    table.add_column(t("owner", lang))
    table.add_column(t("deadline", lang), no_wrap=True)
    for task in tasks:
        late = task.late(qms.today)
        table.add_row(task.code, task.task, task.owner,
                      Text(day(task.deadline, lang) + (" !" if late else ""), style="bold red" if late else ""))
    return table
