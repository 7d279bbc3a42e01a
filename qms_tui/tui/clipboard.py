"""Where ``y``/``Y`` also leave what they copy: a file, for terminals that ignore OSC 52.

Textual sends the OSC 52 sequence but cannot learn whether the terminal acted on it (many do not: the
Linux console, some tmux and screen setups, terminals that switch it off). So the copied text is also
written to ``$XDG_CACHE_HOME/qms-tui/clipboard.txt`` (``~/.cache`` by default), replaced on each copy,
readable by the user only, and the notice names that file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def clipboard_path(environ: dict[str, str] | None = None) -> Path:
    """The file the last copy is kept in."""
    env = environ if environ is not None else os.environ
    cache = env.get("XDG_CACHE_HOME", "").strip()
    base = Path(cache) if cache and Path(cache).is_absolute() else Path.home() / ".cache"
    return base / "qms-tui" / "clipboard.txt"


def keep_copy(text: str, environ: dict[str, str] | None = None) -> Path | None:
    """Write ``text`` (with a final newline) to ``clipboard_path`` whole or not at all; ``None`` when the
    file cannot be written (the OSC 52 copy still happened)."""
    path = clipboard_path(environ)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".clipboard-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:  # mkstemp: readable by the user only
                out.write(text + "\n")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return None
    return path
