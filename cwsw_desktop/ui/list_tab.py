"""A tab showing one table of service rows: filter-as-you-type, sortable, loaded in a worker."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Generic

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QStyle, QTableView, QVBoxLayout, QWidget

from cwsw_desktop.store.reader import data_state, reading
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.tab_base import Tab
from cwsw_desktop.ui.table_model import Column, FilterProxy, Row, RowTableModel
from cwsw_desktop.ui.widgets import EmptyState, Heading, SearchBox, make_table, row_of

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from cwsw_desktop.reports.table import TableDocument


FIT_ROWS = 200  # how many rows (in the order shown) a column's width is fitted to: a few screens' worth
WIDEST = 420  # the widest a column is fitted to (but the last, which stretches)


class RowTable(QWidget):
    """Search box, table and an honest empty state over one RowTableModel."""

    activated = Signal(object)  # the row object
    _unfitted = False  # rows arrived while hidden: the columns are fitted when it is shown

    def __init__(
        self,
        columns: Sequence[Column[Any]],
        empty_text: str,
        search_hint: str,
        parent: QWidget | None = None,
        sort_column: int = 0,
        sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
        search: Callable[[Any], str] | None = None,
    ) -> None:
        super().__init__(parent)
        # `search`: each row's one string the filter box matches (by default, every column)
        self.model: RowTableModel[Any] = RowTableModel(columns, self, search)
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

    def set_rows(self, rows: Sequence[Any]) -> bool:
        """Show `rows`; False (and nothing redone) when they are the rows already shown."""
        if rows and self.model.same_rows(rows):
            return False
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        self._fit_columns()
        self.update_count()
        return True

    def _fit_columns(self, widest: int = WIDEST) -> None:
        self._unfitted = not self.isVisible()
        if not self._unfitted:
            self.fit_sample(widest)

    def showEvent(self, event: QShowEvent) -> None:
        if self._unfitted:
            self._unfitted = False
            self.fit_sample()
        super().showEvent(event)

    def fit_sample(self, widest: int = WIDEST) -> None:
        """Each column as wide as its header or its widest text in the first FIT_ROWS rows (in
        the order shown), at most `widest` (the last one, stretching, fills the view if it is wider).

        Measured with the view's font, not by ``resizeColumnsToContents``, which lays out every
        cell through Python (seconds on a table of thousands): the same widths as Qt's on a table
        of up to FIT_ROWS rows; past that, a wider cell further down is cut short with "…", and
        its tooltip or the column's drag handle shows the rest."""
        view, header = self.view, self.view.horizontalHeader()
        metrics = QFontMetricsF(view.font())
        # What Qt adds to the text: the item's margins either side, and the grid line.
        margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
        margin += 1 if view.showGrid() else 0
        rows = [self.model.row_at(i) for i in range(min(self.model.rowCount(), FIT_ROWS))]
        for i, column in enumerate(self.model.columns()):
            texts = {column.text(r) for r in rows}
            content = math.ceil(max(metrics.horizontalAdvance(t) for t in texts)) + margin if texts else 0
            width = max(content, header.sectionSizeHint(i))
            header.resizeSection(i, min(width, widest))

    def current_row(self) -> Any | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def visible_rows(self) -> list[Any]:
        return self.model.shown_rows()

    def document(self, title: str, filter_note: str, today: date) -> TableDocument:
        """The visible rows in their current order, as a printable table."""
        from cwsw_desktop.reports.table import TableDocument

        columns = [c for i, c in enumerate(self.model.columns()) if not self.view.isColumnHidden(i)]
        return TableDocument(
            title=title,
            headers=tuple(c.header for c in columns),
            rows=tuple(tuple(c.text(r) for c in columns) for r in self.visible_rows()),
            printed_on=today,
            filter_note=filter_note,
            keep_whole=frozenset(i for i, c in enumerate(columns) if c.keep_whole),
            right=frozenset(i for i, c in enumerate(columns) if c.align_right),
        )

    def set_search_handler(self, handler: Callable[[str], None]) -> None:
        """Replace the default search (every column) with the caller's own filtering."""
        self.search.textChanged.disconnect(self._on_search)
        self.search.textChanged.connect(handler)

    def _on_search(self, text: str) -> None:
        self.proxy.set_text(text)
        self.update_count()

    def update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.total()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} shown")

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.row_at(self.proxy.mapToSource(index).row()))


class KeptResult:
    """A loader that gives its last result again, the very same objects, while the store's data
    and the loader's inputs are what they were: a refresh with nothing changed costs one PRAGMA,
    and the tab's tables see at once that their rows are the rows shown.

    `load(inputs)` must depend only on the store and on `inputs` (the date, the year chosen, ...).
    The store's state (``data_state``) may be valid on one connection only (until the store
    watches for commits), and the pool may hand out another one each time: the result is kept
    with the state of every scope (the watching connection, or a reading one) it was current on.
    A state is read before `load` runs, so it is never newer than the data the result was read
    from. In another scope (or after a change) the loader runs again, and a result equal to the
    kept one gives the kept objects back (with that scope's state recorded). The scopes are
    kept with their states, so an id (the key) is never reused meanwhile."""

    CONNECTIONS = 8  # scopes kept at most (the watcher, the pool's connections, a few closed ones)

    def __init__(self, engine: Engine, load: Callable[[Any], Any]) -> None:
        self._engine = engine
        self._load = load
        self._inputs: Hashable = None
        self._result: Any = None
        self._states: dict[int, tuple[Any, Hashable]] = {}  # id(scope): (scope, state)
        self._lock = threading.Lock()

    def __call__(self, inputs: Hashable) -> Any:
        with reading(self._engine) as reader:
            state = data_state(reader)
        scope = state[0] if state is not None else None
        with self._lock:
            known = self._states.get(id(scope))
            if state is not None and inputs == self._inputs and known is not None and known[1] == state:
                return self._result
        result = self._load(inputs)
        if state is None:
            return result
        with self._lock:
            if inputs != self._inputs or result != self._result:
                self._inputs, self._result, self._states = inputs, result, {}
            elif len(self._states) >= self.CONNECTIONS:
                self._states.pop(next(iter(self._states)))
            self._states[id(scope)] = (scope, state)
            return self._result


class ListTab(Tab, Generic[Row]):
    """A tab that loads from a service in a worker and shows rows in its RowTable.

    The table is made by the subclass and handed in, so it exists from construction on. With
    `inputs` (read on the main thread at each refresh), the loader is called with them and its
    last result is kept while the store and the inputs are unchanged (``KeptResult``)."""

    def __init__(
        self,
        ctx: AppContext,
        loader: Callable[..., Any],
        table: RowTable,
        parent: QWidget | None = None,
        inputs: Callable[[], Hashable] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._inputs = inputs
        self._loader: Callable[..., Any] = loader if inputs is None else KeptResult(ctx.store.engine, loader)
        self.table = table
        self.table.setParent(self)
        self.error = QLabel(self)
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()

    def heading_block(self) -> QWidget:
        """The tab's heading and its explanation line, the same on every tab."""
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(Heading(self.title, box))
        if self.explanation:
            line = QLabel(self.explanation, box)
            line.setWordWrap(True)
            line.setObjectName("explanation")
            layout.addWidget(line)
        return box

    def show_result(self, result: Any) -> None:
        """On the main thread with what the loader returned; by default, rows for the table."""
        self.table.set_rows(result)

    def refresh(self) -> None:
        if self._inputs is None:
            self.ctx.jobs.run(self._loader, self._on_loaded, self._on_failed)
            return
        inputs, loader = self._inputs(), self._loader
        self.ctx.jobs.run(lambda: loader(inputs), self._on_loaded, self._on_failed)

    def filter_note(self) -> str:
        """What the printout says about the filter in force ("" for everything)."""
        text = self.table.search.text().strip()
        return f"Filtered by '{text}'" if text else ""

    def printable(self) -> TableDocument | None:
        return self.table.document(self.title, self.filter_note(), self.ctx.today())

    def _on_loaded(self, result: Any) -> None:
        self.error.hide()
        self.show_result(result)
        self.loaded.emit()

    def _on_failed(self, exc: Exception) -> None:
        self.error.setText(f"Could not load {self.title.lower()}: {exc}")
        self.error.show()
