"""Labels in Vietnamese (the default) and English by key, and language-aware number formatting.

The words are in the gettext catalogues (``qms_tui/locale``); ``t(key, lang)`` looks one up.

The data's own Vietnamese names (procedures, units, people) are never translated; only labels are.
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from qms_tui.domain.dates import format_date
from qms_tui.domain.fields import DEMO_FIELDS_EN, field_label
from qms_tui.locale import LANGS, nwords, words

if TYPE_CHECKING:
    from collections.abc import Mapping

    from qms_tui.domain.models import TthcField
    from qms_tui.domain.statistics import Counts

FIELDS_EN = DEMO_FIELDS_EN
"""Old name: the demo fields' English names (a store's own are its fields' ``name_en``)."""


def default_lang() -> str:
    """``$QMS_LANG``, else ``lang`` of the settings file (``config``), else Vietnamese."""
    lang = os.environ.get("QMS_LANG", "").strip().lower()[:2]
    if not lang:
        from qms_tui.config import file_settings

        lang = file_settings().get("lang", "vi")
    return lang if lang in LANGS else "vi"


def t(key: str, lang: str = "vi", /, **values: object) -> str:
    """The message ``key`` in ``lang`` from the gettext catalogues (``qms_tui/locale``), its ``{name}``
    placeholders filled with ``values``; the key itself if unknown, so a gap shows, not crashes."""
    return words(key, lang, **values)


def nt(key: str, n: int, lang: str = "vi", /, **values: object) -> str:
    """The plural message ``key`` for ``n`` in ``lang`` (``{n}`` filled): "1 working day", "3 working days"."""
    return nwords(key, n, lang, **values)


def measure_name(measure: str, lang: str = "vi") -> str:
    """An objective's measure: a service-index indicator by its id and name, else its own label."""
    if measure.startswith("index_"):
        code = measure.removeprefix("index_")
        return f"{code} {t(f'ix_{code}', lang)}"
    return t(f"measure_{measure}", lang)


def field_name(key: str | None, lang: str = "vi", fields: Mapping[str, TthcField] | None = None) -> str:
    """A field's name in ``lang`` from the store's ``fields`` (``Qms.field_by_code``); the demo's names
    when not given."""
    return field_label(key, fields, lang)


def number(value: float | int, lang: str = "vi", decimals: int = 0) -> str:
    """1.234,5 in Vietnamese, 1,234.5 in English."""
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def percent(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    return "—" if value is None else number(value, lang, decimals) + "%"


def day(value: date | None, lang: str = "vi") -> str:
    return format_date(value, lang)


def risk_counts_text(high_risks: int, open_opportunities: int, lang: str = "vi") -> str:
    """``4 rủi ro mức cao · 3 cơ hội đang mở``: the register's two headline counts (``Qms.high_risks``,
    ``Qms.open_opportunities``), worded alike on every screen and in every output."""
    risks = nt("n_high_risks", high_risks, lang, n=number(high_risks, lang))
    opportunities = nt("n_open_opportunities", open_opportunities, lang, n=number(open_opportunities, lang))
    return f"{risks} · {opportunities}"


def reconciliation_line(c: Counts, lang: str = "vi") -> str:
    """``578 = 439 + 113 + 26 ✓ khớp``: received = resolved + in progress + withdrawn/returned, the line
    the Overview and the summary share (here, not in ``reports``, so the Overview's first frame does not
    import the report writers)."""
    n = lambda v: number(v, lang)  # noqa: E731
    line = f"{n(c.received)} = {n(c.resolved)} + {n(c.in_progress)} + {n(c.withdrawn_returned)}"
    if c.reconciles:
        return f"{line} ✓ {t('reconciles', lang)}"
    extra = f", {len(c.unclassified)} {t('unclassified', lang)}" if c.unclassified else ""
    return f"{n(c.received)} ≠ {n(c.accounted)} ✗ {t('gap', lang)} {n(c.gap)}{extra}"
