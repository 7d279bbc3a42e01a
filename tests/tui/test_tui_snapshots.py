"""Snapshots of every screen at 80×24 (pytest-textual-snapshot). Review the report before updating:
``pytest tests/tui/test_tui_snapshots.py --snapshot-update``.

The store is opened by a relative path and the demo pins its "as of" date, so the pictures do not
depend on the machine or the day.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots in colour (the shared test setup turns NO_COLOR on)."""
    monkeypatch.delenv("NO_COLOR", raising=False)


SIZE = (80, 24)


class TestScreens:
    """One picture per screen, reached by its number key."""

    def test_overview(self, make, colour, snap_compare):
        assert snap_compare(make(), terminal_size=SIZE)

    def test_procedures(self, make, colour, snap_compare):
        assert snap_compare(make(), press=["2"], terminal_size=SIZE)

    def test_risks(self, make, colour, snap_compare):
        assert snap_compare(make(), press=["3"], terminal_size=SIZE)

    def test_training(self, make, colour, snap_compare):
        assert snap_compare(make(), press=["4"], terminal_size=SIZE)

    def test_dossiers(self, make, colour, snap_compare):
        assert snap_compare(make(), press=["5"], terminal_size=SIZE)


class TestDrillDown:
    """Detail pages, the filter and the dialogs."""

    def test_procedures_filtered(self, make, colour, snap_compare):
        assert snap_compare(make(), press=["2", "slash", *"lao dong"], terminal_size=SIZE)

    def test_procedure_detail(self, make, colour, snap_compare):
        assert snap_compare(make(), press=["2", "slash", *"xd09", "enter", "enter"], terminal_size=SIZE)

    def test_risk_detail(self, make, colour, snap_compare):
        assert snap_compare(make(), press=["3", "enter"], terminal_size=SIZE)

    def test_period_dialog(self, make, colour, snap_compare):
        assert snap_compare(make(), press=["p"], terminal_size=SIZE)

    def test_dossiers_by_field(self, make, colour, snap_compare):
        assert snap_compare(make(), press=["5", "v"], terminal_size=SIZE)


class TestNoColour:
    """With NO_COLOR=1 the overview must still mark what needs attention (bold, reverse, marks)."""

    def test_overview_no_colour(self, make, snap_compare):
        assert snap_compare(make(), terminal_size=SIZE)
