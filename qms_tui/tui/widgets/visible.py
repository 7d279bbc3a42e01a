"""Rich renderables with their stored text made inert before a widget draws them (``safety.visible``).

The screens build their content from records: a risk's description, a procedure's name, a dossier's code.
A store edited by hand (or written by an older version) may hold an escape sequence or a bidi override in
them; drawn raw, ``ESC ] 0 ;`` would set the terminal's title and ``ESC [ 2 J`` clear it. The widgets that
show record text (blocks, tables, detail pages, status lines, dialogs, notifications) pass their content
through ``visible_renderable``, which rewrites such characters as ``\\x1b`` or ``U+202E`` and keeps the
styles. ``InertText`` is the last wall: a line filter that drops whatever would still reach the terminal.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter

from qms_tui.domain.safety import unsafe_pattern, visible

_LINE = unsafe_pattern(one_line=True)


def visible_text(text: Text, *, one_line: bool = False) -> Text:
    """``text`` with its unsafe characters written out, each keeping the styles it had."""
    pattern = unsafe_pattern(one_line=one_line)
    plain = text.plain
    if pattern.search(plain) is None:
        return text
    cuts = sorted({i for match in pattern.finditer(plain) for i in (match.start(), match.end())})
    result = Text(style=text.style, justify=text.justify, overflow=text.overflow, no_wrap=text.no_wrap,
                  end=text.end, tab_size=text.tab_size)
    for part in text.divide(cuts):
        if part.plain and pattern.fullmatch(part.plain):
            escaped = Text(visible(part.plain, one_line=one_line))
            for span in part.spans:
                escaped.stylize(span.style, 0, len(escaped))
            part = escaped
        result.append_text(part)
    return result


def visible_renderable(renderable: Any, *, one_line: bool = False) -> Any:
    """The renderable with the text in it made visible: strings, ``Text``, and the tables, groups, paddings
    and panels the screens build around them (tables and panels are changed in place).

    A string comes back as plain ``Text``: Rich reads a string cell of a table (and a data table reads a
    string cell) as markup, so a stored ``[/x]`` would stop the app with a markup error and a stored
    ``[link=…]`` would become a link; text from the store is shown as it is written."""
    if isinstance(renderable, str):
        return Text(visible(renderable, one_line=one_line))
    if isinstance(renderable, Text):
        return visible_text(renderable, one_line=one_line)
    if isinstance(renderable, Group):
        return Group(*(visible_renderable(r, one_line=one_line) for r in renderable.renderables), fit=renderable.fit)
    if isinstance(renderable, Table):
        for column in renderable.columns:
            column.header = visible_renderable(column.header, one_line=True)
            column._cells = [visible_renderable(cell, one_line=one_line) for cell in column._cells]
        renderable.title = visible_renderable(renderable.title, one_line=True) if renderable.title else None
        return renderable
    if isinstance(renderable, Padding | Panel):
        renderable.renderable = visible_renderable(renderable.renderable, one_line=one_line)
        if isinstance(renderable, Panel) and renderable.title:
            renderable.title = visible_renderable(renderable.title, one_line=True)
        return renderable
    return renderable


class InertText(LineFilter):
    """The last wall: removes any control, bidi or invisible character left in what is drawn.

    The widgets escape record text before drawing it; this catches what they could not (Textual's own
    widgets: an input's value, a footer, a command palette). Every such character but the soft hyphen has
    no width on a terminal, so removing it keeps every line's cells where they were (a soft hyphen,
    one cell wide, becomes a hyphen)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if _LINE.search("".join([segment.text for segment in segments])) is None:
            return segments
        return [
            Segment(_LINE.sub(_inert, segment.text), segment.style, segment.control)
            if _LINE.search(segment.text) else segment
            for segment in segments
        ]


def _inert(match: Any) -> str:
    return "-" if match.group() == "\xad" else ""
