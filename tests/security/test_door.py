"""At the door: no record is written with a control, bidi or line-separator character in its text, nor with an
invisible character or an odd space in a code; ``qms check`` finds those a store holds already."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hostile import CLEAR, OSC_TITLE, RLO, raw_unsafe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qms_tui import services
from qms_tui.domain.models import TABLE_MODELS, ManagementReview, Procedure, Risk
from qms_tui.domain.safety import text_problem
from qms_tui.domain.textcheck import record_text_problems
from qms_tui.domain.typecheck import record_type_problems
from qms_tui.store import Store, ValidationError, create_store
from qms_tui.tui.forms.fields import precheck

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
"""Text from the whole of Unicode: controls, bidi controls, surrogates, separators, unassigned."""


@pytest.fixture(scope="module")
def demo_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One valid record of each table (from the demo; the change log's own entry for it)."""
    qms = Store(create_store(tmp_path_factory.mktemp("door") / "qms.json", demo=True)).snapshot()
    records = {name: getattr(qms, name)[0] for name in TABLE_MODELS
               if name not in ("organisation", "changelog") and getattr(qms, name, None)}
    records["organisation"] = qms.organisation
    return records


def _text_fields(record: object) -> list[str]:
    return [f.name for f in dataclasses.fields(record) if str(f.type).startswith(("str", "list[str]"))]  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), text=ANY_TEXT)
def test_every_record_type_refuses_unsafe_text_with_a_field_message_or_stores_it_safely(data, text, demo_records):
    table = data.draw(st.sampled_from(sorted(demo_records)))
    record = demo_records[table]
    name = data.draw(st.sampled_from(_text_fields(record)))
    value = [text] if str(dataclasses.fields(record)[[f.name for f in dataclasses.fields(record)].index(name)].type
                         ).startswith("list") else text
    changed = dataclasses.replace(record, **{name: value})
    problems = record_type_problems(changed)  # what Transaction.put runs before every write
    code = name in type(record).CODE_FIELDS
    try:
        text.encode("utf-8")
        expected = text_problem(text, code=code)
    except UnicodeEncodeError:
        expected = "not valid UTF-8"
    named = [message for field, message in problems if field == name]
    if expected is None:
        assert not named, (table, name, text, problems)
    else:
        assert named, (table, name, text, problems)  # refused, naming the field


@pytest.mark.parametrize("value", ["a\x1bb", "a\u202eb", "a\x85b", "a\u2028b", "a\x7fb", "a\rb", "a\x00b"])
def test_free_text_refuses_controls_bidi_and_separators_but_keeps_tabs_and_line_feeds(value):
    risk = Risk(code="RR-1", description=value, treatment="t", owner="o")
    assert [name for name, _ in record_text_problems(risk)] == ["description"]
    assert record_text_problems(Risk(code="RR-1", description="a\tb\nc", treatment="t", owner="o")) == []


@pytest.mark.parametrize("code", ["RR\u200b-1", "RR\u00a0-1", "RR-1\ufeff", "RR\t1", "RR\u3000-1", "RR\xad1"])
def test_codes_and_references_refuse_invisible_characters_and_odd_spaces(code):
    assert [n for n, _ in record_text_problems(Risk(code=code, description="d"))] == ["code"]
    assert [n for n, _ in record_text_problems(Risk(code="RR-1", description="d", procedures=["QT-1", code]))] == [
        "procedures"]
    procedure = Procedure(code="QT-1", name=f"tên {code}", unit=f"Văn phòng {code}")
    assert [n for n, _ in record_text_problems(procedure)] == ["unit"]  # a name may hold them; a reference not


def test_text_inside_objects_is_checked_too():
    actions = [{"code": "A\u200b1", "text": "ok"}, {"code": "A2", "text": "x\x1b"}]
    review = ManagementReview(code="XX-1", actions=actions)
    problems = dict(record_text_problems(review))
    assert problems["actions"].startswith("item 1: code: contains an invisible")
    procedure = Procedure(code="QT-1", history=[{"version": "1.0", "change": f"sửa {RLO}"}])
    assert "item 1: change: contains a bidi control (U+202E)" in dict(record_text_problems(procedure))["history"]


def test_a_write_through_the_store_is_refused_whatever_called_it(demo_db: Path):
    risk = Risk(code="RR-77", description=f"x{OSC_TITLE}", treatment="t", owner="o")
    with pytest.raises(ValidationError) as refused, Store(demo_db).transaction() as tx:
        tx.put("risks", risk)
    assert refused.value.problems[0][0] == "description"
    assert "RR-77" not in {r.code for r in Store(demo_db).snapshot().risks}


def test_services_and_forms_name_the_field(demo_db: Path):
    with pytest.raises(ValidationError) as refused:
        services.add_record(Store(demo_db), "staff", {"code": "NV-X", "name": f"An{CLEAR}", "unit": "Văn phòng"})
    assert [name for name, _ in refused.value.problems] == ["name"]
    problems = dict(precheck("risks", {"code": f"RR-{RLO}9", "description": "ok", "procedures": "QT-DT01, QT\u200b"}))
    assert "bidi control (U+202E)" in problems["code"]
    assert problems["procedures"].startswith("item 2: contains an invisible")


def test_cli_add_with_control_text_exits_1_with_the_field_and_prints_nothing_raw(qms, demo_db: Path, monkeypatch):
    monkeypatch.setenv("QMS_LANG", "en")
    run = qms("risk", "add", f"RR-{CLEAR}", "--db", demo_db, "-d", f"x{OSC_TITLE}", "-l", "2", "-i", "2",
              "--treatment", "t", "--owner", "o")
    assert run.code == 1
    assert "code: contains an invisible or control character (\\x1b) at position 4" in run.err
    assert "description: contains" in run.err
    assert raw_unsafe(run.out + run.err) == []
    assert len(run.err.strip().splitlines()) == 1


def test_cli_usage_errors_echo_arguments_escaped(qms, demo_db: Path):
    run = qms(f"nosuch{CLEAR}")
    assert run.code == 2
    assert "nosuch\\x1b[2J" in run.err and raw_unsafe(run.err) == []


def test_check_reports_what_a_store_already_holds(qms, hostile_db: Path, monkeypatch):
    monkeypatch.setenv("QMS_LANG", "en")
    run = qms("check", "--db", hostile_db)
    assert run.code == 1
    assert raw_unsafe(run.out + run.err) == []
    errors = [line for line in run.out.splitlines() if line.startswith("error:")]
    for where in ("risks RR-01 description", "staff", "organisation name", "dossiers X-\\x1b[2J-1 code",
                  "dossiers X-ab\\x0dEVIL-4 code", "dossiers X-U+202E-2 code"):
        assert any(where in line for line in errors), (where, errors)


async def test_the_tui_form_shows_the_problem_on_the_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from datetime import date

    from qms_tui.tui.app import make_app
    from qms_tui.tui.dialogs.form import FormDialog

    path = create_store(tmp_path / "qms.json", demo=True)
    app = make_app(Store(path), clock=lambda: date(2024, 9, 1), poll_interval=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        form.widget("code").value = "RR-50"
        form.widget("description").value = f"Mất {OSC_TITLE}dữ liệu"
        await pilot.pause()  # the fields' Changed messages first (they clear a field's old error), as typing does
        form.action_save()
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert "description" in form.errors and "\\x1b" in form.errors["description"]
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "\\x1b" in shown and raw_unsafe(shown) == []
    assert "RR-50" not in {r.code for r in Store(path).snapshot().risks}
