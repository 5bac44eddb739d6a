"""Editable lists inside the pupil dialog: status episodes, contacts and SDQ results.

A dialog holds a handful of rows, so each row is a line of ordinary widgets (typed dates,
combos) that the keyboard walks through in order; the big register uses a model/view instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.services.errors import Problem
from cwsw_desktop.ui.widgets import DateField


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    kind: str = "text"  # text | date | required_date | choice | edit_choice | score | band
    choices: tuple[str, ...] = ()
    width: int = 0


@dataclass
class EditorRow:
    row_id: int | None
    widgets: dict[str, QWidget]
    remove: QPushButton


def _make(field: Field, parent: QWidget) -> QWidget:
    widget: QWidget
    if field.kind in ("date", "required_date"):
        widget = DateField(required=field.kind == "required_date", parent=parent)
        widget.setMinimumWidth(100)
    elif field.kind in ("choice", "edit_choice"):
        widget = QComboBox(parent)
        widget.addItems(list(field.choices))
        widget.setEditable(field.kind == "edit_choice")
    elif field.kind == "score":
        widget = QSpinBox(parent)
        widget.setRange(0, 40)
    elif field.kind == "band":
        widget = QLabel(parent)
    else:
        widget = QLineEdit(parent)
    if field.width:
        widget.setMinimumWidth(field.width)
    return widget


def _set(widget: QWidget, value: Any) -> None:
    if isinstance(widget, DateField):
        widget.set_date(value)
    elif isinstance(widget, QComboBox):
        text = "" if value is None else str(value)
        index = widget.findText(text, Qt.MatchFlag.MatchFixedString)  # case-insensitive
        if index >= 0:
            widget.setCurrentIndex(index)
        elif widget.isEditable():
            widget.setEditText(text)
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))


class ListEditor(QWidget):
    """Rows of fields with an Add button above and a Remove button on each row."""

    changed = Signal()

    def __init__(
        self,
        section: str,
        noun: str,
        fields: Sequence[Field],
        on_row_change: Callable[[dict[str, QWidget]], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.section = section
        self.noun = noun
        self.fields = list(fields)
        self._on_row_change = on_row_change
        self.rows: list[EditorRow] = []
        self._grid_row = 1
        self._build()

    def _build(self) -> None:
        self.add_button = QPushButton(f"Add ne&w {self.noun}", self)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        self.empty = QLabel(f"No {self.noun}s recorded.", self)
        self.empty.setObjectName("emptyState")
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addStretch(1)
        self.inner = QWidget()
        self.grid = QGridLayout(self.inner)
        self.grid.setContentsMargins(2, 2, 2, 2)
        for col, field in enumerate(self.fields):
            header = QLabel(f"<b>{field.header}</b>", self.inner)
            self.grid.addWidget(header, 0, col)
        self.grid.setRowStretch(999, 1)
        self.grid.setColumnStretch(len(self.fields) + 1, 1)  # fields keep their natural widths
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, not to the frame
        scroll.setWidget(self.inner)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        self._update_empty()

    # -- rows --
    def add_row(
        self, values: Mapping[str, Any] | None = None, row_id: int | None = None, focus: bool = False
    ) -> EditorRow:
        widgets: dict[str, QWidget] = {}
        number = len(self.rows) + 1
        for col, field in enumerate(self.fields):
            widget = _make(field, self.inner)
            widget.setAccessibleName(f"{self.noun.capitalize()} {number}: {field.header}")
            if values is not None and field.key in values:
                _set(widget, values[field.key])
            self.grid.addWidget(widget, self._grid_row, col)
            widgets[field.key] = widget
            self._watch(widget, widgets)
        remove = QPushButton("Remove", self.inner)
        remove.setAccessibleName(f"Remove {self.noun} {number}")
        self.grid.addWidget(remove, self._grid_row, len(self.fields))
        row = EditorRow(row_id, widgets, remove)
        remove.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        self._grid_row += 1
        self._row_changed(widgets)
        self._fix_tab_order()
        self._update_empty()
        if focus:
            next(iter(widgets.values())).setFocus()
        return row

    def remove_row(self, row: EditorRow) -> None:
        if row not in self.rows:
            return
        self.rows.remove(row)
        for widget in [*row.widgets.values(), row.remove]:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._fix_tab_order()
        self._update_empty()
        self.add_button.setFocus()
        self.changed.emit()

    def _watch(self, widget: QWidget, widgets: dict[str, QWidget]) -> None:
        if isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(lambda _t: self._row_changed(widgets))
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(lambda _v: self._row_changed(widgets))
        elif isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _t: self.changed.emit())

    def _row_changed(self, widgets: dict[str, QWidget]) -> None:
        if self._on_row_change is not None:
            self._on_row_change(widgets)
        self.changed.emit()

    def _fix_tab_order(self) -> None:
        previous: QWidget = self.add_button
        for row in self.rows:
            for widget in [*row.widgets.values(), row.remove]:
                if isinstance(widget, QLabel):
                    continue
                QWidget.setTabOrder(previous, widget)
                previous = widget

    def _update_empty(self) -> None:
        self.empty.setVisible(not self.rows)

    # -- reading --
    def read(self) -> tuple[list[tuple[int | None, dict[str, Any]]], list[Problem]]:
        """Each row's values (disabled fields read as empty) and every date that is not a date.
        A row with a bad date is left out of the values, so it is not checked twice."""
        values: list[tuple[int | None, dict[str, Any]]] = []
        problems: list[Problem] = []
        for number, row in enumerate(self.rows, start=1):
            out: dict[str, Any] = {}
            bad = False
            for field in self.fields:
                widget = row.widgets[field.key]
                if isinstance(widget, DateField):
                    try:
                        out[field.key] = widget.date() if widget.isEnabled() else None
                    except ValueError as exc:
                        problems.append(
                            Problem(self.section, f"{self.noun} {number}, {field.header.lower()}: {exc}")
                        )
                        bad = True
                elif isinstance(widget, QComboBox):
                    out[field.key] = widget.currentText().strip() if widget.isEnabled() else ""
                elif isinstance(widget, QSpinBox):
                    out[field.key] = widget.value()
                elif isinstance(widget, QLineEdit):
                    out[field.key] = widget.text().strip() if widget.isEnabled() else ""
            if not bad:
                values.append((row.row_id, out))
        return values, problems
