"""One consistent snapshot of a QMS store, and the figures derived from it.

Everything the app, the summary and ``qms check`` show is computed here from plain records, so it
can be tested without a terminal and without a store file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import field
from datetime import date, timedelta
from functools import cache, cached_property
from typing import Any

from qms_tui.domain import compliance, improvement, training
from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.dates import add_months, parse_date
from qms_tui.domain.fields import fields_of_tables
from qms_tui.domain.lean import dataclass
from qms_tui.domain.memory import long_lived_objects
from qms_tui.domain.models import (
    TABLE_MODELS,
    Apology,
    AuditFinding,
    CalendarDay,
    Decision,
    Dossier,
    Feedback,
    IndexScale,
    InternalAudit,
    LegalDocument,
    ManagementReview,
    Nonconformity,
    Objective,
    Organisation,
    PlanTask,
    Procedure,
    QmsEvent,
    ReportText,
    ReviewAction,
    Risk,
    Staff,
    Survey,
    Training,
    TthcField,
)
from qms_tui.domain.period import Period
from qms_tui.domain.statistics import PeriodStats, monthly_trend_docs, period_stats_docs

REVIEW_INTERVAL_MONTHS = 12
"""A procedure not reviewed for this long is due for review."""

DUE_SOON_WORKING_DAYS = 3


@dataclass
class Qms:
    """All records of one store at one moment."""

    meta: dict[str, Any]
    organisation: Organisation
    decisions: list[Decision] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    legal_documents: list[LegalDocument] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)
    stored_dossiers: list[dict[str, Any]] | None = None
    """Dossiers as stored (``dossier_docs``); ``None`` until ``dossier_loader`` reads them."""
    dossier_loader: Callable[[], list[dict[str, Any]]] | None = field(default=None, repr=False)
    aggregate: Any = field(default=None, repr=False)
    """The dossiers' running totals (``domain.aggregates.Aggregate``): the figures without the dossiers."""
    objectives: list[Objective] = field(default_factory=list)
    plan_tasks: list[PlanTask] = field(default_factory=list)
    events: list[QmsEvent] = field(default_factory=list)
    calendar: list[CalendarDay] = field(default_factory=list)
    report_texts: list[ReportText] = field(default_factory=list)
    audits: list[InternalAudit] = field(default_factory=list)
    audit_findings: list[AuditFinding] = field(default_factory=list)
    nonconformities: list[Nonconformity] = field(default_factory=list)
    reviews: list[ManagementReview] = field(default_factory=list)
    apologies: list[Apology] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    surveys: list[Survey] = field(default_factory=list)
    index_scale: list[IndexScale] = field(default_factory=list)
    """The stored rows of the service index's scale (``service_index.scale`` fills in the defaults)."""
    fields: list[TthcField] = field(default_factory=list)
    """The agency's TTHC fields (lĩnh vực), retired ones too (see ``domain.fields``)."""
    fields_stored: bool = True
    """False for a store written before fields were data: ``fields`` are derived from its procedures."""
    clock: Callable[[], date] = date.today
    follow_clock: bool = False
    """True: "as of" is the clock's today even when the store pins a date (``--as-of today``, the app's ``T``)."""
    _dossiers: list[Dossier] | None = field(default=None, repr=False)
    _stats_cache: dict[tuple[date, date], PeriodStats] = field(default_factory=dict, repr=False)
    _findings_cache: dict[date, list[compliance.Finding]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_tables(cls, tables: dict[str, dict[str, dict[str, Any]]], clock=date.today,
                    dossier_loader: Callable[[], list[dict[str, Any]]] | None = None) -> Qms:
        """Build from TinyDB's raw layout ``{table: {doc_id: document}}`` (the dossiers from ``dossier_loader``
        when given, read when first asked for)."""
        records: dict[str, list[Any]] = {}
        for name, model in TABLE_MODELS.items():
            if name in ("organisation", "changelog", "dossiers", "fields"):
                continue
            docs = tables.get(name, {})
            records[name] = [model.from_doc(doc) for _, doc in sorted(docs.items(), key=_doc_order)]
        org_docs = list(tables.get("organisation", {}).values())
        organisation = Organisation.from_doc(org_docs[0]) if org_docs else Organisation()
        meta_docs = list(tables.get("_meta", {}).values())
        meta = dict(meta_docs[0]) if meta_docs else {}
        # TinyDB keeps documents in insertion (id) order: no need to sort 100,000 of them
        dossier_docs = None if dossier_loader else list(tables.get("dossiers", {}).values())
        fields, stored = fields_of_tables(tables)
        return cls(meta=meta, organisation=organisation, clock=clock, stored_dossiers=dossier_docs, fields=fields,
                   fields_stored=stored, dossier_loader=dossier_loader, **records)

    @property
    def dossier_docs(self) -> list[dict[str, Any]]:
        """Dossiers as stored: the figures are counted from these directly; records are built on demand."""
        if self.stored_dossiers is None:
            self.stored_dossiers = self.dossier_loader() if self.dossier_loader else []
        return self.stored_dossiers

    @property
    def dossiers(self) -> list[Dossier]:
        """Every dossier as a record (built on first use: about 0.25 s for 100,000)."""
        if self._dossiers is None:
            with long_lived_objects():
                self._dossiers = [Dossier.from_doc(doc) for doc in self.dossier_docs]
        return self._dossiers

    # -- the clock ---------------------------------------------------------------------------

    @property
    def is_demo(self) -> bool:
        return bool(self.meta.get("demo"))

    @property
    def sample_data(self) -> dict[str, Any]:
        """``_meta.sample``: the records a store holds for illustration only (the demo's, beyond what its seed
        report states), by table, and ``seed``, the report the rest comes from. Empty for a real store."""
        sample = self.meta.get("sample")
        return sample if isinstance(sample, dict) else {}

    @property
    def shows_sample(self) -> bool:
        """Outputs of this store say "sample data": the demo, or any store listing sample records."""
        return self.is_demo or bool(self.sample_data)

    def is_sample(self, table: str, key: str) -> bool:
        """Whether the record ``key`` of ``table`` is illustration, not a fact of the agency."""
        keys = self.sample_data.get(table)
        return isinstance(keys, list) and key in keys

    @property
    def pinned_date(self) -> date | None:
        pinned = self.meta.get("as_of")
        return _pinned(pinned) if pinned else None

    @property
    def today(self) -> date:
        """The "as of" date: the demo's pinned date, else (or when following the clock) the clock's."""
        if self.follow_clock:
            return self.clock()
        return self.pinned_date or self.clock()

    @property
    def as_of_pinned(self) -> bool | None:
        """Which "as of" is in force where there is a choice: True the pinned date, False the clock's today;
        None when the store pins no date (today is the only one)."""
        if self.pinned_date is None:
            return None
        return not self.follow_clock

    # -- lookups ------------------------------------------------------------------------------

    @cached_property
    def procedure_by_code(self) -> dict[str, Procedure]:
        return {p.code: p for p in self.procedures}

    @cached_property
    def staff_by_code(self) -> dict[str, Staff]:
        return {s.code: s for s in self.staff}

    @cached_property
    def dossier_codes(self) -> frozenset[str]:
        return frozenset(d.get("code") for d in self.dossier_docs)

    @cached_property
    def working_calendar(self) -> WorkingCalendar:
        return WorkingCalendar(self.calendar)

    @cached_property
    def field_by_code(self) -> dict[str, TthcField]:
        return {f.code: f for f in self.fields}

    @property
    def active_fields(self) -> list[TthcField]:
        """The fields that take new procedures (not retired)."""
        return [f for f in self.fields if f.retired is None]

    def field_order(self, used: Iterable[str] = ()) -> list[str]:
        """Field codes in the store's order: the active fields, then the retired or unknown ones in ``used``
        (a retired field still has last year's dossiers)."""
        wanted = {key for key in used if key}
        order = [f.code for f in self.active_fields]
        order += [f.code for f in self.fields if f.retired is not None and f.code in wanted]
        return order + sorted(wanted - set(order))

    def field_of(self, procedure_code: str) -> str | None:
        procedure = self.procedure_by_code.get(procedure_code)
        return procedure.field if procedure else None

    # -- periods ------------------------------------------------------------------------------

    def default_period(self) -> Period:
        """From 1 January of the "as of" year to the "as of" date (what the yearly report covers)."""
        today = self.today
        return Period(date(today.year, 1, 1), today, f"{today.year}")

    def clip(self, period: Period) -> Period:
        """The period with its end no later than the "as of" date: the future has no dossiers yet."""
        end = min(period.end, self.today)
        return Period(period.start, max(end, period.start), period.label)

    # -- dossiers -----------------------------------------------------------------------------

    def stats(self, period: Period) -> PeriodStats:
        """The form's figures for the period (clipped to the as-of date); cached per snapshot."""
        period = self.clip(period)
        key = (period.start, period.end)
        if key not in self._stats_cache:
            if self.aggregate is not None:  # the same figures (tests/domain/test_aggregates.py), no dossier read
                self._stats_cache[key] = self.aggregate.period_stats(period.start, period.end, self.field_of)
            else:
                self._stats_cache[key] = period_stats_docs(self.dossier_docs, period.start, period.end, self.field_of)
        return self._stats_cache[key]

    def trend(self, period: Period) -> list[tuple[str, int, int]]:
        period = self.clip(period)
        return monthly_trend_docs(self.dossier_docs, period.start, period.end)

    @property
    def open_in_aggregate(self) -> bool:
        """The dossiers open on the as-of day can be read from the aggregate, the others left unread: the dossiers
        are not read yet, and none was finished after that day (the aggregate keeps only those open now)."""
        aggregate = self.aggregate if self.stored_dossiers is None else None
        return aggregate is not None and not aggregate.finished_after(self.today)

    def in_progress(self) -> list[Dossier]:
        """Dossiers not finished on the "as of" date."""
        docs = self.aggregate.open_docs() if self.open_in_aggregate else self.dossier_docs
        today = self.today.isoformat()
        return [
            Dossier.from_doc(d)
            for d in docs
            if d.get("received") and d["received"] <= today and (not d.get("finished") or d["finished"] > today)
        ]

    def attention_dossiers(self, within: int = DUE_SOON_WORKING_DAYS) -> list[Dossier]:
        """In-progress dossiers that are overdue or due within ``within`` working days, soonest first."""
        today = self.today
        horizon = self.working_calendar.add_working_days(today, within) or today
        result = [d for d in self.in_progress() if d.due is not None and d.due <= horizon]
        result.sort(key=lambda d: (d.due, d.code))
        return result

    def is_overdue(self, dossier: Dossier) -> bool:
        today = self.today
        unfinished = dossier.finished is None or dossier.finished > today
        return unfinished and dossier.due is not None and dossier.due < today

    # -- procedures ---------------------------------------------------------------------------

    def procedure_counts(self) -> dict[str, int]:
        """Procedures in the QMS (not retired) by kind."""
        counts = {"general": 0, "internal": 0, "tthc": 0}
        for procedure in self.procedures:
            if procedure.status != "retired":
                counts[procedure.kind] = counts.get(procedure.kind, 0) + 1
        return counts

    def tthc_by_field(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for procedure in self.procedures:
            if procedure.kind == "tthc" and procedure.status != "retired":
                counts[procedure.field or ""] = counts.get(procedure.field or "", 0) + 1
        return counts

    def tthc_coverage(self) -> tuple[int, int]:
        """(TTHC procedures in the QMS, TTHC in the agency's remit) — shown as "55 of 55"."""
        return self.procedure_counts()["tthc"], self.organisation.tthc_in_remit

    def procedures_needing_attention(self) -> list[tuple[Procedure, str]]:
        """Procedures under revision, or not reviewed for 12 months, with the reason."""
        today = self.today
        result = []
        for procedure in self.procedures:
            if procedure.status == "under_revision":
                result.append((procedure, "under_revision"))
                continue
            if procedure.status == "retired":
                continue
            reviewed = max((d for d in (procedure.last_review, procedure.revised) if d), default=None)
            if reviewed is None or add_months(reviewed, REVIEW_INTERVAL_MONTHS) < today:
                result.append((procedure, "review_due"))
        return result

    def legal_changes(self) -> list[compliance.LegalChange]:
        return compliance.legal_changes(self.legal_documents, self.procedures, self.today)

    def repealed_basis(self) -> list[tuple[LegalDocument, list[str]]]:
        """Documents of the register that ended by the as-of date, with the procedures still citing them."""
        return compliance.repealed_basis(self.legal_documents, self.procedures, self.today)

    def legal_document(self, number: str) -> LegalDocument | None:
        return next((d for d in self.legal_documents if d.number == number), None)

    # -- risks --------------------------------------------------------------------------------

    # "High risk" has one definition, here: an open threat (kind "risk", not an opportunity) scoring 10-25.
    # Every screen and output asks for their counts by name (``domain.figures``); opportunities are always
    # counted apart from threats.

    def open_risks(self) -> list[Risk]:
        """Open threats (kind "risk", not closed), in register order."""
        return [r for r in self.risks if r.kind == "risk" and r.status != "closed"]

    def high_risks(self) -> list[Risk]:
        """Open threats scoring "high" (10-25): the one count every view calls "high risks"."""
        return [r for r in self.open_risks() if r.level == "high"]

    def open_opportunities(self) -> list[Risk]:
        """Open opportunities (kind "opportunity", not closed): never counted among the risks."""
        return [r for r in self.risks if r.kind == "opportunity" and r.status != "closed"]

    def high_opportunities(self) -> list[Risk]:
        """Open opportunities scoring "high" (10-25), reported apart from the high risks."""
        return [r for r in self.open_opportunities() if r.level == "high"]

    def top_risks(self, limit: int = 5) -> list[Risk]:
        """Open risks (not opportunities), highest score first."""
        return sorted(self.open_risks(), key=lambda r: (-r.score, r.code))[:limit]

    def overdue_treatments(self) -> list[Risk]:
        today = self.today
        return [r for r in self.risks if r.treatment_overdue(today)]

    def heat_map(self) -> list[list[int]]:
        """Counts of open risks and opportunities: ``grid[likelihood-1][impact-1]``."""
        grid = [[0] * 5 for _ in range(5)]
        for risk in self.risks:
            if risk.status != "closed" and 1 <= risk.likelihood <= 5 and 1 <= risk.impact <= 5:
                grid[risk.likelihood - 1][risk.impact - 1] += 1
        return grid

    # -- training -----------------------------------------------------------------------------

    @cached_property
    def staff_training(self) -> list[training.StaffTraining]:
        return training.staff_training(self.staff, self.trainings, self.procedures, self.today)

    def training_coverage(self) -> list[training.UnitCoverage]:
        return training.coverage_by_unit(self.staff_training)

    def untrained(self) -> list[training.StaffTraining]:
        return [s for s in self.staff_training if s.status == training.NEVER]

    def to_retrain(self) -> list[training.StaffTraining]:
        return [s for s in self.staff_training if s.status == training.RETRAIN]

    # -- plan, events, objectives ----------------------------------------------------------------

    def plan_tasks_due(self, within_days: int = 30) -> list[PlanTask]:
        """Open plan tasks that are late or due within ``within_days`` calendar days."""
        today = self.today
        horizon = today + timedelta(days=within_days)
        tasks = [t for t in self.plan_tasks if t.status != "done" and t.deadline and t.deadline <= horizon]
        return sorted(tasks, key=lambda t: t.deadline)  # type: ignore[arg-type,return-value]

    def all_events(self) -> list[QmsEvent]:
        """The events table, then the audits held and the management reviews as events.

        Audits and reviews are recorded in their own tables now; an older store may only have the events.
        On the same day the event comes first, so that it is what ``last_event`` shows.
        """
        return [*self.events, *improvement.audit_events(self.audits), *improvement.review_events(self.reviews)]

    def last_event(self, kind: str) -> QmsEvent | None:
        return compliance.last_event(self.all_events(), kind, self.today)

    def findings(self) -> list[compliance.Finding]:
        """Compliance findings: overdue legal updates, audits and reviews, TTHC of the remit not in the QMS,
        late dossiers without an apology, feedback handled late."""
        from qms_tui.domain.service_findings import service_findings

        today = self.today  # computed once per as-of day: the summary's blocks and its key figures both ask
        if today not in self._findings_cache:
            found = compliance.findings(self.legal_documents, self.procedures, self.all_events(), today)
            self._findings_cache[today] = (
                found + compliance.coverage_findings(*self.tthc_coverage()) + service_findings(self))
        return list(self._findings_cache[today])

    def objective_value(self, objective: Objective) -> float | None:
        """The objective's current value: computed from the store where it can be, else as entered."""
        from qms_tui.domain.objectives import current_value

        return current_value(self, objective)

    def objective_trend(self, objective: Objective) -> list[tuple[date, float | None]]:
        """The objective's measure month by month over its year, up to the as-of date (empty if manual)."""
        from qms_tui.domain.objectives import monthly_trend

        return monthly_trend(self, objective)

    def objective_met(self, objective: Objective) -> bool | None:
        value = self.objective_value(objective)
        if value is None:
            return None
        return value >= objective.target if objective.higher_is_better else value <= objective.target

    def report_text(self, year: int) -> ReportText | None:
        return next((r for r in self.report_texts if r.year == year), None)

    # -- improvement: audits, nonconformities, management reviews (domain/improvement.py) ---------

    def findings_of(self, audit_code: str) -> list[AuditFinding]:
        """The findings of one internal audit, in code order."""
        return sorted((f for f in self.audit_findings if f.audit == audit_code), key=lambda f: f.code)

    def open_nonconformities(self) -> list[Nonconformity]:
        """Nonconformities open on the as-of day (``improvement.open_on``), soonest deadline first."""
        return improvement.open_nonconformities(self.nonconformities, self.today)

    def overdue_nonconformities(self) -> list[Nonconformity]:
        """Nonconformities open on the as-of day whose deadline is before it."""
        return improvement.overdue_nonconformities(self.nonconformities, self.today)

    def nc_days_open(self, nc: Nonconformity) -> int | None:
        return improvement.nc_days_open(nc, self.today)

    def nc_days_overdue(self, nc: Nonconformity) -> int:
        return improvement.nc_days_overdue(nc, self.today)

    def review_actions(self) -> list[ReviewAction]:
        """Every action decided by a management review (``action.review`` names the review)."""
        return improvement.review_actions(self.reviews)

    def open_review_actions(self) -> list[ReviewAction]:
        """Review actions not done, soonest deadline first."""
        return improvement.open_review_actions(self.reviews)

    def overdue_review_actions(self) -> list[ReviewAction]:
        """Review actions not done whose deadline is before the as-of date."""
        return improvement.overdue_review_actions(self.reviews, self.today)


def _doc_order(item: tuple[str, Any]) -> int:
    key = item[0]
    return int(key) if key.isdigit() else 0


@cache
def _pinned(text: Any) -> date:
    """``_meta.as_of`` read once per text: ``Qms.today`` asks for it for every dossier a summary shows."""
    return parse_date(text)
