"""The aggregate's late dossiers (those finished late with a result): their codes by document id.

Stored as two strings, the ids and the codes each joined by line breaks, in document-id order, not as a
JSON object: a store's 50,000 late dossiers then cost a summary about 1 ms to parse instead of 17, its count
is read off the two lists in C, and its first codes are the first ones (``Aggregate.late_codes``), with no
id parsed or sorted. The dict is built only when a write changes them. A store whose ids or codes hold a
line break (text the load path does not check), and an older aggregate, keep the JSON object, which is read
as before.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

SEP = "\n"


class Late:
    """Codes by document id, in the order they were counted: as two lists until a write needs the dict."""

    __slots__ = ("_codes", "_ids", "_map", "_stored", "in_id_order")

    def __init__(self, mapping: dict[str, str] | None = None) -> None:
        self._map: dict[str, str] | None = dict(mapping or {})
        self._ids: list[str] = []
        self._codes: list[str] = []
        self._stored: list[str] | None = None
        """The two strings as read, written back as they are while nothing changed them."""
        self.in_id_order = False
        """Whether ``lists()`` are in document-id order (as stored): their first codes are then the first."""

    @classmethod
    def from_stored(cls, value: Any) -> Late:
        """From ``stored()``; ``TypeError`` or ``ValueError`` for anything else."""
        if isinstance(value, dict):
            return cls({str(key): code for key, code in value.items()})
        ids_text, codes_text = value
        if not isinstance(ids_text, str) or not isinstance(codes_text, str):
            raise TypeError("the late dossiers are not two strings")
        late = cls()
        late._map = None
        late._ids = ids_text.split(SEP) if ids_text else []
        late._codes = codes_text.split(SEP) if ids_text else []
        if len(late._ids) != len(late._codes) or (codes_text and not ids_text):  # unique ids: ``qms check``
            raise ValueError("the late dossiers' ids do not match their codes")
        late._stored = [ids_text, codes_text]
        late.in_id_order = True
        return late

    @property
    def map(self) -> dict[str, str]:
        """The codes by id, built on first use (a write changes it; the lists are then dropped)."""
        if self._map is None:
            self._map = dict(zip(self._ids, self._codes, strict=True))
            self._ids, self._codes, self._stored = [], [], None
            self.in_id_order = False
        return self._map

    def lists(self) -> tuple[list[str], list[str]]:
        """The ids and the codes, in order."""
        if self._map is None:
            return self._ids, self._codes
        return list(self._map), list(self._map.values())

    @property
    def as_read(self) -> bool:
        """Unchanged since read in the joined form: ``stored()`` gives back what was read."""
        return self._map is None and self._stored is not None

    def stored(self, order: Callable[[str], int]) -> tuple[Any, list[str]]:
        """The two joined strings in id order (``order`` of each id, ties as they are), or the JSON object where
        a line break would make them ambiguous; and the ids in the order stored."""
        if self.as_read:
            return self._stored, self._ids
        ids, codes = self.lists()
        keys = list(map(int if plain_ids(ids) else order, ids))
        at = sorted(range(len(ids)), key=keys.__getitem__)
        ids, codes = [ids[i] for i in at], [codes[i] for i in at]
        ids_text, codes_text = SEP.join(ids), SEP.join(codes)
        if ids_text.count(SEP) != max(len(ids) - 1, 0) or codes_text.count(SEP) != max(len(codes) - 1, 0) \
                or ids == [""]:
            return dict(zip(ids, codes, strict=True)), ids
        return [ids_text, codes_text], ids


def plain_ids(keys: Collection[str]) -> bool:
    """Every key is ASCII digits (``int`` then orders them as ``_id_order`` does, and without a Python call
    per key): one C-level pass over them joined."""
    joined = "".join(keys)
    return joined.isascii() and joined.isdigit() and "" not in keys
