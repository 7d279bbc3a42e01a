"""The door check of text: which fields of a record hold characters no record may hold.

Every text a record holds is checked with ``safety.text_problem``: free text (a description, a note) may
hold tabs and line feeds but no other control, bidi or line-separator character; codes (the record's key
and the fields naming other records, ``Record.CODE_FIELDS``) may hold no invisible character or odd space
either. Text inside lists and objects (a procedure's history, a review's actions) is checked item by item;
a ``code`` inside such an object (an action's code) is a code.

The store runs this before every write (``typecheck.record_type_problems``) and ``qms check`` over every
stored record (``validation.check``); loading a store does not, to keep start-up fast.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from qms_tui.domain.models import Record
from qms_tui.domain.problems import Fault
from qms_tui.domain.safety import text_problem

Problem = tuple[str, str]

NESTED_CODES = frozenset({"code"})
"""Keys of objects inside a record (a review's actions) whose value is a code."""


@cache
def _text_fields(model: type[Record]) -> tuple[tuple[str, bool], ...]:
    """``(field, is_code)`` for every field of ``model`` that may hold text (not numbers, dates, flags)."""
    codes = set(model.CODE_FIELDS)
    result = []
    for f in dataclasses.fields(model):  # type: ignore[arg-type]
        annotation = str(f.type)
        if annotation.startswith(("str", "list", "dict")) or "Any" in annotation:
            result.append((f.name, f.name in codes))
    return tuple(result)


def _value_problem(value: Any, code: bool) -> str | None:
    """What is wrong with one stored value: text, or a list or object holding text (the path in front)."""
    if isinstance(value, str):
        return text_problem(value, code=code)
    if isinstance(value, list):
        for i, item in enumerate(value, start=1):
            problem = _value_problem(item, code)
            if problem:
                return Fault("p_item", n=i, problem=problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = _value_problem(key, True) if isinstance(key, str) else None
            if problem:
                return Fault("p_a_key", problem=problem)
            problem = _value_problem(item, code or key in NESTED_CODES)
            if problem:
                return Fault("p_in_key", key=key, problem=problem)
    return None


def record_text_problems(record: Record) -> list[Problem]:
    """``(field, problem)`` for every field of ``record`` holding a character no record may hold."""
    problems = []
    for name, code in _text_fields(type(record)):
        problem = _value_problem(getattr(record, name, None), code)
        if problem:
            problems.append((name, problem))
    return problems


def text_value_problem(model: type[Record], name: str, value: Any) -> str | None:
    """The problem of one value typed for ``model``'s field ``name`` (a form field, a CLI option)."""
    return _value_problem(value, name in model.CODE_FIELDS)
