"""Dialogs for a record about one pupil in the exclusions area: the shared frame (pupil, Save and
Cancel, the problems line), a risk assessment and an alternative provision placement."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QWidget
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
from cwsw_desktop.ui.forms import ErrorLine, choice_box, decimal_box, form_of, read_dates, save_cancel, stack
from cwsw_desktop.ui.widgets import DateField


class PupilRecordDialog(QDialog):
    """A record about one of ``pupils`` ((id, name) pairs); ``record_id`` None records a new one.
    A subclass builds its fields (``_build``), fills them from a saved record (``_load``) and
    reads them back (``read``); Save saves (``save``) and closes, or lists every problem."""

    problems_hidden = False  # the problems line keeps its place until there is something to say

    def __init__(
        self,
        engine: Engine,
        today: date,
        pupils: list[tuple[int, str]],
        record_id: int | None = None,
        pupil_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine, self.today, self.record_id = engine, today, record_id
        self.saved_id: int | None = None
        self.pupil = choice_box(((name, pid) for pid, name in pupils), pupil_id)
        self.problems = ErrorLine(self, hidden=self.problems_hidden)
        self.buttons = save_cancel(self, self._on_save)
        self._build()
        if record_id is not None:
            self.pupil.setCurrentIndex(max(0, self.pupil.findData(self._load(record_id))))
        self._ready()

    def _build(self) -> None:
        raise NotImplementedError

    def _load(self, record_id: int) -> int:
        """Fill the fields from the saved record; gives the record's pupil."""
        raise NotImplementedError

    def _ready(self) -> None:
        """Once built and filled: bring what depends on the fields up to date."""

    def _one_form(self, *rows: tuple[str, QWidget]) -> None:
        """The whole dialog as one form: the pupil, then ``rows``."""
        stack(self, form_of(("P&upil", self.pupil), *rows), self.problems, self.buttons)

    def read(self) -> tuple[Any | None, list[Problem]]:
        """What is typed, ready to save, or None and why not."""
        raise NotImplementedError

    def save(self, data: Any) -> int:
        raise NotImplementedError

    def _on_save(self) -> None:
        data, problems = self.read()
        if data is not None:
            try:
                self.saved_id = self.save(data)
            except ValidationError as exc:
                problems = exc.problems
        if problems:
            self.problems.say_problems(problems)
            return
        self.accept()


class RiskAssessmentDialog(PupilRecordDialog):
    def _build(self) -> None:
        self.setWindowTitle("Risk assessment")
        self.assessed = DateField(self.today, required=True)
        self.review = DateField()
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("Triggers, risks, and what is in place to reduce them")
        self._one_form(
            ("&Assessed on", self.assessed), ("&Review by", self.review), ("&Summary", self.summary)
        )

    def _load(self, record_id: int) -> int:
        data = load_risk_assessment(self.engine, record_id)
        self.assessed.set_date(data.assessed_on)
        self.review.set_date(data.review_on)
        self.summary.setPlainText(data.summary)
        return data.pupil_id

    def read(self) -> tuple[RiskAssessmentInput | None, list[Problem]]:
        (assessed, review), problems = read_dates((self.assessed, "Assessed on"), (self.review, "Review by"))
        if assessed is None or problems:
            return None, problems
        summary = self.summary.toPlainText().strip()
        return RiskAssessmentInput(int(self.pupil.currentData()), assessed, review, summary), []

    def save(self, data: RiskAssessmentInput) -> int:
        return save_risk_assessment(self.engine, data, self.record_id)


class ProvisionDialog(PupilRecordDialog):
    def _build(self) -> None:
        self.full_time = load_settings(self.engine).ap_full_time_hours
        self.setWindowTitle("Alternative provision")
        self.provider = QLineEdit()
        self.start = DateField(self.today, required=True)
        self.end = DateField()
        self.hours = decimal_box(0.5, MAX_AP_HOURS, self.full_time, " hours a week")
        self.note = QLabel()
        self._one_form(
            ("&Provider", self.provider),
            ("&Start", self.start),
            ("&End", self.end),
            ("&Hours", self.hours),
            ("", self.note),
        )
        self.hours.valueChanged.connect(self._on_hours)

    def _load(self, record_id: int) -> int:
        data = load_provision(self.engine, record_id)
        self.provider.setText(data.provider)
        self.start.set_date(data.start_date)
        self.end.set_date(data.end_date)
        self.hours.setValue(data.hours_per_week)
        return data.pupil_id

    def _ready(self) -> None:
        self._on_hours()

    def _on_hours(self) -> None:
        short = self.hours.value() < self.full_time
        self.note.setText(
            f"Below full time ({self.full_time:g} hours): arrange the rest of the week."
            if short
            else "Full time."
        )

    def read(self) -> tuple[ProvisionInput | None, list[Problem]]:
        (start, end), problems = read_dates((self.start, "Start"), (self.end, "End"))
        if start is None or problems:
            return None, problems
        pupil_id = int(self.pupil.currentData())
        return ProvisionInput(pupil_id, self.provider.text(), start, self.hours.value(), end), []

    def save(self, data: ProvisionInput) -> int:
        return save_provision(self.engine, data, self.record_id)
