"""One export path: every format the CLI offers for a content the TUI exports too (the meeting summary, the
annual report) is offered by the TUI's export, and the file it writes holds the same bytes as ``-o FILE``.

The CLI's offer is read from its own ``--help`` (``One of text, json, …``), not from the registry, so a format
added to the CLI alone, or a renderer the TUI calls differently, fails here.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from qms_cli import run_qms
from tui_helpers import wait_for

from qms_tui.exporting import export_file_name
from qms_tui.labels import tr
from qms_tui.reports.formats import CONTENTS, TUI_CONTENTS, extension

SIZE = (80, 24)
NOW = datetime(2024, 9, 2, 8, 30, 5)
CLI = {"summary": ("summary",), "report": ("report",)}
"""The contents both the CLI and the TUI export: the command that writes each."""


def cli_formats(command: tuple[str, ...]) -> list[str]:
    """The formats ``qms COMMAND --help`` offers for ``--format``."""
    run = run_qms(*command, "--help")
    assert run.code == 0, run
    found = re.search(r"(?:One of|Một trong các dạng) ([a-z, ]+)\.", " ".join(run.out.split()))
    assert found, run.out
    return [name.strip() for name in found.group(1).split(",")]


def same_file(a: bytes, b: bytes) -> bool:
    """Equal bytes; a Word file (a zip) is compared member by member, less its creation time (core.xml)."""
    if not a.startswith(b"PK"):
        return a == b
    with zipfile.ZipFile(io.BytesIO(a)) as left, zipfile.ZipFile(io.BytesIO(b)) as right:
        names = [n for n in left.namelist() if n != "docProps/core.xml"]
        return names == [n for n in right.namelist() if n != "docProps/core.xml"] and all(
            left.read(n) == right.read(n) for n in names
        )


def test_the_tui_exports_what_the_cli_exports():
    assert set(CLI) <= set(TUI_CONTENTS)
    for content, command in CLI.items():
        assert cli_formats(command) == list(CONTENTS[content].formats)


@pytest.mark.parametrize("content", sorted(CLI))
async def test_every_cli_format_is_offered_by_the_tui_and_writes_the_same_bytes(make, store_dir: Path,
                                                                                content: str):
    app = make()
    app.export_clock = lambda: NOW
    formats = cli_formats(CLI[content])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")  # the Overview: its export is the meeting summary
        commands = {title: run for title, _, run in app.palette_commands()}
        for fmt in formats:
            label = tr(f"fmt_{fmt}")
            title = (tr("cmd_export_screen", format=label) if content == "summary"
                     else tr("cmd_export_report", year=2024, format=label))
            assert title in commands, f"the TUI does not offer the {content} as {fmt}"
            commands[title]()
            name = "overview" if content == "summary" else "report-2024"
            written = store_dir / export_file_name(name, fmt, NOW)
            assert written.suffix == f".{extension(fmt)}"
            assert await wait_for(pilot, written.is_file), (content, fmt)
            target = store_dir / f"cli-{content}.{extension(fmt)}"
            run = run_qms(*CLI[content], "--db", "qms.json", "--format", fmt, "-o", target)
            assert run.code == 0, run
            assert same_file(written.read_bytes(), target.read_bytes()), (content, fmt)
