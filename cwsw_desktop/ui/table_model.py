"""One generic table model over service rows; each column is a small declaration."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from cwsw_desktop.rules.dates import format_date

Row = TypeVar("Row")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root: the default parent of Qt's row and column counts


# The one date formatter (dd/mm/yyyy), under the name the tabs already use.
fmt_date = format_date


class Tone(StrEnum):
    """A cell's colour, always beside words that say the same (never colour alone). The values
    are the plain strings "bad"/"warn"/"good", so a column may return either."""

    BAD = "bad"
    WARN = "warn"
    GOOD = "good"


def _sortable(value: Any) -> Any:
    # None sorts first; mixed types would raise in Qt's comparison otherwise.
    if value is None:
        return ""
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, bool):
        return int(value)
    return value


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    text: Callable[[Row], str]
    key: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str] | None = None
    tone: Callable[[Row], Tone | str | None] | None = None  # a Tone (or its value): colour *and* words
    align_right: bool = False
    keep_whole: bool = False  # never wrapped in print (UPNs, dates, codes)


TONES = {Tone.BAD: "#fde2e1", Tone.WARN: "#fff4d6", Tone.GOOD: "#e3f4e6"}


class RowTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Row] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- data in --
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = [rows[i] for i in self._order(rows)]
        self.endResetModel()

    # -- sorting: done here, on the rows, not by the proxy (which asks data() for every comparison) --
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        if not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        positions = self._order(self._rows)
        new_place = {old: new for new, old in enumerate(positions)}
        self._rows = [self._rows[i] for i in positions]
        before = self.persistentIndexList()
        after = [self.index(new_place[i.row()], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _order(self, rows: Sequence[Row]) -> list[int]:
        """Row positions in the chosen sort order (stable; None and blanks first when ascending)."""
        if self._sort is None or not 0 <= self._sort[0] < len(self._columns):
            return list(range(len(rows)))
        column, order = self._columns[self._sort[0]], self._sort[1]
        keys = [_sortable(column.key(r) if column.key else column.text(r).lower()) for r in rows]
        descending = order == Qt.SortOrder.DescendingOrder
        try:
            return sorted(range(len(rows)), key=keys.__getitem__, reverse=descending)
        except TypeError:  # mixed kinds of value in one column: compare them as text
            return sorted(range(len(rows)), key=lambda i: str(keys[i]), reverse=descending)

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def columns(self) -> list[Column[Row]]:
        return list(self._columns)

    # -- Qt overrides --
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            return _sortable(column.key(row) if column.key else column.text(row).lower())
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(row) or None
        if role == Qt.ItemDataRole.BackgroundRole and column.tone:
            tone = column.tone(row)
            return QBrush(QColor(TONES[Tone(tone)])) if tone else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].header
        return None


class FilterProxy(QSortFilterProxyModel):
    """Sorts by raw values; filters with free text over chosen columns plus an optional predicate."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._predicate: Callable[[Any], bool] | None = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Our own model sorts its rows; the proxy keeps their order and only filters."""
        model = self.sourceModel()
        if isinstance(model, RowTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Called once per row on every keystroke: the row comes straight from our own model (no
        # QVariant round trip), and Qt's text filter runs only when a text is set.
        model = self.sourceModel()
        if self._predicate is not None:
            if isinstance(model, RowTableModel):
                row = model.row_at(source_row)
            else:
                row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
            if not self._predicate(row):
                return False
        if not self.filterRegularExpression().pattern():
            return True
        return super().filterAcceptsRow(source_row, source_parent)
