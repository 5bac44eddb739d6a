"""One generic table model over service rows; each column is a small declaration."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
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


_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND, _ALIGNMENT = int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.TextAlignmentRole)
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _BACKGROUND, _ALIGNMENT, int(SORT_ROLE), int(ROW_ROLE)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_BRUSHES = {tone: QBrush(QColor(colour)) for tone, colour in TONES.items()}


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of plain service data, sorted and filtered here (one pass over Python lists), so a
    proxy above it never calls back into Python once a row.

    Filtering: each row has one search string, pre-joined and case-folded when the rows arrive
    (by default every column's text; `search` gives a table its own). A filter change computes
    the matching rows once and re-lays the view out once; a selection follows its row.
    """

    def __init__(
        self, columns: Sequence[Column[Row]], parent: Any = None, search: Callable[[Row], str] | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._search = search or self._every_column
        self._given: list[Row] = []  # the rows as last given, in their own order
        self._all: list[Row] = []  # every row, in the sort order
        self._keys: list[str] | None = None  # each row's search string (made when first needed)
        self._rows: list[Row] = []  # the rows shown: those of _all the filter lets through
        self._needles: tuple[str, ...] = ()  # a row matches if its search string has any of these
        self._predicate: Callable[[Row], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- data in --
    def same_rows(self, rows: Sequence[Row]) -> bool:
        """Whether `rows` are the very row objects already shown, in the same order (a loader that
        reuses unchanged rows lets a refresh that found no change skip all the view work)."""
        given = self._given
        return len(rows) == len(given) and all(a is b for a, b in zip(rows, given, strict=True))

    def set_rows(self, rows: Sequence[Row]) -> None:
        self._given = list(rows)
        self.beginResetModel()
        self._all = [rows[i] for i in self._order(rows)]
        self._keys = None
        if self._search != self._every_column:  # a table's own search strings: made now, at load
            self._search_keys()
        self._rows = self._matching()
        self.endResetModel()

    # -- filtering --
    def set_filter(self, texts: Sequence[str], predicate: Callable[[Row], bool] | None) -> None:
        """Show the rows whose search string holds any of `texts` (none: every row) and that
        `predicate` accepts (None: every row)."""
        self._needles = tuple(dict.fromkeys(t.strip().casefold() for t in texts if t.strip()))
        self._predicate = predicate
        self._relayout(self._matching())

    def set_text(self, text: str) -> None:
        """The free-text filter alone (the predicate stays)."""
        self.set_filter((text,), self._predicate)

    def set_predicate(self, predicate: Callable[[Row], bool] | None) -> None:
        """The predicate alone (the free text stays)."""
        self.set_filter(self._needles, predicate)

    def _every_column(self, row: Row) -> str:
        return "\x1f".join(c.text(row) for c in self._columns)  # a text never matches across columns

    def _matching(self) -> list[Row]:
        rows, needles, predicate = self._all, self._needles, self._predicate
        if needles:
            keys = self._search_keys()
            if len(needles) == 1:
                (one,) = needles
                rows = [r for r, key in zip(rows, keys, strict=True) if one in key]
            else:
                rows = [r for r, key in zip(rows, keys, strict=True) if any(n in key for n in needles)]
        return [r for r in rows if predicate(r)] if predicate is not None else list(rows)

    def _search_keys(self) -> list[str]:
        if self._keys is None:
            self._keys = [self._search(r).casefold() for r in self._all]
        return self._keys

    def _relayout(self, rows: list[Row]) -> None:
        """Show `rows` (from _all, in its order) in one layout change; persistent indexes (the
        selection, the current row) follow their rows or lapse if their row is gone."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [(self._rows[i.row()] if 0 <= i.row() < len(self._rows) else None) for i in before]
        self._rows = rows
        if before:
            place = {id(r): n for n, r in enumerate(rows)}
            after = [
                self.index(place[id(r)], i.column()) if r is not None and id(r) in place else QModelIndex()
                for i, r in zip(before, held, strict=True)
            ]
            self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # -- sorting: done here, on the rows, not by the proxy (which asks data() for every comparison) --
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        if not self._all:
            return
        positions = self._order(self._all)
        self._all = [self._all[i] for i in positions]
        if self._keys is not None:
            self._keys = [self._keys[i] for i in positions]
        self._relayout(self._matching())

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
        """Every row, shown or filtered out, in the sort order."""
        return list(self._all)

    def shown_rows(self) -> list[Row]:
        """The rows the filter lets through, in the order shown."""
        return list(self._rows)

    def total(self) -> int:
        """How many rows there are, shown or not."""
        return len(self._all)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def columns(self) -> list[Column[Row]]:
        return list(self._columns)

    # -- Qt overrides --
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called for every cell on screen and every role Qt paints with: the roles we never answer
        # leave first, and roles are compared as plain ints (no enum machinery per call).
        if role not in _ANSWERED or not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == _DISPLAY:
            return column.text(row)
        if role == SORT_ROLE:
            return _sortable(column.key(row) if column.key else column.text(row).lower())
        if role == ROW_ROLE:
            return row
        if role == _TOOLTIP:
            return (column.tooltip(row) or None) if column.tooltip else None
        if role == _BACKGROUND:
            tone = column.tone(row) if column.tone else None
            return _BRUSHES[Tone(tone)] if tone else None
        return _RIGHT if column.align_right else None  # the text alignment

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].header
        return None


class FilterProxy(QIdentityProxyModel):
    """Passes a RowTableModel's rows through as the model sorts and filters them: sorting, the
    free text (over the model's search strings) and the predicate are all done by the model in
    one pass, never by a Python `filterAcceptsRow` called once a row."""

    def _rows(self) -> RowTableModel[Any] | None:
        model = self.sourceModel()
        return model if isinstance(model, RowTableModel) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Our own model sorts its rows; the proxy keeps their order."""
        model = self._rows()
        if model is not None:
            model.sort(column, order)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        model = self._rows()
        if model is not None:
            model.set_predicate(predicate)

    def set_text(self, text: str) -> None:
        """Show the rows whose search string holds the text (case and spaces around it ignored)."""
        model = self._rows()
        if model is not None:
            model.set_text(text)
