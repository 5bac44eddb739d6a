"""The window on a laptop's screen: the remembered geometry is corrected when it no longer suits,
the Pupils tab gives the register the room, and the chosen pupil's record shows whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect
from PySide6.QtWidgets import QMainWindow
from support import DEMO_TODAY

from cwsw_desktop.paths import AppPaths
from cwsw_desktop.ui.main_window import MINIMUM_SIZE, MainWindow
from cwsw_desktop.ui.pupil_columns import attendance_cell, attendance_tip
from cwsw_desktop.ui.pupils_tab import DETAIL_HEIGHT_KEY


def settle(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=10000)


def remembered(qtbot, geometry: QRect) -> QByteArray:
    """What saveGeometry() wrote for a window at ``geometry``, as a stale settings file holds it."""
    old = QMainWindow()
    qtbot.addWidget(old)
    old.setGeometry(geometry)
    return old.saveGeometry()


def reopened(qtbot, qsettings, tmp_path, demo_store) -> MainWindow:
    win = MainWindow(AppPaths(tmp_path, demo_store.path), qsettings, today=lambda: DEMO_TODAY)
    qtbot.addWidget(win)
    return win


@pytest.mark.parametrize(
    ("case", "geometry"),
    [
        ("smaller than the minimum", QRect(10, 10, 823, 428)),
        ("off the screen", QRect(5000, 3000, 900, 600)),
        ("partly off the screen", QRect(-600, 100, 900, 600)),
    ],
)
def test_a_remembered_geometry_that_does_not_suit_the_screen_is_corrected(
    qtbot, qsettings, tmp_path, demo_store, case, geometry
):
    qsettings.setValue("main/geometry", remembered(qtbot, geometry))
    win = reopened(qtbot, qsettings, tmp_path, demo_store)
    area = win.screen().availableGeometry()
    assert win.width() >= min(MINIMUM_SIZE.width(), area.width() - 16), case
    assert win.height() >= min(MINIMUM_SIZE.height(), area.height() - 40), case
    assert area.contains(win.frameGeometry()), case
    assert win.minimumSize().width() <= area.width() and win.minimumSize().height() <= area.height()


def test_a_remembered_geometry_that_suits_is_kept(qtbot, qsettings, tmp_path, demo_store):
    qsettings.setValue("main/geometry", remembered(qtbot, QRect(20, 30, 780, 560)))
    win = reopened(qtbot, qsettings, tmp_path, demo_store)
    assert (win.x(), win.width(), win.height()) == (20, 780, 560)


def test_the_record_opens_below_the_register_when_a_pupil_is_chosen(window, qtbot, qsettings):
    window.resize(1180, 700)
    tab = window.tab_widgets["Pupils"]
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: tab.splitter.height() > 0)
    assert not tab.detail_shown()  # nobody chosen: the register has the room
    register_alone = tab.table.height()

    qtbot.keyClicks(tab.table.search, "Saoirse")
    tab.table.view.setFocus()
    tab.table.view.selectRow(0)
    tab.table.view.setCurrentIndex(tab.table.proxy.index(0, 0))
    settle(window, qtbot)
    assert tab.detail_shown() and tab.detail.current is not None
    assert tab.table.height() < register_alone

    tab.splitter.setSizes([300, 250])  # the DT drags the handle: the height is remembered
    tab.splitter.splitterMoved.emit(300, 1)
    assert int(qsettings.value(DETAIL_HEIGHT_KEY)) == tab.splitter.sizes()[1]

    # the contacts' columns all fit the table's width (no horizontal scrollbar hides the last one)
    view = tab.detail.contacts_view
    header = view.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(header.count()))
    assert used <= view.viewport().width() and not view.horizontalScrollBar().isVisible()
    # the facts scroll, and the last one is inside the scrolled area, not cut off below it
    facts = tab.detail.facts_area.widget()
    last = tab.detail.facts["Notes"]
    assert last.geometry().bottom() <= facts.height()

    qtbot.keyClicks(tab.table.search, "zzz")  # nobody chosen any more: the record closes
    assert not tab.detail_shown()


def test_the_record_reopens_at_the_height_the_dt_gave_it(window, qtbot, qsettings):
    qsettings.setValue(DETAIL_HEIGHT_KEY, 180)
    window.resize(1180, 760)
    tab = window.tab_widgets["Pupils"]
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: tab.splitter.height() > 0)
    tab.table.view.setCurrentIndex(tab.table.proxy.index(0, 0))
    settle(window, qtbot)
    # The remembered 180 px, or the panel's minimum when that is larger; the minimum can still
    # change by a row's height as the contacts table fills, so allow for one row (the default
    # first height, half the splitter, would be about 300 px).
    wanted = max(180, tab.detail.minimumSizeHint().height())
    assert (
        wanted - 2
        <= tab.splitter.sizes()[1]
        <= wanted + tab.table.view.verticalHeader().defaultSectionSize() + 2
    )


def test_the_attendance_cell_is_short_and_its_tooltip_says_it_all(window):
    rows = window.tab_widgets["Pupils"].table.model.rows()
    severe = next(r for r in rows if r.attendance_band == "Severe absence")
    assert attendance_cell(severe).endswith("% severe") and len(attendance_cell(severe)) <= 13
    assert "Severe absence" in attendance_tip(severe) and f"{severe.attendance_pct:.1f}%" in attendance_tip(
        severe
    )
    fine = next(r for r in rows if r.attendance_band == "OK")
    assert attendance_cell(fine) == f"{fine.attendance_pct:.1f}%"


def test_the_pupils_tab_has_the_standard_heading(window):
    from cwsw_desktop.ui.widgets import Heading

    tab = window.tab_widgets["Pupils"]
    assert "Pupils" in [h.text() for h in tab.findChildren(Heading)]
    assert tab.explanation
