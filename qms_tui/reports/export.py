"""Render any Rich renderable to a file format: plain text, SVG, HTML (and JSON for figures).

Which content is offered in which format, and each format's file extension: ``reports.formats``.
"""

from __future__ import annotations

import io
import json
from typing import Any

from rich.console import Console, RenderableType

from qms_tui.domain.safety import json_visible, visible, xml_visible

WIDTH = 80


def _recording_console(width: int = WIDTH) -> Console:
    return Console(
        record=True, width=width, file=io.StringIO(), color_system="truecolor",
        force_terminal=True, legacy_windows=False, emoji=False, highlight=False,
    )


def plain_text(renderable: RenderableType, width: int = 78) -> str:
    """``renderable`` drawn at ``width`` columns without styles, trailing spaces removed (what a block says,
    for tests, exports and screen readers alike; ``to_text`` is the exported file: escaped, ends in a newline)."""
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False,
                      force_terminal=False, emoji=False, highlight=False)
    with console.capture() as capture:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in capture.get().splitlines())


def to_text(renderable: RenderableType, width: int = WIDTH) -> str:
    """Plain text: no escape codes, no line longer than ``width``, trailing spaces removed."""
    console = _recording_console(width)
    console.print(renderable)
    text = visible(console.export_text(styles=False))  # the renderers escape; this is the last wall
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def to_svg(renderable: RenderableType, title: str, width: int = WIDTH) -> str:
    """An SVG picture of the rendering: well-formed XML whatever the data holds (XML 1.0 forbids most
    control characters even as ``&#...;`` references, so they are written out first)."""
    console = _recording_console(width)
    console.print(renderable)
    return xml_visible(console.export_svg(title=xml_visible(title, one_line=True)))


def to_html(renderable: RenderableType, title: str, width: int = WIDTH, lang: str = "vi") -> str:
    """A self-contained HTML page of a console rendering (inline styles, UTF-8, ``lang`` set).

    The summary itself is written as semantic HTML by ``summary.summary_html``; this stays for any other
    renderable (a TUI screen, a table) that should be kept as it looks on the terminal."""
    console = _recording_console(width)
    console.print(renderable)
    body = console.export_html(inline_styles=True, code_format="<pre style=\"font-family:monospace\">{code}</pre>")
    body = visible(body)
    return (
        f"<!DOCTYPE html>\n<html lang=\"{_escape(lang)}\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{_escape(visible(title, one_line=True))}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def to_json(data: Any) -> str:
    """The data as JSON, exactly, with control and bidi characters as ``\\uXXXX`` escapes (terminal-safe)."""
    return json_visible(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
