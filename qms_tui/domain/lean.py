"""``@dataclass`` as the standard library's, with ``__repr__``, ``__eq__`` and ``__hash__`` shared by every class
instead of compiled for each one.

Python 3.11's ``dataclasses`` writes the source of each generated method and compiles it when the class is
created: about 0.6 ms per class, 1 ms for a frozen one, and the app's first screen imports 45 of them, a
tenth of its start-up. ``__init__`` (and a frozen class's ``__setattr__``) must be made per class, but
comparing, hashing and showing a record need not: the functions below read the class's fields when they
run and give what the generated ones give (``tests/domain/test_lean.py`` compares them). Every dataclass of
qms-tui is made here (ruff bans ``dataclasses.dataclass``); ``field``, ``fields``, ``replace`` and
``asdict`` are the standard ones.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")

_COMPARED: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
_HASHED: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}


@overload
def dataclass(cls: type[T], /) -> type[T]: ...
@overload
def dataclass(*, frozen: bool = False, slots: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls: type[T] | None = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """The standard ``@dataclass`` (``frozen``, ``slots``); equality, hashing and repr as it defines them."""

    def make(cls: type[T]) -> type[T]:
        own = cls.__dict__
        made = dataclasses.dataclass(cls, repr=False, eq=False, frozen=frozen, slots=slots)  # noqa: TID251
        if "__repr__" not in own:
            made.__repr__ = _repr  # type: ignore[assignment]
        if "__eq__" not in own:
            made.__eq__ = _eq  # type: ignore[assignment]
            if "__hash__" not in own:  # as @dataclass(eq=True): a frozen record hashes its fields, others none
                made.__hash__ = _hash if frozen else None  # type: ignore[assignment]
        return made

    return make if cls is None else make(cls)


def _values(table: dict[type, Callable[[Any], tuple[Any, ...]]], cls: type, wanted: Callable[[Any], bool]) \
        -> Callable[[Any], tuple[Any, ...]]:
    """A function giving a record's values of the fields ``wanted`` picks, as a tuple (made once per class)."""
    getter = table.get(cls)
    if getter is None:
        names = [f.name for f in dataclasses.fields(cls) if wanted(f)]
        if len(names) == 1:
            one = attrgetter(names[0])
            getter = lambda record: (one(record),)  # noqa: E731
        elif names:
            getter = attrgetter(*names)
        else:
            getter = lambda record: ()  # noqa: E731
        table[cls] = getter
    return getter


def _eq(self: Any, other: Any) -> bool:
    """Equal when of the same class and equal in every compared field (as the generated ``__eq__``)."""
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = _values(_COMPARED, self.__class__, lambda f: f.compare)
    return values(self) == values(other)  # type: ignore[no-any-return]


def _hash(self: Any) -> int:
    """The hash of the hashed fields (``hash=None`` follows ``compare``), as the generated ``__hash__``."""
    return hash(_values(_HASHED, self.__class__, lambda f: f.compare if f.hash is None else f.hash)(self))


def _repr(self: Any) -> str:
    """``Name(field=value, …)`` over the fields shown, as the generated ``__repr__``."""
    cls = self.__class__
    names = _SHOWN.get(cls)
    if names is None:
        names = _SHOWN[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.repr)
    return f"{cls.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in names)})"
