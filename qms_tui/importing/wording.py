"""The one-stop-shop systems' own words: column names, statuses, channels and service levels.

What provincial systems and the national portal write (DOMAIN.md; read from their public code and
exports) is mapped to the app's canonical values. Everything is matched folded (``vocabulary.fold``:
case, accents, punctuation and spacing do not matter), so "TRỰC TUYẾN TOÀN TRÌNH" = "Truc tuyen toan trinh".

Statuses in the systems' order of a dossier's life:

- not a received dossier, the row is skipped: "Không được tiếp nhận" (refused at the desk);
- still open: "Mới đăng ký", "Mới tiếp nhận", "Được tiếp nhận", "Chờ xử lý", "Đang xử lý",
  "Yêu cầu bổ sung giấy tờ", "Chờ bổ sung", "Yêu cầu thực hiện nghĩa vụ tài chính", "Tạm dừng";
- resolved: "Đã xử lý xong", "Chờ trả kết quả", "Đã trả kết quả", "Trả kết quả đúng hạn / trước hạn /
  quá hạn";
- withdrawn: "Rút hồ sơ", "Công dân yêu cầu rút hồ sơ";
- returned (ended without a result): "Trả lại hồ sơ", "Từ chối xử lý", "Từ chối giải quyết",
  "Dừng xử lý" (processing stopped for good, e.g. a supplement never came).
"""

from __future__ import annotations

import re
from functools import lru_cache

from qms_tui.domain.problems import Fault
from qms_tui.domain.vocabulary import channel_from_text, fold, outcome_from_text
from qms_tui.importing.table import PERSONAL, WEAK

NOT_RECEIVED = "not_received"
"""The status of a row that is not a received dossier: skipped, and counted in the import's note."""

HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "code": ("code", "Mã hồ sơ", "Số hồ sơ", "Mã HS", "Số biên nhận", "Mã số hồ sơ", "Mã hồ sơ điện tử",
             "Mã biên nhận"),
    "procedure": ("procedure", "Mã thủ tục", "Mã quy trình", "Mã TTHC", "Mã thủ tục hành chính", "Mã số TTHC",
                  "Mã số thủ tục"),
    "procedure_name": ("procedure_name", "Tên thủ tục hành chính", "Tên thủ tục", "Thủ tục", "Thủ tục hành chính",
                       "Tên TTHC", "TTHC"),
    "channel": ("channel", "Hình thức nộp", "Kênh", "Kênh nộp", "Hình thức tiếp nhận", "Hình thức nộp hồ sơ",
                "Kênh tiếp nhận", "Hình thức"),
    "received": ("received", "Ngày tiếp nhận", "Ngày nhận", "Ngày nhận hồ sơ", "Ngày tiếp nhận hồ sơ",
                 "Thời gian tiếp nhận", "Ngày giờ tiếp nhận"),
    "due": ("due", "Ngày hẹn trả", "Ngày hẹn trả kết quả", "Hạn xử lý", "Hạn giải quyết", "Ngày hẹn",
            "Hạn trả kết quả", "Thời gian hẹn trả"),
    "finished": ("finished", "Ngày trả kết quả", "Ngày hoàn thành", "Ngày trả", "Ngày trả KQ",
                 "Thời gian trả kết quả"),
    "outcome": ("outcome", "Kết quả", "Trạng thái", "Tình trạng", "Kết quả giải quyết", "Trạng thái hồ sơ",
                "Tình trạng hồ sơ", "Trạng thái xử lý"),
    "pauses": ("pauses", "Tạm dừng", "Thời gian tạm dừng", "Yêu cầu bổ sung", "Bổ sung"),
    "status_date": ("status_date", "Ngày cập nhật", "Ngày cập nhật trạng thái", "Thời gian cập nhật",
                    "Ngày rút hồ sơ", "Ngày rút", "Ngày trả lại", "Ngày trả lại hồ sơ", "Ngày từ chối",
                    "Ngày dừng xử lý"),
    "online_level": ("online_level", "Mức độ", "Mức độ DVC", "Mức độ dịch vụ công", "Mức độ DVCTT",
                     "Mức độ dịch vụ công trực tuyến"),
    "paid_online": ("paid_online", "Thanh toán trực tuyến", "Đã thanh toán trực tuyến", "Hình thức thanh toán",
                    "Trạng thái thanh toán", "Thanh toán", "Thanh toán phí, lệ phí trực tuyến",
                    "Tình trạng thanh toán", "Phương thức thanh toán", "Thanh toán phí trực tuyến",
                    "Thanh toán qua DVC"),
    "digitised": ("digitised", "Số hóa", "Số hoá", "Trạng thái số hóa", "Đã số hóa", "Số hóa hồ sơ",
                  "Tình trạng số hóa", "Số hóa thành phần hồ sơ", "Số hóa hồ sơ và kết quả", "Số hóa TPHS"),
    "e_result": ("e_result", "Kết quả điện tử", "Có kết quả điện tử", "Trả kết quả điện tử",
                 "Số hóa kết quả", "Kết quả bản điện tử", "Cấp kết quả điện tử", "Kết quả giải quyết điện tử",
                 "Trả kết quả bản điện tử"),
    "supplements": ("supplements", "Số lần bổ sung", "Số lần yêu cầu bổ sung", "Lần bổ sung",
                    "Số lần YCBS", "Số lần bổ sung hồ sơ", "Số lần yêu cầu bổ sung hồ sơ"),
    WEAK + "received": ("Ngày nộp", "Ngày nộp hồ sơ", "Ngày đăng ký", "Thời gian nộp"),
    WEAK + "finished": ("Ngày có kết quả", "Ngày kết thúc xử lý", "Ngày kết thúc", "Ngày xử lý xong",
                        "Ngày hoàn thành xử lý"),
    PERSONAL: ("Chủ hồ sơ", "Người nộp", "Người nộp hồ sơ", "Tên người nộp", "Tên tổ chức, cá nhân",
               "Tổ chức, cá nhân", "Tên tổ chức/cá nhân", "Tổ chức/cá nhân", "Tên công dân", "Công dân",
               "Họ và tên", "Họ tên", "Người đứng tên", "Tên doanh nghiệp", "Người đại diện", "Người liên hệ",
               "Số CMND", "CMND", "CCCD", "Số CCCD", "Số CMND/CCCD", "CMND/CCCD", "Số định danh",
               "Số định danh cá nhân", "Số giấy tờ", "Số giấy tờ tùy thân", "Hộ chiếu", "Số hộ chiếu",
               "Ngày sinh", "Giới tính", "Địa chỉ", "Địa chỉ liên hệ", "Địa chỉ thường trú", "Nơi cư trú",
               "Số điện thoại", "Điện thoại", "SĐT", "Số ĐT", "Di động", "Email", "E-mail", "Thư điện tử"),
}
"""Each field's column names; matched with ``table.header_key``."""

FIELD_NAMES = ("code", "procedure", "procedure_name", "channel", "received", "due", "finished", "outcome",
               "pauses", "status_date", "online_level", "paid_online", "digitised", "e_result", "supplements")
"""What a column can mean (``--mapping`` targets, with ``personal`` and ``ignore``)."""

OPEN_STATUSES = ("moi dang ky", "moi tiep nhan", "duoc tiep nhan", "da tiep nhan", "cho tiep nhan", "cho xu ly",
                 "dang xu ly", "dang giai quyet", "yeu cau bo sung giay to", "yeu cau bo sung", "cho bo sung",
                 "dang cho bo sung", "bo sung ho so", "yeu cau thuc hien nghia vu tai chinh",
                 "cho thuc hien nghia vu tai chinh", "cho thanh toan", "tam dung", "tam dung xu ly", "chuyen xu ly",
                 "dang tham dinh", "cho phe duyet", "dang phe duyet", "cho ky duyet")
STATUS_WORDS: dict[str, str | None] = {
    **dict.fromkeys(OPEN_STATUSES, None),
    **dict.fromkeys(("khong duoc tiep nhan", "khong tiep nhan", "tu choi tiep nhan"), NOT_RECEIVED),
    **dict.fromkeys(("da xu ly xong", "xu ly xong", "cho tra ket qua", "da co ket qua", "co ket qua",
                     "da tra ket qua", "tra ket qua", "tra ket qua dung han", "tra ket qua truoc han",
                     "tra ket qua qua han", "tra ket qua tre han", "hoan thanh", "da hoan thanh"), "resolved"),
    **dict.fromkeys(("rut ho so", "da rut ho so", "cong dan yeu cau rut ho so", "yeu cau rut ho so",
                     "to chuc ca nhan rut ho so", "cong dan rut ho so", "da rut"), "withdrawn"),
    **dict.fromkeys(("tra lai ho so", "da tra lai ho so", "tra lai", "tu choi xu ly", "tu choi giai quyet",
                     "tu choi", "dung xu ly", "da dung xu ly", "khong du dieu kien"), "returned"),
}
"""Folded status -> outcome (``None``: still open; ``NOT_RECEIVED``: not a dossier)."""

_STATUS_PREFIXES = (("tra ket qua ", "resolved"), ("da tra ket qua ", "resolved"), ("da giai quyet ", "resolved"),
                    ("dang xu ly ", None), ("dang giai quyet ", None), ("cho bo sung ", None),
                    ("yeu cau bo sung ", None))

CHANNEL_LEVELS: dict[str, tuple[str, str | None]] = {
    "truc tuyen toan trinh": ("online", "full"),
    "dich vu cong truc tuyen toan trinh": ("online", "full"),
    "dvc truc tuyen toan trinh": ("online", "full"),
    "dvctt toan trinh": ("online", "full"),
    "toan trinh": ("online", "full"),
    "truc tuyen muc do 4": ("online", "full"),
    "muc do 4": ("online", "full"),
    "truc tuyen mot phan": ("online", "partial"),
    "dich vu cong truc tuyen mot phan": ("online", "partial"),
    "dvc truc tuyen mot phan": ("online", "partial"),
    "dvctt mot phan": ("online", "partial"),
    "mot phan": ("online", "partial"),
    "truc tuyen muc do 3": ("online", "partial"),
    "muc do 3": ("online", "partial"),
    "nop truc tiep tai bo phan mot cua": ("direct", None),
    "truc tiep tai bo phan mot cua": ("direct", None),
    "nop tai bo phan mot cua": ("direct", None),
    "bo phan mot cua": ("direct", None),
    "qua dich vu buu chinh cong ich": ("postal", None),
    "qua buu chinh cong ich": ("postal", None),
    "nop qua buu chinh cong ich": ("postal", None),
    "nop qua buu chinh": ("postal", None),
    "bcci": ("postal", None),
    "dich vu bcci": ("postal", None),
    "qua bcci": ("postal", None),
}
"""Folded channel -> (channel, online service level)."""

LEVEL_WORDS: dict[str, str | None] = {
    "full": "full", "toan trinh": "full", "truc tuyen toan trinh": "full", "muc do 4": "full", "4": "full",
    "dich vu cong truc tuyen toan trinh": "full",
    "partial": "partial", "mot phan": "partial", "truc tuyen mot phan": "partial", "muc do 3": "partial",
    "3": "partial", "dich vu cong truc tuyen mot phan": "partial",
    "": None, "khac": None, "khong": None, "muc do 2": None, "2": None, "muc do 1": None, "1": None,
}
"""Folded online service level -> ``full`` / ``partial`` (``None``: not an online service, or unknown)."""

ONLINE_LEVELS = ("partial", "full")

_NATIONAL_CODE = re.compile(r"^\s*(\d\.\d{6})(?:\.[0-9A-Za-z.]*)?\s*$")


@lru_cache(maxsize=1024)
def status_from_text(text: str) -> str | None:
    """The outcome a system's status means (``None``: open; ``NOT_RECEIVED``); raises ``ValueError``."""
    folded = fold(text)
    if folded in STATUS_WORDS:
        return STATUS_WORDS[folded]
    for prefix, outcome in _STATUS_PREFIXES:
        if folded.startswith(prefix):
            return outcome
    return outcome_from_text(text)


@lru_cache(maxsize=1024)
def channel_and_level(text: str) -> tuple[str, str | None]:
    """(channel, online service level) a system's channel means; raises ``ValueError``."""
    found = CHANNEL_LEVELS.get(fold(text))
    if found is not None:
        return found
    return channel_from_text(text), None


@lru_cache(maxsize=1024)
def level_from_text(text: str) -> str | None:
    """``full``/``partial``/``None`` from a service-level cell; raises ``ValueError``."""
    folded = fold(text)
    if folded in LEVEL_WORDS:
        return LEVEL_WORDS[folded]
    if folded in CHANNEL_LEVELS:
        return CHANNEL_LEVELS[folded][1]
    raise ValueError(Fault("imp_not_a_level", value=repr(text.strip())))


def national_code(text: str) -> str | None:
    """``2.000477`` from ``2.000477``, ``2.000477.000.00.00.H56`` or ``2.002621.H56``; ``None`` otherwise."""
    match = _NATIONAL_CODE.match(text)
    return match[1] if match else None
