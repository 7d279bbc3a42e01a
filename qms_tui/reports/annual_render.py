"""The annual report laid out: plain text for a terminal or printer (80 columns), Markdown, and a printable
HTML page in the layout of Decree 30/2020/NĐ-CP; ``render_report_bytes`` hands docx to ``annual_docx``.

The renderers only lay out an ``AnnualReport`` already worded in its language (``annual.build_report``);
the few fixed words of the layout (title, motto, "Nơi nhận:") are the report's own properties or catalogue
messages in ``report.lang``.
"""

from __future__ import annotations

import html
import textwrap
import unicodedata

from qms_tui.domain.problems import Fault
from qms_tui.i18n import t
from qms_tui.reports.annual_model import WIDTH, AnnualReport, Line, ReportError, recipient_lines
from qms_tui.reports.document import md_escape
from qms_tui.reports.formats import BINARY_FORMATS, REPORT_FORMATS

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
    motto = report.motto
    right = [*_centre(list(motto), right_width), _rule(len(motto[1])).center(right_width).rstrip()]
    out = _columns(left, right)
    out.append("")
    out += _columns(_centre([report.number_line], LEFT), _centre([report.dateline], right_width))
    out += ["", *_centre([report.title], width)]
    out += [part.center(width).rstrip() for part in _wrap(report.subtitle, min(width, 70))]
    out += [_rule(20).center(width).rstrip(), ""]
    previous = "heading1"
    for line in report.body:
        if line.kind in BLANK_BEFORE and not previous.startswith("heading"):
            out.append("")
        out += _text_line(line, width)
        previous = line.kind
    out += ["", *_wrap(report.closing, width, "  ", "  "), ""]
    wrapped = (part for r in recipient_lines(report.recipients) for part in _wrap(r, LEFT - 2, "", "  "))
    left = [t("ar_recipients", report.lang), *wrapped]
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

    motto = report.motto
    header = [
        f"| {md(report.parent_body)}<br>**{md(report.issuer)}** | **{md(motto[0])}**<br>**{md(motto[1])}** |",
        "| :---: | :---: |",
        f"| {md(report.number_line)} | *{md(report.dateline)}* |",
    ]
    chunks = ["\n".join(header), f"# {report.title}", f"**{md(report.subtitle)}**"]
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
    chunks.append(f"| **{md(t('ar_recipients', report.lang))}**<br>{recipients} | {signer} |\n| :--- | :---: |")
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
    motto = report.motto
    rule_right = f'<span class="rule" style="width:{len(motto[1])}ch"></span>'
    parts = [
        '<table class="blocks"><tr>',
        f'<td class="left"><div class="parent">{e(report.parent_body)}</div>'
        f'<div class="issuer">{e(report.issuer)}</div>{rule_left}'
        f'<div class="number">{e(report.number_line).replace("  ", "&nbsp; ")}</div></td>',
        f'<td class="right"><div class="motto1">{e(motto[0])}</div><div class="motto2">{e(motto[1])}</div>'
        f'{rule_right}<div class="dateline">{e(report.dateline)}</div></td>',
        "</tr></table>",
        f"<h1>{e(report.title)}</h1>",
        f'<p class="subtitle">{e(report.subtitle)}</p>',
    ]
    missing = report.missing
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
        f'<td class="left recipients"><p><b><i>{e(t("ar_recipients", report.lang))}</i></b></p>{recipients}</td>',
        f'<td class="right">{signer}<div class="signer-name">{e(report.signer_name)}</div></td>',
        "</tr></table>",
    ]
    title = f"{report.title} {report.number_line} — {report.dateline}"
    return (
        f'<!DOCTYPE html>\n<html lang="{report.lang}">\n<head>\n<meta charset="utf-8">\n'
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
        raise ReportError(Fault("p_report_binary", fmt=fmt))
    raise ReportError(Fault("p_report_format", fmt=fmt, choices=", ".join(REPORT_FORMATS)))


def render_report_bytes(report: AnnualReport, fmt: str) -> bytes:
    """The report as the content of a file in any of ``REPORT_FORMATS``: docx as is, the others in UTF-8."""
    if fmt == "docx":
        from qms_tui.reports.annual_docx import report_docx  # imported here: it loads python-docx

        return report_docx(report)
    return render_report(report, fmt).encode("utf-8")


def render_report_content(report: AnnualReport, fmt: str) -> str | bytes:
    """The report in any of ``REPORT_FORMATS``: text for the text formats, bytes for the binary ones."""
    return render_report_bytes(report, fmt) if fmt in BINARY_FORMATS else render_report(report, fmt)
