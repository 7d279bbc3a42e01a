"""Vietnam's working days per year as the ``holidays`` package gives them, kept in the user's cache.

A command that needs a few working days (the "due within 3 working days" list of ``qms summary``, the
Overview's) would otherwise import the ``holidays`` package for them: about 0.05 s of a 0.3 s command. The
package's answer for each day of a year is written once to ``$XDG_CACHE_HOME/qms-tui/holidays-vn.json``,
under a key naming the package's files that decide it (path, size and time of each), so an upgraded or
patched package is asked again. The store's own calendar (extra days off, extra working days) is applied
over these, as before. Nothing here ever fails a command: an unreadable or unwritable cache means the
package is asked, as without it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

FILE = "holidays-vn.json"
DECIDING = ("countries/vietnam.py", "holiday_base.py", "version.py", "calendars/gregorian.py")
"""The package's files whose change may change Vietnam's days (an upgrade rewrites them all)."""

_loaded: dict[str, str] | None = None
_key: str | None = None


def cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qms-tui" / FILE


def package_key() -> str | None:
    """Which ``holidays`` package answers (found without importing it), or ``None`` if it cannot be told."""
    try:
        spec = importlib.util.find_spec("holidays")
        if spec is None or not spec.submodule_search_locations:
            return None
        root = Path(next(iter(spec.submodule_search_locations)))
        stamps = [f"{name}:{(s := os.stat(root / name)).st_size}:{s.st_mtime_ns}" for name in DECIDING]
    except (OSError, ImportError, ValueError):
        return None
    return "|".join([str(root), *stamps])


def _days_in(year: int) -> int:
    return date(year, 12, 31).toordinal() - date(year, 1, 1).toordinal() + 1


def _valid(table: object, year: int) -> bool:
    return isinstance(table, str) and len(table) == _days_in(year) and not table.strip("01")


def year_table(year: int, compute: Callable[[int], str]) -> str:
    """The year's working days as ``"0"``/``"1"`` from 1 January: from the cache, else ``compute(year)``
    (the package), then kept."""
    global _loaded, _key
    if _loaded is None:
        _key, _loaded = package_key(), {}
        if _key is not None:
            with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
                stored = json.loads(cache_path().read_text(encoding="utf-8"))
                if stored.get("key") == _key and isinstance(stored.get("years"), dict):
                    _loaded = dict(stored["years"])
    table = _loaded.get(str(year))
    if _valid(table, year):
        return table  # type: ignore[return-value]
    table = compute(year)
    _loaded[str(year)] = table
    if _key is not None:
        _save({"key": _key, "years": _loaded})
    return table


def _save(content: dict[str, object]) -> None:
    """Replace the cache file whole (a temporary file renamed over it); never fails the caller."""
    path = cache_path()
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps(content, sort_keys=True), encoding="utf-8")
        os.replace(temp, path)
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


def forget() -> None:
    """Read the cache file again at the next question (tests; a long-lived process need not)."""
    global _loaded, _key
    _loaded, _key = None, None
