"""The service index scored from the aggregate (no dossier read) is the index of the dossiers themselves, on
random stores (flags, supplement requests, pauses), periods, procedures (statutory days, fees), calendars and
scales; also after updates and a round trip of the aggregate through JSON."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qms_tui.domain.aggregates import Aggregate
from qms_tui.domain.qms import Qms
from qms_tui.domain.service_index import compute
from qms_tui.store import demo_path

BASE = date(2024, 3, 1)
SPAN = 40
AS_OF = BASE + timedelta(days=SPAN + 20)
DEMO = json.loads(demo_path().read_text(encoding="utf-8"))
PROCEDURES = ["QT-DT01", "QT-DT02", "QT-XD01", "P-MISSING"]


def _day(offset: int | None) -> str | None:
    return None if offset is None else (BASE + timedelta(days=offset)).isoformat()


flags = st.sampled_from([None, None, True, False])


def rarely(draw) -> bool:
    return draw(st.integers(0, 9)) == 0


@st.composite
def pauses(draw, received: int | None):
    out = []
    for _ in range(draw(st.integers(0, 2))):
        start = (received or 0) + draw(st.integers(-2 if rarely(draw) else 0, 20))
        end = None if rarely(draw) else start + draw(st.integers(0, 15))
        out.append({"start": _day(start), "end": _day(end)})
    if out and draw(st.integers(0, 15)) == 0:
        out[0]["start"] = "01/04/2024"  # not ISO: that dossier is kept whole
    return out


@st.composite
def dossiers(draw):
    """Mostly dossiers the aggregate counts (dates in order), now and then one it keeps whole."""
    received = None if rarely(draw) else draw(st.integers(0, SPAN))
    finished = None if draw(st.integers(0, 3)) == 0 else (
        draw(st.integers(-3, SPAN + 5)) if rarely(draw) or received is None else received + draw(st.integers(0, 25)))
    due = None if draw(st.integers(0, 5)) == 0 else (
        draw(st.integers(-3, SPAN + 10)) if rarely(draw) or received is None else received + draw(st.integers(0, 20)))
    doc = {
        "code": f"D{draw(st.integers(0, 30))}",  # codes repeat now and then
        "procedure": draw(st.sampled_from(PROCEDURES)),
        "received": _day(received),
        "finished": _day(finished) if draw(st.integers(0, 9)) else "",
        "due": _day(due),
        "outcome": draw(st.sampled_from(["resolved", "resolved", "resolved", "withdrawn", "returned", None])),
        "channel": draw(st.sampled_from(["online", "direct", "postal", "unknown", ""])),
        "pauses": draw(pauses(received)),
    }
    if draw(st.integers(0, 6)) == 0:
        del doc["channel"]  # read as "direct"
    for name in ("paid_online", "digitised", "e_result"):
        if (value := draw(flags)) is not None:
            doc[name] = value
    if draw(st.booleans()):
        doc["supplements"] = draw(st.integers(0, 3))
    return doc


tables = st.lists(dossiers(), max_size=40).map(lambda docs: {str(i + 1): d for i, d in enumerate(docs)})
periods = st.tuples(st.integers(-5, SPAN + 5), st.integers(0, SPAN + 10)).map(
    lambda p: (BASE + timedelta(days=p[0]), BASE + timedelta(days=p[0] + p[1])))


@st.composite
def settings_of_store(draw):
    """Procedures' statutory days and fees, calendar overrides, the scale's supplement limit, feedback and
    surveys (5.4 needs one of them and the late dossiers' codes)."""
    procedures = {}
    for code in PROCEDURES[:3]:
        doc = next(dict(p) for p in DEMO["procedures"].values() if p["code"] == code)
        doc["statutory_days"] = draw(st.sampled_from([None, 0, 5, 15]))
        doc["fee"] = draw(st.sampled_from([None, True, False]))
        procedures[str(len(procedures) + 1)] = doc
    calendar = {str(i + 1): {"date": _day(day), "kind": kind, "note": "x"}
                for i, (day, kind) in enumerate(draw(st.lists(
                    st.tuples(st.integers(0, SPAN + 5), st.sampled_from(["day_off", "working_day"])),
                    max_size=4, unique_by=lambda t: t[0])))}
    limit = draw(st.sampled_from([1, 1, 1.5, 0, 2]))
    feedback = {str(i + 1): {"code": f"PA-{i}", "received": _day(day), "kind": kind, "dossier": f"D{n}",
                             "satisfied": satisfied, "handled": _day(day + 2)}
                for i, (day, kind, n, satisfied) in enumerate(draw(st.lists(st.tuples(
                    st.integers(0, SPAN), st.sampled_from(["complaint", "suggestion"]), st.integers(0, 30),
                    st.sampled_from([None, True, False])), max_size=3)))}
    surveys = {}
    if draw(st.booleans()):
        surveys["1"] = {"code": "KS-1", "start": _day(0), "end": _day(SPAN), "asked": 50,
                        "satisfied": draw(st.integers(45, 50))}
    return {"procedures": procedures, "calendar": calendar, "feedback": feedback, "surveys": surveys,
            "index_scale": {"1": {"code": "supplements_late", "value": limit}}}


def base_tables(extra: dict) -> dict:
    tables = {name: table for name, table in DEMO.items() if name != "dossiers"}
    return {**tables, **extra, "_meta": {"1": {**DEMO["_meta"]["1"], "as_of": AS_OF.isoformat()}}}


def same_index(docs: dict, aggregate: Aggregate, extra: dict, start: date, end: date) -> None:
    expected = compute(Qms.from_tables({**base_tables(extra), "dossiers": docs}), start, end)
    qms = Qms.from_tables(base_tables(extra), dossier_loader=lambda: list(docs.values()))
    qms.aggregate = aggregate
    found = compute(qms, start, end, totals_only=True)
    if extra["index_scale"]["1"]["value"] in (1, 1.5):
        assert qms.stored_dossiers is None  # scored from the aggregate alone
    for mine, theirs in zip(found.indicators, expected.indicators, strict=True):
        assert (mine.id, mine.value, mine.numerator, mine.denominator, mine.points) == (
            theirs.id, theirs.value, theirs.numerator, theirs.denominator, theirs.points)
    assert (found.total_points, found.max_points) == (expected.total_points, expected.max_points)


@settings(max_examples=200, deadline=None)
@given(tables, periods, settings_of_store())
def test_the_index_from_the_aggregate_is_the_index_of_the_dossiers(docs, period, extra):
    same_index(docs, Aggregate.build(docs), extra, *period)


@settings(max_examples=100, deadline=None)
@given(tables, tables, periods, settings_of_store(), st.data())
def test_updates_and_a_round_trip_keep_the_index_exact(first, second, period, extra, data):
    aggregate = Aggregate.from_doc(json.loads(json.dumps(Aggregate.build(first).to_doc())))  # updated as read
    assert aggregate is not None
    replaced = data.draw(st.sets(st.sampled_from(sorted(first)) if first else st.nothing()))
    removed = {key: first[key] for key in replaced}
    added = {key: second[key] for key in replaced if key in second}
    added.update({str(100 + int(key)): doc for key, doc in second.items() if data.draw(st.booleans())})
    aggregate.update(removed=removed, added=added)
    now = {key: doc for key, doc in first.items() if key not in removed} | added
    now = dict(sorted(now.items(), key=lambda kv: int(kv[0])))
    stored = Aggregate.from_doc(json.loads(json.dumps(aggregate.to_doc())))
    assert stored is not None
    same_index(now, stored, extra, *period)
    stored.update(removed=now)  # everything out again: nothing left counted
    assert not any(stored.spans_of(p) for p in stored.procedures()) and not stored.odd


def test_only_the_dossiers_resolved_late_within_the_period_lower_satisfaction():
    """5.4 from the aggregate: a dossier resolved late after the period's end is not late in it."""
    docs = {"1": {"code": "A", "procedure": "QT-DT01", "received": _day(1), "finished": _day(3), "due": _day(10),
                  "outcome": "resolved", "channel": "online", "pauses": [], "supplements": 2},
            "2": {"code": "B", "procedure": "QT-DT01", "received": _day(1), "finished": _day(30), "due": _day(10),
                  "outcome": "resolved", "channel": "online", "pauses": []}}
    extra = {"procedures": {}, "calendar": {}, "feedback": {}, "index_scale": {},
             "surveys": {"1": {"code": "KS-1", "start": _day(0), "end": _day(40), "asked": 50, "satisfied": 50}}}
    for end, satisfaction, on_time in ((20, (1, 1), (0, 2)), (35, (1, 2), (0, 2))):
        same_index(docs, Aggregate.build(docs), {**extra, "index_scale": {"1": {"code": "x", "value": 1}}},
                   BASE, BASE + timedelta(days=end))
        qms = Qms.from_tables(base_tables(extra), dossier_loader=lambda: list(docs.values()))
        qms.aggregate = Aggregate.build(docs)
        found = compute(qms, BASE, BASE + timedelta(days=end), totals_only=True)
        assert (found.get("5.4").numerator, found.get("5.4").denominator) == satisfaction
        assert (found.get("2.1").numerator, found.get("2.1").denominator) == on_time  # A: two supplement requests
        assert qms.stored_dossiers is None
