"""The loaded store is kept out of the garbage collector's walks, and no garbage is kept with it."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from qms_tui.domain.memory import long_lived_objects
from qms_tui.store import Store


class Node:
    """An object that can form a reference cycle and be watched through a weak reference."""

    def __init__(self) -> None:
        self.other: Node | None = None


def test_objects_built_inside_are_frozen_and_cyclic_garbage_from_before_is_collected():
    first, second = Node(), Node()
    first.other, second.other = second, first  # a cycle: only the collector can free it
    watch = weakref.ref(first)
    del first, second
    with long_lived_objects():
        built = [{"code": f"HS-{i}"} for i in range(1000)]
    try:
        assert watch() is None  # collected before freezing, not frozen for good
        frozen = gc.get_freeze_count()
        assert frozen >= len(built)
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_loaded_store_and_its_records_are_not_walked_by_the_collector(demo_db: Path):
    try:
        qms = Store(demo_db, read_only=True).snapshot()
        dossiers = qms.dossiers
        young_and_old = {id(obj) for generation in range(3) for obj in gc.get_objects(generation)}
        assert id(qms.dossier_docs[0]) not in young_and_old
        assert id(dossiers[0]) not in young_and_old
    finally:
        gc.unfreeze()
