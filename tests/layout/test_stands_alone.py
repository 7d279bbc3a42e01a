"""The repository stands on its own: no document or module points outside it (``../shared``), and the
demo's source report is cited in the project's own docs with the figures the demo reproduces."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_points_outside_the_repository():
    files = [*ROOT.glob("*.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("data/*.md"), *ROOT.rglob("qms_tui/**/*.py"),
             *ROOT.glob("data/*.py"), *ROOT.glob("bench/*.py")]
    outside = [str(path.relative_to(ROOT)) for path in files if "../shared" in path.read_text(encoding="utf-8")]
    assert not outside


def test_the_domain_page_cites_the_report_and_its_figures():
    text = (ROOT / "docs" / "DOMAIN.md").read_text(encoding="utf-8")
    assert "3966/BC-BQL" in text and "05/09/2024" in text
    rows = dict(re.findall(r"^\| (?:— )?([a-z ()-]+?) \| +(\d+) \|$", text, re.M))
    assert rows == {"received (to be resolved)": "578", "new in the period": "454", "carried over from before": "124",
                    "resolved": "439", "on time": "369", "late": "70", "in progress at the end": "113",
                    "not yet due": "113", "overdue": "0"}
    assert "docs/DOMAIN.md" in (ROOT / "README.md").read_text(encoding="utf-8")
