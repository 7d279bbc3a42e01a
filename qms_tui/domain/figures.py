"""The figures every view shares, each defined once here and asked for by name.

The Overview, the screens' status lines, ``qms summary`` (every format), the annual report, the review pack
and the province's roll-up all show the same few numbers: the dossier figures of form 06/VPCP/KSTT, the
on-time rate, the risk register's counts, untrained staff, open and overdue nonconformities, findings. A
view asks ``Figures(qms, period)["high_risks"]``; it never counts for itself, so that two views cannot
disagree (``tests/figures/test_same_figures.py`` renders them all and compares).

Two kinds of figure:

- *flows*, counted over the period (its end clipped to the as-of date): the form's lines and the on-time
  rate. They are defined on one line of the form (``Counts``: the agency, one field, one agency of the
  roll-up), so that ``dossier_figures`` serialises any line by the same names;
- *stocks*, read on the as-of day whatever the period: the register, staff, nonconformities, findings,
  and ``overdue_now``.

Each figure's docstring is its definition (``FIGURES[name].definition``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from qms_tui.domain import training
from qms_tui.domain.lean import dataclass
from qms_tui.domain.qms import Period, Qms
from qms_tui.domain.statistics import Counts

Value = int | float | None


@dataclass(frozen=True)
class Figure:
    """One shared figure: its name, its definition (the docstring of ``compute``) and how it is computed."""

    name: str
    compute: Callable[[Qms, Period], Value]
    on_line: Callable[[Counts], Value] | None = None
    """For a figure of form 06: the figure on any line of the form (the whole agency, a field, an agency)."""

    @property
    def definition(self) -> str:
        """The first paragraph of the docstring, on one line."""
        doc = (self.compute.__doc__ or "").strip().split("\n\n")[0]
        return " ".join(doc.split())


FIGURES: dict[str, Figure] = {}
"""Every shared figure by name, in the order views show them."""


def _line(name: str) -> Callable[[Callable[[Counts], Value]], Callable[[Counts], Value]]:
    """Register a figure of form 06, defined on one line of the form; the agency's is the period's total."""

    def register(on_line: Callable[[Counts], Value]) -> Callable[[Counts], Value]:
        def compute(qms: Qms, period: Period) -> Value:
            return on_line(qms.stats(period).total)

        compute.__doc__ = on_line.__doc__
        FIGURES[name] = Figure(name, compute, on_line)
        return on_line

    return register


def _stock(name: str) -> Callable[[Callable[[Qms, Period], Value]], Callable[[Qms, Period], Value]]:
    """Register a figure read from the whole store on the as-of day."""

    def register(compute: Callable[[Qms, Period], Value]) -> Callable[[Qms, Period], Value]:
        FIGURES[name] = Figure(name, compute)
        return compute

    return register


# -- form 06/VPCP/KSTT over the period (its end clipped to the as-of date; statistics.place classifies) ----


@_line("received")
def _received(c: Counts) -> Value:
    """Dossiers to resolve in the period, line (1): new in the period plus carried over from before."""
    return c.received


@_line("new")
def _new(c: Counts) -> Value:
    """Dossiers received within the period (online, direct or postal, or channel unknown)."""
    return c.new


@_line("carried_over")
def _carried_over(c: Counts) -> Value:
    """Dossiers received before the period and not finished before it began."""
    return c.carried_over


@_line("resolved")
def _resolved(c: Counts) -> Value:
    """Line (2): dossiers whose result was returned within the period, on time or late."""
    return c.resolved


@_line("on_time")
def _on_time(c: Counts) -> Value:
    """Resolved on or before the due date (early and on the due date both count as on time)."""
    return c.on_time


@_line("late")
def _late(c: Counts) -> Value:
    """Resolved after the due date."""
    return c.late


@_line("in_progress")
def _in_progress(c: Counts) -> Value:
    """Line (3): received by the end of the counted period and not finished by then."""
    return c.in_progress


@_line("not_due")
def _not_due(c: Counts) -> Value:
    """In progress at the end of the counted period, due on or after that day (or with no due date)."""
    return c.not_due


@_line("overdue")
def _overdue(c: Counts) -> Value:
    """In progress at the end of the counted period with a due date before that day.

    The end is clipped to the as-of date, so for any period that reaches it this is ``overdue_now``."""
    return c.overdue


@_line("withdrawn")
def _withdrawn(c: Counts) -> Value:
    """Line (4): finished without a result within the period, withdrawn by the applicant or returned as
    ineligible (the form's received = resolved + in progress + withdrawn/returned)."""
    return c.withdrawn_returned


@_line("on_time_rate")
def _on_time_rate(c: Counts) -> Value:
    """On time as a percentage of resolved, over the period; none when nothing was resolved (never 0%)."""
    return c.on_time_rate


FORM_06 = ("received", "new", "carried_over", "resolved", "on_time", "late", "in_progress", "not_due", "overdue",
           "withdrawn")
"""The form's figures, in its order (the on-time rate is derived from them)."""


# -- stocks on the as-of day ----------------------------------------------------------------------------


@_stock("overdue_now")
def _overdue_now(qms: Qms, period: Period) -> Value:
    """Dossiers overdue on the as-of day, whatever the period: ``overdue`` counted over the as-of day alone
    (received by then, not finished by then, due before it)."""
    day = qms.today
    # A dossier still open at a period's end is counted in that period whatever its start (``statistics.place``):
    # a period ending on the as-of day has this count already, and its figures are usually computed anyway.
    counted = period if qms.clip(period).end == day else Period(day, day)
    return qms.stats(counted).total.overdue


@_stock("risks")
def _risks(qms: Qms, period: Period) -> Value:
    """Threats in the register (kind "risk"), closed ones included; opportunities are never risks."""
    return sum(1 for r in qms.risks if r.kind == "risk")


@_stock("open_risks")
def _open_risks(qms: Qms, period: Period) -> Value:
    """Threats not closed (``Qms.open_risks``)."""
    return len(qms.open_risks())


@_stock("high_risks")
def _high_risks(qms: Qms, period: Period) -> Value:
    """Open threats scoring 10–25, "high" (``Qms.high_risks``); a high opportunity is not a high risk."""
    return len(qms.high_risks())


@_stock("opportunities")
def _opportunities(qms: Qms, period: Period) -> Value:
    """Opportunities in the register, closed ones included."""
    return sum(1 for r in qms.risks if r.kind == "opportunity")


@_stock("open_opportunities")
def _open_opportunities(qms: Qms, period: Period) -> Value:
    """Opportunities not closed (``Qms.open_opportunities``)."""
    return len(qms.open_opportunities())


@_stock("high_opportunities")
def _high_opportunities(qms: Qms, period: Period) -> Value:
    """Open opportunities scoring 10–25, reported apart from the high risks."""
    return len(qms.high_opportunities())


@_stock("staff")
def _staff(qms: Qms, period: Period) -> Value:
    """Staff active on the as-of day (started by then, not yet left)."""
    return len(qms.staff_training)


@_stock("untrained")
def _untrained(qms: Qms, period: Period) -> Value:
    """Active staff never trained on the QMS: no QMS course attended on or before the as-of day."""
    return len(qms.untrained())


@_stock("retrain")
def _retrain(qms: Qms, period: Period) -> Value:
    """Active staff trained, but before a procedure of their unit was revised: to be trained again."""
    return len(qms.to_retrain())


@_stock("trained")
def _trained(qms: Qms, period: Period) -> Value:
    """Active staff trained and up to date (neither never trained nor to be retrained)."""
    return sum(1 for s in qms.staff_training if s.status == training.TRAINED)


@_stock("covered")
def _covered(qms: Qms, period: Period) -> Value:
    """Active staff trained at least once (up to date or to be retrained): staff minus untrained."""
    return len(qms.staff_training) - len(qms.untrained())


@_stock("training_coverage")
def _training_coverage(qms: Qms, period: Period) -> Value:
    """Covered as a percentage of active staff; none without staff."""
    return training.coverage_rate(qms.staff_training)


@_stock("open_ncs")
def _open_ncs(qms: Qms, period: Period) -> Value:
    """Nonconformities open on the as-of day: raised by then and not closed by then (one closed later, as
    the store now says, was still open on that day)."""
    return len(qms.open_nonconformities())


@_stock("overdue_ncs")
def _overdue_ncs(qms: Qms, period: Period) -> Value:
    """Nonconformities open on the as-of day whose deadline is before it."""
    return len(qms.overdue_nonconformities())


@_stock("findings")
def _findings(qms: Qms, period: Period) -> Value:
    """Compliance findings on the as-of day (``Qms.findings``: legal updates, audits and reviews overdue,
    TTHC of the remit not in the QMS, late dossiers without an apology, feedback handled late)."""
    return len(qms.findings())


RISK_FIGURES = ("risks", "open_risks", "high_risks", "opportunities", "open_opportunities", "high_opportunities")
"""The register's counts, under the names every JSON output uses."""


# -- asking ---------------------------------------------------------------------------------------------


class Figures:
    """The shared figures of one snapshot and period, each computed once when first asked for.

    ``period`` defaults to the store's default period (1 January of the as-of year to the as-of date)."""

    def __init__(self, qms: Qms, period: Period | None = None) -> None:
        self.qms = qms
        self.period = period if period is not None else qms.default_period()
        self._values: dict[str, Value] = {}

    def __getitem__(self, name: str) -> Value:
        if name not in self._values:
            figure = FIGURES.get(name)
            if figure is None:
                raise KeyError(f"{name!r} is not a shared figure: one of {', '.join(FIGURES)}")
            self._values[name] = figure.compute(self.qms, self.period)
        return self._values[name]

    def count(self, name: str) -> int:
        """A figure that is a count (never ``None``)."""
        value = self[name]
        assert isinstance(value, int), (name, value)
        return value

    @property
    def line(self) -> Counts:
        """The period's line of form 06 (the whole agency), for views that draw the form's table."""
        return self.qms.stats(self.period).total

    def as_dict(self, names: Iterable[str] | None = None) -> dict[str, Value]:
        """The figures ``names`` (default: all) by name."""
        return {name: self[name] for name in (FIGURES if names is None else names)}


def figure(qms: Qms, name: str, period: Period | None = None) -> Value:
    """One shared figure by name (see ``Figures``)."""
    return Figures(qms, period)[name]


def on_line(name: str, c: Counts) -> Value:
    """A figure of form 06 on one line of the form (a field, one agency of the roll-up)."""
    compute = FIGURES[name].on_line
    if compute is None:
        raise KeyError(f"{name!r} is not a figure of form 06")
    return compute(c)


def dossier_figures(c: Counts) -> dict[str, object]:
    """The dossier figures of ``qms summary --format json`` (and of each agency in ``qms rollup``): the form's
    figures by their registry names, then the split of each and the reconciliation."""
    rate = on_line("on_time_rate", c)
    return {
        "received": on_line("received", c),
        "new": on_line("new", c),
        "new_online": c.new_online,
        "new_direct": c.new_direct,
        "new_unknown": c.new_unknown,
        "carried_over": on_line("carried_over", c),
        "resolved": on_line("resolved", c),
        "on_time": on_line("on_time", c),
        "early": c.early,
        "on_due_date": c.on_due_date,
        "late": on_line("late", c),
        "in_progress": on_line("in_progress", c),
        "not_due": on_line("not_due", c),
        "overdue": on_line("overdue", c),
        "withdrawn": on_line("withdrawn", c),
        "withdrawn_only": c.withdrawn,
        "returned": c.returned,
        "on_time_rate": None if rate is None else round(rate, 2),
        "reconciles": c.reconciles,
        "gap": c.gap,
        "unclassified": list(c.unclassified),
    }
