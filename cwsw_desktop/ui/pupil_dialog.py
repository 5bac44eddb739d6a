"""Add or edit a pupil: every field, their status history, contacts and SDQ results.

The services check the record (``validate_pupil``); every problem is listed in the dialog, naming
its field, and the dialog stays open with everything typed kept. Saving runs in a worker.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.rules.calendar import academic_year_of
from cwsw_desktop.rules.upn import validate_upn
from cwsw_desktop.rules.year_group import year_group, year_group_label
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.pupils import (
    CONTACTS,
    FIELD_LABELS,
    SDQ,
    SEN_STATUSES,
    STATUS_HISTORY,
    ContactInput,
    EpisodeInput,
    PupilDetail,
    PupilInput,
    SdqInput,
    create_pupil,
    update_pupil,
    validate_pupil,
)
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.pupil_list_fields import CONTACT_FIELDS, EPISODE_FIELDS, SDQ_FIELDS, episode_row, sdq_row
from cwsw_desktop.ui.pupil_lists import ListEditor
from cwsw_desktop.ui.widgets import DateField, fit_to_screen, scrolling

GENDERS = ("", "Female", "Male", "Other")
NO_OVERRIDE = None
DATE_FIELDS = ("date_of_birth", "admission_date", "leaving_date", "ehcp_review_date", "ehcp_last_review")


class PupilDialog(QDialog):
    saved = Signal(int)  # the pupil's id

    def __init__(
        self, ctx: AppContext, detail: PupilDetail | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.saving = False
        self.setWindowTitle(f"Edit pupil – {detail.legal_name}" if detail else "Add a pupil")
        self._build()
        self._connect()
        self._load(detail)

    # -- building --
    def _build(self) -> None:
        self.problems = QLabel(self)
        self.problems.setObjectName("errorText")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()
        self.legal_forename, self.legal_surname = QLineEdit(), QLineEdit()
        self.preferred_forename, self.preferred_surname = QLineEdit(), QLineEdit()
        self.date_of_birth = DateField(required=True)
        self.gender = QComboBox()
        self.gender.setEditable(True)
        self.gender.addItems(GENDERS)
        self.upn = QLineEdit()
        self.upn.setMaxLength(16)
        self.upn.setPlaceholderText("13 characters, e.g. B801200005001")
        self.upn_status = QLabel()
        self.upn_status.setWordWrap(True)
        self.admission_date, self.leaving_date = DateField(), DateField()
        self.year_override = QComboBox()
        self.year_override.addItem("Automatic", NO_OVERRIDE)
        for n in range(-2, 15):
            self.year_override.addItem(year_group_label(n), n)
        self.sen_status = QComboBox()
        for code, label in SEN_STATUSES.items():
            self.sen_status.addItem(f"{label} ({code})", code)
        self.ehcp_review_date = DateField()
        self.ehcp_last_review = DateField()
        self.pp_plus = QCheckBox("El&igible for Pupil Premium Plus")
        self.key_adult = QLineEdit()
        self.attendance_pct = QLineEdit()
        self.attendance_pct.setPlaceholderText("e.g. 94.5")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(max(64, self.notes.minimumSizeHint().height()))

        pupil = QGroupBox("Pupil")
        form = QFormLayout(pupil)
        for label, widget in (
            ("Legal &forename", self.legal_forename),
            ("Legal su&rname", self.legal_surname),
            ("&Preferred forename", self.preferred_forename),
            ("Preferred s&urname", self.preferred_surname),
            ("&Date of birth", self.date_of_birth),
            ("&Gender", self.gender),
            ("UP&N", self.upn),
            ("", self.upn_status),
        ):
            form.addRow(label, widget)
        school = QGroupBox("School and support")
        form2 = QFormLayout(school)
        school_rows: list[tuple[str, QWidget]] = [
            ("&Admission date", self.admission_date),
            ("&Leaving date", self.leaving_date),
            ("&Year group", self.year_override),
            ("S&EN", self.sen_status),
            ("Last EHCP revie&w", self.ehcp_last_review),
            ("Next EHCP re&view (if booked)", self.ehcp_review_date),
            ("PP+", self.pp_plus),
            ("&Key adult", self.key_adult),
            ("A&ttendance %", self.attendance_pct),
            ("N&otes", self.notes),
        ]
        for text, field in school_rows:
            form2.addRow(text, field)
        self.field_widgets: dict[str, QWidget] = {
            FIELD_LABELS[key]: getattr(self, key if key != "year_group_override" else "year_override")
            for key in FIELD_LABELS
        }

        self.episodes = ListEditor(STATUS_HISTORY, "episode", EPISODE_FIELDS, episode_row)
        self.contacts = ListEditor(CONTACTS, "contact", CONTACT_FIELDS)
        self.sdqs = ListEditor(SDQ, "SDQ result", SDQ_FIELDS, sdq_row)
        self.lists = QTabWidget(self)
        self.lists.addTab(self.episodes, "Status &history")
        self.lists.addTab(self.contacts, "&Contacts")
        self.lists.addTab(self.sdqs, "SD&Q results")
        self.list_tabs = {STATUS_HISTORY: 0, CONTACTS: 1, SDQ: 2}

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save")
        top = QHBoxLayout()
        top.addWidget(pupil, 1)
        top.addWidget(school, 1)
        # Everything but the buttons scrolls, so on a small screen (a laptop at 150%) the dialog
        # still fits and Save stays in view.
        body = QWidget(self)
        inside = QVBoxLayout(body)
        inside.setContentsMargins(0, 0, 0, 0)
        inside.addWidget(self.problems)
        inside.addLayout(top)
        self.lists.setMinimumHeight(220)
        inside.addWidget(self.lists, 1)
        self.body = scrolling(body, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 940, 660)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.upn.textChanged.connect(self._on_upn_changed)
        self.sen_status.currentIndexChanged.connect(self._on_sen_changed)
        self.date_of_birth.editingFinished.connect(self._on_dob_changed)
        for widget in self.field_widgets.values():  # a corrected field stops being marked
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _t, w=widget: _mark(w, False))

    def _load(self, d: PupilDetail | None) -> None:
        if d is not None:
            for key in (
                "legal_forename",
                "legal_surname",
                "preferred_forename",
                "preferred_surname",
                "upn",
                "key_adult",
            ):
                getattr(self, key).setText(getattr(d, key))
            for key in DATE_FIELDS:
                getattr(self, key).set_date(getattr(d, key))
            self.gender.setEditText(d.gender)
            self.year_override.setCurrentIndex(self.year_override.findData(d.year_group_override))
            self.sen_status.setCurrentIndex(self.sen_status.findData(d.sen_status))
            self.pp_plus.setChecked(d.pp_plus)
            self.attendance_pct.setText("" if d.attendance_pct is None else f"{d.attendance_pct:g}")
            self.notes.setPlainText(d.notes)
            for e in d.episodes:
                self.episodes.add_row(vars_of(e), e.id)
            for c in d.contacts:
                self.contacts.add_row(vars_of(c), c.id)
            for s in d.sdqs:
                self.sdqs.add_row({"taken_on": s.taken_on, "version": s.version, "total": s.total}, s.id)
        self._on_upn_changed(self.upn.text())
        self._on_sen_changed()
        self._on_dob_changed()
        self.legal_forename.setFocus()

    # -- live hints --
    def _on_upn_changed(self, text: str) -> None:
        if not text.strip():
            self.upn_status.setText("")
            return
        result = validate_upn(text)
        if not result.valid:
            self.upn_status.setText(result.message)
        elif result.warning:
            self.upn_status.setText(f"⚠ {result.warning}")
        elif result.temporary:
            self.upn_status.setText("⚠ Temporary UPN: replace it with the permanent one when known")
        else:
            self.upn_status.setText("✓ Valid UPN")

    def _on_sen_changed(self) -> None:
        self.ehcp_review_date.setEnabled(self.sen_status.currentData() == "E")
        self.ehcp_last_review.setEnabled(self.sen_status.currentData() == "E")

    def _on_dob_changed(self) -> None:
        try:
            dob = self.date_of_birth.date()
        except ValueError:
            dob = None
        text = "Automatic"
        if dob is not None:
            text += f" (from date of birth: {year_group_label(year_group(dob, academic_year_of(self.ctx.today())))})"
        self.year_override.setItemText(0, text)

    # -- reading --
    def read(
        self,
    ) -> tuple[PupilInput, list[EpisodeInput], list[ContactInput], list[SdqInput], list[Problem]]:
        """What is typed, with every problem the services find (and every date that is not a date)."""
        problems: list[Problem] = []
        dates: dict[str, date | None] = {}
        for key in DATE_FIELDS:
            widget: DateField = getattr(self, key)
            try:
                dates[key] = widget.date() if widget.isEnabled() else None
            except ValueError as exc:
                problems.append(Problem(FIELD_LABELS[key], str(exc)))
                dates[key] = None
        attendance: float | None = None
        text = self.attendance_pct.text().strip().rstrip("%").strip()
        if text:
            try:
                attendance = float(text)
            except ValueError:
                problems.append(Problem(FIELD_LABELS["attendance_pct"], f"'{text}' is not a number"))
        data = PupilInput(
            upn=self.upn.text(),
            legal_surname=self.legal_surname.text(),
            legal_forename=self.legal_forename.text(),
            date_of_birth=dates["date_of_birth"],
            preferred_forename=self.preferred_forename.text(),
            preferred_surname=self.preferred_surname.text(),
            gender=self.gender.currentText().strip(),
            admission_date=dates["admission_date"],
            leaving_date=dates["leaving_date"],
            year_group_override=self.year_override.currentData(),
            sen_status=self.sen_status.currentData(),
            ehcp_review_date=dates["ehcp_review_date"],
            ehcp_last_review=dates["ehcp_last_review"],
            pp_plus=self.pp_plus.isChecked(),
            key_adult=self.key_adult.text(),
            attendance_pct=attendance,
            notes=self.notes.toPlainText().strip(),
        )
        ep_rows, ep_problems = self.episodes.read()
        contact_rows, contact_problems = self.contacts.read()
        sdq_rows, sdq_problems = self.sdqs.read()
        episodes = [EpisodeInput(id=i, **v) for i, v in ep_rows]
        contacts = [ContactInput(id=i, **v) for i, v in contact_rows]
        sdqs = [SdqInput(id=i, **v) for i, v in sdq_rows]
        unreadable = {p.field for p in problems}
        found = validate_pupil(data, episodes, self.ctx.today(), contacts=contacts, sdqs=sdqs)
        problems += [p for p in found if p.field not in unreadable]
        return data, episodes, contacts, sdqs, problems + ep_problems + contact_problems + sdq_problems

    # -- saving --
    def _on_save(self) -> None:
        if self.saving:
            return
        data, episodes, contacts, sdqs, problems = self.read()
        if problems:
            self.show_problems(problems)
            return
        engine, today = self.ctx.store.engine, self.ctx.today()
        pupil_id = self.detail.id if self.detail else None

        def save() -> int:
            if pupil_id is None:
                return create_pupil(engine, data, episodes, contacts, sdqs, today=today)
            update_pupil(engine, pupil_id, data, episodes, contacts, sdqs, today=today)
            return pupil_id

        self._set_saving(True)
        self.ctx.jobs.run(save, self._on_saved, self._on_save_failed)

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)
        self.save_button.setText("Saving…" if saving else "&Save")

    def _on_saved(self, pupil_id: int) -> None:
        self._set_saving(False)
        self.saved.emit(pupil_id)
        self.accept()

    def _on_save_failed(self, exc: Exception) -> None:
        self._set_saving(False)
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        else:
            self.show_problems([Problem("", f"could not save: {exc}")])

    def show_problems(self, problems: list[Problem]) -> None:
        for widget in self.field_widgets.values():
            _mark(widget, False)
        bad = [self.field_widgets[p.field] for p in problems if p.field in self.field_widgets]
        for widget in bad:
            _mark(widget, True)
        self.problems.setText("Not saved. Please correct:\n" + "\n".join(f"• {p}" for p in problems))
        self.problems.show()
        if bad:
            bad[0].setFocus()
        else:
            first = next((p.field for p in problems if p.field in self.list_tabs), None)
            if first is not None:
                self.lists.setCurrentIndex(self.list_tabs[first])

    def problem_text(self) -> str:
        return self.problems.text() if self.problems.isVisible() else ""


def vars_of(item: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(item).items() if k != "id"}


def _mark(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


__all__ = ["PupilDialog"]
