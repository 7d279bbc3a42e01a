"""The annual report from the TUI: exported through the palette, its narrative edited in $EDITOR."""

from __future__ import annotations

import stat
import sys
from datetime import datetime
from pathlib import Path

import pytest
from tui_helpers import wait_for

from qms_tui.store import Store

SIZE = (80, 24)
NOW = datetime(2024, 9, 2, 8, 30, 5)


@pytest.mark.slow
async def test_palette_exports_the_annual_report_with_the_seed_figures(make, store_dir: Path):
    app = make()
    app.export_clock = lambda: NOW
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"xuat bao cao htqlcl nam 2024 ra tep van ban")
        await pilot.pause(0.3)
        await pilot.press("enter")
        path = store_dir / "qms-report-2024-20240902-083005.txt"
        assert await wait_for(pilot, path.is_file)
        text = path.read_text(encoding="utf-8")
        assert "Số: 3966/BC-BQL" in text
        assert "Tổng số hồ sơ yêu cầu giải quyết TTHC: 578 Hồ sơ" in text
        assert "55/55" in text and "66/55" not in text


@pytest.mark.slow
async def test_palette_exports_the_annual_report_as_a_word_file(make, store_dir: Path):
    import io

    import docx

    app = make()
    app.export_clock = lambda: NOW
    async with app.run_test(size=SIZE) as pilot:
        titles = [title for title, _, _ in app.palette_commands()]
        assert "Xuất báo cáo HTQLCL năm 2024 ra tệp tài liệu Word (.docx)" in titles
        await pilot.press("ctrl+p", *"xuat bao cao htqlcl nam 2024 ra tep word")
        await pilot.pause(0.3)
        await pilot.press("enter")
        path = store_dir / "qms-report-2024-20240902-083005.docx"
        assert await wait_for(pilot, path.is_file)
        content = path.read_bytes()
        assert content.startswith(b"PK")
        texts = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
        assert "(1) Tổng số hồ sơ yêu cầu giải quyết TTHC: 578 Hồ sơ" in texts
        assert any(str(path) in str(n.message) for n in app._notifications)


def _fake_editor(folder: Path, body: str) -> str:
    """An $EDITOR that replaces the recommendations section of the file it is given."""
    script = folder / "editor.py"
    script.write_text(
        "import sys, re\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        f"text = re.sub(r'(## Kiến nghị\\n)(.*)', lambda m: m.group(1) + {body!r}, text, flags=re.S)\n"
        "open(path, 'w', encoding='utf-8').write(text)\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return f"{sys.executable} {script}"


async def test_palette_edits_the_report_narrative_in_the_editor(make, store_dir: Path, monkeypatch):
    monkeypatch.setenv("EDITOR", _fake_editor(store_dir, "\n- Đề nghị tổ chức tập huấn cho cán bộ mới.\n"))
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        app.action_edit_report_text()
        await app.workers.wait_for_complete()  # the save runs in a thread
        await pilot.pause()
        assert any("2024" in str(n.message) for n in app._notifications)  # saved: said so
    text = Store(store_dir / "qms.json").snapshot().report_text(2024)
    assert text.recommendations == ["Đề nghị tổ chức tập huấn cho cán bộ mới."]
    assert text.difficulties  # the other sections are kept


async def test_editing_the_narrative_is_refused_read_only(make, store_dir: Path, monkeypatch):
    monkeypatch.setenv("EDITOR", _fake_editor(store_dir, "\n- x\n"))
    before = (store_dir / "qms.json").read_bytes()
    app = make(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        app.action_edit_report_text()
        await pilot.pause()
        assert any("Chỉ đọc" in str(n.message) for n in app._notifications)
    assert (store_dir / "qms.json").read_bytes() == before


async def test_an_english_session_exports_the_report_in_english(make, store_dir: Path):
    from qms_tui.labels import set_lang

    set_lang("en")
    try:
        app = make()
        app.export_clock = lambda: NOW
        async with app.run_test(size=SIZE) as pilot:
            app.action_export_report("markdown")
            path = store_dir / "qms-report-2024-20240902-083005.md"
            assert await wait_for(pilot, path.is_file)
            text = path.read_text(encoding="utf-8")
    finally:
        set_lang("vi")
    assert "# REPORT" in text and "No.: 3966/BC-BQL" in text
    assert "(1) Dossiers to resolve, in total: 578 dossiers" in text
    assert "Tổng số hồ sơ" not in text and "Nơi nhận" not in text
