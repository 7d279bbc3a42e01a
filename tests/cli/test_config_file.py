"""The settings file at the XDG place: option beats environment beats file beats default."""

from __future__ import annotations

from pathlib import Path

import pytest

from qms_tui import config, exporting, i18n
from qms_tui.store import resolve_path


@pytest.fixture
def english_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English words of the settings file's problems (the Vietnamese: test_vietnamese_words)."""
    monkeypatch.setenv("QMS_LANG", "en")


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
@pytest.mark.usefixtures("english_words")
def test_a_broken_file_stops_the_run_in_one_line(qms, isolated_env: Path, demo_db: Path, text: str, message: str):
    path = write_config(isolated_env, text)
    run = qms("summary")
    assert run.code == 1
    assert run.err.startswith(f"qms: {path}: ") and message in run.err
    assert run.err.count("\n") == 1


def test_the_as_of_mode_comes_from_the_option_else_the_environment_else_the_file(
    qms, isolated_env: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch
):
    import json
    from datetime import date
    from functools import partial

    from qms_tui.cli import common as cli_common
    from qms_tui.store import open_store

    monkeypatch.setattr(cli_common, "open_store", partial(open_store, clock=lambda: date(2024, 10, 15)))

    def as_of(*args: str) -> str:
        run = qms("summary", "--db", demo_db, "--format", "json", *args)
        assert run.code == 0, run.err
        return json.loads(run.out)["as_of"]

    assert as_of() == "2024-09-01"  # the demo's pinned date
    assert "as_of = 'pinned'  # mặc định" in qms("config", "show").out
    write_config(isolated_env, 'as_of = "today"\n')
    assert as_of() == "2024-10-15"
    assert "as_of = 'today'  # tệp cấu hình" in qms("config", "show").out
    assert as_of("--as-of", "pinned") == "2024-09-01"
    assert as_of("--as-of", "2024-08-01") == "2024-08-01"
    bad = qms("summary", "--db", demo_db, "--as-of", "someday")
    assert bad.code == 2 and "không phải ngày" in bad.err and "hoặc today hoặc pinned" in bad.err, bad.err
    run = qms("--as-of", "pinned", "--db", demo_db, "summary", "--format", "json")  # before the command too
    assert json.loads(run.out)["as_of"] == "2024-09-01", run.err
    assert "as_of = 'pinned'  # tùy chọn dòng lệnh" in qms("--as-of", "pinned", "config", "show").out
    assert "lang = 'en'  # command-line option" in qms("--lang", "en", "config", "show").out
    monkeypatch.setenv("QMS_AS_OF", "Pinned")
    assert as_of() == "2024-09-01"
    assert "as_of = 'pinned'  # biến môi trường" in qms("config", "show").out
    monkeypatch.setenv("QMS_AS_OF", "2024-08-01")  # a mode, not a day: a day in a setting goes stale
    run = qms("summary", "--db", demo_db)
    assert (run.code, run.err) == (1, "qms: QMS_AS_OF='2024-08-01': chọn một trong pinned, today\n")
    monkeypatch.delenv("QMS_AS_OF")
    path = write_config(isolated_env, 'as_of = "2024-08-01"\n')
    run = qms("summary", "--db", demo_db)
    assert (run.code, run.err) == (1, f"qms: {path}: as_of = '2024-08-01': chọn một trong pinned, today\n")


def test_the_store_the_app_opens_follows_the_mode_in_force(isolated_env: Path, demo_db: Path):
    from qms_tui.cli.common import ROOT_OPTIONS, open_for_command

    ROOT_OPTIONS.update(as_of=None)
    assert open_for_command(str(demo_db), True).follow_clock is False
    write_config(isolated_env, 'as_of = "today"\n')
    assert open_for_command(str(demo_db), True).follow_clock is True
    ROOT_OPTIONS.update(as_of="pinned")  # qms --as-of pinned
    try:
        assert open_for_command(str(demo_db), True).follow_clock is False
    finally:
        ROOT_OPTIONS.update(as_of=None)
