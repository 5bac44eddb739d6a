"""Reports → Report to Governors…: pick the year or a term, type the year's figures and Section 2,
then preview the anonymised PDF, print it or save it (both audited)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)
from sqlalchemy import Engine

from cwsw_desktop.rules.calendar import academic_year_of, year_label
from cwsw_desktop.rules.money import format_pence, parse_pounds
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.governors_year import YearFigures, load_year_figures, save_year_figures
from cwsw_desktop.ui.forms import ErrorLine, choice_box, form_of, stack, wrapped
from cwsw_desktop.ui.jobs import Jobs
from cwsw_desktop.ui.widgets import fit_to_screen, scroll_pages

PERIODS = (
    ("The whole year", None),
    ("Autumn term", "autumn"),
    ("Spring term", "spring"),
    ("Summer term", "summer"),
)


def _number(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}"


class GovernorsDialog(QDialog):
    def __init__(self, engine: Engine, today: date, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Report to Governors")
        self.engine = engine
        self.today = today
        self.jobs = jobs
        self.preview: QDialog | None = None
        self._build()
        self._connect()
        self._load(self.year_combo.currentData())

    # -- building --
    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _text(self, name: str, lines: int = 3) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(22 * lines + 10)
        return edit

    def _build(self) -> None:
        current = academic_year_of(self.today)
        self.year_combo = choice_box(
            ((year_label(y), y) for y in range(current, current - 6, -1)), parent=self
        )
        self.period_combo = choice_box(PERIODS, parent=self)
        top = form_of(("Academic &year", self.year_combo), ("&Report on", self.period_combo))

        figures = QWidget()
        self.attendance = self._line("Whole-school attendance %", "e.g. 94.1")
        self.absence = self._line("Whole-school persistent absence %", "e.g. 17.2")
        self.suspensions = self._line("Whole-school suspensions", "number in the year")
        self.permanent = self._line("Whole-school permanent exclusions", "number in the year")
        self.received = self._line("PP+ received", "£ amount, or leave blank and give rate × pupils")
        self.rate = self._line("PP+ rate per pupil", "e.g. 2630.00")
        self.eligible = self._line("Pupils eligible for PP+", "number")
        self.governor = self._line("Designated governor this year", "name (a governor, not a pupil)")
        form_of(
            ("Whole-school &attendance (%)", self.attendance),
            ("Whole-school &persistent absence (%)", self.absence),
            ("Whole-school s&uspensions", self.suspensions),
            ("Whole-school permanent &exclusions", self.permanent),
            ("PP+ re&ceived (£)", self.received),
            ("…or PP+ ra&te per pupil (£)", self.rate),
            ("  × pupils &eligible", self.eligible),
            ("Designated &governor", self.governor),
            wrapped("Leave a figure blank if it is not known yet: the report prints a dash."),
            page=figures,
        )

        narrative = QWidget()
        self.strengths = [self._text(f"Strength {i}", 2) for i in (1, 2, 3)]
        self.priorities = [self._text(f"Priority {i}", 2) for i in (1, 2, 3)]
        self.leaders = self._text("Actions for leaders", 4)
        self.actions_governors = self._text("Actions for governors", 4)
        form_of(
            *((f"Strength &{i}", box) for i, box in enumerate(self.strengths, start=1)),
            *((f"Priority {i}", box) for i, box in enumerate(self.priorities, start=1)),
            ("Actions for &leaders", self.leaders),
            ("Actions for go&vernors", self.actions_governors),
            wrapped(
                "Do not name a child here: any pupil's name, UPN or date of birth is removed when printed."
            ),
            page=narrative,
        )

        self.tabs = QTabWidget(self)
        self.tabs.addTab(figures, "The year's figures")
        self.tabs.addTab(narrative, "Section 2: the plan")
        self.problems = ErrorLine(self, hidden=False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = QPushButton("&Save", self)
        self.preview_button = QPushButton("Pre&view…", self)
        self.preview_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        row = QHBoxLayout()
        row.addLayout(top)
        row.addStretch(1)
        stack(self, row, (self.tabs, 1), self.problems, self.buttons)
        scroll_pages(self.tabs)  # a long page scrolls rather than growing the dialog
        fit_to_screen(self, 640, 620)  # smaller on a small screen

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save)
        self.preview_button.clicked.connect(self._on_preview)
        self.year_combo.currentIndexChanged.connect(lambda: self._load(self.year_combo.currentData()))

    # -- the year's figures --
    def _load(self, start_year: int) -> None:
        f = load_year_figures(self.engine, start_year)
        self._loaded = f
        self.attendance.setText(_number(f.school_attendance_pct))
        self.absence.setText(_number(f.school_persistent_absence_pct))
        self.suspensions.setText(_number(f.school_suspensions))
        self.permanent.setText(_number(f.school_permanent_exclusions))
        self.received.setText(
            "" if f.pp_plus_received_pence is None else format_pence(f.pp_plus_received_pence)
        )
        self.rate.setText("" if f.pp_plus_rate_pence is None else format_pence(f.pp_plus_rate_pence))
        self.eligible.setText(_number(f.pp_plus_eligible))
        self.governor.setText(f.designated_governor)
        for edit, text in zip(self.strengths, (f.strength_1, f.strength_2, f.strength_3), strict=True):
            edit.setPlainText(text)
        for edit, text in zip(self.priorities, (f.priority_1, f.priority_2, f.priority_3), strict=True):
            edit.setPlainText(text)
        self.leaders.setPlainText(f.actions_leaders)
        self.actions_governors.setPlainText(f.actions_governors)
        self.problems.clear()

    def read_figures(self) -> tuple[YearFigures, list[Problem]]:
        problems: list[Problem] = []

        def number(edit: QLineEdit, label: str) -> float | None:
            text = edit.text().strip().rstrip("%").strip()
            if not text:
                return None
            try:
                return float(text)
            except ValueError:
                problems.append(Problem(label, f"'{edit.text()}' is not a number"))
                return None

        def count(edit: QLineEdit, label: str) -> int | None:
            text = edit.text().strip()
            if not text:
                return None
            if not text.isdigit():
                problems.append(Problem(label, f"'{edit.text()}' is not a whole number"))
                return None
            return int(text)

        def money(edit: QLineEdit, label: str) -> int | None:
            if not edit.text().strip():
                return None
            try:
                return parse_pounds(edit.text())
            except ValueError as exc:
                problems.append(Problem(label, str(exc)))
                return None

        texts = [e.toPlainText().strip() for e in (*self.strengths, *self.priorities)]
        figures = replace(
            self._loaded,
            school_attendance_pct=number(self.attendance, "Whole-school attendance"),
            school_persistent_absence_pct=number(self.absence, "Whole-school persistent absence"),
            school_suspensions=count(self.suspensions, "Whole-school suspensions"),
            school_permanent_exclusions=count(self.permanent, "Whole-school permanent exclusions"),
            pp_plus_received_pence=money(self.received, "PP+ received"),
            pp_plus_rate_pence=money(self.rate, "PP+ rate per pupil"),
            pp_plus_eligible=count(self.eligible, "Pupils eligible for PP+"),
            designated_governor=self.governor.text().strip(),
            strength_1=texts[0],
            strength_2=texts[1],
            strength_3=texts[2],
            priority_1=texts[3],
            priority_2=texts[4],
            priority_3=texts[5],
            actions_leaders=self.leaders.toPlainText().strip(),
            actions_governors=self.actions_governors.toPlainText().strip(),
        )
        return figures, problems

    def save(self) -> bool:
        """Save the year's figures; on any problem nothing is saved and every problem is listed."""
        figures, problems = self.read_figures()
        try:
            if problems:
                raise ValidationError(problems)
            if figures != self._loaded:
                save_year_figures(self.engine, figures)
        except ValidationError as exc:
            self.problems.must_correct("Report to Governors", exc.problems)
            return False
        self._loaded = figures
        self.problems.clear()
        return True

    def _on_save(self) -> None:
        if self.save():
            self.problems.setText("Saved.")

    # -- the report --
    def _on_preview(self) -> None:
        if not self.save():
            return
        engine, today = self.engine, self.today
        start_year, term = self.year_combo.currentData(), self.period_combo.currentData()
        self.preview_button.setEnabled(False)
        self.problems.setText("Preparing the report…")

        def render() -> tuple[bytes, str, str]:
            from cwsw_desktop.reports.governors import governors_pdf
            from cwsw_desktop.services.governors import build_governors_report

            report = build_governors_report(engine, start_year, term, today)
            return (
                governors_pdf(report),
                report.file_stem,
                "Nil return: no looked-after child on roll." if report.nil_return else "",
            )

        self.jobs.run(render, self._show, self._failed)

    def _failed(self, exc: Exception) -> None:
        self.preview_button.setEnabled(True)
        self.problems.setText(f"Could not prepare the report: {exc}")

    def _show(self, result: tuple[bytes, str, str]) -> None:
        from cwsw_desktop.services.audit import log_event
        from cwsw_desktop.ui.pdf_preview import PdfPreviewDialog

        data, stem, note = result
        self.preview_button.setEnabled(True)
        self.problems.clear()
        dialog = PdfPreviewDialog(data, stem, f"{stem}.pdf", self, note=note)
        dialog.printed.connect(
            lambda: log_event(self.engine, "print", "governors_report", detail=f"printed the {stem}")
        )
        dialog.saved.connect(
            lambda path: log_event(
                self.engine, "print", "governors_report", detail=f"saved the {stem} as PDF"
            )
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.preview = dialog
