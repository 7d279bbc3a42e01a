"""The annual report's parts and the way it writes dates, counts and references in each language.

``AnnualReport`` holds the report already worded (``annual.build_report`` fills it; ``annual_render`` and
``annual_docx`` only lay it out). The Vietnamese report keeps the seed's administrative forms: dates as
26/4/2024, counts below ten as 01, 05; the English one writes ISO dates (2024-04-26, as ``i18n.day`` does
everywhere in English) and plain counts. Every word comes from the catalogues (``t``/``nt``); the agency's
own data (names, titles, numbers of documents) is written as stored, in both languages.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import Decision, LegalDocument
from qms_tui.domain.qms import Period
from qms_tui.domain.statistics import Counts
from qms_tui.i18n import day as iso_day
from qms_tui.i18n import number, t

WIDTH = 80
ISO_NAME = "TCVN ISO 9001:2015"

SELF_NAMES = ("Ban Quản lý", "Ủy ban nhân dân", "Văn phòng", "Trung tâm", "Chi cục", "Cục", "Sở", "Ban")
"""How an agency calls itself in its own (Vietnamese) report: the kind of body its name starts with."""

DOC_KINDS = {"decision": "ar_kind_decision", "plan": "ar_kind_plan", "letter": "ar_kind_letter",
             "report": "ar_kind_report"}
"""A decision's kind -> the id of its word (``Quyết định``, ``Decision``); listed in ``locale/computed.py``."""
LEGAL_KINDS = ("Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết", "Nghị định", "Quyết định", "Thông tư", "Chỉ thị")
LEGAL_KIND_IDS = {"Bộ luật": "ar_legal_code", "Luật": "ar_legal_law", "Pháp lệnh": "ar_legal_ordinance",
                  "Nghị quyết": "ar_legal_resolution", "Nghị định": "ar_legal_decree",
                  "Quyết định": "ar_kind_decision", "Thông tư": "ar_legal_circular", "Chỉ thị": "ar_legal_directive"}
"""The kind a legal document's Vietnamese title starts with -> the id of its word in the report's language."""


class ReportError(ValueError):
    """The report cannot be made for the year or period asked (a user mistake: one line, exit 1)."""


@dataclass
class Line:
    """One paragraph of the body. ``kind``: ``heading1``/``heading2``, ``para``, ``dash`` (- …),
    ``plus`` (+ …), ``label`` (* Label: …), ``figure`` ((1) …), ``subfigure`` (its detail lines) or
    ``note`` (a paragraph that runs on after the figures)."""

    kind: str
    text: str
    label: str = ""


@dataclass
class AnnualReport:
    """Everything the printed report shows, already worded in ``lang``; the renderers only lay it out."""

    year: int
    period: Period
    parent_body: str
    issuer: str
    number: str
    symbol: str
    dateline: str
    body: list[Line] = field(default_factory=list)
    closing: str = ""
    recipients: list[str] = field(default_factory=list)
    signer: list[str] = field(default_factory=list)
    signer_name: str = ""
    counts: Counts | None = None
    coverage: tuple[int, int] = (0, 0)
    text_missing: bool = False
    warnings: list[str] = field(default_factory=list)
    lang: str = "vi"

    @property
    def number_line(self) -> str:
        """``Số: 3966/BC-BQL``, or a blank for the number not yet given (``Số:      /BC-BQL``)."""
        return t("ar_number_line", self.lang, number=self.number or " " * 6, symbol=self.symbol)

    @property
    def title(self) -> str:
        return t("ar_title", self.lang)

    @property
    def subtitle(self) -> str:
        return t("ar_subtitle", self.lang, iso=ISO_NAME)

    @property
    def motto(self) -> tuple[str, str]:
        """The national motto of Decree 30's header, in two lines."""
        return t("ar_motto_1", self.lang), t("ar_motto_2", self.lang)

    @property
    def missing(self) -> str:
        """The placeholder where the year's narrative is not written yet (highlighted in HTML and docx)."""
        return missing_text(self.year, self.lang)


def missing_text(year: int, lang: str) -> str:
    return t("ar_missing", lang, year=year)


# -- dates, counts and references -----------------------------------------------------------------


def vn_date(day: date | None) -> str:
    """A date inside the text the way the seed writes it: 26/4/2024, 05/02/2024, 01/9/2024."""
    if day is None:
        return "…"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def text_date(day: date | None, lang: str) -> str:
    """A date inside the report's text: the seed's form in Vietnamese, ISO in English (``i18n.day``)."""
    if lang == "vi" or day is None:
        return vn_date(day)
    return iso_day(day, lang)


def place_date(place: str, day: date, lang: str = "vi") -> str:
    """``Hải Phòng, ngày 05 tháng 9 năm 2024``: days 1–9 and months 1–2 take a leading zero; in English
    ``Hải Phòng, 2024-09-05``."""
    month = f"{day.month:02d}" if day.month < 3 or lang != "vi" else str(day.month)
    return t("ar_dateline", lang, place=place, day=f"{day.day:02d}", month=month, year=day.year)


def count2(value: int) -> str:
    """Counts in the Vietnamese narrative: 01 lớp, 05 quy trình (two digits below ten), else 1.234."""
    return f"{value:02d}" if 0 <= value < 10 else number(value, "vi")


def count(value: int, lang: str) -> str:
    """A count inside a sentence: ``count2`` in Vietnamese, the plain number in English."""
    return count2(value) if lang == "vi" else number(value, lang)


def self_name(agency: str) -> str:
    """``Ban Quản lý Khu kinh tế Hải Phòng`` calls itself ``Ban Quản lý`` in its own report."""
    for prefix in SELF_NAMES:
        if agency.lower().startswith(prefix.lower() + " ") or agency.lower() == prefix.lower():
            return prefix
    return agency or "cơ quan"


def report_self_name(name: str, short_name: str, lang: str) -> str:
    """How the report names its agency: the kind of body in Vietnamese (``Ban Quản lý``); in English its
    short name (``BQL``), else its name as stored (a Vietnamese kind of body is not an English noun)."""
    if lang == "vi":
        return self_name(name)
    return short_name.strip() or name.strip() or t("ar_the_agency", lang)


def doc_kind(kind: str, lang: str) -> str:
    """``Quyết định`` / ``Decision``; ``Văn bản`` / ``Document`` for a kind without a word."""
    return t(DOC_KINDS[kind], lang) if kind in DOC_KINDS else t("ar_kind_other", lang)


def doc_ref(decision: Decision, lang: str = "vi") -> str:
    """``Quyết định số 1872/QĐ-BQL ngày 26/4/2024`` / ``Decision No. 1872/QĐ-BQL of 2024-04-26``."""
    return t("ar_doc_ref", lang, kind=doc_kind(decision.kind, lang), number=decision.number,
             date=text_date(decision.date, lang))


def legal_ref(document: LegalDocument, lang: str = "vi") -> str:
    """``Nghị định số 35/2023/NĐ-CP``, ``Luật Tài nguyên nước số 28/2023/QH15``: a law keeps its title (a
    name, in Vietnamese in both languages); the other kinds are named by their kind in ``lang``."""
    title = document.title.strip()
    for kind in LEGAL_KINDS:
        if title.startswith(kind + " "):
            if kind in ("Luật", "Bộ luật", "Pháp lệnh"):
                return t("ar_titled_ref", lang, title=title, number=document.number)
            return t("ar_kind_ref", lang, kind=t(LEGAL_KIND_IDS[kind], lang), number=document.number)
    return t("ar_document_ref", lang, number=document.number)


def sample_note(details: list[str], lang: str = "vi") -> str:
    """`` [Dữ liệu mẫu: …]`` after a sentence, for details drawn from sample records; empty if none."""
    return t("ar_sample_note", lang, mark=t("ar_sample_mark", lang), details="; ".join(details)) if details else ""


def lower_first(text: str) -> str:
    """``Tập huấn …`` → ``tập huấn …`` inside a sentence; ``TCVN …`` stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def join(items: list[str], lang: str) -> str:
    """``a, b và c`` / ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("ar_and", lang) + items[-1]


def recipient_lines(recipients: list[str]) -> list[str]:
    """``- Sở KH&CN;`` … ``- Lưu: VP/BQL.``: a semicolon after each, a full stop after the last."""
    items = [r.strip().rstrip(";.").strip() for r in recipients if r.strip()]
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]
