"""One declaration of every record field: its type, whether it may be empty, its choices, whether it is a code.

Read from the models themselves (their annotations, ``CODE_FIELDS``) and the two tables below (``CHOICES``,
``READERS``), and compiled once per model by ``fields_of``. Every place that converts or checks a field's
type asks it: typed input from the CLI and the forms (``services.common.coerce``), a record before it is
written, the importer's included (``typecheck.record_type_problems``, run by ``Transaction.put``), a stored
document when the store is loaded (``typecheck.doc_type_problems``) and ``qms check``
(``validation.check``). A new kind of annotation with no ``FieldType`` in ``TYPES`` fails in all of them at
once (``TypeError``), instead of being read as text in one place and refused in another.

msgspec Structs were measured as the alternative (docs/ARCHITECTURE.md, ``bench/msgspec_dossiers.py``).
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
import types
import typing
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from qms_tui.domain.dates import parse_date
from qms_tui.domain.flags import (
    count_from_text,
    feedback_channel_from_text,
    feedback_kind_from_text,
    flag_from_text,
    service_from_text,
)
from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import (
    OBJECTIVE_MEASURES,
    PROCEDURE_KINDS,
    PROCEDURE_STATUSES,
    RISK_KINDS,
    RISK_STATUSES,
    TABLE_MODELS,
    TASK_STATUSES,
    Record,
)
from qms_tui.domain.problems import Fault
from qms_tui.domain.vocabulary import channel_from_text, choice_from_text, fold, outcome_from_text

Checker = Callable[[Any], str | None]
"""Returns ``None`` when the value fits, else what is wrong with it."""
Reader = Callable[[Any], Any]
"""Typed input (usually text) -> the field's value; raises ``ValueError`` with a message for the user."""

# -- checks: a record's values (dates as ``date``) and a stored document's (dates as ISO strings) ---------


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return Fault("p_not_text", value=repr(value))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return Fault("p_not_utf8_text")
    return None


def _stored_text(value: Any) -> str | None:
    """``_text`` for a value read from a store file: the JSON decoder (orjson) refuses a lone surrogate, the
    one string that cannot be written as UTF-8, so only the type is left to check (1,800 of them at start)."""
    return None if isinstance(value, str) else Fault("p_not_text", value=repr(value))


def _int(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return None if ok else Fault("p_not_whole_number", value=repr(value))


def _float(value: Any) -> str | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return None if ok else Fault("p_not_number", value=repr(value))


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else Fault("p_not_true_false", value=repr(value))


def _date_value(value: Any) -> str | None:
    return None if isinstance(value, date) else Fault("p_not_date_value", value=repr(value))


GOOD_ISO: set[str] = set()
"""ISO dates already found real: a store holds few distinct ones and checks each once."""


def iso_date(value: Any) -> str | None:
    """A stored date: ``YYYY-MM-DD`` of a real day."""
    if isinstance(value, str) and value in GOOD_ISO:
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            date.fromisoformat(value)
        except ValueError:
            return Fault("p_not_real_iso", value=repr(value))
        GOOD_ISO.add(value)
        return None
    return Fault("p_not_iso_date", value=repr(value))


def _object(value: Any) -> str | None:
    return None if isinstance(value, dict) else Fault("p_not_object", value=repr(value))


def _list_of(item: Checker) -> Checker:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return Fault("p_not_list", value=repr(value))
        for i, element in enumerate(value):
            problem = item(element)
            if problem:
                return Fault("p_item", n=i + 1, problem=problem)
        return None

    return check


def optional(inner: Checker) -> Checker:
    def check(value: Any) -> str | None:
        return None if value is None else inner(value)

    return check


def _pause(value: Any) -> str | None:
    if not isinstance(value, dict):
        return Fault("p_not_object", value=repr(value))
    return iso_date(value.get("start")) or optional(iso_date)(value.get("end"))


# -- reading typed input -----------------------------------------------------------------------------

_TRUE = {"1", "true", "yes", "y", "co", "x", "effective"}
_FALSE = {"0", "false", "no", "n", "khong", "not effective"}


def read_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    folded = fold(str(value))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(Fault("p_not_yes_no", value=repr(value)))


def read_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(Fault("p_not_whole_number", value=repr(value)))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(Fault("p_not_whole_number", value=repr(value))) from None


def read_float(value: Any) -> float | int:
    if isinstance(value, bool):
        raise ValueError(Fault("p_not_number", value=repr(value)))
    if isinstance(value, int | float):
        return value
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(Fault("p_not_number", value=repr(value))) from None
    return int(number) if number.is_integer() else number


def read_date(value: Any) -> date:
    return value if isinstance(value, date) else parse_date(value)


def read_text_list(value: Any, split: bool = False) -> list[str]:
    items = [value] if isinstance(value, str) else list(value)
    result: list[str] = []
    for item in items:
        parts = str(item).split(",") if split else [str(item)]
        result.extend(part.strip() for part in parts if part.strip())
    return result


@dataclass(frozen=True)
class FieldType:
    """One kind of field: how its value is checked in a record and in a stored document, how typed input
    is read into it, and what empty input becomes when the field is not optional (``required``: refused)."""

    name: str
    check: Checker
    check_stored: Checker
    read: Reader
    empty: Callable[[], Any] | None = None
    """``None``: the field is required when it is not optional."""


TYPES: dict[str, FieldType] = {t.name: t for t in (
    FieldType("text", _text, _stored_text, str, str),
    FieldType("int", _int, _int, read_int),
    FieldType("float", _float, _float, read_float),
    FieldType("bool", _bool, _bool, read_bool),
    FieldType("date", _date_value, iso_date, read_date, lambda: None),
    FieldType("text_list", _list_of(_text), _list_of(_stored_text), read_text_list, list),
    FieldType("object_list", _list_of(_object), _list_of(_object), list, list),
    FieldType("pause_list", _list_of(_pause), _list_of(_pause), list, list),
    FieldType("object", _object, _object, dict, dict),
)}
"""Every kind of field a record may have. A new kind is added here, once, and ``ANNOTATIONS`` maps to it."""

ANNOTATIONS: dict[Any, str] = {
    str: "text", int: "int", float: "float", bool: "bool", date: "date",
    list[str]: "text_list", list[dict[str, Any]]: "object_list", list[dict[str, str | None]]: "pause_list",
    dict[str, Any]: "object", dict: "object",
}
"""A field's annotation (without ``| None``) -> its kind in ``TYPES``."""

CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("procedures", "kind"): PROCEDURE_KINDS,
    ("procedures", "status"): PROCEDURE_STATUSES,
    ("risks", "kind"): RISK_KINDS,
    ("risks", "status"): RISK_STATUSES,
    ("plan_tasks", "status"): TASK_STATUSES,
    ("objectives", "measure"): OBJECTIVE_MEASURES,
}
"""Fields with a fixed set of values: "Under revision" is read as ``under_revision``."""

READERS: dict[tuple[str, str], tuple[Reader, bool]] = {
    ("procedures", "online_service"): (service_from_text, True),
    ("procedures", "fee"): (flag_from_text, True),
    ("dossiers", "paid_online"): (flag_from_text, True),
    ("dossiers", "digitised"): (flag_from_text, True),
    ("dossiers", "e_result"): (flag_from_text, True),
    ("dossiers", "supplements"): (count_from_text, True),
    ("feedback", "satisfied"): (flag_from_text, True),
    ("feedback", "kind"): (feedback_kind_from_text, True),
    ("feedback", "channel"): (feedback_channel_from_text, False),
    ("dossiers", "channel"): (channel_from_text, False),
    ("dossiers", "outcome"): (outcome_from_text, False),
}
"""Fields read from words as the one-stop-shop systems write them: (reader, reads the empty value too). The
service-index facts read "unknown" (or empty) as ``None`` and Vietnamese words as they are written."""

CODE_LISTS = frozenset({"attendees", "procedures", "legal_basis"})
"""List fields of codes, which may also be typed as one comma-separated value."""


@dataclass(frozen=True)
class Field:
    """One field of one record type, as declared: its kind, whether it may be ``None``, its choices, its
    word reader, and whether it is a code (``Record.CODE_FIELDS``: the stricter text rule)."""

    name: str
    type: FieldType
    optional: bool
    code: bool = False
    choices: tuple[str, ...] | None = None
    reader: Reader | None = None
    reads_empty: bool = False
    split: bool = False

    def check(self, value: Any, stored: bool = False) -> str | None:
        """What is wrong with ``value`` as this field's value (a stored document's, dates as ISO text)."""
        if value is None and self.optional:
            return None
        return (self.type.check_stored if stored else self.type.check)(value)

    def convert(self, value: Any) -> Any:
        """Typed input (already trimmed, NFC) as this field's value; ``ValueError`` says what is wrong."""
        if self.reads_empty and self.reader is not None and not isinstance(value, bool | int):
            return self.reader(str(value))
        if value is None or value == "":
            if self.optional:
                return None
            if self.type.empty is None:
                raise ValueError(Fault("p_required"))
            return self.type.empty()
        if self.type.name == "text_list":
            return read_text_list(value, self.split)
        if self.type.name != "text":
            return self.type.read(value)
        text = str(value)
        if self.reader is not None:
            return self.reader(text)
        if self.choices is not None:
            return choice_from_text(text, self.choices)
        return text


def kind_of(annotation: Any) -> tuple[FieldType, bool]:
    """The ``FieldType`` of an annotation and whether it allows ``None``; ``TypeError`` for a kind no place
    knows yet (declare it in ``TYPES`` and ``ANNOTATIONS``)."""
    args = typing.get_args(annotation)
    is_optional = typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args
    if is_optional:
        rest = [a for a in args if a is not type(None)]
        annotation = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
    try:
        name = ANNOTATIONS.get(annotation)
    except TypeError:  # an unhashable annotation
        name = None
    if name is None:
        raise TypeError(f"no field type for {annotation!r}: declare it in domain/schema.py (TYPES, ANNOTATIONS)")
    return TYPES[name], is_optional


_EVALUATED: dict[tuple[str, str, str], Any] = {}
"""Annotation texts already evaluated, by (module of the class declaring the field, model's module, text)."""


def _field_hints(model: type[Record]) -> dict[str, Any]:
    """``typing.get_type_hints(model, localns=<the model's module>)`` for the dataclass fields: each field's
    annotation text evaluated in the module of the class declaring it, the model's module's names first (a
    field called ``date`` shadows it), as ``get_type_hints`` does; but each text once, not every annotation
    of every class of the MRO again for each model (20 ms of every start-up for the 20-odd models)."""
    namespace = vars(sys.modules[model.__module__])
    declared = {name: (c, text) for c in reversed(model.__mro__) for name, text in inspect.get_annotations(c).items()}
    hints = {}
    for f in dataclasses.fields(model):  # type: ignore[arg-type]
        owner, text = declared[f.name]  # the most derived class's annotation, as in get_type_hints
        if not isinstance(text, str):  # a module without ``from __future__ import annotations``
            return typing.get_type_hints(model, localns=namespace)
        key = (owner.__module__, model.__module__, text)
        if key not in _EVALUATED:
            _EVALUATED[key] = eval(text, vars(sys.modules[owner.__module__]), namespace)  # as typing does
        hints[f.name] = _EVALUATED[key]
    return hints


_KINDS: dict[Any, tuple[FieldType, bool]] = {}
"""``kind_of`` by annotation: some thirty annotations serve the 200-odd fields."""


def _kind_of_hint(annotation: Any) -> tuple[FieldType, bool]:
    try:
        return _KINDS[annotation]
    except KeyError:
        found = _KINDS[annotation] = kind_of(annotation)
        return found
    except TypeError:  # an unhashable annotation: kind_of says what is wrong with it
        return kind_of(annotation)


@cache
def field_kinds(model: type[Record]) -> dict[str, tuple[FieldType, bool]]:
    """Each field's kind and whether it may be ``None``, in order: the part of ``fields_of`` that the store's
    load check needs (``typecheck``), without building the rest for the twenty-odd models at every start."""
    hints = _field_hints(model)
    return {f.name: _kind_of_hint(hints[f.name]) for f in dataclasses.fields(model)}  # type: ignore[arg-type]


@cache
def fields_of(model: type[Record]) -> dict[str, Field]:
    """Every field of ``model`` in its order, as declared (compiled once per model)."""
    kinds = field_kinds(model)
    table = TABLE_OF.get(model, "")
    codes = set(model.CODE_FIELDS)
    result = {}
    for f in dataclasses.fields(model):  # type: ignore[arg-type]
        kind, is_optional = kinds[f.name]
        reader, reads_empty = READERS.get((table, f.name), (None, False))
        result[f.name] = Field(
            f.name, kind, is_optional, f.name in codes, CHOICES.get((table, f.name)),
            reader, reads_empty, f.name in CODE_LISTS,
        )
    return result


def date_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of ``model`` declared as dates (``Record.DATE_FIELDS`` must list exactly these)."""
    return tuple(name for name, f in fields_of(model).items() if f.type.name == "date")


TABLE_OF: dict[type[Record], str] = {model: table for table, model in TABLE_MODELS.items()}
"""Each model's table, for ``CHOICES`` and ``READERS`` (which name fields by table)."""
