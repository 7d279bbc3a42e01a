"""What every write operation shares: reading user input into model fields, errors, change summaries.

Input may come from CLI options or TUI text fields, so every value may be a string: ``"3"`` for a
likelihood, ``"05/09/2024"`` for a date, ``"NV001, NV002"`` for a list of staff codes. ``coerce`` turns
it into the model's type or says what is wrong, naming the field, so that the message reads
``risks RR-01: likelihood: 'x' is not a whole number``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.dates import format_vn, parse_date
from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import TABLE_MODELS, CalendarDay, Record
from qms_tui.domain.problems import Fault, Joined, Term, say
from qms_tui.domain.safety import visible
from qms_tui.domain.schema import Field, fields_of
from qms_tui.domain.textcheck import text_value_problem
from qms_tui.locale import words
from qms_tui.store import META_TABLE, Store, Transaction, ValidationError

Problem = tuple[str, str]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class NotFoundError(ValidationError):
    """The record to change does not exist (exit code 1, like any invalid input)."""

    def __init__(self, table: str, key: str, message: str | None = None) -> None:
        self.what = f"{table} {key}"
        self.problems = [(TABLE_MODELS[table].KEY, message or Fault("p_no_such_record"))]
        Exception.__init__(self, f"{table} {key}: {self.problems[0][1]}")

    def text(self, lang: str | None = None) -> str:
        return f"{self.what}: {say(self.problems[0][1], lang)}"


@dataclass
class EditResult:
    """What a write did: the record as stored, a one-line summary (as logged), whether anything changed."""

    table: str
    record: Any
    summary: str
    changed: bool = True

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str | None = None) -> str:
        """``risks RR-01: status: open → closed`` in ``lang`` (default: the command line's language)."""
        what = say(self.summary, lang) if self.changed else words("nothing_changed", lang)
        return f"{self.table} {self.record.key}: {what}"


# -- two people editing one record ------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """One field both editors changed, to different values (stored form: ISO dates, lists)."""

    field: str
    theirs: Any
    """What is stored now: the other person's value."""
    yours: Any
    """What this edit would write."""


class EditConflict(ValidationError):
    """Someone else saved a field of this record that this edit changes too, to another value, since the
    edit began: nothing was written. Edits of different fields merge without it; this one needs a person's
    choice. ``current`` is the record as stored now (a document) and ``record`` the same as a model
    object: saving again with ``base=current`` overwrites their values; a form can refill itself from
    ``record``. A ``ValidationError`` (exit 1) for callers that do not look closer."""

    def __init__(self, what: str, conflicts: list[Conflict], current: dict[str, Any], record: Any) -> None:
        super().__init__(what, [(c.field, Fault("p_changed_meanwhile", value=show(c.theirs))) for c in conflicts])
        self.conflicts = conflicts
        self.current = current
        self.record = record


def _same(a: Any, b: Any) -> bool:
    return a == b or (a in (None, "", []) and b in (None, "", []))


def find_conflicts(base: Mapping[str, Any], current: Mapping[str, Any], mine: Mapping[str, Any],
                   names: Iterable[str]) -> list[Conflict]:
    """The fields of ``names`` (those this edit changes) that someone else changed from ``base`` (the
    record when the edit began) to a value other than ``mine``: a three-way merge that refuses only
    where both sides disagree."""
    found = []
    for name in names:
        theirs, yours = current.get(name), mine.get(name)
        if _same(base.get(name), theirs) or _same(theirs, yours):
            continue
        found.append(Conflict(name, theirs, yours))
    return found


# -- reading input --------------------------------------------------------------------------------


def field_types(model: type[Record]) -> dict[str, Field]:
    """Field name -> its declaration (``schema.fields_of``: kind, optional, choices, code-ness)."""
    return fields_of(model)


def coerce(table: str, name: str, value: Any) -> Any:
    """``value`` as the type of ``table``'s field ``name`` (``schema.Field.convert``, the one declaration of
    field types); raises ``ValueError`` with a user message."""
    for text in [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []:
        if isinstance(text, str) and not _is_utf8(text):
            raise ValueError(Fault("p_not_utf8", value=repr(text)))
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.strip())  # "Hồ" typed decomposed is the same "Hồ"
    elif isinstance(value, list | tuple):
        value = [unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in value]
    return fields_of(TABLE_MODELS[table])[name].convert(value)


def coerce_all(table: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Coerce every given field; a value that cannot be read is left out and reported."""
    known = field_types(TABLE_MODELS[table])
    result: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in values.items():
        if name not in known:
            problems.append((name, Fault("p_not_a_field", table=table)))
            continue
        try:
            result[name] = coerce(table, name, value)
        except ValueError as exc:
            problems.append((name, problem_of(exc)))
            continue
        refused = text_value_problem(TABLE_MODELS[table], name, result[name])  # the door: no control text
        if refused:
            problems.append((name, refused))
    return result, problems


def problem_of(exc: ValueError) -> str:
    """What a ``ValueError`` says: its ``Fault`` (id and values, worded when shown), else its text."""
    first = exc.args[0] if exc.args else ""
    return first if isinstance(first, Fault) else str(exc)


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: bytes from argv that were not UTF-8
        return False
    return True


def parse_day(what: str, name: str, value: date | str | None, default: date) -> date:
    """A date option (``--date``): ``default`` when not given; a ``ValidationError`` naming ``name``."""
    if value is None or value == "":
        return default
    if isinstance(value, date):
        return value
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValidationError(what, [(name, problem_of(exc))]) from None


# -- the store seen from a transaction ----------------------------------------------------------------


def tables(tx: Transaction) -> dict[str, dict[str, Any]]:
    """The raw small tables as read under the lock (``{table: {doc_id: document}}``): every table but
    dossiers and the change log, which a one-record change should not have to read whole."""
    return tx.small_tables


def _first(table: Mapping[str, Any]) -> dict[str, Any]:
    return next(iter(table.values()), {})


def today_of(raw: Mapping[str, Any], store: Store) -> date:
    """The store's "as of" date (the demo's pinned day), else (or when the app switched to today:
    ``Store.follow_clock``) the store's clock, so that a form's default day is never "after today"."""
    if store.follow_clock:
        return store.clock()
    as_of = _first(raw.get(META_TABLE, {})).get("as_of")
    return parse_date(as_of) if as_of else store.clock()


def calendar_of(raw: Mapping[str, Any]) -> WorkingCalendar:
    """The working calendar with the store's overrides."""
    return WorkingCalendar(CalendarDay.from_doc(doc) for doc in raw.get("calendar", {}).values())


def load(tx: Transaction, table: str, key: str) -> Any:
    """The record ``key`` of ``table``, or ``NotFoundError``."""
    doc = tx.get(table, key)
    if doc is None:
        raise NotFoundError(table, key, Fault("p_no_such", what=_singular(table)))
    return TABLE_MODELS[table].from_doc(dict(doc))


def _singular(table: str) -> str:
    return {"staff": "member of staff", "plan_tasks": "task", "dossiers": "dossier"}.get(table, table.rstrip("s"))


def raise_problems(what: str, problems: list[Problem]) -> None:
    """Raise one ``ValidationError`` with every problem: the first per field, in the model's field order
    (``what`` starts with the table's name)."""
    if not problems:
        return
    model = TABLE_MODELS.get(what.split(" ", 1)[0])
    order = {name: i for i, name in enumerate(field_types(model))} if model else {}
    unique: dict[str, str] = {}
    for name, message in problems:
        unique.setdefault(name, message)
    ranked = sorted(unique.items(), key=lambda item: order.get(item[0], len(order)))
    raise ValidationError(what, ranked)


# -- describing changes -----------------------------------------------------------------------------


def show(value: Any, limit: int = 60) -> str:
    """A stored value as a user reads it: dd/mm/yyyy dates, lists joined, "—" for nothing; a code (``open``,
    ``yes``) is a ``Term``, shown by its label in the reader's language."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, date):
        return format_vn(value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return format_vn(parse_date(value))
    if isinstance(value, bool):
        return Term("yes" if value else "no")
    if isinstance(value, list):
        text = ", ".join(show(v, limit) for v in value)
    elif isinstance(value, dict):
        text = " ".join(show(v, limit) for v in value.values())
    elif isinstance(value, str) and _CODE_WORD.fullmatch(value):
        return Term(value)
    else:
        text = visible(str(value), one_line=True)  # a confirmation line, a log summary: one line, inert
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CODE_WORD = re.compile(r"[a-z][a-z_]{1,30}")
"""A stored code word (a status, an outcome): worth looking up in the catalogue."""


def describe_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """``"status: open → closed; likelihood: 4 → 2"``: the fields that differ (a ``Joined``: its ``str`` is
    the English of the change log, ``text(lang)`` names the fields and codes in the reader's language)."""
    parts: list[object] = []
    gone = [name for name in old if name not in new]  # an optional fact cleared back to unknown is not stored
    for name, after in [*new.items(), *((name, None) for name in gone)]:
        before = old.get(name)
        if before == after or (before in (None, "", []) and after in (None, "", [])):
            continue
        field = Term(name, "f_")
        if isinstance(before, list) and isinstance(after, list) and all(isinstance(v, str) for v in before + after):
            added = [v for v in after if v not in before]
            removed = [v for v in before if v not in after]
            delta = [f"+{v}" for v in added] + [f"-{v}" for v in removed]
            parts.append(Fault("ch_value", name=field, value=show(delta) if delta else Fault("ch_reordered")))
        elif isinstance(after, list) and isinstance(before, list | None) and len(after) > len(before or []):
            parts.append(Fault("ch_value", name=field, value="+" + show(after[len(before or []) :])))
        else:
            parts.append(Fault("ch_change", name=field, before=show(before), after=show(after)))
    return Joined(parts) if parts else ""


def describe_new(doc: Mapping[str, Any], skip: Iterable[str] = ()) -> str:
    """The non-empty fields of a new record: ``"name: …; kind: tthc; unit: Văn phòng"``."""
    skipped = set(skip)
    parts = [f"{name}: {show(value, 40)}" for name, value in doc.items() if name not in skipped]
    parts = [p for p in parts if not p.endswith(": —")]
    text = "; ".join(parts)
    return text if len(text) <= 200 else text[:199] + "…"
