"""The user's settings file, ``$XDG_CONFIG_HOME/qms-tui/config.toml`` (else ``~/.config/qms-tui/config.toml``).

Typing ``--db ~/qms/ban-qlkkt.json --lang en`` on every run is what a settings file saves. The order is the
one people expect from other tools: an option on the command line beats an environment variable, which
beats the file, which beats the built-in default. The file is read once per run with ``tomllib`` and only
if it exists; a broken file stops the run with one line naming the file and the line (exit 1), because a
setting silently ignored (the wrong store!) is worse than a refused start.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from qms_tui.domain.lean import dataclass

KEYS: dict[str, str] = {
    "db": "QMS_DB",
    "lang": "QMS_LANG",
    "theme": "QMS_THEME",
    "export_dir": "QMS_EXPORT_DIR",
    "as_of": "QMS_AS_OF",
}
"""Each setting of the file and the environment variable that beats it."""

CHOICES: dict[str, tuple[str, ...]] = {
    "lang": ("vi", "en"),
    "theme": ("default", "light", "ansi"),
    "as_of": ("pinned", "today"),
}
"""Settings with a fixed set of values: a value outside it is refused when the file is read."""


class ConfigError(Exception):
    """The settings file cannot be used: one line on stderr, exit 1 (invalid input). It carries its message's
    id and values, worded where it is shown (``cli/text.in_language``): this module is read by the
    catalogues themselves (the settings file may choose the language), so it cannot import them."""

    exit_code = 1

    def __init__(self, msgid: str, **values: object) -> None:
        super().__init__(msgid, values)
        self.msgid, self.values = msgid, values


def config_path() -> Path:
    """Where the settings file is (whether or not it exists)."""
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"  # XDG: relative = unset
    return root / "qms-tui" / "config.toml"


@cache
def _read(path: Path, stamp: tuple[int, int]) -> dict[str, str]:
    """The file's settings; cached by path, modification time and size (a changed file is read again)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError("cfg_cannot_read", path=path, why=exc.strerror or str(exc)) from None
    import tomllib  # only when there is a file: start-up time of one-shot commands

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("cfg_not_toml", path=path, why=str(exc)) from None
    settings: dict[str, str] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise ConfigError("cfg_unknown_key", path=path, key=repr(key), known=", ".join(KEYS))
        if not isinstance(value, str) or not value.strip():
            raise ConfigError("cfg_not_text", path=path, key=key)
        allowed = CHOICES.get(key)
        if allowed and value not in allowed:
            raise ConfigError("cfg_choose", path=path, key=key, value=repr(value), choices=", ".join(allowed))
        settings[key] = value
    return settings


def file_settings() -> dict[str, str]:
    """The settings of the file (none if it does not exist); raises ``ConfigError`` if it is broken."""
    path = config_path()
    try:
        info = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError("cfg_cannot_read", path=path, why=exc.strerror or str(exc)) from None
    return _read(path, (info.st_mtime_ns, info.st_size))


@dataclass(frozen=True)
class Setting:
    """A setting's value and where it came from: ``option``, ``environment``, ``file`` or ``default``."""

    value: str | None
    source: str


def setting(key: str, option: str | None = None) -> Setting:
    """``key`` resolved: the command-line ``option``, else its environment variable, else the file."""
    if option:
        return Setting(option, "option")
    env = os.environ.get(KEYS[key], "").strip()
    if env:
        return Setting(env, "environment")
    value = file_settings().get(key)
    return Setting(value, "file") if value is not None else Setting(None, "default")


def as_of_mode(option: str | None = None) -> Setting:
    """``as_of``: ``--as-of`` (a date, ``today`` or ``pinned``, checked by the command), else ``$QMS_AS_OF``,
    else the file, else ``pinned``. The environment and the file hold a mode, not a date (a day written
    in a file would go stale): ``today`` counts to the clock's date, ``pinned`` to the store's pinned one
    (the demo's 01/09/2024; a store that pins none counts to the clock either way)."""
    found = setting("as_of", option)
    if found.source == "environment":
        mode = (found.value or "").lower()
        if mode not in CHOICES["as_of"]:
            raise ConfigError("cfg_env_choose", name=KEYS["as_of"], value=repr(found.value),
                                     choices=", ".join(CHOICES["as_of"]))
        return Setting(mode, found.source)
    return found if found.value is not None else Setting("pinned", "default")


def value(key: str, option: str | None = None) -> str | None:
    """Just the value of ``setting``."""
    return setting(key, option).value
