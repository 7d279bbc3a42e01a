"""Field types of records and of stored documents, checked from the models' annotations.

``Record.problems()`` checks values (a likelihood from 1 to 5) and assumes the types are right. A store
edited by hand, or a record built from bad input, can break that assumption; these checks run first,
so that a wrong type is reported as a problem naming the field instead of crashing somewhere later.
Checkers are compiled once per model: the store runs them over every document it loads.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from qms_tui.domain.models import Record
from qms_tui.domain.textcheck import record_text_problems

Checker = Callable[[Any], str | None]
"""Returns ``None`` when the value fits, else what is wrong with it."""


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{value!r} is not text"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8 text"
    return None


def _int(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return None if ok else f"{value!r} is not a whole number"


def _float(value: Any) -> str | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return None if ok else f"{value!r} is not a number"


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"{value!r} is not true or false"


def _date_value(value: Any) -> str | None:
    return None if isinstance(value, date) else f"{value!r} is not a date"


_GOOD_ISO: set[str] = set()


def _iso_date(value: Any) -> str | None:
    if isinstance(value, str) and value in _GOOD_ISO:
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a real date"
        _GOOD_ISO.add(value)
        return None
    return f"{value!r} is not a date (YYYY-MM-DD)"


def _dict(value: Any) -> str | None:
    return None if isinstance(value, dict) else f"{value!r} is not an object"


def _list_of(item: Checker) -> Checker:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return f"{value!r} is not a list"
        for i, element in enumerate(value):
            problem = item(element)
            if problem:
                return f"item {i + 1}: {problem}"
        return None

    return check


def _optional(inner: Checker) -> Checker:
    def check(value: Any) -> str | None:
        return None if value is None else inner(value)

    return check


def _checker(annotation: Any, stored: bool) -> Checker:
    """The checker of one annotation; ``stored`` means dates are ISO strings (documents), not ``date``."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return _optional(_checker(rest[0], stored))
    if origin is list:
        return _list_of(_checker(args[0], stored) if args else lambda v: None)
    if origin is dict or annotation is dict:
        return _dict
    simple: dict[Any, Checker] = {str: _text, int: _int, float: _float, bool: _bool, Any: lambda v: None}
    if annotation is date:
        return _iso_date if stored else _date_value
    if annotation in simple:
        return simple[annotation]
    raise TypeError(f"no type check for {annotation!r}")  # a new kind of field: teach this module


@cache
def _checkers(model: type[Record], stored: bool) -> tuple[tuple[str, Checker], ...]:
    # The module's names, not the class's: a field called ``date`` would shadow the type.
    namespace = vars(sys.modules[model.__module__])
    hints = typing.get_type_hints(model, globalns=namespace, localns=namespace)
    fields = dataclasses.fields(model)  # type: ignore[arg-type]
    special = {"pauses": _PAUSES}  # kept as stored documents even in a record
    return tuple((f.name, special.get(f.name) or _checker(hints[f.name], stored)) for f in fields)


def record_type_problems(record: Record) -> list[tuple[str, str]]:
    """Fields of ``record`` whose value is not of the annotated type, else those holding text no record may
    hold (control, bidi or invisible characters: ``textcheck``). The store runs this before every write."""
    problems = []
    for name, check in _checkers(type(record), False):
        problem = check(getattr(record, name))
        if problem:
            problems.append((name, problem))
    return problems or record_text_problems(record)


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

    Returns the first problem only. Stored text needs no UTF-8 check: the JSON decoder refused it already.
    """
    g = doc.get
    for name in ("code", "procedure", "channel"):
        value = g(name, "")
        if value.__class__ is not str:
            return name, f"{value!r} is not text"
    for name in ("outcome", "online_level"):
        value = g(name)
        if value is not None and value.__class__ is not str:
            return name, f"{value!r} is not text"
    for name in ("paid_online", "digitised", "e_result"):
        value = g(name)
        if value is not None and value.__class__ is not bool:
            return name, f"{value!r} is not true or false"
    value = g("supplements")
    if value is not None and value.__class__ is not int:
        return "supplements", f"{value!r} is not a whole number"
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


def _pause(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"{value!r} is not an object"
    return _iso_date(value.get("start")) or _optional(_iso_date)(value.get("end"))


_PAUSES = _list_of(_pause)
