"""Small widgets shared by tabs and dialogs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QTabWidget,
    QWidget,
)

from cwsw_desktop.rules.dates import format_date, parse_date
from cwsw_desktop.ui.screen_fit import (  # there, off the widgets a first paint needs not
    FRAME_ALLOWANCE,
    ElidedLabel,
    available_area,
    fit_to_screen,
    screen_room,
    scrolling,
)
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
    # rows a line of text high (plus a little air), not the style's roomier default: more of the
    # register shows on a laptop's screen
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


class ColumnFitter(QObject):
    """Keeps a small table's columns within its width, so none hides behind a horizontal
    scrollbar: each column gets its natural width when there is room (the last one takes what is
    left); when there is not, the columns named in ``give_way`` narrow, in proportion to their
    width, and their cells end in "…" (give those columns a tooltip with the whole text)."""

    NARROWEST = 60

    def __init__(self, view: QTableView, give_way: Sequence[int]) -> None:
        super().__init__(view)
        self.view = view
        self.give_way = tuple(give_way)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrowed header ends in "…"
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        model = self.view.model()
        if model is None or model.columnCount() == 0:
            return
        header = self.view.horizontalHeader()
        count = model.columnCount()
        natural = [max(self.view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(count)]
        widths = list(natural)
        excess = sum(natural) - self.view.viewport().width()
        if excess <= 0:
            widths[-1] -= excess
        else:
            slack = {c: max(0, natural[c] - self.NARROWEST) for c in self.give_way}
            total = sum(slack.values())
            for c, room in slack.items():
                if total:
                    widths[c] = natural[c] - min(room, -(-excess * room // total))
        for c, width in enumerate(widths):
            header.resizeSection(c, width)


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


def scroll_pages(tabs: QTabWidget) -> None:
    """Put each page of a tab widget in a scroll area (keeping its title, tooltip and order)."""
    for index in range(tabs.count()):
        page = tabs.widget(index)
        if page is None or isinstance(page, QScrollArea):
            continue
        title, tip = tabs.tabText(index), tabs.tabToolTip(index)
        tabs.removeTab(index)
        tabs.insertTab(index, scrolling(page), title)
        tabs.setTabToolTip(index, tip)
    tabs.setCurrentIndex(0)


__all__ = [
    "FRAME_ALLOWANCE",
    "ColumnFitter",
    "DateField",
    "ElidedLabel",
    "EmptyState",
    "Heading",
    "SearchBox",
    "Signal",
    "available_area",
    "fit_to_screen",
    "make_table",
    "row_of",
    "screen_room",
    "scroll_pages",
    "scrolling",
]
