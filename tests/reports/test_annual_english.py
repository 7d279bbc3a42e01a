"""The annual report in English (``--lang en``, ``QMS_LANG=en``): no Vietnamese sentence, the same figures as
the Vietnamese report, in every format.

"No Vietnamese sentence" is checked with a heuristic: every word with a Vietnamese letter (a diacritic or
đ) must be a word of the store's own data (names, titles, numbers of documents, the narrative), which
the report writes as stored; a word the report itself adds in Vietnamese fails.
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
from pathlib import Path

import docx
import pytest

from qms_tui.reports.annual import build_report, render_report
from qms_tui.store import open_store

WORD = re.compile(r"\w+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (*_strings(key), *_strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


def _vietnamese(word: str) -> bool:
    """A word with a letter outside ASCII: a Vietnamese diacritic or đ."""
    return any(ord(ch) > 127 for ch in word)


@pytest.fixture
def allowed(demo_db: Path) -> set[str]:
    """Every word of the store's own data (the store file and its shards), case-folded."""
    files = [demo_db, *sorted(Path(f"{demo_db}.shards").glob("*.json"))]
    words: set[str] = set()
    for path in files:
        for text in _strings(json.loads(path.read_text(encoding="utf-8"))):
            words.update(_fold(w) for w in WORD.findall(text))
    return words


def foreign_words(text: str, allowed: set[str]) -> set[str]:
    """The Vietnamese words of ``text`` that are not words of the store's data."""
    return {w for w in WORD.findall(unicodedata.normalize("NFC", text)) if _vietnamese(w) and _fold(w) not in allowed}


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def html_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_heuristic_finds_the_vietnamese_reports_own_words(demo_db: Path, allowed: set[str]):
    """The check can fail: the Vietnamese report has words of its own that are not the store's data."""
    text = render_report(build_report(open_store(demo_db, read_only=True).snapshot(), 2024), "text")
    found = foreign_words(text, allowed)
    assert {"cộng", "hòa", "nơi", "chiếu", "trân", "ngoặc", "vuông"} <= {_fold(w) for w in found}


def test_the_english_report_has_no_vietnamese_sentence(demo_db: Path, allowed: set[str]):
    report = build_report(open_store(demo_db, read_only=True).snapshot(), 2024, lang="en")
    for fmt in ("text", "markdown", "html"):
        text = render_report(report, fmt)
        assert foreign_words(html_text(text) if fmt == "html" else text, allowed) == set(), fmt
    text = render_report(report, "text")
    assert "REPORT" in text and "SOCIALIST REPUBLIC OF VIET NAM" in text and "Recipients:" in text
    assert "No.: 3966/BC-BQL" in text and "Hải Phòng, 2024-09-05" in text  # the place as stored, an ISO date
    words = " ".join(text.split())  # as read, whatever the line breaks
    assert "Decree No. 35/2023/NĐ-CP" in words  # a legal reference: the sentence English, the number as issued
    assert "Luật Tài nguyên nước (No. 28/2023/QH15)" in words  # a law keeps its Vietnamese title
    remit = open_store(demo_db, read_only=True).snapshot().organisation.tthc_remit_decision
    assert remit.endswith("15/12/2023")  # data: a decision's number and date, as the agency wrote them
    body = "\n".join(line.text for line in report.body).replace(remit, "")
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", body)  # no dd/mm/yyyy date in English


def test_the_english_report_keeps_the_figures_of_the_vietnamese_one(demo_db: Path):
    qms = open_store(demo_db, read_only=True).snapshot()
    vi, en = build_report(qms, 2024), build_report(qms, 2024, lang="en")
    assert vi.counts == en.counts and vi.coverage == en.coverage == (55, 55)
    assert [line.kind for line in vi.body] == [line.kind for line in en.body]
    figures = [(a, b) for a, b in zip(vi.body, en.body, strict=True) if a.kind in ("figure", "subfigure", "note")]
    assert len(figures) >= 14
    for a, b in figures:  # the same numbers in the same order (84,1% is 84.1%)
        assert NUMBER.findall(a.text.replace(",", ".")) == NUMBER.findall(b.text), (a.text, b.text)
    english = render_report(en, "text")
    for line in ("(1) Dossiers to resolve, in total: 578 dossiers", "Newly received: 454 dossiers",
                 "Carried over from the previous period: 124 dossiers", "(2) Resolved: 439 dossiers",
                 "Resolved on time: 369 dossiers", "Resolved late: 70 dossiers", "(3) In progress: 113 dossiers",
                 "(4) Withdrawn or returned (not resolved): 26 dossiers", "resolved on time: 84.1%."):
        assert line in english


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "docx"])
def test_qms_report_lang_en_in_every_format(run, demo_db: Path, tmp_path: Path, allowed: set[str], fmt: str):
    out = tmp_path / f"report.{fmt}"
    result = run("report", "--db", str(demo_db), "--lang", "en", "-f", fmt, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    if fmt == "docx":
        text = docx_text(out.read_bytes())
        assert docx.Document(str(out)).core_properties.language == "en-GB"
    else:
        text = out.read_text(encoding="utf-8")
        if fmt == "html":
            assert '<html lang="en">' in text
            text = html_text(text)
    assert "REPORT" in text and "578 dossiers" in text and "Recipients:" in text
    assert foreign_words(text, allowed) == set()


def test_qms_lang_picks_english_and_the_default_stays_vietnamese(run, demo_db: Path):
    english = run("report", "--db", str(demo_db), env={"QMS_LANG": "en"})
    assert english.exit_code == 0 and "(1) Dossiers to resolve, in total: 578 dossiers" in english.stdout
    vietnamese = run("report", "--db", str(demo_db))
    assert vietnamese.exit_code == 0 and "(1) Tổng số hồ sơ yêu cầu giải quyết TTHC: 578 Hồ sơ" in vietnamese.stdout


def test_english_warnings_and_errors(run, demo_db: Path):
    store = open_store(demo_db)
    with store.transaction() as tx:
        tx.delete("report_texts", "2024")
    result = run("report", "--db", str(demo_db), "--lang", "en")
    assert result.exit_code == 0
    assert "[not written yet: qms report edit --year 2024]" in result.stdout
    assert "qms: warning: no report text for 2024" in result.stderr
    result = run("report", "--db", str(demo_db), "--lang", "en", "--year", "2025")
    assert result.exit_code == 1 and result.stderr == "qms: 2025 has not started yet (as of 2024-09-01)\n"
