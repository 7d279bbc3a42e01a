"""What one stored dossier adds to the aggregate's running totals (``domain/aggregates.py`` says why those
totals answer form 06 for any period): the counters (``SLOTS``), the (day, counter, ±1) contributions of a
regular dossier, the spans of its processing time and pauses for the service index's 2.2, and which
dossiers are odd (kept whole). Apart from the aggregate itself so that each can be read on its own."""

from __future__ import annotations

from datetime import date
from typing import Any

from qms_tui.domain.statistics import _INTAKE

SLOTS = ("new_online", "new_direct", "new_unknown", "early", "on_due_date", "late", "withdrawn", "returned",
         "progress", "overdue",
         # the service index's (see the module's docstring)
         "s_in_time", "s_progress", "s_overdue", "wr_late", "channel_known", "paid_known", "paid_yes",
         "e_result_known", "e_result_yes", "digitised_known", "digitised_yes")
_SLOT = {name: i for i, name in enumerate(SLOTS)}
_FINISHED = SLOTS[3:8]
_WIDTH = len(SLOTS)
_INTAKE_SLOTS = SLOTS[:3]
RESOLVED = ("early", "on_due_date", "late")
KNOWN_CHANNELS = ("online", "direct", "postal")
SUPPLEMENTS_LATE = 1
"""More supplement requests than this make a dossier late for index 2.1 (the default of the scale's
``supplements_late``): the aggregate counts those dossiers; a scale that says otherwise is counted from the
dossiers themselves."""
Span = tuple[int, ...]
"""(finished, received) of a resolved dossier, or (finished, pause start, pause end) of one of its pauses."""



def _day(value: Any) -> int | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def _final_class(doc: dict[str, Any], finished: int, due: int | None) -> str | None:
    """The class of a finished dossier, which no period changes (``place``'s own rules)."""
    outcome = doc.get("outcome")
    if outcome == "resolved":
        if due is None:
            return None
        return "early" if finished < due else "on_due_date" if finished == due else "late"
    return outcome if outcome in ("withdrawn", "returned") else None


def finished_late(doc: dict[str, Any]) -> bool:
    """Finished after its due date with a result (ISO dates compare as strings)."""
    due, finished = doc.get("due"), doc.get("finished")
    return bool(due and finished and doc.get("outcome") == "resolved" and str(finished) > str(due))


def contributions(doc: dict[str, Any]) -> list[tuple[int, int, int]] | None:
    """The (day, slot, ±1) a regular dossier adds to its procedure's counters; ``None`` if it is odd."""
    found = _contributions(doc)
    return None if found is None else found[0]


def _supplements_late(doc: dict[str, Any]) -> bool | None:
    """``Dossier.supplement_count`` over ``SUPPLEMENTS_LATE``; ``None`` if it is not a number or a list."""
    count, pauses = doc.get("supplements"), doc.get("pauses") or []
    if not isinstance(pauses, list) or (count is not None and (type(count) is not int)):
        return None
    count = count if count is not None else len(pauses) if pauses else None
    return count is not None and count > SUPPLEMENTS_LATE


def _pause_spans(doc: dict[str, Any], received: int, finished: int) -> list[Span] | None:
    """The (finished, start, end) of the pauses that count for 2.2 (``_paused_days``: each clipped to the
    finishing day), or ``None`` unless they lie apart and after the receipt (then no calendar makes the days
    taken negative, which ``max(days, 0)`` would clip)."""
    spans: list[Span] = []
    for pause in doc.get("pauses") or []:
        if not isinstance(pause, dict):
            return None
        raw_start, raw_end = pause.get("start"), pause.get("end")
        start, end = _day(raw_start), _day(raw_end)
        if (raw_start not in (None, "") and start is None) or (raw_end not in (None, "") and end is None):
            return None
        if start is None:
            continue
        end = finished if end is None else min(end, finished)
        if end > start:
            spans.append((finished, start, end))
    spans.sort(key=lambda span: span[1])
    last = received
    for _, start, end in spans:
        if start < last:
            return None
        last = end
    return spans


def _contributions(doc: dict[str, Any]) -> tuple[list[tuple[int, int, int]], list[Span]] | None:
    received = _day(doc.get("received"))
    if received is None:
        return None
    raw_finished, raw_due = doc.get("finished"), doc.get("due")
    finished = _day(raw_finished) if raw_finished else None
    due = _day(raw_due) if raw_due else None
    if (raw_finished and finished is None) or (raw_due and due is None):
        return None
    if (finished is not None and finished < received) or (due is not None and due < received):
        return None
    flagged = _supplements_late(doc)
    if flagged is None:
        return None
    out = [(received, _SLOT[_INTAKE.get(doc.get("channel"), "new_direct")], 1), (received, _SLOT["progress"], 1)]
    spans: list[Span] = []
    progress, overdue = [_SLOT["progress"]], [_SLOT["overdue"]]
    if flagged:
        out.append((received, _SLOT["s_progress"], 1))
        progress.append(_SLOT["s_progress"])
        overdue.append(_SLOT["s_overdue"])
    if finished is not None:
        final = _final_class(doc, finished, due)
        if final is None:
            return None
        out += [(finished, _SLOT[final], 1)] + [(finished, slot, -1) for slot in progress]
        if final in RESOLVED:
            paused = _pause_spans(doc, received, finished)
            if paused is None:
                return None
            spans = [(finished, received), *paused]
            _flag(out, doc.get("e_result"), finished, "e_result")
        if final not in RESOLVED and due is not None and finished > due:
            out.append((finished, _SLOT["wr_late"], 1))
        elif flagged and final != "late":
            out.append((finished, _SLOT["s_in_time"], 1))
    if due is not None and (finished is None or due + 1 < finished):
        out += [(due + 1, slot, 1) for slot in overdue]
        if finished is not None:
            out += [(finished, slot, -1) for slot in overdue]
    if doc.get("channel", "direct") in KNOWN_CHANNELS:
        out.append((received, _SLOT["channel_known"], 1))
    _flag(out, doc.get("paid_online"), received, "paid")
    _flag(out, doc.get("digitised"), received, "digitised")
    return out, spans


def _flag(out: list[tuple[int, int, int]], value: Any, day: int, name: str) -> None:
    """A flag known (not ``None``) and set (true), as ``service_index._flag_share`` reads it."""
    if value is not None:
        out.append((day, _SLOT[f"{name}_known"], 1))
        if value:
            out.append((day, _SLOT[f"{name}_yes"], 1))
