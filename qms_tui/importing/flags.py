"""The service-index columns of a dossier list: paid online, digitised, electronic result, supplement requests.

Systems keep payment and digitisation as states ("Đã thanh toán", "Chưa số hóa", "Tái sử dụng"); an empty
cell, or no such column, leaves the fact unknown (``None``), never "no". Without the column the stored value
stays, as for the other columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from qms_tui.domain.flags import count_from_text, flag_from_text
from qms_tui.domain.models import DOSSIER_FLAGS
from qms_tui.importing.table import Table
from qms_tui.services.common import problem_of

if TYPE_CHECKING:
    from qms_tui.importing.mapping import Mapping as ImportMapping

READERS: dict[str, Callable[[str], Any]] = {
    "paid_online": flag_from_text,
    "digitised": flag_from_text,
    "e_result": flag_from_text,
    "supplements": count_from_text,
}


MAPPED_FLAG = {"yes": True, "no": False, "": None}
"""What a ``--mapping`` file's ``[values.paid_online]`` (digitised, e_result) entries may say."""


def read_flag(name: str, text: str, mapping: ImportMapping | None = None) -> Any:
    """One flag cell, a mapping's words first (``"Nộp phí qua Zalo" = "yes"``); raises ``ValueError``."""
    mapped = mapping.value(name, text) if mapping is not None and name != "supplements" else None
    if mapped is not None:
        return MAPPED_FLAG[mapped]
    return READERS[name](text)


def row_flags(
    table: Table, cells: Mapping[str, str], stored: Mapping[str, Any], bad: Callable[[str, object], None],
    mapping: ImportMapping | None = None,
) -> dict[str, Any]:
    """The row's flags: its cells where the file has the column, else the stored dossier's."""
    flags: dict[str, Any] = {}
    for name in DOSSIER_FLAGS:
        if not table.has(name):
            flags[name] = stored.get(name)
            continue
        try:
            flags[name] = read_flag(name, cells.get(name, ""), mapping)
        except ValueError as exc:
            bad(name, problem_of(exc))
    return flags
