"""The clause matrix: for each requirement clause of ISO 9001:2015 (4.1 to 10.3), the records that evidence it.

``qms clauses`` answers an auditor's first question, "show me the evidence for clause X", from the store:
each clause lists the kinds of record that evidence it and their codes, the internal-audit checklist
items found conforming to it, and the audit findings and nonconformities raised against it; the clauses
with no evidence at all are listed at the end as gaps. The mapping is deliberately plain and explained
below, so that a gap means "nothing in the store shows this", not "the rule missed it":

====  ==========================================================================================
4.1   risks and opportunities whose source is an internal or external issue (context); the
      decision adopting the context analysis
4.2   risks and opportunities whose source is an interested party
4.3   the conformity declaration (decision and event), the decision listing the TTHC in the remit
4.4   the procedures in the QMS (general, internal, TTHC)
5.1   the yearly QMS plan and its tasks, management reviews held by the leadership
5.2   a decision issuing the quality policy (subject ``policy``)
5.3   the steering committee decision and event
6.1   the register of risks and opportunities, the decision adopting it
6.2   the quality objectives and the decision issuing them
6.3   procedures revised in a controlled way (their revision history)
7.1   the staff register (people, 7.1.2)
7.2   QMS training courses and their attendance
7.3   the same QMS courses (awareness of the policy, objectives and procedures)
7.4   letters (kind ``letter``): the agency's official internal and external communication
7.5   procedures as documented information (versions, history), decisions issuing them, the register
      of legal documents (documented information of external origin, 7.5.3.2)
8.1   TTHC procedures with their statutory processing times (process criteria)
8.2   the decision listing the TTHC, the TTHC procedures' legal bases (requirements)
8.3   a decision on design and development (subject ``design``): usually not applicable to an agency
8.4   a decision on external providers (subject ``external_providers``)
8.5   dossiers received and handled under the TTHC procedures
8.6   dossiers whose result was returned (release)
8.7   nonconformities raised for dossiers returned late (nonconforming outputs)
9.1   quality objectives with a measured value (computed from the store or entered)
9.2   internal audits held (and the events and plans recording them)
9.3   management reviews (and their events and reports)
10.1  opportunities for improvement from audits, opportunities of the register
10.2  nonconformities and their corrective actions
10.3  corrective actions verified effective, risk treatments closed effective, review actions done
====  ==========================================================================================

Checklist items of an internal audit found *conform* to a clause also evidence it (the audit looked and
found it met). Findings and open nonconformities are shown beside the evidence as issues, never as
evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from typing import Any

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import Decision
from qms_tui.domain.qms import Qms
from qms_tui.domain.text import fold
from qms_tui.i18n import number, t
from qms_tui.reports import document as doc
from qms_tui.reports import export
from qms_tui.reports.document import BulletList, Column, Heading, Paragraph, Span, Table
from qms_tui.reports.formats import CLAUSE_FORMATS

CLAUSES: tuple[str, ...] = (
    "4.1", "4.2", "4.3", "4.4",
    "5.1", "5.2", "5.3",
    "6.1", "6.2", "6.3",
    "7.1", "7.2", "7.3", "7.4", "7.5",
    "8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7",
    "9.1", "9.2", "9.3",
    "10.1", "10.2", "10.3",
)
"""The requirement clauses of ISO 9001:2015 at the sub-clause level (titles: ``i18n`` ``clause_<n>``)."""

SECTIONS = ("4", "5", "6", "7", "8", "9", "10")

DECISION_SUBJECTS: dict[str, tuple[str, ...]] = {
    "risks": ("4.1", "6.1"),
    "conformity": ("4.3",),
    "tthc_list": ("4.3", "8.2"),
    "plan": ("5.1",),
    "policy": ("5.2",),
    "steering_committee": ("5.3",),
    "objectives": ("6.2",),
    "training": ("7.2",),
    "procedures": ("7.5",),
    "design": ("8.3",),
    "external_providers": ("8.4",),
    "internal_audit": ("9.2",),
    "management_review": ("9.3",),
}
"""Which clauses a decision evidences, by its ``subject``."""

EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "conformity_declaration": ("4.3",),
    "steering_committee": ("5.3",),
    "internal_audit": ("9.2",),
    "management_review": ("5.1", "9.3"),
}

SHOWN_CODES = 6
"""On screen and in text, longer code lists are cut to their first codes and a count."""


@dataclass
class Evidence:
    """One kind of record evidencing a clause: a label key of ``i18n`` and the records' codes."""

    kind: str
    codes: list[str]


@dataclass
class ClauseRow:
    """One clause: its evidence, and the findings and nonconformities raised against it."""

    clause: str
    evidence: list[Evidence] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)

    @property
    def gap(self) -> bool:
        return not self.evidence


def section_of(clause: str) -> str:
    return clause.split(".")[0]


def clause_row_of(clause: str) -> str:
    """The matrix row of a detailed clause: ``8.5.1`` -> ``8.5``."""
    return ".".join(clause.split(".")[:2])


def _source_kind(source: str) -> str | None:
    """``context`` for an internal or external issue, ``party`` for an interested party, from a risk's source."""
    head = fold(source.split(":", 1)[0])
    if "boi canh" in head or "context" in head or "issue" in head:
        return "context"
    if "ben quan tam" in head or "interested" in head or "party" in head:
        return "party"
    return None


def clause_matrix(qms: Qms) -> list[ClauseRow]:
    """Every clause of ``CLAUSES`` with its evidence (kinds in a fixed order) and issues."""
    rows = {clause: ClauseRow(clause) for clause in CLAUSES}

    def add(clause: str, kind: str, codes: Iterable[str]) -> None:
        codes = [c for c in codes if c]
        if codes and clause in rows:
            existing = next((e for e in rows[clause].evidence if e.kind == kind), None)
            if existing is None:
                rows[clause].evidence.append(Evidence(kind, list(dict.fromkeys(codes))))
            else:
                existing.codes = list(dict.fromkeys([*existing.codes, *codes]))

    decisions: dict[str, list[Decision]] = {}
    for decision in qms.decisions:
        for clause in DECISION_SUBJECTS.get(decision.subject, ()):
            decisions.setdefault(clause, []).append(decision)
    risks = qms.risks
    in_qms = [p for p in qms.procedures if p.status != "retired"]
    tthc = [p for p in in_qms if p.kind == "tthc"]
    held_audits = [a for a in qms.audits if a.status in ("done", "closed")]

    def decisions_for(clause: str) -> None:
        add(clause, "ev_decisions", (d.number for d in decisions.get(clause, [])))

    def events_for(clause: str) -> None:
        add(clause, "ev_events", (e.code for e in qms.events if clause in EVENT_KINDS.get(e.kind, ())))

    # 4 context
    add("4.1", "ev_context_risks", (r.code for r in risks if _source_kind(r.source) == "context"))
    decisions_for("4.1")
    add("4.2", "ev_party_risks", (r.code for r in risks if _source_kind(r.source) == "party"))
    decisions_for("4.3")
    events_for("4.3")
    add("4.4", "ev_procedures", (p.code for p in in_qms))
    # 5 leadership
    decisions_for("5.1")
    add("5.1", "ev_plan_tasks", (task.code for task in qms.plan_tasks))
    add("5.1", "ev_reviews", (r.code for r in qms.reviews if r.chair))
    events_for("5.1")
    decisions_for("5.2")
    decisions_for("5.3")
    events_for("5.3")
    # 6 planning
    add("6.1", "ev_risks", (r.code for r in risks))
    decisions_for("6.1")
    add("6.2", "ev_objectives", (o.code for o in qms.objectives))
    decisions_for("6.2")
    add("6.3", "ev_revisions", (p.code for p in in_qms if len(p.history) > 1))
    # 7 support
    add("7.1", "ev_staff", (s.code for s in qms.staff if s.active_on(qms.today)))
    qms_courses = [c.code for c in qms.trainings if c.qms and c.attendees]
    add("7.2", "ev_trainings", qms_courses)
    decisions_for("7.2")
    add("7.3", "ev_trainings", qms_courses)
    add("7.4", "ev_letters", (d.number for d in qms.decisions if d.kind == "letter"))
    add("7.5", "ev_documented", (p.code for p in in_qms if p.issued))
    decisions_for("7.5")
    add("7.5", "ev_legal", (d.number for d in qms.legal_documents))
    # 8 operation
    add("8.1", "ev_tthc", (p.code for p in tthc if p.statutory_days))
    decisions_for("8.2")
    add("8.2", "ev_legal_basis", (p.code for p in tthc if p.legal_basis))
    decisions_for("8.3")
    decisions_for("8.4")
    today = qms.today.isoformat()
    handled = [d["code"] for d in qms.dossier_docs if d.get("received") and d["received"] <= today]
    add("8.5", "ev_dossiers", handled)
    add("8.6", "ev_results", (d["code"] for d in qms.dossier_docs
                              if d.get("outcome") == "resolved" and d.get("finished") and d["finished"] <= today))
    add("8.7", "ev_late_ncs", (nc.code for nc in qms.nonconformities if nc.source == "late_dossier"))
    # 9 performance evaluation
    add("9.1", "ev_measured", (o.code for o in qms.objectives if o.measure != "manual" or o.current is not None))
    add("9.2", "ev_audits", (a.code for a in held_audits))
    decisions_for("9.2")
    events_for("9.2")
    add("9.3", "ev_reviews", (r.code for r in qms.reviews))
    decisions_for("9.3")
    events_for("9.3")
    # 10 improvement
    add("10.1", "ev_ofis", (f.code for f in qms.audit_findings if f.kind == "opportunity"))
    add("10.1", "ev_opportunities", (r.code for r in risks if r.kind == "opportunity"))
    add("10.2", "ev_ncs", (nc.code for nc in qms.nonconformities))
    add("10.3", "ev_effective_ncs", (nc.code for nc in qms.nonconformities
                                     if nc.status in ("verified_effective", "closed") and nc.effective))
    add("10.3", "ev_effective_risks", (r.code for r in risks if r.status == "closed" and r.effective))
    add("10.3", "ev_actions_done", (a.code for a in qms.review_actions() if a.status == "done"))

    # audit checklists: items found conform evidence the clause; findings and open NCs are issues
    for audit in held_audits:
        for check in audit.checklist:
            if check.get("result") == "conform" and check.get("clause"):
                add(clause_row_of(str(check["clause"])), "ev_checklist", [audit.code])
    for finding in sorted(qms.audit_findings, key=lambda f: f.code):
        row = rows.get(clause_row_of(finding.clause))
        if row is not None and finding.kind != "opportunity":
            row.issues.append(finding.code)
    for nc in qms.open_nonconformities():
        row = rows.get(clause_row_of(nc.clause)) if nc.clause else None
        if row is not None:
            row.issues.append(nc.code)
    return list(rows.values())


def gaps(rows: Iterable[ClauseRow]) -> list[str]:
    """The clauses with no evidence at all."""
    return [row.clause for row in rows if row.gap]


# -- renderings ---------------------------------------------------------------------------------------


def clauses_data(qms: Qms) -> dict[str, Any]:
    rows = clause_matrix(qms)
    return {
        "organisation": qms.organisation.name,
        "as_of": qms.today.isoformat(),
        "clauses": [
            {"clause": row.clause, "title": t(f"clause_{row.clause}", "en"),
             "title_vi": t(f"clause_{row.clause}", "vi"),
             "evidence": [{"kind": e.kind.removeprefix("ev_"), "codes": e.codes} for e in row.evidence],
             "issues": row.issues, "gap": row.gap}
            for row in rows
        ],
        "gaps": gaps(rows),
    }


def shown_codes(codes: list[str], lang: str, limit: int = SHOWN_CODES) -> str:
    """``RR-01, RR-02, RR-03 … (12)``: the first codes and how many in all."""
    if len(codes) <= limit:
        return ", ".join(codes)
    return f"{', '.join(codes[: limit // 2])} … ({number(len(codes), lang)})"


def clauses_title(qms: Qms, lang: str = "vi") -> str:
    name = qms.organisation.name
    return f"{t('cl_title', lang)} — {name}" if name else t("cl_title", lang)


def clauses_blocks(qms: Qms, lang: str = "vi") -> list[doc.Block]:
    rows = clause_matrix(qms)
    blocks: list[doc.Block] = [Heading(clauses_title(qms, lang), 1)]
    blocks.append(Paragraph(f"{t('cl_subtitle', lang)} · {t('as_of', lang)} "
                            f"{qms.today.strftime('%d/%m/%Y') if lang == 'vi' else qms.today.isoformat()}"))
    for section in SECTIONS:
        blocks.append(Heading(f"{section}. {t(f'clause_{section}', lang)}"))
        table_rows: list[list[doc.Inline]] = []
        for row in rows:
            if section_of(row.clause) != section:
                continue
            cell: list[str | Span] = []
            for i, evidence in enumerate(row.evidence):
                cell += [("; " if i else "") + f"{t(evidence.kind, lang)}: ",
                         Span(shown_codes(evidence.codes, lang), "strong")]
            if not row.evidence:
                cell.append(Span(t("cl_no_evidence", lang), "bad"))
            if row.issues:
                cell.append(Span(f" · {t('cl_issues', lang)}: {', '.join(row.issues)}", "warn"))
            table_rows.append([row.clause, t(f"clause_{row.clause}", lang), cell])
        blocks.append(Table([Column(t("cl_clause", lang), wrap=False), Column(t("cl_requirement", lang)),
                             Column(t("cl_evidence", lang))], table_rows))
    missing = [row for row in rows if row.gap]
    blocks.append(Heading(t("cl_gaps", lang)))
    if missing:
        blocks.append(Paragraph(f"{number(len(missing), lang)}/{number(len(rows), lang)} {t('cl_gaps_note', lang)}"))
        blocks.append(BulletList([[Span(row.clause, "bad"), f" {t(f'clause_{row.clause}', lang)}"] for row in missing]))
    else:
        blocks.append(Paragraph(Span(t("cl_no_gaps", lang), "good")))
    return blocks


def render_clauses(qms: Qms, fmt: str = "text", lang: str = "vi") -> str:
    """The matrix in one of ``CLAUSE_FORMATS``."""
    if fmt == "json":
        return export.to_json(clauses_data(qms))
    blocks = clauses_blocks(qms, lang)
    if fmt == "markdown":
        return doc.to_markdown(blocks)
    if fmt == "html":
        return doc.html_page(clauses_title(qms, lang), doc.to_html_body(blocks), lang)
    if fmt == "text":
        return export.to_text(doc.to_rich(blocks))
    raise ValueError(f"{fmt!r}: choose one of {', '.join(CLAUSE_FORMATS)}")
