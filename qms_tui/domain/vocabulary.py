"""The words users and one-stop-shop exports use for channels, outcomes and column names.

Vietnamese systems export the same thing under many spellings ("Trực tuyến", "TRỰC TUYẾN", "Truc tuyen",
"Dịch vụ bưu chính công ích"). Everything here is matched on a *folded* form: lower case, accents and
punctuation removed, "đ" read as "d", runs of spaces collapsed. Pure Python, shared by the CSV importer,
the CLI and the TUI forms.
"""

from __future__ import annotations

import re

from qms_tui.domain.models import CHANNELS, OUTCOMES
from qms_tui.domain.problems import Fault
from qms_tui.domain.text import fold as text_fold

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """``"Mã hồ sơ (*)"`` -> ``"ma ho so"``: ``text.fold`` with punctuation removed too."""
    return _NOT_ALNUM.sub(" ", text_fold(text)).strip()


CHANNEL_WORDS: dict[str, str] = {
    "online": "online",
    "truc tuyen": "online",
    "nop truc tuyen": "online",
    "dich vu cong truc tuyen": "online",
    "dvc truc tuyen": "online",
    "qua mang": "online",
    "direct": "direct",
    "truc tiep": "direct",
    "nop truc tiep": "direct",
    "tai bo phan mot cua": "direct",
    "postal": "postal",
    "buu chinh": "postal",
    "qua buu chinh": "postal",
    "buu chinh cong ich": "postal",
    "dich vu buu chinh": "postal",
    "dich vu buu chinh cong ich": "postal",
    "bcci": "postal",
    "unknown": "unknown",
    "khong ro": "unknown",
    "chua ro": "unknown",
}
"""Folded spelling -> channel."""

_OPEN = None
OUTCOME_WORDS: dict[str, str | None] = {
    "": _OPEN,
    "in progress": _OPEN,
    "pending": _OPEN,
    "open": _OPEN,
    "dang giai quyet": _OPEN,
    "dang xu ly": _OPEN,
    "chua giai quyet": _OPEN,
    "chua xu ly": _OPEN,
    "cho bo sung": _OPEN,
    "dang cho bo sung": _OPEN,
    "resolved": "resolved",
    "da giai quyet": "resolved",
    "da tra ket qua": "resolved",
    "da xu ly": "resolved",
    "hoan thanh": "resolved",
    "da hoan thanh": "resolved",
    "co ket qua": "resolved",
    "withdrawn": "withdrawn",
    "rut ho so": "withdrawn",
    "rut": "withdrawn",
    "da rut": "withdrawn",
    "da rut ho so": "withdrawn",
    "cong dan rut ho so": "withdrawn",
    "to chuc ca nhan rut ho so": "withdrawn",
    "returned": "returned",
    "tra lai": "returned",
    "tra lai ho so": "returned",
    "da tra lai": "returned",
    "da tra lai ho so": "returned",
    "khong du dieu kien": "returned",
    "tu choi": "returned",
}
"""Folded spelling -> outcome; ``None`` means still in progress."""

_OUTCOME_PREFIXES: tuple[tuple[str, str | None], ...] = (
    # "Đã giải quyết đúng hạn", "Đã trả kết quả trễ hạn", "Đang giải quyết quá hạn" ...
    ("da giai quyet ", "resolved"),
    ("da tra ket qua ", "resolved"),
    ("dang giai quyet ", None),
    ("dang xu ly ", None),
)


def channel_from_text(text: str) -> str:
    """The channel a user or an export means; raises ``ValueError`` with a user message."""
    channel = CHANNEL_WORDS.get(fold(text))
    if channel is None:
        raise ValueError(Fault("p_not_channel", value=repr(text.strip()),
                                 allowed=", ".join(c for c in CHANNELS if c != "unknown")))
    return channel


def outcome_from_text(text: str) -> str | None:
    """The outcome a user or an export means (``None``: in progress); raises ``ValueError``."""
    folded = fold(text)
    if folded in OUTCOME_WORDS:
        return OUTCOME_WORDS[folded]
    for prefix, outcome in _OUTCOME_PREFIXES:
        if folded.startswith(prefix):
            return outcome
    raise ValueError(Fault("p_not_outcome", value=repr(text.strip()), allowed=", ".join(OUTCOMES)))


def choice_from_text(text: str, allowed: tuple[str, ...]) -> str:
    """``"Under revision"`` -> ``"under_revision"`` when that is one of ``allowed``; else the text as given."""
    wanted = fold(text).replace(" ", "_")
    for value in allowed:
        if value == wanted:
            return value
    return text.strip()
