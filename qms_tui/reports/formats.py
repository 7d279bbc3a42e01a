"""The output formats of each printable document, and how ``--output``'s extension picks one.

Kept apart from the renderers (and free of Rich) so that the CLI can list the formats in its help
without loading the renderers: start-up time of one-shot commands.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = ("text", "json", "svg", "html", "markdown")
"""The formats of the one-page summary (``qms summary``)."""
REPORT_FORMATS = ("text", "markdown", "html", "docx")
"""The formats of the annual report (``qms report``)."""
BINARY_FORMATS = ("docx",)
"""Formats whose content is bytes, not text: written to a file only, never printed."""
CLAUSE_FORMATS = ("text", "json", "markdown", "html")
"""The formats of the clause matrix (``qms clauses``)."""
PACK_FORMATS = ("text", "markdown", "html", "json")
"""The formats of the management review pack (``qms review-pack``)."""

EXTENSIONS = {".txt": "text", ".json": "json", ".svg": "svg", ".html": "html", ".htm": "html",
              ".md": "markdown", ".markdown": "markdown", ".docx": "docx"}


def format_for(output: Path | None, requested: str | None) -> str:
    """The explicit ``--format``, else the output file's extension, else text."""
    if requested:
        return requested
    if output is not None and output.suffix.lower() in EXTENSIONS:
        return EXTENSIONS[output.suffix.lower()]
    return "text"
