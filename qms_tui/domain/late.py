"""The aggregate's late dossiers (those finished late with a result): their codes by document id.

Stored as two strings, the ids and the codes each joined by line breaks, not as a JSON object: a store's
50,000 late dossiers then cost a summary about 1 ms to parse instead of 17, and its count and first codes
are read off the two lists in C (``Aggregate.late_codes``). The dict is built only when a write changes
them. A store whose ids or codes hold a line break (text the load path does not check), and an older
aggregate, keep the JSON object, which is read as before.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

SEP = "\n"


class Late:
    """Codes by document id, in the order they were counted: as two lists until a write needs the dict."""

    __slots__ = ("_codes", "_ids", "_map", "_stored")

    def __init__(self, mapping: dict[str, str] | None = None) -> None:
        self._map: dict[str, str] | None = dict(mapping or {})
        self._ids: list[str] = []
        self._codes: list[str] = []
        self._stored: list[str] | None = None
        """The two strings as read, written back as they are while nothing changed them."""

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
        if len(late._ids) != len(late._codes) or len(set(late._ids)) != len(late._ids):
            raise ValueError("the late dossiers' ids do not match their codes")
        late._stored = [ids_text, codes_text]
        return late

    @property
    def map(self) -> dict[str, str]:
        """The codes by id, built on first use (a write changes it; the lists are then dropped)."""
        if self._map is None:
            self._map = dict(zip(self._ids, self._codes, strict=True))
            self._ids, self._codes, self._stored = [], [], None
        return self._map

    def lists(self) -> tuple[list[str], list[str]]:
        """The ids and the codes, in order."""
        if self._map is None:
            return self._ids, self._codes
        return list(self._map), list(self._map.values())

    def stored(self) -> Any:
        """The two joined strings, or the JSON object where a line break would make them ambiguous."""
        if self._map is None and self._stored is not None:
            return self._stored
        ids, codes = self.lists()
        ids_text, codes_text = SEP.join(ids), SEP.join(codes)
        if ids_text.count(SEP) != max(len(ids) - 1, 0) or codes_text.count(SEP) != max(len(codes) - 1, 0) \
                or ids == [""]:
            return dict(zip(ids, codes, strict=True))
        return [ids_text, codes_text]


def plain_ids(keys: Collection[str]) -> bool:
    """Every key is ASCII digits (``int`` then orders them as ``_id_order`` does, and without a Python call
    per key): one C-level pass over them joined."""
    joined = "".join(keys)
    return joined.isascii() and joined.isdigit() and "" not in keys
