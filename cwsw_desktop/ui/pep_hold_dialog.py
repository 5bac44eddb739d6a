"""Recording a PEP meeting's outcome: who came, the child's views, the last PEP's targets rated
and its open actions ticked off, new SMART targets and actions, PP+, and the next meeting."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.reports.words import RATING_WORDS
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.money import format_pence, parse_pounds
from cwsw_desktop.rules.pep import TargetRating
from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.pep_booking import hold_pep
from cwsw_desktop.services.pep_types import ActionInput, HoldInput, PepDetail, PreviousPep, TargetInput
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.forms import form_of, save_cancel, stack
from cwsw_desktop.ui.pep_dialog import attendee_table, attendees_of, parse_time, show_problems
from cwsw_desktop.ui.pep_widgets import EditTable, Field
from cwsw_desktop.ui.widgets import DateField, fit_to_screen


def _pence(text: str, label: str) -> int:
    if not text.strip():
        return 0
    try:
        return parse_pounds(text)
    except ValueError as exc:
        raise ValueError(f"{label}: {exc}") from exc


class HoldDialog(QDialog):
    def __init__(
        self, ctx: AppContext, detail: PepDetail, previous: PreviousPep | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.detail, self.previous = ctx, detail, previous
        self.next_id: int | None = None
        self.setWindowTitle(f"Record the PEP: {detail.pupil}")
        today = ctx.today()
        held_on = detail.meeting_date if detail.meeting_date <= today else today
        self.held_on = DateField(held_on, required=True, parent=self)
        self.time = QLineEdit(f"{detail.start_time:%H:%M}" if detail.start_time else "", self)
        self.place = QLineEdit(detail.place, self)
        self.attendees = attendee_table(self)
        for a in detail.attendees:
            self.attendees.add_row([a.role, a.name, a.attended or detail.status.value == "planned"])
        self.views = QPlainTextEdit(detail.child_views, self)
        self.views.setMaximumHeight(70)
        self.rated = EditTable(
            [
                Field("Area", "fixed", width=90),
                Field("Target", "fixed", width=260),
                Field("Baseline", "fixed", width=120),
                Field("Rating", "choice", RATING_WORDS),
            ],
            "Last targets",
            self,
            fixed_rows=True,
        )
        self.open_actions: list[tuple[int, QCheckBox]] = []
        self.targets = EditTable(
            [Field("Area", width=100), Field("Target (SMART)", width=300), Field("Baseline", width=140)],
            "Targets",
            self,
        )
        self.new_actions = EditTable(
            [
                Field("Action", width=280),
                Field("Who", width=120),
                Field("By when", "date", width=90),
                Field("Done", "check"),
            ],
            "Actions",
            self,
        )
        for t in detail.targets:
            self.targets.add_row([t.area, t.description, t.baseline], t.id)
        for act in detail.actions:
            self.new_actions.add_row([act.action, act.owner, act.due, act.done], act.id)
        self.requested = QLineEdit(
            format_pence(detail.pp_plus_requested_pence) if detail.pp_plus_requested_pence else "", self
        )
        self.agreed = QLineEdit(
            format_pence(detail.pp_plus_agreed_pence) if detail.pp_plus_agreed_pence else "", self
        )
        self.purpose = QLineEdit(detail.pp_plus_purpose, self)
        self.next_meeting = DateField(detail.next_meeting, parent=self)
        self.book_next = QCheckBox("&Book the next meeting on that date", self)
        self.book_next.setChecked(True)
        self.notes = QPlainTextEdit(detail.notes, self)
        self.notes.setMaximumHeight(60)
        self._build()

    def _previous_box(self) -> QGroupBox:
        box = QGroupBox("From the last PEP", self)
        layout = QVBoxLayout(box)
        prev = self.previous
        if prev is None:
            layout.addWidget(QLabel("No earlier PEP is on record: this is the first.", box))
            self.rated.hide()
            return box
        layout.addWidget(QLabel(f"Targets set on {format_date(prev.meeting_date)}: rate each one.", box))
        for t in prev.targets:
            rating = TargetRating.SOME if t.rating is TargetRating.NOT_STARTED else t.rating
            self.rated.add_row([t.area, t.description, t.baseline, rating], t.id)
        layout.addWidget(self.rated)
        if prev.open_actions:
            layout.addWidget(QLabel("Open actions: tick those now done.", box))
        for a in prev.open_actions:
            check = QCheckBox(
                f"{a.action} ({a.owner or 'no one named'}, by {format_date(a.due) or 'no date'})", box
            )
            layout.addWidget(check)
            assert a.id is not None
            self.open_actions.append((a.id, check))
        return box

    def _build(self) -> None:
        page = QWidget(self)
        form_of(
            ("&Held on", self.held_on),
            ("&Time", self.time),
            ("P&lace", self.place),
            ("Who came", self.attendees),
            ("The child's &views", self.views),
            self._previous_box(),
            ("New &targets", self.targets),
            ("New &actions", self.new_actions),
            ("PP+ &requested (£)", self.requested),
            ("PP+ a&greed (£)", self.agreed),
            ("PP+ &for", self.purpose),
            ("&Next meeting", self.next_meeting),
            ("", self.book_next),
            ("N&otes", self.notes),
            page=page,
        )
        scroll = QScrollArea(self)
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        stack(self, scroll, save_cancel(self))
        fit_to_screen(self, 820, 720)  # smaller on a small screen

    def outcome(self) -> HoldInput:
        held_on = self.held_on.date()
        assert held_on is not None
        ratings = {
            self.rated.row_id(r): TargetRating(self.rated.value(r, 3)) for r in range(self.rated.row_count())
        }
        targets = []
        for r in range(self.targets.row_count()):
            area, text, baseline = (self.targets.value(r, c) for c in range(3))
            if area or text or baseline:
                targets.append(TargetInput(text, area, baseline, id=self.targets.row_id(r)))
        actions = []
        for r in range(self.new_actions.row_count()):
            what, who, due, done = (self.new_actions.value(r, c) for c in range(4))
            if what or who or due:
                actions.append(ActionInput(what, who, due, done, self.new_actions.row_id(r)))
        return HoldInput(
            held_on=held_on,
            attendees=attendees_of(self.attendees),
            child_views=self.views.toPlainText(),
            ratings=ratings,
            actions_done=frozenset(i for i, check in self.open_actions if check.isChecked()),
            targets=tuple(targets),
            actions=tuple(actions),
            pp_plus_requested_pence=_pence(self.requested.text(), "PP+ requested"),
            pp_plus_agreed_pence=_pence(self.agreed.text(), "PP+ agreed"),
            pp_plus_purpose=self.purpose.text(),
            next_meeting=self.next_meeting.date(),
            book_next=self.book_next.isChecked() and bool(self.next_meeting.text().strip()),
            notes=self.notes.toPlainText(),
            start_time=parse_time(self.time.text()),
            place=self.place.text(),
        )

    def accept(self) -> None:
        try:
            self.next_id = hold_pep(self.ctx.store.engine, self.detail.id, self.outcome(), self.ctx.today())
        except (ValueError, ValidationError) as exc:
            show_problems(self, self.windowTitle(), exc)
            return
        super().accept()
