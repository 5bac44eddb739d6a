"""Booking a PEP meeting (or changing a booking), and postponing or cancelling one."""

from __future__ import annotations

import re
from datetime import date, time

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from cwsw_desktop.reports.words import ROLE_WORDS
from cwsw_desktop.rules.pep import AttendeeRole, PepKind, PepStatus
from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.pep_booking import book_pep, call_off, update_booking
from cwsw_desktop.services.pep_types import AttendeeInput, BookingInput, PepDetail, PupilChoice
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.forms import choice_box, form_of, problem_text, problems_of, save_cancel, stack
from cwsw_desktop.ui.pep_widgets import EditTable, Field
from cwsw_desktop.ui.pep_words import KIND_WORDS
from cwsw_desktop.ui.widgets import DateField, fit_to_screen

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_time(text: str) -> time | None:
    text = text.strip()
    if not text:
        return None
    match = _TIME.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"Time: '{text}' is not a time like 14:30")
    return time(int(match[1]), int(match[2]))


def attendee_table(parent: QWidget) -> EditTable:
    return EditTable(
        [Field("Role", "choice", ROLE_WORDS, 170), Field("Name", width=200), Field("Attended", "check")],
        "Invitees",
        parent,
    )


def attendees_of(table: EditTable) -> tuple[AttendeeInput, ...]:
    return tuple(AttendeeInput(AttendeeRole(role), name, bool(came)) for role, name, came in table.rows())


def show_problems(parent: QWidget, title: str, exc: Exception) -> None:
    QMessageBox.warning(parent, title, f"Nothing was saved:\n\n{problem_text(problems_of(exc))}")


class BookingDialog(QDialog):
    """Book a meeting for a looked-after child; with ``detail``, change that booking."""

    def __init__(
        self,
        ctx: AppContext,
        pupils: list[PupilChoice],
        invitees: dict[int, tuple[AttendeeInput, ...]],
        detail: PepDetail | None = None,
        pupil_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.saved_id: int | None = None
        self._invitees = invitees
        self.setWindowTitle("Change PEP booking" if detail else "Book a PEP meeting")
        self.pupil = choice_box(
            ((f"{p.name} ({p.upn})", p.id) for p in pupils), detail.pupil_id if detail else pupil_id, self
        )
        self.date = DateField(detail.meeting_date if detail else None, required=True, parent=self)
        self.time = QLineEdit(f"{detail.start_time:%H:%M}" if detail and detail.start_time else "", self)
        self.time.setPlaceholderText("hh:mm")
        self.place = QLineEdit(detail.place if detail else "", self)
        self.kind = choice_box(
            ((words, kind) for kind, words in KIND_WORDS.items()),
            detail.kind if detail else PepKind.REVIEW,
            self,
        )
        self.attendees = attendee_table(self)
        self.notes = QPlainTextEdit(detail.notes if detail else "", self)
        self.notes.setMaximumHeight(70)
        form = form_of(
            ("&Pupil", self.pupil),
            ("&Date", self.date),
            ("&Time", self.time),
            ("P&lace", self.place),
            ("&Kind", self.kind),
            ("&Invitees", self.attendees),
            ("&Notes", self.notes),
        )
        nobody = "No looked-after children are on roll, so there is no one to book for."
        stack(self, None if pupils else QLabel(nobody, self), form, save_cancel(self))
        fit_to_screen(self, 620, 560)  # smaller on a small screen
        if detail:
            for a in detail.attendees:
                self.attendees.add_row([a.role, a.name, a.attended])
            self.pupil.setEnabled(False)
        else:
            self._fill_invitees()
            self.pupil.currentIndexChanged.connect(self._fill_invitees)

    def _fill_invitees(self) -> None:
        while self.attendees.row_count():
            self.attendees.table.removeRow(0)
        self.attendees._ids.clear()
        for a in self._invitees.get(self.pupil.currentData(), ()):
            self.attendees.add_row([a.role, a.name, False])

    def booking(self) -> BookingInput:
        meeting_date = self.date.date()
        assert meeting_date is not None
        return BookingInput(
            pupil_id=int(self.pupil.currentData()),
            meeting_date=meeting_date,
            start_time=parse_time(self.time.text()),
            place=self.place.text(),
            kind=PepKind(self.kind.currentData()),
            attendees=attendees_of(self.attendees),
            notes=self.notes.toPlainText(),
        )

    def accept(self) -> None:
        if self.pupil.currentData() is None:
            QMessageBox.warning(self, "Book a PEP", "Choose the pupil the PEP is for.")
            return
        engine, today = self.ctx.store.engine, self.ctx.today()
        try:
            booking = self.booking()
            if self.detail is None:
                self.saved_id = book_pep(engine, booking, today)
            else:
                update_booking(engine, self.detail.id, booking, today)
                self.saved_id = self.detail.id
        except (ValueError, ValidationError) as exc:
            show_problems(self, self.windowTitle(), exc)
            return
        super().accept()


class CallOffDialog(QDialog):
    """Postpone (optionally to a new date) or cancel a planned meeting, saying why."""

    def __init__(self, ctx: AppContext, detail: PepDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.detail = ctx, detail
        self.setWindowTitle("Postpone or cancel a PEP")
        self.status = choice_box(
            (("Postponed", PepStatus.POSTPONED), ("Cancelled", PepStatus.CANCELLED)), parent=self
        )
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("Why is the meeting not going ahead?")
        self.new_date = DateField(parent=self)
        form = form_of(
            QLabel(f"{detail.pupil}: meeting on {detail.meeting_date:%d/%m/%Y}", self),
            ("&Status", self.status),
            ("&Reason", self.reason),
            ("&New date (postponed)", self.new_date),
        )
        stack(self, form, save_cancel(self))

    def accept(self) -> None:
        try:
            new_date: date | None = self.new_date.date()
            call_off(
                self.ctx.store.engine,
                self.detail.id,
                PepStatus(self.status.currentData()),
                self.reason.text(),
                self.ctx.today(),
                new_date,
            )
        except (ValueError, ValidationError) as exc:
            show_problems(self, self.windowTitle(), exc)
            return
        super().accept()
