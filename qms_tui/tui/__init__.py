"""The Textual app and everything beside it (the only package that imports Textual); and its start-up pause
of the garbage collector.

Importing the app builds some 75,000 objects that live as long as the process: Textual's modules and ours,
their classes, functions and tables. The cyclic collector walked them about a hundred times while they were
imported, then once more in full when the store was loaded (``domain.memory.long_lived_objects``), and
Textual's first frame set it off some forty times more: about 50 ms of a start-up meant to take about
0.35 s. So the collector's first threshold is raised here, before Textual is imported; ``imports_done``
(the last line of ``app.py``) takes what the imports built out of its walks (``gc.freeze``), and
``first_frame_done`` (after the app's first refresh) puts the threshold back. Until then it still collects,
only less often: a process that imports part of this package and runs no app (the province screen alone,
a test) is not left without a collector.
"""

from __future__ import annotations

import gc

_THRESHOLD = gc.get_threshold()
gc.set_threshold(200_000, *_THRESHOLD[1:])


def imports_done() -> None:
    """The app's modules are imported: keep what they built out of the collector's walks."""
    gc.freeze()


def first_frame_done() -> None:
    """The first frame is drawn: collect as often as before (a second call changes nothing)."""
    gc.set_threshold(*_THRESHOLD)
