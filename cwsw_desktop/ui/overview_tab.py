"""Overview: the cohort in numbers and what needs doing, most urgent first."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from cwsw_desktop.services.overview import DUE, OVERDUE, DueItem, Overview, build_overview
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.list_tab import ListTab, RowTable
from cwsw_desktop.ui.table_model import Column, fmt_date
from cwsw_desktop.ui.widgets import Heading

COHORTS = [
    ("CLA", "Looked after"),
    ("PLA", "Previously looked after"),
    ("CIN", "Child in Need"),
    ("CP", "Child Protection"),
    ("Previous", "Had a social worker (6 yrs)"),
]


def _tone(item: DueItem) -> str | None:
    return {OVERDUE: "bad", DUE: "warn"}.get(item.urgency)


COLUMNS: list[Column[DueItem]] = [
    Column("Urgency", lambda i: i.urgency, lambda i: {OVERDUE: 0, DUE: 1}.get(i.urgency, 2), tone=_tone),
    Column("Area", lambda i: i.area),
    Column("Pupil", lambda i: i.pupil),
    Column("By", lambda i: fmt_date(i.due), lambda i: i.due),
    Column("What needs doing", lambda i: i.what, tooltip=lambda i: i.what),
]


class OverviewTab(ListTab[DueItem]):
    title = "Overview"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        table = RowTable(
            COLUMNS,
            "Nothing needs doing. Every PEP, review and duty is up to date.",
            "Filter what needs doing (Ctrl+F)",
        )
        super().__init__(ctx, lambda: build_overview(ctx.store.engine, ctx.today()), table, parent)
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.heading = Heading("Overview", self)
        self.subheading = QLabel(self)
        cards = QFrame(self)
        cards.setObjectName("cards")
        grid = QGridLayout(cards)
        self.counts: dict[str, QLabel] = {}
        for col, (key, label) in enumerate(COHORTS):
            number = QLabel("–", cards)
            number.setObjectName("cardNumber")
            number.setAccessibleName(label)
            caption = QLabel(f"{label} ({key})" if key != "Previous" else label, cards)
            caption.setObjectName("cardCaption")
            grid.addWidget(number, 0, col)
            grid.addWidget(caption, 1, col)
            self.counts[key] = number
        self.summary = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(cards)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.table.activated.connect(self._on_item)

    def show_result(self, result: Any) -> None:
        overview: Overview = result
        self.heading.setText(overview.school or "Your school")
        self.subheading.setText(f"{overview.year_label} · {overview.term} term · {fmt_date(overview.today)}")
        for key, label in self.counts.items():
            label.setText(str(overview.counts.get(key, 0)))
        overdue = sum(1 for i in overview.items if i.urgency == OVERDUE)
        due = sum(1 for i in overview.items if i.urgency == DUE)
        self.summary.setText(f"{overdue} overdue · {due} due · {len(overview.items) - overdue - due} to note")
        self.table.set_rows(list(overview.items))

    def _on_item(self, item: DueItem) -> None:
        if item.pupil_id is not None:
            self.open_pupil.emit(item.pupil_id)
