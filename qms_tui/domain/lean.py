"""``@dataclass`` as the standard library's, with ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` shared
by every class instead of compiled for each one.

Python 3.11's ``dataclasses`` writes the source of each generated method and compiles it when the class is
created: about 0.6 ms per class, 1 ms for a frozen one, and the app's first screen imports 45 of them, a
sixth of its start-up. The functions below read the class's fields when they run and do what the generated
ones do (``tests/domain/test_lean.py`` compares them). A shared ``__init__`` takes about 2 µs more per
record: a class built once per dossier says ``fast_init=True`` and keeps the compiled one. Every dataclass
of qms-tui is made here (ruff bans ``dataclasses.dataclass``); ``field``, ``fields``, ``replace`` and
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
def dataclass(*, frozen: bool = False, slots: bool = False, fast_init: bool = False) \
        -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls: type[T] | None = None, /, *, frozen: bool = False, slots: bool = False,
              fast_init: bool = False) -> Any:
    """The standard ``@dataclass`` (``frozen``, ``slots``); construction, equality, hashing and repr as it
    defines them. ``fast_init``: the compiled ``__init__``, for a class built for every dossier."""

    def make(cls: type[T]) -> type[T]:
        own = cls.__dict__
        made = dataclasses.dataclass(cls, init=fast_init, repr=False, eq=False,  # noqa: TID251
                                     frozen=frozen, slots=slots)
        if "__init__" not in own and not fast_init:
            made.__init__ = _shared_init(made, frozen)  # type: ignore[misc]
        if "__repr__" not in own:
            made.__repr__ = _repr  # type: ignore[assignment]
        if "__eq__" not in own:
            made.__eq__ = _eq  # type: ignore[assignment]
            if "__hash__" not in own:  # as @dataclass(eq=True): a frozen record hashes its fields, others none
                made.__hash__ = _hash if frozen else None  # type: ignore[assignment]
        return made

    return make if cls is None else make(cls)


def _shared_init(cls: type, frozen: bool) -> Callable[..., None]:
    """An ``__init__`` as ``@dataclass`` makes it: the fields in order, by position or by name, each given
    one else its default (a factory called anew); the fields outside ``__init__`` that have a default set
    too; then ``__post_init__``. A frozen record is set through ``object.__setattr__``."""
    missing = dataclasses.MISSING
    every = dataclasses.fields(cls)
    taken = [(f.name, f.default, f.default_factory) for f in every if f.init]
    names = tuple(name for name, _, _ in taken)
    known = frozenset(names)
    preset = [(f.name, f.default, f.default_factory) for f in every
              if not f.init and (f.default is not missing or f.default_factory is not missing)]
    post_init = hasattr(cls, "__post_init__")
    put = object.__setattr__ if frozen else setattr
    where = f"{cls.__qualname__}.__init__()"

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if args:
            if len(args) > len(names):
                raise TypeError(f"{where} takes {len(names)} arguments but {len(args)} were given")
            for name, value in zip(names, args, strict=False):
                if name in kwargs:
                    raise TypeError(f"{where} got multiple values for argument {name!r}")
                kwargs[name] = value
        if not known.issuperset(kwargs):
            raise TypeError(f"{where} got an unexpected keyword argument {min(set(kwargs) - known)!r}")
        given = kwargs.get
        for name, default, factory in taken:
            value = given(name, missing)
            if value is missing:
                if factory is not missing:
                    value = factory()
                elif default is not missing:
                    value = default
                else:
                    raise TypeError(f"{where} missing required argument: {name!r}")
            put(self, name, value)
        for name, default, factory in preset:
            put(self, name, factory() if factory is not missing else default)
        if post_init:
            self.__post_init__()

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


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
