"""Overview: the cohort in numbers and what is due, most urgent first, from `what_is_due`.

Grouped by severity and sorted by date; filtered by kind and by pupil; a double-click (or Enter)
opens the record to act on. The title and the status bar carry the counts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import Severity
from cwsw_desktop.services.overview import DueRow, Overview, build_overview
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.duty_words import CATEGORY_WORDS, KIND_WORDS, SEVERITY_TONES, SEVERITY_WORDS
from cwsw_desktop.ui.list_tab import ListTab, RowTable
from cwsw_desktop.ui.table_model import Column, fmt_date

ALL = None


def _order(r: DueRow) -> int:
    """Severity first, then the date (undated last): the Overview's grouping."""
    due = r.duty.due or date.max
    return r.duty.severity.rank * 10_000_000 + due.toordinal()


def _who(r: DueRow) -> str:
    return r.pupil_name or r.duty.staff or "School"


COLUMNS: list[Column[DueRow]] = [
    Column(
        "Severity",
        lambda r: SEVERITY_WORDS[r.duty.severity],
        _order,
        tone=lambda r: SEVERITY_TONES[r.duty.severity],
        keep_whole=True,
    ),
    Column("By", lambda r: fmt_date(r.duty.due), lambda r: r.duty.due or date.max, keep_whole=True),
    Column("Kind", lambda r: KIND_WORDS[r.duty.kind]),
    Column("Who", _who),
    Column("What needs doing", lambda r: r.duty.message, tooltip=lambda r: r.duty.message),
]


def detail_line(r: DueRow) -> str:
    """The whole of one item, for the line under the table."""
    d = r.duty
    when = f" by {format_date(d.due)}" if d.due else ""
    return f"{SEVERITY_WORDS[d.severity]}{when} · {KIND_WORDS[d.kind]} · {_who(r)}: {d.message}"


class OverviewTab(ListTab[DueRow]):
    title = "Overview"
    explanation = (
        "What is due for every child and for the school, most urgent first. Double-click an item "
        "(or press Enter) to open the record that settles it; it leaves the list once that is saved."
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        def load() -> Overview:
            return build_overview(ctx.store.engine, ctx.today())

        # The data first: a worker builds the Overview (the longest wait when the window opens)
        # while the widgets are made here (the first table's Qt enums and style, ~0.15 s). Its
        # result is handed over through the event loop, so after this constructor has finished.
        ctx.jobs.run(load, lambda result: self._on_loaded(result), lambda exc: self._on_failed(exc))
        table = RowTable(
            COLUMNS,
            "Nothing is due. Every PEP, review and duty is up to date.",
            "Filter what is due (Ctrl+F)",
        )
        super().__init__(ctx, load, table, parent)
        self.overview: Overview | None = None
        self._shown: Overview | None = None  # the result on screen (None after a lock emptied it)
        self._build()
        self._connect()

    def _build(self) -> None:
        self.subheading = QLabel(self)
        cards = QFrame(self)
        cards.setObjectName("cards")
        grid = QGridLayout(cards)
        self.counts: dict[str, QLabel] = {}
        for col, (category, label) in enumerate(CATEGORY_WORDS.items()):
            number = QLabel("–", cards)
            number.setObjectName("cardNumber")
            number.setAccessibleName(label)
            caption = QLabel(label, cards)
            caption.setObjectName("cardCaption")
            grid.addWidget(number, 0, col)
            grid.addWidget(caption, 1, col)
            self.counts[category.value] = number
        self.summary = QLabel(self)
        self.kind_filter = QComboBox(self)
        self.kind_filter.setAccessibleName("Show kind")
        self.pupil_filter = QComboBox(self)
        self.pupil_filter.setAccessibleName("Show pupil")
        self.pupil_filter.setMinimumContentsLength(18)
        kind_label, pupil_label = QLabel("&Kind:", self), QLabel("P&upil:", self)
        kind_label.setBuddy(self.kind_filter)
        pupil_label.setBuddy(self.pupil_filter)
        filters = QHBoxLayout()
        for w in (self.summary, kind_label, self.kind_filter, pupil_label, self.pupil_filter):
            filters.addWidget(w)
        filters.insertStretch(1, 1)
        self.detail = QLabel("Select an item to read it in full here.", self)
        self.detail.setWordWrap(True)
        self.detail.setObjectName("explanation")
        self.detail.setAccessibleName("Selected item")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading_block())
        layout.addWidget(self.subheading)
        layout.addWidget(cards)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self.table.view.setWordWrap(True)

    def _connect(self) -> None:
        self.table.activated.connect(self._on_item)
        self.kind_filter.currentIndexChanged.connect(self._apply_filters)
        self.pupil_filter.currentIndexChanged.connect(self._apply_filters)
        self.table.view.selectionModel().currentRowChanged.connect(self._on_current)

    def forget_shown(self) -> None:
        self._shown = None

    def show_result(self, result: Any) -> None:
        if result is self._shown:  # the kept Overview: nothing changed, the tab shows it already
            return  # (refilling the filters and the table costs ~30 ms at 5,000 pupils)
        self._shown = result
        overview: Overview = result
        self.overview = overview
        self.subheading.setText(
            f"{overview.school or 'Your school'} · {overview.year_label} · {overview.term} term · "
            f"{fmt_date(overview.today)}"
        )
        for category, n in overview.counts.items():
            self.counts[category.value].setText(str(n))
        overdue, due = overview.count(Severity.OVERDUE), overview.count(Severity.DUE)
        notes = overview.count(Severity.NOTE)
        self.summary.setText(f"{overdue} overdue · {due} due · {notes} to note")
        self._fill_filters(list(overview.rows))
        self.table.set_rows(list(overview.rows))
        self.table.view.sortByColumn(0, self.table.view.horizontalHeader().sortIndicatorOrder())
        self._apply_filters()

    def _fill_filters(self, rows: list[DueRow]) -> None:
        for combo, everything, items in (
            (
                self.kind_filter,
                "All kinds",
                sorted({(KIND_WORDS[r.duty.kind], r.duty.kind) for r in rows}),
            ),
            (
                self.pupil_filter,
                "All pupils",
                sorted({(r.pupil_name, r.pupil_id) for r in rows if r.pupil_id is not None}),
            ),
        ):
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, ALL)
            for text, value in items:
                combo.addItem(text, value)
            index = combo.findData(kept)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)

    def accepts(self, r: DueRow) -> bool:
        kind, pupil = self.kind_filter.currentData(), self.pupil_filter.currentData()
        return (kind is ALL or r.duty.kind == kind) and (pupil is ALL or r.pupil_id == pupil)

    def _apply_filters(self) -> None:
        self.table.proxy.set_predicate(self.accepts)
        self.table.update_count()

    def filter_note(self) -> str:
        parts = [
            f"{combo.currentText()}"
            for combo in (self.kind_filter, self.pupil_filter)
            if combo.currentData() is not ALL
        ]
        base = super().filter_note()
        return "; ".join([*(["Showing " + ", ".join(parts)] if parts else []), *([base] if base else [])])

    def caption(self) -> str:
        """The tab's title with its counts: "Overview (3 overdue)"."""
        if self.overview is None:
            return self.title
        overdue = self.overview.count(Severity.OVERDUE)
        return f"{self.title} ({overdue} overdue)" if overdue else self.title

    def status_note(self) -> str:
        """For the status bar after opening: "3 overdue · 5 due this fortnight"."""
        if self.overview is None:
            return ""
        return f"{self.overview.count(Severity.OVERDUE)} overdue · {self.overview.due_within()} due this fortnight"

    def _on_current(self, *_: object) -> None:
        row = self.table.current_row()
        self.detail.setText(
            detail_line(row) if row is not None else "Select an item to read it in full here."
        )

    def _on_item(self, row: DueRow) -> None:
        self.act_on.emit(row.duty.act)
