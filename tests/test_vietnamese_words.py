"""The main error paths speak Vietnamese by default: no English sentence in what a Vietnamese user reads."""

from __future__ import annotations

import re

import pytest

from qms_tui.domain.problems import Fault, say

COMMON = {"the", "a", "an", "is", "not", "of", "to", "be", "must", "no", "such", "use", "or", "and", "before",
          "after", "already", "has", "have", "been", "it", "its", "on", "from", "one", "whole", "number", "date",
          "required", "needs", "with", "by", "for", "this", "that", "was", "in", "yet", "unknown", "cannot"}


def english_run(text: str) -> str | None:
    """A run of 3+ common English words in ``text`` (the heuristic of an untranslated sentence), else None."""
    run: list[str] = []
    for word in re.findall(r"[A-Za-z]+", text):
        run = [*run, word] if word.lower() in COMMON else []
        if len(run) >= 3:
            return " ".join(run)
    return None


def test_the_heuristic_catches_an_english_sentence():
    assert english_run("qms: risks RR-01: likelihood: 'x' is not a whole number") == "is not a"
    assert english_run("qms: risks RR-01: likelihood: 'x' không phải số nguyên") is None


VIETNAMESE_ERRORS = [
    (["risk", "edit", "RR-01", "--likelihood", "x"], "không phải số nguyên"),
    (["risk", "edit", "RR-01", "--likelihood", "9"], "phải là số nguyên từ 1 đến 5"),
    (["risk", "edit", "RR-404", "--likelihood", "2"], "không có bản ghi này"),
    (["risk", "edit", "RR-01", "--status", "gone"], "không thuộc"),
    (["risk", "add", "RR-01", "--description", "x", "--likelihood", "1", "--impact", "1"], "mã này đã có"),
    (["dossier", "resolve", "BQL-240722-0004", "--date", "31/02/2024"], "không phải ngày có thật"),
    (["dossier", "resolve", "BQL-240722-0004", "--date", "soon"], "không phải ngày"),
    (["dossier", "resolve", "BQL-240722-0004", "--date", "01/07/2024"], "trước ngày nhận hồ sơ"),
    (["dossier", "add", "X-1", "--procedure", "QT-NOPE", "--received", "01/08/2024", "--channel", "online"],
     "không có quy trình"),
    (["procedure", "edit", "QT-DT01", "--unit", "Phòng Không Có"], "không có đơn vị"),
    (["nc", "add", "--from-dossier", "BQL-240722-0004"], "không trễ hạn"),
    (["nc", "verify", "KPH-2024-01", "--result", "ok", "--effective"], "không xác nhận hiệu lực được: chưa ghi hành"),
    (["nc", "close", "KPH-2024-02"], "chưa đóng được khi chưa xác nhận hiệu lực"),
    (["nc", "act", "KPH-2024-04", "--root-cause", "x"], "đang ở trạng thái đã đóng: không còn sửa được"),
    (["nc", "verify", "KPH-2024-02", "--result", "ok", "--effective", "--date", "01/01/2024"],
     "01/01/2024 trước ngày thực hiện hành động (20/08/2024)"),
    (["review", "done", "XXLD-2024-02"], "XXLD-2024-02 đã xong (05/08/2024)"),
    (["review", "done", "XXLD-2024-09"], "không có hành động này"),
    (["calendar", "remove", "06/09/2024"], "không có ngày ghi riêng 06/09/2024"),
    (["procedure", "edit", "QT-DT01", "--online-service", "x"], "không phải mức dịch vụ công trực tuyến"),
    (["index", "scale", "set", "9.9", "--value", "1"], "không có: chọn một trong 2.1,"),
    (["index", "scale", "set", "2.1"], "không có gì để đặt"),
]


@pytest.mark.parametrize(("args", "words"), VIETNAMESE_ERRORS)
def test_cli_errors_are_vietnamese_by_default(qms, demo_db, args, words):
    run = qms(*args, "--db", demo_db)
    assert run.code == 1, run
    assert words in run.err, run.err
    assert english_run(run.err) is None, run.err


def test_qms_lang_en_gives_the_english_words(qms, demo_db, monkeypatch):
    monkeypatch.setenv("QMS_LANG", "en")
    run = qms("risk", "edit", "RR-01", "--likelihood", "x", "--db", demo_db)
    assert run.err == "qms: risks RR-01: likelihood: 'x' is not a whole number\n"


def test_a_fault_is_its_english_text_and_worded_in_any_language():
    fault = Fault("p_not_whole_number", value="'x'")
    assert fault == "'x' is not a whole number" and fault.code == "p_not_whole_number"
    assert say(fault, "vi") == "'x' không phải số nguyên"
    nested = Fault("p_not_late", code="D-1", why=Fault("p_not_past_due", due="04/09/2024"))
    assert say(nested, "vi") == "hồ sơ D-1 không trễ hạn: chưa quá hạn (04/09/2024)"
    assert say("a message that is not a fault yet", "vi") == "a message that is not a fault yet"


# -- qms check, the store's errors and the CLI's notes ---------------------------------------------------


def _lines_in_english(text: str) -> list[str]:
    return [line for line in text.splitlines() if english_run(line)]


def _broken_store(path):
    """The demo with a problem of each kind ``qms check`` reports: references, units, keys, dates, text."""
    from store_files import stored_tables, write_one_file_store

    from qms_tui.store import create_store

    create_store(path, demo=True)
    tables = stored_tables(path)
    procedures = list(tables["procedures"].values())
    procedures[0].update(unit="Phòng Ma", field="nope", legal_basis=["99/XX"])
    procedures[1]["national_code"] = procedures[2]["national_code"] = "1.0001"
    person = next(iter(tables["staff"].values()))
    person.update(unit="Phòng Ma", name="A\u202eB")
    dossiers = list(tables["dossiers"].values())
    dossiers[0]["procedure"] = "QT-NONE"
    dossiers[1].update(received="2024-08-31", finished="2024-08-30")
    course = next(iter(tables["trainings"].values()))
    course["attendees"] = [*course["attendees"], "NV-404"]
    risks = list(tables["risks"].values())
    risks[1]["likelihood"] = 9
    risks[2]["code"] = risks[3]["code"]
    write_one_file_store(path, tables)
    return path


def test_qms_check_speaks_vietnamese_on_the_demo_an_empty_store_and_a_store_with_problems(qms, demo_db, empty_db,
                                                                                        tmp_path):
    demo = qms("check", "--db", demo_db)
    assert demo.code == 0 and "có hiệu lực từ 20/06/2023; chưa cập nhật vào" in demo.out
    assert demo.out.splitlines()[-1].endswith("hợp lệ và nhất quán; 1 phát hiện"), demo.out
    empty = qms("check", "--db", empty_db)
    assert "thiết lập: chưa có tên cơ quan — chạy qms org set" in empty.out
    assert "cảnh báo: no_internal_audit: chưa có cuộc đánh giá nội bộ nào" in empty.out
    assert empty.out.splitlines()[-1].endswith("còn 5 bước thiết lập; 2 phát hiện")
    broken = qms("check", "--db", _broken_store(tmp_path / "broken.json"))
    assert broken.code == 1
    errors = [line for line in broken.out.splitlines() if line.startswith("lỗi: ")]
    for words in ("mã này được dùng 2 lần", "phải là số nguyên từ 1 đến 5", "chứa ký tự điều khiển hướng chữ",
                  "trước ngày nhận hồ sơ", "không có quy trình QT-NONE", "không có lĩnh vực nope",
                  "không có đơn vị Phòng Ma", "đã là mã TTHC của", "không có cán bộ mã: NV-404"):
        assert any(words in line for line in errors), (words, errors)
    for run in (demo, empty, broken):
        assert _lines_in_english(run.out + run.err) == [], run.out


def test_the_store_errors_are_vietnamese(qms, tmp_path):
    missing = qms("check", "--db", tmp_path / "none.json")
    assert missing.code == 2 and missing.err.startswith("qms: không có kho dữ liệu tại "), missing.err
    damaged = tmp_path / "bad.json"
    damaged.write_text("{", encoding="utf-8")
    corrupt = qms("summary", "--db", damaged)
    assert corrupt.code == 2 and "bị hỏng: tệp không phải JSON hợp lệ" in corrupt.err, corrupt.err
    assert "chưa có bản sao lưu nào" in corrupt.err
    for run in (missing, corrupt):
        assert english_run(run.err.replace("unexpected end of data", "")) is None, run.err  # the JSON decoder's


def test_cli_notes_of_writes_are_vietnamese(qms, demo_db, tmp_path):
    created = qms("init", "--db", tmp_path / "new.json")
    assert created.out == f"đã tạo kho dữ liệu mẫu {tmp_path / 'new.json'}\n"
    edit = qms("risk", "edit", "RR-01", "--status", "in_treatment", "--likelihood", "2", "--db", demo_db)
    assert edit.out == "risks RR-01: Khả năng (1–5): 4 → 2; Trạng thái: mở → đang xử lý\n", edit.out
    same = qms("risk", "edit", "RR-01", "--likelihood", "2", "--db", demo_db)
    assert same.out == "risks RR-01: không có gì thay đổi\n"
    received = qms("dossier", "add", "X-1", "--procedure", "QT-DT01", "--received", "01/07/2024", "--channel",
                   "online", "--db", demo_db)
    assert "ngày làm việc" in received.out, received.out
    late = qms("dossier", "resolve", "X-1", "--date", "30/08/2024", "--db", demo_db)
    assert "Đã giải quyết ngày 30/08/2024 (trễ " in late.out and " ngày làm việc, hạn " in late.out, late.out
    for run in (created, edit, same, received, late):
        assert run.code == 0 and english_run(run.out) is None, run


def test_the_change_log_keeps_its_english_whatever_the_language(qms, demo_db, log_of):
    qms("risk", "edit", "RR-01", "--status", "in_treatment", "--db", demo_db)
    assert log_of(demo_db)[-1]["summary"] == "status: open → in_treatment"


# -- the TUI's notices and the palette -----------------------------------------------------------------


def _recording_app(path, monkeypatch, *, read_only=False):
    """An app on ``path`` whose every notice is recorded as shown (worded), also those that expire unread."""
    from datetime import date

    from textual.app import App

    from qms_tui.store import Store
    from qms_tui.tui.app import make_app

    said: list[str] = []
    shown = App.notify

    def record(self, message, **kwargs):  # type: ignore[no-untyped-def]
        said.append(str(message))
        return shown(self, message, **kwargs)

    monkeypatch.setattr(App, "notify", record)
    monkeypatch.setenv("QMS_EXPORT_DIR", str(path.parent))
    app = make_app(Store(path, read_only=read_only), clock=lambda: date(2024, 9, 1), poll_interval=5)
    return app, said


@pytest.mark.slow
async def test_the_tui_notices_of_add_edit_close_export_and_read_only_are_vietnamese(demo_db, monkeypatch):
    from qms_tui.tui.dialogs.form import FormDialog

    app, said = _recording_app(demo_db, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "a")  # add a risk
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        for name, value in (("code", "RR-50"), ("description", "Mất dữ liệu"), ("likelihood", "2"),
                            ("impact", "3"), ("treatment", "Sao lưu"), ("owner", "Văn phòng")):
            form.widget(name).value = value
        await pilot.pause()
        form.action_save()
        await pilot.pause()
        await pilot.press("slash", *"rr-01", "enter", "e")  # edit a risk: the change summary
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.widget("likelihood").value = "2"
        await pilot.pause()
        form.action_save()
        await pilot.pause()
        await pilot.press("d")  # close it
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("E", "enter")  # export the screen
        await pilot.pause(0.5)
    assert any("RR-50" in line for line in said), said
    assert any("Khả năng (1–5): 4 → 2" in line for line in said), said
    assert any("RR-01" in line and "đóng" in line.lower() for line in said), said
    assert len(said) >= 4 and [line for line in said if english_run(line)] == [], said


async def test_the_read_only_notice_and_the_store_error_notice_are_vietnamese(demo_db, monkeypatch):
    app, said = _recording_app(demo_db, monkeypatch, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "a")
        await pilot.pause()
        demo_db.write_text("{", encoding="utf-8")  # the store damaged under the app: the reload says so
        await pilot.press("r")
        await pilot.pause()
    assert "Chỉ đọc: không sửa được" in said
    assert any("bị hỏng" in line for line in said), said
    assert [line for line in said if english_run(line)] == [], said


async def test_the_palette_speaks_the_apps_language(demo_db, monkeypatch):
    from qms_tui.tui.commands import WordedPalette

    app, _ = _recording_app(demo_db, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, WordedPalette)
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Tìm lệnh…" in shown and "Search for commands" not in shown
        await pilot.press(*"zzzqqq")
        await pilot.pause(0.8)  # Textual waits half a second before it says that nothing matches
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Không tìm thấy lệnh nào" in shown and "No matches" not in shown


# -- the CLI's notes of imports, exports, the calendar, the registers and usage errors ------------------


def test_import_notes_and_counts_are_vietnamese_and_english_with_qms_lang_en(qms, demo_db, tmp_path, monkeypatch):
    csv_file = tmp_path / "mot-cua.csv"
    csv_file.write_text("code,procedure,received,Chủ hồ sơ,STT\nX-1,QT-DT01,2024-08-01,An,1\n"
                        "X-2,QT-DT01,2024-08-02,Bình,2\n", encoding="utf-8")
    dry = qms("import", "dossiers", csv_file, "--dry-run", "--db", demo_db)
    assert dry.code == 0, dry.err
    assert "chạy thử, chưa ghi gì: sẽ là thêm 2, cập nhật 0, không đổi 0" in dry.out, dry.out
    assert "ghi chú: bỏ qua cột thông tin người nộp, không bao giờ lưu (dữ liệu cá nhân): Chủ hồ sơ" in dry.err
    assert "ghi chú: tệp không có cột kênh nộp: hồ sơ mới chưa rõ kênh" in dry.err
    assert "ghi chú: bỏ qua cột: STT" in dry.err
    done = qms("import", "dossiers", csv_file, "--channel", "online", "--db", demo_db)
    assert done.out.endswith("mot-cua.csv: thêm 2, cập nhật 0, không đổi 0\n"), done.out
    assert "hồ sơ mới được ghi kênh trực tuyến (--channel)" in done.err, done.err
    for run in (dry, done):
        assert _lines_in_english(run.out + run.err) == [], run.out + run.err
    monkeypatch.setenv("QMS_LANG", "en")
    again = qms("import", "dossiers", csv_file, "--channel", "online", "--db", demo_db)
    assert again.out.endswith("mot-cua.csv: 0 added, 0 updated, 2 unchanged\n"), again.out
    assert "note: the file has no channel column: new dossiers are filed as online (--channel)" in again.err


def test_export_calendar_register_and_log_notes_are_vietnamese(qms, demo_db, tmp_path):
    exported = qms("export", "dossiers", "-o", tmp_path / "hs.csv", "--db", demo_db)
    assert exported.err == f"đã ghi 878 hồ sơ vào {tmp_path / 'hs.csv'}\n", exported.err
    copied = qms("export", "store", tmp_path / "copy.json", "--db", demo_db)
    assert copied.out.startswith(f"đã ghi kho dữ liệu vào {tmp_path / 'copy.json'} (878 hồ sơ, 66 quy trình"), \
        copied.out
    day_off = qms("calendar", "add", "05/09/2024", "--db", demo_db)
    assert day_off.out.startswith("đã ghi: 05/09/2024 ngày nghỉ\nđổi hạn của "), day_off.out
    assert "đổi hạn của 1 phản ánh, kiến nghị:" in day_off.out and "mục nữa (qms log)" in day_off.out
    removed = qms("calendar", "remove", "05/09/2024", "--db", demo_db)
    assert removed.out.startswith("đã bỏ ngày ghi riêng 05/09/2024\n"), removed.out
    ncs = qms("nc", "list", "--db", demo_db)
    assert "điểm không phù hợp" in ncs.out.splitlines()[-1] and "chưa đóng" in ncs.out.splitlines()[-1]
    reviews = qms("review", "list", "--db", demo_db)
    assert "hành động chưa xong" in reviews.out.splitlines()[-1], reviews.out
    log = qms("log", "--since", "01/01/2099", "--db", demo_db)
    assert log.out == "không có thay đổi nào từ 01/01/2099\n"
    empty = tmp_path / "empty.json"
    assert qms("init", "--empty", "--db", empty).code == 0
    nothing = [qms(*command, "--db", empty).out for command in (["audit", "list"], ["review", "list"],
                                                                  ["nc", "list"], ["legal", "list"])]
    assert nothing[:3] == ["chưa có cuộc đánh giá nội bộ nào\n", "chưa có cuộc xem xét của lãnh đạo nào\n",
                           "chưa có điểm không phù hợp nào\n"], nothing
    for run in (exported, copied, day_off, removed, ncs, reviews, log):
        assert run.code == 0 and _lines_in_english(run.out + run.err) == [], run


def test_a_bad_option_value_is_worded_in_vietnamese(qms, demo_db):
    year = qms("report", "--year", "1999", "--db", demo_db)
    assert year.code == 2 and "1999 không phải năm (ví dụ 2024)" in year.err, year.err
    as_of = qms("summary", "--as-of", "someday", "--db", demo_db)
    assert "'someday' không phải ngày" in as_of.err and "hoặc today hoặc pinned" in as_of.err, as_of.err
    lang = qms("summary", "--lang", "fr", "--db", demo_db)
    assert "'fr': chọn vi hoặc en" in lang.err, lang.err


def test_clicks_own_words_around_a_usage_error_are_vietnamese_and_english_with_qms_lang_en(qms, demo_db,
                                                                                         monkeypatch):
    missing = qms("risk", "edit", "--db", demo_db)
    assert missing.code == 2 and missing.err.startswith("Cách dùng: qms risk edit [OPTIONS]"), missing.err
    assert "Xem 'qms risk edit --help' để được hướng dẫn." in missing.err
    assert missing.err.endswith("Lỗi: Thiếu đối số 'code'.\n"), missing.err
    bad = qms("nc", "list", "--status", "zz", "--db", demo_db)
    assert "Lỗi: Giá trị không hợp lệ cho --status: 'zz': chọn một trong open," in bad.err, bad.err
    unknown = qms("summary", "--nope", "--db", demo_db)
    assert "Lỗi: Không có tuỳ chọn: --nope" in unknown.err, unknown.err
    for run in (missing, bad, unknown):
        assert english_run(run.err) is None and "Usage:" not in run.err and "Error:" not in run.err, run.err
    monkeypatch.setenv("QMS_LANG", "en")
    english = qms("risk", "edit", "--db", demo_db)
    assert english.err == ("Usage: qms risk edit [OPTIONS] {code}\nTry 'qms risk edit --help' for help.\n\n"
                           "Error: Missing argument 'code'.\n"), english.err
    unknown = qms("summary", "--nope", "--db", demo_db)
    assert unknown.err.endswith("Error: No such option: --nope (Possible options: --to)\n"), unknown.err


# -- the store's lock, restore, copies and outputs ---------------------------------------------------------


def test_the_stores_lock_restore_copy_and_output_refusals_are_vietnamese(qms, demo_db, tmp_path, monkeypatch):
    import fcntl

    from qms_tui.store import Store

    monkeypatch.setenv("QMS_LOCK_WAIT", "0.2")
    with open(Store(demo_db).lock_path, "a+b") as holding:  # another writer holds the lock (it did not say who)
        fcntl.flock(holding, fcntl.LOCK_EX)
        busy = qms("risk", "edit", "RR-01", "--likelihood", "2", "--db", demo_db)
    assert busy.code == 2 and f"kho dữ liệu {demo_db} đang bận: đang bị một tiến trình khác giữ" in busy.err, busy
    copy = tmp_path / "copy.json"
    copy.write_text("x", encoding="utf-8")
    exists = qms("export", "store", copy, "--db", demo_db)
    assert f"{copy} đã có: không ghi đè (--force để thay)" in exists.err, exists.err
    onto = qms("summary", "-o", demo_db, "--db", demo_db)
    assert f"không ghi {demo_db}: đó là chính kho dữ liệu: hãy chọn tệp khác" in onto.err, onto.err
    folder = qms("summary", "-o", tmp_path, "--db", demo_db)
    assert "đó là một thư mục, không phải tệp thông thường" in folder.err, folder.err
    no_backup = qms("restore", "nope.json", "--db", demo_db)
    assert "không có bản sao lưu nope.json (qms check liệt kê các bản sao lưu của" in no_backup.err, no_backup.err
    read_only = qms("--read-only", "--db", demo_db, "risk", "edit", "RR-01", "--likelihood", "2")
    assert "đang mở chỉ đọc: không sửa được gì" in read_only.err, read_only.err
    again = qms("init", "--db", demo_db)
    assert f"{demo_db} đã có: không ghi đè" in again.err, again.err
    for run in (busy, exists, onto, folder, no_backup, read_only, again):
        assert run.code != 0 and _lines_in_english(run.out + run.err) == [], run
    monkeypatch.setenv("QMS_LANG", "en")
    english = qms("summary", "-o", demo_db, "--db", demo_db)
    assert f"not writing {demo_db}: it is the store itself: choose another file" in english.err, english.err


def test_a_malformed_import_names_file_line_and_field_in_vietnamese(qms, demo_db, tmp_path, monkeypatch):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,procedure,channel,received,due,finished,outcome,pauses\n"
                   "A-1,QT-KHONG,online,2024-08-01,,,,\nA-2,QT-DT01,fax,31/02/2024,,,,\n"
                   "A-3,QT-DT01,online,2024-08-01,,2024-07-01,resolved,\nA-4,QT-DT01,online,2024-08-01,,,resolved,\n"
                   "A-5,QT-DT01,online,2024-08-01,,,,2024-08-05..2024-08-02\nA-1,QT-DT01,online,2024-08-01,,,,\n",
                   encoding="utf-8")
    run = qms("import", "dossiers", bad, "--db", demo_db)
    assert run.code == 1
    assert run.err.splitlines() == [
        f"{bad}:2: procedure: không có quy trình 'QT-KHONG'",
        f"{bad}:3: channel: 'fax' không phải kênh: trực tuyến, trực tiếp, bưu chính (online, direct, postal)",
        f"{bad}:3: received: '31/02/2024' không phải ngày có thật",
        f"{bad}:4: finished: 01/07/2024 trước ngày nhận hồ sơ 01/08/2024",
        f"{bad}:5: finished: để trống nhưng kết quả là Đã giải quyết",
        f"{bad}:6: pauses: lần tạm dừng 1 kết thúc trước khi bắt đầu",
        f"{bad}:7: code: A-1 cũng có ở dòng 2",
        f"qms: {bad}: 7 lỗi; chưa nhập gì",
    ], run.err
    headless = tmp_path / "headless.csv"
    headless.write_text("a,b\n1,2\n", encoding="utf-8")
    missing = qms("import", "dossiers", headless, "--db", demo_db)
    assert f"{headless}:1: thiếu cột: code (" in missing.err and ") hoặc procedure_name (" in missing.err
    nothing = qms("import", "dossiers", tmp_path / "nope.csv", "--db", demo_db)
    assert nothing.err == f"qms: {tmp_path / 'nope.csv'}: không có tệp này\n"
    good = tmp_path / "good.csv"
    good.write_text("code,procedure,channel,received\nA-1,QT-DT01,online,2024-08-01\n", encoding="utf-8")
    dry = qms("import", "dossiers", good, "--dry-run", "--db", demo_db)
    assert "  dòng 2: thêm A-1 (QT-DT01, trực tuyến, nhận 01/08/2024, hạn 22/08/2024)\n" in dry.out, dry.out
    for each in (run, missing, nothing, dry):
        assert _lines_in_english(each.out + each.err) == [], each
    monkeypatch.setenv("QMS_LANG", "en")
    english = qms("import", "dossiers", bad, "--db", demo_db)
    assert english.err.splitlines()[-1] == f"qms: {bad}: 7 problems; nothing was imported"
    assert f"{bad}:7: code: A-1 is also on line 2" in english.err


# -- qms report edit: the file's headings in the session's language, read back in either -----------------


def _editor(tmp_path, script: str) -> str:
    """An $EDITOR that runs ``script`` with ``path`` (the file to edit) and ``text`` (its content)."""
    import shlex
    import sys
    import textwrap

    source = tmp_path / "editor.py"
    source.write_text("import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text('utf-8')\n"
                      + textwrap.dedent(script), encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(source))}"


def test_report_edit_writes_vietnamese_headings_and_reads_back_either_language(qms, demo_db, tmp_path, monkeypatch):
    from qms_tui.reports.narrative import parse_edit_file, to_edit_file
    from qms_tui.store import Store

    seen = tmp_path / "seen.md"
    monkeypatch.setenv("EDITOR", _editor(tmp_path, f"""
        pathlib.Path({str(seen)!r}).write_text(text, 'utf-8')
        path.write_text(text.replace('## Kiến nghị\\n', '## Kiến nghị\\n- Kiến nghị thêm.\\n'), 'utf-8')
    """))
    saved = qms("report", "edit", "--year", "2024", "--db", demo_db)
    assert saved.code == 0 and saved.out.startswith("đã lưu lời văn báo cáo năm 2024 vào "), saved
    shown = seen.read_text("utf-8")
    assert "## Số\n" in shown and "## Đánh giá chung\n" in shown and "## Kiến nghị\n" in shown
    assert "English" not in shown and "## Recommendations" not in shown
    assert [line for line in shown.splitlines() if english_run(line)] == [], shown
    text = Store(demo_db).snapshot().report_text(2024)
    assert text.recommendations[0] == "Kiến nghị thêm."
    english_file = to_edit_file(text, 2024, "BC-BQL", "en")  # an old or English file still loads
    assert "## Recommendations\n" in english_file and parse_edit_file(english_file, 2024) == text
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "path.write_text('garbage\\n', 'utf-8')\n"))
    bad = qms("report", "edit", "--year", "2024", "--db", demo_db)
    assert bad.code == 1 and ": dòng 1: có chữ trước tiêu đề đầu tiên \"## Số\": chưa lưu gì" in bad.err, bad.err
    assert english_run(bad.err) is None, bad.err


def test_clicks_whole_sentences_are_reworded_and_the_root_lang_reaches_early_usage_errors(qms, demo_db):
    nosuch = qms("nosuch", "--db", demo_db)
    assert nosuch.code == 2 and nosuch.err.endswith("Lỗi: Không có lệnh 'nosuch'.\n"), nosuch.err
    extra = qms("summary", "extra", "--db", demo_db)
    assert extra.err.endswith("Lỗi: Thừa đối số (extra)\n"), extra.err
    integer = qms("due", "--within", "x", "--db", demo_db)
    assert "'x' không phải số nguyên hợp lệ." in integer.err, integer.err
    out_of_range = qms("due", "--within", "-3", "--db", demo_db)
    assert "-3 nằm ngoài khoảng 0<=x<=366." in out_of_range.err, out_of_range.err
    for run in (nosuch, extra, integer, out_of_range):
        assert english_run(run.err) is None and "Error:" not in run.err and "Usage:" not in run.err, run.err
    english = qms("--lang", "en", "nosuch", "--db", demo_db)
    assert english.err.startswith("Usage: qms [OPTIONS] COMMAND") and english.err.endswith(
        "Error: No such command 'nosuch'.\n"), english.err
    missing = qms("--lang=en", "risk", "edit", "--db", demo_db)
    assert missing.err.endswith("Error: Missing argument 'code'.\n"), missing.err
    after = qms("nosuch", "--db", demo_db)  # the next run is in its own language again
    assert after.err.endswith("Lỗi: Không có lệnh 'nosuch'.\n"), after.err


def test_list_cells_and_org_show_are_vietnamese_and_english_with_qms_lang_en(qms, demo_db, monkeypatch):
    ncs = qms("nc", "list", "--db", demo_db).out.splitlines()
    assert ncs[0].startswith("KPH-2024-01  đang mở ") and "hạn 15/08/2024  QUÁ HẠN 17 ngày" in ncs[0], ncs
    assert "đã thực hiện hành động hạn 30/09/2024  mở 73 ngày" in ncs[1] and "đóng 20/06/2024" in ncs[3], ncs
    reviews = qms("review", "list", "--db", demo_db).out.splitlines()
    assert "chủ trì Phạm Văn Thành  đầu vào a,b," in reviews[0] and "xong 05/08/2024" in reviews[2], reviews
    audits = qms("audit", "list", "--db", demo_db).out.splitlines()
    assert audits[0].startswith("DGNB-2024  đã thực hiện") and "điểm không phù hợp 7.2" in audits[1], audits
    org = qms("org", "show", "--db", demo_db).out.splitlines()
    assert org[0].startswith("Tên cơ quan:") and any(line.startswith("Nơi nhận:") for line in org), org
    for lines in (ncs, reviews, audits, org):
        assert [line for line in lines if english_run(line) or "OVERDUE" in line or " due " in line] == [], lines
    acted = qms("nc", "act", "KPH-2024-05", "--root-cause", "x", "--action", "y", "--db", demo_db)
    checked = qms("nc", "verify", "KPH-2024-05", "--result", "ok", "--effective", "--db", demo_db)
    closed = qms("nc", "close", "KPH-2024-05", "--db", demo_db)
    raised = qms("nc", "add", "--source", "complaint", "--description", "x", "--db", demo_db)
    done = qms("review", "done", "XXLD-2024-03", "--db", demo_db)
    assert acted.out == "nonconformities KPH-2024-05: đã thực hiện hành động ngày 01/09/2024 (trạng thái: đã thực " \
                        "hiện hành động)\n", acted.out
    assert "đã kiểm tra ngày 01/09/2024: có hiệu lực (trạng thái: đã xác nhận hiệu lực)" in checked.out
    assert closed.out.endswith(": đã đóng ngày 01/09/2024\n") and "đã ghi nhận từ phản ánh, kiến nghị" in raised.out
    assert done.out == "reviews XXLD-2024: hành động XXLD-2024-03 xong ngày 01/09/2024\n", done.out
    for run in (acted, checked, closed, raised, done):
        assert run.code == 0 and english_run(run.out) is None, run
    monkeypatch.setenv("QMS_LANG", "en")
    english = qms("nc", "list", "--db", demo_db).out.splitlines()
    assert english[0].startswith("KPH-2024-01  open               due 15/08/2024  OVERDUE 17d"), english
    assert qms("org", "show", "--db", demo_db).out.startswith("name:              Ban Quản lý")


def test_show_mapping_explains_each_column_and_value_in_vietnamese(qms, demo_db, tmp_path, monkeypatch):
    csv_file = tmp_path / "mot-cua.csv"
    csv_file.write_text("Mã hồ sơ,Mã TTHC,Ngày tiếp nhận,Hình thức nộp,Trạng thái,Chủ hồ sơ,STT\n"
                        "X-1,QT-DT01,01/08/2024,Trực tuyến toàn trình,Đang xử lý,An,1\n"
                        "X-2,QT-DT01,02/08/2024,Fax,Hủy,Bình,2\n", encoding="utf-8")
    run = qms("import", "dossiers", csv_file, "--show-mapping", "--db", demo_db)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].endswith("mot-cua.csv': dòng tiêu đề ở dòng 1") and lines[1] == "các cột:"
    assert "  6. 'Chủ hồ sơ' → dữ liệu cá nhân: không bao giờ đọc hay lưu" in lines
    assert "  7. 'STT' → bỏ qua" in lines
    assert "giá trị (2 dòng dữ liệu):" in lines
    assert "    'QT-DT01' ×2 → QT-DT01 (theo mã)" in lines
    assert any(line.startswith("    'Fax' ×1 → KHÔNG HIỂU ĐƯỢC (") for line in lines), lines
    assert "  received: ví dụ '01/08/2024' → 01/08/2024" in lines
    assert _lines_in_english(run.out + run.err) == [], run.out + run.err
    monkeypatch.setenv("QMS_LANG", "en")
    english = qms("import", "dossiers", csv_file, "--show-mapping", "--db", demo_db).out.splitlines()
    assert "values (2 data rows):" in english and "    'QT-DT01' ×2 → QT-DT01 (by code)" in english


def test_a_broken_settings_file_is_worded_in_vietnamese(qms, demo_db, isolated_env):
    config = isolated_env / ".config" / "qms-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('colour = "pink"\n', encoding="utf-8")
    run = qms("summary", "--db", demo_db)
    assert run.code == 1
    assert run.err == (f"qms: {config}: không có mục cấu hình 'colour' (các mục: db, lang, theme, export_dir, "
                       "as_of)\n")
    config.write_text('theme = "pink"\n', encoding="utf-8")
    assert "theme = 'pink': chọn một trong default, light, ansi" in qms("summary", "--db", demo_db).err
