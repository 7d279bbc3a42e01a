"""Accent-insensitive text matching for Vietnamese, so "lao dong" finds "lao động" and "ho so" finds "hồ sơ".

People filtering a table over SSH often type without a Vietnamese keyboard; matching must not depend on it.
``unicodedata`` decomposition strips the tone and vowel marks but leaves đ/Đ alone (it is a letter of its
own, not d with a mark), so it is mapped to d by hand.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """``text`` lower-cased, without accents or marks, đ as d, runs of spaces as one: the form to compare."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def matches(query: str, folded_text: str) -> bool:
    """True if the folded ``query`` is a substring of ``folded_text`` (already folded); an empty query matches."""
    needle = fold(query)
    return not needle or needle in folded_text
