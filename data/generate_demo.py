"""Build the demo QMS store of qms-tui: Ban Quản lý Khu kinh tế Hải Phòng as of 01/09/2024.

The figures follow the agency's report 3966/BC-BQL of 05/09/2024 (see ``data/README.md``): 66
procedures (5 general, 6 of the Office, 55 TTHC) and, for 01/01/2024-01/09/2024, 578 dossiers to
resolve (454 new, 124 carried over), 439 resolved (369 on time, 70 late), 113 in progress (none
overdue) and 26 withdrawn or returned. Everything else (staff, risks, legal documents, ...) is
invented but plausible, and arranged so that the demo shows one of each kind of warning.

The output is deterministic: one ``random.Random(2024)``, no clock. Run::

    python data/generate_demo.py [--output PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT, ROOT / "data"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

import demo_service  # noqa: E402  (data/demo_service.py)

from qms_tui.domain.calendar import WorkingCalendar  # noqa: E402
from qms_tui.domain.fields import demo_fields  # noqa: E402
from qms_tui.domain.models import (  # noqa: E402
    TABLE_MODELS,
    AuditFinding,
    CalendarDay,
    Decision,
    Dossier,
    InternalAudit,
    LegalDocument,
    ManagementReview,
    Nonconformity,
    Objective,
    Organisation,
    Pause,
    PlanTask,
    Procedure,
    QmsEvent,
    Record,
    ReportText,
    ReviewAction,
    Risk,
    Staff,
    Training,
)

DEFAULT_OUTPUT = ROOT / "qms_tui" / "demo" / "demo.json"
SEED = 2024
AS_OF = date(2024, 9, 1)
PERIOD_START = date(2024, 1, 1)
TRAINING_DATE = date(2024, 3, 20)
OLD_TRAINING_DATE = date(2023, 8, 16)

D = date.fromisoformat

# -- organisation --------------------------------------------------------------------------------

LEADERS = "Lãnh đạo Ban"
OFFICE = "Văn phòng"
UNIT_OF_FIELD = {
    "dau_tu": "Phòng Quản lý Đầu tư",
    "lao_dong": "Phòng Quản lý Lao động",
    "tai_nguyen_moi_truong": "Phòng Quản lý Tài nguyên và Môi trường",
    "quy_hoach_xay_dung": "Phòng Quản lý Quy hoạch và Xây dựng",
    "thuong_mai_xnk": "Phòng Quản lý Doanh nghiệp và Thương mại",
}
UNITS = [LEADERS, OFFICE, *UNIT_OF_FIELD.values()]

ORGANISATION = Organisation(
    name="Ban Quản lý Khu kinh tế Hải Phòng",
    short_name="BQL",
    parent_body="ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
    place="Hải Phòng",
    report_symbol="BC-BQL",
    recipients=["Sở KH&CN", "Lãnh đạo Ban", "Các phòng chuyên môn", "Lưu: VP/BQL"],
    signer_name="Bùi Ngọc Hải",
    signer_line1="KT. TRƯỞNG BAN",
    signer_line2="PHÓ TRƯỞNG BAN",
    units=UNITS,
    tthc_in_remit=55,
    tthc_remit_decision="4356/QĐ-UBND ngày 15/12/2023",
)

META = {
    "schema_version": 1,
    "demo": True,
    "as_of": AS_OF.isoformat(),
    "name": "Demo: Ban Quản lý Khu kinh tế Hải Phòng",
}

# -- decisions -----------------------------------------------------------------------------------

ISO = "Hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015"
AGENCY = "Ban Quản lý Khu kinh tế Hải Phòng"
PROCEDURES_DECISION = "1045/QĐ-BQL"
LABOUR_DECISION = "2160/QĐ-BQL"
TRAINING_LETTER = "1138/BQL-VP"
AUDIT_PLAN = "2480/KH-BQL"
REVIEW_REPORT = "3105/BC-BQL"

DECISIONS = [
    Decision(
        "3426/QĐ-BQL", "decision", D("2023-07-12"),
        f"Quyết định về việc kiện toàn Ban Chỉ đạo xây dựng và áp dụng {ISO} của {AGENCY}",
        "steering_committee",
    ),
    Decision(
        "4356/QĐ-UBND", "decision", D("2023-12-15"),
        "Quyết định của Ủy ban nhân dân thành phố về việc công bố Danh mục thủ tục hành chính "
        f"thuộc thẩm quyền giải quyết của {AGENCY}",
        "tthc_list",
    ),
    Decision(
        "510/KH-BQL", "plan", D("2024-02-05"),
        f"Kế hoạch duy trì và cải tiến {ISO} của {AGENCY} năm 2024",
        "plan",
    ),
    Decision(
        "640/QĐ-BQL", "decision", D("2024-02-19"),
        f"Quyết định ban hành Mục tiêu chất lượng năm 2024 của {AGENCY}",
        "objectives",
    ),
    Decision(
        "705/QĐ-BQL", "decision", D("2024-02-23"),
        "Quyết định ban hành Bảng phân tích, đánh giá bối cảnh; Bảng nhận diện, đánh giá, xử lý "
        f"rủi ro và cơ hội và Kế hoạch giải quyết rủi ro và cơ hội năm 2024 của {AGENCY}",
        "risks",
    ),
    Decision(
        PROCEDURES_DECISION, "decision", D("2024-03-08"),
        "Quyết định ban hành sửa đổi, bổ sung các quy trình chung, quy trình nội bộ và quy trình "
        f"giải quyết thủ tục hành chính theo {ISO}",
        "procedures",
    ),
    Decision(
        TRAINING_LETTER, "letter", D("2024-03-14"),
        "Công văn về việc triệu tập cán bộ, công chức tham gia lớp tập huấn cập nhật kiến thức "
        "TCVN ISO 9001:2015",
        "training",
    ),
    Decision(
        "1872/QĐ-BQL", "decision", D("2024-04-26"),
        f"Quyết định về việc công bố {ISO} phù hợp tại {AGENCY}",
        "conformity",
    ),
    Decision(
        LABOUR_DECISION, "decision", D("2024-05-15"),
        "Quyết định ban hành sửa đổi các quy trình giải quyết thủ tục hành chính lĩnh vực lao "
        f"động theo {ISO}",
        "procedures",
    ),
    Decision(
        AUDIT_PLAN, "plan", D("2024-06-03"),
        f"Kế hoạch đánh giá nội bộ {ISO} năm 2024",
        "internal_audit",
    ),
    Decision(
        REVIEW_REPORT, "report", D("2024-07-12"),
        f"Báo cáo kết quả cuộc họp xem xét của lãnh đạo đối với {ISO} năm 2024",
        "management_review",
    ),
]

# -- legal documents -----------------------------------------------------------------------------

LAND_WATER_LAW = "28/2023/QH15"  # in effect 01/07/2024: still within the 3-month window
CONSTRUCTION_DECREE = "35/2023/NĐ-CP"  # in effect 20/06/2023: two planning procedures missed it

LEGAL_LINKS = {
    # number: (ends, replaced by, amends) — the 2025 reform of the one-stop shop (DOMAIN.md)
    "61/2018/NĐ-CP": ("2025-07-01", "118/2025/NĐ-CP", ""),
    "107/2021/NĐ-CP": ("2025-07-01", "118/2025/NĐ-CP", "61/2018/NĐ-CP"),
}
"""End date, replacement and amended document of the register's entries that have them."""

def _legal_links(number: str) -> tuple[date | None, str, str]:
    ends, replaced_by, amends = LEGAL_LINKS.get(number, ("", "", ""))
    return (D(ends) if ends else None), replaced_by, amends


LEGAL_DOCUMENTS = [
    ("19/2014/QĐ-TTg", "2014-03-05", "2014-04-20",
     "Quyết định về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO "
     "9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước"),
    ("61/2018/NĐ-CP", "2018-04-23", "2018-06-21",
     "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành "
     "chính"),
    ("107/2021/NĐ-CP", "2021-12-06", "2021-12-06",
     "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của "
     "Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính"),
    ("118/2025/NĐ-CP", "2025-06-09", "2025-07-01",
     "Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa "
     "và Cổng Dịch vụ công quốc gia"),
    ("45/2020/NĐ-CP", "2020-04-08", "2020-05-22",
     "Nghị định về thực hiện thủ tục hành chính trên môi trường điện tử"),
    ("36/2018/QH14", "2018-11-20", "2019-07-01", "Luật Phòng, chống tham nhũng"),
    ("42/2013/QH13", "2013-11-25", "2014-07-01", "Luật Tiếp công dân"),
    ("61/2020/QH14", "2020-06-17", "2021-01-01", "Luật Đầu tư"),
    ("31/2021/NĐ-CP", "2021-03-26", "2021-03-26",
     "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Luật Đầu tư"),
    ("35/2022/NĐ-CP", "2022-05-28", "2022-07-15",
     "Nghị định quy định về quản lý khu công nghiệp và khu kinh tế"),
    ("45/2019/QH14", "2019-11-20", "2021-01-01", "Bộ luật Lao động"),
    ("152/2020/NĐ-CP", "2020-12-30", "2021-02-15",
     "Nghị định quy định về người lao động nước ngoài làm việc tại Việt Nam và tuyển dụng, quản lý "
     "người lao động Việt Nam làm việc cho tổ chức, cá nhân nước ngoài tại Việt Nam"),
    ("70/2023/NĐ-CP", "2023-09-18", "2023-09-18",
     "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 152/2020/NĐ-CP ngày 30 tháng 12 năm "
     "2020 của Chính phủ quy định về người lao động nước ngoài làm việc tại Việt Nam và tuyển dụng, "
     "quản lý người lao động Việt Nam làm việc cho tổ chức, cá nhân nước ngoài tại Việt Nam"),
    ("72/2020/QH14", "2020-11-17", "2022-01-01", "Luật Bảo vệ môi trường"),
    ("08/2022/NĐ-CP", "2022-01-10", "2022-01-10",
     "Nghị định quy định chi tiết một số điều của Luật Bảo vệ môi trường"),
    (LAND_WATER_LAW, "2023-11-27", "2024-07-01", "Luật Tài nguyên nước"),
    ("50/2014/QH13", "2014-06-18", "2015-01-01", "Luật Xây dựng"),
    ("15/2021/NĐ-CP", "2021-03-03", "2021-03-03",
     "Nghị định quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng"),
    (CONSTRUCTION_DECREE, "2023-06-20", "2023-06-20",
     "Nghị định sửa đổi, bổ sung một số điều của các Nghị định thuộc lĩnh vực quản lý nhà nước "
     "của Bộ Xây dựng"),
    ("09/2018/NĐ-CP", "2018-01-15", "2018-01-15",
     "Nghị định quy định chi tiết Luật Thương mại và Luật Quản lý ngoại thương về hoạt động mua "
     "bán hàng hóa và các hoạt động liên quan trực tiếp đến mua bán hàng hóa của nhà đầu tư nước "
     "ngoài, tổ chức kinh tế có vốn đầu tư nước ngoài tại Việt Nam"),
    ("31/2018/NĐ-CP", "2018-03-08", "2018-03-08",
     "Nghị định quy định chi tiết Luật Quản lý ngoại thương về xuất xứ hàng hóa"),
]

# -- procedures ----------------------------------------------------------------------------------

FIRST_ISSUE = "Ban hành lần đầu"
REVISION_2024 = (
    f"Sửa đổi theo Quyết định số {PROCEDURES_DECISION}: cập nhật thành phần hồ sơ, biểu mẫu theo "
    "Quyết định số 4356/QĐ-UBND; bổ sung bước tiếp nhận trên Hệ thống thông tin giải quyết TTHC"
)
LABOUR_REVISION = (
    f"Sửa đổi theo Quyết định số {LABOUR_DECISION}: tiếp nhận và trả kết quả trực tuyến toàn "
    "trình; cập nhật mẫu tờ khai theo Nghị định số 70/2023/NĐ-CP"
)

# Per kind/field: first issue date, the 2024 revision (date, text) or None, last review, legal basis.
GROUP_DEFAULTS: dict[str, dict[str, Any]] = {
    "general": {
        "issued": "2023-08-01",
        "revision": ("2024-03-08", f"Sửa đổi theo Quyết định số {PROCEDURES_DECISION}: cập nhật "
                     "biểu mẫu, phân công trách nhiệm theo cơ cấu tổ chức mới"),
        "review": "2024-06-20", "basis": ["19/2014/QĐ-TTg"],
    },
    "internal": {
        "issued": "2023-08-01", "revision": None, "review": "2024-06-20", "basis": [],
    },
    "dau_tu": {
        "issued": "2023-06-05", "revision": ("2024-03-08", REVISION_2024), "review": "2024-06-20",
        "basis": ["61/2020/QH14", "31/2021/NĐ-CP", "35/2022/NĐ-CP"],
    },
    "lao_dong": {
        "issued": "2023-10-16", "revision": None, "review": "2024-06-20",
        "basis": ["152/2020/NĐ-CP", "70/2023/NĐ-CP"],
    },
    "tai_nguyen_moi_truong": {
        "issued": "2023-05-22", "revision": ("2024-03-08", REVISION_2024), "review": "2024-06-20",
        "basis": ["72/2020/QH14", "08/2022/NĐ-CP", "35/2022/NĐ-CP"],
    },
    "quy_hoach_xay_dung": {
        "issued": "2023-04-10",
        "revision": ("2024-03-08", REVISION_2024 + "; cập nhật theo Nghị định số 35/2023/NĐ-CP"),
        "review": "2024-06-20", "basis": ["50/2014/QH13", "15/2021/NĐ-CP", CONSTRUCTION_DECREE],
    },
    "thuong_mai_xnk": {
        "issued": "2023-06-05", "revision": ("2024-03-08", REVISION_2024), "review": "2024-06-20",
        "basis": ["09/2018/NĐ-CP", "35/2022/NĐ-CP"],
    },
}

GENERAL = [
    ("QT-C01", "Quy trình kiểm soát thông tin dạng văn bản"),
    ("QT-C02", "Quy trình kiểm soát quản lý rủi ro và cơ hội"),
    ("QT-C03", "Quy trình đánh giá nội bộ"),
    ("QT-C04", "Quy trình kiểm soát sự không phù hợp và hành động khắc phục"),
    ("QT-C05", "Quy trình xem xét của lãnh đạo đối với hệ thống quản lý chất lượng"),
]

INTERNAL: list[tuple[str, str, dict[str, Any]]] = [
    ("QT-VP01", "Quy trình giải quyết thủ tục hành chính theo cơ chế một cửa tại bộ phận tiếp "
     "nhận và trả kết quả",
     {"basis": ["61/2018/NĐ-CP", "45/2020/NĐ-CP"],
      "revision": ("2024-03-08", f"Sửa đổi theo Quyết định số {PROCEDURES_DECISION}: tiếp nhận "
                   "hồ sơ trực tuyến, số hóa hồ sơ và kết quả giải quyết TTHC")}),
    ("QT-VP02", "Quy trình tiếp công dân", {"basis": ["42/2013/QH13"]}),
    ("QT-VP03", "Quy trình kê khai tài sản, thu nhập", {"basis": ["36/2018/QH14"]}),
    ("QT-VP04", "Quy trình công khai bản kê khai tài sản, thu nhập", {"basis": ["36/2018/QH14"]}),
    # Not reviewed for more than 12 months on 01/09/2024: "due for review".
    ("QT-VP05", "Quy trình đăng ký nghỉ chế độ", {"issued": "2023-05-08", "review": "2023-08-15"}),
    ("QT-VP06", "Quy trình đề nghị cung cấp thông tin nội bộ", {}),
]

# (code, TTHC name, statutory working days, relative dossier volume, overrides)
TTHC: dict[str, list[tuple[str, str, int, int, dict[str, Any]]]] = {
    "dau_tu": [
        ("QT-DT01", "Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án đầu tư không thuộc diện "
         "chấp thuận chủ trương đầu tư", 15, 40, {}),
        ("QT-DT02", "Điều chỉnh Giấy chứng nhận đăng ký đầu tư đối với dự án đầu tư không thuộc "
         "diện chấp thuận điều chỉnh chủ trương đầu tư", 10, 55, {}),
        ("QT-DT03", "Chấp thuận chủ trương đầu tư của Ban Quản lý", 35, 5, {}),
        ("QT-DT04", "Điều chỉnh chấp thuận chủ trương đầu tư của Ban Quản lý", 25, 4, {}),
        ("QT-DT05", "Điều chỉnh dự án đầu tư trong trường hợp chuyển nhượng dự án đầu tư",
         10, 5, {}),
        ("QT-DT06", "Tạm ngừng hoạt động của dự án đầu tư", 15, 3, {}),
        ("QT-DT07", "Chấm dứt hoạt động của dự án đầu tư", 15, 4, {}),
        ("QT-DT08", "Cấp lại Giấy chứng nhận đăng ký đầu tư", 5, 3, {}),
        ("QT-DT09", "Hiệu đính thông tin trên Giấy chứng nhận đăng ký đầu tư", 3, 3, {}),
        ("QT-DT10", "Đổi Giấy chứng nhận đăng ký đầu tư", 5, 1, {}),
        ("QT-DT11", "Đăng ký góp vốn, mua cổ phần, mua phần vốn góp của nhà đầu tư nước ngoài "
         "vào tổ chức kinh tế", 15, 8, {}),
        ("QT-DT12", "Thành lập văn phòng điều hành của nhà đầu tư nước ngoài trong hợp đồng BCC",
         15, 1, {}),
        ("QT-DT13", "Chấm dứt hoạt động văn phòng điều hành của nhà đầu tư nước ngoài trong hợp "
         "đồng BCC", 15, 0, {}),
        ("QT-DT14", "Điều chỉnh dự án đầu tư trong trường hợp chia, tách, sáp nhập, hợp nhất, "
         "chuyển đổi loại hình tổ chức kinh tế", 15, 2, {}),
        ("QT-DT15", "Điều chỉnh dự án đầu tư theo bản án, quyết định của tòa án, trọng tài",
         15, 0, {}),
        ("QT-DT16", "Gia hạn thời hạn hoạt động của dự án đầu tư", 15, 2, {}),
        ("QT-DT17", "Cung cấp thông tin về dự án đầu tư", 5, 2, {}),
        ("QT-DT18", "Áp dụng biện pháp bảo đảm đầu tư trong trường hợp dự án không được tiếp tục "
         "áp dụng ưu đãi đầu tư", 30, 0, {}),
    ],
    "lao_dong": [
        # Revised after the March 2024 training: the unit's trained staff need retraining.
        ("QT-LD01", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
         5, 70, {"revision": ("2024-05-15", LABOUR_REVISION)}),
        ("QT-LD02", "Cấp lại giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
         3, 10, {}),
        ("QT-LD03", "Gia hạn giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
         5, 40, {"revision": ("2024-05-15", LABOUR_REVISION)}),
        ("QT-LD04", "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
         3, 25, {"revision": ("2024-05-15", LABOUR_REVISION)}),
        ("QT-LD05", "Chấp thuận nhu cầu sử dụng người lao động nước ngoài", 10, 14, {}),
        ("QT-LD06", "Chấp thuận thay đổi nhu cầu sử dụng người lao động nước ngoài", 10, 5, {}),
        ("QT-LD07", "Đăng ký nội quy lao động của doanh nghiệp", 7, 6,
         {"basis": ["45/2019/QH14", "35/2022/NĐ-CP"]}),
        ("QT-LD08", "Đăng ký hợp đồng nhận lao động thực tập thời hạn dưới 90 ngày", 5, 2,
         {"basis": ["45/2019/QH14"]}),
        ("QT-LD09", "Tiếp nhận thông báo tổ chức làm thêm giờ từ trên 200 giờ đến 300 giờ trong "
         "một năm", 3, 2, {"basis": ["45/2019/QH14"]}),
        ("QT-LD10", "Tiếp nhận thỏa ước lao động tập thể doanh nghiệp", 5, 2,
         {"basis": ["45/2019/QH14"]}),
    ],
    "tai_nguyen_moi_truong": [
        ("QT-MT01", "Thẩm định báo cáo đánh giá tác động môi trường", 30, 5, {}),
        # The water law took effect on 01/07/2024: MT02-MT04 are pending, still within 3 months.
        ("QT-MT02", "Cấp giấy phép môi trường", 30, 6,
         {"status": "under_revision", "review": "2024-07-22",
          "basis": ["72/2020/QH14", "08/2022/NĐ-CP", LAND_WATER_LAW]}),
        ("QT-MT03", "Cấp điều chỉnh giấy phép môi trường", 15, 3,
         {"basis": ["72/2020/QH14", "08/2022/NĐ-CP", LAND_WATER_LAW]}),
        ("QT-MT04", "Cấp lại giấy phép môi trường", 30, 1,
         {"basis": ["72/2020/QH14", "08/2022/NĐ-CP", LAND_WATER_LAW]}),
        ("QT-MT05", "Cấp đổi giấy phép môi trường", 10, 1, {}),
        ("QT-MT06", "Chấp thuận thay đổi của dự án đầu tư so với quyết định phê duyệt kết quả thẩm "
         "định báo cáo đánh giá tác động môi trường", 20, 1, {}),
        ("QT-MT07", "Chấp thuận miễn trừ đấu nối nước thải vào hệ thống xử lý nước thải tập trung "
         "của khu công nghiệp", 15, 1, {}),
        ("QT-MT08", "Kiểm tra kết quả vận hành thử nghiệm công trình xử lý chất thải của dự án "
         "đầu tư", 10, 1, {}),
    ],
    "quy_hoach_xay_dung": [
        ("QT-XD01", "Cấp giấy phép xây dựng mới đối với công trình", 20, 12, {}),
        ("QT-XD02", "Cấp giấy phép xây dựng sửa chữa, cải tạo công trình", 20, 5, {}),
        ("QT-XD03", "Cấp giấy phép di dời công trình", 20, 0, {}),
        ("QT-XD04", "Cấp điều chỉnh giấy phép xây dựng", 20, 4, {}),
        ("QT-XD05", "Gia hạn giấy phép xây dựng", 5, 2, {}),
        ("QT-XD06", "Cấp lại giấy phép xây dựng", 5, 1, {}),
        ("QT-XD07", "Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng, điều chỉnh Báo cáo "
         "nghiên cứu khả thi đầu tư xây dựng", 30, 3, {}),
        ("QT-XD08", "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở, điều chỉnh thiết kế "
         "xây dựng triển khai sau thiết kế cơ sở", 30, 4, {}),
        # Never revised after Decree 35/2023 (in effect 20/06/2023): the overdue legal update.
        ("QT-XD09", "Thẩm định nhiệm vụ quy hoạch chi tiết xây dựng", 20, 2,
         {"revision": None, "status": "under_revision",
          "basis": ["50/2014/QH13", CONSTRUCTION_DECREE]}),
        ("QT-XD10", "Thẩm định đồ án quy hoạch chi tiết xây dựng, đồ án điều chỉnh quy hoạch chi "
         "tiết xây dựng", 25, 2,
         {"revision": None, "review": "2023-08-10",
          "basis": ["50/2014/QH13", CONSTRUCTION_DECREE]}),
        ("QT-XD11", "Cung cấp thông tin về quy hoạch xây dựng", 10, 4, {}),
        ("QT-XD12", "Kiểm tra công tác nghiệm thu hoàn thành công trình xây dựng", 20, 4, {}),
    ],
    "thuong_mai_xnk": [
        ("QT-TM01", "Cấp Giấy phép kinh doanh cho tổ chức kinh tế có vốn đầu tư nước ngoài",
         10, 5, {}),
        ("QT-TM02", "Cấp Giấy phép lập cơ sở bán lẻ", 10, 3, {}),
        ("QT-TM03", "Cấp Giấy chứng nhận xuất xứ hàng hóa (C/O)", 2, 6,
         {"basis": ["31/2018/NĐ-CP"]}),
        ("QT-TM04", "Chấp thuận cho doanh nghiệp chế xuất bán hàng hóa vào thị trường nội địa",
         7, 2, {}),
        ("QT-TM05", "Cấp điều chỉnh Giấy phép kinh doanh cho tổ chức kinh tế có vốn đầu tư nước "
         "ngoài", 5, 3, {}),
        ("QT-TM06", "Cấp lại Giấy phép kinh doanh cho tổ chức kinh tế có vốn đầu tư nước ngoài",
         5, 1, {}),
        ("QT-TM07", "Cấp điều chỉnh Giấy phép lập cơ sở bán lẻ", 5, 1, {}),
    ],
}

LATE_FACTOR = {
    "dau_tu": 1.2,
    "lao_dong": 0.6,
    "tai_nguyen_moi_truong": 3.0,
    "quy_hoach_xay_dung": 3.0,
    "thuong_mai_xnk": 0.8,
}
"""How much more often than its volume a field's dossiers are resolved late."""


def _procedure(
    code: str, name: str, kind: str, field_key: str | None, unit: str, days: int | None,
    settings: dict[str, Any],
) -> Procedure:
    issued = D(settings["issued"])
    history = [{"version": "1.0", "date": issued.isoformat(), "change": FIRST_ISSUE}]
    revision = settings.get("revision")
    if revision:
        history.append({"version": "2.0", "date": revision[0], "change": revision[1]})
    return Procedure(
        code=code,
        name=name,
        kind=kind,
        field=field_key,
        unit=unit,
        statutory_days=days,
        version=history[-1]["version"],
        issued=issued,
        last_review=D(settings["review"]),
        legal_basis=list(settings["basis"]),
        status=settings.get("status", "active"),
        history=history,
    )


def build_procedures() -> tuple[list[Procedure], dict[str, int]]:
    """The 66 procedures, and the relative dossier volume of each TTHC."""
    procedures = [
        _procedure(code, name, "general", None, OFFICE, None, GROUP_DEFAULTS["general"])
        for code, name in GENERAL
    ]
    for code, name, overrides in INTERNAL:
        settings = {**GROUP_DEFAULTS["internal"], **overrides}
        procedures.append(_procedure(code, name, "internal", None, OFFICE, None, settings))
    volume: dict[str, int] = {}
    for field_key, rows in TTHC.items():
        for code, name, days, weight, overrides in rows:
            settings = {**GROUP_DEFAULTS[field_key], **overrides}
            procedures.append(
                _procedure(code, name, "tthc", field_key, UNIT_OF_FIELD[field_key], days, settings)
            )
            volume[code] = weight
    return procedures, volume


# -- staff and training --------------------------------------------------------------------------

HEAD, DEPUTY, OFFICER = "Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên"
U_DT, U_LD, U_MT, U_XD, U_TM = UNIT_OF_FIELD.values()

# (name, unit, role, start date or None for a random one before 2023, left date)
STAFF: list[tuple[str, str, str, str | None, str | None]] = [
    ("Phạm Văn Thành", LEADERS, "Trưởng Ban", None, None),
    ("Bùi Ngọc Hải", LEADERS, "Phó Trưởng Ban", None, None),
    ("Đỗ Thị Minh Nguyệt", LEADERS, "Phó Trưởng Ban", None, None),
    ("Nguyễn Thị Thu Hà", OFFICE, "Chánh Văn phòng", None, None),
    ("Trần Quốc Khánh", OFFICE, "Phó Chánh Văn phòng, Thư ký ISO", None, None),
    ("Lê Thị Hồng Nhung", OFFICE, OFFICER, None, None),
    ("Vũ Đức Anh", OFFICE, "Chuyên viên bộ phận một cửa", None, None),
    ("Hoàng Thị Lan", OFFICE, "Văn thư", None, None),
    ("Phạm Thị Thanh Huyền", OFFICE, "Kế toán", None, None),
    ("Đặng Minh Tuấn", OFFICE, OFFICER, "2023-10-02", None),
    ("Ngô Văn Dũng", U_DT, HEAD, None, None),
    ("Phan Thị Bích Ngọc", U_DT, DEPUTY, None, None),
    ("Lương Minh Đức", U_DT, OFFICER, None, None),
    ("Trịnh Thu Trang", U_DT, OFFICER, None, None),
    ("Đinh Công Sơn", U_DT, OFFICER, None, None),
    ("Mai Anh Thư", U_DT, OFFICER, "2023-11-01", None),
    ("Đào Thị Thu Hương", U_LD, HEAD, None, None),
    ("Nguyễn Văn Hùng", U_LD, DEPUTY, None, None),
    ("Lê Thị Mai Phương", U_LD, OFFICER, None, None),
    ("Hà Quang Vinh", U_LD, OFFICER, None, None),
    ("Cao Thị Ngọc Ánh", U_LD, OFFICER, None, None),
    ("Trần Văn Bình", U_MT, HEAD, None, None),
    ("Lý Thị Hạnh", U_MT, DEPUTY, None, None),
    ("Nguyễn Đức Thắng", U_MT, OFFICER, None, None),
    ("Phùng Thị Kim Oanh", U_MT, OFFICER, None, None),
    ("Hoàng Mạnh Cường", U_XD, HEAD, None, None),
    ("Tạ Thị Thu Thủy", U_XD, DEPUTY, None, None),
    ("Nguyễn Quang Huy", U_XD, OFFICER, None, "2024-05-31"),  # rotated to another agency
    ("Đỗ Văn Toàn", U_XD, OFFICER, None, None),
    ("Lê Phương Thảo", U_XD, OFFICER, "2023-10-02", None),
    ("Vương Đình Phúc", U_TM, HEAD, None, None),
    ("Nguyễn Thị Hồng Vân", U_TM, DEPUTY, None, None),
    ("Kiều Thị Thanh Mai", U_TM, OFFICER, None, None),
    ("Lâm Văn Hiếu", U_TM, OFFICER, None, None),
    ("Trương Mỹ Linh", U_TM, OFFICER, None, None),
    # Joined after the 2024 class (staff rotation): never trained.
    ("Nguyễn Hải Yến", OFFICE, OFFICER, "2024-06-03", None),
    ("Trần Minh Quân", U_DT, OFFICER, "2024-04-15", None),
    ("Phạm Ngọc Diệp", U_DT, OFFICER, "2024-07-01", None),
    ("Vũ Hoàng Long", U_LD, OFFICER, "2024-05-06", None),
    ("Bùi Thị Thanh Tâm", U_MT, OFFICER, "2024-08-01", None),
    ("Đặng Quốc Việt", U_XD, OFFICER, "2024-06-17", None),
]
TRAINER = "Bùi Ngọc Hải"
ABSENT_2024 = {"Nguyễn Đức Thắng", "Kiều Thị Thanh Mai"}
"""Trained in 2023 but away for the 2024 class: their units' procedures changed since, so retrain."""


def build_staff(rng: random.Random) -> list[Staff]:
    staff = []
    for number, (name, unit, role, start, left) in enumerate(STAFF, start=1):
        random_start = date(rng.randint(2005, 2022), rng.randint(1, 12), 1)
        start_date = D(start) if start else random_start
        staff.append(
            Staff(
                code=f"NV{number:03d}",
                name=name,
                unit=unit,
                role=role,
                start_date=start_date,
                left_date=D(left) if left else None,
            )
        )
    return staff


def build_trainings(rng: random.Random, staff: list[Staff]) -> list[Training]:
    employed_2023 = [s for s in staff if s.active_on(OLD_TRAINING_DATE)]
    must_2023 = {s.code for s in employed_2023 if s.name in ABSENT_2024 | {TRAINER}}
    others = [s.code for s in employed_2023 if s.code not in must_2023]
    attended_2023 = sorted(must_2023 | set(rng.sample(others, k=round(len(others) * 0.7))))
    attended_2024 = [
        s.code
        for s in staff
        if s.active_on(TRAINING_DATE) and s.name not in ABSENT_2024 and s.name != TRAINER
    ]
    return [
        Training(
            code="TH-2023-01",
            title="Đào tạo nhận thức chung và hướng dẫn áp dụng HTQLCL theo TCVN ISO 9001:2015",
            date=OLD_TRAINING_DATE,
            trainer="Chuyên gia tư vấn ISO (Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng)",
            hours=8,
            letter_ref="3790/BQL-VP",
            materials=[
                "Bài giảng nhận thức chung về TCVN ISO 9001:2015",
                "Hướng dẫn xây dựng quy trình giải quyết TTHC theo HTQLCL",
                "Danh sách học viên tham gia đào tạo",
            ],
            attendees=attended_2023,
            qms=True,
        ),
        Training(
            code="TH-2024-01",
            title="Tập huấn cập nhật kiến thức TCVN ISO 9001:2015",
            date=TRAINING_DATE,
            trainer=TRAINER,
            hours=4,
            trainer_role="Phó Ban chỉ đạo ISO",  # the seed's words, not his post (Phó Trưởng Ban)
            letter_ref=TRAINING_LETTER,
            materials=[  # as the seed lists them
                "Công văn triệu tập cán bộ, công chức tham gia đào tạo",
                "Danh sách học viên tham gia đào tạo",
                "Tài liệu đào tạo",
            ],
            attendees=attended_2024,
            qms=True,
        ),
    ]


# -- dossiers ------------------------------------------------------------------------------------

# How many dossiers of each kind: (received, finished) windows and outcome.
HISTORY_2023 = {"on_time": 258, "late": 30, "withdrawn": 7, "returned": 5}
CARRIED_OVER = {"on_time": 92, "late": 24, "withdrawn": 5, "returned": 3}
NEW_2024 = {"on_time": 277, "late": 46, "withdrawn": 10, "returned": 8, "in_progress": 113}
PAUSED = {
    ("carried", "on_time"): 1,
    ("carried", "late"): 1,
    ("new", "on_time"): 3,
    ("new", "late"): 2,
    ("new", "in_progress"): 3,
}
"""Dossiers with one (closed) supplement request: 10 in all."""


class DossierMaker:
    """Draws dossiers that fall exactly into the wanted class of the counting rules."""

    def __init__(self, rng: random.Random, procedures: list[Procedure], volume: dict[str, int]):
        self.rng = rng
        self.cal = WorkingCalendar()
        self.days = {p.code: p.statutory_days for p in procedures if p.kind == "tthc"}
        self.field = {p.code: p.field for p in procedures if p.kind == "tthc"}
        self.codes = sorted(code for code, weight in volume.items() if weight > 0)
        self.weights = [volume[c] for c in self.codes]
        self.late_weights = [volume[c] * LATE_FACTOR[self.field[c] or ""] for c in self.codes]
        # Dossiers still open at a period's end are mostly of the long procedures: favour them
        # more than their window alone does, so that intake is not bunched up just before it.
        self.open_weights = [volume[c] * (self.days[c] or 1) for c in self.codes]
        day, self._all_days = date(2022, 12, 1), []
        while day <= date(2025, 3, 31):
            if self.cal.is_working_day(day):
                self._all_days.append(day)
            day += timedelta(days=1)

    def working_days(self, first: date, last: date) -> list[date]:
        """Working days from ``first`` to ``last``, both included."""
        return self._all_days[bisect_left(self._all_days, first) : bisect_right(self._all_days, last)]

    def last_working_day(self, day: date) -> date:
        while not self.cal.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def make(
        self,
        outcome: str,
        received_window: tuple[date, date],
        finished_window: tuple[date, date],
        paused: bool,
        online_share: float,
        still_open: bool = False,
    ) -> dict[str, Any]:
        """One dossier of class ``outcome`` (``on_time``, ``late``, ``withdrawn``, ``returned`` or
        ``in_progress``), by rejection sampling until every rule of the class holds.

        ``still_open`` marks dossiers open across a period boundary (carried over or in progress).
        """
        weights = self.late_weights if outcome == "late" else self.weights
        if still_open:
            weights = self.open_weights
        received_days = self.working_days(*received_window)
        for _ in range(100_000):
            code = self.rng.choices(self.codes, weights)[0]
            received = self.rng.choice(received_days)
            pauses: list[Pause] = []
            if paused:
                start = self.cal.add_working_days(received, self.rng.randint(1, 3))
                end = self.cal.add_working_days(start, self.rng.randint(3, 10))  # type: ignore[arg-type]
                pauses = [Pause(start, end)]  # type: ignore[arg-type]
            due = self.cal.add_working_days(received, self.days[code], pauses)
            assert due is not None
            finished = self._finish(outcome, received, due, pauses, finished_window)
            if finished is False:
                continue
            channel = "online"
            if self.rng.random() >= online_share:
                channel = "postal" if self.rng.random() < 0.12 else "direct"
            return {
                "procedure": code,
                "channel": channel,
                "received": received,
                "due": due,
                "finished": finished,
                "outcome": None if outcome == "in_progress" else (
                    "resolved" if outcome in ("on_time", "late") else outcome
                ),
                "pauses": [{"start": p.start.isoformat(), "end": p.end.isoformat()} for p in pauses
                           if p.end],
            }
        raise RuntimeError(f"cannot draw a {outcome} dossier in {received_window}")

    def _finish(
        self,
        outcome: str,
        received: date,
        due: date,
        pauses: list[Pause],
        window: tuple[date, date],
    ) -> date | bool | None:
        """The finish date for the class, ``None`` for in progress, ``False`` if impossible."""
        lo, hi = window
        earliest = max([received, *(p.end for p in pauses if p.end)]) + timedelta(days=1)
        if outcome == "in_progress":
            return None if due > AS_OF and all(p.end and p.end <= hi for p in pauses) else False
        if outcome == "late":
            finished = self.cal.add_working_days(due, min(self.rng.randint(1, 12),
                                                           self.rng.randint(1, 12)))
            ok = finished is not None and lo <= finished <= hi and finished >= earliest
            return finished if ok else False
        if outcome == "returned":
            finished = self.cal.add_working_days(received, self.rng.randint(1, 3))
            ok = finished is not None and lo <= finished <= min(hi, due) and finished >= earliest
            return finished if ok else False
        # on time or withdrawn: any working day from the day after receipt up to the due date
        candidates = self.working_days(max(earliest, lo), min(due, hi))
        if not candidates:
            return False
        if outcome == "on_time":
            # most dossiers are finished in the second half of the allowed time
            return candidates[max(self.rng.randint(0, len(candidates) - 1)
                                  for _ in range(2))]
        return self.rng.choice(candidates)


def build_dossiers(
    rng: random.Random, procedures: list[Procedure], volume: dict[str, int]
) -> list[Dossier]:
    maker = DossierMaker(rng, procedures, volume)
    last_2023 = maker.last_working_day(date(2023, 12, 31))
    last_in_period = maker.last_working_day(AS_OF)
    batches = [
        # (label, counts, received window, finished window, online share)
        ("history", HISTORY_2023, (date(2023, 1, 3), date(2023, 12, 15)),
         (date(2023, 1, 3), last_2023), 0.45),
        ("carried", CARRIED_OVER, (date(2023, 9, 1), last_2023),
         (PERIOD_START, last_in_period), 0.5),
        ("new", NEW_2024, (PERIOD_START, last_in_period),
         (PERIOD_START, last_in_period), 0.62),
    ]
    drawn: list[dict[str, Any]] = []
    for label, counts, received_window, finished_window, online in batches:
        for outcome, count in counts.items():
            paused = set(rng.sample(range(count), PAUSED.get((label, outcome), 0)))
            window = received_window
            if label == "new" and outcome == "in_progress":
                window = (date(2024, 6, 3), last_in_period)  # older ones would be finished or overdue
            still_open = label == "carried" or outcome == "in_progress"
            for i in range(count):
                drawn.append(
                    maker.make(outcome, window, finished_window, i in paused, online, still_open)
                )
    drawn.sort(key=lambda d: (d["received"], d["procedure"]))  # stable: ties keep draw order
    dossiers, sequence, previous = [], 0, None
    for item in drawn:
        sequence = sequence + 1 if item["received"] == previous else 1
        previous = item["received"]
        dossiers.append(
            Dossier(code=f"BQL-{item['received']:%y%m%d}-{sequence:04d}", **item)
        )
    return dossiers


# -- risks ---------------------------------------------------------------------------------------

RISKS = [
    Risk(
        code="RR-01", kind="risk",
        description="Luân chuyển, thay đổi vị trí công tác; cán bộ mới chưa có kinh nghiệm và chưa "
        "được đào tạo kiến thức về HTQLCL",
        source="Bối cảnh nội bộ: nguồn nhân lực", procedures=["QT-C01", "QT-C04", "QT-VP01"],
        likelihood=4, impact=3,
        treatment="Tổ chức tập huấn bổ sung cho cán bộ mới trong vòng 01 tháng kể từ khi nhận "
        "nhiệm vụ; phân công cán bộ có kinh nghiệm kèm cặp",
        owner=OFFICE, due=D("2024-06-30"), status="open", last_reviewed=D("2024-07-10"),
    ),
    Risk(
        code="RR-02", kind="risk",
        description="Văn bản quy phạm pháp luật lĩnh vực tài nguyên - môi trường, quy hoạch - xây "
        "dựng thay đổi thường xuyên; quy trình chậm được cập nhật",
        source="Bối cảnh bên ngoài: pháp lý",
        procedures=["QT-MT02", "QT-MT03", "QT-XD09", "QT-XD10"],
        likelihood=4, impact=4,
        treatment="Phân công chuyên viên theo dõi văn bản mới hằng tuần; trình sửa đổi quy trình "
        "trong vòng 01 tháng kể từ khi văn bản có hiệu lực",
        owner="Văn phòng (Thư ký ISO)", due=D("2024-10-31"), status="in_treatment",
        last_reviewed=D("2024-07-10"),
    ),
    Risk(
        code="RR-03", kind="risk",
        description="Quy trình xử lý TTHC duy trì song song 02 hệ thống kiểm soát (điện tử và sổ "
        "sách, giấy tờ viết tay) gây trùng lặp, rườm rà",
        source="Bối cảnh nội bộ: phương thức làm việc", procedures=["QT-C01", "QT-VP01"],
        likelihood=3, impact=2,
        treatment="Rà soát, bỏ các sổ theo dõi giấy đã có trên Hệ thống thông tin giải quyết TTHC",
        owner=OFFICE, due=D("2024-12-31"), status="in_treatment", last_reviewed=D("2024-07-10"),
    ),
    Risk(
        code="RR-04", kind="risk",
        description="Hệ thống thông tin giải quyết TTHC, Cổng Dịch vụ công bị gián đoạn, không "
        "tiếp nhận được hồ sơ trực tuyến",
        source="Bối cảnh bên ngoài: hạ tầng công nghệ thông tin",
        procedures=["QT-VP01", "QT-LD01", "QT-DT01"],
        likelihood=2, impact=4,
        treatment="Xây dựng phương án tiếp nhận hồ sơ giấy dự phòng; phối hợp đơn vị vận hành "
        "khắc phục sự cố",
        owner=OFFICE, due=D("2024-11-30"), status="open", last_reviewed=D("2024-07-10"),
    ),
    Risk(
        code="RR-05", kind="risk",
        description="Hồ sơ của nhà đầu tư, doanh nghiệp chưa đầy đủ, phải yêu cầu bổ sung nhiều "
        "lần, kéo dài thời gian giải quyết",
        source="Bên quan tâm: nhà đầu tư, doanh nghiệp",
        procedures=["QT-DT01", "QT-DT02", "QT-LD01"],
        likelihood=4, impact=3,
        treatment="Công khai hồ sơ mẫu, hướng dẫn kê khai trên trang thông tin điện tử; hướng dẫn "
        "một lần đầy đủ khi tiếp nhận",
        owner=U_DT, due=D("2024-09-30"), status="in_treatment", last_reviewed=D("2024-07-10"),
    ),
    Risk(
        code="RR-06", kind="risk",
        description="Hồ sơ cấp giấy phép xây dựng trễ hạn do chờ ý kiến của các cơ quan phối hợp",
        source="Bên quan tâm: cơ quan phối hợp (Sở Xây dựng, Cảnh sát PCCC)",
        procedures=["QT-XD01", "QT-XD02", "QT-XD04"],
        likelihood=3, impact=4,
        treatment="Thống nhất quy chế phối hợp, thời hạn trả lời ý kiến với các cơ quan liên quan",
        owner=U_XD, due=D("2024-12-15"), status="open", last_reviewed=D("2024-07-10"),
    ),
    Risk(
        code="RR-07", kind="risk",
        description="Thẩm định báo cáo đánh giá tác động môi trường phụ thuộc lịch họp của hội đồng "
        "thẩm định, dễ quá hạn",
        source="Bên quan tâm: thành viên hội đồng thẩm định", procedures=["QT-MT01"],
        likelihood=2, impact=4,
        treatment="Lập lịch họp hội đồng ngay khi tiếp nhận hồ sơ; cho phép họp trực tuyến",
        owner=U_MT, due=D("2024-12-31"), status="in_treatment", last_reviewed=D("2024-07-10"),
    ),
    Risk(
        code="RR-08", kind="risk",
        description="Thất lạc hồ sơ giấy khi luân chuyển giữa bộ phận một cửa và các phòng",
        source="Bối cảnh nội bộ: lưu trữ hồ sơ", procedures=["QT-VP01", "QT-C01"],
        likelihood=2, impact=3,
        treatment="Lập phiếu kiểm soát quá trình giải quyết hồ sơ, ký nhận khi bàn giao",
        owner=OFFICE, due=D("2024-05-31"), status="closed", last_reviewed=D("2024-06-20"),
        residual_likelihood=1, residual_impact=3, effective=True,
    ),
    Risk(
        code="RR-09", kind="risk",
        description="Biểu mẫu trong quy trình không thống nhất với biểu mẫu của TTHC đã được công bố",
        source="Bối cảnh bên ngoài: pháp lý", procedures=["QT-C01", "QT-DT02", "QT-TM01"],
        likelihood=3, impact=2,
        treatment="Rà soát toàn bộ biểu mẫu theo Quyết định số 4356/QĐ-UBND",
        owner=OFFICE, due=D("2024-03-31"), status="closed", last_reviewed=D("2024-06-20"),
        residual_likelihood=1, residual_impact=2, effective=True,
    ),
    Risk(
        code="RR-10", kind="risk",
        description="Số hồ sơ cấp, gia hạn giấy phép lao động tăng cao vào cuối năm gây quá tải",
        source="Bên quan tâm: doanh nghiệp sử dụng lao động nước ngoài",
        procedures=["QT-LD01", "QT-LD03"],
        likelihood=3, impact=3,
        treatment="Bố trí thêm chuyên viên hỗ trợ từ tháng 10; nhắc doanh nghiệp nộp hồ sơ gia hạn "
        "sớm",
        owner=U_LD, due=D("2024-11-30"), status="in_treatment", last_reviewed=D("2024-07-10"),
    ),
    Risk(
        code="RR-11", kind="risk",
        description="Lộ, lọt thông tin dự án của nhà đầu tư trong quá trình giải quyết hồ sơ",
        source="Bên quan tâm: nhà đầu tư", procedures=["QT-DT01", "QT-DT03"],
        likelihood=1, impact=4,
        treatment="Phân quyền truy cập hồ sơ trên hệ thống; quán triệt quy định bảo mật thông tin",
        owner=U_DT, due=D("2024-12-31"), status="open", last_reviewed=D("2024-02-23"),
    ),
    Risk(
        code="CH-01", kind="opportunity",
        description="Áp dụng chữ ký số và trả kết quả giải quyết TTHC bản điện tử",
        source="Bối cảnh bên ngoài: chuyển đổi số", procedures=["QT-VP01", "QT-LD01", "QT-DT02"],
        likelihood=4, impact=4,
        treatment="Cấp chữ ký số cho lãnh đạo và chuyên viên; trả kết quả điện tử cho 100% giấy "
        "phép lao động",
        owner=OFFICE, due=D("2024-12-31"), status="in_treatment", last_reviewed=D("2024-07-10"),
    ),
    Risk(
        code="CH-02", kind="opportunity",
        description="Thanh toán trực tuyến phí, lệ phí qua Cổng Dịch vụ công quốc gia",
        source="Bên quan tâm: nhà đầu tư, doanh nghiệp", procedures=["QT-VP01", "QT-LD01"],
        likelihood=3, impact=3,
        treatment="Tích hợp thanh toán trực tuyến cho các TTHC có thu phí, lệ phí",
        owner=OFFICE, due=D("2024-06-30"), status="closed", last_reviewed=D("2024-07-10"),
        effective=True,
    ),
    Risk(
        code="CH-03", kind="opportunity",
        description="Số hóa hồ sơ, kết quả giải quyết TTHC để tái sử dụng dữ liệu, giảm giấy tờ",
        source="Bối cảnh bên ngoài: chuyển đổi số", procedures=["QT-VP01", "QT-C01"],
        likelihood=3, impact=4,
        treatment="Số hóa kết quả giải quyết TTHC còn hiệu lực từ năm 2021 trở lại đây",
        owner=OFFICE, due=D("2024-11-30"), status="open", last_reviewed=D("2024-07-10"),
    ),
    Risk(
        code="CH-04", kind="opportunity",
        description="Sở Khoa học và Công nghệ hỗ trợ tập huấn, trao đổi kinh nghiệm với các cơ quan "
        "có HTQLCL hiệu lực, hiệu quả",
        source="Bên quan tâm: Sở Khoa học và Công nghệ", procedures=["QT-C03", "QT-C05"],
        likelihood=3, impact=3,
        treatment="Đề xuất Sở KH&CN tổ chức lớp tập huấn và chuyến học tập kinh nghiệm năm 2024",
        owner=OFFICE, due=D("2024-10-31"), status="open", last_reviewed=D("2024-07-10"),
    ),
]

# -- objectives, plan, events, calendar, report ------------------------------------------------


def build_objectives(online_share: float) -> list[Objective]:
    return [
        Objective("MTCL-01", "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn", 95, "%",
                  "on_time_rate", True, None, 2024),
        Objective("MTCL-02", "100% cán bộ, công chức được đào tạo về HTQLCL theo TCVN ISO "
                  "9001:2015", 100, "%", "training_coverage", True, None, 2024),
        Objective("MTCL-03", "Không có hồ sơ TTHC quá hạn đang giải quyết", 0, "hồ sơ",
                  "overdue_dossiers", False, None, 2024),
        Objective("MTCL-04", "Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến", 60, "%",
                  "manual", True, round(online_share, 1), 2024),
        Objective("MTCL-05", "Mức độ hài lòng của tổ chức, cá nhân đối với việc giải quyết TTHC",
                  95, "%", "manual", True, 97.2, 2024),
        Objective("MTCL-06", "Tỷ lệ phản ánh, kiến nghị về giải quyết TTHC được xử lý đúng hạn",
                  100, "%", "manual", True, 100, 2024),
    ]


PLAN = "510/KH-BQL"
PLAN_TASKS = [
    ("Rà soát, kiện toàn thành viên Ban Chỉ đạo ISO", OFFICE, "2024-02-29", "2024-02-27"),
    ("Ban hành mục tiêu chất lượng năm 2024", OFFICE, "2024-02-29", "2024-02-19"),
    ("Cập nhật bảng phân tích bối cảnh; bảng nhận diện, đánh giá, xử lý rủi ro và cơ hội",
     OFFICE, "2024-03-15", "2024-02-23"),
    ("Rà soát, sửa đổi các quy trình theo văn bản quy phạm pháp luật mới",
     "Các phòng chuyên môn", "2024-03-15", "2024-03-08"),
    ("Tổ chức lớp tập huấn cập nhật kiến thức TCVN ISO 9001:2015", OFFICE, "2024-03-31",
     "2024-03-20"),
    ("Công bố HTQLCL phù hợp TCVN ISO 9001:2015", OFFICE, "2024-04-30", "2024-04-26"),
    ("Đánh giá nội bộ HTQLCL năm 2024", "Văn phòng (Thư ký ISO)", "2024-06-30", "2024-06-20"),
    ("Họp xem xét của lãnh đạo đối với HTQLCL năm 2024", LEADERS, "2024-07-31", "2024-07-10"),
    ("Sửa đổi quy trình lĩnh vực quy hoạch - xây dựng theo Nghị định số 35/2023/NĐ-CP",
     U_XD, "2024-06-30", "in_progress"),
    ("Báo cáo tình hình áp dụng, duy trì, cải tiến HTQLCL năm 2024 gửi Sở KH&CN", OFFICE,
     "2024-09-10", "in_progress"),
    ("Tập huấn bổ sung kiến thức HTQLCL cho cán bộ mới tiếp nhận", OFFICE, "2024-09-20",
     "not_started"),
    ("Sửa đổi quy trình cấp, điều chỉnh, cấp lại giấy phép môi trường theo Luật Tài nguyên nước",
     U_MT, "2024-09-30", "in_progress"),
    ("Số hóa hồ sơ, kết quả giải quyết TTHC còn hiệu lực", OFFICE, "2024-11-30", "in_progress"),
    ("Đánh giá hiệu lực của các hành động xử lý rủi ro và cơ hội", OFFICE, "2024-12-15",
     "not_started"),
]


def build_plan_tasks() -> list[PlanTask]:
    tasks = []
    for number, (task, owner, deadline, state) in enumerate(PLAN_TASKS, start=1):
        done = state not in ("in_progress", "not_started")
        tasks.append(
            PlanTask(
                code=f"KH510-{number:02d}",
                plan=PLAN,
                task=task,
                owner=owner,
                deadline=D(deadline),
                status="done" if done else state,
                done_date=D(state) if done else None,
            )
        )
    return tasks


EVENTS = [
    QmsEvent("EV-01", "steering_committee", D("2023-07-12"), "3426/QĐ-BQL",
             "Kiện toàn Ban Chỉ đạo xây dựng và áp dụng HTQLCL TCVN ISO 9001:2015"),
    QmsEvent("EV-02", "internal_audit", D("2023-10-24"), "4715/KH-BQL",
             "Đánh giá nội bộ HTQLCL năm 2023: 03 điểm không phù hợp, đã khắc phục"),
    QmsEvent("EV-03", "management_review", D("2023-11-28"), "5320/BC-BQL",
             "Xem xét của lãnh đạo năm 2023"),
    QmsEvent("EV-04", "conformity_declaration", D("2024-04-26"), "1872/QĐ-BQL",
             "Công bố HTQLCL phù hợp TCVN ISO 9001:2015 (bổ sung quy trình nội bộ của Văn phòng)"),
    QmsEvent("EV-05", "internal_audit", D("2024-06-18"), AUDIT_PLAN,
             "Đánh giá nội bộ HTQLCL năm 2024 tại 07 đơn vị: 02 điểm không phù hợp, 05 khuyến nghị"),
    QmsEvent("EV-06", "management_review", D("2024-07-10"), REVIEW_REPORT,
             "Xem xét của lãnh đạo năm 2024: kết quả đánh giá nội bộ, mục tiêu chất lượng, rủi ro "
             "và cơ hội"),
]

CALENDAR = [
    CalendarDay(D("2024-05-04"), "working_day",
                "Thứ Bảy làm bù cho ngày nghỉ 29/4/2024 (ví dụ ghi đè; lịch mặc định đã có)"),
]

REPORT_TEXT = ReportText(
    year=2024,
    number="3966",
    date=D("2024-09-05"),
    assessment=(
        "Việc áp dụng HTQLCL TCVN ISO 9001:2015 đã mang lại hiệu quả tích cực cho Ban Quản lý "
        "trong việc kiểm soát toàn bộ quá trình giải quyết công việc đối với một số công việc chung "
        "và toàn bộ việc giải quyết TTHC, thông qua đó lãnh đạo Ban đã có biện pháp kiểm tra giám "
        "sát và có hướng chỉ đạo, điều hành kịp thời khi có phát sinh vướng mắc; đội ngũ cán bộ, "
        "công chức triển khai công việc và quản lý hồ sơ công việc một cách khoa học, rút ngắn "
        "thời gian xử lý các văn bản, giải quyết các thủ tục hành chính nhanh chóng, đúng thời "
        "gian, giúp cải tiến phương thức làm việc, thuận lợi hóa việc giải quyết các thủ tục hành "
        "chính cho các nhà đầu tư và doanh nghiệp."
    ),
    difficulties=[
        "Một số cán bộ làm công tác tham mưu, tổ chức thực hiện và theo dõi, kiểm soát HTQLCL của "
        "các cơ quan hành chính có sự thay đổi, luân chuyển vị trí công tác, cán bộ mới chưa có "
        "kinh nghiệm và chưa được đào tạo kiến thức về HTQLCL nên có phần ảnh hưởng đến công tác "
        "áp dụng, duy trì, cải tiến HTQLCL.",
        "Các quy trình xử lý TTHC tồn tại 02 hệ thống kiểm soát (hệ thống điện tử và hệ thống sổ "
        "sách, giấy tờ viết tay, nên việc duy trì HTQLCL đôi khi còn trùng lặp, rườm rà.",
        "Một số văn bản quy phạm pháp luật có liên quan đến các lĩnh vực thuộc thẩm quyền của Ban "
        "Quản lý thường xuyên thay đổi, đặc biệt là các lĩnh vực tài nguyên - môi trường, quy "
        "hoạch - xây dựng... nên khó khăn trong việc cập nhật, sửa đổi quy trình của HTQLCL.",
    ],
    recommendations=[
        "Hỗ trợ Ban Quản lý trong việc thực hiện áp dụng HTQLCL TCVN ISO 9001:2015: Thông qua "
        "việc tổ chức tập huấn, hướng dẫn áp dụng, duy trì, cải tiến HTQLCL cho cán bộ, công chức, "
        "người lao động trong Ban Quản lý.",
        "Tiếp tục quan tâm tổ chức đào tạo, tập huấn nâng cao năng lực của đội ngũ cán bộ phụ "
        "trách công tác xây dựng và áp dụng, tăng cường các hoạt động trao đổi học tập kinh "
        "nghiệm, chuyên môn nghiệp vụ về HTQLCL với các cơ quan, đơn vị có liên quan, nhất là các "
        "cơ quan có HTQLCL được đánh giá có hiệu lực, hiệu quả.",
    ],
)

# -- improvement: the 2024 internal audit, nonconformities, the 2024 management review ------------

AUDIT_2024 = "DGNB-2024"
REVIEW_2024 = "XXLD-2024"
LATE_DOSSIER_PROCEDURE = "QT-XD01"
"""The late dossier turned into a nonconformity: the first building permit of 2024 returned late in
March-April (RR-06: waiting for the opinions of the cooperating agencies)."""


def staff_code(name: str) -> str:
    """The demo code of a member of staff (``NV001`` ...), by name."""
    for number, row in enumerate(STAFF, start=1):
        if row[0] == name:
            return f"NV{number:03d}"
    raise KeyError(name)


def _codes(*names: str) -> list[str]:
    return [staff_code(name) for name in names]


CHECKLIST_2024 = [
    ("4.1", "Bảng phân tích bối cảnh được ban hành, cập nhật năm 2024", "conform", ""),
    ("5.3", "Ban Chỉ đạo ISO được kiện toàn, phân công nhiệm vụ cho từng thành viên", "conform", ""),
    ("6.1", "Rủi ro và cơ hội được nhận diện, đánh giá và xem xét định kỳ", "observation",
     "RR-11 chưa được xem xét lại"),
    ("6.2", "Mục tiêu chất lượng năm 2024 được ban hành và theo dõi", "conform", ""),
    ("7.2", "Cán bộ, công chức giải quyết TTHC được đào tạo về HTQLCL", "nonconform",
     "cán bộ mới tiếp nhận chưa được đào tạo"),
    ("7.5", "Quy trình được cập nhật khi văn bản quy phạm pháp luật thay đổi", "nonconform",
     "QT-XD09, QT-XD10"),
    ("7.5", "Hồ sơ, kết quả giải quyết TTHC được lưu trữ, kiểm soát", "conform", ""),
    ("8.2", "Thành phần hồ sơ, biểu mẫu thống nhất với TTHC đã được công bố", "conform", ""),
    ("8.5", "Phiếu kiểm soát quá trình giải quyết hồ sơ được ghi đầy đủ", "observation", ""),
    ("8.7", "Hồ sơ trễ hạn được xin lỗi tổ chức, cá nhân và xử lý theo quy định", "conform", ""),
    ("9.1", "Số liệu giải quyết TTHC được theo dõi, phân tích", "observation", ""),
    ("10.2", "Điểm không phù hợp của đợt đánh giá năm 2023 đã được khắc phục", "conform", ""),
]


def build_audits() -> list[InternalAudit]:
    return [
        InternalAudit(
            code=AUDIT_2024,
            title="Đánh giá nội bộ HTQLCL năm 2024",
            plan_date=D("2024-06-17"),
            actual_date=D("2024-06-18"),
            units=list(UNITS),
            procedures=["QT-C01", "QT-C02", "QT-C03", "QT-C04", "QT-C05", "QT-VP01", "QT-DT01",
                        "QT-DT02", "QT-LD01", "QT-MT02", "QT-XD01", "QT-XD09", "QT-TM03"],
            auditors=_codes("Trần Quốc Khánh", "Lê Thị Hồng Nhung", "Phan Thị Bích Ngọc",
                            "Tạ Thị Thu Thủy"),
            auditees=_codes("Nguyễn Thị Thu Hà", "Vũ Đức Anh", "Ngô Văn Dũng", "Đào Thị Thu Hương",
                            "Trần Văn Bình", "Hoàng Mạnh Cường", "Vương Đình Phúc"),
            checklist=[{"item": item, "clause": clause, "result": result, "note": note}
                       for clause, item, result, note in CHECKLIST_2024],
            status="done",
            ref=AUDIT_PLAN,
        ),
        InternalAudit(
            code=f"{AUDIT_2024}-XD",
            title="Đánh giá nội bộ bổ sung lĩnh vực quy hoạch - xây dựng",
            plan_date=D("2024-11-15"),
            units=[U_XD],
            procedures=["QT-XD01", "QT-XD04", "QT-XD09", "QT-XD10"],
            auditors=_codes("Trần Quốc Khánh", "Lê Thị Hồng Nhung"),
            status="planned",
            ref=AUDIT_PLAN,
        ),
    ]


# (number, kind, clause, procedures, description): 2 nonconformities and 5 recommendations (EV-05)
FINDINGS_2024 = [
    (1, "nonconformity", "7.2", ["QT-VP01"],
     "04 công chức mới tiếp nhận từ tháng 4/2024 (Văn phòng, Phòng Quản lý Đầu tư, Phòng Quản lý Lao "
     "động, Phòng Quản lý Quy hoạch và Xây dựng) chưa được đào tạo kiến thức về HTQLCL nhưng đã được "
     "phân công giải quyết hồ sơ TTHC"),
    (2, "nonconformity", "7.5", ["QT-XD09", "QT-XD10"],
     "Quy trình QT-XD09, QT-XD10 chưa được cập nhật theo Nghị định số 35/2023/NĐ-CP có hiệu lực từ "
     "ngày 20/06/2023, quá thời hạn 03 tháng"),
    (3, "observation", "8.5.1", ["QT-XD01", "QT-VP01"],
     "Phiếu kiểm soát quá trình giải quyết hồ sơ của một số hồ sơ cấp giấy phép xây dựng chưa ghi đủ "
     "thời gian chuyển giữa các bước"),
    (4, "observation", "6.1", ["QT-C02"],
     "Rủi ro RR-11 chưa được xem xét lại kể từ khi ban hành bảng nhận diện rủi ro (23/02/2024)"),
    (5, "observation", "9.1", ["QT-VP01"],
     "Báo cáo tình hình giải quyết TTHC hằng tháng chưa phân tích nguyên nhân hồ sơ trễ hạn theo "
     "từng lĩnh vực"),
    (6, "opportunity", "8.5.1", ["QT-VP01"],
     "Thiết lập cảnh báo tự động trên Hệ thống thông tin giải quyết TTHC cho chuyên viên thụ lý trước "
     "hạn trả kết quả 02 ngày làm việc"),
    (7, "opportunity", "7.5", ["QT-C01", "QT-VP01"],
     "Bỏ sổ theo dõi hồ sơ giấy tại các phòng chuyên môn, dùng sổ theo dõi điện tử trên Hệ thống "
     "thông tin giải quyết TTHC"),
]


def build_findings() -> list[AuditFinding]:
    return [
        AuditFinding(f"{AUDIT_2024}-{number:02d}", AUDIT_2024, kind, clause, procedures, description)
        for number, kind, clause, procedures, description in FINDINGS_2024
    ]


def late_dossier(dossiers: list[Dossier]) -> Dossier:
    """The dossier of the nonconformity KPH-2024-03 (chosen from the generated dossiers)."""
    late = [
        d for d in dossiers
        if d.procedure == LATE_DOSSIER_PROCEDURE and d.outcome == "resolved" and d.finished and d.due
        and d.finished > d.due and date(2024, 3, 1) <= d.finished <= date(2024, 4, 30)
    ]
    if not late:
        raise ValueError(f"no late {LATE_DOSSIER_PROCEDURE} dossier in March-April 2024")
    return min(late, key=lambda d: (d.finished, d.code))


def build_nonconformities(dossiers: list[Dossier]) -> list[Nonconformity]:
    cal = WorkingCalendar(CALENDAR)
    dossier = late_dossier(dossiers)
    assert dossier.finished and dossier.due
    days_late = cal.working_days_between(dossier.due, dossier.finished)
    raised = cal.add_working_days(dossier.finished, 2)
    assert raised is not None
    action = raised + timedelta(days=14)
    check = action + timedelta(days=60)
    assert check < AS_OF
    return [
        # Overdue on 01/09/2024: nothing done since the audit, deadline 15/08/2024.
        Nonconformity(
            code="KPH-2024-01", source="audit_finding", reference=f"{AUDIT_2024}-01",
            description="Công chức mới tiếp nhận chưa được đào tạo kiến thức về HTQLCL nhưng đã được "
            "phân công giải quyết hồ sơ TTHC", clause="7.2", raised=D("2024-06-20"),
            correction="Phân công cán bộ đã được đào tạo kèm cặp, kiểm tra hồ sơ do công chức mới thụ lý",
            owner=OFFICE, deadline=D("2024-08-15"), status="open",
        ),
        Nonconformity(
            code="KPH-2024-02", source="audit_finding", reference=f"{AUDIT_2024}-02",
            description="Quy trình QT-XD09, QT-XD10 chưa được cập nhật theo Nghị định số 35/2023/NĐ-CP",
            clause="7.5", raised=D("2024-06-20"),
            root_cause="Chưa phân công cán bộ theo dõi văn bản quy phạm pháp luật mới của lĩnh vực quy "
            "hoạch - xây dựng",
            correction="Áp dụng trực tiếp quy định của Nghị định số 35/2023/NĐ-CP khi giải quyết hồ sơ",
            corrective_action="Dự thảo sửa đổi QT-XD09, QT-XD10 trình Lãnh đạo Ban ban hành; phân công "
            "chuyên viên theo dõi văn bản mới hằng tuần (RR-02)",
            owner=U_XD, deadline=D("2024-09-30"), status="action_taken", action_date=D("2024-08-20"),
        ),
        Nonconformity(
            code="KPH-2024-03", source="late_dossier", reference=dossier.code,
            description=f"Hồ sơ {dossier.code} ({dossier.procedure} cấp giấy phép xây dựng mới) trả kết "
            f"quả trễ hạn {days_late} ngày làm việc (hẹn trả {dossier.due:%d/%m/%Y}, trả "
            f"{dossier.finished:%d/%m/%Y})",
            clause="8.7", raised=raised,
            root_cause="Chờ ý kiến của cơ quan phối hợp quá thời hạn; chuyên viên thụ lý không báo cáo "
            "lãnh đạo phòng để đôn đốc",
            correction="Gửi văn bản xin lỗi tổ chức, hẹn lại ngày trả kết quả",
            corrective_action="Thống nhất quy chế phối hợp với Sở Xây dựng, Cảnh sát PCCC (thời hạn trả "
            "lời ý kiến 05 ngày làm việc); theo dõi hạn trả lời trên Hệ thống (RR-06)",
            owner=U_XD, deadline=D("2024-09-30"), status="verified_effective",
            action_date=action, check_date=check,
            check_result="Kiểm tra hồ sơ cấp giấy phép xây dựng tiếp nhận sau khi áp dụng quy chế phối "
            "hợp: không có hồ sơ trễ hạn do chờ ý kiến cơ quan phối hợp",
            effective=True,
        ),
        Nonconformity(
            code="KPH-2024-04", source="complaint", reference="Phản ánh 15/2024 trên Cổng Dịch vụ công",
            description="Doanh nghiệp phản ánh bộ phận một cửa yêu cầu bổ sung hồ sơ cấp giấy phép lao "
            "động 02 lần, mỗi lần một nội dung khác nhau",
            clause="8.2", raised=D("2024-03-18"),
            root_cause="Chuyên viên tiếp nhận chưa kiểm tra toàn bộ thành phần hồ sơ theo danh mục trước "
            "khi yêu cầu bổ sung",
            correction="Xin lỗi doanh nghiệp; hướng dẫn một lần đầy đủ các nội dung cần bổ sung",
            corrective_action="Ban hành phiếu kiểm tra thành phần hồ sơ; yêu cầu bổ sung một lần bằng văn "
            "bản có ý kiến của lãnh đạo phòng",
            owner=OFFICE, deadline=D("2024-04-30"), status="closed", action_date=D("2024-04-10"),
            check_date=D("2024-06-14"),
            check_result="Kiểm tra 30 hồ sơ yêu cầu bổ sung tháng 5-6/2024: 100% yêu cầu bổ sung một lần; "
            "không có phản ánh mới",
            effective=True, closed_date=D("2024-06-20"),
        ),
        Nonconformity(
            code="KPH-2024-05", source="management_review", reference=REVIEW_2024,
            description="Tỷ lệ hồ sơ TTHC giải quyết đúng hạn 6 tháng đầu năm 2024 chưa đạt mục tiêu "
            "chất lượng MTCL-01 (95%), thấp nhất ở lĩnh vực quy hoạch - xây dựng và tài nguyên - môi "
            "trường",
            clause="9.1", raised=D("2024-07-10"), owner=OFFICE, deadline=D("2024-10-31"), status="open",
        ),
    ]


def build_reviews() -> list[ManagementReview]:
    actions = [
        ReviewAction(f"{REVIEW_2024}-01", "Hoàn thành sửa đổi QT-XD09, QT-XD10 theo Nghị định số "
                     "35/2023/NĐ-CP, trình Lãnh đạo Ban ban hành", U_XD, D("2024-08-20")),
        ReviewAction(f"{REVIEW_2024}-02", "Bổ sung phân tích nguyên nhân hồ sơ trễ hạn theo lĩnh vực "
                     "vào báo cáo tình hình giải quyết TTHC hằng tháng", OFFICE, D("2024-08-15"), "done",
                     D("2024-08-05")),
        ReviewAction(f"{REVIEW_2024}-03", "Tổ chức tập huấn kiến thức HTQLCL cho cán bộ mới tiếp nhận",
                     OFFICE, D("2024-09-20")),
    ]
    return [
        ManagementReview(
            code=REVIEW_2024,
            date=D("2024-07-10"),
            chair=staff_code("Phạm Văn Thành"),
            attendees=_codes("Bùi Ngọc Hải", "Đỗ Thị Minh Nguyệt", "Nguyễn Thị Thu Hà", "Trần Quốc Khánh",
                             "Ngô Văn Dũng", "Đào Thị Thu Hương", "Trần Văn Bình", "Hoàng Mạnh Cường",
                             "Vương Đình Phúc"),
            inputs=["a", "b", "c1", "c2", "c3", "c4", "c5", "c6", "d", "e", "f"],
            decisions=[
                "Duy trì mục tiêu chất lượng năm 2024; các phòng chuyên môn phân tích nguyên nhân hồ sơ "
                "trễ hạn, nâng tỷ lệ giải quyết đúng hạn lên tối thiểu 95%",
                "Văn phòng tổ chức tập huấn bổ sung cho cán bộ mới tiếp nhận",
                "Phòng Quản lý Quy hoạch và Xây dựng hoàn thành sửa đổi quy trình theo Nghị định số "
                "35/2023/NĐ-CP",
            ],
            actions=[a.to_doc() for a in actions],
            ref=REVIEW_REPORT,
        ),
    ]


# -- assembling the store ------------------------------------------------------------------------


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


def _table(records: list[Record]) -> dict[str, dict[str, Any]]:
    for record in records:
        problems = record.problems()
        if problems:
            raise ValueError(f"{type(record).__name__} {record.key}: {problems}")
    return {str(i): _nfc(record.to_doc()) for i, record in enumerate(records, start=1)}


def _check_references(tables: dict[str, dict[str, dict[str, Any]]]) -> None:
    procedures = {d["code"] for d in tables["procedures"].values()}
    staff = {d["code"] for d in tables["staff"].values()}
    laws = {d["number"] for d in tables["legal_documents"].values()}
    checks: list[tuple[str, Callable[[dict[str, Any]], list[str]], set[str]]] = [
        ("dossiers", lambda d: [d["procedure"]], procedures),
        ("risks", lambda d: d["procedures"], procedures),
        ("trainings", lambda d: d["attendees"], staff),
        ("procedures", lambda d: d["legal_basis"], laws),
        ("audits", lambda d: d["procedures"], procedures),
        ("audits", lambda d: d["auditors"] + d["auditees"], staff),
        ("audit_findings", lambda d: d["procedures"], procedures),
        ("audit_findings", lambda d: [d["audit"]], {d["code"] for d in tables["audits"].values()}),
        ("reviews", lambda d: [d["chair"], *d["attendees"]], staff),
    ]
    for table, refs, known in checks:
        for doc in tables[table].values():
            missing = [r for r in refs(doc) if r not in known]
            if missing:
                raise ValueError(f"{table}: unknown references {missing}")
    codes = [d["code"] for d in tables["dossiers"].values()]
    if len(set(codes)) != len(codes):
        raise ValueError("dossier codes are not unique")


def build_tables() -> dict[str, dict[str, dict[str, Any]]]:
    """The demo store's content in TinyDB's layout ``{table: {doc_id: document}}``."""
    rng = random.Random(SEED)
    procedures, volume = build_procedures()
    staff = build_staff(rng)
    trainings = build_trainings(rng, staff)
    dossiers = build_dossiers(rng, procedures, volume)
    new_2024 = [d for d in dossiers if d.received and PERIOD_START <= d.received <= AS_OF]
    calendar = WorkingCalendar(CALENDAR)
    demo_service.flag_procedures(procedures, dossiers)
    demo_service.flag_dossiers(dossiers, procedures, PERIOD_START)
    online_share = 100.0 * sum(d.channel == "online" for d in new_2024) / len(new_2024)
    records: dict[str, list[Any]] = {
        "organisation": [ORGANISATION],
        "fields": demo_fields(),
        "decisions": DECISIONS,
        "procedures": procedures,
        "legal_documents": [
            LegalDocument(number, title, D(issued), D(effective), *_legal_links(number))
            for number, issued, effective, title in LEGAL_DOCUMENTS
        ],
        "risks": RISKS,
        "staff": staff,
        "trainings": trainings,
        "dossiers": dossiers,
        "objectives": build_objectives(online_share),
        "plan_tasks": build_plan_tasks(),
        "events": EVENTS,
        "calendar": CALENDAR,
        "report_texts": [REPORT_TEXT],
        "changelog": [],
        "audits": build_audits(),
        "audit_findings": build_findings(),
        "nonconformities": build_nonconformities(dossiers),
        "reviews": build_reviews(),
        "apologies": demo_service.build_apologies(dossiers, calendar, AS_OF),
        "feedback": demo_service.build_feedback(dossiers, calendar),
        "surveys": demo_service.SURVEYS,
        "index_scale": [],
    }
    meta = dict(META, sample=sample_register(records))
    tables: dict[str, dict[str, dict[str, Any]]] = {"_meta": {"1": _nfc(meta)}}
    for name in TABLE_MODELS:
        tables[name] = _table(records[name])
    _check_references(tables)
    return tables


SEED_REPORT = "3966/BC-BQL"
SEED_DECISIONS = {"1872/QĐ-BQL", "3426/QĐ-BQL", "4356/QĐ-UBND", "510/KH-BQL"}
"""The documents the seed report names; every other decision of the demo is invented for illustration."""
SAMPLE_TABLES = ("trainings", "plan_tasks", "objectives", "risks", "procedures")
"""Tables whose records the seed does not give (a training it mentions, but not its date, attendees or letter)."""


SEED_LEGAL = ("Cập nhật các thay đổi của văn bản quy phạm pháp luật liên quan đến hoạt động xử lý công việc vào Hệ "
              "thống quản lý chất lượng; bổ sung các quy trình nội bộ tại Ban Quản lý Khu kinh tế Hải Phòng")
STATED_COUNTS = {"general": 5, "internal": 6, "tthc": 55}
"""The procedures the seed counts (5 general, 6 internal of the Office, 55 TTHC: 66 in all)."""


def stated_lines() -> dict[str, Any]:
    """The seed's own sentences for report lines the demo's records would word differently: the annual report
    prints them word for word while the store holds the procedures they count (``counts``), and puts what the
    records add (revisions, pending legal updates) in a sample note."""
    return {"legal": {"text": SEED_LEGAL, "counts": STATED_COUNTS}}


def seed_notes() -> dict[str, str]:
    """Where the report counts differently from the seed, how the seed counts (DOMAIN.md: the seed is
    inconsistent, the app shows 55 TTHC of 55 in the QMS); the report adds them to its sample note."""
    return {
        "procedures": "Báo cáo số 3966/BC-BQL ghi “05 quy trình chung và 61 quy trình giải quyết TTHC”, tính cả "
                      "06 quy trình nội bộ của Văn phòng vào số quy trình giải quyết TTHC",
        "coverage": "Báo cáo số 3966/BC-BQL tính cả 5 quy trình chung và 6 quy trình của Văn phòng vào tử số "
                    "(66 quy trình)",
    }


def sample_register(records: dict[str, list[Any]]) -> dict[str, Any]:
    """``_meta.sample``: what the demo adds to its seed report, by table and key, so that every output made from
    it can say so (the annual report puts it in "[Dữ liệu mẫu: …]"). The procedures are listed too: the seed
    counts them and names the general and internal ones, but their codes, versions, revision history, legal
    basis and the split of the TTHC ones by field are the demo's."""
    register: dict[str, Any] = {"seed": SEED_REPORT, "stated": stated_lines(), "notes": seed_notes()}
    register["decisions"] = sorted(d.number for d in records["decisions"] if d.number not in SEED_DECISIONS)
    for name in SAMPLE_TABLES:
        register[name] = sorted(r.key for r in records[name])
    return register


def render(tables: dict[str, Any]) -> str:
    return json.dumps(tables, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the deterministic qms-tui demo store.")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"where to write the store (default: {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    output: Path = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(build_tables()), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
