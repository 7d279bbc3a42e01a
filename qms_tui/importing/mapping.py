"""``--mapping FILE``: the words of a system nobody foresaw, as a small TOML or JSON file.

::

    # mapping.toml
    [columns]                        # header in the file = what it means
    "Số HS điện tử" = "code"
    "Ngày nhận HS" = "received"
    "Người ký" = "ignore"
    "Người nộp đơn" = "personal"     # applicant data: never read

    [values.channel]                 # per column: value in the file = canonical value
    "Nộp qua Zalo" = "online"
    [values.outcome]
    "Đã ký số" = "resolved"
    "Hủy" = "not_received"           # not a received dossier: the row is skipped
    "Chờ ký" = ""                    # still open
    [values.paid_online]             # also digitised, e_result: yes, no or "" (unknown)
    "Nộp phí qua ví điện tử" = "yes"

Headers and values are matched folded (case, accents and spacing do not matter); the file's entries
win over the built-in words. JSON has the same shape (``{"columns": {...}, "values": {...}}``).
"""

from __future__ import annotations

import json
from dataclasses import field
from pathlib import Path

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import CHANNELS, OUTCOMES
from qms_tui.domain.problems import Fault
from qms_tui.domain.vocabulary import fold
from qms_tui.importing.problems import CsvError
from qms_tui.importing.sniff import read_bounded
from qms_tui.importing.table import IGNORE, PERSONAL, header_key
from qms_tui.importing.wording import FIELD_NAMES, NOT_RECEIVED, ONLINE_LEVELS

MAX_MAPPING_BYTES = 1024 * 1024

VALUE_TARGETS: dict[str, tuple[str, ...]] = {
    "channel": CHANNELS,
    "outcome": (*OUTCOMES, "", NOT_RECEIVED),
    "online_level": (*ONLINE_LEVELS, ""),
    "paid_online": ("yes", "no", ""),
    "digitised": ("yes", "no", ""),
    "e_result": ("yes", "no", ""),
}
"""Columns whose values a mapping may translate, and the canonical values allowed."""


@dataclass
class Mapping:
    """Folded header -> alias target, and per field folded value -> canonical value."""

    file: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def value(self, name: str, text: str) -> str | None:
        """The canonical value the mapping gives ``text`` in column ``name``, else ``None``."""
        table = self.values.get(name)
        return table.get(fold(text)) if table else None


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file; ``CsvError`` names the file and the entry that is wrong."""
    file = str(path)
    raw = read_bounded(path, MAX_MAPPING_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError(Fault("map_not_utf8", file=file)) from None
    import tomllib  # only with a mapping file: start-up time of one-shot imports

    try:
        data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CsvError(Fault("map_not_toml", file=file, why=str(exc))) from None
    if not isinstance(data, dict) or not set(data) <= {"columns", "values"}:
        raise CsvError(Fault("map_sections", file=file))
    mapping = Mapping(file)
    columns = data.get("columns", {})
    if not isinstance(columns, dict):
        raise CsvError(Fault("map_columns_table", file=file))
    targets = (*FIELD_NAMES, "personal", "ignore")
    for header, target in columns.items():
        if not isinstance(target, str) or target not in targets:
            raise CsvError(Fault("map_bad_column", file=file, header=repr(header), target=repr(target),
                                     targets=", ".join(targets)))
        mapping.columns[header_key(header)] = {"personal": PERSONAL, "ignore": IGNORE}.get(target, target)
    values = data.get("values", {})
    if not isinstance(values, dict):
        raise CsvError(Fault("map_values_table", file=file))
    for name, table in values.items():
        allowed = VALUE_TARGETS.get(name)
        if allowed is None:
            raise CsvError(Fault("map_bad_values_name", file=file, name=repr(name), names=", ".join(VALUE_TARGETS)))
        if not isinstance(table, dict):
            raise CsvError(Fault("map_values_of", file=file, name=name))
        for text, canonical in table.items():
            if canonical not in allowed:
                shown = ", ".join(repr(a) if a == "" else a for a in allowed)
                raise CsvError(Fault("map_bad_value", file=file, name=name, text=repr(text), value=repr(canonical),
                                     allowed=shown))
            mapping.values.setdefault(name, {})[fold(text)] = canonical
    return mapping
