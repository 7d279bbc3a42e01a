"""``qms report`` as a Word file: the demo report in the Decree 30 layout, opened back with python-docx."""

from __future__ import annotations

import errno
import io
import os
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn

from qms_tui.reports.annual import (
    AnnualReport,
    build_report,
    recipient_lines,
    render_report,
    render_report_bytes,
    report_text,
)
from qms_tui.reports.annual_docx import report_docx
from qms_tui.store import StoreError, open_store
from reports.test_annual_report import SEED_LINES, lines_of

TITLE = "BÁO CÁO"
SUBTITLE = ("Tình hình xây dựng và áp dụng, duy trì, cải tiến Hệ thống quản lý chất lượng "
            "theo tiêu chuẩn quốc gia TCVN ISO 9001:2015")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
MISSING = "[chưa nhập: qms report edit --year {year}]"
"""The Vietnamese report's fixed words, as Decree 30 and the seed write them."""

PREFIX = {"dash": "- ", "plus": "+ "}


def demo_report(db: Path) -> AnnualReport:
    return build_report(open_store(db, read_only=True).snapshot(), 2024)


def open_docx(content: bytes) -> Document:
    return docx.Document(io.BytesIO(content))


def body_texts(document: Document) -> list[str]:
    """The text of every paragraph outside the tables, in order."""
    return [p.text for p in document.paragraphs]


def expected(line) -> str:  # type: ignore[no-untyped-def]
    """A body line as the docx writes it: its ``- ``/``+ ``/``* label`` prefix, then its text."""
    if line.kind == "label":
        return f"* {line.label} {line.text}"
    return PREFIX.get(line.kind, "") + line.text


@pytest.fixture
def annual(demo_db: Path) -> AnnualReport:
    return demo_report(demo_db)


@pytest.fixture
def document(annual: AnnualReport) -> Document:
    return open_docx(report_docx(annual))


def test_the_page_is_a4_with_the_decree_30_margins(document):
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.cm, 2) for m in margins] == [2.0, 2.0, 3.0, 1.5]
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14
    assert document.core_properties.language == "vi-VN"
    assert document.core_properties.title.startswith("BÁO CÁO Số: 3966/BC-BQL")
    assert document.core_properties.author != "python-docx"


def test_title_and_subtitle_are_centred_and_bold(document):
    paragraphs = document.paragraphs
    assert paragraphs[0].text == TITLE and paragraphs[1].text == SUBTITLE
    for paragraph in paragraphs[:2]:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraph.runs)


def test_every_body_line_appears_in_order_then_the_closing(document, annual):
    texts = body_texts(document)
    start = texts.index(expected(annual.body[0]))
    assert texts[start : start + len(annual.body)] == [expected(line) for line in annual.body]
    assert texts[start + len(annual.body)] == annual.closing
    assert texts[start + len(annual.body)].endswith("trân trọng báo cáo./.")


def test_the_figures_of_section_i2_equal_the_text_rendering(document, annual):
    texts = body_texts(document)
    start = texts.index(SEED_LINES[0])
    assert texts[start : start + len(SEED_LINES)] == SEED_LINES
    text_lines = lines_of(report_text(annual))
    first = text_lines.index(SEED_LINES[0])
    assert texts[start : start + len(SEED_LINES)] == text_lines[first : first + len(SEED_LINES)]


def test_paragraph_kinds_are_laid_out_like_the_html(document, annual):
    by_text = {p.text: p for p in document.paragraphs}
    for line in annual.body:
        paragraph = by_text[expected(line)]
        if line.kind.startswith("heading"):
            assert paragraph.style.name == ("Heading 1" if line.kind == "heading1" else "Heading 2")
            assert paragraph.style.font.bold
            continue
        assert paragraph.style.name == "Body Text"
        indent = paragraph.paragraph_format.first_line_indent or paragraph.style.paragraph_format.first_line_indent
        assert round(indent.cm, 2) == (2 if line.kind == "subfigure" else 1), line
        alignment = paragraph.alignment or paragraph.style.paragraph_format.alignment
        assert alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        if line.kind == "label":
            bold = [run.text for run in paragraph.runs if run.bold]
            assert bold == [line.label]


def test_vietnamese_keeps_its_diacritics_composed(document, annual):
    everything = "\n".join(body_texts(document))
    cells = "\n".join(p.text for table in document.tables for row in table.rows for cell in row.cells
                      for p in cell.paragraphs)
    for phrase in ("Tình hình giải quyết các thủ tục hành chính", "ĐÁNH GIÁ, NHẬN XÉT", "Đối chiếu"):
        assert phrase in everything
    for phrase in (*MOTTO, "BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG", "Hải Phòng, ngày 05 tháng 9 năm 2024", "Bùi Ngọc Hải"):
        assert phrase in cells
    assert everything == unicodedata.normalize("NFC", everything) and cells == unicodedata.normalize("NFC", cells)


def test_header_and_signature_are_borderless_two_column_tables(document, annual):
    header, signature = document.tables
    for table in (header, signature):
        assert len(table.columns) == 2
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert borders is not None and len(borders) == 6
        assert {b.get(qn("w:val")) for b in borders} <= {"nil", "none"}
        assert table._tbl.tblPr.find(qn("w:tblStyle")) is None  # no table style to bring borders back
        assert not table._tbl.findall(".//" + qn("w:tcBorders"))
    left, right = (cell.paragraphs for cell in header.rows[0].cells)
    assert [p.text for p in left[:2]] == [annual.parent_body, annual.issuer]
    assert left[1].runs[0].bold and left[0].runs[0].font.size.pt == 13
    assert [p.text for p in right[:2]] == list(MOTTO) and all(p.runs[0].bold for p in right[:2])
    assert left[2].text == "" and left[2]._p.pPr.find(qn("w:pBdr")) is not None  # the short rule
    number, dateline = (cell.paragraphs[0] for cell in header.rows[1].cells)
    assert number.text == "Số: 3966/BC-BQL"
    assert dateline.text == "Hải Phòng, ngày 05 tháng 9 năm 2024" and dateline.runs[0].italic
    recipients, signer = (cell.paragraphs for cell in signature.rows[0].cells)
    assert recipients[0].text == "Nơi nhận:" and recipients[0].runs[0].bold and recipients[0].runs[0].italic
    assert [p.text for p in recipients[1:]] == recipient_lines(annual.recipients)
    assert all(p.runs[0].font.size.pt == 12 for p in recipients)
    assert [p.text for p in signer] == [*annual.signer, annual.signer_name]
    assert all(p.runs[0].bold for p in signer)
    assert signer[-1].paragraph_format.space_before.pt >= 40  # room to sign


def test_a_missing_narrative_is_highlighted(demo_db):
    store = open_store(demo_db)
    with store.transaction() as tx:
        tx.delete("report_texts", "2024")
    annual = demo_report(demo_db)
    document = open_docx(report_docx(annual))
    missing = MISSING.format(year=2024)
    runs = [run for p in document.paragraphs for run in p.runs if run.text == missing]
    assert len(runs) == 3  # assessment, difficulties, recommendations
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW for run in runs)
    assert "* Đánh giá chung: " + missing in body_texts(document)
    assert document.tables[0].rows[1].cells[0].paragraphs[0].text == "Số:       /BC-BQL"  # room for the number


def test_nothing_is_highlighted_when_the_narrative_is_written(document):
    assert not [run for p in document.paragraphs for run in p.runs if run.font.highlight_color is not None]


def test_render_report_keeps_text_formats_as_text(annual):
    assert isinstance(render_report(annual, "html"), str)
    assert render_report_bytes(annual, "text") == render_report(annual, "text").encode("utf-8")
    assert render_report_bytes(annual, "docx").startswith(b"PK")
    with pytest.raises(ValueError, match="binary"):
        render_report(annual, "docx")


# -- the command line -------------------------------------------------------------------------------


def test_output_docx_writes_a_word_file(run, demo_db, tmp_path):
    out = tmp_path / "bao-cao.docx"
    result = run("report", "--db", str(demo_db), "--year", "2024", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"đã ghi {out}" in result.stderr
    content = out.read_bytes()
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert content.startswith(b"PK") and "word/document.xml" in names
    assert not [name for name in names if "thumbnail" in name]  # not python-docx's picture of an empty page
    assert SEED_LINES[0] in body_texts(open_docx(content))
    explicit = tmp_path / "report.bin"
    assert run("report", "--db", str(demo_db), "--year", "2024", "-f", "docx", "-o", str(explicit)).exit_code == 0
    assert explicit.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp file left


def test_docx_without_output_is_a_one_line_error_and_writes_nothing(run, demo_db, tmp_path):
    before = sorted(tmp_path.rglob("*"))
    result = run("report", "--db", str(demo_db), "--year", "2024", "--format", "docx")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("qms: ")
    assert "--output" in result.stderr and ".docx" in result.stderr  # Vietnamese by default: "--output TỆP.docx"
    assert sorted(tmp_path.rglob("*")) == before


def test_a_docx_that_cannot_be_written_leaves_no_file(run, demo_db, tmp_path, monkeypatch):
    out = tmp_path / "bao-cao.docx"
    out.write_bytes(b"the earlier file")

    def disk_full(handle: int) -> None:  # the data is written, then the disk is full when it is synced
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StoreError, match=f"cannot write .*bao-cao.docx: {os.strerror(errno.ENOSPC)}"):
        run("report", "--db", str(demo_db), "--year", "2024", "-o", str(out))
    monkeypatch.undo()
    assert out.read_bytes() == b"the earlier file"  # untouched, and no temp file beside it
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    with pytest.raises(StoreError, match="cannot write"):
        run("report", "--db", str(demo_db), "--year", "2024", "-o", str(tmp_path / "no-such-folder" / "x.docx"))
    assert not (tmp_path / "no-such-folder").exists()
