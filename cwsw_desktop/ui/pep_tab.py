"""PEP calendar: each looked-after child's PEP term by term, and the meetings on record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from cwsw_desktop.rules import pep as pep_rules
from cwsw_desktop.rules.money import format_pence
from cwsw_desktop.services.peps import PepCalendarRow, PepMeetingRow, pep_calendar, pep_meetings
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.list_tab import ListTab, RowTable
from cwsw_desktop.ui.table_model import Column, fmt_date
from cwsw_desktop.ui.widgets import Heading


def _tone(status: str) -> str | None:
    if status.startswith(pep_rules.OVERDUE):
        return "bad"
    if status.startswith((pep_rules.DUE_SOON, pep_rules.INCOMPLETE)):
        return "warn"
    if status.startswith(pep_rules.DONE):
        return "good"
    return None


CALENDAR: list[Column[PepCalendarRow]] = [
    Column("Pupil", lambda r: r.pupil),
    Column("Year", lambda r: str(r.year_group), lambda r: r.year_group, align_right=True),
    Column("Autumn", lambda r: r.autumn, tone=lambda r: _tone(r.autumn)),
    Column("Spring", lambda r: r.spring, tone=lambda r: _tone(r.spring)),
    Column("Summer", lambda r: r.summer, tone=lambda r: _tone(r.summer)),
    Column("Held this year", lambda r: f"{r.held_this_year} of 3", lambda r: r.held_this_year),
    Column("This term", lambda r: r.current_status, tone=lambda r: _tone(r.current_status)),
    Column("Next due by", lambda r: fmt_date(r.next_due), lambda r: r.next_due),
]
MEETINGS: list[Column[PepMeetingRow]] = [
    Column("Date", lambda r: fmt_date(r.meeting_date), lambda r: r.meeting_date),
    Column("Pupil", lambda r: r.pupil),
    Column("Status", lambda r: r.status.capitalize()),
    Column(
        "Targets",
        lambda r: str(r.targets),
        lambda r: r.targets,
        align_right=True,
        tone=lambda r: "warn" if r.status == "held" and not r.targets else None,
    ),
    Column(
        "PP+ agreed",
        lambda r: format_pence(r.pp_plus_agreed_pence),
        lambda r: r.pp_plus_agreed_pence,
        align_right=True,
    ),
    Column("Next meeting", lambda r: fmt_date(r.next_meeting), lambda r: r.next_meeting),
]


class PepTab(ListTab[PepCalendarRow]):
    title = "PEP calendar"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        engine = ctx.store.engine
        table = RowTable(
            CALENDAR, "No looked-after children on roll, so no PEPs are due.", "Filter by pupil (Ctrl+F)"
        )
        super().__init__(
            ctx, lambda: (pep_calendar(engine, ctx.today()), pep_meetings(engine)), table, parent
        )
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.meetings = RowTable(
            MEETINGS,
            "No PEP meetings recorded yet.",
            "Filter meetings",
            self,
            sort_order=Qt.SortOrder.DescendingOrder,
        )
        self.note = QLabel("Every looked-after child needs a PEP each term — at least 3 a year.", self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        top, bottom = QWidget(split), QWidget(split)
        QVBoxLayout(top).addWidget(self.table)
        lower = QVBoxLayout(bottom)
        lower.addWidget(Heading("Meetings", bottom))
        lower.addWidget(self.meetings)
        layout = QVBoxLayout(self)
        layout.addWidget(Heading("PEP calendar", self))
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(split, 1)

    def _connect(self) -> None:
        self.table.activated.connect(lambda r: self.open_pupil.emit(r.pupil_id))
        self.meetings.activated.connect(lambda r: self.open_pupil.emit(r.pupil_id))

    def show_result(self, result: Any) -> None:
        calendar, meetings = result
        self.table.set_rows(calendar)
        self.meetings.set_rows(meetings)
