"""The annual report to the Department of Science and Technology, in the layout of Decree 30/2020/NĐ-CP.

``build_report`` assembles the report from the store: the header blocks, the number and date from the
year's ``ReportText``, section I from what the store holds (decisions, plan, training, procedures,
legal updates) and the dossier figures of the period, section II from the narrative the secretary wrote
(``qms report edit``). The figures are always computed: where the store disagrees with itself (the
dossiers do not reconcile, the TTHC procedures do not cover the remit) the report states the computed
figure and ``qms check`` lists the problem. ``report_text``, ``report_markdown`` and ``report_html``
lay the same report out for a terminal or printer (80 columns), for Markdown and as an HTML page;
``annual_docx.report_docx`` as a Word file (``render_report_bytes``).

The report is a Vietnamese administrative document: it has no English version.
"""

from __future__ import annotations

import html
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from qms_tui.domain.fields import field_label
from qms_tui.domain.figures import Figures
from qms_tui.domain.models import Decision, LegalDocument, ReportText, Training
from qms_tui.domain.qms import Period, Qms
from qms_tui.domain.safety import xml_visible
from qms_tui.domain.statistics import Counts
from qms_tui.i18n import number
from qms_tui.reports.document import md_escape
from qms_tui.reports.formats import BINARY_FORMATS, REPORT_FORMATS

WIDTH = 80
ISO_NAME = "TCVN ISO 9001:2015"
TITLE = "BÁO CÁO"
SUBTITLE = (
    "Tình hình xây dựng và áp dụng, duy trì, cải tiến Hệ thống quản lý chất lượng "
    f"theo tiêu chuẩn quốc gia {ISO_NAME}"
)
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
SECTION_I = f"I. KẾT QUẢ XÂY DỰNG VÀ ÁP DỤNG, DUY TRÌ, CẢI TIẾN HTQLCL THEO TIÊU CHUẨN QUỐC GIA {ISO_NAME}"
SECTION_I1 = "1. Tình hình xây dựng và áp dụng HTQLCL từ khi công bố đến nay:"
SECTION_I2 = "2. Tình hình giải quyết các thủ tục hành chính theo quy trình ISO"
SECTION_II = "II. ĐÁNH GIÁ, NHẬN XÉT"
ADDRESSEE = "Sở Khoa học và Công nghệ"
UNIT = "Hồ sơ"
"""The unit after each dossier figure, as the seed report writes it."""

SELF_NAMES = ("Ban Quản lý", "Ủy ban nhân dân", "Văn phòng", "Trung tâm", "Chi cục", "Cục", "Sở", "Ban")
"""How an agency calls itself in its own report: the kind of body its name starts with."""

DOC_KINDS = {"decision": "Quyết định", "plan": "Kế hoạch", "letter": "Công văn", "report": "Báo cáo"}
LEGAL_KINDS = ("Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết", "Nghị định", "Quyết định", "Thông tư", "Chỉ thị")


SAMPLE_MARK = "Dữ liệu mẫu"
"""Marks, inside square brackets, what a sample store (the demo) adds for illustration to the facts of its seed."""


def sample_note(details: list[str]) -> str:
    """`` [Dữ liệu mẫu: …]`` after a sentence, for details drawn from sample records; empty if none."""
    return f" [{SAMPLE_MARK}: {'; '.join(details)}.]" if details else ""


def stated(qms: Qms, key: str) -> str | None:
    """The seed report's own sentence for line ``key`` of a sample store (``_meta.sample.stated``), while the store
    still holds the procedures it counts; else ``None`` and the line is written from the records."""
    entry = (qms.sample_data.get("stated") or {}).get(key)
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        return None
    if entry.get("counts") is not None and entry["counts"] != dict(qms.procedure_counts()):
        return None
    if entry.get("remit") is not None and entry["remit"] != qms.tthc_coverage()[1]:
        return None
    return entry["text"]


def seed_note(qms: Qms, key: str) -> list[str]:
    """How the seed report words line ``key`` where the store counts it differently (``_meta.sample.notes``)."""
    note = (qms.sample_data.get("notes") or {}).get(key)
    return [note] if isinstance(note, str) and note else []


def _procedures_sample(qms: Qms) -> bool:
    """The procedures' details (codes, versions, history, fields) are illustration (the demo's)."""
    return any(qms.is_sample("procedures", p.code) for p in qms.procedures)


class ReportError(ValueError):
    """The report cannot be made for the year or period asked (a user mistake: one line, exit 1)."""


# -- Vietnamese administrative formats ---------------------------------------------------------


def vn_date(day: date | None) -> str:
    """A date inside the text the way the seed writes it: 26/4/2024, 05/02/2024, 01/9/2024."""
    if day is None:
        return "…"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def place_date(place: str, day: date) -> str:
    """``Hải Phòng, ngày 05 tháng 9 năm 2024``: days 1–9 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def count2(value: int) -> str:
    """Counts in the narrative: 01 lớp, 05 quy trình (two digits below ten), else 1.234."""
    return f"{value:02d}" if 0 <= value < 10 else number(value, "vi")


def self_name(agency: str) -> str:
    """``Ban Quản lý Khu kinh tế Hải Phòng`` calls itself ``Ban Quản lý`` in its own report."""
    for prefix in SELF_NAMES:
        if agency.lower().startswith(prefix.lower() + " ") or agency.lower() == prefix.lower():
            return prefix
    return agency or "cơ quan"


def doc_ref(decision: Decision) -> str:
    """``Quyết định số 1872/QĐ-BQL ngày 26/4/2024``."""
    kind = DOC_KINDS.get(decision.kind, "Văn bản")
    return f"{kind} số {decision.number} ngày {vn_date(decision.date)}"


def legal_ref(document: LegalDocument) -> str:
    """``Nghị định số 35/2023/NĐ-CP``, ``Luật Tài nguyên nước số 28/2023/QH15``."""
    title = document.title.strip()
    for kind in LEGAL_KINDS:
        if title.startswith(kind + " "):
            if kind in ("Luật", "Bộ luật", "Pháp lệnh"):
                return f"{title} số {document.number}"
            return f"{kind} số {document.number}"
    return f"văn bản số {document.number}"


def _lower_first(text: str) -> str:
    """``Tập huấn …`` → ``tập huấn …`` inside a sentence; ``TCVN …`` stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _field_label(key: str, qms: Qms) -> str:
    name = field_label(key, qms.field_by_code)
    return name if " - " in name else _lower_first(name)


def _join(items: list[str], last: str = " và ") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


# -- the report's content ----------------------------------------------------------------------


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
    """Everything the printed report shows, already worded; the renderers only lay it out."""

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

    @property
    def number_line(self) -> str:
        """``Số: 3966/BC-BQL``, or a blank for the number not yet given (``Số:      /BC-BQL``)."""
        return f"Số: {self.number or ' ' * 6}/{self.symbol}"


def default_period(qms: Qms, year: int, text: ReportText | None = None) -> Period:
    """1 January of ``year`` to the report's date or the as-of date, whichever is earlier (31/12 at most)."""
    start, last = date(year, 1, 1), date(year, 12, 31)
    if qms.today < start:
        raise ReportError(f"{year} has not started yet (as of {qms.today.isoformat()})")
    ends = [qms.today, last]
    if text is not None and text.date is not None and text.date >= start:
        ends.append(text.date)
    return Period(start, min(ends), str(year))


def build_report(qms: Qms, year: int, period: Period | None = None) -> AnnualReport:
    """The whole report for ``year`` over ``period`` (default: ``default_period``)."""
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
        dateline=place_date(org.place or "……", issued),
        recipients=list(org.recipients),
        signer=[line for line in (org.signer_line1, org.signer_line2) if line],
        signer_name=org.signer_name,
        text_missing=text is None,
    )
    me = self_name(org.name)
    report.body = []
    sample = qms.sample_data
    if sample:
        seed = f" theo Báo cáo số {sample['seed']}" if sample.get("seed") else ""
        report.body.append(Line("note", f"[{SAMPLE_MARK}: báo cáo dựng từ kho dữ liệu mẫu{seed}; các chi tiết trong "
                                        f"ngoặc vuông “{SAMPLE_MARK}” là minh họa, không phải thông tin của cơ quan.]"))
    report.body += [Line("heading1", SECTION_I), Line("heading2", SECTION_I1)]
    report.body += _building(qms, year, period, me)
    report.body.append(Line("heading2", SECTION_I2))
    report.body += _dossiers(qms, period, me, report)
    report.body.append(Line("heading1", SECTION_II))
    report.body += _narrative(text, year, me)
    report.closing = (
        "Trên đây là báo cáo kết quả thực hiện việc áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng "
        f"theo tiêu chuẩn quốc gia {ISO_NAME} của {me} năm {year}, {me} trân trọng báo cáo./."
    )
    if text is None:
        report.warnings.append(f"no report text for {year}: write it with `qms report edit --year {year}`")
    return _visible(report)


def _visible(report: AnnualReport) -> AnnualReport:
    """The report with every control, bidi and invisible character of the stored text written out: each
    rendering (text, Markdown, HTML, docx) reads it from here, so none of them sends it to a terminal or
    puts it in an XML part where it does not belong."""
    for name in ("parent_body", "issuer", "number", "symbol", "dateline", "closing", "signer_name"):
        setattr(report, name, xml_visible(getattr(report, name), one_line=True))
    for name in ("recipients", "signer", "warnings"):
        setattr(report, name, [xml_visible(item, one_line=True) for item in getattr(report, name)])
    report.body = [Line(line.kind, xml_visible(line.text), xml_visible(line.label, one_line=True))
                   for line in report.body]
    return report


def _latest(decisions: list[Decision], subject: str, end: date, year: int | None = None) -> Decision | None:
    found = [
        d for d in decisions
        if d.subject == subject and d.date and d.date <= end and (year is None or d.date.year == year)
    ]
    return max(found, key=lambda d: d.date) if found else None  # type: ignore[arg-type,return-value]


def _event_decision(qms: Qms, kind: str, end: date) -> Decision | None:
    """The decision an event of ``kind`` refers to, as a stand-in when no decision has the subject."""
    events = [e for e in qms.events if e.kind == kind and e.date and e.date <= end and e.ref]
    if not events:
        return None
    event = max(events, key=lambda e: e.date)  # type: ignore[arg-type,return-value]
    known = next((d for d in qms.decisions if d.number == event.ref), None)
    return known or Decision(number=event.ref, kind="decision", date=event.date, title=event.note)


def _building(qms: Qms, year: int, period: Period, me: str) -> list[Line]:
    """Section I.1: what the store holds about building and maintaining the QMS."""
    end = period.end
    lines: list[Line] = []
    conformity = _latest(qms.decisions, "conformity", end) or _event_decision(qms, "conformity_declaration", end)
    if conformity:
        lines.append(Line("dash", f"{me} đã thực hiện công bố sự phù hợp HTQLCL {ISO_NAME} tại {me} theo "
                                  f"{doc_ref(conformity)}."))
    else:
        lines.append(Line("dash", f"{me} chưa công bố sự phù hợp HTQLCL {ISO_NAME}."))
    lines.append(Line("dash", f"Năm {year}, {me} đã triển khai các công việc liên quan áp dụng, duy trì, cải tiến "
                              f"HTQLCL {ISO_NAME} tại {me}, cụ thể như sau:"))

    committee = _latest(qms.decisions, "steering_committee", end) or _event_decision(qms, "steering_committee", end)
    if committee:
        lines.append(Line("plus", f"Thường xuyên rà soát, kiện toàn thành viên Ban Chỉ đạo xây dựng và áp dụng HTQLCL "
                                  f"{ISO_NAME} (Ban Chỉ đạo ISO) của {me}. Hiện nay, Ban Chỉ đạo ISO của {me} được "
                                  f"kiện toàn theo {doc_ref(committee)}."))

    plan = _latest(qms.decisions, "plan", end, year)
    if plan:
        lines.append(Line("plus", _plan_line(qms, plan, year, end, me)))

    courses = sorted((c for c in qms.trainings if c.qms and c.date and period.start <= c.date <= end),
                     key=lambda c: c.date)  # type: ignore[arg-type,return-value]
    for course in courses:
        lines.append(Line("plus", _training_line(qms, course)))
    if not courses:
        lines.append(Line("plus", f"Trong kỳ chưa tổ chức lớp đào tạo, tập huấn về HTQLCL {ISO_NAME}."))

    objectives_line = _objectives_line(qms, year, end, me)
    if objectives_line:
        lines.append(Line("plus", objectives_line))
    lines.append(Line("plus", _procedures_line(qms, period, me)))
    lines.append(Line("dash", _legal_line(qms, period, me)))
    return lines


def _plan_line(qms: Qms, plan: Decision, year: int, end: date, me: str) -> str:
    tasks = [task for task in qms.plan_tasks if task.plan == plan.number]
    text = (f"Ban hành Kế hoạch duy trì và cải tiến HTQLCL {ISO_NAME} của {me} năm {year} "
            f"({_ref(qms, plan)}), theo đó đề ra ")
    if not tasks:
        return text + "các nhiệm vụ và tiến độ thực hiện cụ thể."
    done = sum(1 for task in tasks if task.status == "done" and task.done_date and task.done_date <= end)
    late = sum(1 for task in tasks if task.late(end) and not (task.done_date and task.done_date <= end))
    progress = (f"{count2(len(tasks))} nhiệm vụ và tiến độ thực hiện cụ thể; đến ngày {vn_date(end)} đã hoàn thành "
                f"{count2(done)} nhiệm vụ, {count2(len(tasks) - done)} nhiệm vụ đang triển khai"
                + (f" (trong đó {count2(late)} nhiệm vụ chậm tiến độ)" if late else ""))
    if any(qms.is_sample("plan_tasks", task.code) for task in tasks):
        return text + "các nhiệm vụ và tiến độ thực hiện cụ thể." + sample_note(
            [progress.replace(" và tiến độ thực hiện cụ thể", "", 1)])
    return text + progress + "."


def _ref(qms: Qms, decision: Decision) -> str:
    """The decision's reference, or only its kind when its number and date are sample data."""
    return DOC_KINDS.get(decision.kind, "Văn bản") if qms.is_sample("decisions", decision.number) \
        else doc_ref(decision)


def _training_line(qms: Qms, course: Training) -> str:
    by_name = {s.name: s for s in qms.staff}
    trainer = course.trainer
    person = by_name.get(trainer)
    role = course.trainer_role or (person.role if person else "")
    who = f"đồng chí {role} {trainer}" if role else trainer
    materials = list(course.materials)
    letter = f"Công văn số {course.letter_ref}" if course.letter_ref else ""
    attendees = f"{count2(len(course.attendees))} cán bộ, công chức tham gia"
    if qms.is_sample("trainings", course.code):  # its date, attendees and letter number are illustration
        text = f"Tổ chức 01 lớp {_lower_first(course.title)} do {who} trực tiếp trao đổi"
        if materials:
            text += f" (kèm theo {'; '.join(materials)})"
        details = [f"ngày {vn_date(course.date)}", attendees] + ([letter] if letter else [])
        return text + "." + sample_note(details)
    if course.letter_ref and not any(course.letter_ref in m for m in materials):
        materials.insert(0, f"{letter} triệu tập cán bộ, công chức tham gia đào tạo")
    text = (f"Tổ chức 01 lớp {_lower_first(course.title)} ngày {vn_date(course.date)} do {who} trực tiếp trao đổi, "
            f"với {attendees}")
    if materials:
        text += f" (kèm theo {'; '.join(materials)})"
    return text + "."


def _objectives_line(qms: Qms, year: int, end: date, me: str) -> str:
    parts: list[str] = []
    notes: list[str] = []
    objectives = [o for o in qms.objectives if o.year in (None, year)]
    decision = _latest(qms.decisions, "objectives", end, year)
    if objectives or decision:
        detail = [doc_ref(decision)] if decision else []
        if objectives:
            detail.append(f"{count2(len(objectives))} mục tiêu")
        sample = (decision is not None and qms.is_sample("decisions", decision.number)) \
            or any(qms.is_sample("objectives", o.code) for o in objectives)
        if sample:
            parts.append("ban hành mục tiêu chất lượng")
            notes.append(f"mục tiêu chất lượng năm {year}: {', '.join(detail)}")
        else:
            parts.append(f"ban hành mục tiêu chất lượng năm {year} ({', '.join(detail)})")
    risk_decision = _latest(qms.decisions, "risks", end, year)
    figures = Figures(qms)  # the register as of the as-of day
    if risk_decision and "bối cảnh" in risk_decision.title.lower():
        parts.append(f"bảng phân tích, đánh giá bối cảnh của {me}")
    if risk_decision or qms.risks:
        detail = [doc_ref(risk_decision)] if risk_decision else []
        detail.append(f"{count2(figures['risks'])} rủi ro, {count2(figures['opportunities'])} cơ hội; đến ngày "
                      f"{vn_date(qms.today)} còn {count2(figures['high_risks'])} rủi ro mức cao, "
                      f"{count2(figures['open_opportunities'])} cơ hội đang mở")
        text = (f"bảng nhận diện, đánh giá, xử lý rủi ro và cơ hội kèm theo kế hoạch giải quyết rủi ro và "
                f"cơ hội của {me} trong năm {year}")
        sample = (risk_decision is not None and qms.is_sample("decisions", risk_decision.number)) \
            or any(qms.is_sample("risks", r.code) for r in qms.risks)
        if sample:
            parts.append(text)
            notes.append(f"rủi ro và cơ hội: {'; '.join(detail)}")
        else:
            parts.append(f"{text} ({'; '.join(detail)})")
    if not parts:
        return ""
    return "Rà soát, sửa đổi, cập nhật hệ thống, " + "; ".join(parts) + "." + sample_note(notes)


def _procedures_line(qms: Qms, period: Period, me: str) -> str:
    active = [p for p in qms.procedures if p.status != "retired"]
    general = [p for p in active if p.kind == "general"]
    internal = [p for p in active if p.kind == "internal"]
    counts = qms.procedure_counts()
    by_field = qms.tthc_by_field()
    kinds = [f"{count2(counts['general'])} quy trình chung"]
    if internal:
        kinds.append(f"{count2(counts['internal'])} quy trình nội bộ")
    kinds.append(f"{count2(counts['tthc'])} quy trình giải quyết TTHC")
    named = "; ".join(p.name for p in [*general, *internal])
    sample_procedures = _procedures_sample(qms)
    fields = ", ".join(f"lĩnh vực {_field_label(key, qms)}" + ("" if sample_procedures else f" ({count2(n)})")
                       for key, n in by_field.items() if key)  # a sample store's split goes in the note
    tthc = f"các quy trình giải quyết thủ tục hành chính các lĩnh vực như: {fields}" if fields else ""
    listed = " và ".join(part for part in (named, tthc) if part)  # an agency may have no general procedures yet
    text = f"Rà soát các quy trình ISO gồm {_join(kinds)}" + (f" (Cụ thể các quy trình: {listed})" if listed else "")
    decisions = sorted((d for d in qms.decisions if d.subject == "procedures" and d.date
                        and period.start <= d.date <= period.end), key=lambda d: d.date)  # type: ignore[arg-type,return-value]
    real = [d for d in decisions if not qms.is_sample("decisions", d.number)]
    if real:
        text += f"; ban hành sửa đổi, bổ sung các quy trình theo {_join([doc_ref(d) for d in real])}"
    revising = [p.code for p in active if p.status == "under_revision"]
    revision = f"{count2(len(revising))} quy trình đang được sửa đổi ({', '.join(revising)})" if revising else ""
    sample = [d for d in decisions if d not in real]
    notes = [f"ban hành sửa đổi, bổ sung các quy trình theo {_join([doc_ref(d) for d in sample])}"] if sample else []
    if sample_procedures:  # the split by field and the revisions are the sample records', not the agency's
        split = [f"lĩnh vực {_field_label(key, qms)}: {count2(n)} quy trình" for key, n in by_field.items() if key]
        notes = seed_note(qms, "procedures") + split + ([revision] if revision else []) + notes
    elif revision:
        text += f"; {revision}"
    return text + "." + sample_note(notes)


def _legal_line(qms: Qms, period: Period, me: str) -> str:
    revised = set()
    for procedure in qms.procedures:
        for entry in procedure.history:
            when = entry.get("date")
            if when and period.start.isoformat() <= str(when) <= period.end.isoformat() and procedure.issued \
                    and str(when) > procedure.issued.isoformat():
                revised.add(procedure.code)
    text = ("Cập nhật các thay đổi của văn bản quy phạm pháp luật liên quan đến hoạt động xử lý công việc vào "
            "Hệ thống quản lý chất lượng")
    details = []
    if revised:
        details.append(f"trong kỳ đã sửa đổi, cập nhật {count2(len(revised))} quy trình")
    for change in qms.legal_changes():
        if change.document.effective and change.document.effective > period.end:
            continue
        state = "đã quá hạn cập nhật" if change.deadline < period.end else "hạn cập nhật"
        details.append(f"còn {count2(len(change.pending))} quy trình chưa cập nhật theo {legal_ref(change.document)} "
                       f"có hiệu lực từ ngày {vn_date(change.document.effective)} ({state} {vn_date(change.deadline)}: "
                       f"{', '.join(change.pending)})")
    for document, citing in qms.repealed_basis():
        if document.ends and document.ends > period.end:
            continue
        replacement = qms.legal_document(document.replaced_by) if document.replaced_by else None
        by = f", được thay thế bởi {legal_ref(replacement)}" if replacement else ""
        details.append(f"còn {count2(len(citing))} quy trình căn cứ {legal_ref(document)} đã hết hiệu lực từ ngày "
                       f"{vn_date(document.ends)}{by} ({', '.join(citing)})")
    new_internal = [p for p in qms.procedures if p.kind == "internal" and p.issued
                    and period.start <= p.issued <= period.end]
    seed = stated(qms, "legal")
    if seed is not None:  # the seed's words; the revisions and pending updates of the demo's records are samples
        if new_internal:
            details.append(f"bổ sung {count2(len(new_internal))} quy trình nội bộ")
        return seed + "." + sample_note(details)
    if details and _procedures_sample(qms):
        note, details = sample_note(details), []
    else:
        note = ""
    if details:
        text += " (" + "; ".join(details) + ")"
    if new_internal:
        text += f"; bổ sung {count2(len(new_internal))} quy trình nội bộ tại {qms.organisation.name}"
    return text + "." + note


def _dossiers(qms: Qms, period: Period, me: str, report: AnnualReport) -> list[Line]:
    """Section I.2: TTHC coverage and the dossier figures, line for line as the seed report."""
    org = qms.organisation
    in_qms, in_remit = qms.tthc_coverage()
    counts = qms.procedure_counts()
    report.coverage = (in_qms, in_remit)
    basis = ""
    if org.tthc_remit_decision:
        basis = f" (theo quyết định số {org.tthc_remit_decision}{_issuer_of(qms, org.tthc_remit_decision)})"
    units = {p.unit for p in qms.procedures if p.kind == "internal" and p.status != "retired"}
    internal = f"{counts['internal']} quy trình nội bộ" + (f" của {units.pop()}" if len(units) == 1 else "")
    remit = number(in_remit, "vi") if in_remit else "…"
    coverage = (f"Tổng số TTHC được đưa vào HTQLCL/Tổng số TTHC thuộc thẩm quyền giải quyết của {me}{basis}: "
                f"{number(in_qms, 'vi')}/{remit} (ngoài ra {counts['general']} quy trình chung và {internal})")
    if in_remit and in_qms < in_remit:
        coverage += f"; còn {count2(in_remit - in_qms)} TTHC thuộc thẩm quyền chưa được đưa vào HTQLCL"
    elif in_remit and in_qms > in_remit:
        coverage += f"; số quy trình TTHC nhiều hơn số TTHC thuộc thẩm quyền {count2(in_qms - in_remit)} quy trình"
    if in_remit and in_qms != in_remit:
        report.warnings.append(f"TTHC coverage {in_qms}/{in_remit} does not match: see `qms check`")
    if not in_remit:
        report.warnings.append("the number of TTHC in the agency's remit is not set (organisation.tthc_in_remit)")
    lines = [Line("dash", coverage + "." + sample_note(seed_note(qms, "coverage")))]

    clipped = qms.clip(period)
    f = Figures(qms, period)
    c = report.counts = f.line
    n = lambda v: f"{number(v, 'vi')} {UNIT}"  # noqa: E731
    split_mark = f" [{SAMPLE_MARK}]" if qms.sample_data.get("stated") else ""  # the seed gives no such split
    lines.append(Line("para", f"Số TTHC thuộc thẩm quyền của {me} theo quy trình ISO từ ngày {vn_date(period.start)} "
                              f"đến ngày {vn_date(clipped.end)} như sau:"))
    lines += [
        Line("figure", f"(1) Tổng số hồ sơ yêu cầu giải quyết TTHC: {n(f['received'])}"),
        Line("subfigure", f"Số hồ sơ mới tiếp nhận: {n(f['new'])}"),
        Line("subfigure", f"Số hồ sơ kỳ trước chuyển qua: {n(f['carried_over'])}"),
        Line("figure", f"(2) Số hồ sơ đã giải quyết: {n(f['resolved'])}"),
        Line("subfigure", f"Số hồ sơ giải quyết đúng hạn: {n(f['on_time'])}"),
        Line("subfigure", f"Số hồ sơ giải quyết quá hạn: {n(f['late'])}"),
        Line("figure", f"(3) Số hồ sơ đang giải quyết: {n(f['in_progress'])}"),
        Line("subfigure", f"Số hồ sơ chưa đến hạn: {n(f['not_due'])}"),
        Line("subfigure", f"Số hồ sơ đã quá hạn: {n(f['overdue'])}"),
        Line("figure", f"(4) Số hồ sơ rút, trả lại (không giải quyết): {n(f['withdrawn'])}"),
        Line("subfigure", f"Số hồ sơ tổ chức, cá nhân rút: {n(c.withdrawn)}{split_mark}"),
        Line("subfigure", f"Số hồ sơ trả lại do không đủ điều kiện: {n(c.returned)}{split_mark}"),
    ]
    if f["on_time_rate"] is not None:
        lines.append(Line("note", f"Tỷ lệ hồ sơ giải quyết đúng hạn: {number(f['on_time_rate'], 'vi', 1)}%."))
    if c.reconciles:
        lines.append(Line("note", f"Đối chiếu: tổng số hồ sơ ({number(c.received, 'vi')}) = đã giải quyết "
                                  f"({number(c.resolved, 'vi')}) + đang giải quyết ({number(c.in_progress, 'vi')}) "
                                  f"+ rút, trả lại ({number(c.withdrawn_returned, 'vi')})."))
    else:
        unplaced = f", trong đó {count2(len(c.unclassified))} hồ sơ không xác định được kết quả" \
            if c.unclassified else ""
        lines.append(Line("note", f"Đối chiếu: tổng số hồ sơ ({number(c.received, 'vi')}) ≠ đã giải quyết "
                                  f"({number(c.resolved, 'vi')}) + đang giải quyết ({number(c.in_progress, 'vi')}) "
                                  f"+ rút, trả lại ({number(c.withdrawn_returned, 'vi')}): chênh lệch "
                                  f"{number(c.gap, 'vi')} hồ sơ{unplaced}."))
        report.warnings.append(f"the dossier figures do not reconcile (gap {c.gap}): see `qms check`")
    return lines


def _issuer_of(qms: Qms, reference: str) -> str:
    """`` của Ủy ban nhân dân thành phố`` when the decision's title names its issuer."""
    number_part = reference.split()[0] if reference.split() else ""
    decision = next((d for d in qms.decisions if d.number == number_part), None)
    if decision is None:
        return ""
    match = re.match(r"^Quyết định (của .+?) về", decision.title)
    return f" {match[1]}" if match else ""


MISSING = "[chưa nhập: qms report edit --year {year}]"


def _narrative(text: ReportText | None, year: int, me: str) -> list[Line]:
    """Section II from the year's ``ReportText``; a visible placeholder where nothing was written."""
    missing = MISSING.format(year=year)
    paragraphs = [p.strip() for p in (text.assessment if text else "").split("\n\n") if p.strip()]
    lines = [Line("label", paragraphs[0] if paragraphs else missing, "Đánh giá chung:")]
    lines += [Line("para", p) for p in paragraphs[1:]]
    difficulties = text.difficulties if text else []
    intro = f"Việc xây dựng và áp dụng HTQLCL tại {me} còn gặp một số khó khăn, tồn tại như:"
    lines.append(Line("label", intro if difficulties else (missing if text is None else "Không có."),
                      "Khó khăn, tồn tại:"))
    lines += [Line("dash", item) for item in difficulties]
    recommendations = text.recommendations if text else []
    intro = (f"Để nâng cao hiệu quả trong công tác xây dựng và áp dụng HTQLCL góp phần hiện đại hóa nền hành chính "
             f"của {me} trong thời gian tới, {me} kiến nghị {ADDRESSEE}:")
    lines.append(Line("label", intro if recommendations else (missing if text is None else "Không có."),
                      "Kiến nghị:"))
    lines += [Line("dash", item) for item in recommendations]
    return lines


def recipient_lines(recipients: list[str]) -> list[str]:
    """``- Sở KH&CN;`` … ``- Lưu: VP/BQL.``: a semicolon after each, a full stop after the last."""
    items = [r.strip().rstrip(";.").strip() for r in recipients if r.strip()]
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


# -- plain text (80 columns) ------------------------------------------------------------------

LEFT, RIGHT = 38, 42
"""Widths of the two header columns: issuing body (left) and national motto (right)."""


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    wrapper = textwrap.TextWrapper(width=width, initial_indent=first, subsequent_indent=rest,
                                   break_long_words=True, break_on_hyphens=False)
    return wrapper.wrap(text) or [first.rstrip()]


def _centre(lines: list[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        for part in _wrap(line, width):
            out.append(part.center(width).rstrip() if len(part) < width else part)
    return out


def _columns(left: list[str], right: list[str], left_width: int = LEFT) -> list[str]:
    rows = max(len(left), len(right))
    left = left + [""] * (rows - len(left))
    right = right + [""] * (rows - len(right))
    return [(a.ljust(left_width) + b).rstrip() for a, b in zip(left, right, strict=True)]


def _rule(length: int) -> str:
    return "─" * max(length, 8)


def report_text(report: AnnualReport, width: int = WIDTH) -> str:
    """The report for a terminal or a plain-text printer: ``width`` columns, no escape codes."""
    right_width = width - LEFT
    left = [*_centre([report.parent_body, report.issuer], LEFT), _rule(len(report.issuer) // 3).center(LEFT).rstrip()]
    right = [*_centre(list(MOTTO), right_width), _rule(len(MOTTO[1])).center(right_width).rstrip()]
    out = _columns(left, right)
    out.append("")
    out += _columns(_centre([report.number_line], LEFT), _centre([report.dateline], right_width))
    out += ["", *_centre([TITLE], width)]
    out += [part.center(width).rstrip() for part in _wrap(SUBTITLE, min(width, 70))]
    out += [_rule(20).center(width).rstrip(), ""]
    previous = "heading1"
    for line in report.body:
        if line.kind in BLANK_BEFORE and not previous.startswith("heading"):
            out.append("")
        out += _text_line(line, width)
        previous = line.kind
    out += ["", *_wrap(report.closing, width, "  ", "  "), ""]
    left = ["Nơi nhận:", *(part for r in recipient_lines(report.recipients) for part in _wrap(r, LEFT - 2, "", "  "))]
    right = _centre([*report.signer, "", "", "", report.signer_name], right_width)
    out += _columns(left, right)
    return unicodedata.normalize("NFC", "\n".join(line.rstrip() for line in out) + "\n")


BLANK_BEFORE = ("heading1", "heading2", "label", "para")
"""Kinds of line that start a new block in plain text (lists, figures and notes run on)."""


def _text_line(line: Line, width: int) -> list[str]:
    if line.kind == "heading1":
        return [*_wrap(line.text, width), ""]
    if line.kind == "heading2":
        return [*_wrap(line.text, width), ""]
    if line.kind == "dash":
        return _wrap(line.text, width, "  - ", "    ")
    if line.kind == "plus":
        return _wrap(line.text, width, "    + ", "      ")
    if line.kind == "label":
        return _wrap(f"* {line.label} {line.text}", width, "  ", "    ")
    if line.kind == "figure":
        return _wrap(line.text, width, "  ", "      ")
    if line.kind == "subfigure":
        return _wrap(line.text, width, "      ", "      ")
    return _wrap(line.text, width, "  ", "  ")


# -- Markdown ----------------------------------------------------------------------------------


def report_markdown(report: AnnualReport) -> str:
    """The report as Markdown: the header and signature blocks as two-column tables, the body as text."""

    def md(text: str) -> str:
        return md_escape(text, line_start=False)

    header = [
        f"| {md(report.parent_body)}<br>**{md(report.issuer)}** | **{md(MOTTO[0])}**<br>**{md(MOTTO[1])}** |",
        "| :---: | :---: |",
        f"| {md(report.number_line)} | *{md(report.dateline)}* |",
    ]
    chunks = ["\n".join(header), f"# {TITLE}", f"**{md(SUBTITLE)}**"]
    for line in report.body:
        text = md(line.text)
        if line.kind == "heading1":
            chunks.append(f"## {text}")
        elif line.kind == "heading2":
            chunks.append(f"### {text}")
        elif line.kind == "dash":
            chunks.append(f"- {text}")
        elif line.kind == "plus":
            chunks.append(f"    - {text}")
        elif line.kind == "label":
            chunks.append(f"\\* **{md(line.label)}** {text}")
        else:
            chunks.append(md_escape(line.text))
    chunks.append(md_escape(report.closing))
    recipients = "<br>".join(md(r) for r in recipient_lines(report.recipients))
    signer = "<br>".join(f"**{md(s)}**" for s in report.signer) + "<br><br><br><br>" + f"**{md(report.signer_name)}**"
    chunks.append(f"| **Nơi nhận:**<br>{recipients} | {signer} |\n| :--- | :---: |")
    return "\n\n".join(chunks) + "\n"


# -- HTML ----------------------------------------------------------------------------------------

REPORT_CSS = """
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 14pt; line-height: 1.4;
       max-width: 17cm; margin: 2em auto; padding: 0 1em; color: #000; }
table.blocks { width: 100%; border-collapse: collapse; }
table.blocks td { vertical-align: top; text-align: center; padding: 0; }
table.blocks td.left { width: 42%; } table.blocks td.right { width: 58%; }
.parent { font-size: 13pt; }
.issuer, .motto1 { font-weight: bold; font-size: 13pt; }
.motto2 { font-weight: bold; }
.rule { display: inline-block; border-top: 1px solid #000; height: 0; margin: 0 0 .4em; }
.number { font-size: 13pt; }
.dateline { font-style: italic; }
h1 { text-align: center; font-size: 14pt; margin: 1.4em 0 0; }
p.subtitle { text-align: center; font-weight: bold; margin: 0 0 1em; text-indent: 0; }
h2 { font-size: 14pt; margin: .8em 0 .3em; }
h3 { font-size: 14pt; margin: .6em 0 .3em; }
p { margin: .25em 0; text-align: justify; text-indent: 1cm; }
p.figure { text-indent: 1cm; }
p.subfigure { text-indent: 2cm; }
p.closing { margin-top: .6em; }
td.recipients { text-align: left; font-size: 12pt; }
td.recipients p { text-indent: 0; margin: 0; text-align: left; }
.signer { font-weight: bold; }
.signer-name { font-weight: bold; margin-top: 4em; }
.missing { background: #fff3b0; }
@page { size: A4; margin: 2cm 1.5cm 2cm 3cm; }
@media print { body { margin: 0; max-width: none; } }
""".strip()


def report_html(report: AnnualReport) -> str:
    """The report as a self-contained, printable HTML page (A4, Times New Roman, Decree 30 layout)."""
    e = html.escape
    rule_left = f'<span class="rule" style="width:{max(len(report.issuer) // 3, 6)}ch"></span>'
    rule_right = f'<span class="rule" style="width:{len(MOTTO[1])}ch"></span>'
    parts = [
        '<table class="blocks"><tr>',
        f'<td class="left"><div class="parent">{e(report.parent_body)}</div>'
        f'<div class="issuer">{e(report.issuer)}</div>{rule_left}'
        f'<div class="number">{e(report.number_line).replace("  ", "&nbsp; ")}</div></td>',
        f'<td class="right"><div class="motto1">{e(MOTTO[0])}</div><div class="motto2">{e(MOTTO[1])}</div>'
        f'{rule_right}<div class="dateline">{e(report.dateline)}</div></td>',
        "</tr></table>",
        f"<h1>{e(TITLE)}</h1>",
        f'<p class="subtitle">{e(SUBTITLE)}</p>',
    ]
    missing = MISSING.format(year=report.year)
    for line in report.body:
        text = e(line.text).replace(e(missing), f'<span class="missing">{e(missing)}</span>')
        if line.kind == "heading1":
            parts.append(f"<h2>{text}</h2>")
        elif line.kind == "heading2":
            parts.append(f"<h3>{text}</h3>")
        elif line.kind == "dash":
            parts.append(f"<p>- {text}</p>")
        elif line.kind == "plus":
            parts.append(f"<p>+ {text}</p>")
        elif line.kind == "label":
            parts.append(f"<p>* <b>{e(line.label)}</b> {text}</p>")
        elif line.kind in ("figure", "subfigure"):
            parts.append(f'<p class="{line.kind}">{text}</p>')
        else:
            parts.append(f"<p>{text}</p>")
    parts.append(f'<p class="closing">{e(report.closing)}</p>')
    recipients = "".join(f"<p>{e(r)}</p>" for r in recipient_lines(report.recipients))
    signer = "".join(f'<div class="signer">{e(s)}</div>' for s in report.signer)
    parts += [
        '<table class="blocks"><tr>',
        f'<td class="left recipients"><p><b><i>Nơi nhận:</i></b></p>{recipients}</td>',
        f'<td class="right">{signer}<div class="signer-name">{e(report.signer_name)}</div></td>',
        "</tr></table>",
    ]
    title = f"{TITLE} {report.number_line} — {report.dateline}"
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>\n{REPORT_CSS}\n</style>\n</head>\n<body>\n"
        + "\n".join(parts)
        + "\n</body>\n</html>\n"
    )


def render_report(report: AnnualReport, fmt: str) -> str:
    """The report in one of the text formats of ``REPORT_FORMATS`` (``render_report_bytes`` for docx)."""
    if fmt == "text":
        return report_text(report)
    if fmt == "markdown":
        return report_markdown(report)
    if fmt == "html":
        return report_html(report)
    if fmt in BINARY_FORMATS:
        raise ReportError(f"{fmt!r} is a binary format: make it with render_report_bytes and write it to a file")
    raise ReportError(f"{fmt!r}: choose one of {', '.join(REPORT_FORMATS)}")


def render_report_bytes(report: AnnualReport, fmt: str) -> bytes:
    """The report as the content of a file in any of ``REPORT_FORMATS``: docx as is, the others in UTF-8."""
    if fmt == "docx":
        from qms_tui.reports.annual_docx import report_docx  # imported here: it loads python-docx

        return report_docx(report)
    return render_report(report, fmt).encode("utf-8")


def render_report_content(report: AnnualReport, fmt: str) -> str | bytes:
    """The report in any of ``REPORT_FORMATS``: text for the text formats, bytes for the binary ones."""
    return render_report_bytes(report, fmt) if fmt in BINARY_FORMATS else render_report(report, fmt)
