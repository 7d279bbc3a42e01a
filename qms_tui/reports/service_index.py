"""``qms index`` as text, Markdown or JSON: each indicator's value, numerator / denominator and points.

"No data" is written as such (JSON: ``null`` values and ``"data": false``), never as zero.
"""

from __future__ import annotations

import json

from qms_tui.domain.dates import format_vn
from qms_tui.domain.service_index import IndexResult, Indicator
from qms_tui.i18n import number, percent, t


def indicator_name(code: str, lang: str) -> str:
    return t(f"ix_{code}", lang)


def _value(item: Indicator, lang: str) -> str:
    return percent(item.value, lang) if item.data else t("ix_no_data", lang)


def _ratio(item: Indicator, lang: str) -> str:
    if not item.data:
        return "—"
    return f"{number(item.numerator or 0, lang)} / {number(item.denominator or 0, lang)}"


def _points(item: Indicator, lang: str) -> str:
    shown = number(item.points, lang, 1) if item.points is not None else "—"
    return f"{shown} / {number(item.max_points, lang, 1)}"


def as_json(result: IndexResult, lang: str = "vi") -> str:
    data = {
        "indicators": [i.as_dict(indicator_name(i.id, lang)) for i in result.indicators],
        "total_points": round(result.total_points, 2),
        "max_points": round(result.max_points, 2),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_text(result: IndexResult, lang: str = "vi", sample: bool = False) -> str:
    lines = [t("ix_title", lang), f"{t('period', lang)}: {format_vn(result.start)} – {format_vn(result.end)}",
             *([t("sample_note", lang)] if sample else []), ""]
    for item in result.indicators:
        lines.append(f"{item.id}  {indicator_name(item.id, lang)}")
        lines.append(f"     {_value(item, lang):>16}   {_ratio(item, lang):>15}   {t('ix_points', lang)} "
                     f"{_points(item, lang)}")
    total = f"{number(result.total_points, lang, 1)} / {number(result.max_points, lang, 1)}"
    lines += ["", f"{t('ix_total', lang)}: {total}", "", t("ix_note", lang)]
    return "\n".join(lines) + "\n"


def as_markdown(result: IndexResult, lang: str = "vi", sample: bool = False) -> str:
    head = [t("ix_id", lang), t("ix_value", lang), t("ix_ratio", lang), t("ix_points", lang)]
    lines = [f"# {t('ix_title', lang)}", "", f"{t('period', lang)}: {format_vn(result.start)} – "
             f"{format_vn(result.end)}", *(["", f"**{t('sample_note', lang)}**"] if sample else []), "",
             "| " + " | ".join(head) + " |", "|---|---:|---:|---:|"]
    for item in result.indicators:
        name = indicator_name(item.id, lang).replace("|", "\\|")
        lines.append(f"| {item.id} {name} | {_value(item, lang)} | {_ratio(item, lang)} | {_points(item, lang)} |")
    total = f"{number(result.total_points, lang, 1)} / {number(result.max_points, lang, 1)}"
    lines += ["", f"**{t('ix_total', lang)}: {total}**", "", t("ix_note", lang)]
    return "\n".join(lines) + "\n"


def render_index(result: IndexResult, fmt: str, lang: str = "vi", sample: bool = False) -> str:
    """``sample``: the store is sample data (the demo), said under the title (JSON keeps its fixed keys)."""
    if fmt == "json":
        return as_json(result, lang)
    return (as_markdown if fmt == "markdown" else as_text)(result, lang, sample)
