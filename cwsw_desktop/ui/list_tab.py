"""A tab showing one table of service rows: filter-as-you-type, sortable, loaded in a worker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QTableView, QVBoxLayout, QWidget

from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.printing import table_html
from cwsw_desktop.ui.table_model import Column, FilterProxy, RowTableModel
from cwsw_desktop.ui.widgets import EmptyState, SearchBox, make_table, row_of


class RowTable(QWidget):
    """Search box, table and an honest empty state over one RowTableModel."""

    activated = Signal(object)  # the row object

    def __init__(
        self,
        columns: Sequence[Column[Any]],
        empty_text: str,
        search_hint: str,
        parent: QWidget | None = None,
        sort_column: int = 0,
        sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
    ) -> None:
        super().__init__(parent)
        self.model: RowTableModel[Any] = RowTableModel(columns, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchBox(search_hint, self)
        self.view: QTableView = make_table(self)
        self.view.setModel(self.proxy)
        self.view.sortByColumn(sort_column, sort_order)
        self.empty = EmptyState(empty_text, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.count = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tools = row_of(self.search, self.count)
        layout.addLayout(self.tools)
        layout.addWidget(self.stack, 1)
        self.search.textChanged.connect(self._on_search)
        self.view.activated.connect(self._on_activated)
        self.view.doubleClicked.connect(self._on_activated)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        self._fit_columns()
        self.update_count()

    def _fit_columns(self, widest: int = 420) -> None:
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount() - 1):  # the last one stretches
            if header.sectionSize(column) > widest:
                header.resizeSection(column, widest)

    def current_row(self) -> Any | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def visible_rows(self) -> list[Any]:
        return [
            self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in range(self.proxy.rowCount())
        ]

    def html(self, title: str) -> str:
        return table_html(
            title,
            [c.header for c in self.model.columns()],
            [[c.text(r) for c in self.model.columns()] for r in self.visible_rows()],
        )

    def set_search_handler(self, handler: Callable[[str], None]) -> None:
        """Replace the default search (every column) with the caller's own filtering."""
        self.search.textChanged.disconnect(self._on_search)
        self.search.textChanged.connect(handler)

    def _on_search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.update_count()

    def update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} shown")

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.row_at(self.proxy.mapToSource(index).row()))


class ListTab(QWidget):
    """Base for tabs that load rows from a service in a worker and show them in a RowTable."""

    loaded = Signal()
    title = ""

    def __init__(self, ctx: AppContext, loader: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loader = loader
        self.table: RowTable | None = None
        self.error = QLabel(self)
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()

    def show_result(self, result: Any) -> None:
        """On the main thread with what the loader returned; by default, rows for the table."""
        if self.table is not None:
            self.table.set_rows(result)

    def refresh(self) -> None:
        self.ctx.jobs.run(self._loader, self._on_loaded, self._on_failed)

    def focus_search(self) -> None:
        box = self.findChild(SearchBox)
        if box is not None:
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            box.selectAll()

    def print_html(self) -> str:
        return self.table.html(self.title) if self.table else ""

    def _on_loaded(self, result: Any) -> None:
        self.error.hide()
        self.show_result(result)
        self.loaded.emit()

    def _on_failed(self, exc: Exception) -> None:
        self.error.setText(f"Could not load {self.title.lower()}: {exc}")
        self.error.show()
