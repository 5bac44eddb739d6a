"""The Training log tab on demo data: a whole-staff INSET for 25 people in one go, the figures
changing at once, the staff editor, the import preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select
from support import DEMO_TODAY

from cwsw_desktop.models import AuditEvent
from cwsw_desktop.services.training import load_facts
from cwsw_desktop.services.training_edit import StaffInput, save_staff
from cwsw_desktop.store import unit_of_work
from cwsw_desktop.ui.tab_base import TAB_NAMES


def training_tab(window, qtbot):
    window.tabs.setCurrentIndex(TAB_NAMES.index("Training log"))
    tab = window.tab_widgets["Training log"]
    qtbot.waitUntil(lambda: tab.loaded_data is not None, timeout=15000)
    return tab


def reload(tab, qtbot):
    with qtbot.waitSignal(tab.loaded, timeout=15000):
        tab.refresh()


def test_whole_staff_session_for_25_people_in_one_go(window, qtbot):
    tab = training_tab(window, qtbot)
    engine = window.store.engine
    for name in ("Mr Yusuf Penhale", "Ms Zara Quill", "Mrs Ayo Brightwell"):
        save_staff(engine, StaffInput(name))
    reload(tab, qtbot)
    assert "6 of 25 staff trained" in tab.panel.text()
    assert (
        "Designated Teacher (Ms Ada Quennell): 1.75 of 2 training days in 2026/27 (0.25 more needed)"
        in tab.panel.text()
    )

    assert tab.record_session(whole_staff=True)
    dialog = tab.session_dialog
    assert dialog.course.currentText() == "An introduction to Attachment-Aware and Trauma-Informed Practice"
    assert len(dialog.ticked_ids()) == 25  # every current member of staff; the governor is not ticked
    assert dialog.ticked.text() == "25 of 26 ticked"
    absent = [i for i in dialog.items() if i.text() in ("Ms Zara Quill", "Mr Yusuf Penhale")]
    for item in absent:
        item.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.ticked.text() == "23 of 26 ticked"
    dialog.select_none.click()
    assert dialog.ticked_ids() == ()
    dialog.select_all.click()
    assert dialog.ticked.text() == "26 of 26 ticked"
    dialog.finder.setText("fenwick")  # find a person: select none then acts on those shown only
    dialog.select_none.click()
    dialog.finder.setText("")
    for item in absent:
        item.setCheckState(Qt.CheckState.Unchecked)
    dialog.provider.setText("Virtual School")
    dialog.notes.setText("INSET day")
    with qtbot.waitSignal(tab.changed, timeout=5000), qtbot.waitSignal(tab.loaded, timeout=15000):
        dialog._on_save()
    assert dialog.result() == dialog.DialogCode.Accepted

    assert "23 of 25 staff trained" in tab.panel.text()  # the two absent are not; the governor is not staff
    assert "2.25 of 2 training days in 2026/27 (met)" in tab.panel.text()  # the DT was there too
    assert "Not yet: Mr Yusuf Penhale, Ms Zara Quill." in tab.panel.text()
    session = load_facts(engine).sessions[0]
    assert len(session.attendees) == 23 and session.whole_staff and session.notes == "INSET day"
    tab.pages.setCurrentWidget(tab.records_page)
    shown = tab.table.visible_rows()[0] if tab.table.visible_rows() else None
    assert shown is not None
    texts = [tab.table.model.columns()[4].text(r) for r in tab.table.visible_rows()]
    assert any(t.startswith("Whole staff: ") and "Ms Ada Quennell" in t for t in texts)  # names, not counts
    with unit_of_work(engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.entity == "training_session")).first() is not None


def test_a_bad_session_is_refused_with_the_field_named(window, qtbot):
    tab = training_tab(window, qtbot)
    tab.record_session(whole_staff=False)
    dialog = tab.session_dialog
    dialog.held_on.setText("31/02/2026")
    dialog._on_save()
    assert dialog.isVisible() and "Date: 31/02/2026 is not a date" in dialog.error.text()
    dialog.held_on.setText("01/11/2026")
    dialog._on_save()
    assert "Attendees: tick at least one person" in dialog.error.text()
    dialog.reject()


def test_records_filter_by_person_course_and_year(window, qtbot):
    tab = training_tab(window, qtbot)
    total = tab.table.proxy.rowCount()
    tab.person_filter.setCurrentIndex(tab.person_filter.findText("Ms Ada Quennell"))
    tab._apply_filter()
    mine = tab.table.proxy.rowCount()
    assert 0 < mine < total
    assert all("Ms Ada Quennell" in r.attendees for r in tab.table.visible_rows())
    tab.record_year.setCurrentIndex(tab.record_year.findText("2026/27"))
    tab._apply_filter()
    assert all(r.held_on.year == 2026 and r.held_on.month >= 9 for r in tab.table.visible_rows())
    tab.course_filter.setCurrentIndex(tab.course_filter.findText("Designated Teacher training"))
    tab._apply_filter()
    assert {r.course for r in tab.table.visible_rows()} == {"Designated Teacher training"}


def test_staff_editor_marks_a_leaver_who_then_drops_out(window, qtbot, monkeypatch):
    from cwsw_desktop.ui.training_staff_dialog import StaffDialog

    tab = training_tab(window, qtbot)
    row = next(r for r in tab.loaded_data.staff if r.person.name == "Mr Hal Pemberton")
    tab.edit_person(row)
    dialog: StaffDialog = tab.staff_dialog
    dialog.leaving.setText("01/11/2026")
    with qtbot.waitSignal(tab.loaded, timeout=15000):
        dialog._on_save()
    names = [p.name for p in tab.loaded_data.compliance.staff]
    assert "Mr Hal Pemberton" not in names and DEMO_TODAY.year == 2026


def test_open_act_selects_the_person(window, qtbot):
    from cwsw_desktop.rules.duties import Act, ActOn

    tab = training_tab(window, qtbot)
    person = next(r for r in tab.loaded_data.staff if r.person.name == "Ms Gwen Astley").person
    window.act_on(Act(ActOn.STAFF, person.id))
    assert window.current_tab() is tab
    assert tab.staff_table.current_row().person.id == person.id


def test_import_preview_says_what_will_be_created(window, qtbot, tmp_path):
    from cwsw_desktop.ui.training_import_dialog import TrainingImport, TrainingPreviewDialog

    tab = training_tab(window, qtbot)
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Staff Name,Role,Course,Date,Hours,Provider\nNew Person,Teacher,AATI,02/11/2026,2,VS\n"
        "Ms Ada Quennell,,AATI,02/11/2026,2,VS\n",
        encoding="utf-8",
    )
    importer = TrainingImport(tab.ctx, tab)
    importer.start(path)
    qtbot.waitUntil(lambda: isinstance(importer.dialog, TrainingPreviewDialog), timeout=15000)
    texts = importer.dialog.texts()
    assert "  New Person (teacher)" in texts
    assert any("'AATI' is 'An introduction to Attachment-Aware" in t for t in texts)
    with qtbot.waitSignal(importer.imported, timeout=15000):
        importer.dialog.accept()
    assert any(p.name == "New Person" for p in load_facts(window.store.engine).people)
