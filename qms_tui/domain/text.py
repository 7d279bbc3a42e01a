"""Text matching for Vietnamese filters: accents optional, so "lao dong" finds "lao động" and "ho so" finds
"hồ sơ"; but typed accents count, so "Nguyễn" finds "Nguyễn" and not "Tài nguyên".

People filtering a table over SSH often type without a Vietnamese keyboard; matching must not depend on it.
Someone who does type the marks means them: in Vietnamese the marks tell words apart ("nguyên" is not
"Nguyễn"), so a query with marks is matched with its marks, case aside (``Needle``).
``unicodedata`` decomposition strips the tone and vowel marks but leaves đ/Đ alone (it is a letter of its
own, not d with a mark), so it is mapped to d by hand.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def _fold_table() -> dict[int, str | None]:
    """One translation table for ``str.translate`` (C speed): every accented Latin letter to its base
    letter, đ/Đ to d, and the combining marks of decomposed (NFD) text to nothing."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        base = "".join(ch for ch in unicodedata.normalize("NFD", char) if not unicodedata.combining(ch))
        if base and base != char:
            table[code] = base
    for code in range(0x0300, 0x0370):
        table[code] = None
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """``text`` lower-cased, without accents or marks, đ as d, runs of spaces as one: the form to compare."""
    return _SPACES.sub(" ", text.translate(_FOLD).casefold()).strip()


def searchable(text: str) -> str:
    """``text`` lower-cased with its accents kept (NFC, so a decomposed "ễ" equals a composed one), runs of
    spaces as one: the form a search callback returns (``fold`` of it is the accent-free form)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


class Needle:
    """A filter query: with accents typed it matches accents exactly, without them it matches either way."""

    __slots__ = ("accented", "exact", "folded")

    def __init__(self, query: str) -> None:
        self.accented = searchable(query)
        self.folded = fold(query)
        self.exact = self.accented != self.folded  # marks (or đ) typed: compare with the accented form

    def __bool__(self) -> bool:
        return bool(self.folded)


def matches(query: str, folded_text: str) -> bool:
    """True if the folded ``query`` is a substring of ``folded_text`` (already folded); an empty query matches."""
    needle = fold(query)
    return not needle or needle in folded_text
