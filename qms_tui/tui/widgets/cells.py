"""Table cells shared by the screens: clipped text, dates, rates, and the statuses that must stand out.

Anything late, overdue or high is bold or reversed and carries a word or mark, never colour alone, so
it reads the same with NO_COLOR=1 and on a 16-colour console.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from qms_tui.i18n import day, number, percent
from qms_tui.labels import lang, tr

ALERT = "bold reverse"
"""Late, overdue, high: reverse video survives NO_COLOR."""
WARN = "bold"
MUTED = "dim"


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (tables have fixed widths at 80 columns)."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def date_cell(value: date | None, *, alert: bool = False) -> Text:
    """dd/mm/yyyy (Vietnamese) or ISO (English); reversed when ``alert``."""
    return Text(day(value, lang()), style=ALERT if alert else "")


def count_cell(value: int | None, *, alert: bool = False) -> Text:
    """A right-aligned count; ``—`` when there is none."""
    text = "—" if value is None else number(value, lang())
    return Text(text, style=ALERT if alert and value else "", justify="right")


def rate_cell(value: float | None, *, target: float | None = None) -> Text:
    """A right-aligned percentage; bold when it misses ``target``."""
    style = WARN if target is not None and value is not None and value < target else ""
    return Text(percent(value, lang()), style=style, justify="right")


OUTCOME_STYLES = {
    "early": "",
    "on_due_date": "",
    "late": ALERT,
    "not_due": "",
    "overdue": ALERT,
    "withdrawn": MUTED,
    "returned": MUTED,
    "unclassified": ALERT,
}


def outcome_cell(outcome: str) -> Text:
    """A dossier's class on the form, in words (late and overdue reversed and in capitals)."""
    return Text(tr(f"oc_{outcome}"), style=OUTCOME_STYLES.get(outcome, ""))


def level_cell(level: str) -> Text:
    """A risk level: ``CAO`` reversed, ``trung bình`` bold, ``thấp`` plain."""
    label = tr(level)
    if level == "high":
        return Text(label.upper(), style=ALERT)
    return Text(label, style=WARN if level == "medium" else "")
