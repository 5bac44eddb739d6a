"""What the form dialogs are made of, in one place: labelled rows, number boxes, the line that says
why nothing was saved, Save/Cancel buttons, dates read under their field's name, and the question
asked before anything is deleted or replaced. Every dialog builds with these, so they look and
answer alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.ui.widgets import DateField

T = TypeVar("T")
FormRow = tuple[str, QWidget] | QWidget  # (label, field), or a widget across the form
Part = QWidget | QLayout | tuple[QWidget | QLayout, int]  # a widget or layout, or one with its stretch


def add_rows(form: QFormLayout, rows: Iterable[FormRow]) -> QFormLayout:
    """One row per (label, field); a label's "&" makes the field its buddy (Alt+letter)."""
    for row in rows:
        if isinstance(row, QWidget):
            form.addRow(row)
        else:
            form.addRow(*row)
    return form


def form_of(*rows: FormRow, page: QWidget | None = None) -> QFormLayout:
    """A form of labelled rows: laying out ``page`` when given, else to be added to a layout."""
    return add_rows(QFormLayout(page) if page is not None else QFormLayout(), rows)


def stack(owner: QWidget | None, *parts: Part | None) -> QVBoxLayout:
    """The parts top to bottom (None skipped; (part, n) stretches by n): ``owner``'s layout, or
    with None a layout to nest in another."""
    layout = QVBoxLayout(owner) if owner is not None else QVBoxLayout()
    for entry in parts:
        if entry is None:
            continue
        part, stretch = entry if isinstance(entry, tuple) else (entry, 0)
        if isinstance(part, QLayout):
            layout.addLayout(part, stretch)
        else:
            layout.addWidget(part, stretch)
    return layout


def save_cancel(dialog: QDialog, on_save: Callable[[], object] | None = None) -> QDialogButtonBox:
    """Save and Cancel: Save runs ``on_save`` (the dialog's ``accept`` unless given), Cancel rejects.
    Made without a parent, so that they come last in the Tab order wherever they are made: the
    layout they go in puts them on the dialog."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_save or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def wrapped(text: str, parent: QWidget | None = None, name: str = "") -> QLabel:
    """Words that wrap to the width they are given (a hint or note under a form); ``name`` is
    the object name the style sheet knows it by ("explanation", …)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def choice_box(
    choices: Iterable[tuple[str, object]], chosen: object = None, parent: QWidget | None = None
) -> QComboBox:
    """A drop-down of (words, value) pairs, showing ``chosen`` when it is one of the values. (A
    field made with its ``parent`` takes its place in the Tab order as it is made; one without,
    when its layout is put on the window.)"""
    box = QComboBox(parent)
    for words, value in choices:
        box.addItem(words, value)
    if chosen is not None:
        box.setCurrentIndex(max(0, box.findData(chosen)))
    return box


def decimal_box(
    low: float,
    high: float,
    value: float,
    suffix: str = "",
    step: float = 0.5,
    decimals: int | None = None,
    parent: QWidget | None = None,
) -> QDoubleSpinBox:
    """A number with a fraction (hours, days, a percentage), from ``low`` to ``high``."""
    box = QDoubleSpinBox(parent)
    box.setRange(low, high)
    box.setSingleStep(step)
    if decimals is not None:
        box.setDecimals(decimals)
    box.setSuffix(suffix)
    box.setValue(value)
    return box


def whole_box(
    low: int, high: int, value: int, suffix: str = "", unset: str = "", parent: QWidget | None = None
) -> QSpinBox:
    """A whole number from ``low`` to ``high``; ``unset`` is what ``low`` reads as, if anything."""
    box = QSpinBox(parent)
    box.setRange(low, high)
    box.setSpecialValueText(unset)
    box.setSuffix(suffix)
    box.setValue(value)
    return box


def problem_text(problems: Iterable[object], bullet: str = "") -> str:
    """One line per problem (``Field: why``)."""
    return "\n".join(f"{bullet}{p}" for p in problems)


def problems_of(exc: Exception) -> list[object]:
    """What went wrong: a ValidationError's problems, or the error itself."""
    return list(exc.problems) if isinstance(exc, ValidationError) else [exc]


class ErrorLine(QLabel):
    """The line (in the error colour) where a dialog says what is wrong; hidden until it has
    something to say unless ``hidden`` is False."""

    def __init__(self, parent: QWidget | None = None, hidden: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("errorText")
        self.setWordWrap(True)
        if hidden:
            self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.show()

    def say_problems(
        self, problems: Iterable[object], heading: str = "Not saved:\n", bullet: str = ""
    ) -> None:
        self.say(heading + problem_text(problems, bullet))

    def attempt(self, work: Callable[[], T], heading: str = "Not saved. ") -> tuple[bool, T | None]:
        """Run a save (or delete): (True, what it gave), or (False, None) with the problems of
        the ValidationError it raised said here under ``heading``."""
        try:
            return True, work()
        except ValidationError as exc:
            self.say_problems(exc.problems, heading)
            return False, None

    def must_correct(self, title: str, problems: Iterable[object]) -> None:
        """Nothing saved: the problems listed here and in a message box (a long form's tab may
        hide the field at fault)."""
        self.say_problems(problems, "Not saved — please correct:\n", "• ")
        QMessageBox.warning(self.window(), title, self.text())


def read_date(field: DateField, label: str, problems: list[Problem]) -> date | None:
    """The field's date; a date that is not one adds a problem under ``label`` and gives None."""
    try:
        return field.date()
    except ValueError as exc:
        problems.append(Problem(label, str(exc)))
        return None


def read_dates(*fields: tuple[DateField, str]) -> tuple[list[date | None], list[Problem]]:
    """Each (field, label)'s date, and a problem for each one that is not a date."""
    problems: list[Problem] = []
    return [read_date(field, label, problems) for field, label in fields], problems


def confirmed(parent: QWidget, title: str, question: str, cancel: bool = False) -> bool:
    """Ask before something that cannot be undone: Yes, or No (Cancel with ``cancel``) by default."""
    no = QMessageBox.StandardButton.Cancel if cancel else QMessageBox.StandardButton.No
    yes = QMessageBox.StandardButton.Yes
    return QMessageBox.question(parent, title, question, yes | no, no) == yes
