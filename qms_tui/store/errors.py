"""The store's errors: what the command line turns into one line on stderr and an exit code."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the store that the user must see as one clear line (exit code 2)."""

    exit_code = 2

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` when it was raised with a ``Fault`` (its words' id), else as it is."""
        from qms_tui.domain.problems import say  # the store's errors module stays import-light

        return say(self.args[0], lang) if self.args else str(self)


class StoreCorruptError(StoreError):
    """The file is not a readable QMS store."""


class ReadOnlyError(StoreError):
    """A write was attempted on a store opened with ``--read-only``."""


class ValidationError(Exception):
    """A record failed validation: ``problems`` holds ``(field, message)`` pairs (exit code 1)."""

    exit_code = 1

    def __init__(self, what: str, problems: list[tuple[str, str]]) -> None:
        self.what = what
        self.problems = problems
        detail = "; ".join(f"{name}: {message}" for name, message in problems)
        super().__init__(f"{what}: {detail}")

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (the problems are ``Fault``s, worded when shown); ``str()`` is English."""
        from qms_tui.domain.problems import say  # the store's errors module stays import-light

        return f"{self.what}: " + "; ".join(f"{name}: {say(message, lang)}" for name, message in self.problems)
