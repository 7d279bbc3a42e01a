"""What the ``qms`` commands print for a person to read: escaped, so that stored text never acts on a terminal.

A store edited by hand, or an argument pasted from elsewhere, may hold an escape sequence (``ESC ] 0 ;``
sets the terminal's title, ``ESC [ 2 J`` clears it) or a bidi override that reverses what follows. Every
line a command prints for a person goes through ``say`` (``safety.visible``); error lines through
``error_line``, one line each. Data written for programs (CSV, JSON) is made safe where it is written.
"""

from __future__ import annotations

from typing import IO, Any

from qms_tui.domain.safety import visible


def say(message: object = "", *, err: bool = False) -> None:
    """``typer.echo`` of ``message`` with every control, bidi and invisible character written out; a message that
    can word itself (a ``Fault``, a save's ``EditResult``) in the command's language."""
    import typer  # here, not at the top: ``qms summary``'s quick path imports this module without typer

    typer.echo(visible(in_language(message)), err=err)


def error_line(message: object) -> str:
    """``qms: message`` on one line, escaped: what an error prints on stderr. An error that can word itself
    (``ValidationError.text``, a ``Fault``) is worded in the command's language (``--lang``, ``QMS_LANG``)."""
    return f"qms: {visible(in_language(message), one_line=True)}"


def in_language(message: object) -> str:
    """``message`` in the command line's language when it carries its words' ids, else as it is."""
    from qms_tui.config import ConfigError
    from qms_tui.domain.problems import say  # a leaf: the message catalogue only
    from qms_tui.locale import current, words

    if isinstance(message, ConfigError):  # worded here: the settings module cannot import the catalogues
        return words(message.msgid, current(), **message.values)
    return say(message, current())


class VisibleWriter:
    """A text stream that escapes what is written to it before passing it on (click's usage errors, which
    echo the arguments as typed: ``No such command '…'``)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(getattr(self._stream, "isatty", lambda: False)())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
