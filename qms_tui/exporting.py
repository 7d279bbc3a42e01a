"""Save what the TUI shows to a file: the overview's meeting summary, a table's current rows (after its
filter and sort), the Improvement screen's view, or a detail page — as text, Markdown, HTML, SVG or JSON
(and the annual report, also as a Word file); a table also as CSV, its cells guarded against spreadsheet
formulas (``safety.csv_cell``).

Kept free of Textual so that it can be tested, and extended, without a terminal: the app hands over plain
data (a title, context lines, column specs and records, document blocks or a Rich renderable) and this
module renders it. The formats are those of ``reports.formats`` (``CONTENTS["screen"]``, the summary's and
the report's); files are written by ``outputs.write_output``, the writer of the CLI's ``-o`` too, into
``$QMS_EXPORT_DIR`` or the current folder, named ``qms-<screen>-YYYYMMDD-HHMMSS.<ext>`` by the real clock (the
"as of" date is in the title, not the name), and never overwrite an earlier export.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from qms_tui.domain.lean import dataclass
from qms_tui.domain.qms import Period, Qms
from qms_tui.domain.safety import csv_cell, visible
from qms_tui.domain.text import fold
from qms_tui.outputs import check_output, write_output
from qms_tui.reports import document as doc
from qms_tui.reports.export import WIDTH, plain_text, to_html, to_json, to_svg, to_text
from qms_tui.reports.formats import SCREEN_FORMATS, extension, renderer
from qms_tui.reports.summary import summary_title

if TYPE_CHECKING:
    from qms_tui.store import Store

EXPORT_DIR_ENV = "QMS_EXPORT_DIR"


class UnsupportedFormat(ValueError):
    """This export cannot be written in that format (a detail page has no JSON)."""


class ColumnSpec(Protocol):
    """What the export reads of a table column (``widgets.record_table.Column`` fits)."""

    key: str
    label: str
    cell: Callable[[Any], str | Text]
    sort: Callable[[Any], Any] | None
    justify: str


# -- table cells as document text ---------------------------------------------------------------------


def _tone(style: object) -> str | None:
    """Reverse video is an alert ("bad"), bold stands out ("strong"), dim is muted."""
    text = str(style or "")
    if "reverse" in text:
        return "bad"
    if "bold" in text:
        return "strong"
    if "dim" in text:
        return "muted"
    return None


def inline(value: str | Text) -> doc.Inline:
    """A cell or a line as document text, its emphasis kept as a tone (alerts stay alerts in every format)."""
    if not isinstance(value, Text):
        return str(value)
    if not value.spans:
        tone = _tone(value.style)
        return doc.Span(value.plain, tone) if tone else value.plain
    runs: list[str | doc.Span] = []
    offset = 0
    for part in value.divide(sorted({s.start for s in value.spans} | {s.end for s in value.spans})):
        begin, offset = offset, offset + len(part.plain)
        if not part.plain:
            continue
        styles = [value.style, *(s.style for s in value.spans if s.start <= begin and offset <= s.end)]
        tones = [tone for tone in map(_tone, styles) if tone]
        tone = "bad" if "bad" in tones else (tones[0] if tones else None)
        runs.append(doc.Span(part.plain, tone) if tone else part.plain)
    return runs


def full_cell(spec: ColumnSpec, record: Any) -> doc.Inline:
    """The cell as drawn, but whole where the screen cut it with "…" (the sort value holds the full text)."""
    value = spec.cell(record)
    plain = value.plain if isinstance(value, Text) else str(value)
    if plain.endswith("…") and spec.sort is not None:
        whole = spec.sort(record)
        if isinstance(whole, str) and whole.startswith(plain[:-1]):
            tone = _tone(value.style) if isinstance(value, Text) else None
            return doc.Span(whole, tone) if tone else whole
    return inline(value)


def table_block(specs: Sequence[ColumnSpec], records: Iterable[Any]) -> doc.Table:
    """Rows of records as a document table, in the order given (the screen's filter and sort)."""
    columns = [doc.Column(spec.label, "right" if spec.justify == "right" else "left") for spec in specs]
    rows = [[full_cell(spec, record) for spec in specs] for record in records]
    return doc.Table(columns, rows)


def table_data(specs: Sequence[ColumnSpec], records: Iterable[Any]) -> list[dict[str, str]]:
    """Rows as JSON objects keyed by column (cells as plain text, whole)."""
    return [{spec.key or str(i): doc.plain(full_cell(spec, record)) for i, spec in enumerate(specs)}
            for record in records]


# -- tables in 80 columns ---------------------------------------------------------------------------

GAP = 2
"""Spaces between the columns of a plain-text table."""
LONG = 30
"""A column whose longest cell is wider than this is free text: it goes under the row, not across it."""


def natural_widths(table: doc.Table) -> list[int]:
    """Each column's natural width: its longest cell or its header."""
    cells = [[doc.plain(cell) for cell in row] for row in table.rows]
    return [max([len(column.header)] + [len(row[i]) for row in cells if i < len(row)])
            for i, column in enumerate(table.columns)]


def narrow_table(table: doc.Table, width: int = WIDTH, natural: list[int] | None = None) -> RenderableType:
    """A table that fits ``width`` columns without breaking a code, a date or a figure, and cuts nothing.

    Columns keep their natural width (``natural``, or measured). Free-text columns (wider than ``LONG``),
    then the last columns — the screens put the least needed ones last — move out of the row onto lines
    under it (``Tên: …``, wrapped and indented; short ones share a line) until the row fits.
    """
    columns = table.columns
    natural = natural or natural_widths(table)
    inline_columns = [i for i, n in enumerate(natural) if i == 0 or n <= LONG]

    def used(indexes: list[int]) -> int:
        """The width of a row of these columns."""
        return sum(natural[i] for i in indexes) + GAP * max(len(indexes) - 1, 0)

    while used(inline_columns) > width and len(inline_columns) > 1:
        inline_columns.pop()
    below = [i for i in range(len(columns)) if i not in inline_columns]
    indent = natural[0] + GAP if len(inline_columns) > 1 else 2
    room = width - indent

    def grid() -> Table:
        """One row's grid: the inline columns at their natural widths."""
        rich = Table.grid(padding=(0, GAP, 0, 0))
        for i in inline_columns:
            rich.add_column(width=min(natural[i], width), no_wrap=True, overflow="fold",
                            justify="right" if columns[i].align == "right" else "left")
        return rich

    parts: list[RenderableType] = []
    if table.header:
        head = grid()
        head.add_row(*(Text(doc.single_line(columns[i].header), style="bold") for i in inline_columns))
        parts += [head, Text("─" * min(used(inline_columns), width))]
    for row in table.rows:
        line = grid()
        line.add_row(*(doc.rich_text(row[i]) if i < len(row) else "" for i in inline_columns))
        parts.append(line)
        pending = Text("")
        for i in below:
            value = doc.rich_text(row[i]) if i < len(row) else Text("")
            if not value.plain.strip() or value.plain.strip() == "—":
                continue
            header = doc.single_line(columns[i].header)
            item = (Text(f"{header}: ", style="bold") if header else Text("")) + value
            if pending.plain and len(pending.plain) + 3 + len(item.plain) <= room:
                pending = pending + Text(" · ") + item
                continue
            if pending.plain:
                parts.append(Padding(pending, (0, 0, 0, indent)))
            pending = item
        if pending.plain:
            parts.append(Padding(pending, (0, 0, 0, indent)))
    if doc.plain(table.note):
        parts.append(doc.rich_text(table.note))
    return Group(*parts)


def to_rich_narrow(blocks: Iterable[doc.Block], width: int = WIDTH) -> RenderableType:
    """Document blocks for an 80-column terminal or text file: like ``document.to_rich`` with narrow tables.

    Tables with the same headers (the groups of one board) share their column widths, so they line up and
    put the same columns under their rows.
    """
    blocks = list(blocks)
    shared: dict[tuple[str, ...], list[int]] = {}
    for block in blocks:
        if isinstance(block, doc.Table):
            key = tuple(c.header for c in block.columns)
            widths = natural_widths(block)
            shared[key] = [max(a, b) for a, b in zip(shared.get(key, widths), widths, strict=True)]
    parts: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, doc.Heading) and parts:
            parts.append(Text(""))
        if isinstance(block, doc.Table):
            parts.append(narrow_table(block, width, shared[tuple(c.header for c in block.columns)]))
        else:
            parts.append(doc.to_rich([block]))
    return Group(*parts)


# -- what is exported ---------------------------------------------------------------------------------


@dataclass
class Export:
    """One screen's content, ready to render in any of ``formats.SCREEN_FORMATS``.

    ``blocks`` (document blocks) render natively in every format; ``renderable`` (a detail page as drawn)
    is kept as it looks on the terminal; ``render_with`` renders it all by itself (the meeting summary).
    """

    name: str
    """The screen, for the file name (``procedures``, ``improvement``)."""
    title: str
    context: list[str] = field(default_factory=list)
    """Lines under the title: period, "as of", store, filter and sort."""
    blocks: list[doc.Block] = field(default_factory=list)
    renderable: RenderableType | None = None
    data: Any = None
    """What JSON holds; ``None``: no JSON for this screen."""
    render_with: Callable[[str], str] | None = None
    lang: str = "vi"

    def head(self) -> list[doc.Block]:
        """The title and the context lines."""
        return [doc.Heading(self.title, 1), *(doc.Paragraph(line) for line in self.context)]

    def render(self, fmt: str) -> str:
        """The file's content in ``fmt``; ``UnsupportedFormat`` if this screen has none in it."""
        if fmt not in SCREEN_FORMATS:
            raise UnsupportedFormat(fmt)
        if fmt == "csv":  # a table's rows only: the meeting summary and a drawn page have none
            return to_csv(self.blocks)
        if self.render_with is not None:
            return self.render_with(fmt)
        if fmt == "json":
            if self.data is None:
                raise UnsupportedFormat(fmt)
            return to_json({"title": self.title, "context": self.context, **self.data})
        if self.renderable is not None:
            return self._render_drawn(fmt)
        blocks = self.head() + self.blocks
        if fmt == "markdown":
            return doc.to_markdown(blocks)
        if fmt == "html":
            return doc.html_page(self.title, doc.to_html_body(blocks), self.lang)
        rich = to_rich_narrow(blocks)
        return to_svg(rich, self.title) if fmt == "svg" else to_text(rich)

    def _render_drawn(self, fmt: str) -> str:
        """A page kept as drawn on the terminal (Markdown gets it as a preformatted block)."""
        assert self.renderable is not None
        rich = Group(to_rich_narrow(self.head()), Text(""), self.renderable)
        if fmt == "markdown":
            body = visible(plain_text(self.renderable, 80))  # a page as drawn: its stored text escaped too
            return doc.to_markdown(self.head()) + f"\n```text\n{body}\n```\n"
        if fmt == "html":
            return to_html(rich, self.title, lang=self.lang)
        return to_svg(rich, self.title) if fmt == "svg" else to_text(rich)


def to_csv(blocks: Iterable[doc.Block]) -> str:
    """The rows of the tables among ``blocks`` as CSV, in their order, under one header row (the groups of a
    board share their columns; a group with other columns brings its own header). Cells are whole, plain
    and guarded by ``csv_cell``; ``UnsupportedFormat`` when there is no table (a page drawn as it looks)."""
    tables = [block for block in blocks if isinstance(block, doc.Table)]
    if not tables:
        raise UnsupportedFormat("csv")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header: list[str] | None = None
    for table in tables:
        names = [doc.single_line(column.header) for column in table.columns]
        if names != header:
            writer.writerow([csv_cell(name) for name in names])
            header = names
        for row in table.rows:
            writer.writerow([csv_cell(doc.plain(cell)) for cell in row])
    return out.getvalue()


def summary_export(qms: Qms, period: Period, lang: str = "vi", name: str = "overview") -> Export:
    """The overview's export: the one-page meeting summary (as ``qms summary`` writes it, by the same
    renderer)."""
    render = renderer("summary")
    return Export(name, summary_title(qms, lang), lang=lang, render_with=lambda fmt: render(qms, period, fmt, lang))


# -- writing --------------------------------------------------------------------------------------------


def export_folder(folder: Path | None = None) -> Path:
    """``folder``, else ``$QMS_EXPORT_DIR``, else ``export_dir`` of the settings file, else the current
    folder — as an absolute path."""
    if folder is None:
        from qms_tui.config import file_settings

        configured = os.environ.get(EXPORT_DIR_ENV, "").strip() or file_settings().get("export_dir", "")
        folder = Path(configured).expanduser() if configured else Path.cwd()
    return folder.absolute()


def slug(name: str) -> str:
    """A file-name-safe form of a screen or record name (no accents, no spaces, no slashes)."""
    return re.sub(r"[^a-z0-9._-]+", "-", fold(name)).strip("-.") or "screen"


def export_file_name(name: str, fmt: str, now: datetime) -> str:
    """``qms-<screen>-YYYYMMDD-HHMMSS.<ext>``, by the real clock."""
    return f"qms-{slug(name)}-{now:%Y%m%d-%H%M%S}.{extension(fmt)}"


def write_export(
    export: Export, fmt: str, *, folder: Path | None = None, now: datetime | None = None, store: Store | None = None
) -> Path:
    """Render ``export`` in ``fmt`` and write it into the export folder; returns the file's full path.

    The content is rendered before the disk is touched; the folder is created if needed; an existing file
    is never replaced (a second export in the same second gets ``-2``). Raises ``OSError`` when the folder
    cannot be made, ``OutputError`` when the file cannot be written or the folder is ``store``'s shards or
    backups folder, and ``UnsupportedFormat`` when the screen has nothing in that format.
    """
    return save_export_file(export.name, fmt, export.render(fmt), folder=folder, now=now, store=store)


def save_export_file(
    name: str,
    fmt: str,
    content: str | bytes,
    *,
    folder: Path | None = None,
    now: datetime | None = None,
    store: Store | None = None,
) -> Path:
    """Write ``content`` as ``qms-<name>-<time>.<ext>`` in the export folder, never replacing a file: a thin
    caller of ``outputs.write_output`` (the CLI's ``-o`` writer), which writes text as UTF-8 and bytes (a
    .docx) as they are, whole or not at all."""
    target = export_folder(folder)
    path = target / export_file_name(name, fmt, now or datetime.now())
    check_output(path, store)  # before the folder is made: it may be the store's
    target.mkdir(parents=True, exist_ok=True)
    return write_output(path, content, store, replace=False)
