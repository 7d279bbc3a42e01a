"""Text that must never act: control, bidi and invisible characters, and spreadsheet formulas.

Data reaches qms-tui from other systems' exports and hand-edited files; it is shown on terminals shared
over SSH and opened in spreadsheets. Two walls keep it inert:

* at the door, ``text_problem`` refuses what no record should hold (every record's validation uses it);
* on the way out, ``visible`` rewrites what a store still holds (hand-edited, older) as harmless text,
  ``\\x1b`` or ``U+202E``, so that no renderer ever sends it raw to a terminal.

CSV cells that a spreadsheet would run as a formula are neutralised the OWASP way (a leading apostrophe)
by ``csv_cell`` and restored by ``csv_value`` on import, so that an export still re-imports exactly.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from qms_tui.domain.problems import Fault

# Unicode categories Cc (controls), Cf (format: zero-width, bidi, BOM, soft hyphen), Cs (surrogates),
# Zl and Zp (line and paragraph separators), as of Unicode 15.1; tab and line feed are handled apart.
# Written out because computing it from ``unicodedata`` at import costs 0.2 s of every start-up;
# tests/domain/test_safety.py checks it against the running Python's ``unicodedata``.
_INVISIBLE_RANGES = (
    (0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD),
    (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xD800, 0xDFFF), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)


def _char_class(ranges: tuple[tuple[int, int], ...], extra: str = "") -> str:
    parts = [re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges]
    return "[" + "".join(parts) + extra + "]"


_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Bidi marks, embeddings, overrides and isolates: they reorder what a reader sees (CVE-2021-42574)."""

_UNSAFE_OUT = _char_class(_INVISIBLE_RANGES)
"""What ``visible`` escapes (tab and line feed stay: multi-line text is multi-line)."""
_UNSAFE_OUT_LINE = _char_class(_INVISIBLE_RANGES, "\t\n")
"""What ``visible(..., one_line=True)`` escapes: a table cell or a status line holds one line."""

_FORBIDDEN_TEXT = f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_BIDI}]"
"""Refused in every text field: controls but tab and line feed, DEL, C1, bidi controls, line separators."""
_FORBIDDEN_CODE = _char_class(_INVISIBLE_RANGES, "\t\n\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000")
"""Refused in codes and keys as well: every invisible or format character and any space but U+0020,
because ``BQL-1`` and ``BQL\u200b-1`` must not be two dossiers that look the same."""


@cache
def _pattern(source: str) -> re.Pattern[str]:
    """One of the classes above, compiled when first used: each takes about 1 ms to compile (their ranges
    reach past the BMP), and a start-up needs one or two of the four."""
    return re.compile(source)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP "CSV injection")."""


def _describe(char: str) -> str:
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    return f"U+{code:04X}"


def _escape_match(match: re.Match[str]) -> str:
    return _describe(match.group())


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control, bidi and invisible character written out (``\\x1b``, ``U+202E``).

    Safe to send to a terminal, a Markdown or HTML file or a log. With ``one_line`` tab and line feed
    are escaped too (table cells, status lines, one-line messages). Cheap when there is nothing to do.
    """
    pattern = _pattern(_UNSAFE_OUT_LINE if one_line else _UNSAFE_OUT)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape_match, text)


def unsafe_pattern(*, one_line: bool = False) -> re.Pattern[str]:
    """What ``visible`` escapes, for code that must find those characters itself (styled text, drawn lines)."""
    return _pattern(_UNSAFE_OUT_LINE if one_line else _UNSAFE_OUT)


def text_problem(value: str, *, code: bool = False) -> str | None:
    """Why ``value`` may not be stored, or ``None``. ``code``: a key or a reference to one (stricter)."""
    match = _pattern(_FORBIDDEN_CODE if code else _FORBIDDEN_TEXT).search(value)
    if match is None:
        if code and not unicodedata.is_normalized("NFC", value):
            return Fault("p_not_nfc")
        return None
    char = match.group()
    what = Fault("p_bidi_control") if re.fullmatch(f"[{_BIDI}]", char) else (
        Fault("p_odd_space") if char.isspace() and char not in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85"
        else Fault("p_control_character")
    )
    return Fault("p_contains", what=what, char=_describe(char), position=match.start() + 1)


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``= + - @``, tab or CR gets an apostrophe first.

    A value that already starts with an apostrophe gets one more, so ``csv_value`` restores every value
    exactly (``'=1`` → ``''=1`` → ``'=1``).
    """
    if value and (value[0] in _FORMULA_START or (value[0] == "'" and len(value) > 1)):
        return "'" + value
    return value


def csv_value(cell: str) -> str:
    """The value behind a cell written by ``csv_cell``: one leading apostrophe before a formula start
    (or before another apostrophe) is removed; anything else is the value as it is."""
    if len(cell) > 1 and cell[0] == "'" and (cell[1] in _FORMULA_START or cell[1] == "'"):
        return cell[1:]
    return cell


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a JSON string escapes a character beyond the BMP as its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_visible(text: str) -> str:
    """A JSON text (``json.dumps`` output) with every character ``visible`` would escape written as a
    ``\\uXXXX`` escape: the same data once decoded, but nothing in it acts on a terminal.

    Outside its strings a JSON text holds only ASCII punctuation, digits, letters, spaces and line feeds
    (which stay), so every such character is inside a string, where the escape means the same character."""
    pattern = _pattern(_UNSAFE_OUT)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_json_escape, text)


_NOT_XML = re.compile("[\ufffe\uffff]")
"""Characters XML 1.0 forbids that ``visible`` leaves as they are (the controls it escapes are forbidden too)."""


def xml_visible(text: str, *, one_line: bool = False) -> str:
    """``visible(text)`` that is also allowed in XML 1.0 (an SVG, a .docx part): U+FFFE and U+FFFF written
    out too. XML forbids most control characters even as ``&#...;`` references, so escaping is the only way."""
    text = visible(text, one_line=one_line)
    return text if _NOT_XML.search(text) is None else _NOT_XML.sub(_escape_match, text)
