"""The TUI's words in its session language: ``tr(name, **values)`` over the gettext catalogues.

The words themselves are in ``qms_tui/locale`` (one catalogue for the TUI, the CLI and the reports).
The language is chosen once, when the app starts (``QMS_LANG``), because key descriptions are bound to
classes when their module is imported.
"""

from __future__ import annotations

from collections.abc import Mapping

from qms_tui.domain.fields import field_label
from qms_tui.domain.models import DEMO_FIELDS, TthcField
from qms_tui.i18n import default_lang
from qms_tui.locale import nwords, words

_lang = default_lang()

FIELD_SHORT: dict[str, tuple[str, str]] = {
    "dau_tu": ("Đầu tư", "Invest."),
    "lao_dong": ("Lao động", "Labour"),
    "tai_nguyen_moi_truong": ("TN-MT", "Env."),
    "quy_hoach_xay_dung": ("QH-XD", "Constr."),
    "thuong_mai_xnk": ("TM-XNK", "Trade"),
}
"""Short field names for narrow table columns (the full name is in the search text and detail views)."""


def lang() -> str:
    """The language of this session: ``vi`` or ``en``."""
    return _lang


def set_lang(value: str) -> None:
    """Choose the language for labels rendered from now on (the app calls it once at start)."""
    global _lang
    _lang = value if value in ("vi", "en") else "vi"


def tr(name: str, /, **values: object) -> str:
    """The message ``name`` in this session's language (the gettext catalogues), formatted with ``values``."""
    return words(name, _lang, **values)


def ntr(name: str, n: int, /, **values: object) -> str:
    """The plural message ``name`` for ``n`` in this session's language (``{n}`` filled with ``n``)."""
    return nwords(name, n, _lang, **values)


def field_short(key: str | None, fields: Mapping[str, TthcField] | None = None) -> str:
    """A field's short name for a table column (the demo's five have one; another field shows its name, cut
    by the column); ``—`` when a procedure has no field."""
    if not key:
        return "—"
    pair = FIELD_SHORT.get(key)
    if pair and (fields is None or key not in fields or fields[key].name == DEMO_FIELDS.get(key)):
        return pair[1] if _lang == "en" else pair[0]
    return field_label(key, fields, _lang)
