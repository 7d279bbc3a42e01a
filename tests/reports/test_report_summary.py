"""``qms summary`` in every format, in Vietnamese and English, for the demo store."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.cells import cell_len

from qms_tui import i18n
from qms_tui.domain.models import Dossier
from qms_tui.reports import summary as summary_module
from qms_tui.reports.summary import reconciliation_line, summary_renderable
from qms_tui.store import open_store
from reports.conftest import SEED

DEMO_PERIOD = ("--from", "2024-01-01", "--to", "2024-09-01")


def summary(run, db: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = run("summary", "--db", str(db), *DEMO_PERIOD, *args, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def assert_plain_80(text: str) -> None:
    assert "\x1b" not in text and "\r" not in text
    assert text == unicodedata.normalize("NFC", text)
    for line in text.splitlines():
        assert cell_len(line) <= 80, line
        assert line == line.rstrip()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_text_has_no_escape_codes_and_fits_80_columns(run, demo_db, lang):
    text = summary(run, demo_db, "--format", "text", "--lang", lang)
    assert_plain_80(text)
    assert "578" in text and "439" in text and "113" in text


def test_vietnamese_text_reads_as_the_report(run, demo_db):
    text = summary(run, demo_db)
    assert "Tổng số hồ sơ yêu cầu giải quyết" in text
    assert "578 = 439 + 113 + 26 ✓ khớp" in text
    assert "84,1%" in text  # Vietnamese decimal comma
    assert "01/01/2024 – 01/09/2024" in text
    assert "TTHC vào HTQLCL: 55/55" in text and "66/55" not in text


def test_markdown_is_real_markdown_with_a_pipe_table(run, demo_db):
    text = summary(run, demo_db, "--format", "markdown")
    assert "```" not in text
    assert text.startswith("# ")
    assert re.search(r"^## Hồ sơ TTHC$", text, re.M)
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert any(re.fullmatch(r"\|.*Tổng số hồ sơ yêu cầu giải quyết.*\|\s*\**578\**\s*\|", row) for row in rows)
    assert any(re.fullmatch(r"\|( ?:?-{3,}:? ?\|)+", row) for row in rows)  # the delimiter row
    assert re.search(r"^- ", text, re.M)  # a list


class _Page(HTMLParser):
    """Collects what a test needs from a page: tags with attributes, text, and unclosed tags."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    assert page.doctype.lower() == "doctype html"
    assert page.open == []
    return page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_html_is_a_self_contained_page_in_the_language(run, demo_db, lang):
    page = parse_page(summary(run, demo_db, "--format", "html", "--lang", lang))
    html_tag = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html_tag["lang"] == lang
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert any(tag == "title" for tag, _ in page.tags)
    assert not any(tag in ("script", "link") for tag, _ in page.tags)  # nothing fetched from elsewhere
    text = "".join(page.text)
    rate = "84,1%" if lang == "vi" else "84.1%"
    assert "578" in text and "439" in text and rate in text


def test_svg_is_riches_console_export(run, demo_db):
    text = summary(run, demo_db, "--format", "svg")
    assert text.startswith("<svg")
    assert "578" in text


def test_json_has_the_seed_figures(run, demo_db):
    data = json.loads(summary(run, demo_db, "--format", "json"))
    assert data["period"]["from"] == "2024-01-01" and data["period"]["to"] == "2024-09-01"
    assert {key: data["dossiers"][key] for key in SEED} == SEED
    assert data["dossiers"]["reconciles"] is True
    assert data["procedures"]["tthc_in_qms"] == 55 and data["procedures"]["tthc_in_remit"] == 55


@pytest.mark.parametrize(("name", "marker"), [
    ("out.md", "## "), ("out.html", "<!DOCTYPE html>"), ("out.svg", "<svg"), ("out.json", '"dossiers"'),
    ("out.txt", "578 = 439"),
])
def test_the_format_follows_the_output_extension(run, demo_db, tmp_path, name, marker):
    out = tmp_path / name
    result = run("summary", "--db", str(demo_db), *DEMO_PERIOD, "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert marker in out.read_text(encoding="utf-8")


def test_an_explicit_format_wins_over_the_extension(run, demo_db, tmp_path):
    out = tmp_path / "out.html"
    assert run("summary", "--db", str(demo_db), "--format", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["dossiers"]["received"] == 578


def _vietnamese_labels_used(monkeypatch: pytest.MonkeyPatch, render) -> set[str]:
    used: set[str] = set()
    real = summary_module.t

    def recording(key: str, lang: str = "vi", /, **values: object) -> str:
        used.add(key)
        return real(key, lang, **values)

    monkeypatch.setattr(summary_module, "t", recording)
    render()
    return used


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_english_leaves_no_vietnamese_label(run, demo_db, monkeypatch, fmt):
    output: list[str] = []
    used = _vietnamese_labels_used(
        monkeypatch, lambda: output.append(summary(run, demo_db, "--format", fmt, "--lang", "en")))
    english = output[0]
    data = demo_db.read_text(encoding="utf-8")  # the data's own Vietnamese names may stay
    assert len(used) > 40
    for key in sorted(used):
        vi, en = i18n.t(key, "vi"), i18n.t(key, "en")
        assert vi != key, f"{key}: not in the catalogues"  # every label the summary uses exists
        if vi == en or vi in data or vi.lower() in data.lower():
            continue
        assert vi not in english, f"{key}: {vi!r} left in the English summary"
    assert "84.1%" in english and "84,1%" not in english
    assert "2024-09-01" in english and "01/09/2024" not in english  # dates one way, ISO


def test_qms_lang_environment_selects_english(run, demo_db):
    text = summary(run, demo_db, env={"QMS_LANG": "en"})
    assert "Received (to resolve)" in text and "Tổng số hồ sơ yêu cầu giải quyết" not in text


def test_numbers_follow_the_language():
    assert i18n.number(1234.5, "vi", 1) == "1.234,5"
    assert i18n.number(1234.5, "en", 1) == "1,234.5"


def test_the_tui_helpers_still_work(demo_db):
    qms = open_store(demo_db, read_only=True).snapshot()
    period = qms.default_period()
    assert reconciliation_line(qms.stats(period).total) == "578 = 439 + 113 + 26 ✓ khớp"
    assert summary_renderable(qms, period, "en") is not None


def test_a_gap_is_shown_not_hidden(run, demo_db):
    store = open_store(demo_db)
    with store.transaction() as tx:  # resolved, but with no due date: fits no class
        tx.put("dossiers", Dossier(code="X-1", procedure="QT-DT01", channel="direct", received=date(2024, 3, 1),
                                   finished=date(2024, 3, 5), outcome="resolved"))
    text = summary(run, demo_db)
    assert "579 ≠ 578 ✗ lệch 1, 1 hồ sơ không phân loại được" in text
    check = run("check", "--db", str(demo_db))
    assert check.exit_code == 1 and "chưa phân loại: X-1" in check.stdout


def test_reports_do_not_load_textual():
    code = ("import sys, qms_tui.reports.summary, qms_tui.reports.annual, qms_tui.reports.narrative, "
            "qms_tui.cli.report; print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_text_summary_fits_one_printed_page(run, demo_db, lang):
    text = summary(run, demo_db, "--format", "text", "--lang", lang)
    assert_plain_80(text)
    assert len(text.splitlines()) <= 64
