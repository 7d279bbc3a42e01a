"""The six screens on keys 1–6 (``QmsApp`` adds them as modes), each one's module imported when it is first
shown.

The first frame is the overview: the five other screens, with their tables, views, charts and forms,
are some thirty modules that start-up would otherwise import for nothing (Textual builds a mode's screen,
and parses its CSS, only when the mode is first shown anyway). Each factory imports its screen's module
the first time the user presses its key, a few milliseconds then, and makes the screen with the app's
``ScreenData``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from qms_tui.tui.screens.overview import OverviewScreen

if TYPE_CHECKING:
    from qms_tui.tui.data import ScreenData


def procedures(data: ScreenData) -> Screen:
    from qms_tui.tui.screens.procedures import ProceduresScreen

    return ProceduresScreen(data)


def risks(data: ScreenData) -> Screen:
    from qms_tui.tui.screens.risks import RisksScreen

    return RisksScreen(data)


def training(data: ScreenData) -> Screen:
    from qms_tui.tui.screens.training import TrainingScreen

    return TrainingScreen(data)


def dossiers(data: ScreenData) -> Screen:
    from qms_tui.tui.screens.dossiers import DossiersScreen

    return DossiersScreen(data)


def improvement(data: ScreenData) -> Screen:
    from qms_tui.tui.screens.improvement import ImprovementScreen

    return ImprovementScreen(data)


MODES: dict[str, Callable[[ScreenData], Screen]] = {
    "overview": OverviewScreen,
    "procedures": procedures,
    "risks": risks,
    "training": training,
    "dossiers": dossiers,
    "improvement": improvement,
}
"""Each mode's screen factory, given the app's data, in the order of keys 1–6 (``widgets.header.SCREENS``)."""
