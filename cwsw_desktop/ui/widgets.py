"""Small widgets shared by tabs and dialogs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from cwsw_desktop.rules.dates import format_date, parse_date
from cwsw_desktop.ui.table_model import Column, FilterProxy, RowTableModel


class DateField(QLineEdit):
    """A date typed as dd/mm/yyyy or ISO (yyyy-mm-dd), shown back as dd/mm/yyyy."""

    def __init__(
        self, value: date | None = None, required: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.required = required
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(19)
        self.setClearButtonEnabled(not required)
        self.set_date(value)
        self.editingFinished.connect(self._normalise)

    def set_date(self, value: date | None) -> None:
        self.setText(format_date(value))
        self._mark(None)

    def date(self) -> date | None:
        """The date typed, None when empty and optional; ValueError with a message otherwise."""
        text = self.text().strip()
        if not text:
            if self.required:
                raise ValueError("a date is required")
            return None
        return parse_date(text)

    def _normalise(self) -> None:
        try:
            value = self.date()
        except ValueError as exc:
            self._mark(str(exc))
            return
        self._mark(None)
        if value is not None:
            self.setText(format_date(value))

    def _mark(self, problem: str | None) -> None:
        self.setProperty("invalid", bool(problem))
        self.setToolTip(problem or "Type a date as dd/mm/yyyy (or yyyy-mm-dd)")
        self.style().unpolish(self)
        self.style().polish(self)


class SearchBox(QLineEdit):
    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(hint)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(300)
        self.setAccessibleName(hint)


def make_table(parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    return view


def sorted_table(
    columns: Sequence[Column[Any]],
    parent: QWidget,
    sort_column: int = 0,
    order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
) -> tuple[RowTableModel[Any], FilterProxy, QTableView]:
    """A row model, its sorting proxy and a read-only table view over them, sorted as asked."""
    model: RowTableModel[Any] = RowTableModel(columns, parent)
    proxy = FilterProxy(parent)
    proxy.setSourceModel(model)
    view = make_table(parent)
    view.setModel(proxy)
    view.sortByColumn(sort_column, order)
    return model, proxy, view


class EmptyState(QLabel):
    """An honest message where a table has nothing to show."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setObjectName("emptyState")


class Heading(QLabel):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("heading")


def row_of(*widgets: QWidget, stretch_last: bool = False) -> QHBoxLayout:
    layout = QHBoxLayout()
    for w in widgets:
        layout.addWidget(w)
    if not stretch_last:
        layout.addStretch(1)
    return layout


__all__ = ["DateField", "EmptyState", "Heading", "SearchBox", "Signal", "make_table", "row_of"]
