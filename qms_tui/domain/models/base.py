"""The base of every record: ``Record`` (reading a stored document, writing one back, the date checks) and the
small helpers the models' ``problems()`` share.

Apart from the models so that each family of records (``organisation``, ``registers``, ``dossiers``,
``improvement``, ``service``) imports it without importing the others.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, ClassVar

from qms_tui.domain.dates import date_problem, parse_date
from qms_tui.domain.problems import Fault

Problem = tuple[str, str]
ListDates = tuple[tuple[str, str, tuple[str, ...]], ...]

def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)  # the store's own format: fast path
    except (TypeError, ValueError):
        return parse_date(str(value))


def _require(problems: list[Problem], name: str, value: Any, label: str | None = None) -> None:
    if value in (None, "", []):
        problems.append((name, Fault("p_required_named", name=label or name)))


def _one_of(problems: list[Problem], name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        problems.append((name, Fault("p_not_one_of", value=repr(value), allowed=", ".join(allowed))))


_FIELD_NAMES: dict[type, frozenset[str]] = {}
_DATE_CACHE: dict[Any, date | None] = {}
"""Stored dates are ISO strings and a store holds few distinct ones: parse each once."""


def _cached_date(value: Any) -> date | None:
    parsed = _date(value)
    if isinstance(value, str) and len(_DATE_CACHE) < 100_000:
        _DATE_CACHE[value] = parsed
    return parsed


def _stored_date(value: Any) -> date | None:
    if value is None:
        return None
    cached = _DATE_CACHE.get(value)
    return cached if cached is not None else _cached_date(value)


class Record:
    """Shared (de)serialisation: date fields are ISO strings in the store, ``date`` objects here."""

    __slots__ = ()

    DATE_FIELDS: ClassVar[tuple[str, ...]] = ()
    LIST_DATES: ClassVar[ListDates] = ()
    """Dates inside list fields, as ISO strings: (list field, what one item is called, its date keys)."""
    KEY: ClassVar[str] = "code"
    CODE_FIELDS: ClassVar[tuple[str, ...]] = ()
    """The key and the fields that name other records by their key (items of a list too): held to the stricter
    rule of ``safety.text_problem(code=True)``, so that two codes that look the same are the same code."""

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Any:
        """The record of a stored document; unknown keys (from a newer version) are ignored."""
        names = _FIELD_NAMES.get(cls)
        if names is None:
            names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
        values = {k: v for k, v in doc.items() if k in names}
        for name in cls.DATE_FIELDS:
            value = values.get(name)
            if value is not None:
                cached = _DATE_CACHE.get(value)
                values[name] = cached if cached is not None else _cached_date(value)
        return cls(**values)

    def to_doc(self) -> dict[str, Any]:
        doc = dataclasses.asdict(self)  # type: ignore[call-overload]
        for name in self.DATE_FIELDS:
            doc[name] = _iso(doc[name])
        return doc

    @property
    def key(self) -> str:
        return getattr(self, self.KEY)

    def problems(self) -> list[Problem]:
        return []

    def date_problems(self, today: date) -> list[Problem]:
        """Every date of the record outside the plausible window around the store's ``today``
        (``dates.date_problem``): its ``DATE_FIELDS`` and the dates in its ``LIST_DATES``. Apart from
        ``problems()`` because it needs the store's today; every write (``Transaction.put``) and
        ``qms check`` call both."""
        problems: list[Problem] = []
        for name in self.DATE_FIELDS:
            value = getattr(self, name)
            why = date_problem(value, today) if isinstance(value, date) else None
            if why:
                problems.append((name, why))
        for name, item, keys in self.LIST_DATES:
            for i, doc in enumerate(getattr(self, name) or [], start=1):
                for key in keys if isinstance(doc, dict) else ():
                    value = _safe_date(doc.get(key))
                    why = date_problem(value, today) if value is not None else None
                    if why:
                        problems.append((name, Fault("p_in_item", item=item, which=doc.get("code") or i, key=key,
                                                            why=why)))
        return problems

def _safe_date(value: Any) -> date | None:
    try:
        return _date(value)
    except ValueError:
        return None
