"""Building many long-lived objects (100,000 dossiers) without the garbage collector walking them again.

CPython's cyclic collector walks every tracked object in its full passes: with a 100k-dossier store
loaded, a pass takes about 0.1 s, and a screen that creates many small objects (Textual's CSS does)
sets off several, which made opening the Dossiers list 0.3 s slower. The store's documents and the
records built from them form no reference cycles — reference counting frees them when a reload
replaces them — so while building them the collector is paused, and afterwards everything alive is
moved to the permanent generation (``gc.freeze``), which the collector skips.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the collector while building many small objects that form no cycles.

    Parsing a 100k-dossier store creates about a million dicts and strings; without this the collector
    runs hundreds of times over them and parsing takes 3–4× longer.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def long_lived_objects(*, replacing: bool = False) -> Iterator[None]:
    """Build objects that live long and form no cycles, then take them out of the collector's walks.

    Cyclic garbage is collected first (cheap: what is already frozen is not walked), so that none of
    it is frozen along with the new objects. Freezing also pins whatever else is alive at that moment
    (in the TUI: widgets); ``replacing`` — a reload that replaces earlier frozen data — unfreezes
    everything first, so that such objects, if they have died since, are collected after all.
    """
    if replacing:
        gc.unfreeze()
    gc.collect()
    with paused_collector():
        try:
            yield
        finally:
            gc.freeze()
