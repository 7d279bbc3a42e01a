"""The aggregate's late dossiers as stored (``domain/late.py``): two joined strings that read back as the same
codes by id, in the same order; the JSON object where a line break would make them ambiguous, and for older
aggregates."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qms_tui.domain.late import Late

codes = st.dictionaries(st.text(max_size=6), st.text(max_size=8), max_size=12)


@given(codes)
def test_what_is_stored_reads_back_the_same(mapping: dict[str, str]):
    stored = json.loads(json.dumps(Late(mapping).stored()))
    read = Late.from_stored(stored)
    assert list(read.lists()[0]) == list(mapping) and list(read.lists()[1]) == list(mapping.values())
    assert read.map == mapping and list(read.map) == list(mapping)
    assert Late.from_stored(read.stored()).map == mapping  # written back as read, too


def test_the_joined_form_and_its_exceptions():
    assert Late({"1": "A", "20": "B"}).stored() == ["1\n20", "A\nB"]
    assert Late({}).stored() == ["", ""]
    assert Late({"": "A"}).stored() == {"": "A"}
    assert Late({"1": "A\nB"}).stored() == {"1": "A\nB"}
    assert Late.from_stored({"7": "C"}).map == {"7": "C"}  # an older aggregate


@pytest.mark.parametrize("stored", [["1\n2", "A"], ["1\n1", "A\nB"], [1, "A"], ["1"], "1"])
def test_a_damaged_form_is_refused(stored):
    with pytest.raises((TypeError, ValueError)):
        Late.from_stored(stored)
