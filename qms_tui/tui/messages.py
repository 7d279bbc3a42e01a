"""The messages between the app and its screens, so that neither calls into the other.

The app tells the visible screen that the data moved on (``DataChanged``: a reload, a new period, a new
day); a screen asks the app to go somewhere (``ShowScreen``, ``ShowDossiers``: the dossier list with a
filter, e.g. from an overview block or a procedure's ``d``). Screens' messages bubble up to the app.
"""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message, bubble=False):
    """The app's data is a new generation: the screen that receives it redraws if it is behind."""


class ShowScreen(Message):
    """Go to one of the app's screens (``SCREENS``) or the plan page (``plan``)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class ShowDossiers(Message):
    """Go to the dossier list filtered to a status or a procedure, or to another of its views (``index``)."""

    def __init__(self, *, status: str | None = None, procedure: str | None = None, view: str = "list") -> None:
        super().__init__()
        self.status = status
        self.procedure = procedure
        self.view = view


class FilterDossiers(ShowDossiers, bubble=False):
    """The app hands ``ShowDossiers``'s filter on to the dossier screen once it is shown."""
