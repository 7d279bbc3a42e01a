"""The one format registry: every output format (its file extension, text or bytes) and every kind of
content that is exported (the formats it offers, in the order its help lists them, and its renderer).

The CLI's ``--format``/``-o`` and the TUI's export both read it, so a format added here is offered by both.
Kept free of Rich and of the renderers (each is named, imported only when used) so that the CLI can list
the formats in its help without loading them: start-up time of one-shot commands.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qms_tui.domain.lean import dataclass


@dataclass(frozen=True)
class Format:
    """One output format: its file extension (no dot), other suffixes ``-o`` reads as it, text or bytes."""

    name: str
    extension: str
    binary: bool = False
    """Bytes, not text (a .docx): written to a file only, never printed."""
    suffixes: tuple[str, ...] = ()


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("text", "txt"),
    Format("markdown", "md", suffixes=(".markdown",)),
    Format("html", "html", suffixes=(".htm",)),
    Format("svg", "svg"),
    Format("json", "json"),
    Format("csv", "csv"),
    Format("docx", "docx", binary=True),
)}
"""Every format by name."""
BY_SUFFIX: dict[str, str] = {
    suffix: f.name for f in FORMATS.values() for suffix in (f".{f.extension}", *f.suffixes)
}
"""A file suffix (``.htm``) -> the format it names (``html``)."""
BINARY_FORMATS = tuple(name for name, f in FORMATS.items() if f.binary)


@dataclass(frozen=True)
class Content:
    """One kind of exported content: the formats it offers (the first is the default) and its renderer."""

    name: str
    formats: tuple[str, ...]
    renderer: str
    """``module:function``, imported by ``renderer()`` when used."""
    refusal: str = "fmt_choose_one_of"
    """The message id of how a format it does not offer is refused (after ``'svg': ``)."""

    @property
    def choices(self) -> str:
        return ", ".join(self.formats)


CONTENTS: dict[str, Content] = {c.name: c for c in (
    Content("summary", ("text", "json", "svg", "html", "markdown"), "qms_tui.reports.summary:render_summary"),
    Content("report", ("text", "markdown", "html", "docx"), "qms_tui.reports.annual:render_report_content",
            refusal="fmt_report_made_as"),
    Content("clauses", ("text", "json", "markdown", "html"), "qms_tui.reports.clauses:render_clauses"),
    Content("review_pack", ("text", "markdown", "html", "json"), "qms_tui.reports.review_pack:render_review_pack"),
    Content("index", ("text", "markdown", "json"), "qms_tui.reports.service_index:render_index"),
    Content("rollup", ("text", "markdown", "html", "json"), "qms_tui.rollup.render:render"),
    Content("due", ("text", "markdown", "json"), "qms_tui.cli.due:render_due"),
    Content("dossiers", ("csv", "json"), "qms_tui.importing:render_dossiers", refusal="fmt_csv_or_json"),
    Content("screen", ("text", "markdown", "html", "svg", "json", "csv"), "qms_tui.exporting:Export.render"),
)}
"""Every exported content by name. ``screen`` is the TUI's export of what a screen shows (a table after its
filter and sort, a detail page); the TUI offers ``summary`` and ``report`` too, in the same formats as the CLI."""

TUI_CONTENTS = ("screen", "summary", "report")
"""The contents the TUI's export offers (its command palette lists each in all of its formats)."""

SUMMARY_FORMATS = CONTENTS["summary"].formats
REPORT_FORMATS = CONTENTS["report"].formats
CLAUSE_FORMATS = CONTENTS["clauses"].formats
PACK_FORMATS = CONTENTS["review_pack"].formats
INDEX_FORMATS = CONTENTS["index"].formats
ROLLUP_FORMATS = CONTENTS["rollup"].formats
DUE_FORMATS = CONTENTS["due"].formats
SCREEN_FORMATS = CONTENTS["screen"].formats


class FormatError(ValueError):
    """A format that the content is not made in: one line naming the format and the choices."""


def extension(fmt: str) -> str:
    """The file extension of ``fmt``, without the dot (``markdown`` -> ``md``)."""
    return FORMATS[fmt].extension


def is_binary(fmt: str) -> bool:
    return fmt in FORMATS and FORMATS[fmt].binary


def suffix_format(output: Path | None) -> str | None:
    """The format an output file's suffix names (``x.htm`` -> ``html``), or ``None``."""
    return BY_SUFFIX.get(output.suffix.lower()) if output is not None else None


def choose_format(content: str, output: Path | None = None, requested: str | None = None) -> str:
    """The format of ``content`` to write: the explicit ``--format``, else the one the output file's suffix
    names, else the content's default (its first). A ``.txt`` file takes the default of a content not made
    as plain text (the dossiers' CSV); any other suffix names its format. ``FormatError`` when the content is
    not made in the format (``-o summary.docx``: text in a Word file would be a broken file)."""
    offered = CONTENTS[content]
    named = suffix_format(output)
    if named == "text" and named not in offered.formats:
        named = None
    fmt = (requested or named or offered.formats[0]).lower()
    if fmt not in offered.formats:
        from qms_tui.domain.problems import Fault

        raise FormatError(Fault("fmt_refused", fmt=repr(fmt), why=Fault(offered.refusal, choices=offered.choices)))
    return fmt


def renderer(content: str) -> Callable[..., Any]:
    """The function that renders ``content`` (imported now: the renderers load Rich)."""
    module, _, name = CONTENTS[content].renderer.partition(":")
    found: Any = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
    return found  # type: ignore[no-any-return]
