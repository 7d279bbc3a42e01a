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
    stored, ids = Late(mapping).stored(len)
    read = Late.from_stored(json.loads(json.dumps(stored)))
    assert sorted(mapping, key=len) == ids  # in the order given (stable)
    if isinstance(stored, list):
        assert read.lists() == (ids, [mapping[key] for key in ids]) and read.in_id_order
    assert read.map == mapping and list(read.map) == ids
    assert Late.from_stored(read.stored(len)[0]).map == mapping  # written back as read, too


def test_the_joined_form_and_its_exceptions():
    assert Late({"20": "B", "3": "A"}).stored(int)[0] == ["3\n20", "A\nB"]  # in id order
    assert Late({}).stored(int)[0] == ["", ""]
    assert Late({"": "A"}).stored(len)[0] == {"": "A"}
    assert Late({"1": "A\nB"}).stored(int)[0] == {"1": "A\nB"}
    assert Late.from_stored({"7": "C"}).map == {"7": "C"}  # an older aggregate


@pytest.mark.parametrize("stored", [["1\n2", "A"], ["", "A"], [1, "A"], ["1"], "1"])
def test_a_damaged_form_is_refused(stored):
    with pytest.raises((TypeError, ValueError)):
        Late.from_stored(stored)
