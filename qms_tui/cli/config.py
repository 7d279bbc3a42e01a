"""``qms config path|show``: where the settings file is, and each setting in force with where it came from."""

from __future__ import annotations

import typer

from qms_tui.cli.common import ROOT_OPTIONS, choose_language
from qms_tui.cli.text import say
from qms_tui.config import KEYS, as_of_mode, config_path, setting
from qms_tui.i18n import t

config_app = typer.Typer(help="The settings file (config.toml): where it is and what is in force.",
                         no_args_is_help=True)


@config_app.command("path")
def path() -> None:
    """Print where the settings file is read from (whether or not it exists yet)."""
    say(str(config_path()))


@config_app.command("show")
def show() -> None:
    """Each setting in force and where it came from: option, environment, file or default."""
    lang = choose_language(None)
    file = config_path()
    say(f"# {file}" + ("" if file.exists() else f" ({t('cfg_missing', lang)})"))
    options = {key: ROOT_OPTIONS.get(key) for key in ("db", "theme", "lang")}
    for key in KEYS:
        found = as_of_mode(ROOT_OPTIONS.get("as_of")) if key == "as_of" else setting(key, options.get(key))  # type: ignore[arg-type]
        value = found.value if found.value is not None else _default(key)
        say(f"{key} = {value!r}  # {t('cfg_source_' + found.source, lang)}")


def _default(key: str) -> str:
    if key == "db":
        from qms_tui.store import user_store_path

        return str(user_store_path())
    return {"lang": "vi", "theme": "default", "export_dir": ".", "as_of": "pinned"}[key]
