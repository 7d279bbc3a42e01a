"""The overview's start-up (issue 15): ``qms`` with no command, and the app alone, import what the first frame
needs and no more; the collector's start-up pause ends with the first frame. Behaviour, not timing:
``bench/startup.py`` times it."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
out, sys.argv = sys.argv[1], ["qms", *sys.argv[2:]]
import qms_tui.tui.launch as launch

def opened(store, theme=None):  # what ``qms`` has imported once the app is built, instead of running it
    from qms_tui.tui.app import make_app

    make_app(store, theme=theme)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(sorted(sys.modules), f)

launch.run_app = opened
from qms_tui import cli
cli.main()
"""

LATER = ("qms_tui.tui.screens.procedures", "qms_tui.tui.screens.risks", "qms_tui.tui.screens.training",
         "qms_tui.tui.screens.dossiers", "qms_tui.tui.screens.improvement", "qms_tui.tui.screens.detail",
         "qms_tui.tui.widgets.record_table", "qms_tui.tui.dialogs", "qms_tui.tui.forms", "qms_tui.exporting",
         "qms_tui.outputs", "qms_tui.reports.summary", "qms_tui.reports.annual", "qms_tui.services",
         "qms_tui.tui.commands")
"""Imported when first used, not for the overview's first frame: the other screens, tables, dialogs and
forms, the exporters and report writers, the services that write and the command palette's commands. The
dossier aggregate is read for the first frame (``tui/data.py``): the overview counts from it."""


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == name or m.startswith(name + ".") for name in names)]


@pytest.mark.parametrize("args", [[], ["--read-only", "--lang", "en"]], ids=["qms", "qms --read-only --lang en"])
def test_qms_with_no_command_imports_only_what_the_overview_needs(tmp_path: Path, demo_db: Path, args: list[str]):
    out = tmp_path / "modules.json"
    run = subprocess.run([sys.executable, "-c", PROBE, str(out), "--db", str(demo_db), *args], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    modules = json.loads(out.read_text(encoding="utf-8"))
    assert "qms_tui.tui.screens.overview" in modules
    assert loaded(modules, LATER) == []
    assert "qms_tui.store.aggregates" in modules
    commands = [m for m in modules if m.startswith("qms_tui.cli.")]
    assert sorted(commands) == ["qms_tui.cli.click_words", "qms_tui.cli.common", "qms_tui.cli.help_words",
                                "qms_tui.cli.options", "qms_tui.cli.quick", "qms_tui.cli.root",
                                "qms_tui.cli.text"]  # no command's (help_words: the root's help formatter)


async def test_the_other_screens_are_imported_when_first_shown(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert type(app.screen).__name__ == "RisksScreen"
        assert "qms_tui.tui.screens.risks" in sys.modules


async def test_the_collector_collects_as_before_once_the_first_frame_is_drawn(app):
    from qms_tui import tui

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_threshold() == tui._THRESHOLD
