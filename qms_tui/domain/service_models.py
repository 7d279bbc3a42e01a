"""The old home of the service index's records (apologies, feedback, surveys, the index's scale), now
``qms_tui.domain.models.service``: re-exported here so that imports of this path keep working."""

from __future__ import annotations

from qms_tui.domain.models.service import (
    FEEDBACK_CHANNEL_VI,
    FEEDBACK_CHANNELS,
    FEEDBACK_KINDS,
    Apology,
    Feedback,
    IndexScale,
    Survey,
)

__all__ = ["FEEDBACK_CHANNELS", "FEEDBACK_CHANNEL_VI", "FEEDBACK_KINDS", "Apology", "Feedback", "IndexScale", "Survey"]
