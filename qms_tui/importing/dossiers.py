"""Importing dossiers from a file (CSV, workbook or HTML table), and exporting them to CSV.

The canonical file (what ``qms export dossiers`` writes) is UTF-8, comma-separated, with a header::

    code,procedure,channel,received,due,finished,outcome,pauses
    BQL-240111-0001,QT-DT01,direct,2024-01-11,2024-02-22,2024-02-22,resolved,2024-01-15..2024-01-29

- ``procedure``: the agency's procedure code, the national TTHC code (``2.000477``, also with a unit
  suffix) or, in a ``procedure_name`` column, the TTHC's name (``matching``).
- ``channel``: online, direct, postal (or the systems' words: "Trực tuyến toàn trình", "Nộp trực tiếp tại
  Bộ phận một cửa", "BCCI" ...; ``wording``). Without a channel column: ``--channel``, else unknown.
- ``outcome``: resolved, withdrawn, returned, or empty while in progress (or the systems' statuses:
  "Đã trả kết quả", "Rút hồ sơ", "Từ chối xử lý", "Đang xử lý" ...); "Không được tiếp nhận" rows are
  not received dossiers and are skipped.
- dates: YYYY-MM-DD, dd/mm/yyyy or d-m-Y (a time of day, as systems export, is ignored).
- ``due``: empty means computed from the procedure's statutory working days on the store's calendar,
  skipping the pauses; a given due date wins.
- ``pauses``: supplement requests, ``start..end`` separated by ``|``; an open pause has no end
  (``2024-03-02..``); the clock stops after ``start`` up to and including ``end``.
- a withdrawn or returned dossier without a result date takes the status date ("Ngày cập nhật").

Required columns: code, procedure (or its name), received. An *absent* optional column keeps what the
store has for a dossier already there (so a file of new receipts does not reopen finished dossiers;
without a ``due`` column the stored due date is kept unless the received date, procedure or pauses
changed); a column that is present but empty means "none" (for ``due``: compute it). Applicant columns
(name, ID number, phone, address, e-mail) are never read; other columns are ignored.

The import is all or nothing: every row is checked against the store (procedure known and a TTHC, dates
sane and plausible — from 1990 to 5 years after the store's today, ``dates.date_problem`` —, no code twice
in the file) and, if any row is wrong, every problem is reported and nothing is
written. Otherwise all changes are written in one transaction with one change-log entry. Dossiers are
matched by code: a row equal to the stored dossier changes nothing, so importing a file twice writes
nothing the second time.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qms_tui.domain.lean import dataclass
from qms_tui.domain.models import DOSSIER_FLAGS, Dossier
from qms_tui.domain.problems import Fault, Term
from qms_tui.domain.safety import csv_cell, json_visible
from qms_tui.importing.mapping import Mapping as ImportMapping
from qms_tui.importing.problems import CsvProblems, LineProblem
from qms_tui.importing.reader import read_table
from qms_tui.importing.row_values import ImportOptions, import_notes
from qms_tui.importing.rows import RowContext, day_of, row_document
from qms_tui.importing.rows import parse_cell_date as parse_cell_date  # the importers' date reader
from qms_tui.importing.rows import parse_pauses as parse_pauses
from qms_tui.importing.rows import pauses_text as pauses_text
from qms_tui.importing.sniff import MAX_BYTES
from qms_tui.importing.table import Table, header_key
from qms_tui.importing.wording import HEADER_NAMES
from qms_tui.services.common import describe_changes, today_of
from qms_tui.store import Store
from qms_tui.store.shards import dossier_shard

if TYPE_CHECKING:
    from qms_tui.store.tx import Transaction

CsvTable = Table

BY_SHARD_LINES = 2_000
"""A file of at most this many lines reads (and writes) only the dossier shards its codes fall in."""

COLUMNS = ("code", "procedure", "channel", "received", "due", "finished", "outcome", "pauses")
"""The canonical columns, in the order ``export`` writes them (then the service-index ``DOSSIER_FLAGS``)."""

DOC_KEYS = (*COLUMNS, "online_level", *DOSSIER_FLAGS)
"""What an import sets in a dossier document."""

REQUIRED = (("code",), ("procedure", "procedure_name"), ("received",))
"""At least one column of each group."""

HEADER_ALIASES: dict[str, str] = {header_key(name): target for target, names in HEADER_NAMES.items() for name in names}

PROGRESS_EVERY = 2000

Progress = Callable[[int], None]
"""Called now and then with the number of lines done."""


@dataclass(fast_init=True)
class Change:
    """One dossier the import adds or changes, for the dry-run report."""

    line: int
    code: str
    before: dict[str, Any] | None
    after: dict[str, Any]
    unit: str = "line"

    def __str__(self) -> str:
        return str(self.worded())

    def text(self, lang: str | None = None) -> str:
        """The change in ``lang`` (``say`` words it; ``str`` is its English)."""
        return self.worded().text(lang)

    def worded(self) -> Fault:
        unit = Term(self.unit, "imp_unit_")
        if self.before is None:
            a = self.after
            return Fault("imp_change_add", unit=unit, line=self.line, code=self.code, procedure=a["procedure"],
                         channel=Term(a["channel"] or "unknown"), received=day_of(a["received"]),
                         due=day_of(a["due"]))
        return Fault("imp_change_update", unit=unit, line=self.line, code=self.code,
                     changes=describe_changes(self.before, self.after))


@dataclass
class ImportPlan:
    """What importing a file would do to a store: new documents, replaced documents, unchanged count."""

    file: str
    added: list[dict[str, Any]] = field(default_factory=list)
    updated: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """(doc_id, new document)."""
    unchanged: int = 0
    problems: list[LineProblem] = field(default_factory=list)
    samples: list[Change] = field(default_factory=list)
    """The first few changes, to show."""
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the user should know besides the counts: the format and encoding read, columns of personal
    data ignored, rows skipped (not received, headings, totals), the channel when the file has none."""

    @property
    def rows(self) -> int:
        return len(self.added) + len(self.updated) + self.unchanged

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.updated)

    def summary(self) -> Fault:
        return Fault("imp_summary", added=len(self.added), updated=len(self.updated), unchanged=self.unchanged)


# -- reading ----------------------------------------------------------------------------------------


def dossier_aliases(mapping: ImportMapping | None = None) -> dict[str, str]:
    """The header aliases, a ``--mapping``'s columns first."""
    return {**HEADER_ALIASES, **mapping.columns} if mapping else HEADER_ALIASES


def read_dossier_csv(
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    mapping: ImportMapping | None = None,
    max_bytes: int = MAX_BYTES,
) -> Table:
    """Open ``path`` (CSV, workbook or HTML table) as a dossier list; ``CsvError`` or ``CsvProblems``."""
    describe = {name: " / ".join(f'"{n}"' for n in names[:3]) for name, names in HEADER_NAMES.items()}
    return read_table(path, dossier_aliases(mapping), REQUIRED, describe, sheet=sheet, encoding=encoding,
                      max_bytes=max_bytes)


read_dossier_file = read_dossier_csv


# -- planning ---------------------------------------------------------------------------------------


def plan_import(
    table: Table,
    raw: Mapping[str, Any],
    today: date,
    *,
    progress: Progress | None = None,
    samples: int = 10,
    options: ImportOptions | None = None,
    existing: Mapping[str, tuple[str, dict[str, Any]]] | None = None,
) -> ImportPlan:
    """Check every row of ``table`` against the store's raw tables and work out what would change.

    Pure: reads ``raw`` and never changes it. Problems are collected, not raised. ``existing``: the stored
    dossiers by code (``(doc_id, document)``), when not ``raw["dossiers"]``.
    """
    context = RowContext(raw, today, options or ImportOptions(), existing)
    plan = ImportPlan(table.file, ignored_columns=list(table.ignored), notes=list(table.notes))
    unit = "row" if table.sheet else "line"
    seen: dict[str, int] = {}
    for count, row in enumerate(table.rows(), start=1):
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(row.line)
        if isinstance(row, LineProblem):
            plan.problems.append(row)
            continue
        problems: list[LineProblem] = []
        doc = row_document(table, row, context, seen, problems)
        if problems or doc is None:
            plan.problems.extend(problems)
            continue
        current = context.existing.get(doc["code"])
        if current is None:
            plan.added.append(doc)
            if len(plan.samples) < samples:
                plan.samples.append(Change(row.line, doc["code"], None, doc, unit))
            continue
        doc_id, old = current
        before = {name: old.get(name, [] if name == "pauses" else None) for name in DOC_KEYS}
        if before == doc:
            plan.unchanged += 1
            continue
        plan.updated.append((doc_id, doc))
        if len(plan.samples) < samples:
            plan.samples.append(Change(row.line, doc["code"], before, doc, unit))
    if progress is not None:
        progress(table.line_count)
    plan.notes.extend(import_notes(table, context.options.channel, context.not_received, unit))
    return plan


# -- applying ---------------------------------------------------------------------------------------


def apply_plan(plan: ImportPlan, raw: dict[str, Any]) -> None:
    """Write the plan's documents into the raw tables (in memory; the caller's transaction saves them)."""
    dossiers = raw.setdefault("dossiers", {})
    for doc_id, doc in plan.updated:
        dossiers[doc_id] = _stored_form(doc)
    next_id = max((int(k) for k in dossiers), default=0) + 1
    for doc in plan.added:
        dossiers[str(next_id)] = _stored_form(doc)
        next_id += 1


def _stored_form(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as stored: no ``online_level`` or flag key when it is unknown (most dossiers)."""
    return {k: v for k, v in doc.items() if v is not None or k not in ("online_level", *DOSSIER_FLAGS)}


def import_dossiers(
    store: Store,
    table: Table,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    options: ImportOptions | None = None,
) -> ImportPlan:
    """Import ``table`` into ``store``: all rows or none, one transaction, one change-log entry.

    Raises ``CsvProblems`` (nothing written) when any row is wrong. With ``dry_run`` the store is only
    read (it may be open read-only) and the plan says what would change.
    """
    if dry_run:
        raw = store.load()
        plan = plan_import(table, raw, today_of(raw, store), progress=progress, options=options)
        if plan.problems:
            raise CsvProblems(table.file, plan.problems)
        return plan
    with store.transaction() as tx:
        stored = _ByShard(tx)
        if table.line_count > BY_SHARD_LINES:  # most shards change anyway: whole is faster in bulk (~15 %)
            stored.usable = False
        if stored.usable:  # only the shards of the codes in the file are read, and written if changed
            raw = tx.small_tables
            plan = plan_import(table, raw, today_of(raw, store), progress=progress, options=options,
                               existing=stored)
        else:  # dossiers still inside an old one-file store: held whole
            raw = tx.tables
            plan = plan_import(table, raw, today_of(raw, store), progress=progress, options=options)
        if plan.problems:
            raise CsvProblems(table.file, plan.problems)
        if plan.changes:
            if stored.usable:
                stored.apply(plan)
            else:
                apply_plan(plan, raw)
                tx.touched("dossiers")
            tx.log("import", "dossiers", Path(table.file).name, f"{plan.summary()} from {table.file}")
    return plan


class _ByShard(Mapping[str, tuple[str, dict[str, Any]]]):
    """The stored dossiers by code, each shard read when a code of the file first falls in it: a one-row
    import into a 100,000-dossier store reads one shard of 32, not all of them."""

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx
        self.usable = not tx.held_whole("dossiers")
        self._by_code: dict[str, dict[str, tuple[str, dict[str, Any]]]] = {}

    def _shard(self, code: str) -> tuple[str, dict[str, tuple[str, dict[str, Any]]]]:
        shard = dossier_shard(code)
        index = self._by_code.get(shard)
        if index is None:
            docs = self._docs(shard)
            index = self._by_code[shard] = {doc.get("code"): (doc_id, doc) for doc_id, doc in docs.items()}
        return shard, index

    def _docs(self, shard: str) -> dict[str, Any]:
        docs = self.tx.shard_docs("dossiers", shard)
        assert docs is not None  # only used when the dossiers are not held whole (``usable``)
        return docs

    def __getitem__(self, code: str) -> tuple[str, dict[str, Any]]:
        return self._shard(code)[1][code]

    def get(self, code: Any, default: Any = None) -> Any:
        return self._shard(code)[1].get(code, default) if isinstance(code, str) else default

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the stored dossiers are read by code, shard by shard")

    def __len__(self) -> int:
        raise TypeError("the stored dossiers are read by code, shard by shard")

    def apply(self, plan: ImportPlan) -> None:
        """``apply_plan`` shard by shard: the same documents, ids from the store's counter."""
        touched: set[str] = set()
        for doc_id, doc in plan.updated:
            shard = dossier_shard(doc["code"])
            self._docs(shard)[doc_id] = _stored_form(doc)
            touched.add(shard)
        for doc in plan.added:
            shard = dossier_shard(doc["code"])
            self._docs(shard)[str(self.tx.take_id("dossiers"))] = _stored_form(doc)
            touched.add(shard)
        for shard in sorted(touched):
            self.tx.touched_shard("dossiers", shard)


# -- exporting --------------------------------------------------------------------------------------


def export_rows(dossiers: Iterable[Dossier]) -> Iterable[list[str]]:
    """The canonical header, then one row per dossier (ISO dates, empty for none); ``online_level`` last
    (``partial``/``full``, empty when unknown), so that an export imports back whole.

    Each cell is as a spreadsheet shows it as text (``safety.csv_cell``: a code starting with ``=`` gets an
    apostrophe first), and the importer takes the apostrophe off again (``safety.csv_value``)."""
    yield [*COLUMNS, "online_level", *DOSSIER_FLAGS]
    for dossier in dossiers:
        doc = dossier.to_doc()
        yield [
            *(csv_cell(doc[name] or "") for name in COLUMNS[:-1]),
            csv_cell(pauses_text(doc["pauses"])),
            csv_cell(doc.get("online_level") or ""),
            *(csv_cell(_flag_cell(doc.get(name))) for name in DOSSIER_FLAGS),
        ]


def _flag_cell(value: Any) -> str:
    """yes / no / a count; empty while unknown (0 supplement requests is not unknown)."""
    if value is None:
        return ""
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def write_csv(dossiers: Iterable[Dossier], handle: io.TextIOBase | Any, *, bom: bool = False) -> int:
    """Write the canonical CSV to a text handle; returns the number of dossiers.

    Lines end with a line feed; a row with a carriage return in a cell (a store edited by hand) is written
    with every cell quoted, because the CSV writer quotes only the line terminator's characters and a bare
    CR would split the row in a spreadsheet."""
    if bom:
        handle.write("\ufeff")
    writer = csv.writer(handle, lineterminator="\n")
    quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
    count = -1
    for count, row in enumerate(export_rows(dossiers)):  # noqa: B007 - the count is the result
        (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
    return count


def to_json(dossiers: Iterable[Dossier]) -> str:
    """The dossiers as a JSON list of store documents."""
    return json_visible(json.dumps([d.to_doc() for d in dossiers], ensure_ascii=False, indent=1)) + "\n"


def render_dossiers(dossiers: Iterable[Dossier], fmt: str, bom: bool = False) -> str:
    """``qms export dossiers`` in ``fmt`` (``formats.CONTENTS["dossiers"]``): the canonical CSV or JSON."""
    if fmt == "json":
        return to_json(dossiers)
    text = io.StringIO()
    write_csv(dossiers, text, bom=bom)
    return text.getvalue()
