"""What an agency's store still lacks before its figures mean anything: the first-run checklist.

A store made with ``qms init --empty`` is valid but says nothing about anyone. These steps are not
errors (``qms check`` lists them as ``setup:`` lines and still exits 0; ``--strict`` fails on them), and
the Overview shows the same list with the key of each form.
"""

from __future__ import annotations

from qms_tui.domain.lean import dataclass
from qms_tui.domain.problems import Fault
from qms_tui.domain.qms import Qms


@dataclass(frozen=True)
class SetupStep:
    """One thing to set up: ``key`` names it (labels ``setup_<key>``), ``message`` (a ``Fault``, worded when
    shown) and ``command`` say it for ``qms check``."""

    key: str
    message: str
    command: str

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str | None = None) -> str:
        """The step and its command in ``lang`` (default: the command line's language)."""
        return Fault("su_run", step=self.message, command=self.command).text(lang)


def setup_steps(qms: Qms) -> list[SetupStep]:
    """The steps still to do, in the order a new agency does them."""
    org = qms.organisation
    steps = []
    if not org.name.strip():
        steps.append(SetupStep("organisation", Fault("su_no_org_name"), 'qms org set --name "…" --place "…"'))
    if not org.units:
        steps.append(SetupStep("units", Fault("su_no_units"), 'qms org set --unit "…" --unit "…"'))
    if not qms.active_fields:
        steps.append(SetupStep("fields", Fault("su_no_fields"), 'qms field add CODE --name "…"'))
    if not any(p.status != "retired" for p in qms.procedures):
        steps.append(SetupStep("procedures", Fault("su_no_procedures"),
                               'qms procedure add CODE --name "…" --field … --unit "…" --days N'))
    if not qms.staff:
        steps.append(SetupStep("staff", Fault("su_no_staff"), 'qms staff add CODE --name "…" --unit "…"'))
    return steps
