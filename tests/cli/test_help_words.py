"""``qms … --help`` in Vietnamese by default and in English with ``--lang en``/``QMS_LANG=en``, chosen when the
help is shown (many runs of one process, in either language); the English catalogue's ``hlp_*`` equal the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from qms_tui.cli.root import full_app
from tests.test_vietnamese_words import english_run

ROOT = Path(__file__).resolve().parents[2]


def _paths(command, path: tuple[str, ...] = ()):
    yield path
    for name, sub in command.commands.items() if hasattr(command, "commands") else ():
        yield from _paths(sub, (*path, name))


EVERY_COMMAND = list(_paths(typer.main.get_command(full_app())))
"""``qms`` and every command and group below it (about 100): every help is in the Vietnamese catalogue."""


def _help_ids():
    spec = importlib.util.spec_from_file_location("qms_help_ids", ROOT / "scripts" / "help_ids.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def english_help(*path: str) -> str:
    """The help as typer prints it from the code alone, without our localizing: the English of before."""
    run = CliRunner().invoke(full_app(), [*path, "--help"], prog_name="qms")
    assert run.exit_code == 0, run.output
    return run.output


@pytest.mark.parametrize("path", EVERY_COMMAND, ids=lambda p: " ".join(p) or "qms")
def test_translated_help_has_no_english_sentence(qms, path):
    run = qms(*path, "--help")
    assert run.code == 0, run.err
    assert run.out.startswith("Cách dùng: qms"), run.out
    assert english_run(run.out) is None, run.out
    assert "Usage:" not in run.out and "Options:" not in run.out and "hlp_" not in run.out


@pytest.mark.parametrize("path", EVERY_COMMAND,
                         ids=lambda p: " ".join(p) or "qms")
def test_english_help_is_byte_identical_to_the_code(qms, path):
    assert qms("--lang", "en", *path, "--help").out == english_help(*path)


def test_the_language_is_chosen_at_each_run(qms, monkeypatch):
    assert "Tạo kho dữ liệu" in qms("--help").out
    assert "Create a store" in qms("--lang", "en", "--help").out
    monkeypatch.setenv("QMS_LANG", "en")
    assert qms("summary", "--help").out == english_help("summary")
    monkeypatch.delenv("QMS_LANG")
    assert "Tình hình tóm tắt" in qms("summary", "--help").out


def test_every_help_is_in_the_vietnamese_catalogue():
    tool = _help_ids()
    catalog = tool._i18n().read("vi")
    assert [msgid for msgid in tool.code_helps() if catalog.get(msgid) is None] == []


def test_an_untranslated_help_falls_back_to_english_never_to_its_id(qms, monkeypatch):
    from qms_tui.cli import help_words

    class Missing:
        def gettext(self, msgid):
            return msgid  # what gettext answers for an id the catalogue lacks

    monkeypatch.setattr(help_words, "catalogue", lambda lang: Missing())
    run = qms("survey", "add", "--help")
    assert "Record a satisfaction survey." in run.out and "hlp_" not in run.out
    assert run.out.startswith("Cách dùng:")


def test_root_help_fits_80_columns_in_both_languages(qms):
    for args in (["--help"], ["--lang", "en", "--help"]):
        assert max(len(line) for line in qms(*args).out.splitlines()) <= 80


def test_english_catalogue_help_equals_the_code():
    tool = _help_ids()
    catalog = tool._i18n().read("en")
    code = tool.code_helps()
    assert len(code) > 500
    differing = [msgid for msgid, text in code.items() if (catalog.get(msgid) is None
                                                            or catalog.get(msgid).string != text)]
    assert differing == [], "run scripts/help_ids.py --write"


def test_a_vietnamese_help_has_the_paragraphs_of_the_english():
    """The first paragraph is the summary ``qms --help`` lists: a translation keeps the paragraphs apart."""
    tool = _help_ids()
    catalog = tool._i18n().read("vi")
    merged = [msgid for msgid, text in tool.code_helps().items()
              if catalog.get(msgid) is not None and catalog.get(msgid).string.count("\n\n") != text.count("\n\n")]
    assert merged == []
