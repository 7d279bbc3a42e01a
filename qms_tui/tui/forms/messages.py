"""The write services' validation messages in the TUI's language.

The services speak English (the CLI prints their messages as they are); a form shows each message under
its field, in Vietnamese by default. Known messages are matched by pattern; anything else is shown as
the service wrote it, so a new rule is never hidden. A few messages that name CLI options are reworded
in English too.
"""

from __future__ import annotations

import re

from qms_tui.labels import lang

RULES: list[tuple[str, str, str | None]] = [
    # (pattern of the whole message, Vietnamese, English or None to keep it), groups as {0}, {1}
    (r"(?:[\w ]+ )?is required", "bắt buộc phải nhập", None),
    (r"(.+) is not a whole number", "{0} không phải số nguyên", None),
    (r"(.+) is not a number", "{0} không phải là số", None),
    (r"(.+) is not yes or no", "{0} không phải có/không", None),
    (r"(.+) is not a real date \(.*\)", "{0} không phải ngày có thật", None),
    (r"(.+) is not a date: use .*", "{0} không phải ngày: nhập dd/mm/yyyy", "{0} is not a date: type dd/mm/yyyy"),
    (r"(.+) is not a channel: .*", "{0} không phải kênh: trực tuyến, trực tiếp, bưu chính", None),
    (r"must be a whole number from 1 to 5", "phải là số nguyên từ 1 đến 5", None),
    (r"must be empty or a whole number from 1 to 5", "để trống hoặc số nguyên từ 1 đến 5", None),
    (r"must be a non-negative number", "phải là số không âm", None),
    (r"(.+) is not one of (.*)", "{0} không thuộc: {1}", None),
    (r"already exists(?: \(change it with edit\))?", "mã này đã có", "already exists"),
    (r"cannot be changed", "không đổi được", None),
    (r"unknown procedure\(s\): (.*)", "không có quy trình: {0}", None),
    (r"unknown procedure (.+)", "không có quy trình {0}", None),
    (r"unknown staff: (.*)", "không có cán bộ mã: {0}", None),
    (r"unknown legal document\(s\): (.*)", "không có văn bản: {0}", None),
    (r"unknown unit (.+): one of .*", "không có đơn vị {0}", None),
    (r"unknown field (.+?): (?:one of .*|the store has no fields yet.*)", "không có lĩnh vực {0}", None),
    (r"unknown field (.+)", "không có lĩnh vực {0}", None),
    (r"a TTHC procedure needs a field(?:: .*)?", "quy trình TTHC cần có lĩnh vực", None),
    (r"(.+) was retired on (\S+)", "{0} đã ngừng sử dụng từ {1}", None),
    (r"already retired on (\S+)", "đã ngừng sử dụng từ {0}", None),
    (r"(\S+) is already the national code of (\S+)", "mã {0} đã là mã TTHC của {1}", None),
    (r"'(.*)' is already the name of field (\S+)", "'{0}' đã là tên lĩnh vực {1}", None),
    (r"'(.*)': a field code has no spaces, commas or semicolons",
     "mã lĩnh vực không có dấu cách, dấu phẩy, dấu chấm phẩy", None),
    (r"'(.*)' is still the unit of (.*): keep it, or move them first", "đơn vị '{0}' vẫn còn: {1}", None),
    (r"procedures in force are in this field: (.*)", "lĩnh vực còn quy trình đang hiệu lực: {0}", None),
    (r"must not be negative", "không được là số âm", None),
    (r"a TTHC procedure needs 1-365 working days", "quy trình TTHC cần thời hạn 1–365 ngày làm việc", None),
    (r"(\S+) is a (\w+) procedure, not a TTHC", "{0} không phải quy trình TTHC", None),
    (r"(\S+) is retired", "{0} đã hết hiệu lực", None),
    (r"is before the issue date", "trước ngày ban hành", None),
    (r"lists someone twice", "có người bị ghi hai lần", None),
    (r"give both the residual likelihood and the residual impact", "nhập cả khả năng và ảnh hưởng còn lại", None),
    (r"--change/--revised need a new --version", "nội dung và ngày sửa đổi cần một phiên bản mới",
     "a change or a revision date needs a new version"),
    (r"(\S+) is after today \((\S+)\)", "{0} sau ngày hôm nay ({1})", None),
    (r"(\S+) is before (\S+): not a plausible date", "{0} trước {1}: ngày không hợp lý", None),
    (r"(\S+) is more than (\d+) years after today \((\S+)\)", "{0} quá {1} năm sau hôm nay ({2}): ngày không hợp lý",
     None),
    (r"(?:pause|revision|action) (\S+) \w+: (\S+) is before (\S+): not a plausible date",
     "mục {0}: {1} trước {2}: ngày không hợp lý", None),
    (r"(?:pause|revision|action) (\S+) \w+: (\S+) is more than (\d+) years after today \((\S+)\)",
     "mục {0}: {1} quá {2} năm sau hôm nay ({3}): ngày không hợp lý", None),
    (r"(\S+) is before the received date (\S+)", "{0} trước ngày nhận hồ sơ {1}", None),
    (r"(\S+) is before the supplement request \((\S+)\)", "{0} trước ngày yêu cầu bổ sung ({1})", None),
    (r"(\S+) is before the previous supplement \((\S+)\)", "{0} trước lần bổ sung trước ({1})", None),
    (r"already waiting for a supplement since (\S+)", "đang chờ bổ sung từ {0}", None),
    (r"no supplement is awaited \(nothing to resume\)", "hồ sơ không chờ bổ sung", None),
    (r"waiting for a supplement since (\S+): record it first.*", "đang chờ bổ sung từ {0}: ghi nhận bổ sung trước",
     "waiting for a supplement since {0}: record the supplement first"),
    (r"already finished on (\S+) \((\w+)\)", "hồ sơ đã kết thúc ngày {0}", None),
    (r"a finished date and an outcome go together", "ngày kết thúc và kết quả phải đi cùng nhau", None),
    (r"no such .*", "không còn bản ghi này (đã bị xóa?)", None),
    (r"was changed meanwhile to (.*)", "người khác vừa đổi thành {0}", None),
    (r"dossier (\S+) is not late: .*", "hồ sơ {0} không trễ hạn", None),
    (r"(\S+) already has the nonconformity (\S+)", "{0} đã có điểm không phù hợp {1}", None),
    (r"its nonconformities are not all closed: (.*)", "còn điểm không phù hợp chưa đóng: {0}", None),
    (r"(\S+) has not been held yet.*", "cuộc đánh giá {0} chưa được thực hiện",
     "audit {0} has not been held yet"),
    (r"has not been held yet: it cannot be closed", "chưa thực hiện: chưa đóng được", None),
    (r"(\S+) is closed", "{0} đã đóng", None),
    (r"is already closed", "đã đóng rồi", None),
    (r"a (\w+) audit needs the date it was held", "cần nhập ngày thực hiện", None),
    (r"a closed audit needs its closing date", "cần nhập ngày đóng", None),
    (r"only a closed audit has a closing date", "chỉ cuộc đánh giá đã đóng mới có ngày đóng", None),
    (r"unknown (?:staff|unit\(s\)|audit): (.*)", "không có mã: {0}", None),
    (r"'(.*)' is not an ISO 9001:2015 clause.*", "'{0}' không phải điều khoản ISO 9001:2015 (vd. 7.2, 8.5.1)", None),
    (r"(?:clause )?is required \(an ISO 9001:2015 clause.*\)", "bắt buộc phải nhập (vd. 7.2, 8.5.1)", None),
]

_COMPILED = [(re.compile(pattern, re.DOTALL), vi, en) for pattern, vi, en in RULES]


def explain(message: str) -> str:
    """``message`` from a service in the session's language (unknown messages as they are)."""
    for pattern, vi, en in _COMPILED:
        match = pattern.fullmatch(message.strip())
        if match:
            template = vi if lang() == "vi" else en
            return template.format(*match.groups()) if template else message
    return message
