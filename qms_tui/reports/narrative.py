"""The narrative of a year's report as a text file to edit: written out, read back, validated.

``qms report edit`` writes the year's ``ReportText`` with ``to_edit_file``, opens the user's editor on it
and reads it back with ``parse_edit_file``. The file has one ``## `` heading per part; lines starting with a
single ``#`` are comments; in the two lists every item starts with ``- `` (a line without it continues the
item above). Anything the parser cannot place is an error with its line number, and nothing is saved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from qms_tui.domain.dates import format_vn, parse_date
from qms_tui.domain.models import ReportText

NUMBER, DATE, ASSESSMENT, DIFFICULTIES, RECOMMENDATIONS = "number", "date", "assessment", "difficulties", "recs"
SECTIONS: dict[str, str] = {
    NUMBER: "Số",
    DATE: "Ngày",
    ASSESSMENT: "Đánh giá chung",
    DIFFICULTIES: "Khó khăn, tồn tại",
    RECOMMENDATIONS: "Kiến nghị",
}
"""Each part of the file: key -> its heading (after ``## ``), in the order the file shows them."""

_NUMBER = re.compile(r"^[0-9A-Za-zĐđ.\-]*$")


class NarrativeError(ValueError):
    """The edited file cannot be read back; ``line`` is 1-based (0 when it concerns the whole file)."""

    def __init__(self, message: str, line: int = 0) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


def _key(heading: str) -> str:
    return unicodedata.normalize("NFC", heading).strip().rstrip(":").strip().casefold()


_HEADINGS = {_key(title): key for key, title in SECTIONS.items()}


def to_edit_file(text: ReportText | None, year: int, symbol: str = "BC") -> str:
    """The file the user edits: instructions as comments, then the five parts."""
    text = text or ReportText(year=year)
    lines = [
        f"# Báo cáo HTQLCL năm {year}: phần lời văn (qms report edit). Lưu tệp và thoát trình soạn thảo để ghi.",
        '# Giữ nguyên các tiêu đề "## ...". Dòng bắt đầu bằng một dấu "#" là chú thích, không được lưu.',
        f'# Số: chỉ ghi số (ví dụ 3966); ký hiệu "/{symbol}" được thêm tự động. Để trống nếu chưa cấp số.',
        "# Ngày: dd/mm/yyyy (ngày ký báo cáo). Để trống nếu chưa có.",
        '# Khó khăn, tồn tại và Kiến nghị: mỗi ý một dòng bắt đầu bằng "- "; dòng không có "- " nối vào ý trên.',
        "# Đánh giá chung: văn bản tự do; để một dòng trống giữa hai đoạn.",
        '# (English: keep the "## " headings; "#" lines are comments; one "- " line per item; date dd/mm/yyyy.)',
        "",
        f"## {SECTIONS[NUMBER]}",
        text.number,
        "",
        f"## {SECTIONS[DATE]}",
        format_vn(text.date, ""),
        "",
        f"## {SECTIONS[ASSESSMENT]}",
        text.assessment.strip(),
        "",
        f"## {SECTIONS[DIFFICULTIES]}",
        *(f"- {item}" for item in text.difficulties),
        "",
        f"## {SECTIONS[RECOMMENDATIONS]}",
        *(f"- {item}" for item in text.recommendations),
        "",
    ]
    return "\n".join(lines)


@dataclass
class _Section:
    key: str
    line: int
    body: list[tuple[int, str]]


def parse_edit_file(content: str, year: int) -> ReportText:
    """Read the edited file back into a ``ReportText`` for ``year``; raises ``NarrativeError``."""
    content = unicodedata.normalize("NFC", content.replace("\r\n", "\n").lstrip("\ufeff"))
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    for number, raw in enumerate(content.split("\n"), start=1):
        line = raw.rstrip()
        if line.startswith("##"):
            title = line[2:].strip()
            key = _HEADINGS.get(_key(title))
            if key is None:
                expected = ", ".join(f'"## {t}"' for t in SECTIONS.values())
                raise NarrativeError(f'unknown heading "{line}" (the headings are {expected})', number)
            if key in sections:
                raise NarrativeError(f'"## {SECTIONS[key]}" appears twice', number)
            current = sections[key] = _Section(key, number, [])
            continue
        if line.startswith("#"):
            continue
        if current is None:
            if line.strip():
                raise NarrativeError(f'text before the first heading "## {SECTIONS[NUMBER]}"', number)
            continue
        current.body.append((number, line))
    if not sections:
        raise NarrativeError("the file has no headings (empty or not a report text file)")
    missing = [f'"## {SECTIONS[key]}"' for key in SECTIONS if key not in sections]
    if missing:
        raise NarrativeError(f"missing heading{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    return ReportText(
        year=year,
        number=_number(sections[NUMBER]),
        date=_date(sections[DATE], year),
        assessment=_paragraphs(sections[ASSESSMENT]),
        difficulties=_items(sections[DIFFICULTIES]),
        recommendations=_items(sections[RECOMMENDATIONS]),
    )


def _filled(section: _Section) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in section.body if line.strip()]


def _single(section: _Section) -> tuple[int, str]:
    lines = _filled(section)
    if len(lines) > 1:
        raise NarrativeError(f'"## {SECTIONS[section.key]}" takes one line', lines[1][0])
    return lines[0] if lines else (section.line, "")


def _number(section: _Section) -> str:
    line, value = _single(section)
    value = value.removeprefix("Số:").strip()
    if "/" in value:
        raise NarrativeError(f'write only the number (e.g. {value.split("/")[0].strip() or "3966"}): '
                             "the symbol is added from the organisation", line)
    if not _NUMBER.match(value):
        raise NarrativeError(f'"{value}" is not a document number (e.g. 3966)', line)
    return value


def _date(section: _Section, year: int) -> date | None:
    line, value = _single(section)
    if not value:
        return None
    try:
        when = parse_date(value)
    except ValueError as exc:
        raise NarrativeError(str(exc), line) from None
    if not year <= when.year <= year + 1:
        raise NarrativeError(f"{format_vn(when)} is not a date for the {year} report ({year} or {year + 1})", line)
    return when


def _paragraphs(section: _Section) -> str:
    paragraphs: list[list[str]] = [[]]
    for _, line in section.body:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _items(section: _Section) -> list[str]:
    items: list[list[str]] = []
    for number, line in _filled(section):
        if line.startswith("- ") or line == "-":
            item = line[1:].strip()
            if not item:
                raise NarrativeError(f'empty item under "## {SECTIONS[section.key]}"', number)
            items.append([item])
        elif not items:
            raise NarrativeError(f'start each item under "## {SECTIONS[section.key]}" with "- "', number)
        else:
            items[-1].append(line)
    return [" ".join(parts) for parts in items]
