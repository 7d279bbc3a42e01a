"""The Textual app and everything beside it (the only package that imports Textual); and its start-up pause
of the garbage collector.

Importing the app builds some 75,000 objects that live as long as the process: Textual's modules and ours,
their classes, functions and tables. The cyclic collector walked them about a hundred times while they were
imported, then once more in full when the store was loaded (``domain.memory.long_lived_objects``): some
45 ms of a start-up meant to take about 0.35 s. So the collector's first threshold is raised here, before
Textual is imported, and ``imports_done`` (the last line of ``app.py``) takes what the imports built out of
its walks (``gc.freeze``) and puts the threshold back. A process that imports only part of this package
(the province screen) still collects, only less often.
"""

from __future__ import annotations

import gc

_THRESHOLD = gc.get_threshold()
gc.set_threshold(200_000, *_THRESHOLD[1:])


def imports_done() -> None:
    """The app's modules are imported: keep what they built out of the collector's walks, collect as before."""
    gc.freeze()
    gc.set_threshold(*_THRESHOLD)
