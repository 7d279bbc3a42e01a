"""The index view of screen 5: the service index of Decision 766 for the period, one indicator a row.

Enter on an indicator shows the period's dossiers that pull it down (``DossiersScreen`` filters its list to
them). "No data" is written out, never shown as zero.
"""

from __future__ import annotations

from rich.text import Text

from qms_tui.domain.service_index import Indicator
from qms_tui.i18n import number, percent
from qms_tui.labels import lang, tr
from qms_tui.tui.widgets.cells import WARN
from qms_tui.tui.widgets.record_table import Column


def _value(item: Indicator) -> Text:
    if not item.data:
        return Text(tr("ix_no_data"), style="dim", justify="right")
    short = item.points is not None and item.points < item.max_points - 0.05
    return Text(percent(item.value, lang()), style=WARN if short else "", justify="right")


def _ratio(item: Indicator) -> Text:
    if not item.data:
        return Text("—", justify="right")
    return Text(f"{number(item.numerator or 0, lang())}/{number(item.denominator or 0, lang())}", justify="right")


def _points(item: Indicator) -> Text:
    got = number(item.points, lang(), 1) if item.points is not None else "—"
    return Text(f"{got}/{number(item.max_points, lang(), 1)}", justify="right")


def index_columns() -> list[Column]:
    """Indicator, value, numerator/denominator, points/maximum, how many dossiers pull it down."""
    return [
        Column("id", tr("ix_id"), lambda i: i.id, lambda i: i.id, width=4),
        Column("name", tr("col_name"), lambda i: tr(f"ix_{i.id}"), lambda i: i.id, width=34),
        Column("value", tr("ix_value"), _value, lambda i: i.value or -1, width=9, justify="right"),
        Column("ratio", tr("col_ratio"), _ratio, lambda i: i.denominator or 0, width=11, justify="right"),
        Column("points", tr("ix_points"), _points, lambda i: i.points or 0, width=9, justify="right"),
        Column("down", tr("col_pulled_down"), lambda i: Text(number(len(i.pulled_down), lang()), justify="right"),
               lambda i: len(i.pulled_down), width=6, justify="right"),
    ]


def describe(item: Indicator) -> str:
    """The preview line: the indicator's name, its total and what Enter does."""
    return tr("ix_preview", name=tr(f"ix_{item.id}"), n=number(len(item.pulled_down), lang()))

