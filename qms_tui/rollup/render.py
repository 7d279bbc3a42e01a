"""The roll-up as text, Markdown, HTML or JSON: one table of agencies, their total, the unreadable stores.

Written once as document blocks (``reports.document``), so every rendering escapes stored text the same
way; every label goes through ``i18n.t`` (vi and en).
"""

from __future__ import annotations

from datetime import datetime

from qms_tui.domain.figures import on_line
from qms_tui.i18n import day, number, percent, t
from qms_tui.reports import document as doc
from qms_tui.reports import export
from qms_tui.reports.document import Column, Heading, Paragraph, Span, Table
from qms_tui.reports.formats import ROLLUP_FORMATS
from qms_tui.rollup.collect import INDEX_DOSSIERS, Agency, Rollup

TEXT_WIDTH = 250
"""The table is wide (sixteen columns): a terminal or a file, not a page."""
NAME_CUT = 40
"""Agency names are cut to this many characters in text (Markdown and HTML keep them whole)."""

COLUMNS = (
    ("rank", "left"), ("agency", "left"), ("as_of_col", "left"), ("col_received", "right"),
    ("col_resolved", "right"), ("on_time_rate", "right"), ("rollup_index", "right"),
    ("col_in_progress", "right"), ("col_overdue", "right"),
    ("rollup_open_ncs", "right"), ("rollup_overdue_ncs", "right"), ("col_untrained", "right"),
    ("rollup_last_audit", "left"), ("rollup_last_review", "left"), ("rollup_legal_late", "right"),
    ("rollup_last_change", "left"),
)


def columns(lang: str) -> list[Column]:
    return [Column(t(key, lang), align, wrap=False) for key, align in COLUMNS]


def _stamp(value: datetime | None, lang: str) -> str:
    return f"{day(value.date(), lang)} {value:%H:%M}" if value else "—"


def _name(agency: Agency, cut: int | None) -> str:
    name = agency.name or agency.store
    return name if cut is None or len(name) <= cut else name[: cut - 1] + "…"


def index_text(agency: Agency, lang: str) -> str:
    """The service index cell: points / maximum, or — where it was not computed."""
    if agency.service_index is None:
        return "—"
    return f"{number(agency.service_index, lang, 1)}/{number(agency.service_index_max or 0, lang)}"


def agency_cells(rank: int | str, agency: Agency, lang: str, cut: int | None = None) -> list[doc.Inline]:
    """One agency's row (also the province screen's)."""
    n = lambda v: number(v, lang)  # noqa: E731
    c = agency.counts
    if c is None:
        return [str(rank), _name(agency, cut), *["—"] * (len(COLUMNS) - 2)]
    f = lambda name: on_line(name, c)  # noqa: E731
    return [
        str(rank), _name(agency, cut), day(agency.as_of, lang), n(f("received")), n(f("resolved")),
        percent(f("on_time_rate"), lang), index_text(agency, lang), n(f("in_progress")),
        Span(n(f("overdue")), "bad" if f("overdue") else None),
        n(agency.open_ncs), Span(n(agency.overdue_ncs), "bad" if agency.overdue_ncs else None), n(agency.untrained),
        day(agency.last_internal_audit, lang) if agency.last_internal_audit else "—",
        day(agency.last_management_review, lang) if agency.last_management_review else "—",
        Span(n(agency.legal_changes_late), "bad" if agency.legal_changes_late else None),
        _stamp(agency.last_change, lang),
    ]


def total_cells(rollup: Rollup, lang: str) -> list[doc.Inline]:
    n = lambda v: number(v, lang)  # noqa: E731
    c = rollup.total_counts()
    f = lambda name: on_line(name, c)  # noqa: E731
    other = rollup.totals()
    return [Span("", "strong"), Span(t("rollup_province_total", lang), "strong"), "",
            Span(n(f("received")), "strong"), Span(n(f("resolved")), "strong"),
            Span(percent(f("on_time_rate"), lang), "strong"), "", n(f("in_progress")), n(f("overdue")),
            n(other["open_ncs"]), n(other["overdue_ncs"]), n(other["untrained"]), "", "",
            n(other["legal_changes_late"]), ""]


def blocks(rollup: Rollup, lang: str, cut: int | None = None) -> list[doc.Block]:
    period = rollup.period
    when = f"{t('period', lang)} {day(period.start, lang)} – {day(period.end, lang)}" if period else ""
    readable = len(rollup.readable)
    note = (f"{when} · {number(readable, lang)}/{number(len(rollup.agencies), lang)} {t('rollup_stores_read', lang)}"
            f" · {t('rollup_sorted_by', lang)} {rollup.sort}")
    rows = [agency_cells(i + 1 if a.error is None else "!", a, lang, cut) for i, a in enumerate(rollup.agencies)]
    rows.append(total_cells(rollup, lang))
    out: list[doc.Block] = [Heading(t("rollup_title", lang), 1, note), Table(columns(lang), rows)]
    errors = [a for a in rollup.agencies if a.error is not None]
    if errors:
        out.append(Heading(t("rollup_unreadable", lang)))
        out += [Paragraph([Span(a.store, "strong"), ": ", a.error or ""]) for a in errors]
    if any(a.service_index is None and a.counts is not None for a in rollup.agencies):
        out.append(Paragraph(Span(f"{t('rollup_index_note', lang)} {number(INDEX_DOSSIERS, lang)}"
                                  f" {t('rollup_index_note_end', lang)}", "muted")))
    recounted = [a for a in rollup.agencies if a.recounted]
    if recounted:
        out.append(Paragraph([Span(t("rollup_recounted", lang), "muted"), " ",
                              ", ".join(a.name or a.store for a in recounted)]))
    return out


def render(rollup: Rollup, fmt: str, lang: str = "vi") -> str:
    if fmt == "json":
        return export.to_json(rollup.as_dict())
    parts = blocks(rollup, lang, NAME_CUT if fmt == "text" else None)
    if fmt == "markdown":
        return doc.to_markdown(parts)
    if fmt == "html":
        return doc.html_page(t("rollup_title", lang), doc.to_html_body(parts), lang)
    if fmt == "text":
        return export.to_text(doc.to_rich(parts), width=TEXT_WIDTH)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(ROLLUP_FORMATS)}")
