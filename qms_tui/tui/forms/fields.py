"""What a form is made of, without any Textual: its fields, their first values as text, and how to save.

A ``FormSpec`` is built for one table (``forms.tables``) and drawn by ``dialogs.form.FormDialog``. The
dialog hands the typed text back to ``FormSpec.save``, which calls the write services; they read the text
into the model's types and validate, so a form never checks a value the services would not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import field
from datetime import date
from typing import Any

from qms_tui.domain.dates import format_vn
from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import TABLE_MODELS
from qms_tui.services.common import EditResult, coerce_all

KINDS = ("text", "date", "int", "number", "codes", "lines", "choice")
"""``codes``: comma-separated codes; ``lines``: items separated by ``;`` (the training materials)."""

LINE_SEPARATOR = ";"


@dataclass(frozen=True)
class Field:
    """One labelled input of a form."""

    name: str
    """The model field (also the name the services' problems use)."""
    label: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    """``(value, label)`` pairs of a ``choice`` field."""
    blank: str | None = None
    """The label of the empty choice of an optional ``choice`` field (``None``: a value is required)."""
    required: bool = False
    placeholder: str = ""
    locked: bool = False
    """Shown but not editable (a record's code, once it exists)."""


@dataclass
class FormSpec:
    """A form: its title, fields, first values, and the write that saves it."""

    title: str
    fields: list[Field]
    values: dict[str, str]
    save: Callable[..., EditResult]
    """Called with the values to save (and ``base=`` when the spec has one)."""
    editing: bool = False
    """Only the fields the user changed are handed to ``save`` (the record keeps everything else)."""
    aliases: dict[str, str] = field(default_factory=dict)
    """A problem's field name -> the form field that shows it (``""``: the form's own error line)."""
    note: str = ""
    """A line under the title (what the form changes, a hint)."""
    saved_message: Callable[[EditResult], str] | None = None
    """What the notification says after a save (default: "added …" or "saved …")."""
    table: str = ""
    """The table a new record goes to: its values are checked all at once before the write (``precheck``)."""
    base: dict[str, Any] | None = None
    """An edit: the record as stored when the form opened. ``write`` hands it to ``save`` (as ``base=``) so
    the service can tell a field someone else changed meanwhile (``services.EditConflict``)."""

    def find(self, name: str) -> Field | None:
        """The field called ``name``, if the form has one."""
        return next((f for f in self.fields if f.name == name), None)

    def write(self, values: dict[str, Any]) -> EditResult:
        """Save ``values`` through ``save``, with the ``base`` of an edit."""
        return self.save(values, base=self.base) if self.base is not None else self.save(values)

    def values_to_save(self, typed: Mapping[str, str]) -> dict[str, Any]:
        """The typed text ready for the services: every field of a new record, the changed ones of an edit."""
        result: dict[str, Any] = {}
        for f in self.fields:
            if f.locked or f.name not in typed:
                continue
            text = typed[f.name]
            if self.editing and text.strip() == self.values.get(f.name, "").strip():
                continue
            if not self.editing and not f.required and not text.strip():
                continue  # an optional field left empty keeps the model's default (no hours: 0)
            result[f.name] = parse_text(f, text)
        return result


def parse_text(f: Field, text: str) -> Any:
    """Text as the services take it; a ``lines`` field becomes a list (its items may hold commas)."""
    if f.kind == "lines":
        return [part.strip() for part in text.split(LINE_SEPARATOR) if part.strip()]
    return text.strip()


def as_text(value: Any, kind: str = "text") -> str:
    """A stored value as the form shows it: dd/mm/yyyy dates, joined lists, ``yes``/``no``, ``1.5`` hours."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_vn(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        separator = f"{LINE_SEPARATOR} " if kind == "lines" else ", "
        return separator.join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def record_values(record: Any, fields: list[Field]) -> dict[str, str]:
    """The form's first values from a record's stored fields (a form's extra fields start empty)."""
    stored = {f.name for f in dataclasses.fields(record)}
    return {f.name: as_text(getattr(record, f.name), f.kind) for f in fields if f.name in stored}


def precheck(table: str, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every problem of a new record's values that the write would find one at a time: each field read as
    the services read it, then the model's own rules (a field that could not be read is reported once).
    References to other tables are left to the write."""
    fields, problems = coerce_all(table, values)
    try:
        record = TABLE_MODELS[table](**fields)
    except TypeError:
        return problems
    reported = {name for name, _ in problems}
    return problems + [(name, message) for name, message in record.problems() if name not in reported]
