"""The Overview on demo data: grouped and sorted, filtered by kind and pupil, counts in the title
and the status bar, double-click acts, and an item leaves the list once a contact log settles it."""

from __future__ import annotations

from datetime import date

from support import DEMO_TODAY

from cwsw_desktop.models import ContactMethod
from cwsw_desktop.rules.duties import DutyKind, Severity
from cwsw_desktop.services.contact_log import ContactLogInput, add_entry
from cwsw_desktop.ui.main_window import TAB_NAMES
from cwsw_desktop.ui.overview_tab import detail_line


def _shown(tab):
    return tab.table.visible_rows()


def test_grouped_by_severity_then_date(window):
    tab = window.tab_widgets["Overview"]
    rows = _shown(tab)
    keys = [(r.duty.severity.rank, r.duty.due or date.max) for r in rows]
    assert keys == sorted(keys) and len(rows) > 5


def test_counts_in_the_tab_title_and_the_status_bar(window):
    tab = window.tab_widgets["Overview"]
    overdue = sum(1 for r in tab.overview.rows if r.duty.severity is Severity.OVERDUE)
    assert window.tabs.tabText(TAB_NAMES.index("Overview")) == f"Overview ({overdue} overdue)"
    assert window.statusBar().currentMessage().startswith(f"{overdue} overdue · ")
    assert window.statusBar().currentMessage().endswith("due this fortnight")


def test_filter_by_kind_and_by_pupil(window):
    tab = window.tab_widgets["Overview"]
    tab.kind_filter.setCurrentIndex(tab.kind_filter.findData(DutyKind.SDQ_DUE))
    assert _shown(tab) and all(r.duty.kind is DutyKind.SDQ_DUE for r in _shown(tab))
    pupil_id = _shown(tab)[0].pupil_id
    tab.kind_filter.setCurrentIndex(0)
    tab.pupil_filter.setCurrentIndex(tab.pupil_filter.findData(pupil_id))
    shown = _shown(tab)
    assert shown and all(r.pupil_id == pupil_id for r in shown)
    assert len({r.duty.kind for r in shown}) >= 1
    assert "Showing" in tab.filter_note()


def test_double_click_acts_and_the_detail_line_shows_the_whole_message(window, qtbot):
    tab = window.tab_widgets["Overview"]
    rows = _shown(tab)
    longest = max(rows, key=lambda r: len(r.duty.message))
    tab.table.view.setCurrentIndex(tab.table.proxy.index(rows.index(longest), 0))
    assert longest.duty.message in tab.detail.text() and detail_line(longest) == tab.detail.text()
    acted = []
    tab.act_on.connect(acted.append)
    row = next(r for r in rows if r.duty.kind is DutyKind.SDQ_DUE)
    tab.table.activated.emit(row)
    assert acted == [row.duty.act]
    assert window.tabs.currentIndex() == TAB_NAMES.index("Pupils")
    assert window.tab_widgets["Pupils"].table.current_row().id == row.pupil_id


def test_an_item_leaves_the_list_when_a_contact_log_settles_it(window, qtbot):
    tab = window.tab_widgets["Overview"]
    row = next(r for r in _shown(tab) if r.duty.kind is DutyKind.ATTENDANCE_PERSISTENT)
    add_entry(
        window.store.engine,
        row.pupil_id,
        ContactLogInput(
            DEMO_TODAY, ContactMethod.EMAIL, DutyKind.ATTENDANCE_PERSISTENT, with_name="Sam", with_role="SW"
        ),
        DEMO_TODAY,
    )
    pupils = window.tab_widgets["Pupils"]
    with qtbot.waitSignal(tab.loaded, timeout=15000):
        pupils.changed.emit()  # what a tab does after saving
    assert row.duty not in [r.duty for r in _shown(tab)]


def test_log_a_contact_from_the_detail_panel_settles_the_duty(window, qtbot):
    from cwsw_desktop.ui.contact_log_dialog import ContactLogDialog

    tab = window.tab_widgets["Overview"]
    row = next(r for r in _shown(tab) if r.duty.kind is DutyKind.SDQ_DUE)
    tab.table.activated.emit(row)  # opens the pupil
    pupils = window.tab_widgets["Pupils"]
    qtbot.waitUntil(
        lambda: pupils.detail.current is not None and pupils.detail.current.id == row.pupil_id, timeout=15000
    )
    pupils.detail.log_button.click()
    dialog = pupils.findChild(ContactLogDialog)
    assert dialog is not None
    dialog.about.setCurrentIndex(dialog.about.findData(DutyKind.SDQ_DUE))
    dialog.whom.setCurrentIndex(dialog.whom.count() - 1)  # someone else
    dialog.buttons.accepted.emit()
    assert "With whom" in dialog.problems.text()  # no name typed: nothing saved
    dialog.with_name.setText("Pat Carer")
    dialog.with_role.setText("Carer")
    dialog.buttons.accepted.emit()
    with qtbot.waitSignal(tab.loaded, timeout=15000):
        window.tabs.setCurrentWidget(window.tabs.widget(0))  # the Overview, stale since the save
    assert row.duty not in [r.duty for r in _shown(tab)]
    qtbot.waitUntil(lambda: any(t.kind == "Contact" for t in pupils.detail.timeline_rows()), timeout=15000)


def test_every_kind_has_words():
    from cwsw_desktop.ui.duty_words import KIND_WORDS

    assert set(KIND_WORDS) == set(DutyKind)
