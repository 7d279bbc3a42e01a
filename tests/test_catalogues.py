"""The gettext catalogues against the code: every id the code uses is translated in both languages, and the
committed .mo files are the .po files compiled (scripts/i18n.py, which ``make messages`` runs)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from qms_tui import i18n, labels
from qms_tui.locale import catalogue

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("qms_i18n_tool", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return _tool()


@pytest.fixture
def copied_locale(tool, tmp_path, monkeypatch):
    """The catalogues copied to a temporary folder, which the tool then reads and writes."""
    target = tmp_path / "locale"
    shutil.copytree(tool.LOCALE, target)
    monkeypatch.setattr(tool, "LOCALE", target)
    return target


def test_every_id_in_the_code_is_translated_in_both_catalogues_and_compiled(tool):
    assert tool.check() == []


def test_extraction_finds_the_keys_of_t_tr_ntr_and_problems(tool):
    used = tool.extract()
    assert "period" in used and "showing" in used  # t("period", lang), tr("showing", …)
    assert used["n_high_risks"] is True  # nt(…): a plural entry
    assert "screen_overview" in used  # computed: tr(f"screen_{name}"), listed in locale/computed.py
    assert "as_of_pinned" in used and "as_of_today" in used  # tr("a") if … else tr("b")


def test_an_id_missing_from_a_catalogue_is_reported(tool, monkeypatch):
    real = tool.extract
    monkeypatch.setattr(tool, "extract", lambda: {**real(), "brand_new_message": False})
    assert "vi: brand_new_message: used in the code, not in the catalogue" in tool.check()
    assert "en: brand_new_message: used in the code, not in the catalogue" in tool.check()


def test_a_new_id_is_added_empty_and_refused_until_translated(tool, copied_locale, monkeypatch):
    real = tool.extract
    monkeypatch.setattr(tool, "extract", lambda: {**real(), "brand_new_message": False})
    problems = tool.update()
    assert problems == ["vi: brand_new_message: not translated", "en: brand_new_message: not translated"]
    assert 'msgid "brand_new_message"\nmsgstr ""' in (copied_locale / "en/LC_MESSAGES/qms.po").read_text()


def test_a_catalogue_changed_without_compiling_is_reported(tool, copied_locale):
    po = copied_locale / "en" / "LC_MESSAGES" / "qms.po"
    po.write_text(po.read_text().replace('msgstr "Period"', 'msgstr "Reporting period"'))
    assert any("qms.mo is not the compiled qms.po" in p for p in tool.check())
    assert tool.update() == []  # make messages compiles it
    assert tool.check() == []


def test_a_translation_naming_a_value_the_english_lacks_is_reported(tool, copied_locale):
    po = copied_locale / "vi" / "LC_MESSAGES" / "qms.po"
    po.write_text(po.read_text().replace('msgstr "hiển thị {shown} / {total}"', 'msgstr "hiển thị {shown} / {tong}"'))
    assert "showing: the Vietnamese names {tong}, the English does not" in tool.update()


def test_plural_forms_in_both_languages():
    assert i18n.risk_counts_text(1, 1, "en") == "1 high risk · 1 open opportunity"
    assert i18n.risk_counts_text(4, 3, "en") == "4 high risks · 3 open opportunities"
    assert i18n.risk_counts_text(1, 3, "vi") == "1 rủi ro mức cao · 3 cơ hội đang mở"
    assert catalogue("vi").ngettext("n_high_risks", "n_high_risks", 5) == "{n} rủi ro mức cao"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_catalogue_read_on_demand_gives_every_message_as_gettext_does(lang):
    """``locale/lazy.py`` looks each message up in the .mo file's sorted ids: every message, singular and
    plural form, and the metadata come out exactly as the standard library's eager reading gives them."""
    import gettext

    from qms_tui.locale import LOCALE_DIR
    from qms_tui.locale.lazy import LazyTranslations

    path = LOCALE_DIR / lang / "LC_MESSAGES" / "qms.mo"
    with path.open("rb") as one, path.open("rb") as other:
        eager, lazy = gettext.GNUTranslations(one), LazyTranslations(other)
    assert lazy.info() == eager.info() and lazy.charset() == eager.charset() == "utf-8"
    assert len(eager._catalog) > 2000
    for key, text in eager._catalog.items():
        assert lazy._catalog.get(key) == text, key
        if isinstance(key, tuple):
            assert all(lazy.ngettext(key[0], key[0], n) == eager.ngettext(key[0], key[0], n) for n in (0, 1, 2, 5))
        elif key:
            assert lazy.gettext(key) == eager.gettext(key)
    assert lazy.gettext("no_such_message") == "no_such_message"
    assert lazy.ngettext("period", "periods", 2) == eager.ngettext("period", "periods", 2) == "periods"
    assert lazy.gettext("n_high_risks") == eager.gettext("n_high_risks") != "n_high_risks"
    assert lazy.ngettext("no_such_message", "no_such_messages", 2) == "no_such_messages"
    with pytest.raises(KeyError):
        lazy._catalog[("n_high_risks", 9)]


def test_labels_come_from_the_catalogues():
    assert i18n.t("period", "vi") == "Kỳ" and i18n.t("period", "en") == "Period"
    assert i18n.t("no_such_key_at_all", "en") == "no_such_key_at_all"  # a gap shows, never crashes
    saved = labels.lang()
    try:
        labels.set_lang("en")
        assert labels.tr("showing", shown=3, total=5) == "showing 3 of 5"
        labels.set_lang("vi")
        assert labels.tr("showing", shown=3, total=5) == "hiển thị 3 / 5"
    finally:
        labels.set_lang(saved)


def _computed_ids() -> list[str]:
    import re

    text = (ROOT / "qms_tui" / "locale" / "computed.py").read_text(encoding="utf-8")
    return re.findall(r'\bN{1,2}_\("([^"]+)"\)', text)


def test_every_computed_id_is_used_by_the_code_and_in_both_catalogues(tool):
    """``locale/computed.py`` lists only ids the code reaches: named as a literal somewhere else, or built from a
    prefix the code uses to compute ids (``f"screen_{name}"``, ``"nc_" + status``, ``Term(x, "fk_")``). A dead
    id is deleted from it (the catalogues keep it until a person deletes it: ``scripts/i18n.py --unused``)."""
    import re

    code = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "qms_tui").rglob("*.py")
                     if path.name != "computed.py")
    prefixes = set(re.findall(r'f?["\']([a-z0-9]+(?:_[a-z0-9]+)*_)(?:["\']|\{)', code))
    ids = _computed_ids()
    assert len(ids) > 300
    dead = []
    for msgid in ids:
        if f'"{msgid}"' in code or f"'{msgid}'" in code:
            continue
        parts = msgid.split("_")
        if not any("_".join(parts[:k]) + "_" in prefixes for k in range(1, len(parts))):
            dead.append(msgid)
    assert dead == [], f"ids in computed.py that no code reaches: {dead}"
    for lang in ("vi", "en"):
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in tool.read(lang) if m.id}
        assert [msgid for msgid in ids if msgid not in known] == [], lang
