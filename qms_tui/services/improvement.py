"""Raising a nonconformity for a dossier returned late (or still open past its due date), as a service.

The rule itself lives in ``domain.improvement`` (``dossier_lateness``, ``nc_from_dossier``); this module
adds what a write needs around it, the same way ``qms nc add --from-dossier CODE`` does: one locked
transaction, the next free ``KPH-<year>-NN`` code, a refusal when the dossier already has one, reference
checks, a change-log summary, and ``ValidationError`` (naming the field) for anything wrong. The TUI's
dossier screen calls it; the CLI command could call it too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qms_tui.domain import improvement
from qms_tui.domain.improvement import RuleError
from qms_tui.domain.models import Dossier, Nonconformity
from qms_tui.domain.problems import Fault
from qms_tui.domain.qms import Qms
from qms_tui.services.common import EditResult, NotFoundError, parse_day, raise_problems
from qms_tui.store import Store, ValidationError

SOURCE = "late_dossier"


def nc_of_dossier(qms: Qms, dossier_code: str) -> Nonconformity | None:
    """The nonconformity already raised for this dossier, if any."""
    return next((nc for nc in qms.nonconformities if nc.source == SOURCE and nc.reference == dossier_code), None)


def lateness(qms: Qms, dossier: Dossier) -> int | None:
    """Working days late as of the store's date (returned late, or open past its due date); else ``None``."""
    return improvement.dossier_lateness(dossier, qms.today, qms.working_calendar)


def nc_from_late_dossier(
    store: Store,
    dossier_code: str,
    *,
    code: str | None = None,
    raised: date | str | None = None,
    **values: Any,
) -> EditResult:
    """Raise a ``late_dossier`` nonconformity for ``dossier_code`` (default code: the next ``KPH-<year>-NN``).

    ``values`` may give ``description``, ``clause``, ``correction``, ``owner`` and ``deadline`` (default
    description: what the dossier's lateness was; clause 8.7). Refused for a dossier that is not late or
    that already has a nonconformity.
    """
    dossier_code = (dossier_code or "").strip()
    what = f"nonconformities {code or '(new)'}"
    try:
        with store.transaction() as tx:
            qms = tx.qms
            day = parse_day(what, "raised", raised, qms.today)
            the_code = (code or improvement.next_nc_code(qms.nonconformities, day.year)).strip()
            what = f"nonconformities {the_code}"
            if tx.exists("nonconformities", the_code):
                raise ValidationError(what, [("code", Fault("p_exists"))])
            taken = nc_of_dossier(qms, dossier_code)
            if taken is not None:
                why = Fault("p_has_nc", dossier=dossier_code, nc=taken.code)
                raise ValidationError(what, [("reference", why)])
            doc = tx.get("dossiers", dossier_code)
            if doc is None:
                raise NotFoundError("dossiers", dossier_code, Fault("p_no_such", what="dossier"))
            dossier = Dossier.from_doc(dict(doc))
            procedure = qms.procedure_by_code.get(dossier.procedure)
            nc = improvement.nc_from_dossier(dossier, the_code, qms.today, qms.working_calendar,
                                             procedure.name if procedure else "", raised=day,
                                             **{k: v for k, v in values.items() if v})
            raise_problems(what, nc.problems() + improvement.reference_problems(qms, "nonconformities", nc))
            summary = f"raised ({nc.source} {nc.reference}): {nc.description}"
            tx.put("nonconformities", nc, summary=summary)
    except RuleError as exc:
        raise ValidationError(exc.what, exc.problems) from None
    return EditResult("nonconformities", nc, summary)


__all__ = ["lateness", "nc_from_late_dossier", "nc_of_dossier"]
