"""Rich renderables as plain text, for the widgets: ``reports.export.plain_text``, defined once there."""

from __future__ import annotations

from qms_tui.reports.export import plain_text

__all__ = ["plain_text"]
