"""The main error paths speak Vietnamese by default: no English sentence in what a Vietnamese user reads."""

from __future__ import annotations

import re

import pytest

from qms_tui.domain.problems import Fault, say

COMMON = {"the", "a", "an", "is", "not", "of", "to", "be", "must", "no", "such", "use", "or", "and", "before",
          "after", "already", "has", "have", "been", "it", "its", "on", "from", "one", "whole", "number", "date",
          "required", "needs", "with", "by", "for", "this", "that", "was", "in", "yet", "unknown", "cannot"}


def english_run(text: str) -> str | None:
    """A run of 3+ common English words in ``text`` (the heuristic of an untranslated sentence), else None."""
    run: list[str] = []
    for word in re.findall(r"[A-Za-z]+", text):
        run = [*run, word] if word.lower() in COMMON else []
        if len(run) >= 3:
            return " ".join(run)
    return None


def test_the_heuristic_catches_an_english_sentence():
    assert english_run("qms: risks RR-01: likelihood: 'x' is not a whole number") == "is not a"
    assert english_run("qms: risks RR-01: likelihood: 'x' không phải số nguyên") is None


VIETNAMESE_ERRORS = [
    (["risk", "edit", "RR-01", "--likelihood", "x"], "không phải số nguyên"),
    (["risk", "edit", "RR-01", "--likelihood", "9"], "phải là số nguyên từ 1 đến 5"),
    (["risk", "edit", "RR-404", "--likelihood", "2"], "không có bản ghi này"),
    (["risk", "edit", "RR-01", "--status", "gone"], "không thuộc"),
    (["risk", "add", "RR-01", "--description", "x", "--likelihood", "1", "--impact", "1"], "mã này đã có"),
    (["dossier", "resolve", "BQL-240722-0004", "--date", "31/02/2024"], "không phải ngày có thật"),
    (["dossier", "resolve", "BQL-240722-0004", "--date", "soon"], "không phải ngày"),
    (["dossier", "resolve", "BQL-240722-0004", "--date", "01/07/2024"], "trước ngày nhận hồ sơ"),
    (["dossier", "add", "X-1", "--procedure", "QT-NOPE", "--received", "01/08/2024", "--channel", "online"],
     "không có quy trình"),
    (["procedure", "edit", "QT-DT01", "--unit", "Phòng Không Có"], "không có đơn vị"),
    (["nc", "add", "--from-dossier", "BQL-240722-0004"], "không trễ hạn"),
]


@pytest.mark.parametrize(("args", "words"), VIETNAMESE_ERRORS)
def test_cli_errors_are_vietnamese_by_default(qms, demo_db, args, words):
    run = qms(*args, "--db", demo_db)
    assert run.code == 1, run
    assert words in run.err, run.err
    assert english_run(run.err) is None, run.err


def test_qms_lang_en_gives_the_english_words(qms, demo_db, monkeypatch):
    monkeypatch.setenv("QMS_LANG", "en")
    run = qms("risk", "edit", "RR-01", "--likelihood", "x", "--db", demo_db)
    assert run.err == "qms: risks RR-01: likelihood: 'x' is not a whole number\n"


def test_a_fault_is_its_english_text_and_worded_in_any_language():
    fault = Fault("p_not_whole_number", value="'x'")
    assert fault == "'x' is not a whole number" and fault.code == "p_not_whole_number"
    assert say(fault, "vi") == "'x' không phải số nguyên"
    nested = Fault("p_not_late", code="D-1", why=Fault("p_not_past_due", due="04/09/2024"))
    assert say(nested, "vi") == "hồ sơ D-1 không trễ hạn: chưa quá hạn (04/09/2024)"
    assert say("a message that is not a fault yet", "vi") == "a message that is not a fault yet"
