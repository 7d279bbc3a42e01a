"""One definition of "high risk" (open threats scoring 10–25; ``Qms.high_risks``), opportunities apart:
the Overview, the Risks screen, the summary (text and JSON), the annual report and the review pack all
say the same two numbers in the same words."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tui_helpers import screen_text

from qms_tui.reports.annual import build_report, render_report
from qms_tui.reports.review_pack import render_review_pack
from qms_tui.reports.summary import render_summary
from qms_tui.store import Store
from qms_tui.tui.widgets.block import Block

HIGH = re.compile(r"(\d+) (?:rủi ro mức cao|high risks?)\b")
OPEN_OPPS = re.compile(r"(\d+) (?:cơ hội đang mở|open opportunit(?:y|ies))\b")


def counts(text: str) -> tuple[set[int], set[int]]:
    """Every "N rủi ro mức cao" and "N cơ hội đang mở" number in ``text``."""
    return {int(n) for n in HIGH.findall(text)}, {int(n) for n in OPEN_OPPS.findall(text)}


def test_the_domain_counts_threats_only_and_opportunities_apart(store_dir: Path):
    qms = Store(store_dir / "qms.json", read_only=True).snapshot()
    assert [r.code for r in qms.high_risks()] == ["RR-01", "RR-02", "RR-05", "RR-06"]
    assert all(r.kind == "risk" and r.status != "closed" and r.score >= 10 for r in qms.high_risks())
    assert sorted(r.code for r in qms.open_opportunities()) == ["CH-01", "CH-03", "CH-04"]
    assert sorted(r.code for r in qms.high_opportunities()) == ["CH-01", "CH-03"]
    # the old Overview counted risks and opportunities together: 6 "high"
    assert len(qms.high_risks()) + len(qms.high_opportunities()) == 6


async def test_every_view_says_the_same_high_risk_and_open_opportunity_numbers(app, store_dir: Path):
    qms = Store(store_dir / "qms.json", read_only=True).snapshot()
    high, opps = len(qms.high_risks()), len(qms.open_opportunities())
    assert (high, opps) == (4, 3)
    seen: dict[str, tuple[set[int], set[int]]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen["overview"] = counts(app.screen.query_one("#ov-risks", Block).plain)
        assert "4 rủi ro mức cao · 3 cơ hội đang mở" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        seen["risks screen"] = counts(screen_text(app))
    period = qms.default_period()
    for lang in ("vi", "en"):
        seen[f"summary text {lang}"] = counts(render_summary(qms, period, "text", lang))
        seen[f"summary markdown {lang}"] = counts(render_summary(qms, period, "markdown", lang))
        seen[f"review pack {lang}"] = counts(render_review_pack(qms, 2024, "text", lang))
    seen["annual report"] = counts(render_report(build_report(qms, 2024), "text").replace("\n      ", " "))
    for where, (highs, open_opps) in seen.items():
        assert highs == {high}, (where, highs)
        assert open_opps == {opps}, (where, open_opps)
    figures = json.loads(render_summary(qms, period, "json"))["risks"]
    assert (figures["high_risks"], figures["open_opportunities"], figures["high_opportunities"]) == (4, 3, 2)
    assert "high" not in figures and "open" not in figures  # the old keys mixed risks and opportunities
    pack = json.loads(render_review_pack(qms, 2024, "json"))["e_risk_actions"]
    assert (pack["high_risks"], pack["open_opportunities"]) == (4, 3)


async def test_a_high_opportunity_is_not_a_high_risk_on_the_overview(make, store_dir: Path):
    """Closing every high threat leaves the high opportunities where they were: high risks 0."""
    with Store(store_dir / "qms.json").transaction() as tx:
        for doc in tx.tables["risks"].values():
            if doc["kind"] == "risk":
                doc["status"] = "closed"
        tx.touched("risks")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "0 rủi ro mức cao · 3 cơ hội đang mở" in app.screen.query_one("#ov-risks", Block).plain
