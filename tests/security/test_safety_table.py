"""``safety``'s written-out table of invisible characters agrees with the running Python's ``unicodedata``."""

from __future__ import annotations

import json
import sys
import unicodedata

from qms_tui.domain.safety import json_visible, unsafe_pattern, visible, xml_visible

INVISIBLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def test_the_table_holds_every_control_format_and_separator_character():
    pattern = unsafe_pattern(one_line=True)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if category in INVISIBLE:
            assert pattern.match(char), f"U+{code:04X} ({category}) is not escaped"
        elif pattern.match(char):
            assert category == "Cn", f"U+{code:04X} ({category}) is escaped but visible"  # newer Unicode


def test_visible_json_and_xml_forms():
    assert visible("a\x1b[2J\u202eb\tc\nd") == "a\\x1b[2JU+202Eb\tc\nd"
    assert visible("a\tb\nc", one_line=True) == "a\\x09b\\x0ac"
    text = json.dumps({"k": "\x1b\x85\u202e\U000e0001\ud800ok\u2028"}, ensure_ascii=False)
    safe = json_visible(text)
    assert unsafe_pattern().search(safe) is None and json.loads(safe) == json.loads(text)
    assert xml_visible("a\ufffeb\x07") == "aU+FFFEb\\x07"


def test_a_code_not_in_nfc_is_refused_and_typed_input_is_made_nfc():
    """"Hồ" decomposed and "Hồ" composed look the same: as codes they must be one code, so the door refuses
    the decomposed one and the services compose what is typed (CLI options and form fields) first."""
    from qms_tui.domain.safety import text_problem
    from qms_tui.services.common import coerce

    decomposed = "HO\u0302\u0300-01"
    assert "NFC" in (text_problem(decomposed, code=True) or "")
    assert text_problem("HỒ-01", code=True) is None
    assert coerce("risks", "code", decomposed) == "HỒ-01"
    assert coerce("risks", "description", "Hồ so\u031b") == "Hồ sơ"
