"""The annual report to the Department of Science and Technology, in the layout of Decree 30/2020/NĐ-CP.

``build_report`` assembles the report from the store: the header blocks, the number and date from the
year's ``ReportText``, section I from what the store holds (decisions, plan, training, procedures,
legal updates) and the dossier figures of the period, section II from the narrative the secretary wrote
(``qms report edit``). The figures are always computed: where the store disagrees with itself (the
dossiers do not reconcile, the TTHC procedures do not cover the remit) the report states the computed
figure and ``qms check`` lists the problem.

The report is written in Vietnamese (the default, the document an agency sends) or in English (``--lang
en``): every sentence is a catalogue message, the agency's own data stays as written. The work is split
by job: ``annual_model`` (the report's parts, dates, counts and references), ``annual_sections`` (the
sentences of each section), ``annual_render`` (text, Markdown, HTML) and ``annual_docx`` (Word); this
module puts them together and is the one the rest of the program imports.
"""

from __future__ import annotations

from datetime import date

from qms_tui.domain.models import ReportText
from qms_tui.domain.problems import Fault
from qms_tui.domain.qms import Period, Qms
from qms_tui.domain.safety import xml_visible
from qms_tui.i18n import t
from qms_tui.reports.annual_model import (
    ISO_NAME,
    WIDTH,
    AnnualReport,
    Line,
    ReportError,
    count2,
    doc_ref,
    legal_ref,
    place_date,
    recipient_lines,
    report_self_name,
    self_name,
    vn_date,
)
from qms_tui.reports.annual_render import (
    render_report,
    render_report_bytes,
    render_report_content,
    report_html,
    report_markdown,
    report_text,
)
from qms_tui.reports.annual_sections import Ctx, building, dossiers, narrative
from qms_tui.reports.formats import REPORT_FORMATS

__all__ = [
    "ISO_NAME", "REPORT_FORMATS", "WIDTH", "AnnualReport", "Line", "ReportError", "build_report", "count2",
    "default_period", "doc_ref", "legal_ref", "place_date", "recipient_lines", "render_report",
    "render_report_bytes", "render_report_content", "report_html", "report_markdown", "report_text", "self_name",
    "vn_date",
]


def default_period(qms: Qms, year: int, text: ReportText | None = None) -> Period:
    """1 January of ``year`` to the report's date or the as-of date, whichever is earlier (31/12 at most)."""
    start, last = date(year, 1, 1), date(year, 12, 31)
    if qms.today < start:
        raise ReportError(Fault("p_report_not_started", year=year, today=qms.today))
    ends = [qms.today, last]
    if text is not None and text.date is not None and text.date >= start:
        ends.append(text.date)
    return Period(start, min(ends), str(year))


def build_report(qms: Qms, year: int, period: Period | None = None, lang: str = "vi") -> AnnualReport:
    """The whole report for ``year`` over ``period`` (default: ``default_period``), worded in ``lang``."""
    text = qms.report_text(year)
    period = period or default_period(qms, year, text)
    org = qms.organisation
    issued = text.date if text and text.date else qms.today
    report = AnnualReport(
        year=year,
        period=period,
        parent_body=org.parent_body.upper(),
        issuer=org.name.upper(),
        number=(text.number if text else "").strip(),
        symbol=org.report_symbol or "BC",
        dateline=place_date(org.place or "……", issued, lang),
        recipients=list(org.recipients),
        signer=[line for line in (org.signer_line1, org.signer_line2) if line],
        signer_name=org.signer_name,
        text_missing=text is None,
        lang=lang,
    )
    me = report_self_name(org.name, org.short_name, lang)
    ctx = Ctx(qms, year, period, me, lang)
    report.body = []
    sample = qms.sample_data
    if sample:
        seed = t("ar_sample_seed", lang, seed=sample["seed"]) if sample.get("seed") else ""
        report.body.append(Line("note", t("ar_sample_intro", lang, mark=t("ar_sample_mark", lang), seed=seed)))
    report.body += [Line("heading1", t("ar_section_1", lang, iso=ISO_NAME)),
                    Line("heading2", t("ar_section_1_1", lang))]
    report.body += building(ctx)
    report.body.append(Line("heading2", t("ar_section_1_2", lang)))
    report.body += dossiers(ctx, report)
    report.body.append(Line("heading1", t("ar_section_2", lang)))
    report.body += narrative(ctx, text)
    report.closing = t("ar_closing", lang, iso=ISO_NAME, me=me, year=year)
    if text is None:
        report.warnings.append(Fault("p_report_no_text", year=year))
    return _visible(report)


def _visible(report: AnnualReport) -> AnnualReport:
    """The report with every control, bidi and invisible character of the stored text written out: each
    rendering (text, Markdown, HTML, docx) reads it from here, so none of them sends it to a terminal or
    puts it in an XML part where it does not belong. (The warnings hold no stored text: they stay
    ``Fault``s, worded in the command's language when printed.)"""
    for name in ("parent_body", "issuer", "number", "symbol", "dateline", "closing", "signer_name"):
        setattr(report, name, xml_visible(getattr(report, name), one_line=True))
    for name in ("recipients", "signer"):
        setattr(report, name, [xml_visible(item, one_line=True) for item in getattr(report, name)])
    report.body = [Line(line.kind, xml_visible(line.text), xml_visible(line.label, one_line=True))
                   for line in report.body]
    return report
