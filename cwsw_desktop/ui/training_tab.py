"""Training log: sessions, who attended, and the DT's days against the policy."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cwsw_desktop.services.school import load_settings
from cwsw_desktop.services.training import TrainingRow, TrainingSummary, training_rows, training_summary
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.list_tab import ListTab, RowTable
from cwsw_desktop.ui.table_model import Column, fmt_date

COLUMNS: list[Column[TrainingRow]] = [
    Column("Date", lambda r: fmt_date(r.held_on), lambda r: r.held_on),
    Column("Course", lambda r: r.course),
    Column("Topic", lambda r: r.topic),
    Column("Hours", lambda r: f"{r.hours:g}", lambda r: r.hours, align_right=True),
    Column("Provider", lambda r: r.provider),
    Column(
        "Attendees",
        lambda r: ("Whole staff: " if r.whole_staff else "") + str(r.attendees),
        lambda r: r.attendees,
        tooltip=lambda r: r.attendee_names,
    ),
]


class TrainingTab(ListTab[TrainingRow]):
    title = "Training log"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        engine = ctx.store.engine

        def load() -> tuple[list[TrainingRow], TrainingSummary]:
            required = load_settings(engine).dt_training_days
            return training_rows(engine), training_summary(engine, ctx.today(), required)

        table = RowTable(
            COLUMNS,
            "No training recorded yet.",
            "Filter by course or provider (Ctrl+F)",
            sort_order=Qt.SortOrder.DescendingOrder,
        )
        super().__init__(ctx, load, table, parent)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.refresh()

    def show_result(self, result: Any) -> None:
        rows, s = result
        met = "met" if s.dt_days >= s.dt_required else "not yet met"
        self.summary.setText(
            f"{s.year_label}: Designated Teacher {s.dt_days:g} of {s.dt_required:g} training days ({met}). "
            f"Attachment-aware: {s.staff_attachment} of {s.staff} staff. "
            f"Trauma-informed: {s.staff_trauma} of {s.staff} staff."
        )
        self.table.set_rows(rows)
