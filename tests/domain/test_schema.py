"""One schema for field types: every field of every record type is converted and checked by its one
declaration (``domain/schema.py``) in the four places that read types — typed input (CLI and forms),
a record before it is written (the importer's too), a stored document at load, and ``qms check`` — and a new
kind of field declared once works in all of them, while an undeclared one fails in all of them.
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest

from qms_tui.domain import schema, typecheck
from qms_tui.domain.models import TABLE_MODELS, Dossier, Organisation, Record
from qms_tui.domain.qms import Qms
from qms_tui.domain.validation import check
from qms_tui.services.common import coerce

# kind -> (a record's value, as stored, as typed, a wrong record value, a wrong stored value)
SAMPLES: dict[str, tuple[Any, Any, Any, Any, Any]] = {
    "text": ("Văn phòng", "Văn phòng", " Văn phòng ", 12, 12),
    "int": (3, 3, "3", "3", "3"),
    "float": (2.5, 2.5, "2,5", "2.5", "2.5"),
    "bool": (True, True, "có", "yes", 1),
    "date": (date(2024, 5, 6), "2024-05-06", "06/05/2024", "2024-05-06", "06/05/2024"),
    "text_list": (["A", "B"], ["A", "B"], ["A", "B"], "A", [1]),
    "object_list": ([{"x": "y"}], [{"x": "y"}], [{"x": "y"}], {"x": "y"}, ["x"]),
    "pause_list": ([{"start": "2024-05-06", "end": None}], [{"start": "2024-05-06", "end": None}],
                   [{"start": "2024-05-06", "end": None}], [{"start": "06/05"}], [{"start": "2024-13-01"}]),
}
FIELDS = [(table, name) for table, model in TABLE_MODELS.items() for name in schema.fields_of(model)]
CHECKED = {"decisions", "procedures", "legal_documents", "risks", "staff", "trainings", "objectives",
           "plan_tasks", "events", "calendar", "report_texts", "audits", "audit_findings", "nonconformities",
           "reviews", "fields", "dossiers"}
"""The tables ``qms check`` goes through (``validation.check``)."""


def declared(table: str, name: str) -> schema.Field:
    return schema.fields_of(TABLE_MODELS[table])[name]


def qms_with(table: str, record: Record) -> Qms:
    if table == "dossiers":
        return Qms(meta={"as_of": "2024-09-01"}, organisation=Organisation(), stored_dossiers=[record.to_doc()])
    return Qms(meta={"as_of": "2024-09-01"}, organisation=Organisation(), **{table: [record]})


def test_every_field_of_every_record_type_has_a_declared_kind():
    assert len(FIELDS) > 150
    assert {declared(table, name).type.name for table, name in FIELDS} <= set(SAMPLES)


@pytest.mark.parametrize(("table", "name"), FIELDS, ids=[f"{t}.{n}" for t, n in FIELDS])
def test_each_field_is_converted_and_checked_by_its_declaration_everywhere(table: str, name: str):
    field = declared(table, name)
    model = TABLE_MODELS[table]
    good, stored, typed, bad, bad_stored = SAMPLES[field.type.name]
    special = field.reader is not None or field.choices is not None
    # CLI and form input: the typed text is converted to the declared kind
    if not special:
        assert coerce(table, name, typed) == good
    # a record before it is written (Transaction.put, the importer's rows too): a wrong kind names the field
    record = model(**{name: bad})
    assert (name, field.type.check(bad)) in typecheck.record_type_problems(record)
    assert typecheck.record_type_problems(model(**{name: good})) == [] or special or field.code
    # a stored document at load: a wrong stored value names the field, the stored form passes
    assert [n for n, _ in typecheck.doc_type_problems(model, {name: bad_stored})] == [name]
    assert typecheck.doc_type_problems(model, {name: stored}) == []
    if table == "dossiers":  # the hand-written fast check agrees with the declaration
        problem = typecheck.dossier_doc_problem({**Dossier().to_doc(), name: bad_stored})
        assert problem is not None and problem[0] == name
    # qms check: the same problem, naming the table, the record and the field
    if table in CHECKED and table != "dossiers":
        issues = [str(issue) for issue in check(qms_with(table, record))]
        assert any(f" {name}: {field.type.check(bad)}" in issue and issue.startswith(table) for issue in issues)


def test_date_fields_are_the_fields_declared_as_dates():
    for model in TABLE_MODELS.values():
        assert set(model.DATE_FIELDS) == set(schema.date_fields(model)), model.__name__


@dataclass
class Invoice(Record):
    """A record type with a kind of field no place knew: an amount of money."""

    code: str = ""
    amount: Decimal = Decimal(0)
    CODE_FIELDS = ("code",)


def _clear_caches() -> None:
    schema.fields_of.cache_clear()
    typecheck._checkers.cache_clear()


@pytest.fixture
def invoices(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(TABLE_MODELS, "invoices", Invoice)
    monkeypatch.setitem(schema.TABLE_OF, Invoice, "invoices")
    _clear_caches()
    yield Invoice
    _clear_caches()


def test_an_undeclared_kind_of_field_fails_in_every_place_alike(invoices):
    for use in (lambda: schema.fields_of(Invoice), lambda: coerce("invoices", "amount", "12"),
                lambda: typecheck.record_type_problems(Invoice()),
                lambda: typecheck.doc_type_problems(Invoice, {"amount": "12"})):
        with pytest.raises(TypeError, match="no field type for"):
            use()


def test_a_new_kind_declared_once_is_converted_and_checked_the_same_everywhere(invoices, monkeypatch):
    def read(value: Any) -> Decimal:
        try:
            return Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not an amount") from None

    def is_amount(value: Any) -> str | None:
        return None if isinstance(value, Decimal) else f"{value!r} is not an amount"

    def is_stored_amount(value: Any) -> str | None:
        return None if isinstance(value, str) and value.replace(".", "", 1).isdigit() else f"{value!r} is not an amount"

    monkeypatch.setitem(schema.TYPES, "money", schema.FieldType("money", is_amount, is_stored_amount, read))
    monkeypatch.setitem(schema.ANNOTATIONS, Decimal, "money")
    _clear_caches()
    assert coerce("invoices", "amount", "12,50") == Decimal("12.50")
    with pytest.raises(ValueError, match="is not an amount"):
        coerce("invoices", "amount", "twelve")
    with pytest.raises(ValueError, match="is required"):
        coerce("invoices", "amount", "")
    assert typecheck.record_type_problems(Invoice("HD1", Decimal(3))) == []
    assert typecheck.record_type_problems(Invoice("HD1", 3)) == [("amount", "3 is not an amount")]  # type: ignore[arg-type]
    assert typecheck.doc_type_problems(Invoice, {"amount": "3.50"}) == []
    assert typecheck.doc_type_problems(Invoice, {"amount": 3.5}) == [("amount", "3.5 is not an amount")]
    assert [f.name for f in dataclasses.fields(Invoice)] == list(schema.fields_of(Invoice))


def test_field_hints_are_typings_own():
    """``fields_of`` reads each annotation once (``_field_hints``): the same types as ``typing.get_type_hints``
    evaluated in each model's module, for every field of every model."""

    for model in [*TABLE_MODELS.values(), Invoice]:
        expected = typing.get_type_hints(model, localns=vars(sys.modules[model.__module__]))
        hints = schema._field_hints(model)
        assert list(hints) == [f.name for f in dataclasses.fields(model)]
        assert hints == {name: expected[name] for name in hints}
