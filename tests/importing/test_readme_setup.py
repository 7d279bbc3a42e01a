"""The README's "Set up your own agency" is true: its commands, run as written from ``qms init --empty``
with a small one-stop-shop workbook, succeed, and ``qms check`` reports the TTHC of the remit not yet in
the QMS as a finding (a warning, exit 0), not as an error."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from exports import write_xlsx

README = Path(__file__).resolve().parents[2] / "README.md"

ROWS = [
    ["SỞ TƯ PHÁP TỈNH NAM ĐỊNH"],
    ["DANH SÁCH HỒ SƠ"],
    ["Mã hồ sơ", "Mã TTHC", "Tên thủ tục hành chính", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả",
     "Ngày trả kết quả", "Trạng thái", "Họ tên người nộp"],
    ["000.00.31.H39-240102-0001", "1.001193.000.00.00.H39", "Đăng ký khai sinh", "Trực tuyến toàn trình",
     "02/01/2024 08:15:00", "", "04/01/2024 10:00:00", "Đã trả kết quả", "Nguyễn Văn X"],
    ["000.00.31.H39-240103-0001", "1.001193", "Đăng ký khai sinh", "Trực tiếp", "03/01/2024 09:00:00", "",
     "", "Đang xử lý", "Trần Thị Y"],
]  # fmt: skip


def readme_commands() -> list[list[str]]:
    """The ``qms`` command lines of the README's setup block, as a shell would split them."""
    text = README.read_text(encoding="utf-8")
    block = text.split("## Set up your own agency", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands: list[list[str]] = []
    for line in block.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        while words:
            command, words = (words[: words.index(";")], words[words.index(";") + 1:]) if ";" in words else (words, [])
            if command and command[0] == "qms":
                commands.append(command[1:])
    return commands


def test_the_readme_setup_commands_work_as_written(qms, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QMS_DB", str(tmp_path / "stp" / "qms.json"))  # the README's `export QMS_DB=…`
    write_xlsx(tmp_path / "mot-cua.xlsx", {"Sheet1": ROWS})
    commands = readme_commands()
    assert [c[:2] for c in commands] == [["init", "--empty"], ["org", "set"], ["field", "add"], ["procedure", "add"],
                                         ["staff", "add"], ["import", "dossiers"], ["check"], ["summary"]]
    outputs = {}
    for command in commands:
        run = qms(*command)
        assert run.code == 0, (command, run.err)
        outputs[command[0]] = run.out
    assert "mot-cua.xlsx: thêm 2, cập nhật 0" in outputs["import"]  # in Vietnamese, the default
    check = outputs["check"].splitlines()
    assert not [line for line in check if line.startswith(("lỗi:", "thiết lập:"))], check  # in Vietnamese, the default
    assert ("cảnh báo: tthc_coverage: 1 quy trình TTHC trong HTQLCL trên 120 TTHC thuộc thẩm quyền: còn 119 TTHC "
            "chưa đưa vào HTQLCL (qms procedure add)") in check
    assert any(line.startswith("cảnh báo: late_without_apology:") for line in check), check  # open since 2024
    assert check[-1].startswith("ok: ") and check[-1].endswith("4 phát hiện")  # + no audit, no review yet
    assert qms("check", "--strict").code == 1
    assert outputs["summary"].splitlines()[0] == "Tình hình HTQLCL — Sở Tư pháp tỉnh Nam Định"
    assert "TTHC vào HTQLCL: 1/120" in outputs["summary"]
    report = qms("report", "--year", "2024")
    assert report.code == 0, report.err
    head = report.out.splitlines()[:6]
    assert "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH" in head[0] and "SỞ TƯ PHÁP TỈNH NAM ĐỊNH" in head[1]
    assert "/BC-STP" in head[4] and "Nam Định, ngày" in head[4]
    assert "Cụ thể các quy trình: các quy trình giải quyết" in report.out.replace("\n      ", " ")
