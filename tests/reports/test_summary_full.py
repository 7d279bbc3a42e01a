"""``qms summary --full``: every overdue or soon-due dossier and every untrained person, in every format;
the default stays one page."""

from __future__ import annotations

import html
import json
import re

import pytest

from qms_tui.store import Store


def readable(text: str, fmt: str) -> str:
    """The words of an output as a reader sees them (HTML entities and SVG's no-break spaces undone)."""
    if fmt in ("html", "svg"):
        text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\xa0", " ")
    return text


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "svg"])
def test_full_lists_every_attention_dossier_and_every_untrained_person(qms, demo_db, fmt):
    snapshot = Store(demo_db, read_only=True).snapshot()
    attention = [d.code for d in snapshot.attention_dossiers()]
    untrained = [(s.staff.code, s.staff.name, s.staff.unit) for s in snapshot.untrained()]
    assert len(attention) == 24 and len(untrained) == 6
    run = qms("summary", "--db", demo_db, "--format", fmt, "--full")
    assert run.code == 0, run.err
    full = readable(run.out, fmt)
    for code in attention:
        assert code in full, code
    for code, name, unit in untrained:
        assert code in full and name in full and unit in full, name
    assert "và thêm" not in full  # nothing left out
    short = readable(qms("summary", "--db", demo_db, "--format", fmt).out, fmt)
    assert sum(code in short for code in attention) == 5 and "… và thêm 19" in short


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_default_stays_one_page_and_full_is_longer(qms, demo_db, lang):
    default = qms("summary", "--db", demo_db, "--lang", lang).out.splitlines()
    full = qms("summary", "--db", demo_db, "--lang", lang, "--full").out.splitlines()
    assert len(default) <= 64 < len(full)
    assert all(len(line) <= 80 for line in full)
    heading = "Never trained (6):" if lang == "en" else "Chưa được đào tạo (6):"
    assert heading in full


def test_json_always_holds_the_whole_lists(qms, demo_db):
    data = json.loads(qms("summary", "--db", demo_db, "--format", "json").out)
    snapshot = Store(demo_db, read_only=True).snapshot()
    assert [a["code"] for a in data["attention"]] == [d.code for d in snapshot.attention_dossiers()]
    assert data["training"]["untrained_staff"] == [s.staff.name for s in snapshot.untrained()]
    assert json.loads(qms("summary", "--db", demo_db, "--format", "json", "--full").out) == data
