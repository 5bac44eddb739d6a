"""The PEP calendar tab: booking, holding (rating the last targets), the pack preview, the pupil
panel's PEP button and the calendar marks, on demo data in a real store."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlmodel import Session, select
from support import DEMO_TODAY

from cwsw_desktop.models import AuditEvent, PepMeeting
from cwsw_desktop.rules.duties import Act, ActOn
from cwsw_desktop.rules.pep import PepStatus, TermStatus
from cwsw_desktop.services.peps import pep_grid
from cwsw_desktop.ui.pep_dialog import BookingDialog
from cwsw_desktop.ui.pep_hold_dialog import HoldDialog


def _tab(window):
    return window.tab_widgets["PEP calendar"]


def _wait(qtbot, window):
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=15000)


def test_book_then_hold_turns_the_grid_green(window, qtbot, monkeypatch):
    tab = _tab(window)
    engine = window.store.engine
    due = next(
        r for r in pep_grid(engine, DEMO_TODAY) if r.terms[0].status is TermStatus.DUE and r.first is None
    )

    def fill_booking(dialog: BookingDialog) -> int:
        assert dialog.pupil.currentData() == due.pupil_id
        assert dialog.attendees.row_count() >= 2  # the DT and the child at least, from the contacts
        dialog.date.setText("20/11/2026")
        dialog.time.setText("10:30")
        dialog.place.setText("Library")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(BookingDialog, "exec", fill_booking)
    with qtbot.waitSignal(tab.changed):
        assert tab.book(due.pupil_id)
    with Session(engine) as s:
        pep = s.exec(
            select(PepMeeting).where(
                PepMeeting.pupil_id == due.pupil_id, PepMeeting.meeting_date == date(2026, 11, 20)
            )
        ).one()
    assert pep.status == PepStatus.PLANNED and pep.place == "Library"

    def fill_outcome(dialog: HoldDialog) -> int:
        if dialog.previous is not None:
            assert dialog.rated.row_count() == len(dialog.previous.targets)  # last targets, to rate
        dialog.views.setPlainText("Wants to keep going to art club.")
        dialog.targets.add_row(["Reading", "Read for 15 minutes a day", "5 minutes"])
        dialog.new_actions.add_row(["Book tuition", "DT", "04/12/2026", False])
        dialog.agreed.setText("£450")
        dialog.purpose.setText("Reading tuition")
        dialog.next_meeting.setText("01/02/2027")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(HoldDialog, "exec", fill_outcome)
    with qtbot.waitSignal(tab.changed):
        assert tab.open_meeting(pep.id)  # its day has come: opens the outcome
    _wait(qtbot, window)
    row = next(r for r in tab.table.visible_rows() if r.pupil_id == due.pupil_id)
    assert row.terms[0].status is TermStatus.DONE
    with Session(engine) as s:
        nxt = s.exec(
            select(PepMeeting).where(
                PepMeeting.pupil_id == due.pupil_id, PepMeeting.meeting_date == date(2027, 2, 1)
            )
        ).one()
    assert nxt.status == PepStatus.PLANNED


def test_bad_booking_keeps_the_dialog_open_and_saves_nothing(window, qtbot, monkeypatch):
    tab = _tab(window)
    warnings: list[str] = []
    monkeypatch.setattr("cwsw_desktop.ui.pep_dialog.QMessageBox.warning", lambda *a: warnings.append(a[2]))

    def bad(dialog: BookingDialog) -> int:
        dialog.date.setText("20/11/2026")
        dialog.time.setText("25:99")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(BookingDialog, "exec", bad)
    assert not tab.book()
    assert "Time" in warnings[0]


def test_pupil_panel_button_and_overview_acts_open_the_pep_tab(window, qtbot, monkeypatch):
    opened: list[tuple[object, object]] = []
    monkeypatch.setattr(BookingDialog, "exec", lambda d: opened.append(("book", d.pupil.currentData())) or 0)
    monkeypatch.setattr(HoldDialog, "exec", lambda d: opened.append(("hold", d.detail.id)) or 0)
    engine = window.store.engine
    first = next(r for r in pep_grid(engine, DEMO_TODAY) if r.first is not None)
    window.act_on(Act(ActOn.PEP, None, first.pupil_id))
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == [("book", first.pupil_id)]
    assert window.current_tab() is _tab(window)
    window.tabs.setCurrentIndex(1)
    pupils = window.tab_widgets["Pupils"]
    pupils.detail.current = type("D", (), {"id": first.pupil_id})()
    pupils.detail.pep_button.click()
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert opened[1] == ("book", first.pupil_id)


def test_pack_preview_is_audited_and_calendar_marks_have_words(window, qtbot):
    tab = _tab(window)
    planned = next(r for r in tab.all.visible_rows() if r.status is PepStatus.PLANNED)
    assert any("planned" in m for m in tab.calendar.marks_on(planned.meeting_date))
    tab.print_pack(planned.id)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=15000)
    preview = tab.dialog
    assert isinstance(preview, QDialog) and preview.document.pageCount() >= 3
    preview.printed.emit()
    preview.reject()
    with Session(window.store.engine) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "print")).all()
    assert any(e.entity == "pep_meeting" and e.entity_id == planned.id for e in events)


def test_grid_year_column_speaks_as_the_pupils_tab_does(window, qtbot):
    """ "Year 8" and "Reception", as on the Pupils tab and in the register, never a bare 8 or 0."""
    from cwsw_desktop.rules.year_group import year_group_label

    tab = _tab(window)
    _wait(qtbot, window)
    model = tab.table.model
    year = next(
        c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Year"
    )
    assert model.rowCount() > 0
    for r in range(model.rowCount()):
        assert model.index(r, year).data() == year_group_label(model.row_at(r).year_group)
        assert not model.index(r, year).data().isdigit()
