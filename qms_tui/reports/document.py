"""A small document model (headings, paragraphs, lists, tables) and its three renderings.

The meeting summary is written once as a list of blocks; Rich renders it for the terminal, the TUI,
plain text and SVG, and this module renders the same blocks as real Markdown (headings, pipe tables,
lists) and as a self-contained HTML page. A cell or a run of text may carry a *tone* (``strong``,
``bad``, ``warn``, ``good``, ``muted``) that each rendering shows in its own way, so that the overdue
figures stand out in red on screen, in bold in Markdown and in a CSS class in HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import field

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from qms_tui.domain.lean import dataclass
from qms_tui.domain.safety import visible

TONES = ("strong", "bad", "warn", "good", "muted")
RICH_STYLES = {"strong": "bold", "bad": "bold red", "warn": "yellow", "good": "green", "muted": "dim", None: ""}


@dataclass
class Span:
    """A run of text with an optional tone."""

    text: str
    tone: str | None = None


Inline = str | Span | Sequence[str | Span]
"""Text of a paragraph, list item or cell: a string, one span, or several runs."""


@dataclass
class Heading:
    """A section heading: level 1 is the page title, level 2 a section."""

    text: str
    level: int = 2
    note: Inline = ""
    """A headline after the title: on the heading's line in a compact terminal rendering, a paragraph under
    the heading in Markdown and HTML."""


@dataclass
class Paragraph:
    """A paragraph of text (runs may carry tones)."""

    text: Inline
    truncate: bool = False
    """On a terminal, keep it to one line with an ellipsis (Markdown and HTML keep the whole text)."""
    short: Inline = ""
    """What a compact terminal rendering shows instead (a shortened form; Markdown and HTML keep ``text``)."""


@dataclass
class BulletList:
    """An unordered list."""

    items: list[Inline]
    truncate: bool = False
    """On a terminal, one line per item with an ellipsis."""


@dataclass
class Column:
    """A table column: its header, alignment and whether its cells may wrap."""

    header: str
    align: str = "left"
    wrap: bool = True
    truncate: bool = False
    """On a terminal, cut the cells to one line with an ellipsis (Markdown and HTML keep the whole text)."""


@dataclass
class Table:
    """A table; ``header=False`` makes a label/value list that still aligns its figures."""

    columns: list[Column]
    rows: list[list[Inline]] = field(default_factory=list)
    header: bool = True
    note: Inline = ""
    panels: int = 1
    short: Inline = ""
    """What a compact terminal rendering shows instead of the table (a line or two of text)."""
    """On a terminal, the rows laid out in this many groups side by side (Markdown and HTML keep one table)."""


@dataclass
class KeyFigures:
    """A strip of headline figures: label and value pairs, laid out across the page."""

    items: list[tuple[str, Span]]
    per_row: int = 3


Block = Heading | Paragraph | BulletList | Table | KeyFigures


def runs(value: Inline) -> list[Span]:
    """The text as a list of spans, every control, bidi and invisible character written out
    (``safety.visible``): each rendering reads its text here, so no stored text acts on a terminal."""
    if isinstance(value, str):
        return [Span(visible(value))] if value else []
    if isinstance(value, Span):
        return [_visible_span(value)]
    return [Span(visible(v)) if isinstance(v, str) else _visible_span(v)
            for v in value if (v.text if isinstance(v, Span) else v)]


def _visible_span(span: Span) -> Span:
    text = visible(span.text)
    return span if text is span.text else Span(text, span.tone)


def single_line(text: str) -> str:
    """A heading, a column header or a label: one line, escaped."""
    return visible(text, one_line=True)


def plain(value: Inline) -> str:
    """The text without tones."""
    return "".join(span.text for span in runs(value))


# -- Rich -------------------------------------------------------------------------------------


def rich_text(value: Inline) -> Text:
    """The runs as one Rich ``Text`` with their tones as styles."""
    text = Text()
    for span in runs(value):
        text.append(span.text, style=RICH_STYLES.get(span.tone, ""))
    return text


def to_rich(blocks: Iterable[Block], compact: bool = False) -> RenderableType:
    """The blocks as one Rich renderable (wraps to the console's width).

    ``compact`` fits a page: no blank line before a section, its note on the heading's line, no rule under
    table headers, and the tables' ``panels`` side by side.
    """
    parts: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, Heading):
            if parts and not compact:
                parts.append(Text(""))
            parts.extend(_rich_heading(block, compact))
        elif isinstance(block, Paragraph):
            text = rich_text(block.short if compact and plain(block.short) else block.text)
            if block.truncate:
                text.no_wrap, text.overflow = True, "ellipsis"
            parts.append(text)
        elif isinstance(block, BulletList):
            grid = RichTable.grid(padding=(0, 1))
            grid.add_column(no_wrap=True, min_width=1)
            grid.add_column(overflow="fold")
            for item in block.items:
                text = rich_text(item)
                if block.truncate:
                    text.no_wrap, text.overflow = True, "ellipsis"
                grid.add_row("•", text)
            parts.append(grid)
        elif isinstance(block, Table) and compact and plain(block.short):
            parts.append(rich_text(block.short))
        elif isinstance(block, Table):
            parts.append(_rich_panels(block, compact) if compact and block.panels > 1 else _rich_table(block, compact))
            if plain(block.note):
                parts.append(rich_text(block.note))
        elif isinstance(block, KeyFigures):
            parts.append(_rich_key_figures(block))
    return Group(*parts)


def _rich_heading(block: Heading, compact: bool) -> list[RenderableType]:
    style = "bold" if block.level == 1 else "bold underline"
    if not compact:
        title = Text(single_line(block.text), style=style)
        return [title, rich_text(block.note)] if plain(block.note) else [title]
    line = Text("" if block.level == 1 else "■ ", style="bold")
    line.append(single_line(block.text), style=style)
    if plain(block.note):
        line.append(" — ")
        line.append_text(rich_text(block.note))
    return [line]


def _rich_panels(table: Table, compact: bool) -> RenderableType:
    """The rows in ``table.panels`` groups (top to bottom, then left to right), side by side."""
    size = -(-len(table.rows) // table.panels)
    grid = RichTable.grid(padding=(0, 3))
    groups = [table.rows[i : i + size] for i in range(0, len(table.rows), size)]
    for _ in groups:
        grid.add_column(no_wrap=True)
    grid.add_row(*(_rich_table(Table(table.columns, rows, table.header), compact) for rows in groups))
    return grid


def _rich_key_figures(block: KeyFigures) -> RenderableType:
    grid = RichTable.grid(padding=(0, 3))
    for _ in range(block.per_row):
        grid.add_column(no_wrap=True)
    for start in range(0, len(block.items), block.per_row):
        cells = []
        for label, value in block.items[start : start + block.per_row]:
            cell = Text(f"{single_line(label)}: ")
            cell.append_text(rich_text(value))
            cells.append(cell)
        grid.add_row(*cells)
    return grid


def _rich_table(table: Table, compact: bool = False) -> RenderableType:
    rich = RichTable(
        box=None if compact else box.SIMPLE_HEAD if table.header else None,
        show_header=table.header,
        header_style="bold underline" if compact else "bold",
        pad_edge=False,
        padding=(0, 1),
        expand=False,
        show_edge=False,
    )
    for column in table.columns:
        rich.add_column(
            single_line(column.header),
            justify=column.align,  # type: ignore[arg-type]
            no_wrap=not column.wrap and not column.truncate,
            overflow="fold",
        )
    for row in table.rows:
        cells = []
        for column, cell in zip(table.columns, row, strict=False):
            text = rich_text(cell)
            if column.truncate:
                text.no_wrap, text.overflow = True, "ellipsis"
            cells.append(text)
        rich.add_row(*cells)
    return rich


# -- Markdown ---------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+[.)])(\s)")


def md_escape(text: str, line_start: bool = True) -> str:
    """Escape what Markdown would read as markup (emphasis, links, HTML, table pipes, and list or heading
    starts when the text begins a line: ``line_start=False`` for headings and table cells)."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}{m[3]}", text) if line_start else text


def md_inline(value: Inline, line_start: bool = True) -> str:
    """The runs as Markdown: ``strong`` and ``bad`` in bold, ``warn`` in italics."""
    out = []
    for i, span in enumerate(runs(value)):
        text = md_escape(span.text.replace("\n", " "), line_start and i == 0)
        stripped = text.strip()
        if stripped and span.tone in ("strong", "bad"):
            text = text.replace(stripped, f"**{stripped}**", 1)
        elif stripped and span.tone == "warn":
            text = text.replace(stripped, f"*{stripped}*", 1)
        out.append(text)
    return "".join(out)


def to_markdown(blocks: Iterable[Block]) -> str:
    """The blocks as CommonMark/GFM: ATX headings, paragraphs, ``-`` lists and pipe tables."""
    chunks: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            chunks.append(f"{'#' * block.level} {md_escape(single_line(block.text), line_start=False)}")
            if plain(block.note):
                chunks.append(md_inline(block.note))
        elif isinstance(block, Paragraph):
            chunks.append(md_inline(block.text))
        elif isinstance(block, BulletList):
            chunks.append("\n".join(f"- {md_inline(item)}" for item in block.items))
        elif isinstance(block, Table):
            chunks.append(_md_table(block))
            if plain(block.note):
                chunks.append(md_inline(block.note))
        elif isinstance(block, KeyFigures):
            labels = [Column(single_line(label), "right") for label, _ in block.items]
            chunks.append(_md_table(Table(labels, [[value for _, value in block.items]])))
    return "\n\n".join(chunk for chunk in chunks if chunk) + "\n"


def _indent(cell: Inline) -> tuple[int, Inline]:
    """Leading spaces of a cell (sub-rows are indented by two) and the cell without them."""
    spans = runs(cell)
    if not spans or not spans[0].text.startswith(" "):
        return 0, cell
    first = spans[0]
    stripped = first.text.lstrip(" ")
    return (len(first.text) - len(stripped)) // 2, [Span(stripped, first.tone), *spans[1:]]


def _md_cell(cell: Inline) -> str:
    level, cell = _indent(cell)
    return "&emsp;" * level + md_inline(cell, line_start=False) or " "


def _md_table(table: Table) -> str:
    def row(cells: Iterable[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    rule = {"left": ":---", "right": "---:", "center": ":---:"}
    headers = [md_escape(single_line(c.header), line_start=False) or " " for c in table.columns]
    lines = [row(headers), row(rule.get(c.align, "---") for c in table.columns)]
    lines.extend(row(_md_cell(cell) for cell in cells) for cells in table.rows)
    return "\n".join(lines)


# -- HTML -------------------------------------------------------------------------------------

PAGE_CSS = """
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 12pt; line-height: 1.35;
       max-width: 48em; margin: 1.5em auto; padding: 0 1em; color: #111; }
h1 { font-size: 15pt; margin: 0 0 .2em; }
h2 { font-size: 12.5pt; margin: 1.1em 0 .3em; border-bottom: 1px solid #999; }
p { margin: .3em 0; }
ul { margin: .3em 0; padding-left: 1.4em; }
table { border-collapse: collapse; margin: .3em 0; }
th, td { padding: .1em .6em; vertical-align: top; }
thead th { border-bottom: 1px solid #555; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
table.figures td:first-child { padding-left: 0; }
table.key { margin: .6em 0; } table.key td { font-size: 14pt; }
.strong { font-weight: bold; }
.bad { font-weight: bold; color: #b00020; }
.warn { color: #8a5a00; }
.good { color: #1b6e20; }
.muted { color: #666; }
@page { size: A4; margin: 2cm 2cm 2cm 3cm; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table { break-inside: avoid; } }
""".strip()


def html_inline(value: Inline) -> str:
    """The runs as escaped HTML, toned runs in a ``span`` with the tone as class."""
    out = []
    for span in runs(value):
        text = html.escape(span.text).replace("\n", "<br>")
        out.append(f'<span class="{span.tone}">{text}</span>' if span.tone in TONES else text)
    return "".join(out)


def to_html_body(blocks: Iterable[Block]) -> str:
    """The blocks as HTML elements (no page around them)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 6)
            out.append(f"<h{level}>{html.escape(single_line(block.text))}</h{level}>")
            if plain(block.note):
                out.append(f"<p>{html_inline(block.note)}</p>")
        elif isinstance(block, Paragraph):
            if plain(block.text):
                out.append(f"<p>{html_inline(block.text)}</p>")
        elif isinstance(block, BulletList):
            items = "".join(f"<li>{html_inline(item)}</li>" for item in block.items)
            out.append(f"<ul>{items}</ul>")
        elif isinstance(block, Table):
            out.append(_html_table(block))
            if plain(block.note):
                out.append(f"<p>{html_inline(block.note)}</p>")
        elif isinstance(block, KeyFigures):
            labels = [Column(single_line(label), "right") for label, _ in block.items]
            out.append(_html_table(Table(labels, [[value for _, value in block.items]])).replace(
                "<table>", '<table class="key">', 1))
    return "\n".join(out)


def _html_table(table: Table) -> str:
    def cls(column: Column) -> str:
        names = (["num"] if column.align == "right" else []) + ([] if column.wrap else ["nowrap"])
        return f' class="{" ".join(names)}"' if names else ""

    parts = ["<table>" if table.header else '<table class="figures">']
    if table.header:
        heads = "".join(f"<th{cls(c)}>{html.escape(single_line(c.header))}</th>" for c in table.columns)
        parts.append(f"<thead><tr>{heads}</tr></thead>")
    parts.append("<tbody>")
    def td(column: Column, cell: Inline) -> str:
        level, cell = _indent(cell)
        return f"<td{cls(column)}>{'&emsp;' * level}{html_inline(cell)}</td>"

    for cells in table.rows:
        tds = "".join(td(c, cell) for c, cell in zip(table.columns, cells, strict=False))
        parts.append(f"<tr>{tds}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def html_page(title: str, body: str, lang: str = "vi", css: str = PAGE_CSS) -> str:
    """A complete, self-contained page: doctype, ``lang``, UTF-8 charset, title and inline styles."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(single_line(title))}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )
