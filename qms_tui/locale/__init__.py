"""The message catalogues: one gettext catalogue per language, read with the standard library only.

Every word the user reads is looked up here by a symbolic id (``"period"``, ``"not_whole_number"``):
``locale/vi/LC_MESSAGES/qms.po`` and ``locale/en/…`` hold the words, compiled to ``qms.mo`` by
``make messages`` (Babel, a development tool only). This module imports nothing else of qms-tui, so the domain,
the store and the CLI can all use it without cycles, and it costs a one-shot command one small file read.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

from qms_tui.locale.lazy import LazyTranslations

DOMAIN = "qms"
LANGS = ("vi", "en")
LOCALE_DIR = Path(__file__).parent

_current = ""


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (an unknown language: Vietnamese); a missing file shows the ids
    rather than crashing, and the catalogue test fails on it. Read message by message (``locale/lazy.py``)."""
    lang = lang if lang in LANGS else "vi"
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True,
                               class_=LazyTranslations)


def current() -> str:
    """The language of what the command line prints: what ``use`` chose (``--lang``), else ``$QMS_LANG``,
    else ``lang`` of the settings file, else Vietnamese. (The app keeps its own: ``labels.lang``.)"""
    if _current:
        return _current
    lang = os.environ.get("QMS_LANG", "").strip().lower()[:2]
    if not lang:
        from qms_tui.config import file_settings  # a leaf module: read only when no variable says

        try:
            lang = str(file_settings().get("lang", "vi"))
        except Exception:  # a broken settings file is reported by the command itself, not by its words
            lang = "vi"
    return lang if lang in LANGS else "vi"


def use(lang: str) -> None:
    """Choose the language of what the command line prints (``--lang``); ``""`` goes back to the default."""
    global _current
    _current = lang if lang in LANGS else ""


def words(msgid: str, lang: str | None = None, /, **values: object) -> str:
    """The message ``msgid`` in ``lang`` (default: the session's), its ``{name}`` placeholders filled."""
    text = catalogue(lang or current()).gettext(msgid)
    return text.format(**values) if values else text


def nwords(msgid: str, n: int, lang: str | None = None, /, **values: object) -> str:
    """The plural message ``msgid`` for ``n`` (``{n}`` is filled with ``n`` unless given)."""
    text = catalogue(lang or current()).ngettext(msgid, msgid, n)
    values.setdefault("n", n)
    return text.format(**values)
