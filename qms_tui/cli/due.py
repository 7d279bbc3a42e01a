"""``qms due``: everything due or overdue in the next N working days, for a person, a chat or cron.

The text fits 80 columns so that it pastes into a chat or an e-mail unchanged; ``--check`` exits 1 when
anything is overdue, so ``qms due --check || mail …`` in a crontab warns before the auditor does.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Annotated

import typer

from qms_tui.cli.common import choose_format, choose_language, emit, open_for_command
from qms_tui.cli.options import AsOfOption, DbOption, ReadOnlyOption
from qms_tui.domain.due import DEFAULT_WITHIN, KINDS, DueItem, DueList, due_list
from qms_tui.domain.safety import json_visible, visible
from qms_tui.i18n import day, t

WIDTH = 80
"""Columns of the plain text: a terminal, a chat window, an e-mail."""
CODE_WIDTH = 18


def due(
    db: DbOption = None,
    within: Annotated[
        int, typer.Option("--within", "-n", min=0, max=366, help="Working days ahead to look (default 10).")
    ] = DEFAULT_WITHIN,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, markdown or json.")] = "text",
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when anything is overdue (for cron).")] = False,
    as_of: AsOfOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="vi or en (default: $QMS_LANG, else vi).")] = None,
    read_only: ReadOnlyOption = False,
) -> None:
    """Everything due or overdue in the next N working days, across every register."""
    language = choose_language(lang)
    fmt = choose_format("due", output, fmt)
    store = open_for_command(db, True, as_of, output)
    found = due_list(store.snapshot(), within)
    emit(render_due(found, fmt, language), output, store)
    if check and found.overdue:
        raise typer.Exit(1)


def render_due(found: DueList, fmt: str, lang: str) -> str:
    """The list in one of ``formats.DUE_FORMATS``."""
    return {"text": render_text, "markdown": render_markdown, "json": render_json}[fmt](found, lang)


def _when(item: DueItem, lang: str) -> str:
    if item.days < 0:
        return t("due_overdue_days", lang).format(n=-item.days)
    return t("due_in_days", lang).format(n=item.days) if item.days else t("due_today", lang)


def _plain_what(item: DueItem, lang: str) -> str:
    """The item's stored text; for the 12-month events, what the date means."""
    if item.kind in ("audit", "management_review") and not item.what:
        return t("due_none_on_record", lang) if not item.code else t("due_next_after", lang).format(code=item.code)
    return item.what


def _what(item: DueItem, lang: str) -> str:
    """The item's text and owner, one line, escaped."""
    text = _plain_what(item, lang)
    if item.owner:
        text = f"{text} · {item.owner}" if text else item.owner
    return visible(text, one_line=True)


def _header(found: DueList, lang: str) -> list[str]:
    title = t("due_title", lang).format(n=found.within, horizon=day(found.horizon, lang), today=day(found.today, lang))
    overdue = len(found.overdue)
    counts = t("due_counts", lang).format(overdue=overdue, soon=len(found.items) - overdue)
    return [title, f"{counts} · {t('due_days_note', lang)}"]


def render_text(found: DueList, lang: str) -> str:
    """Sections by register, one line per item, every line at most ``WIDTH`` columns."""
    lines = [clip(line, WIDTH) for line in _header(found, lang)]
    if not found.items:
        return "\n".join([*lines, "", t("due_nothing", lang)]) + "\n"
    for kind in KINDS:
        items = found.of_kind(kind)
        if not items:
            continue
        lines += ["", clip(f"{t('due_kind_' + kind, lang)} ({len(items)})", WIDTH)]
        codes = [clip(visible(i.code, one_line=True), CODE_WIDTH) for i in items]
        code_width = max(cells(c) for c in codes)
        whens = [_when(i, lang) for i in items]
        when_width = max(cells(w) for w in whens)
        for item, code, when in zip(items, codes, whens, strict=True):
            head = f"  {day(item.due, lang)}  {pad(when, when_width)}  {pad(code, code_width)}  "
            lines.append(clip(head + _what(item, lang), WIDTH).rstrip())
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return visible(text, one_line=True).replace("|", "\\|")


def render_markdown(found: DueList, lang: str) -> str:
    """A heading per register and a table each: pastes into a wiki, a chat or a ticket."""
    title, counts = _header(found, lang)
    lines = [f"# {_md_cell(title)}", "", _md_cell(counts)]
    if not found.items:
        return "\n".join([*lines, "", t("due_nothing", lang)]) + "\n"
    columns = [t(f"due_col_{c}", lang) for c in ("due", "when", "code", "what", "owner")]
    for kind in KINDS:
        items = found.of_kind(kind)
        if not items:
            continue
        lines += ["", f"## {t('due_kind_' + kind, lang)} ({len(items)})", "",
                  "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for item in items:
            cells_ = [day(item.due, lang), _when(item, lang), item.code, _plain_what(item, lang), item.owner]
            lines.append("| " + " | ".join(_md_cell(c) for c in cells_) + " |")
    return "\n".join(lines) + "\n"


def render_json(found: DueList, lang: str) -> str:
    """For programs: ISO dates, working days (negative: overdue), stored text as is (JSON-escaped)."""
    data = {
        "as_of": found.today.isoformat(), "within": found.within, "horizon": found.horizon.isoformat(),
        "overdue": len(found.overdue),
        "items": [
            {"kind": i.kind, "code": i.code, "what": i.what, "owner": i.owner, "due": i.due.isoformat(),
             "working_days": i.days, "overdue": i.overdue}
            for i in found.items
        ],
    }
    return json_visible(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def cells(text: str) -> int:
    """Terminal columns of ``text``: wide (CJK) characters take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def pad(text: str, width: int) -> str:
    return text + " " * max(width - cells(text), 0)


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending in "…" when cut."""
    if cells(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        size = 0 if unicodedata.combining(char) else (2 if unicodedata.east_asian_width(char) in "WF" else 1)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + "…"
