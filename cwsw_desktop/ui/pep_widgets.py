"""Editable little tables for the PEP dialogs: invitees, targets, actions.

A few rows each, edited in place: text cells, a tick box, a drop-down of Enum members (shown as
words) or a date typed dd/mm/yyyy. Values come back as plain Python values; `rows()` raises
ValueError naming the row and column when a date does not read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.rules.dates import format_date, parse_date


@dataclass(frozen=True)
class Field:
    header: str
    kind: str = "text"  # "text", "check", "date", "choice", "fixed" (shown, not editable)
    choices: Mapping[Any, str] | None = None  # Enum member -> words, for "choice"
    width: int = 0


class EditTable(QWidget):
    """A table of rows to edit, with Add and Remove buttons (unless ``fixed_rows``)."""

    def __init__(
        self, fields: Sequence[Field], name: str, parent: QWidget | None = None, fixed_rows: bool = False
    ) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.table = QTableWidget(0, len(self.fields), self)
        self.table.setAccessibleName(name)
        self.table.setHorizontalHeaderLabels([f.header for f in self.fields])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        header = self.table.horizontalHeader()
        for i, f in enumerate(self.fields):
            if f.width:
                header.resizeSection(i, f.width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.add_button = QPushButton(f"&Add {name.lower().rstrip('s')}", self)
        self.remove_button = QPushButton("Remove", self)
        if fixed_rows:
            self.add_button.hide()
            self.remove_button.hide()
        else:
            buttons = QHBoxLayout()
            buttons.addWidget(self.add_button)
            buttons.addWidget(self.remove_button)
            buttons.addStretch(1)
            layout.addLayout(buttons)
            self.add_button.clicked.connect(lambda: self.add_row())
            self.remove_button.clicked.connect(self._on_remove)
        self._ids: list[Any] = []

    def add_row(self, values: Sequence[Any] = (), row_id: Any = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._ids.append(row_id)
        for column, f in enumerate(self.fields):
            value = values[column] if column < len(values) else None
            if f.kind == "choice":
                combo = QComboBox(self.table)
                assert f.choices is not None
                for member, words in f.choices.items():
                    combo.addItem(words, member)
                if value is not None:
                    combo.setCurrentIndex(max(0, combo.findData(value)))
                self.table.setCellWidget(row, column, combo)
                continue
            item = QTableWidgetItem()
            if f.kind == "check":
                item.setFlags(
                    Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                )
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            else:
                text = format_date(value) if isinstance(value, date) else str(value or "")
                item.setText(text)
                if f.kind == "fixed":
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    item.setToolTip(text)
            self.table.setItem(row, column, item)
        return row

    def _on_remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            del self._ids[row]

    def row_id(self, row: int) -> Any:
        return self._ids[row]

    def value(self, row: int, column: int) -> Any:
        f = self.fields[column]
        if f.kind == "choice":
            combo = self.table.cellWidget(row, column)
            assert isinstance(combo, QComboBox)
            return combo.currentData()
        item = self.table.item(row, column)
        if f.kind == "check":
            return item is not None and item.checkState() == Qt.CheckState.Checked
        text = item.text().strip() if item is not None else ""
        if f.kind == "date":
            if not text:
                return None
            try:
                return parse_date(text)
            except ValueError as exc:
                raise ValueError(f"{self.table.accessibleName()} row {row + 1}, {f.header}: {exc}") from exc
        return text

    def rows(self) -> list[list[Any]]:
        """Every row's values (blank rows, with no text at all, are left out)."""
        out = []
        for row in range(self.table.rowCount()):
            values = [self.value(row, c) for c in range(len(self.fields))]
            texts = [v for v, f in zip(values, self.fields, strict=True) if f.kind in ("text", "date")]
            if texts and not any(texts):
                continue
            out.append(values)
        return out

    def row_count(self) -> int:
        return self.table.rowCount()
