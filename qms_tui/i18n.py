"""UI labels in Vietnamese (the default) and English, and language-aware number formatting.

The data's own Vietnamese names (procedures, units, people) are never translated; only labels are.
"""

from __future__ import annotations

import os
from datetime import date

from .domain.dates import format_date
from .domain.models import FIELDS

LANGS = ("vi", "en")

FIELDS_EN = {
    "dau_tu": "Investment",
    "lao_dong": "Labour",
    "tai_nguyen_moi_truong": "Natural resources - Environment",
    "quy_hoach_xay_dung": "Planning - Construction",
    "thuong_mai_xnk": "Trade - Import/Export",
}

LABELS: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    "app_title": ("Hệ thống quản lý chất lượng TCVN ISO 9001:2015", "TCVN ISO 9001:2015 quality management system"),
    "summary_title": ("Tình hình HTQLCL", "QMS status"),
    "period": ("Kỳ", "Period"),
    "as_of": ("tính đến", "as of"),
    "store": ("Kho dữ liệu", "Store"),
    "demo": ("DỮ LIỆU MẪU", "DEMO"),
    "read_only": ("CHỈ ĐỌC", "READ-ONLY"),
    "dossiers": ("Hồ sơ TTHC", "TTHC dossiers"),
    "received": ("Tổng số hồ sơ yêu cầu giải quyết", "Received (to resolve)"),
    "new": ("Mới tiếp nhận", "New in the period"),
    "new_online": ("trực tuyến", "online"),
    "new_direct": ("trực tiếp / bưu chính", "direct / postal"),
    "carried_over": ("Kỳ trước chuyển qua", "Carried over"),
    "resolved": ("Đã giải quyết", "Resolved"),
    "on_time": ("Đúng hạn", "On time"),
    "early": ("trước hạn", "early"),
    "on_due_date": ("đúng ngày hẹn", "on the due date"),
    "late": ("Quá hạn", "Late"),
    "in_progress": ("Đang giải quyết", "In progress"),
    "not_due": ("Chưa đến hạn", "Not yet due"),
    "overdue": ("Đã quá hạn", "Overdue"),
    "withdrawn_returned": ("Rút / trả lại", "Withdrawn / returned"),
    "withdrawn": ("rút hồ sơ", "withdrawn"),
    "returned": ("trả lại", "returned"),
    "on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "reconciliation": ("Đối chiếu", "Reconciliation"),
    "reconciles": ("khớp", "balances"),
    "gap": ("lệch", "gap"),
    "unclassified": ("hồ sơ không phân loại được", "dossiers fit no class"),
    "attention": ("Hồ sơ quá hạn hoặc sắp đến hạn (≤ 3 ngày làm việc)", "Overdue or due within 3 working days"),
    "none": ("Không có", "None"),
    "code": ("Mã", "Code"),
    "procedure": ("Quy trình", "Procedure"),
    "procedures": ("Quy trình", "Procedures"),
    "due": ("Hạn", "Due"),
    "received_on": ("Nhận", "Received"),
    "risks": ("Rủi ro và cơ hội", "Risks and opportunities"),
    "top_risks": ("Rủi ro cao nhất", "Highest risks"),
    "overdue_treatments": ("Biện pháp xử lý quá hạn", "Overdue treatments"),
    "score": ("Điểm", "Score"),
    "level": ("Mức", "Level"),
    "owner": ("Phụ trách", "Owner"),
    "status": ("Trạng thái", "Status"),
    "description": ("Mô tả", "Description"),
    "training": ("Đào tạo HTQLCL", "QMS training"),
    "staff": ("Cán bộ", "Staff"),
    "untrained": ("Chưa được đào tạo", "Never trained"),
    "retrain": ("Cần đào tạo lại", "Needs retraining"),
    "trained": ("Đã đào tạo", "Trained"),
    "coverage": ("Tỷ lệ", "Coverage"),
    "unit": ("Đơn vị", "Unit"),
    "procedures_in_qms": ("Quy trình trong HTQLCL", "Procedures in the QMS"),
    "general": ("chung", "general"),
    "internal": ("nội bộ", "internal"),
    "tthc": ("TTHC", "TTHC"),
    "tthc_coverage": ("TTHC đưa vào HTQLCL", "TTHC in the QMS"),
    "of": ("trên", "of"),
    "under_revision": ("Đang sửa đổi", "Under revision"),
    "review_due": ("Đến hạn rà soát", "Due for review"),
    "legal_changes": ("Thay đổi văn bản pháp luật chưa cập nhật", "Legal changes not yet carried in"),
    "deadline": ("Hạn", "Deadline"),
    "events": ("Đánh giá nội bộ và xem xét của lãnh đạo", "Internal audit and management review"),
    "internal_audit": ("Đánh giá nội bộ gần nhất", "Last internal audit"),
    "management_review": ("Xem xét của lãnh đạo gần nhất", "Last management review"),
    "plan_tasks": ("Nhiệm vụ kế hoạch đến hạn / trễ", "Plan tasks due or late"),
    "task": ("Nhiệm vụ", "Task"),
    "findings": ("Phát hiện cần xử lý", "Findings"),
    "no_findings": ("Không có phát hiện", "No findings"),
    "objectives": ("Mục tiêu chất lượng", "Quality objectives"),
    "target": ("Chỉ tiêu", "Target"),
    "current": ("Hiện tại", "Current"),
    "met": ("đạt", "met"),
    "not_met": ("chưa đạt", "not met"),
    "risk": ("rủi ro", "risk"),
    "opportunity": ("cơ hội", "opportunity"),
    "open": ("mở", "open"),
    "in_treatment": ("đang xử lý", "in treatment"),
    "closed": ("đã đóng", "closed"),
    "low": ("thấp", "low"),
    "medium": ("trung bình", "medium"),
    "high": ("cao", "high"),
    "active": ("hiệu lực", "active"),
    "retired": ("hết hiệu lực", "retired"),
    "not_started": ("chưa làm", "not started"),
    "done": ("xong", "done"),
    "late_task": ("trễ hạn", "late"),
    "never": ("chưa đào tạo", "never trained"),
    "online": ("trực tuyến", "online"),
    "direct": ("trực tiếp", "direct"),
    "postal": ("bưu chính", "postal"),
    "days_left": ("ngày làm việc còn lại", "working days left"),
}


def default_lang() -> str:
    lang = os.environ.get("QMS_LANG", "vi").lower()[:2]
    return lang if lang in LANGS else "vi"


def t(key: str, lang: str = "vi") -> str:
    """The label for ``key`` in ``lang`` (the key itself if unknown, so a gap shows, not crashes)."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def field_name(key: str | None, lang: str = "vi") -> str:
    if not key:
        return "—"
    return FIELDS_EN.get(key, key) if lang == "en" else FIELDS.get(key, key)


def number(value: float | int, lang: str = "vi", decimals: int = 0) -> str:
    """1.234,5 in Vietnamese, 1,234.5 in English."""
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def percent(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    return "—" if value is None else number(value, lang, decimals) + "%"


def day(value: date | None, lang: str = "vi") -> str:
    return format_date(value, lang)
