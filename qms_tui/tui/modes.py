"""The six screens on keys 1–6 (``QmsApp.MODES``), each one's module imported when it is first shown.

The first frame is the overview: the five other screens, with their tables, views, charts and forms,
are some thirty modules that start-up would otherwise import for nothing (Textual builds a mode's screen,
and parses its CSS, only when the mode is first shown anyway). Each factory imports its screen's module
the first time the user presses its key, a few milliseconds then.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from qms_tui.tui.screens.overview import OverviewScreen


def procedures() -> Screen:
    from qms_tui.tui.screens.procedures import ProceduresScreen

    return ProceduresScreen()


def risks() -> Screen:
    from qms_tui.tui.screens.risks import RisksScreen

    return RisksScreen()


def training() -> Screen:
    from qms_tui.tui.screens.training import TrainingScreen

    return TrainingScreen()


def dossiers() -> Screen:
    from qms_tui.tui.screens.dossiers import DossiersScreen

    return DossiersScreen()


def improvement() -> Screen:
    from qms_tui.tui.screens.improvement import ImprovementScreen

    return ImprovementScreen()


MODES: dict[str, Callable[[], Screen]] = {
    "overview": OverviewScreen,
    "procedures": procedures,
    "risks": risks,
    "training": training,
    "dossiers": dossiers,
    "improvement": improvement,
}
"""Each mode's screen factory, in the order of keys 1–6 (``widgets.header.SCREENS``)."""
