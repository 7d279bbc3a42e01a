"""The message catalogues' tool (Babel, a development dependency): ``make messages`` runs it.

    python scripts/i18n.py           # extract the ids from the code, add the new ones to both .po, compile .mo
    python scripts/i18n.py --check   # say what is missing, untranslated or not compiled; exit 1 if anything

The ids are symbolic (``"period"``, ``"not_whole_number"``: docs/ARCHITECTURE.md). They are found by Babel's
Python extractor in calls of ``t``, ``tr``, ``nt``, ``ntr``, ``words``, ``nwords``, ``Fault`` and ``N_``
(``qms_tui/locale/computed.py`` lists the ids the code computes, ``tr(f"screen_{name}")``). A new id is added
to both catalogues with an empty translation, which ``--check`` (and the test) refuses until both are written.
Nothing is ever removed: an id no longer used is reported, for a person to delete. The ``--help`` texts
(``hlp_*``) are written into the English catalogue from the code by ``scripts/help_ids.py``; the Vietnamese
one may lack some (shown in English until translated).
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "qms_tui"
LOCALE = PACKAGE / "locale"
LANGS = ("vi", "en")
KEYWORDS = {
    "t": (1,), "tr": (1,), "words": (1,), "Fault": (1,), "N_": (1,),
    "nt": (1, 1), "ntr": (1, 1), "nwords": (1, 1), "NN_": (1, 1),  # plural: the one id is both msgid forms
}
FIXED = datetime(2024, 1, 1, tzinfo=UTC)
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "qms.po"


def mo_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "qms.mo"


def extract() -> dict[str, bool]:
    """Every id the code uses (literal arguments of the keywords) -> whether it is a plural message."""
    found: dict[str, bool] = {}
    with contextlib.redirect_stderr(io.StringIO()):  # Babel warns of every f-string key: computed.py lists them
        results = list(extract_from_dir(PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS,
                                        comment_tags=(), strip_comment_tags=True))
    for _file, _line, message, _comments, _context in results:
        msgid = message[0] if isinstance(message, tuple) else message
        if not msgid or msgid.endswith("_") or not re.fullmatch(r"[A-Za-z0-9_.\-/|]+", msgid):
            continue  # not an id: a prefix (``"nc_" + status``), a sentence
        found[msgid] = found.get(msgid, False) or isinstance(message, tuple)
    return found


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain="qms")
    catalog.creation_date = catalog.revision_date = FIXED  # else "now", and every compiled file would differ
    return catalog


def write(lang: str, catalog: Catalog) -> None:
    out = io.BytesIO()
    write_po(out, catalog, width=120, sort_output=False, omit_header=False)
    data = _stable_header(out.getvalue())
    if not po_path(lang).exists() or po_path(lang).read_bytes() != data:
        po_path(lang).write_bytes(data)


def _stable_header(data: bytes) -> bytes:
    """Without the creation and revision dates Babel writes, which would change the file at every run."""
    lines = [line for line in data.split(b"\n") if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date'))]
    return b"\n".join(lines)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def msgid_of(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _texts(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def update() -> list[str]:
    """Add the new ids to both catalogues, compile both; returns what a person still has to do."""
    used = extract()
    for lang in LANGS:
        catalog = read(lang)
        for msgid, plural in used.items():
            if msgid not in catalog:
                count = catalog.num_plurals if plural else 1
                catalog.add((msgid, msgid) if plural else msgid, ("",) * count if plural else "")
        write(lang, catalog)
        data = compiled(read(lang))
        if not mo_path(lang).exists() or mo_path(lang).read_bytes() != data:
            mo_path(lang).write_bytes(data)
    return check()


def check() -> list[str]:
    """Ids used but missing or untranslated in a catalogue, catalogues with different ids, placeholders that
    the English lacks, and compiled files that are not the catalogue as it is."""
    problems: list[str] = []
    used = extract()
    catalogs = {lang: read(lang) for lang in LANGS}
    ids = {lang: {m.id if isinstance(m.id, str) else m.id[0] for m in c if m.id} for lang, c in catalogs.items()}
    for lang, catalog in catalogs.items():
        for msgid in sorted(set(used) - ids[lang]):
            problems.append(f"{lang}: {msgid}: used in the code, not in the catalogue")
        for message in catalog:
            if not message.id:
                continue
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            if any(not text for text in _texts(message)):
                problems.append(f"{lang}: {msgid}: not translated")
            if message.fuzzy:
                problems.append(f"{lang}: {msgid}: marked fuzzy")
            if used.get(msgid) and not message.pluralizable:
                problems.append(f"{lang}: {msgid}: used as a plural, not a plural entry")
        if not mo_path(lang).exists() or mo_path(lang).read_bytes() != compiled(catalog):
            problems.append(f"{lang}: {mo_path(lang).name} is not the compiled {po_path(lang).name}: run make messages")
    for msgid in sorted(ids["vi"] ^ ids["en"]):
        if not (msgid.startswith("hlp_") and msgid in ids["en"]):  # a help not yet in Vietnamese shows in English
            problems.append(f"{msgid}: in one catalogue only")
    for message in catalogs["vi"]:
        other = catalogs["en"].get(message.id) if message.id else None
        if other is None:
            continue
        given = {name for text in _texts(other) for name in PLACEHOLDER.findall(text)}  # what the code gives
        extra = {name for text in _texts(message) for name in PLACEHOLDER.findall(text)} - given
        if extra:  # the Vietnamese may leave a value out (a form shows the field's name), never name a new one
            names = ", ".join(sorted(extra))
            problems.append(f"{msgid_of(message)}: the Vietnamese names {{{names}}}, the English does not")
    return problems


def unused() -> list[str]:
    """Ids in the catalogue that no code uses (candidates for deletion)."""
    used = extract()
    return sorted(m.id for m in read("vi") if isinstance(m.id, str) and m.id and m.id not in used)


def main(argv: list[str]) -> int:
    problems = check() if "--check" in argv else update()
    if "--unused" in argv:
        print("\n".join(unused()))
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
