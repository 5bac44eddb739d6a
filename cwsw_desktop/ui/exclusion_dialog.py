"""Record or edit a suspension or exclusion, seeing what is still owed as each date is entered."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from cwsw_desktop.rules.exclusions import (
    LUNCHTIME_DAYS,
    MAX_REASONS,
    MAX_SUSPENSION_DAYS_PER_YEAR,
    ExclusionKind,
    GovernorsOutcome,
    TriedFirst,
    cap_warning,
)
from cwsw_desktop.services.errors import Problem
from cwsw_desktop.services.exclusion_records import (
    ExclusionInput,
    delete_exclusion,
    load_exclusion,
    reason_choices,
    save_exclusion,
)
from cwsw_desktop.services.exclusions import preview_owed, year_days_before
from cwsw_desktop.ui.exclusion_support_dialogs import PupilRecordDialog
from cwsw_desktop.ui.exclusion_words import KIND_WORDS, OUTCOME_WORDS, TRIED_WORDS, owed_line
from cwsw_desktop.ui.forms import (
    ErrorLine,
    choice_box,
    confirmed,
    decimal_box,
    form_of,
    read_dates,
    stack,
)
from cwsw_desktop.ui.widgets import DateField, fit_to_screen, scroll_pages

_DATE_FIELDS = (
    ("decided_on", "Date of the &decision"),
    ("vsh_consulted", "Virtual School &consulted (before the decision)"),
    ("vsh_notified", "Virtual School Head &notified (after it)"),
    ("parents_told", "&Parents or carers told"),
    ("social_worker_told", "&Social worker told"),
    ("la_told", "&Local authority told"),
    ("governors_told", "&Governors told"),
)


class ExclusionDialog(PupilRecordDialog):
    """`pupils` are (id, name) pairs; `exclusion_id` None records a new one."""

    problems_hidden = True

    @property
    def exclusion_id(self) -> int | None:
        return self.record_id

    # -- building --
    def _build(self) -> None:
        self.setWindowTitle("Edit exclusion" if self.record_id else "Record a suspension or exclusion")
        tabs = QTabWidget(self)
        first = QWidget()
        self.kind = choice_box((KIND_WORDS[kind], kind) for kind in ExclusionKind)
        self.start = DateField(self.today, required=True)
        self.days = decimal_box(
            LUNCHTIME_DAYS, MAX_SUSPENSION_DAYS_PER_YEAR, LUNCHTIME_DAYS, " school days", decimals=1
        )
        self.reasons: list[QComboBox] = []
        choices = reason_choices(self.engine)
        for _ in range(MAX_REASONS):
            box = QComboBox()
            box.addItem("—", "")
            for code, description in choices:
                box.addItem(f"{code} – {description}", code)
                box.setItemData(box.count() - 1, description, Qt.ItemDataRole.ToolTipRole)
            self.reasons.append(box)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(
            max(60, self.description.minimumSizeHint().height())
        )  # never squeezed
        self.decided_by = QLineEdit()
        self.misses_exam = QCheckBox("Means missing a public exam or national test")
        form_of(
            ("P&upil", self.pupil),
            ("&Type", self.kind),
            ("&Start date", self.start),
            ("Len&gth", self.days),
            *(
                (f"&Reason {i}" if i == 1 else f"Reason {i}", box)
                for i, box in enumerate(self.reasons, start=1)
            ),
            ("What &happened", self.description),
            ("Decided &by", self.decided_by),
            ("", self.misses_exam),
            page=first,
        )
        tabs.addTab(first, "The suspension")

        tried = QWidget()
        grid = QGridLayout(tried)
        grid.addWidget(QLabel("What was tried first (the policy's alternatives):"), 0, 0, 1, 2)
        self.tried: dict[TriedFirst, QCheckBox] = {}
        for i, option in enumerate(TriedFirst):
            check = QCheckBox(TRIED_WORDS[option])
            self.tried[option] = check
            grid.addWidget(check, 1 + i // 2, i % 2)
        self.tried_text = QPlainTextEdit()
        self.tried_text.setPlaceholderText("Anything else tried, and how it went")
        grid.addWidget(self.tried_text, 10, 0, 1, 2)
        tabs.addTab(tried, "Tried first")

        notices = QWidget()
        self.dates: dict[str, DateField] = {name: DateField() for name, _label in _DATE_FIELDS}
        form_of(*((label, self.dates[name]) for name, label in _DATE_FIELDS), page=notices)
        tabs.addTab(notices, "Consulted and told")

        after = QWidget()
        self.provision_where = QLineEdit()
        self.dates["provision_from"] = DateField()
        self.dates["reintegration_date"] = DateField()
        self.reintegration_notes = QPlainTextEdit()
        self.reintegration_notes.setFixedHeight(max(50, self.reintegration_notes.minimumSizeHint().height()))
        self.dates["governors_meeting_on"] = DateField()
        self.outcome = choice_box([("—", None), *((OUTCOME_WORDS[o], o) for o in GovernorsOutcome)])
        self.dates["cancelled_on"] = DateField()
        self.cancelled_reason = QLineEdit()
        form_of(
            ("Day-6 provision: &where", self.provision_where),
            ("Day-6 provision: &from", self.dates["provision_from"]),
            ("Reintegration &meeting", self.dates["reintegration_date"]),
            ("Reintegration &notes", self.reintegration_notes),
            ("Governors' meeting &held", self.dates["governors_meeting_on"]),
            ("Governors' &outcome", self.outcome),
            ("&Cancelled on", self.dates["cancelled_on"]),
            ("Reason for cancelling", self.cancelled_reason),
            page=after,
        )
        tabs.addTab(after, "Afterwards")
        scroll_pages(tabs)  # a long page scrolls on a small screen rather than being squeezed
        self.tabs = tabs

        self.warning = ErrorLine(self, hidden=False)
        self.owed = QLabel(self)
        self.owed.setWordWrap(True)
        self.owed.setTextFormat(Qt.TextFormat.PlainText)
        self.delete_button = None
        if self.record_id is not None:
            self.delete_button = self.buttons.addButton(
                "&Delete…", QDialogButtonBox.ButtonRole.DestructiveRole
            )
        stack(self, tabs, self.warning, QLabel("<b>Still owed</b>"), self.owed, self.problems, self.buttons)
        fit_to_screen(self, 640, 620)  # smaller on a small screen

    def _ready(self) -> None:
        self._connect()
        self._on_kind_changed()
        self._update_owed()

    def _connect(self) -> None:
        if self.delete_button is not None:
            self.delete_button.clicked.connect(self._on_delete)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        for signal in (
            self.pupil.currentIndexChanged,
            self.kind.currentIndexChanged,
            self.days.valueChanged,
            self.outcome.currentIndexChanged,
            self.misses_exam.toggled,
        ):
            signal.connect(self._update_owed)
        for field in [self.start, *self.dates.values()]:
            field.editingFinished.connect(self._update_owed)
            field.textChanged.connect(self._update_owed)

    def _load(self, record_id: int) -> int:
        data = load_exclusion(self.engine, record_id)
        self.pupil.setEnabled(False)
        self.kind.setCurrentIndex(self.kind.findData(data.kind))
        self.start.set_date(data.start_date)
        self.days.setValue(max(data.days, LUNCHTIME_DAYS))
        for box, code in zip(self.reasons, [*data.reasons, "", "", ""], strict=False):
            box.setCurrentIndex(max(0, box.findData(code)))
        self.description.setPlainText(data.description)
        self.decided_by.setText(data.decided_by)
        self.misses_exam.setChecked(data.misses_exam)
        for option, check in self.tried.items():
            check.setChecked(option in data.tried_options)
        self.tried_text.setPlainText(data.tried_first)
        for name, field in self.dates.items():
            field.set_date(getattr(data, name))
        self.provision_where.setText(data.provision_where)
        self.reintegration_notes.setPlainText(data.reintegration_notes)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(data.governors_outcome)))
        self.cancelled_reason.setText(data.cancelled_reason)
        return data.pupil_id

    # -- reading --
    def read(self) -> tuple[ExclusionInput | None, list[Problem]]:
        labels = dict(_DATE_FIELDS, start_date="Start date")
        fields = {"start_date": self.start, **self.dates}
        dates, problems = read_dates(
            *(
                (field, labels.get(name, name.replace("_", " ").capitalize()).replace("&", ""))
                for name, field in fields.items()
            )
        )
        values = dict(zip(fields, dates, strict=True))
        if self.pupil.currentData() is None:
            problems.append(Problem("Pupil", "choose a pupil"))
        if problems:
            return None, problems
        start = values.pop("start_date")
        assert start is not None  # required field
        kind = ExclusionKind(self.kind.currentData())
        data = ExclusionInput(
            pupil_id=int(self.pupil.currentData()),
            kind=kind,
            start_date=start,
            days=LUNCHTIME_DAYS if kind is ExclusionKind.LUNCHTIME else self.days.value(),
            reasons=tuple(b.currentData() for b in self.reasons if b.currentData()),
            description=self.description.toPlainText().strip(),
            decided_by=self.decided_by.text().strip(),
            tried_options=tuple(o for o, b in self.tried.items() if b.isChecked()),
            tried_first=self.tried_text.toPlainText().strip(),
            misses_exam=self.misses_exam.isChecked(),
            provision_where=self.provision_where.text().strip(),
            reintegration_notes=self.reintegration_notes.toPlainText().strip(),
            governors_outcome=self.outcome.currentData(),
            cancelled_reason=self.cancelled_reason.text().strip(),
        )
        return replace(data, **values), []  # type: ignore[arg-type]  # keys are ExclusionInput date fields

    # -- slots --
    def _on_kind_changed(self) -> None:
        kind = ExclusionKind(self.kind.currentData())
        self.days.setEnabled(kind is ExclusionKind.SUSPENSION)
        if kind is ExclusionKind.LUNCHTIME:
            self.days.setValue(LUNCHTIME_DAYS)

    def _update_owed(self) -> None:
        data, _problems = self.read()
        if data is None:
            self.owed.setText("(finish the dates to see what is owed)")
            return
        owed = preview_owed(self.engine, data, self.exclusion_id, self.today)
        self.owed.setText(
            "\n".join(f"• {owed_line(o, self.today)}" for o in owed) or "Nothing: all recorded."
        )
        self.warning.setText(self.cap_text(data) or "")
        self.warning.setVisible(bool(self.warning.text()))

    def cap_text(self, data: ExclusionInput) -> str | None:
        if data.kind is ExclusionKind.PERMANENT or data.cancelled_on is not None:
            return None
        before = year_days_before(self.engine, data.pupil_id, data.start_date, self.exclusion_id)
        return cap_warning(before, data.days)

    def save(self, data: ExclusionInput) -> int:
        return save_exclusion(self.engine, data, self.exclusion_id)

    def _on_delete(self) -> None:
        if self.exclusion_id is not None and confirmed(
            self,
            "Delete this record?",
            "Delete this record entered in error? A suspension that was cancelled should be kept "
            "and marked cancelled on the Afterwards page instead. This cannot be undone.",
        ):
            delete_exclusion(self.engine, self.exclusion_id)
            self.saved_id = self.exclusion_id
            self.accept()
