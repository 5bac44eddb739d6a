"""PEP calendar: book, hold and record PEP meetings; a month calendar, the agenda of what is
coming, and the compliance grid (looked-after children × terms, green / amber / red with the
reason as text and tooltip)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.rules.calendar import academic_year_of
from cwsw_desktop.rules.calendar import year_label as year_text
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import Act, ActOn
from cwsw_desktop.rules.money import format_pence
from cwsw_desktop.rules.pep import PepStatus, TermPep
from cwsw_desktop.rules.year_group import year_group_label
from cwsw_desktop.services.pep_types import GridRow, MeetingRow
from cwsw_desktop.services.pep_views import pep_tab_rows
from cwsw_desktop.services.peps import (
    default_invitees,
    get_pep,
    looked_after_pupils,
    next_planned,
    previous_pep,
)
from cwsw_desktop.ui import pep_actions
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.list_tab import ListTab, RowTable
from cwsw_desktop.ui.pep_calendar import MeetingCalendar, mark_text
from cwsw_desktop.ui.pep_words import KIND_WORDS, STATUS_WORDS, term_cell, term_reason, term_tone
from cwsw_desktop.ui.tab_base import EXPLANATIONS
from cwsw_desktop.ui.table_model import Column, fmt_date


def _term(i: int) -> Column[GridRow]:
    def pick(r: GridRow) -> TermPep:
        return r.terms[i]

    return Column(
        ("Autumn", "Spring", "Summer")[i],
        lambda r: term_cell(pick(r)),
        lambda r: (pick(r).status.value, pick(r).pep_date),
        tooltip=lambda r: term_reason(pick(r)),
        tone=lambda r: term_tone(pick(r).status),
    )


def _first(r: GridRow) -> str:
    if r.first is None:
        return ""
    if r.first.held_on:
        return f"Held {format_date(r.first.held_on)}"
    return f"Due {format_date(r.first.due)} (care review {format_date(r.first.care_review)})"


GRID: list[Column[GridRow]] = [
    Column("Pupil", lambda r: r.pupil),
    Column("Year", lambda r: year_group_label(r.year_group), lambda r: r.year_group, keep_whole=True),
    _term(0),
    _term(1),
    _term(2),
    Column(
        "Terms with a PEP",
        lambda r: (
            f"{r.held} of {r.owed}" + (" – 3 a year met" if r.meets_three_a_year and r.owed == 3 else "")
        ),
        lambda r: r.held,
    ),
    Column(
        "First PEP",
        _first,
        lambda r: r.first.due if r.first else None,
        tone=lambda r: "bad" if r.first and r.first.held_on is None else None,
    ),
]


def _when(r: MeetingRow) -> str:
    return fmt_date(r.meeting_date) + (f" {r.start_time:%H:%M}" if r.start_time else "")


def _status(r: MeetingRow) -> str:
    words = STATUS_WORDS[r.status]
    if r.status is PepStatus.HELD and not r.complete:
        return words + " – no targets"
    return words + (f": {r.status_reason}" if r.status_reason else "")


MEETINGS: list[Column[MeetingRow]] = [
    Column("When", _when, lambda r: (r.meeting_date, r.start_time or ""), keep_whole=True),
    Column("Pupil", lambda r: r.pupil),
    Column("Kind", lambda r: KIND_WORDS[r.kind]),
    Column("Place", lambda r: r.place),
    Column(
        "Status",
        _status,
        tone=lambda r: "warn" if r.status is PepStatus.HELD and not r.complete else None,
        tooltip=_status,
    ),
    Column("Targets", lambda r: str(r.targets), lambda r: r.targets, align_right=True),
    Column(
        "PP+ agreed",
        lambda r: format_pence(r.pp_plus_agreed_pence),
        lambda r: r.pp_plus_agreed_pence,
        align_right=True,
    ),
]


class PepTab(ListTab[GridRow]):
    title = "PEP calendar"
    explanation = EXPLANATIONS[title]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        engine = ctx.store.engine
        self._year = academic_year_of(ctx.today())
        table = RowTable(
            GRID,
            "No looked-after children on roll in this year, so no PEPs are owed.",
            "Filter by pupil (Ctrl+F)",
        )
        super().__init__(
            ctx,
            lambda key: pep_tab_rows(engine, *key),
            table,
            parent,
            inputs=lambda: (ctx.today(), self._year),
        )
        self.dialog: QDialog | None = None  # the last dialog opened (kept alive; tests read it)
        self._shown: object = None  # the last result shown
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.year = QComboBox(self)
        for start in range(self._year - 2, self._year + 2):
            self.year.addItem(year_text(start), start)
        self.year.setCurrentIndex(self.year.findData(self._year))
        self.year.setAccessibleName("Academic year")
        year_label = QLabel("&Year", self)
        year_label.setBuddy(self.year)
        # A tool bar rather than a row of buttons: on a narrow window the rest folds into "»".
        self.toolbar = QToolBar("PEP actions", self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.book_action = self.toolbar.addAction("Book PEP…")
        self.edit_action = self.toolbar.addAction("Change booking…")
        self.hold_action = self.toolbar.addAction("Record outcome…")
        self.call_off_action = self.toolbar.addAction("Postpone / cancel…")
        self.pack_action = self.toolbar.addAction("Print pack…")
        self.ics_action = self.toolbar.addAction("Export to Outlook…")
        bar = QHBoxLayout()
        bar.addWidget(year_label)
        bar.addWidget(self.year)
        bar.addWidget(self.toolbar, 1)
        self.calendar = MeetingCalendar(self)
        self.day = RowTable(MEETINGS, "No meeting on this day.", "Filter this day", self)
        self.agenda = RowTable(MEETINGS, "Nothing booked from today.", "Filter the agenda", self)
        self.all = RowTable(
            MEETINGS,
            "No PEP meetings recorded yet.",
            "Filter meetings",
            self,
            sort_order=Qt.SortOrder.DescendingOrder,
        )
        self.day_label = QLabel(self)
        calendar_page = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(calendar_page)
        left_box = QVBoxLayout(left)
        left_box.addWidget(self.calendar, 1)
        left_box.addWidget(self.day_label)
        right = QWidget(calendar_page)
        right_box = QVBoxLayout(right)
        right_box.addWidget(QLabel("<b>Agenda</b>: planned meetings from today", right))
        right_box.addWidget(self.agenda, 1)
        right_box.addWidget(QLabel("<b>The day chosen on the calendar</b>", right))
        right_box.addWidget(self.day, 1)
        self.pages = QTabWidget(self)
        self.pages.addTab(self.table, "&Compliance grid")
        self.pages.addTab(calendar_page, "Calendar and &agenda")
        self.pages.addTab(self.all, "All &meetings")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading_block())
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.pages, 1)

    def _connect(self) -> None:
        self.year.currentIndexChanged.connect(self._on_year)
        self.calendar.selectionChanged.connect(self._on_day)
        self.table.activated.connect(self._on_grid_row)
        for table in (self.day, self.agenda, self.all):
            table.activated.connect(lambda r: self.open_meeting(r.id))
        self.book_action.triggered.connect(lambda: self.book())
        self.edit_action.triggered.connect(lambda: self._with_selected(self.edit))
        self.hold_action.triggered.connect(lambda: self._with_selected(self.hold))
        self.call_off_action.triggered.connect(lambda: self._with_selected(self.call_off))
        self.pack_action.triggered.connect(lambda: self._with_selected(self.print_pack))
        self.ics_action.triggered.connect(lambda: pep_actions.export_calendar(self.ctx, self, self._year))

    def forget_shown(self) -> None:
        self._shown = None

    def show_result(self, result: Any) -> None:
        if result is self._shown:  # the kept result: nothing changed, the tab shows it already
            return
        self._shown = result
        grid, rows = result
        self.table.set_rows(grid)
        self._meetings = rows
        today = self.ctx.today()
        self.calendar.set_meetings(rows)
        self.agenda.set_rows([r for r in rows if r.status is PepStatus.PLANNED and r.meeting_date >= today])
        self.all.set_rows(rows)
        self._on_day()

    def _on_year(self) -> None:
        self._year = int(self.year.currentData())
        self.refresh()

    def _on_day(self) -> None:
        day: date = self.calendar.selectedDate().toPython()  # type: ignore[assignment]  # a date
        rows = self.calendar.meetings_on(day)
        self.day_label.setText(
            f"<b>{format_date(day)}</b>: " + ("; ".join(mark_text(r) for r in rows) or "no PEP meetings")
        )
        self.day.set_rows(rows)

    def selected_meeting(self) -> MeetingRow | None:
        page = self.pages.currentWidget()
        tables = [self.all] if page is self.all else [self.day, self.agenda]
        for table in tables:
            row = table.current_row()
            if row is not None:
                return row  # type: ignore[no-any-return]
        return None

    def _with_selected(self, act: Any) -> None:
        row = self.selected_meeting()
        if row is None:
            self.error.setText(
                "Select a meeting first (on the calendar, the agenda or the list of meetings)."
            )
            self.error.show()
            return
        act(row.id)

    def _on_grid_row(self, row: GridRow) -> None:
        current = [t for t in row.terms if t.meeting_id is not None and t.term.start <= self.ctx.today()]
        if current:
            self.open_meeting(current[-1].meeting_id or 0)
        else:
            self.book(row.pupil_id)

    # -- dialogs --
    def _run(self, dialog: QDialog) -> bool:
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()
            return True
        return False

    def book(self, pupil_id: int | None = None) -> bool:
        from cwsw_desktop.ui.pep_dialog import BookingDialog

        engine, today = self.ctx.store.engine, self.ctx.today()
        pupils = looked_after_pupils(engine, today)
        invitees = default_invitees(engine, [p.id for p in pupils])
        return self._run(BookingDialog(self.ctx, pupils, invitees, pupil_id=pupil_id, parent=self))

    def edit(self, pep_id: int) -> bool:
        from cwsw_desktop.ui.pep_dialog import BookingDialog

        engine, today = self.ctx.store.engine, self.ctx.today()
        detail = get_pep(engine, pep_id)
        pupils = looked_after_pupils(engine, today)
        if all(p.id != detail.pupil_id for p in pupils):
            from cwsw_desktop.services.pep_types import PupilChoice

            pupils.append(PupilChoice(detail.pupil_id, detail.pupil, detail.upn))
        return self._run(BookingDialog(self.ctx, pupils, {}, detail=detail, parent=self))

    def hold(self, pep_id: int) -> bool:
        from cwsw_desktop.ui.pep_hold_dialog import HoldDialog

        engine = self.ctx.store.engine
        detail = get_pep(engine, pep_id)
        previous = previous_pep(engine, detail.pupil_id, detail.meeting_date, exclude=pep_id)
        return self._run(HoldDialog(self.ctx, detail, previous, self))

    def call_off(self, pep_id: int) -> bool:
        from cwsw_desktop.ui.pep_dialog import CallOffDialog

        detail = get_pep(self.ctx.store.engine, pep_id)
        if detail.status is not PepStatus.PLANNED:
            self.error.setText("Only a planned meeting can be postponed or cancelled.")
            self.error.show()
            return False
        return self._run(CallOffDialog(self.ctx, detail, self))

    def print_pack(self, pep_id: int) -> None:
        detail = get_pep(self.ctx.store.engine, pep_id)
        pep_actions.print_pack(self.ctx, self, pep_id, detail.pupil_id, self._keep)

    def _keep(self, dialog: QDialog) -> None:
        self.dialog = dialog

    def import_peps(self, path: str | None = None) -> bool:
        if pep_actions.import_peps(self.ctx, self, path):
            self.changed.emit()
            return True
        return False

    def open_meeting(self, pep_id: int) -> bool:
        """A planned meeting whose day has come (or a held one) opens its outcome; a future one its booking."""
        detail = get_pep(self.ctx.store.engine, pep_id)
        if detail.status is PepStatus.HELD or (
            detail.status is PepStatus.PLANNED and detail.meeting_date <= self.ctx.today()
        ):
            return self.hold(pep_id)
        return self.edit(pep_id)

    # -- Tab --
    def new_record(self) -> bool:
        self.book()
        return True

    @classmethod
    def may_open(cls, act: object) -> bool:
        return isinstance(act, Act) and act.on is ActOn.PEP

    def open_act(self, act: Act) -> bool:
        """ActOn.PEP: open that meeting; for a pupil, their next planned one, else book one. The
        dialog opens once the window has brought this tab forward."""
        if act.on is not ActOn.PEP:
            return False
        QTimer.singleShot(0, lambda: self._open(act))
        return True

    def _open(self, act: Act) -> None:
        if act.record_id is not None:
            self.open_meeting(act.record_id)
        elif act.pupil_id is not None:
            planned = next_planned(self.ctx.store.engine, act.pupil_id, self.ctx.today())
            if planned is not None:
                self.open_meeting(planned)
            else:
                self.book(act.pupil_id)
        else:
            self.book()
