"""School settings: the school, the people, term dates and local thresholds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from cwsw_desktop.rules.calendar import (
    AcademicYearDates,
    TermDates,
    academic_year_of,
    default_terms,
)
from cwsw_desktop.rules.calendar import year_label as year_text
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.school import (
    SchoolSettings,
    academic_years,
    load_settings,
    save_academic_year,
    save_settings,
    settings_problems,
)
from cwsw_desktop.ui.forms import (
    ErrorLine,
    choice_box,
    decimal_box,
    form_of,
    read_dates,
    save_cancel,
    stack,
    whole_box,
    wrapped,
)
from cwsw_desktop.ui.widgets import DateField, fit_to_screen, scroll_pages


def _year_spin(value: int | None) -> QSpinBox:
    return whole_box(1989, 2100, value or 1989, unset="Not set")


class SettingsDialog(QDialog):
    def __init__(self, engine: Engine, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.engine = engine
        self.today = today
        self.settings = load_settings(engine)
        saved = {y.start_year: y for y in academic_years(engine)}
        current = academic_year_of(today)
        self.years: dict[int, AcademicYearDates] = {
            y: saved.get(y) or default_terms(y) for y in range(current - 1, current + 2)
        }
        self._shown_year = current
        self._build()
        scroll_pages(self.tabs)  # every page (whoever adds it) scrolls on a small screen
        fit_to_screen(self, 760, 520)  # room for every page's tab at once
        self._connect()
        self._load_year(current)

    # -- building --
    def _text(self, value: str, name: str) -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setAccessibleName(name)
        return edit

    def _build(self) -> None:
        s = self.settings
        self.tabs = QTabWidget(self)
        school = QWidget()
        self.name = self._text(s.name, "School name")
        self.urn = self._text(s.urn, "URN")
        self.la = self._text(s.local_authority, "Local authority")
        self.vs_adviser = self._text(s.vs_adviser, "Virtual School Education Adviser")
        self.vs_phone = self._text(s.vs_phone, "Virtual School phone")
        self.vs_email = self._text(s.vs_email, "Virtual School e-mail")
        form_of(
            ("School &name", self.name),
            ("&URN", self.urn),
            ("&Local authority", self.la),
            ("Virtual School &adviser", self.vs_adviser),
            ("Virtual School &phone", self.vs_phone),
            ("Virtual School &e-mail", self.vs_email),
            page=school,
        )
        self.tabs.addTab(school, "School")

        people = QWidget()
        grid = form_of(page=people)
        self.dt_name, self.dt_since = self._text(s.dt_name, "Designated Teacher"), _year_spin(s.dt_since)
        self.gov_name, self.gov_since = (
            self._text(s.governor_name, "Designated governor"),
            _year_spin(s.governor_since),
        )
        self.dsl_name, self.dsl_since = self._text(s.dsl_name, "DSL"), _year_spin(s.dsl_since)
        for label, edit, since in (
            ("&Designated Teacher", self.dt_name, self.dt_since),
            ("Designated &governor", self.gov_name, self.gov_since),
            ("D&SL", self.dsl_name, self.dsl_since),
        ):
            grid.addRow(label, edit)
            grid.addRow("    in post since", since)
        self.policy_approved = DateField(s.policy_approved)
        self.policy_review = DateField(s.policy_review)
        grid.addRow("Policy &approved", self.policy_approved)
        grid.addRow("Policy &review due", self.policy_review)
        self.tabs.addTab(people, "People and policy")

        terms = QWidget()
        layout = QVBoxLayout(terms)
        self.year_combo = QComboBox()
        for y in sorted(self.years):
            self.year_combo.addItem(year_text(y), y)
        self.year_combo.setCurrentIndex(sorted(self.years).index(self._shown_year))
        year_label = QLabel("Academic &year")
        year_label.setBuddy(self.year_combo)
        layout.addWidget(year_label)
        layout.addWidget(self.year_combo)
        grid2 = QGridLayout()
        self.term_fields: list[tuple[DateField, DateField]] = []
        self.half_fields: list[tuple[DateField, DateField]] = []
        for column, heading in enumerate(("Starts", "Ends", "Half term from", "Half term to"), start=1):
            grid2.addWidget(QLabel(heading), 0, column)
        for row, name in enumerate(("Autumn", "Spring", "Summer"), start=1):
            start, end = DateField(required=True), DateField(required=True)
            half_start, half_end = DateField(), DateField()
            start.setAccessibleName(f"{name} term starts")
            end.setAccessibleName(f"{name} term ends")
            half_start.setAccessibleName(f"{name} half term starts")
            half_end.setAccessibleName(f"{name} half term ends")
            grid2.addWidget(QLabel(f"{name} term"), row, 0)
            for column, field in enumerate((start, end, half_start, half_end), start=1):
                grid2.addWidget(field, row, column)
            self.term_fields.append((start, end))
            self.half_fields.append((half_start, half_end))
        note = wrapped(
            "Half-term weeks are not counted as school days (for the 15- and 50-school-day "
            "deadlines after a suspension)."
        )
        layout.addLayout(grid2)
        layout.addWidget(note)
        self.reset_terms = QPushButton("Reset to the usual &England dates")
        layout.addWidget(self.reset_terms)
        layout.addStretch(1)
        self.tabs.addTab(terms, "Terms")

        limits = QWidget()
        self.dt_days = decimal_box(0, 30, s.dt_training_days)
        self.due_soon = whole_box(0, 120, s.pep_due_soon_days, " days")
        self.absence = decimal_box(50.5, 99.5, s.persistent_absence_pct, " %", step=1)
        # PEP: the first PEP's deadline in school days (10; some local authorities use 20).
        self.first_pep = whole_box(5, 30, s.first_pep_school_days, " school days after coming into care")
        form_of(
            ("DT training &days a year", self.dt_days),
            ("PEP '&due soon' window", self.due_soon),
            ("Persistent absence at or &below", self.absence),
            ("&First PEP due", self.first_pep),
            page=limits,
        )
        self.tabs.addTab(limits, "Thresholds")
        from cwsw_desktop.ui.exclusion_settings import ExclusionSettingsPage  # Exclusions

        self.exclusions_page = ExclusionSettingsPage(s)
        self.tabs.addTab(self.exclusions_page, "Exclusions")

        # Governors: small-number suppression in the Report to Governors.
        governors = QWidget()
        form4 = QVBoxLayout(governors)
        self.suppress_small = QCheckBox(
            "In the Report to Governors, print counts of 1 or 2 as “&fewer than 3”"
        )
        self.suppress_small.setChecked(s.suppress_small_counts)
        hint = wrapped(
            "On by default: in a small school a count of 1 or 2 can identify a child. Numbers that would "
            "let one be worked out from a total are withheld too."
        )
        form4.addWidget(self.suppress_small)
        form4.addWidget(hint)
        form4.addStretch(1)
        self.tabs.addTab(governors, "Governors")
        # Training: a page of its own (hours in a training day; what "trained" means).
        training = QWidget()
        self.training_hours = decimal_box(0.5, 12, s.training_hours_per_day, " hours")
        self.trained_means = choice_box(
            (
                ("Trained this academic year (yearly, as most policies say)", "this-year"),
                ("Trained at any time", "ever"),
            ),
            s.training_trained_means,
        )
        form_of(
            ("&Hours in a training day", self.training_hours),
            ("Attachment-aware, trauma-informed: staff &count as", self.trained_means),
            page=training,
        )
        self.tabs.addTab(training, "Training")

        self.problems = ErrorLine(hidden=False)
        self.buttons = save_cancel(self, self._on_save)
        stack(self, self.tabs, self.problems, self.buttons)

    def _connect(self) -> None:
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        self.reset_terms.clicked.connect(lambda: self._load_year(self._shown_year, default=True))

    # -- terms --
    def _load_year(self, start_year: int, default: bool = False) -> None:
        year = default_terms(start_year) if default else self.years[start_year]
        for (start, end), (half_start, half_end), term in zip(
            self.term_fields, self.half_fields, year.terms, strict=True
        ):
            start.set_date(term.start)
            end.set_date(term.end)
            half_start.set_date(term.half_term_start)
            half_end.set_date(term.half_term_end)
        self._shown_year = start_year

    def _read_year(self) -> tuple[AcademicYearDates | None, list[Problem]]:
        problems: list[Problem] = []
        terms = []
        for (start, end), (half_start, half_end), name in zip(
            self.term_fields, self.half_fields, ("Autumn", "Spring", "Summer"), strict=True
        ):
            try:
                terms.append(
                    TermDates(
                        name,
                        start.date() or date.min,
                        end.date() or date.min,
                        half_start.date(),
                        half_end.date(),
                    )
                )
            except ValueError as exc:
                problems.append(Problem(f"{name} term", str(exc)))
        if problems:
            return None, problems
        return AcademicYearDates(self._shown_year, (terms[0], terms[1], terms[2])), []

    def _on_year_changed(self) -> None:
        year, _problems = self._read_year()
        if year is not None:
            self.years[self._shown_year] = year
        self._load_year(self.year_combo.currentData())

    # -- saving --
    def read_settings(self) -> tuple[SchoolSettings, list[Problem]]:
        (policy_approved, policy_review), problems = read_dates(
            (self.policy_approved, "Policy approved"), (self.policy_review, "Policy review due")
        )

        def since(spin: QSpinBox) -> int | None:
            return spin.value() if spin.value() > 1989 else None

        settings = replace(
            self.settings,
            name=self.name.text().strip(),
            urn=self.urn.text().strip(),
            local_authority=self.la.text().strip(),
            vs_adviser=self.vs_adviser.text().strip(),
            vs_phone=self.vs_phone.text().strip(),
            vs_email=self.vs_email.text().strip(),
            dt_name=self.dt_name.text().strip(),
            dt_since=since(self.dt_since),
            governor_name=self.gov_name.text().strip(),
            governor_since=since(self.gov_since),
            dsl_name=self.dsl_name.text().strip(),
            dsl_since=since(self.dsl_since),
            policy_approved=policy_approved,
            policy_review=policy_review,
            dt_training_days=self.dt_days.value(),
            pep_due_soon_days=self.due_soon.value(),
            persistent_absence_pct=self.absence.value(),
            suppress_small_counts=self.suppress_small.isChecked(),
            # Training
            training_hours_per_day=self.training_hours.value(),
            training_trained_means=str(self.trained_means.currentData()),
            first_pep_school_days=self.first_pep.value(),  # PEP
        )
        settings = self.exclusions_page.apply(settings)  # Exclusions
        return settings, problems + settings_problems(settings, self.today)

    def _on_save(self) -> None:
        settings, problems = self.read_settings()
        year, year_problems = self._read_year()
        problems += year_problems
        if year is not None:
            self.years[self._shown_year] = year
        if not problems:
            from cwsw_desktop.rules.calendar import validate_year

            for y in self.years.values():
                problems += [Problem(f"Terms {y.label}", m) for m in validate_year(y)]
        if problems:
            self._show_problems(problems)
            return
        try:
            save_settings(self.engine, settings)
            for y in self.years.values():
                save_academic_year(self.engine, y)
        except ValidationError as exc:
            self._show_problems(exc.problems)
            return
        self.accept()

    def _show_problems(self, problems: list[Problem]) -> None:
        self.problems.must_correct("Settings not saved", problems)
