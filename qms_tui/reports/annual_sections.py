"""The annual report's sections, worded from the store: I.1 (building and maintaining the QMS), I.2 (the
TTHC coverage and the dossier figures, line for line as the seed report) and II (the secretary's narrative).

Every sentence is a catalogue message (``ar_…``) in the report's language; the agency's data (names,
procedure titles, document numbers, the narrative) goes in as written. The figures come from
``domain.figures`` so that the report says what every other view says.
"""

from __future__ import annotations

import re
from datetime import date

from qms_tui.domain.fields import field_label
from qms_tui.domain.figures import Figures
from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import Decision, ReportText, Training
from qms_tui.domain.problems import Fault
from qms_tui.domain.qms import Period, Qms
from qms_tui.i18n import nt, number, t
from qms_tui.reports.annual_model import (
    ISO_NAME,
    AnnualReport,
    Line,
    count,
    doc_kind,
    doc_ref,
    join,
    legal_ref,
    lower_first,
    missing_text,
    sample_note,
    text_date,
)


@dataclass
class Ctx:
    """What every sentence needs: the store, the year, the period, how the agency names itself, the language."""

    qms: Qms
    year: int
    period: Period
    me: str
    lang: str

    def n(self, value: int) -> str:
        return count(value, self.lang)

    def date(self, day: date | None) -> str:
        return text_date(day, self.lang)


def _latest(decisions: list[Decision], subject: str, end: date, year: int | None = None) -> Decision | None:
    found = [
        d for d in decisions
        if d.subject == subject and d.date and d.date <= end and (year is None or d.date.year == year)
    ]
    return max(found, key=lambda d: d.date) if found else None  # type: ignore[arg-type,return-value]


def _event_decision(qms: Qms, kind: str, end: date) -> Decision | None:
    """The decision an event of ``kind`` refers to, as a stand-in when no decision has the subject."""
    events = [e for e in qms.events if e.kind == kind and e.date and e.date <= end and e.ref]
    if not events:
        return None
    event = max(events, key=lambda e: e.date)  # type: ignore[arg-type,return-value]
    known = next((d for d in qms.decisions if d.number == event.ref), None)
    return known or Decision(number=event.ref, kind="decision", date=event.date, title=event.note)


# -- I.1 ------------------------------------------------------------------------------------------------


def building(ctx: Ctx) -> list[Line]:
    """Section I.1: what the store holds about building and maintaining the QMS."""
    qms, me, lang, end = ctx.qms, ctx.me, ctx.lang, ctx.period.end
    lines: list[Line] = []
    conformity = _latest(qms.decisions, "conformity", end) or _event_decision(qms, "conformity_declaration", end)
    if conformity:
        lines.append(Line("dash", t("ar_declared", lang, me=me, iso=ISO_NAME, ref=doc_ref(conformity, lang))))
    else:
        lines.append(Line("dash", t("ar_not_declared", lang, me=me, iso=ISO_NAME)))
    lines.append(Line("dash", t("ar_year_work", lang, me=me, iso=ISO_NAME, year=ctx.year)))

    committee = _latest(qms.decisions, "steering_committee", end) or _event_decision(qms, "steering_committee", end)
    if committee:
        lines.append(Line("plus", t("ar_committee", lang, me=me, iso=ISO_NAME, ref=doc_ref(committee, lang))))

    plan = _latest(qms.decisions, "plan", end, ctx.year)
    if plan:
        lines.append(Line("plus", _plan_line(ctx, plan)))

    courses = sorted((c for c in qms.trainings if c.qms and c.date and ctx.period.start <= c.date <= end),
                     key=lambda c: c.date)  # type: ignore[arg-type,return-value]
    for course in courses:
        lines.append(Line("plus", _training_line(ctx, course)))
    if not courses:
        lines.append(Line("plus", t("ar_no_course", lang, iso=ISO_NAME)))

    objectives_line = _objectives_line(ctx)
    if objectives_line:
        lines.append(Line("plus", objectives_line))
    lines.append(Line("plus", _procedures_line(ctx)))
    lines.append(Line("dash", _legal_line(ctx)))
    return lines


def _plan_line(ctx: Ctx, plan: Decision) -> str:
    qms, lang, end = ctx.qms, ctx.lang, ctx.period.end
    tasks = [task for task in qms.plan_tasks if task.plan == plan.number]
    text = t("ar_plan", lang, iso=ISO_NAME, me=ctx.me, year=ctx.year, ref=_ref(ctx, plan))
    if not tasks:
        return text + t("ar_plan_tasks", lang)
    done = sum(1 for task in tasks if task.status == "done" and task.done_date and task.done_date <= end)
    late = sum(1 for task in tasks if task.late(end) and not (task.done_date and task.done_date <= end))

    def progress(total: str) -> str:
        return t("ar_plan_progress", lang, tasks=total, date=ctx.date(end),
                 done=nt("ar_n_tasks", done, lang, n=ctx.n(done)),
                 open=nt("ar_n_tasks", len(tasks) - done, lang, n=ctx.n(len(tasks) - done)),
                 late=t("ar_plan_late", lang, n=ctx.n(late)) if late else "")

    if any(qms.is_sample("plan_tasks", task.code) for task in tasks):
        return text + t("ar_plan_tasks", lang) + sample_note(
            [progress(nt("ar_n_tasks", len(tasks), lang, n=ctx.n(len(tasks))))], lang)
    return text + progress(nt("ar_n_tasks_timetable", len(tasks), lang, n=ctx.n(len(tasks)))) + "."


def _ref(ctx: Ctx, decision: Decision) -> str:
    """The decision's reference, or only its kind when its number and date are sample data."""
    return doc_kind(decision.kind, ctx.lang) if ctx.qms.is_sample("decisions", decision.number) \
        else doc_ref(decision, ctx.lang)


def _training_line(ctx: Ctx, course: Training) -> str:
    qms, lang = ctx.qms, ctx.lang
    by_name = {s.name: s for s in qms.staff}
    trainer = course.trainer
    person = by_name.get(trainer)
    role = course.trainer_role or (person.role if person else "")
    who = t("ar_trainer", lang, role=role, name=trainer) if role else trainer
    materials = list(course.materials)
    letter = t("ar_letter_ref", lang, number=course.letter_ref) if course.letter_ref else ""
    attendees = nt("ar_n_attendees", len(course.attendees), lang, n=ctx.n(len(course.attendees)))
    title = lower_first(course.title) if lang == "vi" else course.title
    if qms.is_sample("trainings", course.code):  # its date, attendees and letter number are illustration
        text = t("ar_course_sample", lang, title=title, who=who)
        if materials:
            text += t("ar_with_materials", lang, items="; ".join(materials))
        details = [t("ar_on_date", lang, date=ctx.date(course.date)), attendees] + ([letter] if letter else [])
        return text + "." + sample_note(details, lang)
    if course.letter_ref and not any(course.letter_ref in m for m in materials):
        materials.insert(0, t("ar_letter_convening", lang, letter=letter))
    text = t("ar_course", lang, title=title, date=ctx.date(course.date), who=who, attendees=attendees)
    if materials:
        text += t("ar_with_materials", lang, items="; ".join(materials))
    return text + "."


def _objectives_line(ctx: Ctx) -> str:
    qms, lang, year, end = ctx.qms, ctx.lang, ctx.year, ctx.period.end
    parts: list[str] = []
    notes: list[str] = []
    objectives = [o for o in qms.objectives if o.year in (None, year)]
    decision = _latest(qms.decisions, "objectives", end, year)
    if objectives or decision:
        detail = [doc_ref(decision, lang)] if decision else []
        if objectives:
            detail.append(nt("ar_n_objectives", len(objectives), lang, n=ctx.n(len(objectives))))
        sample = (decision is not None and qms.is_sample("decisions", decision.number)) \
            or any(qms.is_sample("objectives", o.code) for o in objectives)
        if sample:
            parts.append(t("ar_objectives_issued", lang))
            notes.append(t("ar_objectives_note", lang, year=year, detail=", ".join(detail)))
        else:
            parts.append(t("ar_objectives_issued_year", lang, year=year, detail=", ".join(detail)))
    risk_decision = _latest(qms.decisions, "risks", end, year)
    figures = Figures(qms)  # the register as of the as-of day
    if risk_decision and "bối cảnh" in risk_decision.title.lower():
        parts.append(t("ar_context_table", lang, me=ctx.me))
    if risk_decision or qms.risks:
        detail = [doc_ref(risk_decision, lang)] if risk_decision else []
        detail.append(t(
            "ar_risk_detail", lang,
            risks=nt("ar_n_risks", figures["risks"], lang, n=ctx.n(figures["risks"])),
            opportunities=nt("ar_n_opportunities", figures["opportunities"], lang, n=ctx.n(figures["opportunities"])),
            date=ctx.date(qms.today),
            high=nt("n_high_risks", figures["high_risks"], lang, n=ctx.n(figures["high_risks"])),
            open=nt("n_open_opportunities", figures["open_opportunities"], lang,
                    n=ctx.n(figures["open_opportunities"])),
        ))
        text = t("ar_risk_register", lang, me=ctx.me, year=year)
        sample = (risk_decision is not None and qms.is_sample("decisions", risk_decision.number)) \
            or any(qms.is_sample("risks", r.code) for r in qms.risks)
        if sample:
            parts.append(text)
            notes.append(t("ar_risk_note", lang, detail="; ".join(detail)))
        else:
            parts.append(f"{text} ({'; '.join(detail)})")
    if not parts:
        return ""
    return t("ar_system_reviewed", lang, parts="; ".join(parts)) + sample_note(notes, lang)


def stated(ctx: Ctx, key: str) -> str | None:
    """The seed report's own sentence for line ``key`` of a sample store (``_meta.sample.stated``, Vietnamese),
    while the store still holds the procedures it counts; else ``None`` and the line is written from the
    records (always, in another language)."""
    qms = ctx.qms
    entry = (qms.sample_data.get("stated") or {}).get(key)
    if ctx.lang != "vi" or not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        return None
    if entry.get("counts") is not None and entry["counts"] != dict(qms.procedure_counts()):
        return None
    if entry.get("remit") is not None and entry["remit"] != qms.tthc_coverage()[1]:
        return None
    return entry["text"]


def seed_note(ctx: Ctx, key: str) -> list[str]:
    """How the seed report words line ``key`` where the store counts it differently (``_meta.sample.notes``,
    Vietnamese: shown in the Vietnamese report only)."""
    note = (ctx.qms.sample_data.get("notes") or {}).get(key)
    return [note] if ctx.lang == "vi" and isinstance(note, str) and note else []


def _procedures_sample(qms: Qms) -> bool:
    """The procedures' details (codes, versions, history, fields) are illustration (the demo's)."""
    return any(qms.is_sample("procedures", p.code) for p in qms.procedures)


def _field_name(ctx: Ctx, key: str) -> str:
    name = field_label(key, ctx.qms.field_by_code, ctx.lang)
    return name if " - " in name or ctx.lang != "vi" else lower_first(name)


def _procedures_line(ctx: Ctx) -> str:
    qms, lang, period = ctx.qms, ctx.lang, ctx.period
    active = [p for p in qms.procedures if p.status != "retired"]
    general = [p for p in active if p.kind == "general"]
    internal = [p for p in active if p.kind == "internal"]
    counts = qms.procedure_counts()
    by_field = qms.tthc_by_field()
    kinds = [nt("ar_n_general", counts["general"], lang, n=ctx.n(counts["general"]))]
    if internal:
        kinds.append(nt("ar_n_internal", counts["internal"], lang, n=ctx.n(counts["internal"])))
    kinds.append(nt("ar_n_tthc_procedures", counts["tthc"], lang, n=ctx.n(counts["tthc"])))
    named = "; ".join(p.name for p in [*general, *internal])
    sample_procedures = _procedures_sample(qms)  # a sample store's split by field goes in the note
    fields = ", ".join(t("ar_field_name", lang, field=_field_name(ctx, key)) if sample_procedures
                       else t("ar_field_count", lang, field=_field_name(ctx, key), n=ctx.n(n))
                       for key, n in by_field.items() if key)
    tthc = t("ar_tthc_fields", lang, fields=fields) if fields else ""
    listed = t("ar_and", lang).join(part for part in (named, tthc) if part)  # maybe no general procedures yet
    text = t("ar_procedures_reviewed", lang, kinds=join(kinds, lang))
    if listed:
        text += t("ar_procedures_listed", lang, listed=listed)
    decisions = sorted((d for d in qms.decisions if d.subject == "procedures" and d.date
                        and period.start <= d.date <= period.end), key=lambda d: d.date)  # type: ignore[arg-type,return-value]
    stated = [d for d in decisions if not qms.is_sample("decisions", d.number)]
    if stated:
        text += "; " + t("ar_procedures_amended", lang, refs=join([doc_ref(d, lang) for d in stated], lang))
    revising = [p.code for p in active if p.status == "under_revision"]
    revision = nt("ar_n_under_revision", len(revising), lang, n=ctx.n(len(revising)), codes=", ".join(revising)) \
        if revising else ""
    sample = [d for d in decisions if d not in stated]
    notes = [t("ar_procedures_amended", lang, refs=join([doc_ref(d, lang) for d in sample], lang))] if sample else []
    if sample_procedures:  # the split by field and the revisions are the sample records', not the agency's
        split = [t("ar_field_split", lang, field=_field_name(ctx, key), n=ctx.n(n))
                 for key, n in by_field.items() if key]
        notes = seed_note(ctx, "procedures") + split + ([revision] if revision else []) + notes
    elif revision:
        text += "; " + revision
    return text + "." + sample_note(notes, lang)


def _legal_line(ctx: Ctx) -> str:
    qms, lang, period = ctx.qms, ctx.lang, ctx.period
    revised = set()
    for procedure in qms.procedures:
        for entry in procedure.history:
            when = entry.get("date")
            if when and period.start.isoformat() <= str(when) <= period.end.isoformat() and procedure.issued \
                    and str(when) > procedure.issued.isoformat():
                revised.add(procedure.code)
    text = t("ar_legal_updates", lang)
    details = []
    if revised:
        details.append(nt("ar_n_revised", len(revised), lang, n=ctx.n(len(revised))))
    for change in qms.legal_changes():
        if change.document.effective and change.document.effective > period.end:
            continue
        state = t("ar_update_overdue", lang) if change.deadline < period.end else t("ar_update_by", lang)
        details.append(nt("ar_n_not_updated", len(change.pending), lang, n=ctx.n(len(change.pending)),
                          document=legal_ref(change.document, lang), effective=ctx.date(change.document.effective),
                          state=state, deadline=ctx.date(change.deadline), codes=", ".join(change.pending)))
    for document, citing in qms.repealed_basis():
        if document.ends and document.ends > period.end:
            continue
        replacement = qms.legal_document(document.replaced_by) if document.replaced_by else None
        by = t("ar_replaced_by", lang, document=legal_ref(replacement, lang)) if replacement else ""
        details.append(nt("ar_n_citing_repealed", len(citing), lang, n=ctx.n(len(citing)),
                          document=legal_ref(document, lang), ends=ctx.date(document.ends), by=by,
                          codes=", ".join(citing)))
    new_internal = [p for p in qms.procedures if p.kind == "internal" and p.issued
                    and period.start <= p.issued <= period.end]
    seed = stated(ctx, "legal")
    if seed is not None:  # the seed's words; the revisions and pending updates of the demo's records are samples
        if new_internal:
            details.append(nt("ar_n_new_internal_short", len(new_internal), lang, n=ctx.n(len(new_internal))))
        return seed + "." + sample_note(details, lang)
    if details and _procedures_sample(qms):
        note, details = sample_note(details, lang), []
    else:
        note = ""
    if details:
        text += " (" + "; ".join(details) + ")"
    if new_internal:
        text += "; " + nt("ar_n_new_internal", len(new_internal), lang, n=ctx.n(len(new_internal)),
                          agency=qms.organisation.name)
    return text + "." + note


# -- I.2 ------------------------------------------------------------------------------------------------


def dossiers(ctx: Ctx, report: AnnualReport) -> list[Line]:
    """Section I.2: TTHC coverage and the dossier figures, line for line as the seed report."""
    qms, lang, me, period = ctx.qms, ctx.lang, ctx.me, ctx.period
    org = qms.organisation
    in_qms, in_remit = qms.tthc_coverage()
    counts = qms.procedure_counts()
    report.coverage = (in_qms, in_remit)
    basis = ""
    if org.tthc_remit_decision:
        basis = t("ar_remit_basis", lang, decision=org.tthc_remit_decision,
                  issuer=_issuer_of(qms, org.tthc_remit_decision, lang))
    units = {p.unit for p in qms.procedures if p.kind == "internal" and p.status != "retired"}
    internal = nt("ar_n_internal", counts["internal"], lang, n=str(counts["internal"]))
    if len(units) == 1:
        internal += t("ar_of", lang, name=units.pop())
    remit = number(in_remit, lang) if in_remit else "…"
    coverage = t("ar_coverage", lang, me=me, basis=basis, in_qms=number(in_qms, lang), remit=remit,
                 general=nt("ar_n_general", counts["general"], lang, n=str(counts["general"])), internal=internal)
    if in_remit and in_qms < in_remit:
        coverage += "; " + nt("ar_n_tthc_missing", in_remit - in_qms, lang, n=ctx.n(in_remit - in_qms))
    elif in_remit and in_qms > in_remit:
        coverage += "; " + nt("ar_n_tthc_excess", in_qms - in_remit, lang, n=ctx.n(in_qms - in_remit))
    if in_remit and in_qms != in_remit:
        report.warnings.append(Fault("p_report_coverage", in_qms=in_qms, in_remit=in_remit))
    if not in_remit:
        report.warnings.append(Fault("p_report_no_remit"))
    lines = [Line("dash", coverage + "." + sample_note(seed_note(ctx, "coverage"), lang))]

    clipped = qms.clip(period)
    f = Figures(qms, period)
    c = report.counts = f.line

    # the seed gives no split of withdrawn and returned: the demo's is marked as sample data
    split_mark = f" [{t('ar_sample_mark', lang)}]" if qms.sample_data.get("stated") else ""

    def n(key: str, value: int) -> str:
        return t(key, lang, n=nt("ar_n_dossiers", value, lang, n=number(value, lang)))

    lines.append(Line("para", t("ar_dossiers_intro", lang, me=me, start=ctx.date(period.start),
                                end=ctx.date(clipped.end))))
    lines += [
        Line("figure", n("ar_fig_received", f["received"])),
        Line("subfigure", n("ar_fig_new", f["new"])),
        Line("subfigure", n("ar_fig_carried_over", f["carried_over"])),
        Line("figure", n("ar_fig_resolved", f["resolved"])),
        Line("subfigure", n("ar_fig_on_time", f["on_time"])),
        Line("subfigure", n("ar_fig_late", f["late"])),
        Line("figure", n("ar_fig_in_progress", f["in_progress"])),
        Line("subfigure", n("ar_fig_not_due", f["not_due"])),
        Line("subfigure", n("ar_fig_overdue", f["overdue"])),
        Line("figure", n("ar_fig_withdrawn", f["withdrawn"])),
        Line("subfigure", n("ar_fig_by_applicant", c.withdrawn) + split_mark),
        Line("subfigure", n("ar_fig_returned", c.returned) + split_mark),
    ]
    if f["on_time_rate"] is not None:
        lines.append(Line("note", t("ar_on_time_rate", lang, rate=f"{number(f['on_time_rate'], lang, 1)}%")))
    sums = {"received": number(c.received, lang), "resolved": number(c.resolved, lang),
            "in_progress": number(c.in_progress, lang), "withdrawn": number(c.withdrawn_returned, lang)}
    if c.reconciles:
        lines.append(Line("note", t("ar_reconciles", lang, **sums)))
    else:
        unplaced = nt("ar_n_unplaced", len(c.unclassified), lang, n=ctx.n(len(c.unclassified))) \
            if c.unclassified else ""
        lines.append(Line("note", t("ar_does_not_reconcile", lang, gap=number(c.gap, lang), unplaced=unplaced,
                                    **sums)))
        report.warnings.append(Fault("p_report_gap", gap=c.gap))
    return lines


def _issuer_of(qms: Qms, reference: str, lang: str) -> str:
    """`` của Ủy ban nhân dân thành phố`` when the decision's title names its issuer."""
    number_part = reference.split()[0] if reference.split() else ""
    decision = next((d for d in qms.decisions if d.number == number_part), None)
    if decision is None:
        return ""
    match = re.match(r"^Quyết định của (.+?) về", decision.title)
    return t("ar_of", lang, name=match[1]) if match else ""


# -- II -------------------------------------------------------------------------------------------------


def narrative(ctx: Ctx, text: ReportText | None) -> list[Line]:
    """Section II from the year's ``ReportText``; a visible placeholder where nothing was written."""
    lang, me = ctx.lang, ctx.me
    missing = missing_text(ctx.year, lang)
    paragraphs = [p.strip() for p in (text.assessment if text else "").split("\n\n") if p.strip()]
    lines = [Line("label", paragraphs[0] if paragraphs else missing, t("ar_label_assessment", lang))]
    lines += [Line("para", p) for p in paragraphs[1:]]
    empty = missing if text is None else t("ar_none", lang)
    difficulties = text.difficulties if text else []
    lines.append(Line("label", t("ar_difficulties_intro", lang, me=me) if difficulties else empty,
                      t("ar_label_difficulties", lang)))
    lines += [Line("dash", item) for item in difficulties]
    recommendations = text.recommendations if text else []
    intro = t("ar_recommendations_intro", lang, me=me, addressee=t("ar_addressee", lang))
    lines.append(Line("label", intro if recommendations else empty, t("ar_label_recommendations", lang)))
    lines += [Line("dash", item) for item in recommendations]
    return lines
