"""A compiled gettext catalogue that finds each message when it is asked for, by binary search in the .mo
file's sorted table of ids, instead of decoding every message when it is opened.

``gettext.GNUTranslations`` decodes all ~2,200 messages of a catalogue on opening: about 9 ms, paid twice by
every start of the app (its language, and English for the words of every ``Fault``) for the few dozen
messages a first screen shows. A .mo file keeps its ids sorted (GNU msgfmt and Babel's ``write_mo``, which
``scripts/i18n.py`` uses, both sort them), so a lookup is about a dozen byte-string comparisons.
``tests/test_catalogues.py`` proves that every message of both catalogues comes out as ``GNUTranslations``
gives it.
"""

from __future__ import annotations

import gettext
import io
from bisect import bisect_left
from struct import pack, unpack, unpack_from
from typing import IO, Any

_MISSING = object()


class LazyTranslations(gettext.GNUTranslations):
    """``GNUTranslations`` whose catalogue is read message by message (``SortedMessages``)."""

    def _parse(self, fp: IO[bytes]) -> None:
        """Check the header and read the catalogue's metadata (charset, plural rule); keep the rest as bytes."""
        buf = fp.read()
        filename = getattr(fp, "name", "")
        magic = unpack("<I", buf[:4])[0]
        if magic not in (self.LE_MAGIC, self.BE_MAGIC):
            raise OSError(0, "Bad magic number", filename)
        order = "<" if magic == self.LE_MAGIC else ">"
        version, count, ids_at, texts_at = unpack(order + "4I", buf[4:20])
        if self._get_versions(version)[0] not in self.VERSIONS:
            raise OSError(0, f"Bad version number {self._get_versions(version)[0]}", filename)
        messages = SortedMessages(buf, count, ids_at, texts_at, order)
        header = messages.translation(b"", plural=False)
        super()._parse(io.BytesIO(_one_entry_mo(header or b"")))  # the standard reading of the metadata
        messages.charset = self._charset or "ascii"
        self._catalog = messages  # type: ignore[assignment]


class SortedMessages:
    """The messages of a .mo file, looked up in its sorted id table; what ``GNUTranslations`` asks of its
    ``_catalog``: ``get(id)``, and ``[(id, n)]`` for the n-th plural form. Found messages are kept."""

    def __init__(self, buf: bytes, count: int, ids_at: int, texts_at: int, order: str) -> None:
        self.buf, self.count, self.ids_at, self.texts_at = buf, count, ids_at, texts_at
        self.entry = order + "II"
        self.charset = "ascii"
        self._found: dict[Any, str] = {}

    def _id(self, index: int) -> bytes:
        """The id of entry ``index``; of a plural message, its singular id (the part before NUL)."""
        length, offset = unpack_from(self.entry, self.buf, self.ids_at + 8 * index)
        key = self.buf[offset:offset + length]
        cut = key.find(b"\0")
        return key if cut < 0 else key[:cut]

    def translation(self, msgid: bytes, *, plural: bool) -> bytes | None:
        """The raw translation of the singular (or plural) message ``msgid``, if the catalogue has it."""
        index = bisect_left(range(self.count), msgid, key=self._id)
        while index < self.count and self._id(index) == msgid:
            length, offset = unpack_from(self.entry, self.buf, self.ids_at + 8 * index)
            if (length > len(msgid)) == plural:
                length, offset = unpack_from(self.entry, self.buf, self.texts_at + 8 * index)
                return self.buf[offset:offset + length]
            index += 1
        return None

    def get(self, key: Any, default: Any = None) -> Any:
        """The translation of ``key`` (an id, or ``(id, form)`` for a plural), else ``default``."""
        if key in self._found:
            return self._found[key]
        if isinstance(key, tuple):
            raw = self.translation(str(key[0]).encode(self.charset), plural=True)
            forms = raw.split(b"\0") if raw is not None else []
            if not 0 <= key[1] < len(forms):
                return default
            text = str(forms[key[1]], self.charset)
        else:
            raw = self.translation(str(key).encode(self.charset), plural=False)
            if raw is None:
                return default
            text = str(raw, self.charset)
        self._found[key] = text
        return text

    def __getitem__(self, key: Any) -> str:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING


def _one_entry_mo(header: bytes) -> bytes:
    """A .mo file holding only ``header`` (the metadata entry, empty id), for the standard parser."""
    ids_at, texts_at, strings_at = 28, 36, 44
    return pack("<7I", gettext.GNUTranslations.LE_MAGIC, 0, 1, ids_at, texts_at, 0, 0) + pack(
        "<4I", 0, strings_at, len(header), strings_at + 1) + b"\0" + header + b"\0"
