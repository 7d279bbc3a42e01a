"""The app's themes and ``NO_COLOR``: a dark default, a light theme and a 16-colour one for old terminals.

Our names are what the settings file, ``--theme`` and the palette use; each is one of Textual's themes.
``ansi`` draws with the terminal's own 16 colours, so it looks right on TERM=linux and in terminals without
256 colours. ``NO_COLOR`` (https://no-color.org: any non-empty value) removes every colour, whatever the
theme; bold, reverse and underline stay, so the cursor and the warnings still show.
"""

from __future__ import annotations

import os

THEMES: dict[str, str] = {"default": "textual-dark", "light": "textual-light", "ansi": "ansi-dark"}
"""Our theme names -> Textual's."""


def theme_name(option: str | None = None) -> str:
    """``--theme``, else ``$QMS_THEME``, else ``theme`` of the settings file, else ``default``."""
    from qms_tui.config import value

    chosen = value("theme", option) or "default"
    return chosen if chosen in THEMES else "default"


def no_color(environ: dict[str, str] | None = None) -> bool:
    """True when ``NO_COLOR`` holds a non-empty value (an empty one does not count, as no-color.org says)."""
    return bool((environ if environ is not None else os.environ).get("NO_COLOR", ""))
