"""``y`` copies the selected row's code and ``Y`` the row, with OSC 52, escaped, with a notice."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable
from pathlib import Path

from tui_helpers import messages, settle

from qms_tui.store import Store
from qms_tui.tui.app import QmsApp
from qms_tui.tui.widgets.record_table import RecordTable

OSC52 = re.compile(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")


def capture(app: QmsApp) -> list[str]:
    sent: list[str] = []
    driver = app._driver
    original = driver.write

    def write(data: str) -> None:
        sent.append(data)
        original(data)

    driver.write = write  # type: ignore[method-assign]
    return sent


def copied(sent: list[str]) -> list[str]:
    return [base64.b64decode(m).decode("utf-8") for data in sent for m in OSC52.findall(data)]


async def test_y_copies_the_code_and_Y_the_row_escaped(make: Callable[..., QmsApp], store_dir: Path):
    with Store(store_dir / "qms.json").transaction() as tx:
        doc = next(d for d in tx.tables["risks"].values() if d["code"] == "RR-02")
        doc["description"] = "Văn bản\x1b]0;pwned\x07 mới"
        tx.touched("risks")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        sent = capture(app)
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one(RecordTable)
        assert table.cursor_record.code == "RR-02"  # highest score first
        await pilot.press("y")
        await settle(pilot)
        assert copied(sent) == ["RR-02"]
        assert any(m.startswith("Đã chép vào bộ nhớ tạm: RR-02 · cũng lưu ở ") for m in messages(app))
        kept = Path(os.environ["XDG_CACHE_HOME"]) / "qms-tui" / "clipboard.txt"
        assert kept.read_text(encoding="utf-8") == "RR-02\n"  # for a terminal that ignores OSC 52
        assert str(kept) in messages(app)[-1]
        await pilot.press("Y")
        await pilot.pause()
        row = copied(sent)[-1]
        assert row.split("\t")[0] == "RR-02"
        assert "Văn bản\\x1b]0;pwned\\x07 mới" in row  # written out, never sent raw
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", row)
        assert app.clipboard == row


async def test_on_the_linux_console_y_says_the_copy_is_in_a_file(make: Callable[..., QmsApp], monkeypatch):
    monkeypatch.setenv("TERM", "linux")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        kept = Path(os.environ["XDG_CACHE_HOME"]) / "qms-tui" / "clipboard.txt"
        assert kept.read_text(encoding="utf-8") == "RR-02\n"
        assert (kept.stat().st_mode & 0o077) == 0  # the user's own
        assert messages(app)[-1] == f"Terminal này không chép được vào bộ nhớ tạm; đã lưu RR-02 vào {kept}"
