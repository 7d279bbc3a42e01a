"""Build the demo QMS store of qms-tui: Ban Quản lý Khu kinh tế Hải Phòng as of 01/09/2024.

The figures follow the agency's report 3966/BC-BQL of 05/09/2024 (see ``data/README.md``): 66
procedures (5 general, 6 of the Office, 55 TTHC) and, for 01/01/2024-01/09/2024, 578 dossiers to
resolve (454 new, 124 carried over), 439 resolved (369 on time, 70 late), 113 in progress (none
overdue) and 26 withdrawn or returned. Everything else (staff, risks, legal documents, ...) is
invented but plausible, and arranged so that the demo shows one of each kind of warning.

The tables are data files in ``data/demo/`` (CSV for tables, TOML for settings and nested records); this
script reads them, draws the dossiers (``demo_dossiers.py``) and the service-index records
(``demo_service.py``), checks every record and reference, and writes the store. The output is
deterministic: one ``random.Random(2024)``, no clock. Run::

    python data/generate_demo.py [--output PATH]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import random
import sys
import tomllib
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT, ROOT / "data"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

import demo_dossiers  # noqa: E402  (data/demo_dossiers.py)
import demo_service  # noqa: E402  (data/demo_service.py)

from qms_tui.domain.calendar import WorkingCalendar  # noqa: E402
from qms_tui.domain.fields import demo_fields  # noqa: E402
from qms_tui.domain.models import (  # noqa: E402
    TABLE_MODELS,
    AuditFinding,
    CalendarDay,
    Decision,
    Dossier,
    Feedback,
    InternalAudit,
    LegalDocument,
    ManagementReview,
    Nonconformity,
    Objective,
    Organisation,
    PlanTask,
    Procedure,
    QmsEvent,
    Record,
    ReportText,
    ReviewAction,
    Risk,
    Staff,
    Survey,
    Training,
)

DATA = ROOT / "data" / "demo"
DEFAULT_OUTPUT = ROOT / "qms_tui" / "demo" / "demo.json"

D = date.fromisoformat

# -- reading the data files ----------------------------------------------------------------------


def load(name: str) -> dict[str, Any]:
    """A TOML file of ``data/demo/``."""
    with open(DATA / name, "rb") as file:
        return tomllib.load(file)


def rows(name: str) -> list[dict[str, str]]:
    """The rows of a CSV file of ``data/demo/`` (a header line, UTF-8)."""
    with open(DATA / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def plain(value: Any) -> Any:
    """TOML's dates as the ISO strings of a stored document (``Record.from_doc`` reads them)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _cell(text: str, annotation: str) -> Any:
    """A CSV cell as the model's field type: ``a;b`` lists, ``true``/``false``, numbers (``95`` stays an int)."""
    if annotation.startswith("list"):
        return text.split(";")
    if annotation.startswith("bool"):
        return {"true": True, "false": False}[text]
    if annotation.startswith(("int", "float")):
        return int(text) if text.lstrip("-").isdigit() else float(text)
    return text


def table(model: type[Record], name: str, computed: dict[str, Any] | None = None) -> list[Any]:
    """The records of a CSV file whose columns are the model's fields: an empty cell is the field's default,
    a cell naming a key of ``computed`` takes its value; a ``note`` column is for the reader, any other column
    that is not a field is refused (a misspelt one would otherwise be dropped)."""
    types = {f.name: str(f.type) for f in dataclasses.fields(model)}  # type: ignore[arg-type]
    records, table_rows = [], rows(name)
    unknown = set(table_rows[0] if table_rows else ()) - set(types) - {"note"}
    if unknown:
        raise ValueError(f"{name}: columns {sorted(unknown)} are not fields of {model.__name__}")
    for row in table_rows:
        doc: dict[str, Any] = {}
        for column, text in row.items():
            if column in types and text:
                doc[column] = computed[text] if computed and text in computed else _cell(text, types[column])
        records.append(model.from_doc(doc))
    return records


# -- building the records ------------------------------------------------------------------------


def build_procedures(settings: dict[str, Any]) -> tuple[list[Procedure], dict[str, int]]:
    """The 66 procedures of ``procedures.csv`` (version 1.0 on ``issued``, 2.0 on ``revised`` if any), and
    the relative dossier volume of each TTHC."""
    texts, units = settings["revisions"], settings["units"]
    procedures, volume = [], {}
    for row in rows("procedures.csv"):
        history = [{"version": "1.0", "date": row["issued"], "change": texts["first_issue"]}]
        if row["revision"]:
            history.append({"version": "2.0", "date": row["revised"], "change": texts[row["revision"]]})
        field_key = row["field"] or None
        procedures.append(Procedure(
            code=row["code"], name=row["name"], kind=row["kind"], field=field_key,
            unit=units["of_field"][field_key] if field_key else units["office"],
            statutory_days=int(row["days"]) if row["days"] else None,
            version=history[-1]["version"], issued=D(row["issued"]), last_review=D(row["review"]),
            legal_basis=row["basis"].split(";") if row["basis"] else [], status=row["status"], history=history,
        ))
        if row["volume"]:
            volume[row["code"]] = int(row["volume"])
    return procedures, volume


def build_staff(rng: random.Random) -> list[Staff]:
    """``staff.csv``; an empty start date is a random one before 2023 (drawn for every row all the same)."""
    staff = []
    for row in rows("staff.csv"):
        random_start = date(rng.randint(2005, 2022), rng.randint(1, 12), 1)
        staff.append(Staff(
            code=row["code"], name=row["name"], unit=row["unit"], role=row["role"],
            start_date=D(row["start"]) if row["start"] else random_start,
            left_date=D(row["left"]) if row["left"] else None,
        ))
    return staff


def build_trainings(rng: random.Random, staff: list[Staff]) -> list[Training]:
    """``trainings.toml``, with the attendees its ``attendance`` rule draws from the staff employed that day."""
    settings = load("trainings.toml")
    kept = {*settings["absent_next"], settings["trainer_next"]}
    trainings = []
    for course in settings["trainings"]:
        doc = dict(course)
        attendance, share = doc.pop("attendance"), doc.pop("share", 0)
        employed = [s for s in staff if s.active_on(doc["date"])]
        if attendance == "sample":
            must = {s.code for s in employed if s.name in kept}
            others = [s.code for s in employed if s.code not in must]
            attendees = sorted(must | set(rng.sample(others, k=round(len(others) * share))))
        else:
            attendees = [s.code for s in employed if s.name not in kept]
        trainings.append(Training.from_doc(plain({**doc, "attendees": attendees})))
    return trainings


def build_plan_tasks(plan: str) -> list[PlanTask]:
    """``plan_tasks.csv``: ``done`` is the day a task was done, else its status."""
    tasks = []
    for row in rows("plan_tasks.csv"):
        done = row["done"] not in ("in_progress", "not_started")
        tasks.append(PlanTask(
            code=row["code"], plan=plan, task=row["task"], owner=row["owner"], deadline=D(row["deadline"]),
            status="done" if done else row["done"], done_date=D(row["done"]) if done else None,
        ))
    return tasks


def build_audits(settings: dict[str, Any], codes: dict[str, str], units: list[str]) -> list[InternalAudit]:
    """The audits of ``improvement.toml``, each with its rows of ``audit_checklist.csv``."""
    checklist = rows("audit_checklist.csv")
    audits = []
    for audit in settings["audits"]:
        doc = dict(audit)
        if doc["units"] == ["all"]:
            doc["units"] = list(units)
        for key in ("auditors", "auditees"):
            doc[key] = [codes[name] for name in doc.get(key, [])]
        doc["checklist"] = [{"item": r["item"], "clause": r["clause"], "result": r["result"], "note": r["note"]}
                            for r in checklist if r["audit"] == doc["code"]]
        audits.append(InternalAudit.from_doc(plain(doc)))
    return audits


def late_dossier(dossiers: list[Dossier], settings: dict[str, Any]) -> Dossier:
    """The dossier of the nonconformity raised from a late dossier (chosen from the generated dossiers)."""
    procedure, (first, last) = settings["late_dossier_procedure"], settings["late_dossier_window"]
    late = [
        d for d in dossiers
        if d.procedure == procedure and d.outcome == "resolved" and d.finished and d.due
        and d.finished > d.due and first <= d.finished <= last
    ]
    if not late:
        raise ValueError(f"no late {procedure} dossier in {first}..{last}")
    return min(late, key=lambda d: (d.finished, d.code))


def build_nonconformities(
    settings: dict[str, Any], dossiers: list[Dossier], calendar: WorkingCalendar, as_of: date
) -> list[Nonconformity]:
    """``improvement.toml``'s nonconformities; the one of source ``late_dossier`` is filled from that dossier."""
    dossier = late_dossier(dossiers, settings)
    assert dossier.finished and dossier.due
    values = {
        "code": dossier.code, "procedure": dossier.procedure, "due": f"{dossier.due:%d/%m/%Y}",
        "finished": f"{dossier.finished:%d/%m/%Y}",
        "days_late": calendar.working_days_between(dossier.due, dossier.finished),
    }
    nonconformities = []
    for nonconformity in settings["nonconformities"]:
        doc = plain(nonconformity)
        if doc["source"] == "late_dossier":
            raised = calendar.add_working_days(dossier.finished, doc.pop("raised_after"))
            assert raised is not None
            action = raised + timedelta(days=doc.pop("action_after"))
            check = action + timedelta(days=doc.pop("check_after"))
            assert check < as_of
            doc.update(reference=doc["reference"].format(**values), description=doc["description"].format(**values),
                       raised=raised.isoformat(), action_date=action.isoformat(), check_date=check.isoformat())
        nonconformities.append(Nonconformity.from_doc(doc))
    return nonconformities


def build_reviews(settings: dict[str, Any], codes: dict[str, str]) -> list[ManagementReview]:
    """``improvement.toml``'s management reviews, with their actions."""
    reviews = []
    for review in settings["reviews"]:
        doc = dict(review)
        doc["actions"] = [ReviewAction(**action).to_doc() for action in doc.pop("actions", [])]
        doc["chair"], doc["attendees"] = codes[doc["chair"]], [codes[name] for name in doc["attendees"]]
        reviews.append(ManagementReview.from_doc(plain(doc)))
    return reviews


# -- assembling the store ------------------------------------------------------------------------


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


def _table(records: list[Record]) -> dict[str, dict[str, Any]]:
    for record in records:
        problems = record.problems()
        if problems:
            raise ValueError(f"{type(record).__name__} {record.key}: {problems}")
    return {str(i): _nfc(record.to_doc()) for i, record in enumerate(records, start=1)}


def _check_references(tables: dict[str, dict[str, dict[str, Any]]]) -> None:
    procedures = {d["code"] for d in tables["procedures"].values()}
    staff = {d["code"] for d in tables["staff"].values()}
    laws = {d["number"] for d in tables["legal_documents"].values()}
    checks: list[tuple[str, Callable[[dict[str, Any]], list[str]], set[str]]] = [
        ("dossiers", lambda d: [d["procedure"]], procedures),
        ("risks", lambda d: d["procedures"], procedures),
        ("trainings", lambda d: d["attendees"], staff),
        ("procedures", lambda d: d["legal_basis"], laws),
        ("audits", lambda d: d["procedures"], procedures),
        ("audits", lambda d: d["auditors"] + d["auditees"], staff),
        ("audit_findings", lambda d: d["procedures"], procedures),
        ("audit_findings", lambda d: [d["audit"]], {d["code"] for d in tables["audits"].values()}),
        ("reviews", lambda d: [d["chair"], *d["attendees"]], staff),
    ]
    for name, refs, known in checks:
        for doc in tables[name].values():
            missing = [r for r in refs(doc) if r not in known]
            if missing:
                raise ValueError(f"{name}: unknown references {missing}")
    codes = [d["code"] for d in tables["dossiers"].values()]
    if len(set(codes)) != len(codes):
        raise ValueError("dossier codes are not unique")


def build_tables() -> dict[str, dict[str, dict[str, Any]]]:
    """The demo store's content in TinyDB's layout ``{table: {doc_id: document}}``."""
    settings, improvement, report = load("settings.toml"), load("improvement.toml"), load("report.toml")
    as_of, period_start = settings["demo"]["as_of"], settings["demo"]["period_start"]
    units = [settings["units"]["leaders"], settings["units"]["office"], *settings["units"]["of_field"].values()]
    rng = random.Random(settings["demo"]["seed"])
    procedures, volume = build_procedures(settings)
    staff = build_staff(rng)
    codes = {s.name: s.code for s in staff}
    trainings = build_trainings(rng, staff)
    dossiers = demo_dossiers.build_dossiers(rng, procedures, volume, settings)
    new_2024 = [d for d in dossiers if d.received and period_start <= d.received <= as_of]
    calendar_days = table(CalendarDay, "calendar.csv")
    calendar = WorkingCalendar(calendar_days)
    demo_service.flag_procedures(procedures, dossiers)
    demo_service.flag_dossiers(dossiers, procedures, period_start)
    online_share = 100.0 * sum(d.channel == "online" for d in new_2024) / len(new_2024)
    first_late = demo_service.first_late_2024(dossiers).code
    records: dict[str, list[Any]] = {
        "organisation": [Organisation(**settings["organisation"], units=units)],
        "fields": demo_fields(),
        "decisions": table(Decision, "decisions.csv"),
        "procedures": procedures,
        "legal_documents": table(LegalDocument, "legal_documents.csv"),
        "risks": table(Risk, "risks.csv"),
        "staff": staff,
        "trainings": trainings,
        "dossiers": dossiers,
        "objectives": table(Objective, "objectives.csv", {"online_share": round(online_share, 1)}),
        "plan_tasks": build_plan_tasks(settings["demo"]["plan"]),
        "events": table(QmsEvent, "events.csv"),
        "calendar": calendar_days,
        "report_texts": [ReportText.from_doc(plain(report["report_text"]))],
        "changelog": [],
        "audits": build_audits(improvement, codes, units),
        "audit_findings": table(AuditFinding, "audit_findings.csv"),
        "nonconformities": build_nonconformities(improvement, dossiers, calendar, as_of),
        "reviews": build_reviews(improvement, codes),
        "apologies": demo_service.build_apologies(dossiers, calendar, as_of),
        "feedback": demo_service.with_due(table(Feedback, "feedback.csv", {"first_late_2024": first_late}), calendar),
        "surveys": table(Survey, "surveys.csv"),
        "index_scale": [],
    }
    meta = {**settings["meta"], "as_of": as_of.isoformat(), "sample": sample_register(records, report["seed"])}
    tables: dict[str, dict[str, dict[str, Any]]] = {"_meta": {"1": _nfc(meta)}}
    for name in TABLE_MODELS:
        tables[name] = _table(records[name])
    _check_references(tables)
    return tables


def sample_register(records: dict[str, list[Any]], seed: dict[str, Any]) -> dict[str, Any]:
    """``_meta.sample``: what the demo adds to its seed report, by table and key, so that every output made from
    it can say so (the annual report puts it in "[Dữ liệu mẫu: …]"). ``seed`` is ``report.toml``'s: the seed's
    own sentences for lines the records would word differently (``stated``: the annual report prints them word
    for word, and puts what the records add in a sample note), how the seed counts where the report counts
    differently (``notes``), the decisions it names and the tables it does not give. The procedures are listed
    too: the seed counts them and names the general and internal ones, but their codes, versions, revision
    history, legal basis and the split of the TTHC ones by field are the demo's."""
    register: dict[str, Any] = {"seed": seed["report"], "stated": seed["stated"], "notes": seed["notes"]}
    register["decisions"] = sorted(d.number for d in records["decisions"] if d.number not in seed["decisions"])
    for name in seed["sample_tables"]:
        register[name] = sorted(r.key for r in records[name])
    return register


def render(tables: dict[str, Any]) -> str:
    return json.dumps(tables, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the deterministic qms-tui demo store.")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"where to write the store (default: {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    output: Path = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(build_tables()), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
