"""Field types of records and of stored documents, checked by their one declaration (``domain/schema.py``).

``Record.problems()`` checks values (a likelihood from 1 to 5) and assumes the types are right. A store
edited by hand, or a record built from bad input, can break that assumption; these checks run first,
so that a wrong type is reported as a problem naming the field instead of crashing somewhere later.
Checkers are compiled once per model: the store runs them over every document it loads.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from qms_tui.domain.models import Record
from qms_tui.domain.problems import Fault
from qms_tui.domain.schema import GOOD_ISO as _GOOD_ISO
from qms_tui.domain.schema import TYPES, Checker, field_kinds, optional
from qms_tui.domain.schema import iso_date as _iso_date
from qms_tui.domain.textcheck import record_text_problems


@cache
def _checkers(model: type[Record], stored: bool) -> tuple[tuple[str, Checker], ...]:
    """Each field's check from its one declaration (``schema.field_kinds``); ``stored``: dates as ISO text."""
    checks = []
    for name, (kind, is_optional) in field_kinds(model).items():
        check = kind.check_stored if stored else kind.check
        checks.append((name, optional(check) if is_optional else check))
    return tuple(checks)


def field_type_problems(record: Record) -> list[tuple[str, str]]:
    """Fields of ``record`` whose value is not of the declared type (``schema.fields_of``)."""
    problems = []
    for name, check in _checkers(type(record), False):
        problem = check(getattr(record, name))
        if problem:
            problems.append((name, problem))
    return problems


def record_type_problems(record: Record) -> list[tuple[str, str]]:
    """Fields of ``record`` whose value is not of the declared type, else those holding text no record may
    hold (control, bidi or invisible characters: ``textcheck``). The store runs this before every write."""
    return field_type_problems(record) or record_text_problems(record)


def doc_type_problems(model: type[Record], doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Fields of a stored document whose JSON value does not fit the model (missing fields take defaults)."""
    problems = []
    for name, check in _checkers(model, True):
        if name in doc:
            problem = check(doc[name])
            if problem:
                problems.append((name, problem))
    return problems


def dossier_doc_problem(doc: dict[str, Any]) -> tuple[str, str] | None:
    """``doc_type_problems`` for a stored dossier, written out by hand: it runs 100,000 times at start-up.
    It must agree with the declaration (``schema.fields_of(Dossier)``): a test compares them field by field.

    Returns the first problem only. Stored text needs no UTF-8 check: the JSON decoder refused it already.
    """
    g = doc.get
    for name in ("code", "procedure", "channel"):
        value = g(name, "")
        if value.__class__ is not str:
            return name, Fault("p_not_text", value=repr(value))
    for name in ("outcome", "online_level"):
        value = g(name)
        if value is not None and value.__class__ is not str:
            return name, Fault("p_not_text", value=repr(value))
    for name in ("paid_online", "digitised", "e_result"):
        value = g(name)
        if value is not None and value.__class__ is not bool:
            return name, Fault("p_not_true_false", value=repr(value))
    value = g("supplements")
    if value is not None and value.__class__ is not int:
        return "supplements", Fault("p_not_whole_number", value=repr(value))
    for name in ("received", "due", "finished"):
        value = g(name)
        if value is not None and (value.__class__ is not str or value not in _GOOD_ISO):
            problem = _iso_date(value)
            if problem:
                return name, problem
    pauses = g("pauses")
    if pauses is not None and (pauses.__class__ is not list or pauses):
        problem = _PAUSES(pauses)
        if problem:
            return "pauses", problem
    return None


_PAUSES = TYPES["pause_list"].check
