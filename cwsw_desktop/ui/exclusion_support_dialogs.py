"""Dialogs for a risk assessment and an alternative provision placement."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.exclusion_support import (
    MAX_AP_HOURS,
    ProvisionInput,
    RiskAssessmentInput,
    load_provision,
    load_risk_assessment,
    save_provision,
    save_risk_assessment,
)
from cwsw_desktop.services.school import load_settings
from cwsw_desktop.ui.widgets import DateField


class _RecordDialog(QDialog):
    def __init__(
        self, engine: Engine, pupils: list[tuple[int, str]], pupil_id: int | None, parent: QWidget | None
    ):
        super().__init__(parent)
        self.engine = engine
        self.saved_id: int | None = None
        self.pupil = QComboBox()
        for pid, name in pupils:
            self.pupil.addItem(name, pid)
        if pupil_id is not None:
            self.pupil.setCurrentIndex(max(0, self.pupil.findData(pupil_id)))
        self.form = QFormLayout()
        self.form.addRow("P&upil", self.pupil)
        self.problems = QLabel()
        self.problems.setObjectName("errorText")
        self.problems.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def _finish(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

    def _date(self, field: DateField, label: str, problems: list[Problem]) -> date | None:
        try:
            return field.date()
        except ValueError as exc:
            problems.append(Problem(label, str(exc)))
            return None

    def _show(self, problems: list[Problem]) -> None:
        self.problems.setText("Not saved:\n" + "\n".join(str(p) for p in problems))

    def _on_save(self) -> None:
        raise NotImplementedError


class RiskAssessmentDialog(_RecordDialog):
    def __init__(
        self,
        engine: Engine,
        today: date,
        pupils: list[tuple[int, str]],
        record_id: int | None = None,
        pupil_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(engine, pupils, pupil_id, parent)
        self.record_id = record_id
        self.setWindowTitle("Risk assessment")
        self.assessed = DateField(today, required=True)
        self.review = DateField()
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("Triggers, risks, and what is in place to reduce them")
        self.form.addRow("&Assessed on", self.assessed)
        self.form.addRow("&Review by", self.review)
        self.form.addRow("&Summary", self.summary)
        self._finish()
        if record_id is not None:
            data = load_risk_assessment(engine, record_id)
            self.pupil.setCurrentIndex(max(0, self.pupil.findData(data.pupil_id)))
            self.assessed.set_date(data.assessed_on)
            self.review.set_date(data.review_on)
            self.summary.setPlainText(data.summary)

    def _on_save(self) -> None:
        problems: list[Problem] = []
        assessed = self._date(self.assessed, "Assessed on", problems)
        review = self._date(self.review, "Review by", problems)
        if assessed is not None and not problems:
            data = RiskAssessmentInput(
                int(self.pupil.currentData()), assessed, review, self.summary.toPlainText().strip()
            )
            try:
                self.saved_id = save_risk_assessment(self.engine, data, self.record_id)
            except ValidationError as exc:
                problems = exc.problems
        if problems:
            self._show(problems)
            return
        self.accept()


class ProvisionDialog(_RecordDialog):
    def __init__(
        self,
        engine: Engine,
        today: date,
        pupils: list[tuple[int, str]],
        record_id: int | None = None,
        pupil_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(engine, pupils, pupil_id, parent)
        self.record_id = record_id
        self.full_time = load_settings(engine).ap_full_time_hours
        self.setWindowTitle("Alternative provision")
        self.provider = QLineEdit()
        self.start = DateField(today, required=True)
        self.end = DateField()
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.5, MAX_AP_HOURS)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(" hours a week")
        self.hours.setValue(self.full_time)
        self.note = QLabel()
        self.form.addRow("&Provider", self.provider)
        self.form.addRow("&Start", self.start)
        self.form.addRow("&End", self.end)
        self.form.addRow("&Hours", self.hours)
        self.form.addRow("", self.note)
        self._finish()
        self.hours.valueChanged.connect(self._on_hours)
        if record_id is not None:
            data = load_provision(engine, record_id)
            self.pupil.setCurrentIndex(max(0, self.pupil.findData(data.pupil_id)))
            self.provider.setText(data.provider)
            self.start.set_date(data.start_date)
            self.end.set_date(data.end_date)
            self.hours.setValue(data.hours_per_week)
        self._on_hours()

    def _on_hours(self) -> None:
        short = self.hours.value() < self.full_time
        self.note.setText(
            f"Below full time ({self.full_time:g} hours): arrange the rest of the week."
            if short
            else "Full time."
        )

    def _on_save(self) -> None:
        problems: list[Problem] = []
        start = self._date(self.start, "Start", problems)
        end = self._date(self.end, "End", problems)
        if start is not None and not problems:
            data = ProvisionInput(
                int(self.pupil.currentData()), self.provider.text(), start, self.hours.value(), end
            )
            try:
                self.saved_id = save_provision(self.engine, data, self.record_id)
            except ValidationError as exc:
                problems = exc.problems
        if problems:
            self._show(problems)
            return
        self.accept()
