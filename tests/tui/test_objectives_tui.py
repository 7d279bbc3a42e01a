"""The plan screen lists the quality objectives, each measured one with a sparkline of its months."""

from __future__ import annotations


async def test_the_plan_screen_shows_each_objective_with_a_sparkline(app) -> None:
    from textual.widgets import Sparkline, Static

    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.open_plan()
        await pilot.pause()
        rows = list(app.screen.query(".objective-row"))
        assert len(rows) == len(app.qms.objectives)
        first = rows[0]
        objective = next(o for o in app.qms.objectives if o.code == "MTCL-01")
        line = str(first.query_one(Static).render())
        assert line.startswith("MTCL-01") and "Biểu 06" in line
        spark = first.query_one(Sparkline)
        expected = [v for _, v in app.qms.objective_trend(objective) if v is not None]
        assert spark.display and list(spark.data) == expected and len(expected) >= 6
        manual = next(r for r in rows if str(r.query_one(Static).render()).startswith("MTCL-04"))
        assert not manual.query_one(Sparkline).display
