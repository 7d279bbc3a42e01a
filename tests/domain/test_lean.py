"""``domain/lean.py``'s ``@dataclass`` against the standard library's: the same equality, hashing, repr and
frozenness for every shape of class qms-tui declares, without a generated ``__eq__``/``__repr__``."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import field

import pytest

from qms_tui.domain import lean


def _pair(decorate_options: dict, body: dict, bases: tuple = ()) -> tuple[type, type]:
    """The same class made by the standard decorator and by the lean one."""

    def build(decorator):
        namespace = dict(body)
        namespace["__annotations__"] = dict(body.get("__annotations__", {}))
        cls = type("Thing", bases, namespace)
        return decorator(**decorate_options)(cls)

    return build(dataclasses.dataclass), build(lean.dataclass)


SHAPES = {
    "plain": ({}, {"__annotations__": {"code": "str", "n": "int"}, "n": 0}),
    "frozen": ({"frozen": True}, {"__annotations__": {"code": "str", "n": "int"}, "n": 0}),
    "one field": ({"frozen": True}, {"__annotations__": {"code": "str"}}),
    "no field": ({"frozen": True}, {"__annotations__": {}}),
    "slots": ({"slots": True}, {"__annotations__": {"code": "str", "n": "int"}, "n": 0}),
    "frozen slots": ({"frozen": True, "slots": True}, {"__annotations__": {"code": "str", "n": "int"}, "n": 0}),
    "field options": ({"frozen": True}, {
        "__annotations__": {"code": "str", "note": "str", "secret": "str", "weight": "float"},
        "note": field(default="", compare=False), "secret": field(default="", repr=False),
        "weight": field(default=0.0, hash=False)}),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_equality_hash_and_repr_are_the_standard_ones(shape):
    options, body = SHAPES[shape]
    standard, ours = _pair(options, body)
    names = [f.name for f in dataclasses.fields(standard)]
    samples = [dict(zip(names, values, strict=False)) for values in
               (("A", 1, "x", 1.0), ("A", 1, "y", 2.0), ("B", 1, "x", 1.0), ("A", 2, "x", math.nan))]
    made = [(standard(**kw), ours(**kw)) for kw in samples]
    for a_std, a_ours in made:
        assert repr(a_ours) == repr(a_std)
        assert (a_ours == a_ours) == (a_std == a_std)
        for b_std, b_ours in made:
            assert (a_ours == b_ours) == (a_std == b_std)
            assert (a_ours != b_ours) == (a_std != b_std)
        assert (a_ours == ("A", 1)) is False and a_ours.__eq__(object()) is NotImplemented
    if standard.__hash__ is None:
        assert ours.__hash__ is None
        with pytest.raises(TypeError):
            hash(made[0][1])
    else:
        assert [hash(o) for _, o in made] == [hash(s) for s, _ in made]
    if options.get("frozen"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            made[0][1].code = "Z"
    assert dataclasses.replace(made[0][1]) == made[0][1] and dataclasses.asdict(made[0][1]) == dataclasses.asdict(
        made[0][0])


def test_a_class_keeps_its_own_eq_repr_and_hash():
    def own_eq(self, other):
        return True

    body = {"__annotations__": {"code": "str"}, "__eq__": own_eq, "__hash__": lambda self: 7,
            "__repr__": lambda self: "mine"}
    _, ours = _pair({"frozen": True}, body)
    thing = ours("A")
    assert thing == 3 and hash(thing) == 7 and repr(thing) == "mine"


def test_a_subclass_compares_its_own_fields_and_never_equals_its_base():
    @lean.dataclass(frozen=True)
    class Base:
        code: str

    @lean.dataclass(frozen=True)
    class Child(Base):
        n: int = 0

    assert Child("A", 1) == Child("A", 1) and Child("A", 1) != Child("A", 2)
    assert Child("A", 0) != Base("A") and Base("A") != Child("A", 0)
    assert repr(Child("A", 1)) == ("test_a_subclass_compares_its_own_fields_and_never_equals_its_base.<locals>."
                                  "Child(code='A', n=1)")


@pytest.mark.parametrize("options", [{}, {"frozen": True}, {"slots": True}, {"frozen": True, "slots": True}])
def test_construction_is_the_standard_one(options):
    body = {"__annotations__": {"code": "str", "n": "int", "tags": "list", "note": "str", "made": "list"},
            "n": 0, "tags": field(default_factory=list), "note": field(default="-", init=False),
            "made": field(default_factory=lambda: ["x"], init=False)}
    standard, ours = _pair(options, body)
    for args, kwargs in ((("A",), {}), (("A", 2), {}), ((), {"code": "A", "tags": ["t"]}), (("A",), {"n": 3})):
        a, b = standard(*args, **kwargs), ours(*args, **kwargs)
        assert dataclasses.asdict(a) == dataclasses.asdict(b)
    first, second = ours("A"), ours("B")
    assert first.tags is not second.tags and first.made is not second.made  # a factory called for each
    for args, kwargs in (((), {}), (("A", 1, [], 4), {}), (("A",), {"code": "B"}), (("A",), {"other": 1}),
                         (("A",), {"note": "n"})):
        with pytest.raises(TypeError):
            standard(*args, **kwargs)
        with pytest.raises(TypeError):
            ours(*args, **kwargs)


def test_post_init_runs_and_a_subclass_takes_its_fields_in_order():
    calls = []

    @lean.dataclass(frozen=True)
    class Base:
        code: str
        n: int = 0

        def __post_init__(self):
            calls.append(self.code)

    @lean.dataclass(frozen=True)
    class Child(Base):
        extra: str = "e"

    child = Child("A", 2, "x")
    assert (child.code, child.n, child.extra) == ("A", 2, "x") and calls == ["A"]
    assert Child(code="B").extra == "e" and calls == ["A", "B"]


def test_a_class_built_for_every_dossier_keeps_the_compiled_init():
    @lean.dataclass(slots=True, fast_init=True)
    class Hot:
        code: str

    @lean.dataclass(slots=True)
    class Cold:
        code: str

    assert Hot.__init__.__code__.co_filename == "<string>"  # made by dataclasses from its source
    assert Cold.__init__.__code__.co_filename == lean.__file__
    assert Hot("A") == Hot("A") and Cold("A").code == "A"
