"""What every write operation shares: reading user input into model fields, errors, change summaries.

Input may come from CLI options or TUI text fields, so every value may be a string: ``"3"`` for a
likelihood, ``"05/09/2024"`` for a date, ``"NV001, NV002"`` for a list of staff codes. ``coerce`` turns
it into the model's type or says what is wrong, naming the field, so that the message reads
``risks RR-01: likelihood: 'x' is not a whole number``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from qms_tui.domain.calendar import WorkingCalendar
from qms_tui.domain.dates import format_vn, parse_date
from qms_tui.domain.flags import (
    count_from_text,
    feedback_channel_from_text,
    feedback_kind_from_text,
    flag_from_text,
    service_from_text,
)
from qms_tui.domain.models import (
    OBJECTIVE_MEASURES,
    PROCEDURE_KINDS,
    PROCEDURE_STATUSES,
    RISK_KINDS,
    RISK_STATUSES,
    TABLE_MODELS,
    TASK_STATUSES,
    CalendarDay,
    Record,
)
from qms_tui.domain.safety import visible
from qms_tui.domain.textcheck import text_value_problem
from qms_tui.domain.vocabulary import channel_from_text, choice_from_text, fold, outcome_from_text
from qms_tui.store import META_TABLE, Store, Transaction, ValidationError

Problem = tuple[str, str]

CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("procedures", "kind"): PROCEDURE_KINDS,
    ("procedures", "status"): PROCEDURE_STATUSES,
    ("risks", "kind"): RISK_KINDS,
    ("risks", "status"): RISK_STATUSES,
    ("plan_tasks", "status"): TASK_STATUSES,
    ("objectives", "measure"): OBJECTIVE_MEASURES,
}
"""Fields with a fixed set of values: "Under revision" is read as ``under_revision``."""

FLAG_READERS: dict[tuple[str, str], Any] = {
    ("procedures", "online_service"): service_from_text,
    ("procedures", "fee"): flag_from_text,
    ("dossiers", "paid_online"): flag_from_text,
    ("dossiers", "digitised"): flag_from_text,
    ("dossiers", "e_result"): flag_from_text,
    ("dossiers", "supplements"): count_from_text,
    ("feedback", "satisfied"): flag_from_text,
    ("feedback", "kind"): feedback_kind_from_text,
    ("feedback", "channel"): feedback_channel_from_text,
}
"""The service-index facts: "unknown" (or empty) reads as ``None``, Vietnamese words as the system writes them."""

CODE_LISTS = frozenset({"attendees", "procedures", "legal_basis"})
"""List fields of codes, which may also be typed as one comma-separated value."""

_TRUE = {"1", "true", "yes", "y", "co", "x", "effective"}
_FALSE = {"0", "false", "no", "n", "khong", "not effective"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class NotFoundError(ValidationError):
    """The record to change does not exist (exit code 1, like any invalid input)."""

    def __init__(self, table: str, key: str, message: str | None = None) -> None:
        self.what = f"{table} {key}"
        self.problems = [(TABLE_MODELS[table].KEY, message or "no such record")]
        Exception.__init__(self, f"{table} {key}: {message or 'no such record'}")


@dataclass
class EditResult:
    """What a write did: the record as stored, a one-line summary (as logged), whether anything changed."""

    table: str
    record: Any
    summary: str
    changed: bool = True

    def __str__(self) -> str:
        return f"{self.table} {self.record.key}: {self.summary if self.changed else 'nothing changed'}"


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
        super().__init__(what, [(c.field, f"was changed meanwhile to {show(c.theirs)}") for c in conflicts])
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


def field_types(model: type[Record]) -> dict[str, str]:
    """Field name -> its annotation as written (``"int | None"``, ``"list[str]"``, ...)."""
    return {f.name: str(f.type) for f in dataclasses.fields(model)}  # type: ignore[arg-type]


def coerce(table: str, name: str, value: Any) -> Any:
    """``value`` as the type of ``table``'s field ``name``; raises ``ValueError`` with a user message."""
    model = TABLE_MODELS[table]
    kind = field_types(model)[name]
    optional = "None" in kind
    for text in [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []:
        if isinstance(text, str) and not _is_utf8(text):
            raise ValueError(f"{text!r} is not valid text (the terminal did not send UTF-8)")
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.strip())  # "Hồ" typed decomposed is the same "Hồ"
    elif isinstance(value, list | tuple):
        value = [unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in value]
    if (table, name) in FLAG_READERS and not isinstance(value, bool | int):
        return FLAG_READERS[(table, name)](str(value))
    if value is None or value == "":
        if optional or name in model.DATE_FIELDS:
            return None
        if kind.startswith("list"):
            return []
        if kind == "str":
            return ""
        raise ValueError("is required")
    if name in model.DATE_FIELDS:
        return parse_date(value) if not isinstance(value, date) else value
    if kind.startswith("bool"):
        return _bool(value)
    if kind.startswith("int"):
        return _int(value)
    if kind.startswith("float"):
        return _float(value)
    if kind.startswith("list[str]"):
        return _list(value, split=name in CODE_LISTS)
    if kind.startswith("list"):
        return list(value)
    text = str(value)
    if table == "dossiers" and name == "channel":
        return channel_from_text(text)
    if table == "dossiers" and name == "outcome":
        return outcome_from_text(text)
    if (table, name) in CHOICES:
        return choice_from_text(text, CHOICES[(table, name)])
    return text


def coerce_all(table: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Coerce every given field; a value that cannot be read is left out and reported."""
    known = field_types(TABLE_MODELS[table])
    result: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in values.items():
        if name not in known:
            problems.append((name, "is not a field of " + table))
            continue
        try:
            result[name] = coerce(table, name, value)
        except ValueError as exc:
            problems.append((name, str(exc)))
            continue
        refused = text_value_problem(TABLE_MODELS[table], name, result[name])  # the door: no control text
        if refused:
            problems.append((name, refused))
    return result, problems


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: bytes from argv that were not UTF-8
        return False
    return True


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    folded = fold(str(value))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(f"{value!r} is not yes or no")


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a whole number") from None


def _float(value: Any) -> float | int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return value
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None
    return int(number) if number.is_integer() else number


def _list(value: Any, *, split: bool) -> list[str]:
    items = [value] if isinstance(value, str) else list(value)
    result: list[str] = []
    for item in items:
        parts = str(item).split(",") if split else [str(item)]
        result.extend(part.strip() for part in parts if part.strip())
    return result


def parse_day(what: str, name: str, value: date | str | None, default: date) -> date:
    """A date option (``--date``): ``default`` when not given; a ``ValidationError`` naming ``name``."""
    if value is None or value == "":
        return default
    if isinstance(value, date):
        return value
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValidationError(what, [(name, str(exc))]) from None


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
        raise NotFoundError(table, key, f"no such {_singular(table)}")
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
    """A stored value as a user reads it: dd/mm/yyyy dates, lists joined, "—" for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, date):
        return format_vn(value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return format_vn(parse_date(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        text = ", ".join(show(v, limit) for v in value)
    elif isinstance(value, dict):
        text = " ".join(show(v, limit) for v in value.values())
    else:
        text = visible(str(value), one_line=True)  # a confirmation line, a log summary: one line, inert
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """``"status: open → closed; likelihood: 4 → 2"``: the fields that differ."""
    parts = []
    gone = [name for name in old if name not in new]  # an optional fact cleared back to unknown is not stored
    for name, after in [*new.items(), *((name, None) for name in gone)]:
        before = old.get(name)
        if before == after or (before in (None, "", []) and after in (None, "", [])):
            continue
        if isinstance(before, list) and isinstance(after, list) and all(isinstance(v, str) for v in before + after):
            added = [v for v in after if v not in before]
            removed = [v for v in before if v not in after]
            delta = [f"+{v}" for v in added] + [f"-{v}" for v in removed]
            parts.append(f"{name}: {show(delta) if delta else 'reordered'}")
        elif isinstance(after, list) and isinstance(before, list | None) and len(after) > len(before or []):
            parts.append(f"{name}: +{show(after[len(before or []) :])}")
        else:
            parts.append(f"{name}: {show(before)} → {show(after)}")
    return "; ".join(parts)


def describe_new(doc: Mapping[str, Any], skip: Iterable[str] = ()) -> str:
    """The non-empty fields of a new record: ``"name: …; kind: tthc; unit: Văn phòng"``."""
    skipped = set(skip)
    parts = [f"{name}: {show(value, 40)}" for name, value in doc.items() if name not in skipped]
    parts = [p for p in parts if not p.endswith(": —")]
    text = "; ".join(parts)
    return text if len(text) <= 200 else text[:199] + "…"
