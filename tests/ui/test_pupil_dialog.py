"""Adding and editing a pupil through the dialog: every problem shown, nothing saved until right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from support import DEMO_TODAY

from cwsw_desktop.rules.upn import check_letter
from cwsw_desktop.services.pupils import get_pupil, register_rows
from cwsw_desktop.ui.main_window import TAB_NAMES
from cwsw_desktop.ui.pupil_dialog import PupilDialog


def upn(body: str) -> str:
    return check_letter(body) + body


def settle(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=10000)


@pytest.fixture
def tab(window):
    window.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))
    return window.tab_widgets["Pupils"]


def open_editor(tab, window, qtbot, pupil_id: int) -> PupilDialog:
    assert tab.show_pupil(pupil_id)
    settle(window, qtbot)
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Return)  # Enter edits the selected pupil
    settle(window, qtbot)
    assert isinstance(tab.dialog, PupilDialog) and tab.dialog.isVisible()
    return tab.dialog


def watch(dialog: QDialog) -> list[int]:
    """The dialog's result once it closes (a closed dialog is deleted, so ask it beforehand)."""
    results: list[int] = []
    dialog.finished.connect(results.append)
    return results


def type_into(qtbot, widget, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_new_pupil_with_bad_upn_and_future_dob_is_refused_then_saved_when_fixed(window, tab, qtbot):
    window.new_action.trigger()  # Ctrl+N on the Pupils tab
    dialog = tab.dialog
    assert isinstance(dialog, PupilDialog) and dialog.windowTitle() == "Add a pupil"
    closed = watch(dialog)
    qtbot.keyClicks(dialog.legal_forename, "Tamsin")
    qtbot.keyClicks(dialog.legal_surname, "Quarrendon")
    qtbot.keyClicks(dialog.date_of_birth, "01/01/2030")
    qtbot.keyClicks(dialog.upn, "A80120002107")
    qtbot.mouseClick(dialog.episodes.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.episodes.rows[0].widgets["start_date"], "2025-09-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)

    problems = dialog.problem_text()
    assert "UPN: UPN must be 13 characters (got 12)" in problems
    assert "Date of birth: 01/01/2030 is in the future" in problems
    assert dialog.isVisible() and not closed
    assert dialog.upn.property("invalid") and dialog.date_of_birth.property("invalid")
    assert (dialog.legal_forename.text(), dialog.date_of_birth.text()) == ("Tamsin", "01/01/2030")
    assert len(register_rows(window.store.engine, DEMO_TODAY)) == 30

    type_into(qtbot, dialog.upn, upn("801200021077"))
    type_into(qtbot, dialog.date_of_birth, "2016-03-04")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)

    assert closed == [QDialog.DialogCode.Accepted] and tab.dialog is None
    rows = tab.table.visible_rows()
    added = next(r for r in rows if r.display_name == "Tamsin Quarrendon")
    assert added.cohort == "CLA" and tab.table.current_row().id == added.id
    assert tab.detail.current is not None and tab.detail.current.id == added.id
    window.tabs.setCurrentIndex(TAB_NAMES.index("Overview"))  # marked stale: reloads when shown
    settle(window, qtbot)
    assert window.tab_widgets["Overview"].counts["CLA"].text() == "11"  # every tab refreshed


def test_a_temporary_upn_is_allowed_and_marked(window, tab, qtbot):
    tab.new_record()
    dialog = tab.dialog
    closed = watch(dialog)
    qtbot.keyClicks(dialog.legal_forename, "Ottoline")
    qtbot.keyClicks(dialog.legal_surname, "Brackenbury")
    qtbot.keyClicks(dialog.date_of_birth, "12/05/2015")
    temporary = upn("80120002107A")
    qtbot.keyClicks(dialog.upn, temporary)
    assert "Temporary UPN" in dialog.upn_status.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert closed == [QDialog.DialogCode.Accepted]
    row = next(r for r in tab.table.model.rows() if r.upn == temporary)
    column = [c.header for c in tab.table.model.columns()].index("UPN")
    assert tab.table.model.columns()[column].text(row) == f"{temporary} (temporary)"


def test_editing_a_pupil_changes_their_row(window, tab, qtbot):
    dialog = open_editor(tab, window, qtbot, 1)  # Darcey Cotterill
    assert dialog.legal_surname.text() == "Cotterill" and dialog.episodes.rows
    type_into(qtbot, dialog.preferred_forename, "Dee")
    type_into(qtbot, dialog.attendance_pct, "88.5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    row = next(r for r in tab.table.model.rows() if r.id == 1)
    assert row.display_name == "Dee Cotterill"
    assert row.attendance_text.startswith("88.5%") and "Persistent" in row.attendance_text
    assert tab.detail.current.preferred_forename == "Dee"


def test_two_open_cla_episodes_are_refused_and_nothing_is_saved(window, tab, qtbot):
    before = get_pupil(window.store.engine, 1, DEMO_TODAY).episodes
    dialog = open_editor(tab, window, qtbot, 1)
    row = dialog.episodes.add_row()
    assert row.widgets["category"].currentText() == "CLA"
    qtbot.keyClicks(row.widgets["start_date"], "01/11/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert "Status history: two open CLA episodes" in dialog.problem_text()
    assert dialog.isVisible() and dialog.lists.currentWidget() is dialog.episodes
    assert get_pupil(window.store.engine, 1, DEMO_TODAY).episodes == before


def test_sdq_band_is_worked_out_as_the_score_is_typed(window, tab, qtbot):
    tab.new_record()
    row = tab.dialog.sdqs.add_row()
    row.widgets["version"].setCurrentText("Teacher")
    row.widgets["total"].setValue(12)
    assert row.widgets["band"].text() == "Borderline"
    row.widgets["version"].setCurrentText("Carer")
    assert row.widgets["band"].text() == "Normal"
    tab.dialog.reject()
