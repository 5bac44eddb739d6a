"""Record training: one session (course, date, hours, provider, notes) and who attended.

For a whole-staff INSET every current member of staff starts ticked: untick the absent and save.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)
from sqlalchemy import Engine

from cwsw_desktop.models.training import CourseCategory
from cwsw_desktop.services.training import SessionView, TrainingFacts
from cwsw_desktop.services.training_edit import SessionInput, save_session
from cwsw_desktop.ui.forms import (
    ErrorLine,
    choice_box,
    decimal_box,
    form_of,
    save_cancel,
    stack,
)
from cwsw_desktop.ui.widgets import DateField, SearchBox, fit_to_screen, row_of


class TrainingSessionDialog(QDialog):
    def __init__(
        self,
        engine: Engine,
        facts: TrainingFacts,
        today: date,
        existing: SessionView | None = None,
        whole_staff: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine, self.facts, self.today, self.existing = engine, facts, today, existing
        self.saved_id: int | None = None
        self.setWindowTitle(
            "Edit training record"
            if existing
            else "Whole-staff session"
            if whole_staff
            else "Record training"
        )
        self.course = choice_box(((c.name, c.id) for c in facts.courses), parent=self)
        self.held_on = DateField(existing.held_on if existing else today, required=True, parent=self)
        self.hours = decimal_box(0.25, 100.0, 0.25, " hours", decimals=2, parent=self)
        self.provider = QLineEdit(self)
        self.provider.setMaxLength(200)
        self.notes = QLineEdit(self)
        self.whole = QCheckBox("&Whole-staff session", self)
        self.attendees = QListWidget(self)
        self.attendees.setAccessibleName("Attendees: tick everyone who attended")
        self.finder = SearchBox("Find a person", self)
        self.select_all = QPushButton("Select &all", self)
        self.select_none = QPushButton("Select &none", self)
        self.ticked = QLabel(self)
        self.error = ErrorLine(self)
        self._fill(whole_staff)
        self._build()
        self._connect()

    def _fill(self, whole_staff: bool) -> None:
        e = self.existing
        if e is not None:
            self.course.setCurrentIndex(max(0, self.course.findData(e.course_id)))
            self.hours.setValue(e.hours)
            self.provider.setText(e.provider)
            self.notes.setText(e.notes)
            self.whole.setChecked(e.whole_staff)
        else:
            wanted = CourseCategory.ATTACHMENT_TRAUMA if whole_staff else None
            first = next((c for c in self.facts.courses if c.category is wanted), None)
            if first is not None:
                self.course.setCurrentIndex(self.course.findData(first.id))
            self.hours.setValue(3.0)
            self.whole.setChecked(whole_staff)
        on = e.held_on if e else self.today
        chosen = set(e.attendee_ids) if e else set()
        for p in sorted(self.facts.people, key=lambda p: p.name.casefold()):
            current = p.current_on(on)
            if not current and p.id not in chosen:
                continue
            item = QListWidgetItem(p.name if current else f"{p.name} (not on the staff on this date)")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            tick = p.id in chosen or (e is None and whole_staff and p.counts_as_staff)
            item.setCheckState(Qt.CheckState.Checked if tick else Qt.CheckState.Unchecked)
            self.attendees.addItem(item)
        self._count()

    def _build(self) -> None:
        form = form_of(
            ("&Course", self.course),
            ("&Date", self.held_on),
            ("&Hours", self.hours),
            ("&Provider", self.provider),
            ("N&otes", self.notes),
        )
        form.addRow("", self.whole)
        stack(
            self,
            form,
            QLabel("Attendees (tick everyone who attended; untick the absent):", self),
            row_of(self.finder, self.select_all, self.select_none, self.ticked),
            (self.attendees, 1),
            self.error,
            save_cancel(self, self._on_save),
        )
        fit_to_screen(self, 620, 640)  # smaller on a small screen

    def _connect(self) -> None:
        self.select_all.clicked.connect(lambda: self._tick_all(Qt.CheckState.Checked))
        self.select_none.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))
        self.attendees.itemChanged.connect(lambda _: self._count())
        self.finder.textChanged.connect(self._on_find)

    def items(self) -> list[QListWidgetItem]:
        return [item for i in range(self.attendees.count()) if (item := self.attendees.item(i)) is not None]

    def _tick_all(self, state: Qt.CheckState) -> None:
        for item in self.items():
            if not item.isHidden():
                item.setCheckState(state)

    def ticked_ids(self) -> tuple[int, ...]:
        return tuple(
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in self.items()
            if item.checkState() == Qt.CheckState.Checked
        )

    def _count(self) -> None:
        self.ticked.setText(f"{len(self.ticked_ids())} of {self.attendees.count()} ticked")

    def _on_find(self, text: str) -> None:
        needle = text.strip().casefold()
        for item in self.items():
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _on_save(self) -> None:
        try:
            held_on = self.held_on.date()
        except ValueError as exc:
            self.error.say(f"Not saved. Date: {exc}")
            return
        assert held_on is not None  # required
        data = SessionInput(
            course_id=int(self.course.currentData() or 0),
            held_on=held_on,
            hours=self.hours.value(),
            attendee_ids=self.ticked_ids(),
            provider=self.provider.text(),
            notes=self.notes.text(),
            whole_staff=self.whole.isChecked(),
        )
        existing = self.existing.id if self.existing else None
        ok, self.saved_id = self.error.attempt(lambda: save_session(self.engine, data, self.today, existing))
        if ok:
            self.accept()
