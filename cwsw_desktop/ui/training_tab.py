"""Training log: the staff with their training and what is due, the records (filterable by
course, person and year), and the policy's checks for the chosen academic year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of, year_label
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import Act, ActOn
from cwsw_desktop.rules.training import Compliance, TrainedMeans
from cwsw_desktop.services.school import year_dates
from cwsw_desktop.services.training import (
    SessionView,
    StaffView,
    TrainingFacts,
    load_facts,
    sessions_in,
    staff_views,
    year_compliance,
    years_with_training,
)
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.list_tab import ListTab, RowTable
from cwsw_desktop.ui.tab_base import EXPLANATIONS
from cwsw_desktop.ui.table_model import Column, fmt_date
from cwsw_desktop.ui.training_words import ROLE_WORDS
from cwsw_desktop.ui.widgets import row_of

RECORD_COLUMNS: list[Column[SessionView]] = [
    Column("Date", lambda r: fmt_date(r.held_on), lambda r: r.held_on, keep_whole=True),
    Column("Course", lambda r: r.course),
    Column("Hours", lambda r: f"{r.hours:g}", lambda r: r.hours, align_right=True, keep_whole=True),
    Column("Provider", lambda r: r.provider),
    Column(
        "Attended",
        lambda r: ("Whole staff: " if r.whole_staff else "") + ", ".join(r.attendees),
        lambda r: len(r.attendees),
        tooltip=lambda r: f"{len(r.attendees)} attended: " + ", ".join(r.attendees),
    ),
    Column("Notes", lambda r: r.notes),
]
STAFF_COLUMNS: list[Column[StaffView]] = [
    Column("Name", lambda r: r.person.name + ("" if r.current else " (not on the staff now)")),
    Column("Role", lambda r: ROLE_WORDS[r.person.role]),
    Column("Job title", lambda r: r.job_title),
    Column(
        "Designated",
        lambda r: ", ".join(
            w
            for w, on in (
                ("DT", r.person.is_dt),
                ("Deputy DT", r.person.is_deputy_dt),
                ("DSL", r.person.is_dsl),
                ("Deputy DSL", r.person.is_deputy_dsl),
            )
            if on
        ),
    ),
    Column(
        "Days this year",
        lambda r: f"{round(r.days_this_year, 2):g}",
        lambda r: r.days_this_year,
        align_right=True,
    ),
    Column("Last training", lambda r: fmt_date(r.last_training), lambda r: r.last_training, keep_whole=True),
    Column("Courses", lambda r: ", ".join(r.courses)),
    Column(
        "Due",
        lambda r: "; ".join(r.due) if r.due else ("Nothing due" if r.current else ""),
        lambda r: len(r.due),
        tone=lambda r: ("warn" if r.due else "good") if r.current else None,
    ),
]
ALL = -1


@dataclass(frozen=True)
class Loaded:
    facts: TrainingFacts
    year: AcademicYearDates
    compliance: Compliance
    staff: list[StaffView]
    years: list[int]


def compliance_text(c: Compliance) -> str:
    """The panel: the policy's four checks in words (the status is always said, not only coloured)."""
    lines = []
    for dt in c.dts:
        state = "met" if dt.short == 0 else f"{round(dt.short, 2):g} more needed"
        lines.append(
            f"Designated Teacher ({dt.person.name}): {round(dt.days, 2):g} of {dt.target:g} training days in {c.year_label} ({state})."
        )
    if not c.dts:
        lines.append("No one on the staff register is marked as the Designated Teacher.")
    when = "this year" if c.policy.trained_means is TrainedMeans.THIS_YEAR else "ever"
    lines.append(
        f"Attachment-aware and trauma-informed ({when}): {len(c.trained)} of {len(c.staff)} staff trained "
        f"({c.trained_share:.0%})."
        + (f" Not yet: {', '.join(p.name for p in c.untrained)}." if c.untrained else "")
    )
    for d in c.dsls:
        s = d.status
        title = "DSL" if d.person.is_dsl else "Deputy DSL"
        state = "overdue" if s.formal_overdue or s.refresher_overdue else "current"
        lines.append(
            f"{title} ({d.person.name}): formal {format_date(d.last_formal) or 'none'}, "
            f"refresher {format_date(d.last_refresher) or 'none'} ({state})."
        )
    lines.append(
        f"Expired training: {len(c.expired)}"
        + (": " + "; ".join(f"{e.person.name} – {e.course}" for e in c.expired) if c.expired else ".")
    )
    return "\n".join(lines)


class TrainingTab(ListTab[SessionView]):
    title = "Training log"
    explanation = EXPLANATIONS[title]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self._year: int = academic_year_of(ctx.today())
        self.loaded_data: Loaded | None = None
        self._pending: Act | None = None
        engine = ctx.store.engine

        def load(key: tuple[int, date]) -> Loaded:
            start_year, today = key
            facts = load_facts(engine)
            year = year_dates(engine, start_year)
            c = year_compliance(facts, year, today)
            return Loaded(facts, year, c, staff_views(facts, c), years_with_training(facts, today))

        table = RowTable(
            RECORD_COLUMNS,
            "No training recorded yet.",
            "Filter records (Ctrl+F)",
            sort_order=Qt.SortOrder.DescendingOrder,
        )
        super().__init__(ctx, load, table, parent, inputs=lambda: (self._year, ctx.today()))
        self.staff_table = RowTable(STAFF_COLUMNS, "No staff on the register yet.", "Filter staff", self)
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.year_box = QComboBox(self)
        self.year_box.setAccessibleName("Academic year")
        self.panel = QLabel(self)
        self.panel.setObjectName("summary")
        self.panel.setWordWrap(True)
        self.panel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_button = QPushButton("&Record training…", self)
        self.whole_button = QPushButton("&Whole-staff session…", self)
        self.person_button = QPushButton("Add &person…", self)
        self.courses_button = QPushButton("C&ourses…", self)
        self.export_button = QPushButton("E&xport CSV…", self)
        self.summary_button = QPushButton("Print s&ummary…", self)
        self.course_filter = QComboBox(self)
        self.course_filter.setAccessibleName("Filter records by course")
        self.person_filter = QComboBox(self)
        self.person_filter.setAccessibleName("Filter records by person")
        self.record_year = QComboBox(self)
        self.record_year.setAccessibleName("Filter records by academic year")
        for box in (self.course_filter, self.person_filter):  # long course names must not widen the window
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(16)
        self.records_page = QWidget(self)
        records = QVBoxLayout(self.records_page)
        records.setContentsMargins(0, 0, 0, 0)
        records.addLayout(row_of(self.course_filter, self.person_filter, self.record_year))
        records.addWidget(self.table, 1)
        self.pages = QTabWidget(self)
        self.pages.addTab(self.staff_table, "&Staff")
        self.pages.addTab(self.records_page, "Re&cords")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading_block())
        year_label_widget = QLabel("Academic &year", self)
        year_label_widget.setBuddy(self.year_box)
        layout.addLayout(row_of(year_label_widget, self.year_box, self.export_button, self.summary_button))
        layout.addLayout(
            row_of(self.record_button, self.whole_button, self.person_button, self.courses_button)
        )
        layout.addWidget(self.panel)
        layout.addWidget(self.error)
        layout.addWidget(self.pages, 1)

    def _connect(self) -> None:
        self.year_box.activated.connect(self._on_year)
        self.record_button.clicked.connect(lambda: self.record_session(whole_staff=False))
        self.whole_button.clicked.connect(lambda: self.record_session(whole_staff=True))
        self.person_button.clicked.connect(lambda: self.edit_person(None))
        self.courses_button.clicked.connect(self._on_courses)
        self.export_button.clicked.connect(self._on_export)
        self.summary_button.clicked.connect(self._on_summary)
        for box in (self.course_filter, self.person_filter, self.record_year):
            box.activated.connect(lambda _: self._apply_filter())
        self.table.activated.connect(lambda row: self.record_session(existing=row))
        self.staff_table.activated.connect(lambda row: self.edit_person(row))

    # -- loading --
    def forget_shown(self) -> None:
        self.loaded_data = None

    def show_result(self, result: Any) -> None:
        data: Loaded = result
        if data is self.loaded_data:  # the kept result: nothing changed, the tab shows it already
            self._open_pending()
            return
        self.loaded_data = data
        self.panel.setText(compliance_text(data.compliance))
        self.staff_table.set_rows(data.staff)
        self.table.set_rows(list(data.facts.sessions))
        self._fill_combo(self.year_box, [(year_label(y), y) for y in data.years], self._year)
        self._fill_combo(
            self.course_filter, [("All courses", ALL)] + [(c.name, c.id) for c in data.facts.courses]
        )
        self._fill_combo(
            self.person_filter, [("Everyone", ALL)] + [(p.name, p.id) for p in data.facts.people]
        )
        self._fill_combo(self.record_year, [("All years", ALL)] + [(year_label(y), y) for y in data.years])
        self._apply_filter()
        self._open_pending()

    def _open_pending(self) -> None:
        if self._pending is not None:
            act, self._pending = self._pending, None
            self.open_act(act)

    @staticmethod
    def _fill_combo(box: QComboBox, items: list[tuple[str, int]], select: int | None = None) -> None:
        keep = box.currentData() if select is None else select
        box.clear()
        for text, value in items:
            box.addItem(text, value)
        box.setCurrentIndex(max(0, box.findData(keep)))

    def _apply_filter(self) -> None:
        data = self.loaded_data
        if data is None:
            return
        course, person, year = (
            int(b.currentData() or ALL) for b in (self.course_filter, self.person_filter, self.record_year)
        )
        dates = year_dates(self.ctx.store.engine, year) if year != ALL else None
        keep = {
            s.id
            for s in sessions_in(
                data.facts, dates, None if course == ALL else course, None if person == ALL else person
            )
        }
        self.table.proxy.set_predicate(lambda row: row is not None and row.id in keep)
        self.table.update_count()

    def _on_year(self) -> None:
        self._year = int(self.year_box.currentData())
        self.refresh()

    # -- actions --
    def new_record(self) -> bool:
        return self.record_session(whole_staff=False)

    def record_session(self, whole_staff: bool = False, existing: SessionView | None = None) -> bool:
        from cwsw_desktop.ui.training_session_dialog import TrainingSessionDialog

        if self.loaded_data is None:
            return False
        dialog = TrainingSessionDialog(
            self.ctx.store.engine, self.loaded_data.facts, self.ctx.today(), existing, whole_staff, self
        )
        self.session_dialog = dialog
        dialog.accepted.connect(self._saved)
        dialog.open()
        return True

    def edit_person(self, row: StaffView | None) -> None:
        from cwsw_desktop.ui.training_staff_dialog import StaffDialog

        dialog = StaffDialog(
            self.ctx.store.engine, row.person if row else None, row.job_title if row else "", self
        )
        self.staff_dialog = dialog
        dialog.accepted.connect(self._saved)
        dialog.open()

    def _on_courses(self) -> None:
        from cwsw_desktop.ui.training_course_dialog import CoursesDialog

        dialog = CoursesDialog(self.ctx.store.engine, self)
        self.courses_dialog = dialog
        dialog.finished.connect(lambda _: self._saved() if dialog.changed else None)
        dialog.open()

    def _saved(self) -> None:
        self.changed.emit()
        self.refresh()

    def import_training(self) -> None:
        from cwsw_desktop.ui.training_import_dialog import TrainingImport

        path, _ = QFileDialog.getOpenFileName(
            self, "Import training", str(Path.home()), "Training tracker (*.csv *.xlsx);;All files (*)"
        )
        if not path:
            return
        self.importer = TrainingImport(self.ctx, self)
        self.importer.imported.connect(lambda _: self._saved())
        self.importer.message.connect(self._status)
        self.importer.start(Path(path))

    def _status(self, text: str) -> None:
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)

    def visible_sessions(self) -> list[SessionView]:
        return list(self.table.visible_rows())

    def _on_export(self) -> None:
        from cwsw_desktop.services.training_export import export_training_csv

        path, _ = QFileDialog.getSaveFileName(
            self, "Export training log", str(Path.home() / "training-log.csv"), "CSV (*.csv)"
        )
        if not path:
            return
        engine, store, sessions = self.ctx.store.engine, self.ctx.store, self.visible_sessions()
        passphrase = store.passphrase if store.encrypted else None
        self.ctx.jobs.run(
            lambda: export_training_csv(engine, path, sessions, passphrase=passphrase),
            lambda result: self._status(f"Exported {result[1]} line(s) to {result[0]}"),
            lambda exc: QMessageBox.warning(self, "Export training log", f"Could not export: {exc}"),
        )

    def _on_summary(self) -> None:
        from cwsw_desktop.services.audit import log_event
        from cwsw_desktop.services.training import summary_pdf
        from cwsw_desktop.ui.pdf_preview import PdfPreviewDialog

        engine, year, today = self.ctx.store.engine, self._year, self.ctx.today()
        label = year_label(year)

        def show(data: bytes) -> None:
            dialog = PdfPreviewDialog(data, f"Training summary {label}", f"training-summary-{year}.pdf", self)
            dialog.printed.connect(
                lambda: log_event(engine, "print", "training_session", detail=f"training summary {label}")
            )
            dialog.saved.connect(
                lambda _: log_event(
                    engine, "print", "training_session", detail=f"training summary {label} saved as PDF"
                )
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.summary_dialog = dialog
            dialog.open()

        self.ctx.jobs.run(
            lambda: summary_pdf(engine, year, today),
            show,
            lambda exc: QMessageBox.warning(self, "Training summary", f"Could not make the summary: {exc}"),
        )

    @classmethod
    def may_open(cls, act: object) -> bool:
        return isinstance(act, Act) and act.on in (ActOn.STAFF, ActOn.TRAINING)

    def open_act(self, act: Act) -> bool:
        if act.on not in (ActOn.STAFF, ActOn.TRAINING):
            return False
        if self.loaded_data is None:
            self._pending = act
            return True
        table = self.staff_table if act.on is ActOn.STAFF else self.table
        self.pages.setCurrentWidget(self.staff_table if act.on is ActOn.STAFF else self.records_page)
        if act.record_id is not None:
            for r in range(table.proxy.rowCount()):
                row = table.model.row_at(table.proxy.mapToSource(table.proxy.index(r, 0)).row())
                if (row.person.id if act.on is ActOn.STAFF else row.id) == act.record_id:
                    table.view.selectRow(r)
                    table.view.setFocus()
                    break
        return True
