"""Turning the bytes of a text export into text: UTF-8 first, then the legacy Windows code pages.

Older one-stop-shop systems and Excel's "CSV (comma delimited)" on a Vietnamese Windows write
Windows-1258; Western set-ups write Windows-1252. Both decode almost any byte string, so a wrong guess
would import garbled names without a word. The rule is therefore strict and said aloud:

1. ``--encoding`` always wins (and a byte it cannot decode is an error that names the line);
2. a UTF-8 or UTF-16 byte-order mark, then strict UTF-8;
3. Windows-1258 when the decoded text reads as Vietnamese (its letters ă â đ ê ô ơ ư and tone marks
   make up most of the non-ASCII characters), else Windows-1252 when it reads as Western text;
   either way the import says which encoding it used;
4. otherwise the file is refused with the exact ``--encoding`` to pass.

Text is returned in NFC: Windows-1258 writes tone marks as combining characters, and "Hồ" typed two
ways must be one value.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from qms_tui.domain.problems import Fault
from qms_tui.importing.problems import CsvError

_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9àáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹÀÁÈÉÌÍÒÓÙÚÝ]")
_WESTERN = re.compile("[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u20ac\u2013\u2014\u2018-\u201e]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_ONLY_VIETNAMESE = re.compile("[ơưđĐƠƯăĂ\u1ea0-\u1ef9]")
"""Letters no Western code page has: without one, the text is not Vietnamese."""

NAMES = {"cp1258": "Windows-1258", "cp1252": "Windows-1252", "utf-8": "UTF-8", "utf-16": "UTF-16"}


def nfc(text: str) -> str:
    """One form for every accented letter (cheap when the text is already NFC)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def decode(raw: bytes, file: str, encoding: str | None = None) -> tuple[str, str, str]:
    """``(text, encoding, note)``: the NFC text, the codec used and a note to show ("" for plain UTF-8)."""
    if encoding:
        return _forced(raw, file, encoding)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(nfc(raw.decode("utf-16")), file), "utf-16", Fault("imp_read_as_utf16")
        except UnicodeDecodeError:
            raise CsvError(Fault("imp_bad_utf16", file=file)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        return _checked(nfc(text), file), "utf-8", ""
    line = raw[:first_bad].count(b"\n") + 1
    for codec, looks_right in (("cp1258", _reads_vietnamese), ("cp1252", _reads_western)):
        try:
            text = nfc(raw.decode(codec))
        except UnicodeDecodeError:
            continue
        if looks_right(text):
            note = Fault("imp_not_utf8_read_as", name=NAMES[codec], other="cp1252" if codec == "cp1258" else "cp1258")
            return _checked(text, file), codec, note
    raise CsvError(Fault("imp_not_utf8", file=file, line=line, byte=f"0x{raw[first_bad]:02x}"))


def _forced(raw: bytes, file: str, encoding: str) -> tuple[str, str, str]:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise CsvError(Fault("imp_unknown_encoding", encoding=repr(encoding))) from None
    try:
        text = raw.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CsvError(Fault("imp_not_in_encoding", file=file, line=line, encoding=encoding,
                             byte=f"0x{raw[exc.start]:02x}")) from None
    name = NAMES.get(codec, codec)
    return _checked(nfc(text), file), codec, "" if codec == "utf-8" else Fault("imp_read_as_forced", name=name)


def _checked(text: str, file: str) -> str:
    if "\x00" in text:
        raise CsvError(Fault("imp_nul_bytes", file=file))
    return text


def _reads_vietnamese(text: str) -> bool:
    others = len(_NON_ASCII.findall(text))
    vietnamese = len(_VIETNAMESE.findall(text))
    return others > 0 and vietnamese >= 0.8 * others and _ONLY_VIETNAMESE.search(text) is not None


def _reads_western(text: str) -> bool:
    others = len(_NON_ASCII.findall(text))
    return others > 0 and len(_WESTERN.findall(text)) >= 0.9 * others
