"""Labels of the TUI in Vietnamese (the default) and English, on top of ``i18n``'s shared labels.

The TUI needs words the printed summary does not (screen names, key descriptions, dialog prompts). They
live here so that the CLI and reports never load them; anything not found falls back to ``i18n.t``.
The language is chosen once, when the app starts (``QMS_LANG``), because key descriptions are bound to
classes when their module is imported.
"""

from __future__ import annotations

from .i18n import default_lang
from .i18n import t as shared_label

_lang = default_lang()

LABELS: dict[str, tuple[str, str]] = {
    # screens
    "app_short": ("HTQLCL ISO 9001", "QMS ISO 9001"),
    "screen_overview": ("Tổng quan", "Overview"),
    "screen_procedures": ("Quy trình", "Procedures"),
    "screen_risks": ("Rủi ro", "Risks"),
    "screen_training": ("Đào tạo", "Training"),
    "screen_dossiers": ("Hồ sơ", "Dossiers"),
    "screen_plan": ("Kế hoạch và đánh giá", "Plan and reviews"),
    "period_short": ("Kỳ", ""),
    "as_of_short": ("tính đến", "as of"),
    # keys
    "key_filter": ("Lọc", "Filter"),
    "key_sort": ("Sắp xếp", "Sort"),
    "key_reverse": ("Đảo thứ tự", "Reverse"),
    "key_open": ("Chi tiết", "Open"),
    "key_back": ("Quay lại", "Back"),
    "key_clear": ("Bỏ lọc", "Clear"),
    "key_done": ("Xong", "Done"),
    "key_period": ("Kỳ", "Period"),
    "key_reload": ("Tải lại", "Reload"),
    "key_help": ("Trợ giúp", "Help"),
    "key_quit": ("Thoát", "Quit"),
    "key_palette": ("Lệnh", "Commands"),
    "key_view": ("Xem", "View"),
    "key_status": ("Trạng thái", "Status"),
    "key_field": ("Lĩnh vực", "Field"),
    "key_procedure": ("Quy trình", "Procedure"),
    "key_dossiers": ("Hồ sơ", "Dossiers"),
    "key_down": ("Xuống", "Down"),
    "key_top": ("Dòng đầu", "First row"),
    "key_bottom": ("Dòng cuối", "Last row"),
    "key_up": ("Lên", "Up"),
    "key_goto": ("Đến màn hình {n}", "Go to screen {n}"),
    # table status line
    "filter_prompt": ("lọc (không cần dấu)…", "filter (accents optional)…"),
    "filtered": ("lọc", "filter"),
    "sorted_by": ("sắp xếp", "sort"),
    "showing": ("hiển thị {shown} / {total}", "showing {shown} of {total}"),
    "rows": ("{count} dòng", "{count} rows"),
    "no_rows": ("Không có dòng nào khớp", "No matching rows"),
    # overview
    "ov_received": ("Tiếp nhận", "Received"),
    "ov_new_carried": ("mới {new} · kỳ trước {carried}", "new {new} · carried {carried}"),
    "ov_resolved": ("Đã giải quyết", "Resolved"),
    "ov_on_time_late": ("đúng hạn {on_time} · trễ hạn {late}", "on time {on_time} · late {late}"),
    "ov_in_progress": ("Đang giải quyết", "In progress"),
    "ov_not_due_overdue": ("chưa đến hạn {not_due} · quá hạn {overdue}", "not due {not_due} · overdue {overdue}"),
    "ov_withdrawn": ("Rút / trả lại", "Withdrawn/returned"),
    "ov_rate": ("tỷ lệ đúng hạn {rate}", "on-time rate {rate}"),
    "ov_attention": ("Cần chú ý", "Needs attention"),
    "ov_attention_count": ("hồ sơ quá hạn hoặc", "dossiers overdue or"),
    "ov_attention_within": ("đến hạn ≤ 3 ngày LV", "due within 3 work days"),
    "ov_overdue_now": ("quá hạn: {n}", "overdue: {n}"),
    "ov_first_due": ("hạn gần nhất {day}", "first due {day}"),
    "ov_risks_line": ("{open} đang mở · {high} mức cao", "{open} open · {high} high"),
    "ov_treat_overdue": ("xử lý quá hạn: {n}", "treatment overdue: {n}"),
    "ov_untrained": ("Chưa đào tạo {never}/{staff} · đào tạo lại {retrain}",
                     "Never trained {never}/{staff} · retrain {retrain}"),
    "ov_proc_total": ("{total} = {general} chung + {internal} nội bộ + {tthc} TTHC",
                      "{total}: {general} general, {internal} internal, {tthc} TTHC"),
    "ov_tthc_cov": ("TTHC trong HTQLCL: {in_qms} trên {remit}", "TTHC in the QMS: {in_qms} of {remit}"),
    "ov_revision": ("đang sửa đổi {rev} · đến hạn rà soát {due}", "under revision {rev} · review due {due}"),
    "ov_legal": ("VBPL chưa cập nhật (hạn 3 tháng): {n}", "Legal changes pending (3 months): {n}"),
    "ov_legal_next": ("hạn {day}", "due {day}"),
    "ov_legal_overdue": ("quá hạn {day}", "overdue {day}"),
    "ov_audit": ("Đánh giá nội bộ", "Internal audit"),
    "ov_review": ("Xem xét lãnh đạo", "Mgmt review"),
    "ov_tasks": ("Nhiệm vụ KH đến hạn/trễ: {n}", "Plan tasks due/late: {n}"),
    "ov_tasks_late": ("trễ {n}", "late {n}"),
    # procedures
    "col_code": ("Mã", "Code"),
    "col_name": ("Tên", "Name"),
    "col_kind": ("Loại", "Kind"),
    "col_field": ("Lĩnh vực", "Field"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_days": ("Ngày", "Days"),
    "col_version": ("Bản", "Ver."),
    "col_review": ("Rà soát", "Reviewed"),
    "col_status": ("Trạng thái", "Status"),
    "col_dossiers": ("HS", "Dos."),
    "col_rate": ("Đ.hạn", "On time"),
    "ps_active": ("hiệu lực", "active"),
    "ps_under_revision": ("SỬA ĐỔI", "REVISING"),
    "ps_retired": ("hết HL", "retired"),
    "review_due_mark": ("đến hạn rà soát", "review due"),
    "not_yet_effective": ("chưa có hiệu lực", "not yet in effect"),
    "legal_basis": ("Căn cứ pháp lý", "Legal basis"),
    "col_doc_title": ("Tên văn bản", "Title"),
    "history": ("Lịch sử sửa đổi", "History"),
    "dossiers_in_period": ("Hồ sơ trong kỳ", "Dossiers in the period"),
    "effective": ("Hiệu lực", "Effective"),
    "pending_update": ("CHƯA CẬP NHẬT, hạn {day}", "NOT CARRIED IN, deadline {day}"),
    "pending_overdue": ("CHƯA CẬP NHẬT, QUÁ HẠN {day}", "NOT CARRIED IN, OVERDUE since {day}"),
    "reflected": ("đã cập nhật", "carried in"),
    "version": ("Phiên bản", "Version"),
    "issued": ("Ban hành", "Issued"),
    "last_review": ("Rà soát gần nhất", "Last review"),
    "statutory_days": ("Thời hạn giải quyết", "Statutory time"),
    "working_days": ("{n} ngày làm việc", "{n} working days"),
    "more_dossiers": ("… và {n} hồ sơ khác — nhấn d để xem tất cả", "… and {n} more — press d to see them all"),
    "unknown_procedure": ("Không còn quy trình {code}", "Procedure {code} no longer exists"),
    # risks
    "col_desc": ("Mô tả", "Description"),
    "col_l": ("K", "L"),
    "col_i": ("A", "I"),
    "col_score": ("Điểm", "Score"),
    "col_level": ("Mức", "Level"),
    "col_owner": ("Phụ trách", "Owner"),
    "col_due": ("Hạn", "Due"),
    "heat_title": ("Khả năng (K) × ảnh hưởng (A)", "Likelihood (L) × impact (I)"),
    "heat_l": ("K", "L"),
    "heat_i": ("A", "I"),
    "heat_legend": ("Mức: 1–4 thấp · 5–9 trung bình · 10–25 CAO", "Levels: 1–4 low · 5–9 medium · 10–25 HIGH"),
    "heat_open": ("Đang mở: {risks} rủi ro, {opps} cơ hội · mức cao {high}",
                  "Open: {risks} risks, {opps} opportunities · high {high}"),
    "heat_hint": ("Số trong ô: số rủi ro/cơ hội đang mở", "Cell: open risks and opportunities"),
    "treatment": ("Biện pháp xử lý", "Treatment"),
    "source": ("Nguồn", "Source"),
    "related_procedures": ("Quy trình liên quan", "Related procedures"),
    "last_reviewed": ("Rà soát gần nhất", "Last reviewed"),
    "residual": ("Rủi ro còn lại (K×A)", "Residual (L×I)"),
    "effective_q": ("Hiệu quả", "Effective"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "not_assessed": ("chưa đánh giá", "not assessed"),
    "treatment_overdue_mark": ("QUÁ HẠN", "OVERDUE"),
    "unknown_risk": ("Không còn rủi ro {code}", "Risk {code} no longer exists"),
    # training
    "ts_never": ("CHƯA ĐÀO TẠO", "NEVER TRAINED"),
    "ts_retrain": ("cần đào tạo lại", "needs retraining"),
    "ts_trained": ("đã đào tạo", "trained"),
    "view_matrix": ("Cán bộ × khóa học", "Staff × course"),
    "view_units": ("Theo đơn vị", "By unit"),
    "view_courses": ("Khóa học", "Courses"),
    "col_person": ("Cán bộ", "Staff"),
    "col_last": ("Lần cuối", "Last"),
    "col_revised": ("Quy trình sửa đổi sau đào tạo", "Procedures revised since"),
    "col_title": ("Tên khóa", "Title"),
    "col_date": ("Ngày", "Date"),
    "col_trainer": ("Giảng viên", "Trainer"),
    "col_hours": ("Giờ", "Hours"),
    "col_attendees": ("Học viên", "Attendees"),
    "col_materials": ("Tài liệu", "Materials"),
    "col_staff": ("Số CB", "Staff"),
    "col_trained": ("Đã ĐT", "Trained"),
    "col_retrain": ("ĐT lại", "Retrain"),
    "col_never": ("Chưa ĐT", "Never"),
    "col_cov": ("Tỷ lệ", "Coverage"),
    "training_summary": ("Chưa đào tạo {never} · cần đào tạo lại {retrain} · đã đào tạo {trained} — {staff} cán bộ",
                         "Never trained {never} · retrain {retrain} · trained {trained} — {staff} staff"),
    "letter": ("Công văn triệu tập", "Convening letter"),
    "attended": ("dự", "attended"),
    # dossiers
    "view_list": ("Danh sách", "List"),
    "view_by_field": ("Theo lĩnh vực", "By field"),
    "view_by_procedure": ("Theo quy trình", "By procedure"),
    "view_trend": ("Theo tháng", "By month"),
    "col_received": ("Nhận", "Received"),
    "col_finished": ("Xong", "Finished"),
    "col_channel": ("Kênh", "Channel"),
    "col_recv_total": ("Tổng", "Recv."),
    "col_new": ("Mới", "New"),
    "col_carried": ("Cũ", "Carr."),
    "col_resolved": ("Xong", "Res."),
    "col_on_time": ("Đúng", "On t."),
    "col_late": ("Trễ", "Late"),
    "col_in_progress": ("Đang", "In pr."),
    "col_overdue": ("Q.hạn", "Ovd."),
    "col_wr": ("Rút/TL", "W/R"),
    "col_month": ("Tháng", "Month"),
    "col_month_received": ("Nhận", "Received"),
    "col_month_resolved": ("Giải quyết", "Resolved"),
    "total_row": ("Tổng cộng", "Total"),
    "dossier_filters": ("[t] Trạng thái: {status}  [l] Lĩnh vực: {field}  [c] Quy trình: {procedure}",
                        "[t] Status: {status}  [l] Field: {field}  [c] Procedure: {procedure}"),
    "clear_hint": ("[x] bỏ lọc", "[x] clear"),
    "default_order": ("mặc định", "default"),
    "more_columns": ("← → thêm cột", "← → more columns"),
    "any": ("tất cả", "all"),
    "st_all": ("tất cả", "all"),
    "st_in_progress": ("đang giải quyết", "in progress"),
    "st_overdue": ("quá hạn", "overdue"),
    "st_attention": ("quá/sắp đến hạn", "overdue/due soon"),
    "st_resolved": ("đã giải quyết", "resolved"),
    "st_late": ("giải quyết trễ", "resolved late"),
    "st_withdrawn_returned": ("rút / trả lại", "withdrawn/returned"),
    "oc_early": ("trước hạn", "early"),
    "oc_on_due_date": ("đúng hạn", "on time"),
    "oc_late": ("TRỄ HẠN", "LATE"),
    "oc_not_due": ("chưa đến hạn", "not due"),
    "oc_overdue": ("QUÁ HẠN", "OVERDUE"),
    "oc_withdrawn": ("rút", "withdrawn"),
    "oc_returned": ("trả lại", "returned"),
    "oc_unclassified": ("?", "?"),
    "choose_procedure": ("Chọn quy trình", "Choose a procedure"),
    "all_procedures": ("— tất cả quy trình —", "— all procedures —"),
    # plan screen
    "events_title": ("Đánh giá nội bộ, xem xét của lãnh đạo, quyết định", "Audits, reviews, decisions"),
    "plan_title": ("Nhiệm vụ kế hoạch", "Plan tasks"),
    "col_task": ("Nhiệm vụ", "Task"),
    "col_deadline": ("Hạn", "Deadline"),
    "col_done": ("Hoàn thành", "Done"),
    "col_ref": ("Số văn bản", "Reference"),
    "col_note": ("Nội dung", "Note"),
    "col_kind_event": ("Loại", "Kind"),
    "ev_internal_audit": ("Đánh giá nội bộ", "Internal audit"),
    "ev_management_review": ("Xem xét lãnh đạo", "Management review"),
    "ev_conformity_declaration": ("Công bố phù hợp", "Conformity declaration"),
    "ev_steering_committee": ("Ban Chỉ đạo", "Steering committee"),
    "task_in_progress": ("đang làm", "in progress"),
    # dialogs
    "period_title": ("Chọn kỳ báo cáo", "Choose the period"),
    "period_year": ("Năm nay", "This year"),
    "period_last30": ("30 ngày qua", "Last 30 days"),
    "period_quarter": ("Quý {q}/{year}", "Q{q} {year}"),
    "period_custom": ("Hoặc nhập: dd/mm/yyyy – dd/mm/yyyy, rồi Enter", "Or type: dd/mm/yyyy – dd/mm/yyyy, then Enter"),
    "period_hint": ("↑↓ chọn · Enter áp dụng · Tab ô nhập · Esc hủy",
                    "↑↓ choose · Enter apply · Tab typed dates · Esc cancel"),
    "err_need_two_dates": ("Cần hai ngày dạng dd/mm/yyyy – dd/mm/yyyy", "Type two dates: dd/mm/yyyy – dd/mm/yyyy"),
    "err_bad_date": ("Ngày không hợp lệ: {detail}", "Not a valid date: {detail}"),
    "err_end_before_start": ("Ngày kết thúc trước ngày bắt đầu ({detail})", "The end is before the start ({detail})"),
    "future_period": ("(chưa đến)", "(not yet)"),
    "help_title": ("Trợ giúp — các phím", "Help — keys"),
    "help_close": ("Esc, q hoặc ? để đóng", "Esc, q or ? to close"),
    "choice_filter": ("gõ để lọc…", "type to filter…"),
    # notifications and commands
    "reloaded": ("Đã tải lại dữ liệu", "Data reloaded"),
    "changed_outside": ("Dữ liệu vừa được cập nhật", "The store was updated"),
    "store_error": ("Không đọc được kho dữ liệu", "Cannot read the store"),
    "exported": ("Đã lưu bản tóm tắt: {path}", "Summary saved: {path}"),
    "export_failed": ("Không lưu được: {error}", "Cannot save: {error}"),
    "period_set": ("Kỳ: {label}", "Period: {label}"),
    "cmd_goto": ("Đi tới: {name}", "Go to: {name}"),
    "cmd_goto_help": ("Phím {key}", "Key {key}"),
    "cmd_period": ("Đổi kỳ báo cáo", "Change the period"),
    "cmd_period_preset": ("Kỳ: {label}", "Period: {label}"),
    "cmd_reload": ("Tải lại dữ liệu", "Reload the data"),
    "cmd_export": ("Xuất bản tóm tắt ra tệp văn bản", "Export the summary as a text file"),
    "cmd_export_help": ("Lưu qms-summary-YYYYMMDD.txt vào thư mục hiện tại",
                        "Saves qms-summary-YYYYMMDD.txt in the current folder"),
    "cmd_help": ("Trợ giúp: danh sách phím", "Help: every key"),
    "cmd_quit": ("Thoát", "Quit"),
}

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
    """The label ``name`` in this session's language, formatted with ``values``."""
    pair = LABELS.get(name)
    text = (pair[1] if _lang == "en" else pair[0]) if pair else shared_label(name, _lang)
    return text.format(**values) if values else text


def field_short(key: str | None) -> str:
    """A field's short name for a table column; ``—`` when a procedure has no field."""
    if not key:
        return "—"
    pair = FIELD_SHORT.get(key)
    return (pair[1] if _lang == "en" else pair[0]) if pair else key
