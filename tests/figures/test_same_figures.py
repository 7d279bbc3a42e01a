"""Every shared figure (``domain/figures.py``) is the same number in every view that shows it.

On the demo and on random stores (the demo changed by hypothesis, written through the real store), each
view is rendered the way a user gets it — the Overview and the screens' status lines through the pilot,
``qms summary`` (text, Markdown, HTML, JSON) and ``qms rollup`` through the command line, the annual report
and the review pack — and each figure it shows is read back by its label (looked up with the same label
functions the view uses) and compared with the registry's value at the precision shown.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qms_cli import run_qms

from qms_tui.domain.figures import FIGURES, FORM_06, Figures
from qms_tui.i18n import nt, t
from qms_tui.labels import tr
from qms_tui.reports.annual import build_report, render_report
from qms_tui.reports.review_pack import render_review_pack
from qms_tui.store import Store, create_store
from qms_tui.tui.app import make_app
from qms_tui.tui.widgets.block import Block

AS_OF = date(2024, 9, 1)
VALUE = r"(?:\d[\d.]*(?:,\d+)?%?|—)"
"""A figure as the Vietnamese interface writes it: 1.234, 84,1%, or — for a rate of nothing."""

Seen = dict[str, list[str]]
"""Figure name → the values a view shows for it (as written)."""

# The labels of form 06's lines in the summary (``i18n.t``) and in the annual report (its own wording).
SUMMARY_ROWS = {"received": "received", "new": "new", "carried_over": "carried_over", "resolved": "resolved",
                "on_time": "on_time", "late": "late", "in_progress": "in_progress", "not_due": "not_due",
                "overdue": "overdue", "withdrawn": "withdrawn_returned", "on_time_rate": "on_time_rate"}
KPIS = {"on_time_rate": "kpi_on_time", "overdue_now": "kpi_overdue", "high_risks": "kpi_high_risks",
        "untrained": "kpi_untrained", "findings": "kpi_findings"}
ANNUAL = {"received": "(1) Tổng số hồ sơ yêu cầu giải quyết TTHC:", "new": "Số hồ sơ mới tiếp nhận:",
          "carried_over": "Số hồ sơ kỳ trước chuyển qua:", "resolved": "(2) Số hồ sơ đã giải quyết:",
          "on_time": "Số hồ sơ giải quyết đúng hạn:", "late": "Số hồ sơ giải quyết quá hạn:",
          "in_progress": "(3) Số hồ sơ đang giải quyết:", "not_due": "Số hồ sơ chưa đến hạn:",
          "overdue": "Số hồ sơ đã quá hạn:", "withdrawn": "(4) Số hồ sơ rút, trả lại (không giải quyết):",
          "on_time_rate": "Tỷ lệ hồ sơ giải quyết đúng hạn:"}


# -- reading figures back -----------------------------------------------------------------------------


def template(label: str, **named: str) -> re.Pattern[str]:
    """A label with ``{placeholders}`` (``labels.tr``'s tables) as a pattern capturing each value by name;
    ``named`` maps a placeholder to the figure it shows (others match any value)."""
    parts = re.split(r"\{(\w+)\}", label)
    out = ""
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out += re.escape(part)
        else:
            out += f"(?P<{named[part]}>{VALUE})" if part in named else VALUE
    return re.compile(out)


def read(seen: Seen, pattern: re.Pattern[str], text: str, name: str | None = None) -> None:
    """Every match of ``pattern`` in ``text``: its named groups (or its one group, as ``name``)."""
    for match in pattern.finditer(text):
        if name is not None:
            seen.setdefault(name, []).append(match.group(1))
        for key, value in match.groupdict().items():
            if value is not None:
                seen.setdefault(key, []).append(value)


def risk_counts(seen: Seen, text: str) -> None:
    """``4 rủi ro mức cao · 3 cơ hội đang mở`` (``i18n.risk_counts_text``), singular or plural."""
    for name, key in (("high_risks", "n_high_risks"), ("open_opportunities", "n_open_opportunities")):
        forms = {nt(key, count, "vi", n="{n}") for count in (1, 2)}
        words = "|".join(re.escape(form).replace(re.escape("{n}"), r"(\d[\d.]*)", 1) for form in forms)
        for match in re.finditer(words, text):
            seen.setdefault(name, []).append(next(g for g in match.groups() if g is not None))


def row(label: str) -> re.Pattern[str]:
    """A label alone in its cell, then its figure: a text table (two spaces apart) or a Markdown/HTML one."""
    return re.compile(rf"(?:^|(?<=\s\s)|(?<=\|))\s*{re.escape(label)}\s*\|*\s+({VALUE})(?=\s|\||$)", re.M)


def value_of(shown: str) -> tuple[float | None, int]:
    """``1.234`` → (1234, 0), ``84,05%`` → (84.05, 2), ``—`` → (None, 0)."""
    if shown == "—":
        return None, 0
    body = shown.rstrip("%").replace(".", "")
    decimals = len(body.split(",")[1]) if "," in body else 0
    return float(body.replace(",", ".")), decimals


def check(view: str, seen: Seen, expected: Figures, must_show: Iterable[str]) -> None:
    """Each value shown equals the registry's at the precision shown; ``must_show`` are read at least once."""
    for name in must_show:
        assert seen.get(name), f"{view}: {name} not found"
    for name, values in seen.items():
        want = expected[name]
        for shown in values:
            got, decimals = value_of(shown)
            if want is None or got is None:
                assert want is None and got is None, f"{view}: {name} shows {shown}, the registry says {want}"
            else:
                assert abs(want - got) <= 0.5 * 10 ** -decimals + 1e-9, \
                    f"{view}: {name} shows {shown}, the registry says {want}"


def from_json(view: str, data: dict[str, object], expected: Figures) -> None:
    for name, value in data.items():
        want = expected[name]
        if isinstance(want, float):
            assert value is not None and abs(want - value) < 0.005 + 1e-9, (view, name, value, want)
        else:
            assert value == want, (view, name, value, want)


# -- the views ----------------------------------------------------------------------------------------


async def tui_views(path: Path) -> dict[str, str]:
    """The Overview's blocks and the status lines of the Risks, Training, Improvement and Dossiers screens."""
    app = make_app(Store(path), clock=lambda: AS_OF, poll_interval=60)
    texts: dict[str, str] = {}
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        for block in app.screen.query(Block):
            texts[f"overview {block.id}"] = block.plain
        for key, widget in (("3", "#risks-legend"), ("4", "#training-summary"), ("6", "#imp-summary"),
                            ("5", "#dossier-filters")):
            await pilot.press(key)
            await pilot.pause()
            texts[widget] = str(app.screen.query_one(widget).content)
    return texts


def check_tui(texts: dict[str, str], f: Figures) -> None:
    seen: Seen = {}
    dossiers = texts["overview ov-dossiers"]
    for name, key in (("received", "ov_received"), ("resolved", "ov_resolved"), ("in_progress", "ov_in_progress"),
                      ("withdrawn", "ov_withdrawn")):
        read(seen, row(tr(key)), dossiers, name)
    for key, named in (("ov_new_carried", {"new": "new", "carried": "carried_over"}),
                       ("ov_on_time_late", {"on_time": "on_time", "late": "late"}),
                       ("ov_not_due_overdue", {"not_due": "not_due", "overdue": "overdue"}),
                       ("ov_rate", {"rate": "on_time_rate"})):
        read(seen, template(tr(key), **named), dossiers)
    read(seen, template(tr("ov_overdue_now"), n="overdue_now"), texts["overview ov-attention"])
    risk_counts(seen, texts["overview ov-risks"])
    read(seen, template(tr("ov_untrained"), never="untrained", staff="staff", retrain="retrain"),
         texts["overview ov-training"])
    improvement = texts["overview ov-plan"]
    read(seen, template(tr("ov_ncs"), n="open_ncs"), improvement)
    for key in ("overdue_days", "ov_overdue_n"):
        read(seen, template(f"{tr('ov_ncs').replace('{n}', '{open}')} · {tr(key)}", n="overdue_ncs"), improvement)
    check("overview", seen, f, ["received", "new", "carried_over", "resolved", "on_time", "late", "in_progress",
                                "not_due", "overdue", "withdrawn", "on_time_rate", "overdue_now", "high_risks",
                                "open_opportunities", "untrained", "staff", "retrain", "open_ncs", "overdue_ncs"])

    seen = {}
    risk_counts(seen, texts["#risks-legend"])
    read(seen, template(tr("heat_open"), risks="open_risks"), texts["#risks-legend"])
    check("risks screen", seen, f, ["high_risks", "open_opportunities", "open_risks"])
    seen = {}
    read(seen, template(tr("training_summary"), never="untrained", retrain="retrain", trained="trained",
                        staff="staff"), texts["#training-summary"])
    check("training screen", seen, f, ["untrained", "retrain", "trained", "staff"])
    seen = {}
    board = texts["#imp-summary"]
    read(seen, template(f" — {tr('overdue_days')}", n="overdue_ncs"), board)
    if tr("none_overdue") in board:
        seen.setdefault("overdue_ncs", []).append("0")
    check("improvement screen", seen, f, ["overdue_ncs"])
    seen = {}
    read(seen, re.compile(rf"→ ({VALUE})"), texts["#dossier-filters"], "received")
    check("dossiers screen", seen, f, ["received"])


def as_lines(page: str) -> str:
    """An HTML page's tables as Markdown-like rows (``| a | b |``), the other tags taken out."""
    page = re.sub(r"</t[dh]>\s*<t[dh][^>]*>", " | ", page)
    page = re.sub(r"<tr[^>]*>", "\n| ", page).replace("</tr>", " |\n")
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def key_figures(text: str) -> Seen:
    """The key figures of a Markdown or HTML summary: a header row of labels, then a row of values."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.strip().startswith("|") and not re.match(r"\|\s*:?-", line.strip())]
    head = next(i for i, cells in enumerate(rows) if t(KPIS["on_time_rate"]) in cells)
    cells = dict(zip(rows[head], rows[head + 1], strict=True))
    return {name: [cells[t(key)]] for name, key in KPIS.items()}


def summary_seen(text: str) -> Seen:
    """The figures of the summary in text, Markdown or HTML (tags and emphasis taken out)."""
    if text.lstrip().startswith("<"):
        text = as_lines(text)
    text = text.replace("*", "").replace("&emsp;", " ").replace("\u2003", " ")
    seen: Seen = {}
    for name, key in SUMMARY_ROWS.items():
        read(seen, row(t(key)), text, name)
    for name, key in KPIS.items():
        read(seen, re.compile(rf"{re.escape(t(key))}:\s*({VALUE})"), text, name)  # text: "Đúng hạn: 84,1%"
    risk_counts(seen, text)
    read(seen, re.compile(rf"{re.escape(t('staff'))}: ({VALUE}); {re.escape(t('coverage').lower())}:\s*\|*({VALUE})"),
         text, "staff")
    read(seen, re.compile(rf"; {re.escape(t('coverage').lower())}:\s*\|*({VALUE})"), text, "training_coverage")
    read(seen, re.compile(rf"{re.escape(t('untrained'))} \(({VALUE})\)"), text, "untrained")
    read(seen, re.compile(rf"{re.escape(t('retrain'))} \(({VALUE})\)"), text, "retrain")
    return seen


def check_summary(path: Path, f: Figures) -> None:
    form = [*FORM_06, "on_time_rate"]
    for fmt in ("text", "markdown", "html"):
        result = run_qms("summary", "--db", path, "--format", fmt)
        assert result.code == 0, result.err
        check(f"summary {fmt}", summary_seen(result.out), f,
              [*form, "high_risks", "open_opportunities", "staff", "training_coverage"]
              + (list(KPIS) if fmt == "text" else []))
        if fmt != "text":  # there the key figures are a table: a row of labels, then a row of values
            page = as_lines(result.out) if fmt == "html" else result.out.replace("*", "")
            check(f"summary {fmt} key figures", key_figures(page), f, KPIS)

    data = json.loads(run_qms("summary", "--db", path, "--format", "json").out)
    from_json("summary json", {name: data["dossiers"][name] for name in (*FORM_06, "on_time_rate")}, f)
    risks = data["risks"]
    from_json("summary json", {name: risks[name] for name in ("risks", "open_risks", "high_risks", "opportunities",
                                                              "open_opportunities", "high_opportunities")}, f)
    training = data["training"]
    from_json("summary json", {"staff": training["staff"], "trained": training["trained"],
                               "retrain": training["retrain"], "untrained": training["never_trained"],
                               "findings": len(data["findings"])}, f)
    assert len(training["untrained_staff"]) == f["untrained"]


def check_reports(path: Path, f: Figures) -> None:
    qms = Store(path, read_only=True).snapshot()
    year = qms.today.year
    text = " ".join(render_report(build_report(qms, year, f.period), "text").split())  # lines joined where wrapped
    seen: Seen = {}
    for name, label in ANNUAL.items():
        read(seen, re.compile(rf"{re.escape(label)} ({VALUE})"), text, name)
    for match in re.finditer(r"(\d+) rủi ro, (\d+) cơ hội; đến ngày \S+ còn (\d+) rủi ro mức cao, (\d+) cơ hội đang mở",
                             text):
        for name, value in zip(("risks", "opportunities", "high_risks", "open_opportunities"), match.groups(),
                               strict=True):
            seen.setdefault(name, []).append(value)
    annual_must = [*FORM_06] + (["on_time_rate"] if f["on_time_rate"] is not None else [])
    if qms.risks:
        annual_must += ["risks", "opportunities", "high_risks", "open_opportunities"]
    check("annual report", seen, f, annual_must)

    pack = " ".join(render_review_pack(qms, year, "markdown").replace("*", "").split())
    seen = {}
    e = lambda key, lower=True: re.escape(t(key).lower() if lower else t(key))  # noqa: E731
    for name, pattern in (("received", rf"{e('received', False)}: ({VALUE})"),
                          ("resolved", rf"{e('resolved')}: ({VALUE})"),
                          ("on_time", rf"\({e('on_time')} ({VALUE}),"),
                          ("late", rf", {e('late')} ({VALUE})\)"),
                          ("in_progress", rf"{e('in_progress')}: ({VALUE})"),
                          ("overdue", rf"\({e('overdue')} ({VALUE})\)"),
                          ("withdrawn", rf"{e('withdrawn_returned')}: ({VALUE})\."),
                          ("on_time_rate", rf"{e('on_time_rate', False)}: ({VALUE})"),
                          ("untrained", rf"; {e('untrained')}: ({VALUE})"),
                          ("retrain", rf"; {e('retrain')}: ({VALUE})")):
        read(seen, re.compile(pattern), pack, name)
    risk_counts(seen, pack)
    read(seen, re.compile(rf"{re.escape(t('training'))}: ({VALUE})/({VALUE}) "), pack, "covered")
    pack_must = [*(n for n in ("received", "resolved", "on_time", "late", "in_progress", "overdue", "withdrawn",
                               "on_time_rate")), "high_risks", "open_opportunities"]
    if f["staff"]:
        pack_must += ["untrained", "retrain", "covered"]
    check("review pack", seen, f, pack_must)
    data = json.loads(render_review_pack(qms, year, "json"))
    dossiers = data["c_performance"]["dossiers"]
    from_json("review pack json", {**{n: dossiers[n] for n in ("received", "resolved", "on_time", "late",
                                                                 "in_progress", "overdue", "on_time_rate")},
                                   "withdrawn": dossiers["withdrawn_returned"]}, f)
    resources = data["d_resources"]
    from_json("review pack json", {"staff": resources["staff"], "trained": resources["trained"],
                                   "covered": resources["covered"], "untrained": len(resources["untrained"]),
                                   "retrain": len(resources["retrain"])}, f)
    from_json("review pack json", {name: data["e_risk_actions"][name] for name in ("high_risks", "open_opportunities",
                                                                                   "risks", "opportunities")}, f)
    ncs = data["c_performance"]["nonconformities"]  # those of the year: every one overdue now is among them
    from_json("review pack json", {"overdue_ncs": sum(1 for nc in ncs if nc["overdue"])}, f)


def check_rollup(path: Path, f: Figures) -> None:
    result = run_qms("rollup", path, "--format", "json")
    assert result.code == 0, result.err
    agency = json.loads(result.out)["agencies"][0]
    assert agency["error"] is None
    from_json("rollup json", {**{name: agency["dossiers"][name] for name in (*FORM_06, "on_time_rate")},
                              "open_ncs": agency["open_ncs"], "overdue_ncs": agency["overdue_ncs"],
                              "untrained": agency["untrained"]}, f)


def check_everywhere(path: Path) -> Figures:
    qms = Store(path, read_only=True).snapshot()
    f = Figures(qms)
    f.as_dict()  # every figure computes
    check_tui(asyncio.run(tui_views(path)), f)
    check_summary(path, f)
    check_reports(path, f)
    check_rollup(path, f)
    return f


# -- the stores ---------------------------------------------------------------------------------------


def test_every_shared_figure_has_a_one_line_definition():
    for name, figure in FIGURES.items():
        assert figure.definition and figure.definition[0].isupper(), name
        assert figure.name == name


def test_the_demo_shows_the_same_figures_everywhere(tmp_path: Path):
    f = check_everywhere(create_store(tmp_path / "qms.json", demo=True))
    assert (f["received"], f["resolved"], f["in_progress"], f["withdrawn"], f["overdue"]) == (578, 439, 113, 26, 0)
    assert (f["high_risks"], f["open_opportunities"], f["untrained"], f["open_ncs"], f["overdue_ncs"]) == \
        (4, 3, 6, 4, 1)


def _iso(day: date) -> str:
    return day.isoformat()


@st.composite
def changes(draw):
    """How to change the demo: which dossiers to keep or reopen, the register, who attended, the NCs' dates."""
    return {
        "as_of": draw(st.sampled_from([AS_OF, date(2024, 6, 28), date(2024, 12, 31)])),
        "dossiers": draw(st.lists(st.integers(0, 3), min_size=900, max_size=900)),
        "risks": draw(st.lists(st.tuples(st.sampled_from(["open", "in_treatment", "closed"]), st.integers(1, 5),
                                         st.integers(1, 5), st.booleans()), min_size=20, max_size=20)),
        "absent": draw(st.lists(st.integers(0, 4), min_size=60, max_size=60)),
        "ncs": draw(st.lists(st.tuples(st.integers(-90, 90), st.integers(0, 60), st.booleans()), min_size=10,
                             max_size=10)),
    }


def changed_demo(path: Path, change: dict) -> Path:
    """The demo, changed through the store's own transaction (as ``qms`` and the app write)."""
    create_store(path, demo=True)
    as_of: date = change["as_of"]
    with Store(path).transaction() as tx:
        tables = tx.tables
        for doc in tables["_meta"].values():
            doc["as_of"] = _iso(as_of)
        dossiers = tables["dossiers"]
        for (key, doc), fate in zip(list(dossiers.items()), change["dossiers"], strict=False):
            if fate == 0:
                del dossiers[key]
            elif fate == 1 and doc.get("finished"):  # not finished after all: in progress, maybe overdue
                doc["finished"], doc["outcome"] = None, None
        for doc, (status, likelihood, impact, flip) in zip(tables["risks"].values(), change["risks"], strict=False):
            doc.update(status=status, likelihood=likelihood, impact=impact)
            if flip:
                doc["kind"] = "opportunity" if doc["kind"] == "risk" else "risk"
        codes = sorted(doc["code"] for doc in tables["staff"].values())
        for doc in tables["trainings"].values():
            doc["attendees"] = [c for c in doc["attendees"]
                                if change["absent"][codes.index(c) % 60 if c in codes else 0] != 0]
        for doc, (deadline, raised_before, closed_later) in zip(tables["nonconformities"].values(), change["ncs"],
                                                                 strict=False):
            doc["deadline"] = _iso(as_of + timedelta(days=deadline))  # raised no later than its deadline
            doc["raised"] = _iso(as_of + timedelta(days=deadline - raised_before))
            if doc["status"] == "closed" and closed_later:  # closed after the as-of day: still open on it
                doc["closed_date"] = _iso(as_of + timedelta(days=5))
        for name in ("_meta", "dossiers", "risks", "trainings", "nonconformities"):
            tx.touched(name)
    return path


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow, HealthCheck.data_too_large])
@pytest.mark.slow
@given(changes())
def test_random_stores_show_the_same_figures_everywhere(tmp_path_factory, change):
    check_everywhere(changed_demo(tmp_path_factory.mktemp("store") / "qms.json", change))
