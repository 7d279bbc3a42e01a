"""What is wrong with a value, as a message id and its values: the words are chosen when it is shown.

The domain and the services say ``Fault("p_not_whole_number", value="'x'")``; the CLI prints it in the
language of ``--lang``/``QMS_LANG``, a form under its field in the app's language (``text(lang)``). A
``Fault`` is also the English ``str`` it renders to, so logs, ``str(exc)`` and callers that only want text
keep working unchanged; a value that is itself a ``Fault`` is rendered in the same language.
"""

from __future__ import annotations

from typing import Any

from qms_tui.locale import current, nwords, words


class Worded(str):
    """Text that can be worded in a language (``text(lang)``); as a ``str``, its English words."""

    def text(self, lang: str | None = None) -> str:
        return str(self)


class Fault(Worded):
    """A message id (``p_…`` in the catalogues) and its named values; as a ``str``, its English words.
    ``plural=n`` makes it a plural message (``ngettext``: "1 late dossier", "3 late dossiers"; ``{n}`` is n)."""

    code: str
    values: dict[str, Any]
    plural: int | None

    def __new__(cls, code: str, /, *, plural: int | None = None, **values: Any) -> Fault:
        self = super().__new__(cls, _render(code, values, "en", plural))
        self.code = code
        self.values = values
        self.plural = plural
        return self

    def text(self, lang: str | None = None) -> str:
        """The words in ``lang`` (default: the command line's language, ``locale.current``)."""
        return _render(self.code, self.values, lang, self.plural)

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles keep the id, not only the English
        return (_rebuild, (self.code, self.values, self.plural))


class Joined(Worded):
    """Messages shown one after another (``"status: … → …; likelihood: 4 → 2"``): each worded in the language."""

    parts: tuple[object, ...]
    sep: str

    def __new__(cls, parts: list[object] | tuple[object, ...], sep: str = "; ") -> Joined:
        self = super().__new__(cls, sep.join(map(str, parts)))
        self.parts, self.sep = tuple(parts), sep
        return self

    def text(self, lang: str | None = None) -> str:
        return self.sep.join(say(part, lang) for part in self.parts)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.parts, self.sep))


class Term(Worded):
    """A stored name or code (``status``, ``in_treatment``) shown by its label in the catalogue (``prefix`` +
    the name: ``f_status``) when it has one, else as it is. In English it stays the name itself, as the change
    log, the CLI's options and its English output have always written it."""

    prefix: str

    def __new__(cls, name: str, prefix: str = "") -> Term:
        self = super().__new__(cls, name)
        self.prefix = prefix
        return self

    def text(self, lang: str | None = None) -> str:
        if (lang or current()) == "en":
            return str(self)
        key = self.prefix + str(self)
        label = words(key, lang)
        return str(self) if label == key else label

    def __reduce__(self) -> tuple[Any, ...]:
        return (Term, (str(self), self.prefix))


class Said(Worded):
    """Any message that words itself (an error with ``text(lang)``) as a value of a ``Fault``."""

    message: object

    def __new__(cls, message: object) -> Said:
        self = super().__new__(cls, str(message))
        self.message = message
        return self

    def text(self, lang: str | None = None) -> str:
        return say(self.message, lang)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Said, (self.message,))


def _rebuild(code: str, values: dict[str, Any], plural: int | None = None) -> Fault:
    return Fault(code, plural=plural, **values)


def _render(code: str, values: dict[str, Any], lang: str | None, plural: int | None = None) -> str:
    shown = {name: say(value, lang) if isinstance(value, str) else value for name, value in values.items()}
    try:
        return words(code, lang, **shown) if plural is None else nwords(code, plural, lang, **shown)
    except (KeyError, IndexError, ValueError):  # a translation naming a value the code does not give
        return _render(code, values, "en", plural) if lang != "en" else code


def say(message: object, lang: str | None = None) -> str:
    """``message`` in ``lang`` if it is a ``Fault`` (or has ``text(lang)``, like ``ValidationError``), else
    as it is: a message that is not a problem yet is shown, never hidden."""
    text = getattr(message, "text", None)
    if isinstance(message, Worded) or (callable(text) and not isinstance(message, str)):
        return message.text(lang)  # type: ignore[union-attr]
    return str(message)
