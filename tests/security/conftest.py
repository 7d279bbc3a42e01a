"""Fixtures for the tests of text that must never act on a terminal or in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import hostile_store


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """A demo store with escape sequences, bidi overrides and carriage returns planted by hand."""
    return hostile_store(tmp_path)
