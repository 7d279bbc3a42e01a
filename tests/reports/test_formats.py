"""The format registry: how ``--format`` and ``-o FILE``'s suffix pick a content's format, and refuse one."""

from __future__ import annotations

from pathlib import Path

import pytest

from qms_tui.reports.formats import BY_SUFFIX, CONTENTS, FORMATS, FormatError, choose_format, extension


@pytest.mark.parametrize(("content", "output", "requested", "chosen"), [
    ("summary", None, None, "text"),
    ("summary", "x.HTM", None, "html"),
    ("summary", "x.unknown", None, "text"),
    ("summary", "x.md", "JSON", "json"),
    ("report", "x.docx", None, "docx"),
    ("rollup", "x.markdown", None, "markdown"),
    ("dossiers", None, None, "csv"),
    ("dossiers", "x.txt", None, "csv"),
    ("dossiers", "x.json", None, "json"),
])
def test_format_is_the_option_else_the_suffix_else_the_default(content, output, requested, chosen):
    assert choose_format(content, Path(output) if output else None, requested) == chosen


@pytest.mark.parametrize(("content", "output", "requested", "message"), [
    ("summary", "x.docx", None, "'docx': choose one of text, json, svg, html, markdown"),
    ("rollup", "x.svg", None, "'svg': choose one of text, markdown, html, json"),
    ("report", None, "svg", "'svg': the report is made as text, markdown, html, docx"),
    ("dossiers", "x.md", None, "'markdown': choose csv or json"),
])
def test_a_format_the_content_is_not_made_in_is_refused(content, output, requested, message):
    with pytest.raises(FormatError) as caught:
        choose_format(content, Path(output) if output else None, requested)
    assert str(caught.value) == message


def test_every_content_offers_only_known_formats_and_every_format_has_one_extension():
    for content in CONTENTS.values():
        assert set(content.formats) <= set(FORMATS), content.name
    assert {BY_SUFFIX[f".{extension(name)}"] for name in FORMATS} == set(FORMATS)
