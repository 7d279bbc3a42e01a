"""The annual report as a Word file (.docx), the way agencies send and edit it.

``report_docx`` lays out the same ``AnnualReport`` as ``annual.report_html``, in the presentation of
Decree 30/2020/NĐ-CP: A4, margins 2 cm top and bottom, 3 cm left, 1.5 cm right; Times New Roman 14 pt
(13 pt for the header blocks, 12 pt for the recipients); the header and the signature as borderless
two-column tables; the body justified with a 1 cm first-line indent; page numbers centred at the top
from page 2. The placeholder of a narrative not yet written stays highlighted, as in HTML.

python-docx is imported inside ``report_docx`` only: a one-shot ``qms`` command never loads it unless it
writes a .docx file.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from qms_tui.i18n import t
from qms_tui.reports.annual_model import ISO_NAME, AnnualReport, Line, recipient_lines

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT, HEADER_PT, RECIPIENTS_PT = 14, 13, 12
PAGE_CM = (21.0, 29.7)
"""A4, portrait."""
MARGINS_CM = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 1.5}
LEFT_CM, RIGHT_CM = 6.0, 10.5
"""The columns of the header and signature tables (together the 16.5 cm between the margins): the right
one holds ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`` on one line in 13 pt bold."""
CELL_MARGIN_CM = 0.19
"""Word's default left and right padding of a table cell."""
INDENT_CM = 1.0
SUBFIGURE_INDENT_CM = 2.0
SIGNATURE_SPACE_PT = 72
"""Room above the signer's name for the signature and the seal."""
LANGUAGES = {"vi": "vi-VN", "en": "en-GB"}
"""The language Word checks the spelling in, by the report's language."""
PREFIXES = {"dash": "- ", "plus": "+ "}

_NO_BORDER = ("top", "left", "bottom", "right", "insideH", "insideV")
_PBDR_SUCCESSORS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
"""What follows ``w:pBdr`` in a paragraph's properties (the schema fixes the order)."""
_TBLBORDERS_SUCCESSORS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                          "w:tblDescription", "w:tblPrChange")


def nfc(text: str) -> str:
    """Vietnamese in its composed form (``ệ`` one character), as Word and the text rendering write it."""
    return unicodedata.normalize("NFC", text)


def report_docx(report: AnnualReport) -> bytes:
    """The report as the bytes of a .docx file (A4, Times New Roman, Decree 30 layout)."""
    import docx  # imported here: start-up time of one-shot commands

    document = docx.Document()
    _page_setup(document)
    _styles(document, LANGUAGES.get(report.lang, "vi-VN"))
    _properties(document, report)
    _header_block(document, report)
    _title(document, report)
    missing = report.missing
    for line in report.body:
        _body_line(document, line, missing)
    closing = document.add_paragraph(style="Body Text")
    _add_text(closing, report.closing, missing)
    closing.paragraph_format.space_before = _pt(6)
    closing.paragraph_format.keep_with_next = True
    _signature_block(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- units and XML helpers ---------------------------------------------------------------------------


def _pt(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


def _cm(value: float) -> Any:
    from docx.shared import Cm

    return Cm(value)


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _set_fonts(r_pr: Any, name: str = FONT) -> None:
    """Every script of ``r_pr`` in ``name`` (theme fonts, which would win over it, removed)."""
    from docx.oxml.ns import qn

    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _element("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)


def _set_language(r_pr: Any, language: str) -> None:
    from docx.oxml.ns import qn

    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = _element("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), language)


# -- the page, the styles and the file's properties -------------------------------------------------


def _page_setup(document: DocxDocument) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = _cm(PAGE_CM[0]), _cm(PAGE_CM[1])
    section.top_margin, section.bottom_margin = _cm(MARGINS_CM["top"]), _cm(MARGINS_CM["bottom"])
    section.left_margin, section.right_margin = _cm(MARGINS_CM["left"]), _cm(MARGINS_CM["right"])
    section.header_distance = _cm(1.0)
    # Decree 30: page numbers centred in the top margin, none on the first page.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = _element("w:fldSimple", instr=" PAGE ")
    run = _element("w:r")
    text = _element("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    number._p.append(field)


def _styles(document: DocxDocument, language: str) -> None:
    """Times New Roman and Vietnamese everywhere; ``Body Text`` for the body; black, bold headings."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(r_pr)
    _set_language(r_pr, language)
    for size in (r_pr.find(qn("w:sz")), r_pr.find(qn("w:szCs"))):
        if size is not None:
            size.set(qn("w:val"), str(BODY_PT * 2))
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if spacing is not None:  # Word's single spacing, no space after: each paragraph below says its own
        for name, value in (("after", "0"), ("line", "240"), ("lineRule", "auto")):
            spacing.set(qn(f"w:{name}"), value)

    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, _pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr())

    body = document.styles["Body Text"]
    body.font.size = _pt(BODY_PT)
    _set_fonts(body.element.get_or_add_rPr())
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = _cm(INDENT_CM)
    fmt.space_before, fmt.space_after = _pt(3), _pt(3)
    fmt.line_spacing = 1.15
    fmt.widow_control = True
    body.next_paragraph_style = body

    for name, before in (("Heading 1", 12), ("Heading 2", 6)):
        heading = document.styles[name]
        heading.font.size, heading.font.bold, heading.font.italic = _pt(BODY_PT), True, False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(heading.element.get_or_add_rPr())
        fmt = heading.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.space_before, fmt.space_after = _pt(before), _pt(3)
        fmt.line_spacing = 1.15
        fmt.keep_with_next = True
        heading.next_paragraph_style = body

    header = document.styles["Header"]
    header.font.size = _pt(BODY_PT)
    _set_fonts(header.element.get_or_add_rPr())


def _properties(document: DocxDocument, report: AnnualReport) -> None:
    """Title, subject, language and author of the file (File ▸ Info in Word); not python-docx's defaults."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    properties = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties.title = nfc(" ".join(f"{report.title} {report.number_line} — {report.dateline}".split()))
    properties.subject = nfc(report.subtitle)
    properties.language = LANGUAGES.get(report.lang, "vi-VN")
    properties.author = properties.last_modified_by = nfc(report.issuer)
    properties.keywords = ISO_NAME
    properties.comments = ""
    properties.category = t("ar_doc_category", report.lang)
    properties.created = properties.modified = now
    properties.revision = 1
    package = document.part.package
    for key, relationship in list(package.rels.items()):  # the template's picture of an empty page
        if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[key]


# -- paragraphs --------------------------------------------------------------------------------------


def _add_text(paragraph: Paragraph, text: str, missing: str = "", **font: Any) -> None:
    """``text`` as runs of ``paragraph``, the placeholder ``missing`` highlighted yellow wherever it is."""
    from docx.enum.text import WD_COLOR_INDEX

    text = nfc(text)
    parts = text.split(nfc(missing)) if missing else [text]
    for i, part in enumerate(parts):
        if i:
            run = paragraph.add_run(nfc(missing))
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            _font(run, **font)
        if part:
            _font(paragraph.add_run(part), **font)


def _font(run: Any, bold: bool | None = None, italic: bool | None = None, size: float | None = None) -> None:
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if size is not None:
        run.font.size = _pt(size)


def _plain(paragraph: Paragraph, alignment: Any = None) -> Paragraph:
    """A paragraph without spacing or indent (the header and signature blocks, the title)."""
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = _pt(0)
    fmt.first_line_indent = _cm(0)
    fmt.line_spacing = 1.0
    if alignment is not None:
        fmt.alignment = alignment
    return paragraph


def _line(container: Any, text: str, alignment: Any, **font: Any) -> Paragraph:
    """One centred (or left) line of a block: a new paragraph of ``container`` (a cell or the document)."""
    paragraph = _plain(container.add_paragraph(), alignment)
    _add_text(paragraph, text, **font)
    return paragraph


def _rule(container: Any, width_cm: float, room_cm: float) -> Paragraph:
    """A short horizontal line, ``width_cm`` long, centred in ``room_cm``: the bottom border of a tiny
    empty paragraph (Decree 30 draws one under the issuer, the motto and the title)."""
    paragraph = _plain(container.add_paragraph())
    side = max((room_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = _cm(side)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = _element("w:pBdr")
    borders.append(_element("w:bottom", val="single", sz="6", space="1", color="000000"))
    p_pr.insert_element_before(borders, *_PBDR_SUCCESSORS)
    mark = _element("w:rPr")  # the empty paragraph's mark, 1 pt: the line takes almost no height
    mark.append(_element("w:sz", val="2"))
    mark.append(_element("w:szCs", val="2"))
    p_pr.insert_element_before(mark, "w:sectPr", "w:pPrChange")
    return paragraph


def _title(document: DocxDocument, report: AnnualReport) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    centre = WD_ALIGN_PARAGRAPH.CENTER
    title = _line(document, report.title, centre, bold=True, size=BODY_PT)
    title.paragraph_format.space_before = _pt(18)
    title.paragraph_format.keep_with_next = True
    subtitle = _line(document, report.subtitle, centre, bold=True, size=BODY_PT)
    subtitle.paragraph_format.keep_with_next = True
    rule = _rule(document, 4.0, _text_width())
    rule.paragraph_format.space_after = _pt(12)


def _body_line(document: DocxDocument, line: Line, missing: str) -> None:
    if line.kind in ("heading1", "heading2"):
        heading = document.add_paragraph(style="Heading 1" if line.kind == "heading1" else "Heading 2")
        _add_text(heading, line.text, missing)
        return
    paragraph = document.add_paragraph(style="Body Text")
    if line.kind == "label":
        paragraph.add_run("* ")
        _add_text(paragraph, line.label, bold=True)
        paragraph.add_run(" ")
    else:
        prefix = PREFIXES.get(line.kind, "")
        if prefix:
            paragraph.add_run(prefix)
    _add_text(paragraph, line.text, missing)
    if line.kind == "subfigure":
        paragraph.paragraph_format.first_line_indent = _cm(SUBFIGURE_INDENT_CM)


# -- the two-column blocks ---------------------------------------------------------------------------


def _text_width() -> float:
    return PAGE_CM[0] - MARGINS_CM["left"] - MARGINS_CM["right"]


def _blocks(document: DocxDocument, rows: int) -> Table:
    """A borderless table of two columns (``LEFT_CM``, ``RIGHT_CM``) whose rows do not break across pages."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml.ns import qn

    table = document.add_table(rows=rows, cols=2)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = _element("w:tblBorders")
    for side in _NO_BORDER:
        borders.append(_element(f"w:{side}", val="nil"))
    tbl_pr.insert_element_before(borders, *_TBLBORDERS_SUCCESSORS)
    width = tbl_pr.find(qn("w:tblW"))
    if width is not None:  # the whole width between the margins, not "auto"
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(round((LEFT_CM + RIGHT_CM) / 2.54 * 1440)))
    for column, width in zip(table.columns, (LEFT_CM, RIGHT_CM), strict=True):
        column.width = _cm(width)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(_element("w:cantSplit"))
        for cell, width in zip(row.cells, (LEFT_CM, RIGHT_CM), strict=True):
            cell.width = _cm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


def _fill(cell: _Cell) -> _Cell:
    """A new cell holds one empty paragraph: take it out, so that the cell holds only what is added."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def _header_block(document: DocxDocument, report: AnnualReport) -> None:
    """Issuing body | national motto, each over a short rule; then the number | the place and date."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    centre = WD_ALIGN_PARAGRAPH.CENTER
    table = _blocks(document, rows=2)
    left, right = (_fill(cell) for cell in table.rows[0].cells)
    motto = report.motto
    _line(left, report.parent_body, centre, size=HEADER_PT)
    _line(left, report.issuer, centre, bold=True, size=HEADER_PT)
    _rule(left, max(len(report.issuer) // 3, 6) * 0.5 * HEADER_PT / 28.35, LEFT_CM - 2 * CELL_MARGIN_CM)
    _line(right, motto[0], centre, bold=True, size=HEADER_PT)
    _line(right, motto[1], centre, bold=True, size=BODY_PT)
    _rule(right, len(motto[1]) * 0.45 * BODY_PT / 28.35, RIGHT_CM - 2 * CELL_MARGIN_CM)
    left, right = (_fill(cell) for cell in table.rows[1].cells)
    number = _line(left, report.number_line, centre, size=HEADER_PT)
    number.paragraph_format.space_before = _pt(6)
    _keep_spaces(number)
    dateline = _line(right, report.dateline, centre, italic=True, size=BODY_PT)
    dateline.paragraph_format.space_before = _pt(6)


def _keep_spaces(paragraph: Paragraph) -> None:
    """Keep runs of spaces as typed (``Số:      /BC-BQL`` leaves room for the number)."""
    from docx.oxml.ns import qn

    for text in paragraph._p.iter(qn("w:t")):
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _signature_block(document: DocxDocument, report: AnnualReport) -> None:
    """``Nơi nhận:`` and the recipients | the signer's title, room to sign, the signer's name."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = _blocks(document, rows=1)
    left, right = (_fill(cell) for cell in table.rows[0].cells)
    heading = _line(left, t("ar_recipients", report.lang), WD_ALIGN_PARAGRAPH.LEFT, bold=True, italic=True,
                    size=RECIPIENTS_PT)
    heading.paragraph_format.space_before = _pt(6)
    for recipient in recipient_lines(report.recipients):
        _line(left, recipient, WD_ALIGN_PARAGRAPH.LEFT, size=RECIPIENTS_PT)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(report.signer):
        signer = _line(right, line, centre, bold=True, size=BODY_PT)
        if i == 0:
            signer.paragraph_format.space_before = _pt(6)
    name = _line(right, report.signer_name, centre, bold=True, size=BODY_PT)
    name.paragraph_format.space_before = _pt(SIGNATURE_SPACE_PT)
