"""The narrative of a year's report as a text file to edit: written out, read back, validated.

``qms report edit`` writes the year's ``ReportText`` with ``to_edit_file`` (headings and instructions in
the session's language), opens the user's editor on it and reads it back with ``parse_edit_file``, which
takes the headings of either language (a file written in the other one, or before they were translated,
still loads). The file has one ``## `` heading per part; lines starting with a single ``#`` are comments;
in the two lists every item starts with ``- `` (a line without it continues the item above). Anything the
parser cannot place is an error with its line number, and nothing is saved.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from qms_tui.domain.dates import format_vn, parse_date
from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import ReportText
from qms_tui.domain.problems import Fault, say
from qms_tui.locale import LANGS, current, words

NUMBER, DATE, ASSESSMENT, DIFFICULTIES, RECOMMENDATIONS = "number", "date", "assessment", "difficulties", "recs"
HEADING_IDS: dict[str, str] = {
    NUMBER: "nar_h_number",
    DATE: "nar_h_date",
    ASSESSMENT: "nar_h_assessment",
    DIFFICULTIES: "nar_h_difficulties",
    RECOMMENDATIONS: "nar_h_recommendations",
}
"""Each part of the file: key -> the id of its heading (after ``## ``), in the order the file shows them."""


def headings(lang: str | None = None) -> dict[str, str]:
    """Each part's heading in ``lang`` (default: the session's language)."""
    return {key: words(msgid, lang or current()) for key, msgid in HEADING_IDS.items()}


SECTIONS: dict[str, str] = headings("vi")
"""The Vietnamese headings (the file's only ones before they were translated)."""

_NUMBER = re.compile(r"^[0-9A-Za-zĐđ.\-]*$")


class NarrativeError(ValueError):
    """The edited file cannot be read back; ``line`` is 1-based (0 when it concerns the whole file)."""

    def __init__(self, message: str, line: int = 0) -> None:
        self.line = line
        self.message = message
        super().__init__(self.text("en"))

    def text(self, lang: str | None = None) -> str:
        """The problem in ``lang`` (its ``Fault`` worded), after its line number."""
        message = say(self.message, lang)
        return words("nar_at_line", lang, line=self.line, message=message) if self.line else message


def _key(heading: str) -> str:
    return unicodedata.normalize("NFC", heading).strip().rstrip(":").strip().casefold()


_HEADINGS = {_key(title): key for lang in LANGS for key, title in headings(lang).items()}
"""Every language's headings: a file is read back whichever language wrote it."""


def to_edit_file(text: ReportText | None, year: int, symbol: str = "BC", lang: str | None = None) -> str:
    """The file the user edits: instructions as comments, then the five parts, in ``lang`` (default: the
    session's language)."""
    text = text or ReportText(year=year)
    lang = lang or current()
    titles = headings(lang)
    comments = [
        words("nar_c_title", lang, year=year),
        words("nar_c_headings", lang),
        words("nar_c_number", lang, number=titles[NUMBER], symbol=symbol),
        words("nar_c_date", lang, date=titles[DATE]),
        words("nar_c_items", lang, difficulties=titles[DIFFICULTIES], recommendations=titles[RECOMMENDATIONS]),
        words("nar_c_assessment", lang, assessment=titles[ASSESSMENT]),
    ]
    lines = [
        *(f"# {comment}" for comment in comments),
        "",
        f"## {titles[NUMBER]}",
        text.number,
        "",
        f"## {titles[DATE]}",
        format_vn(text.date, ""),
        "",
        f"## {titles[ASSESSMENT]}",
        text.assessment.strip(),
        "",
        f"## {titles[DIFFICULTIES]}",
        *(f"- {item}" for item in text.difficulties),
        "",
        f"## {titles[RECOMMENDATIONS]}",
        *(f"- {item}" for item in text.recommendations),
        "",
    ]
    return "\n".join(lines)


@dataclass
class _Section:
    key: str
    line: int
    body: list[tuple[int, str]]


def parse_edit_file(content: str, year: int, lang: str | None = None) -> ReportText:
    """Read the edited file back into a ``ReportText`` for ``year``; raises ``NarrativeError`` (naming the
    headings in ``lang``). The headings may be in any language."""
    titles = headings(lang)
    content = unicodedata.normalize("NFC", content.replace("\r\n", "\n").lstrip("\ufeff"))
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    for number, raw in enumerate(content.split("\n"), start=1):
        line = raw.rstrip()
        if line.startswith("##"):
            title = line[2:].strip()
            key = _HEADINGS.get(_key(title))
            if key is None:
                expected = ", ".join(f'"## {t}"' for t in titles.values())
                raise NarrativeError(Fault("nar_unknown_heading", line=line, expected=expected), number)
            if key in sections:
                raise NarrativeError(Fault("nar_twice", heading=titles[key]), number)
            current = sections[key] = _Section(key, number, [])
            continue
        if line.startswith("#"):
            continue
        if current is None:
            if line.strip():
                raise NarrativeError(Fault("nar_text_before", heading=titles[NUMBER]), number)
            continue
        current.body.append((number, line))
    if not sections:
        raise NarrativeError(Fault("nar_no_headings"))
    missing = [f'"## {titles[key]}"' for key in HEADING_IDS if key not in sections]
    if missing:
        raise NarrativeError(Fault("nar_missing_headings", plural=len(missing), names=", ".join(missing)))
    return ReportText(
        year=year,
        number=_number(sections[NUMBER], titles),
        date=_date(sections[DATE], year, titles),
        assessment=_paragraphs(sections[ASSESSMENT]),
        difficulties=_items(sections[DIFFICULTIES], titles),
        recommendations=_items(sections[RECOMMENDATIONS], titles),
    )


def _filled(section: _Section) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in section.body if line.strip()]


def _single(section: _Section, titles: dict[str, str]) -> tuple[int, str]:
    lines = _filled(section)
    if len(lines) > 1:
        raise NarrativeError(Fault("nar_one_line", heading=titles[section.key]), lines[1][0])
    return lines[0] if lines else (section.line, "")


def _number(section: _Section, titles: dict[str, str]) -> str:
    line, value = _single(section, titles)
    value = value.removeprefix("Số:").removeprefix("Number:").strip()
    if "/" in value:
        raise NarrativeError(Fault("nar_only_number", example=value.split("/")[0].strip() or "3966"), line)
    if not _NUMBER.match(value):
        raise NarrativeError(Fault("nar_not_a_number", value=value), line)
    return value


def _date(section: _Section, year: int, titles: dict[str, str]) -> date | None:
    line, value = _single(section, titles)
    if not value:
        return None
    try:
        when = parse_date(value)
    except ValueError as exc:
        raise NarrativeError(exc.args[0] if exc.args else str(exc), line) from None
    if not year <= when.year <= year + 1:
        raise NarrativeError(Fault("nar_wrong_year", day=format_vn(when), year=year, next=year + 1), line)
    return when


def _paragraphs(section: _Section) -> str:
    paragraphs: list[list[str]] = [[]]
    for _, line in section.body:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _items(section: _Section, titles: dict[str, str]) -> list[str]:
    items: list[list[str]] = []
    for number, line in _filled(section):
        if line.startswith("- ") or line == "-":
            item = line[1:].strip()
            if not item:
                raise NarrativeError(Fault("nar_empty_item", heading=titles[section.key]), number)
            items.append([item])
        elif not items:
            raise NarrativeError(Fault("nar_item_dash", heading=titles[section.key]), number)
        else:
            items[-1].append(line)
    return [" ".join(parts) for parts in items]
