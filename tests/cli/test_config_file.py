"""The settings file at the XDG place: option beats environment beats file beats default."""

from __future__ import annotations

from pathlib import Path

import pytest

from qms_tui import config, exporting, i18n
from qms_tui.store import resolve_path


def write_config(home: Path, text: str) -> Path:
    path = home / ".config" / "qms-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_path_follows_xdg_config_home(qms, isolated_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    assert qms("config", "path").out == f"{isolated_env / '.config' / 'qms-tui' / 'config.toml'}\n"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config.config_path() == tmp_path / "xdg" / "qms-tui" / "config.toml"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert config.config_path() == isolated_env / ".config" / "qms-tui" / "config.toml"


def test_the_file_names_the_store_unless_the_environment_or_an_option_does(
    qms, isolated_env: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    write_config(isolated_env, f'db = "{demo_db}"\nlang = "en"\n')
    assert resolve_path(None) == demo_db
    run = qms("summary", "--format", "text")
    assert run.code == 0, run.err
    assert "QMS status" in run.out  # lang = "en" from the file
    monkeypatch.setenv("QMS_LANG", "vi")
    assert i18n.default_lang() == "vi"
    monkeypatch.setenv("QMS_DB", str(tmp_path / "env.json"))
    assert resolve_path(None) == tmp_path / "env.json"
    assert resolve_path(str(tmp_path / "opt.json")) == tmp_path / "opt.json"
    run = qms("--db", tmp_path / "opt.json", "config", "show")
    assert f"db = '{tmp_path / 'opt.json'}'" in run.out and "lang = 'vi'" in run.out
    assert run.out.count("# biến môi trường") == 1  # lang; db is the option's


def test_show_says_where_each_setting_came_from(qms, isolated_env: Path, tmp_path: Path):
    write_config(isolated_env, f'export_dir = "{tmp_path}"\ntheme = "light"\n')
    run = qms("config", "show")
    assert run.code == 0, run.err
    assert f"export_dir = '{tmp_path}'  # tệp cấu hình" in run.out
    assert "theme = 'light'  # tệp cấu hình" in run.out
    assert "lang = 'vi'  # mặc định" in run.out
    assert exporting.export_folder() == tmp_path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("db = ", "not a valid TOML file"),
        ('colour = "red"', "unknown setting 'colour'"),
        ('theme = "pink"', "theme = 'pink': choose one of default, light, ansi"),
        ("lang = 1", "lang must be a non-empty string"),
    ],
)
def test_a_broken_file_stops_the_run_in_one_line(qms, isolated_env: Path, demo_db: Path, text: str, message: str):
    path = write_config(isolated_env, text)
    run = qms("summary")
    assert run.code == 1
    assert run.err.startswith(f"qms: {path}: ") and message in run.err
    assert run.err.count("\n") == 1
