"""Add or change a person on the staff register (name, role, dates, DT/DSL flags)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget
from sqlalchemy import Engine

from cwsw_desktop.models.training import StaffRole
from cwsw_desktop.rules.training import Person
from cwsw_desktop.services.training_edit import StaffInput, delete_staff, save_staff
from cwsw_desktop.ui.forms import ErrorLine, choice_box, confirmed, form_of, save_cancel, stack
from cwsw_desktop.ui.training_words import ROLE_WORDS
from cwsw_desktop.ui.widgets import DateField


class StaffDialog(QDialog):
    def __init__(
        self, engine: Engine, person: Person | None = None, job_title: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.engine, self.person = engine, person
        self.setWindowTitle(f"Staff member – {person.name}" if person else "Add a member of staff")
        self.name = QLineEdit(person.name if person else "", self)
        self.name.setMaxLength(120)
        self.role = choice_box(
            ((word, role.value) for role, word in ROLE_WORDS.items()),
            (person.role if person else StaffRole.TEACHER).value,
            self,
        )
        self.job_title = QLineEdit(job_title, self)
        self.job_title.setMaxLength(80)
        self.start = DateField(person.start if person else None, parent=self)
        self.leaving = DateField(person.leaving if person else None, parent=self)
        self.flags = {
            "is_dt": QCheckBox("Designated &Teacher", self),
            "is_deputy_dt": QCheckBox("Deput&y Designated Teacher", self),
            "is_dsl": QCheckBox("Designated &Safeguarding Lead", self),
            "is_deputy_dsl": QCheckBox("Deputy DS&L", self),
        }
        for key, box in self.flags.items():
            box.setChecked(bool(getattr(person, key)) if person else False)
        self.error = ErrorLine(self)
        form = form_of(
            ("&Name", self.name),
            ("&Role", self.role),
            ("&Job title", self.job_title),
            ("Start &date", self.start),
            ("Lea&ving date", self.leaving),
            *(("", box) for box in self.flags.values()),
            ("", QLabel("A leaver drops out of every training check from their leaving date.", self)),
        )
        buttons = save_cancel(self, self._on_save)
        if person is not None:
            remove = buttons.addButton("&Delete…", QDialogButtonBox.ButtonRole.DestructiveRole)
            remove.clicked.connect(self._on_delete)
        stack(self, form, self.error, buttons)

    def data(self) -> StaffInput:
        return StaffInput(
            name=self.name.text(),
            role=StaffRole(self.role.currentData()),
            job_title=self.job_title.text(),
            start_date=self.start.date(),
            leaving_date=self.leaving.date(),
            **{key: box.isChecked() for key, box in self.flags.items()},
        )

    def _on_save(self) -> None:
        try:
            data = self.data()
        except ValueError as exc:
            self.error.say(f"Not saved. Dates: {exc}")
            return
        if self.error.attempt(lambda: save_staff(self.engine, data, self.person.id if self.person else None))[
            0
        ]:
            self.accept()

    def _on_delete(self) -> None:
        assert self.person is not None
        if not confirmed(
            self,
            "Delete staff member",
            f"Delete {self.person.name} from the staff register? Someone who has left should be given a "
            "leaving date instead, which keeps their training record.",
        ):
            return
        person_id = self.person.id
        if self.error.attempt(lambda: delete_staff(self.engine, person_id))[0]:
            self.accept()
