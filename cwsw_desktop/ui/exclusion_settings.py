"""The Exclusions page of the Settings dialog: the policy choices the exclusion duties follow."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QWidget

from cwsw_desktop.rules.exclusions import ConsultScope
from cwsw_desktop.services.school import SchoolSettings

SCOPE_WORDS = {
    ConsultScope.LOOKED_AFTER: "Looked-after children only",
    ConsultScope.SOCIAL_WORKER: "Every child with a social worker",
}


class ExclusionSettingsPage(QWidget):
    def __init__(self, settings: SchoolSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.scope = QComboBox()
        for scope, words in SCOPE_WORDS.items():
            self.scope.addItem(words, scope.value)
        self.scope.setCurrentIndex(max(0, self.scope.findData(settings.consult_scope)))
        self.in_term = QSpinBox()
        self.in_term.setRange(1, 20)
        self.in_term.setPrefix("suspension number ")  # "suspension number 2 in a term", as the duty says
        self.in_term.setSuffix(" in a term")
        self.in_term.setValue(settings.repeated_in_term)
        self.in_year = QSpinBox()
        self.in_year.setRange(1, 50)
        self.in_year.setPrefix("or suspension number ")
        self.in_year.setSuffix(" in a year")
        self.in_year.setValue(settings.repeated_in_year)
        self.full_time = QDoubleSpinBox()
        self.full_time.setRange(10, 40)
        self.full_time.setSingleStep(0.5)
        self.full_time.setSuffix(" hours a week")
        self.full_time.setValue(settings.ap_full_time_hours)
        form.addRow("Consult the Virtual School &before suspending", self.scope)
        form.addRow("&Repeated suspensions from", self.in_term)
        form.addRow("", self.in_year)
        form.addRow("&Full-time alternative provision", self.full_time)
        note = QLabel(
            "Repeated suspensions prompt a review of the support plan and risk assessment. "
            "The statutory limits (5 and 15 days in a term, 45 in a year, day 6) are the law's and fixed."
        )
        note.setWordWrap(True)
        form.addRow(note)

    def apply(self, settings: SchoolSettings) -> SchoolSettings:
        return replace(
            settings,
            consult_scope=str(self.scope.currentData()),
            repeated_in_term=self.in_term.value(),
            repeated_in_year=self.in_year.value(),
            ap_full_time_hours=self.full_time.value(),
        )
