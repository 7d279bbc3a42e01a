"""Reading the service-index facts as people and exports write them: yes / no / unknown, the online level.

An unknown fact stays ``None`` and is never read as "no": the index leaves an unknown dossier out of an
indicator rather than counting it against the agency. One-stop-shop exports write payment and
digitisation as states ("Đã thanh toán", "Chưa số hóa", "Tái sử dụng"), the level as "Toàn trình".
"""

from __future__ import annotations

from qms_tui.domain.models import ONLINE_SERVICES
from qms_tui.domain.problems import Fault
from qms_tui.domain.vocabulary import fold

UNKNOWN_WORDS = frozenset({"", "unknown", "?", "khong ro", "chua ro", "chua xac dinh", "n a", "na"})
YES_WORDS = frozenset({
    "1", "true", "yes", "y", "x", "co", "da", "dung",
    "da thanh toan", "thanh toan truc tuyen", "da thanh toan truc tuyen", "truc tuyen",
    "da so hoa", "duoc so hoa", "so hoa", "tai su dung", "co so hoa",
    "ket qua dien tu", "co ket qua dien tu", "da cap ket qua dien tu", "co phi", "co thu phi", "thu phi",
})
NO_WORDS = frozenset({
    "0", "false", "no", "n", "khong", "chua",
    "chua thanh toan", "cho thanh toan", "thanh toan truc tiep", "truc tiep", "khong thanh toan truc tuyen",
    "chua so hoa", "khong so hoa", "khong co ket qua dien tu", "ket qua giay", "khong phi", "khong thu phi",
    "mien phi", "khong co phi",
})

SERVICE_WORDS: dict[str, str] = {
    "info only": "info_only", "info_only": "info_only", "information": "info_only", "thong tin": "info_only",
    "cung cap thong tin": "info_only", "dich vu cong cung cap thong tin": "info_only",
    "muc do 1": "info_only", "muc do 2": "info_only", "muc 1": "info_only", "muc 2": "info_only",
    "partial": "partial", "partly online": "partial", "mot phan": "partial", "truc tuyen mot phan": "partial",
    "dich vu cong truc tuyen mot phan": "partial", "dvc truc tuyen mot phan": "partial", "dvctt mot phan": "partial",
    "muc do 3": "partial", "muc 3": "partial",
    "full": "full", "fully online": "full", "toan trinh": "full", "truc tuyen toan trinh": "full",
    "dich vu cong truc tuyen toan trinh": "full", "dvc truc tuyen toan trinh": "full", "dvctt toan trinh": "full",
    "muc do 4": "full", "muc 4": "full",
}
"""Folded spelling -> online service level (the old levels 1-2 are information, 3 partly, 4 fully online)."""


def flag_from_text(text: str) -> bool | None:
    """``True``/``False``, or ``None`` for unknown ("", "unknown", "chưa rõ"); raises ``ValueError``."""
    folded = fold(str(text))
    if folded in UNKNOWN_WORDS or str(text).strip() == "?":
        return None
    if folded in YES_WORDS:
        return True
    if folded in NO_WORDS:
        return False
    raise ValueError(Fault("p_not_yes_no_unknown", value=repr(str(text).strip())))


def service_from_text(text: str) -> str | None:
    """The online service level a user or an export means (``None``: unknown); raises ``ValueError``."""
    folded = fold(str(text))
    if folded in UNKNOWN_WORDS:
        return None
    level = SERVICE_WORDS.get(folded) or SERVICE_WORDS.get(folded.replace(" ", "_"))
    if level is None:
        raise ValueError(Fault("p_not_service_level", value=repr(str(text).strip()), levels=", ".join(ONLINE_SERVICES)))
    return level


def count_from_text(text: str) -> int | None:
    """A number of supplement requests (``None``: unknown); raises ``ValueError``."""
    folded = fold(str(text))
    if folded in UNKNOWN_WORDS:
        return None
    try:
        number = int(float(str(text).strip().replace(",", ".")))
    except ValueError:
        raise ValueError(Fault("p_not_supplements", value=repr(str(text).strip()))) from None
    if not 0 <= number <= 99:
        raise ValueError(Fault("p_supplements_range", n=number))
    return number


FEEDBACK_KIND_WORDS: dict[str, str] = {
    "complaint": "complaint", "khieu nai": "complaint", "phan anh": "complaint", "to cao": "complaint",
    "suggestion": "suggestion", "kien nghi": "suggestion", "gop y": "suggestion", "de nghi": "suggestion",
    "hoi": "suggestion", "praise": "praise", "khen": "praise", "khen ngoi": "praise", "cam on": "praise",
}
"""Folded spelling -> feedback kind (phản ánh is a complaint about how a dossier was handled)."""


def feedback_kind_from_text(text: str) -> str:
    """The kind a user means; other text is returned as typed, for the model to refuse with the choices."""
    return FEEDBACK_KIND_WORDS.get(fold(str(text)), str(text).strip())


FEEDBACK_CHANNEL_WORDS: dict[str, str] = {
    "direct": "direct", "truc tiep": "direct", "tai bo phan mot cua": "direct", "tai quay": "direct",
    "phone": "phone", "dien thoai": "phone", "duong day nong": "phone", "hotline": "phone",
    "email": "email", "e mail": "email", "thu dien tu": "email",
    "portal": "portal", "cong dich vu cong": "portal", "cong dvc": "portal", "truc tuyen": "portal",
    "he thong pakn": "portal", "cong thong tin dien tu": "portal", "online": "portal",
    "letter": "letter", "van ban": "letter", "thu": "letter", "cong van": "letter", "buu chinh": "letter",
    "don thu": "letter", "other": "other", "khac": "other",
}
"""Folded spelling -> feedback channel, in the words of a PAKN register (trực tiếp, điện thoại, Cổng DVC …)."""


def feedback_channel_from_text(text: str) -> str:
    """The channel a user means; other text is returned as typed, for the model to refuse with the choices."""
    return FEEDBACK_CHANNEL_WORDS.get(fold(str(text)), str(text).strip())
