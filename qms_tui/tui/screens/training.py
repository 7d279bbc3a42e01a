"""Screen 4, QMS training: who was never trained, who must be retrained (and on which revised procedures),
coverage by unit, and the courses with their attendees and materials.

Staff rotation is the report's own difficulty, so the staff × course matrix opens first with the never
trained on top. ``v`` switches between the matrix, the units and the courses. In the courses view ``a``
adds a course and ``e`` edits the highlighted one (title, date, trainer, letter, materials, attendees); in
the matrix ``a`` adds a member of staff and ``e`` edits the highlighted one (a new unit after rotation, the
day they left); in the units view ``a`` adds a member of staff to the highlighted unit. Courses are not
deleted: they are the records of competence of ISO 9001 clause 7.2, so ``d`` says so instead (an attendee
recorded by mistake is taken out with ``e``).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Static

from qms_tui.domain import training
from qms_tui.domain.models import Training
from qms_tui.domain.text import searchable
from qms_tui.domain.training import StaffTraining
from qms_tui.i18n import day, number
from qms_tui.labels import lang, tr
from qms_tui.tui.data import ScreenData
from qms_tui.tui.forms.editing import EditingScreen, editing_bindings
from qms_tui.tui.screens.base import QmsScreen
from qms_tui.tui.widgets.cells import ALERT, WARN, clip, count_cell, date_cell, rate_cell
from qms_tui.tui.widgets.record_table import Column, RecordTable
from qms_tui.tui.widgets.table_view import TableView
from qms_tui.tui.widgets.views import ViewBar
from qms_tui.tui.widgets.visible import visible_renderable

STATUS_STYLES = {training.NEVER: ALERT, training.RETRAIN: WARN, training.TRAINED: ""}


def status_cell(status: StaffTraining) -> Text:
    """Never trained (reversed), needs retraining (bold) or trained."""
    return Text(tr(f"ts_{status.status}"), style=STATUS_STYLES[status.status])


def describe_staff(status: StaffTraining) -> str:
    """The preview line: who, which unit, and why they need (re)training."""
    line = f"{status.staff.name} · {status.staff.unit} · {tr(f'ts_{status.status}')}"
    if status.revised_procedures:
        line += f" ({day(status.last_training, lang())}): {', '.join(status.revised_procedures)}"
    return line


def given_name_order(status: StaffTraining) -> str:
    """Vietnamese names sort by the given name (the last word), then the whole name."""
    name = status.staff.name
    return f"{name.split()[-1] if name.split() else ''} {name}"


class TrainingScreen(EditingScreen, QmsScreen):
    """Screen 4: staff × course matrix, coverage by unit, courses."""

    SCREEN_NAME = "training"
    VIEWS = ("matrix", "units", "courses")
    PALETTE_ACTIONS = ("next_view", "add", "edit")
    """What the palette offers on this screen (``QmsScreen.palette_commands``)."""
    BINDINGS = [
        Binding("v", "next_view", tr("key_view"), show=False, id="training.view"),
        *editing_bindings("training", unavailable=("d",)),
    ]
    CSS_PATH = "training.tcss"

    def __init__(self, data: ScreenData) -> None:
        """The QMS courses become matrix columns at each refresh."""
        super().__init__(data)
        self._courses: list[Training] = []
        self.view = "matrix"

    def compose_body(self) -> ComposeResult:
        """View bar, summary line, and the three views in a switcher."""
        yield ViewBar([(v, tr(f"view_{v}")) for v in self.VIEWS], id="training-views")
        yield Static("", id="training-summary", markup=False)
        with ContentSwitcher(initial="matrix-view"):
            yield TableView(RecordTable([], lambda s: s.staff.code, search_text=self.staff_search, sort_column=2,
                                        id="matrix-table"), preview=describe_staff, id="matrix-view")
            yield TableView(RecordTable(self.unit_columns(), lambda u: u.unit, id="units-table"), id="units-view")
            with Vertical(id="training-courses-pane"):
                yield TableView(RecordTable(self.course_columns(), lambda c: c.code, sort_column=2,
                                            id="courses-table"), id="courses-view")
                with VerticalScroll(id="course-detail"):
                    yield Static("", id="course-detail-text", markup=False)

    # -- columns ------------------------------------------------------------------------------

    def matrix_columns(self) -> list[Column]:
        """Name, unit, status, one column per QMS course (attended or not), last training, why retrain."""
        columns = [
            Column("name", tr("col_person"), lambda s: clip(s.staff.name, 20), given_name_order, width=20),
            Column("unit", tr("col_unit"), lambda s: clip(s.staff.unit, 14), lambda s: s.staff.unit, width=14),
            Column("status", tr("col_status"), status_cell,
                   lambda s: (training.STATUS_ORDER[s.status], s.staff.unit, s.staff.name), width=15),
        ]
        for course in self._courses:
            attendees = set(course.attendees)
            columns.append(Column(
                course.code, course.code,
                lambda s, a=attendees: tr("attended") if s.staff.code in a else "·",
                lambda s, a=attendees: s.staff.code in a, width=max(len(course.code), 3),
            ))
        columns.append(Column("last", tr("col_last"), lambda s: date_cell(s.last_training), lambda s: s.last_training,
                              width=10))
        columns.append(Column("revised", tr("col_revised"), lambda s: ", ".join(s.revised_procedures),
                              lambda s: len(s.revised_procedures)))
        return columns

    @staticmethod
    def unit_columns() -> list[Column]:
        """Coverage of each unit: staff, trained, to retrain, never trained, rate."""
        return [
            Column("unit", tr("col_unit"), lambda u: clip(u.unit, 34), lambda u: u.unit, width=34),
            Column("staff", tr("col_staff"), lambda u: count_cell(u.staff), lambda u: u.staff, width=5,
                   justify="right"),
            Column("trained", tr("col_trained"), lambda u: count_cell(u.trained), lambda u: u.trained, width=6,
                   justify="right"),
            Column("retrain", tr("tui_col_retrain"), lambda u: count_cell(u.retrain), lambda u: u.retrain, width=6,
                   justify="right"),
            Column("never", tr("col_never"), lambda u: count_cell(u.never, alert=True), lambda u: u.never, width=7,
                   justify="right"),
            Column("rate", tr("col_cov"), lambda u: rate_cell(u.rate, target=100.0), lambda u: u.rate, width=6,
                   justify="right"),
        ]

    @staticmethod
    def course_columns() -> list[Column]:
        """The courses: code, title, date, trainer, hours, attendees, materials."""
        return [
            Column("code", tr("col_code"), lambda c: c.code, lambda c: c.code, width=10),
            Column("title", tr("col_title"), lambda c: clip(c.title, 24), lambda c: c.title, width=24),
            Column("date", tr("col_date"), lambda c: date_cell(c.date), lambda c: c.date, width=10),
            Column("attendees", tr("col_attendees"), lambda c: count_cell(len(c.attendees)),
                   lambda c: len(c.attendees), width=8, justify="right"),
            Column("materials", tr("col_materials"), lambda c: count_cell(len(c.materials)),
                   lambda c: len(c.materials), width=8, justify="right"),
            Column("hours", tr("col_hours"), lambda c: number(c.hours, lang(), 1 if c.hours % 1 else 0),
                   lambda c: c.hours, width=5, justify="right"),
            Column("trainer", tr("col_trainer"), lambda c: c.trainer, lambda c: c.trainer),
        ]

    @staticmethod
    def staff_search(s: StaffTraining) -> str:
        """Name, code, unit, status and revised procedures, lower-cased (``searchable``)."""
        return searchable(" | ".join([s.staff.code, s.staff.name, s.staff.unit, tr(f"ts_{s.status}"),
                                      *s.revised_procedures]))

    # -- data ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Open on the matrix, keys in its table."""
        self.query_one(ViewBar).show("matrix")
        self.set_focus(self.query_one("#matrix-table", RecordTable))

    def refresh_data(self) -> None:
        """Summary, matrix (its columns follow the courses), units and courses."""
        qms = self.data.qms
        self._courses = sorted((c for c in qms.trainings if c.qms), key=lambda c: (c.date or qms.today, c.code))
        statuses = qms.staff_training
        figures = self.data.figures()
        n = lambda name: number(figures.count(name), lang())  # noqa: E731
        summary = Text(tr("training_summary", never=n("untrained"), retrain=n("retrain"), trained=n("trained"),
                          staff=n("staff")))
        self.query_one("#training-summary", Static).update(visible_renderable(summary))
        matrix = self.query_one("#matrix-table", RecordTable)
        matrix.specs = self.matrix_columns()
        matrix.set_records(statuses)
        self.query_one("#units-table", RecordTable).set_records(qms.training_coverage())
        self.query_one("#courses-table", RecordTable).set_records(sorted(qms.trainings, key=lambda c: c.code))
        self._show_course()

    def _show_course(self) -> None:
        """Show the highlighted course's letter, materials and attendees."""
        course = self.query_one("#courses-table", RecordTable).cursor_record
        detail = self.course_detail(course) if course else ""
        self.query_one("#course-detail-text", Static).update(visible_renderable(detail))

    def course_detail(self, course: Training) -> RenderableType:
        """A course's convening letter, trainer, materials and attendee names."""
        staff = self.data.qms.staff_by_code
        language = lang()
        head = Text(f"{course.code} — {course.title}\n", style="bold")
        head.append(f"{tr('col_date')} {day(course.date, language)} · {tr('col_trainer')}: {course.trainer}"
                    f" · {tr('letter')}: {course.letter_ref or '—'}\n")
        materials = Text(f"{tr('col_materials')} ({len(course.materials)}):\n", style="bold")
        for item in course.materials:
            materials.append(f"  - {item}\n", style="")
        names = [staff[code].name if code in staff else code for code in course.attendees]
        attendees = Text(f"{tr('col_attendees')} ({len(names)}): ", style="bold")
        attendees.append(", ".join(names), style="")
        return Group(head, materials, attendees)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Moving in the courses table updates the course detail."""
        if event.data_table.id == "courses-table":
            self._show_course()

    def action_next_view(self) -> None:
        """Show the next view (matrix → units → courses)."""
        bar = self.query_one(ViewBar)
        view = bar.next_view()
        self.show_view(view)

    def show_view(self, view: str) -> None:
        """Switch to ``view`` and put the keyboard in its table."""
        self.query_one(ContentSwitcher).current = f"{view}-view" if view != "courses" else "training-courses-pane"
        self.query_one(ViewBar).show(view)
        self.view = view
        table_id = {"matrix": "#matrix-table", "units": "#units-table", "courses": "#courses-table"}[view]
        self.set_focus(self.query_one(table_id, RecordTable))
        self.refresh_bindings()  # e edits a course or a person: not in the units view

    # -- data entry ---------------------------------------------------------------------------

    @property
    def courses_table(self) -> RecordTable:
        """The courses table (the rows ``e`` edits)."""
        return self.query_one("#courses-table", RecordTable)

    def can_edit(self, action: str) -> bool:
        """``a`` adds a course in the courses view, a member of staff in the matrix and units views; ``e``
        edits the highlighted course or member of staff (not a unit's row)."""
        if action == "add":
            return True
        if self.view == "courses":
            return True
        return self.view == "matrix" and self.matrix_table.cursor_record is not None

    def unavailable_reason(self, action: str) -> str:
        """``d`` never deletes a course; ``e`` needs a course or a person."""
        return tr("training_no_delete") if action == "close" else tr("training_pick_course")

    @property
    def matrix_table(self) -> RecordTable:
        """The staff × course matrix (the people ``e`` edits there)."""
        return self.query_one("#matrix-table", RecordTable)

    def focus_record(self, key: str) -> bool:
        """After a save: the cursor on the saved course (courses view) or person (matrix view)."""
        is_course = any(c.code == key for c in self.data.qms.trainings)
        if is_course or key not in self.data.qms.staff_by_code:
            if self.view != "courses":
                self.show_view("courses")
            found = self.courses_table.move_to_key(key)
            self._show_course()
            return found
        if self.view != "matrix":
            self.show_view("matrix")
        return self.matrix_table.move_to_key(key)

    def action_add(self) -> None:
        """``a``: a new course (courses view) or member of staff (matrix; units: in the highlighted unit)."""
        from qms_tui.tui.forms.tables import staff_form, training_form

        data = self.data
        if self.view == "courses":
            self.open_form(training_form(data.store))
            return
        unit = None
        if self.view == "units":
            row = self.query_one("#units-table", RecordTable).cursor_record
            unit = row.unit if row is not None and row.unit in data.qms.organisation.units else None
        self.open_form(staff_form(data.store, data.qms, unit=unit))

    def action_edit(self) -> None:
        """``e``: edit the highlighted course, or the highlighted member of staff in the matrix."""
        from qms_tui.tui.forms.tables import staff_form, training_form

        if self.view == "matrix":
            row = self.matrix_table.cursor_record
            if row is None:
                self.notify(tr("no_row"), severity="warning")
                return
            self.open_form(staff_form(self.data.store, self.data.qms, row.staff))
            return
        record = self.courses_table.cursor_record
        if record is None:
            self.notify(tr("no_row"), severity="warning")
            return
        self.open_form(training_form(self.data.store, record))
