"""The main window offscreen on demo data: every tab, the menus, settings, print and backup."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from support import DEMO_TODAY

from cwsw_desktop.ui.main_window import TAB_NAMES, MainWindow


def test_every_tab_shows_demo_records(window, qtbot):
    for index, name in enumerate(TAB_NAMES):
        window.tabs.setCurrentIndex(index)
        tab = window.tab_widgets[name]
        assert tab.table is not None, name
        assert tab.table.model.rowCount() > 0, f"{name} shows no rows"
        assert tab.table.stack.currentWidget() is tab.table.view
    overview = window.tab_widgets["Overview"]
    assert overview.counts["CLA"].text() == "10"
    urgencies = {
        overview.table.model.row_at(r).duty.severity.value for r in range(overview.table.model.rowCount())
    }
    assert {"overdue", "due"} <= urgencies
    assert "DEMO" not in window.windowTitle()  # this window was not started with --demo
    assert "Larkspur" in window.school_label.text()


def test_filter_as_you_type_and_sort_by_date(window, qtbot):
    pupils = window.tab_widgets["Pupils"].table
    total = pupils.proxy.rowCount()
    surname = pupils.model.row_at(0).legal_surname
    qtbot.keyClicks(pupils.search, surname.upper())
    assert 0 < pupils.proxy.rowCount() < total
    assert all(surname in pupils.proxy.index(r, 0).data() for r in range(pupils.proxy.rowCount()))
    pupils.search.clear()
    dob = 2
    pupils.view.sortByColumn(dob, Qt.SortOrder.AscendingOrder)
    shown = [
        pupils.model.row_at(pupils.proxy.mapToSource(pupils.proxy.index(r, 0)).row()).date_of_birth
        for r in range(pupils.proxy.rowCount())
    ]
    assert shown == sorted(shown)


def test_ctrl_f_focuses_the_filter_of_the_current_tab(window, qtbot):
    window.tabs.setCurrentIndex(TAB_NAMES.index("Exclusions"))
    window.activateWindow()
    window.find_action.trigger()
    assert (
        window.tab_widgets["Exclusions"].table.search.hasFocus()
        or window.focusWidget() is window.tab_widgets["Exclusions"].table.search
    )


def test_overview_item_opens_the_pupil(window, qtbot):
    overview = window.tab_widgets["Overview"]
    row = next(r for r in range(overview.table.model.rowCount()) if overview.table.model.row_at(r).pupil_id)
    item = overview.table.model.row_at(row)
    overview.table.activated.emit(item)
    assert window.tabs.currentIndex() == TAB_NAMES.index("Pupils")
    chosen = window.tab_widgets["Pupils"].table.current_row()
    assert chosen is not None and chosen.id == item.pupil_id


def test_settings_dialog_refuses_bad_input_then_saves_good(window, qtbot, monkeypatch):
    from cwsw_desktop.services.school import load_settings
    from cwsw_desktop.ui.settings_dialog import SettingsDialog

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    dialog = SettingsDialog(window.store.engine, DEMO_TODAY, window)
    qtbot.addWidget(dialog)
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
    dialog.urn.setText("12x")
    dialog.term_fields[1][0].setText("31/02/2027")
    dialog._on_save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "URN" in warnings[-1] and "31/02/2027 is not a date" in warnings[-1]
    assert load_settings(window.store.engine).urn == "999999"

    dialog.urn.setText("123456")
    dialog.term_fields[1][0].setText("2027-01-05")
    dialog.dt_days.setValue(3)
    dialog._on_save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = load_settings(window.store.engine)
    assert (saved.urn, saved.dt_training_days) == ("123456", 3.0)
    from cwsw_desktop.services.school import year_dates

    assert year_dates(window.store.engine, 2026).terms[1].start == date(2027, 1, 5)


def test_print_current_tab_to_pdf_reads_back(window):
    import io

    from cwsw_desktop.reports.table import render_table

    window.tabs.setCurrentIndex(TAB_NAMES.index("Training log"))
    out = io.BytesIO()
    render_table(window.current_tab().printable(), out)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Training log" in text and "Attachment-Aware" in text


def test_printed_register_keeps_each_upn_on_one_line(window):
    import io

    from cwsw_desktop.reports.table import render_table

    window.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))
    tab = window.current_tab()
    document = tab.printable()
    upn_column = document.headers.index("UPN")
    assert upn_column in document.keep_whole
    out = io.BytesIO()
    render_table(document, out)
    lines = [line for page in PdfReader(out).pages for line in page.extract_text().splitlines()]
    for row in document.rows:
        assert any(row[upn_column] in line for line in lines), row[upn_column]


def test_backup_menu_writes_a_verified_copy(window, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "backups" / "copy.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and not window.jobs.busy, timeout=10000)
    with sqlite3.connect(target) as c:
        assert c.execute("SELECT count(*) FROM pupil").fetchone()[0] == 30
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    c.close()
    assert "Backup verified" in window.statusBar().currentMessage()


def test_geometry_and_last_tab_are_remembered(window, qsettings, tmp_path, demo_store, qtbot):
    from cwsw_desktop.paths import AppPaths

    window.resize(790, 530)
    window.move(5, 7)
    size = (window.width(), window.height())
    assert size[1] == 530
    window.tabs.setCurrentIndex(3)
    window.close()
    again = MainWindow(AppPaths(tmp_path, demo_store.path), qsettings, today=lambda: DEMO_TODAY)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 3
    assert again.height() == size[1]  # not the 760 of a first start
    # the offscreen screen is 800 px wide, so a styled window's width may be clamped a little
    assert abs(again.width() - size[0]) <= 30


def test_window_opens_demo_store_in_a_worker_after_showing(qtbot, qsettings, tmp_path):
    from cwsw_desktop.paths import AppPaths

    win = MainWindow(AppPaths(tmp_path, tmp_path / "demo.db"), qsettings, demo=True, today=lambda: DEMO_TODAY)
    qtbot.addWidget(win)
    win.show()
    assert "Opening" in win.db_label.text() or win.store is None
    with qtbot.waitSignal(win.store_opened, timeout=20000):
        win.open_store_async()
    qtbot.waitUntil(lambda: not win.jobs.busy, timeout=15000)
    assert "DEMO" in win.windowTitle()
    win.tabs.setCurrentIndex(1)  # the Pupils tab, built and loaded when first shown
    qtbot.waitUntil(lambda: not win.jobs.busy, timeout=15000)
    assert win.tab_widgets["Pupils"].table.model.total() == 30
    win.close()


def test_a_store_that_cannot_open_is_explained(qtbot, qsettings, tmp_path, monkeypatch):
    from cwsw_desktop.paths import AppPaths

    bad = tmp_path / "notes.db"
    bad.write_bytes(b"not a database at all" * 20)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    win = MainWindow(AppPaths(tmp_path, bad), qsettings)
    qtbot.addWidget(win)
    win.open_store_async()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "not a database this app can read" in shown[0]
    assert not win.settings_action.isEnabled()
    assert bad.read_bytes() == b"not a database at all" * 20


@pytest.mark.parametrize("action", ["_on_shortcuts", "_on_about"])
def test_help_dialogs_open(window, monkeypatch, action):
    seen = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: seen.append(a[1]))
    monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: seen.append(a[1]))
    getattr(window, action)()
    assert seen


def test_half_terms_are_set_in_settings_and_refused_outside_their_term(window, qtbot, monkeypatch):
    from cwsw_desktop.services.school import year_dates
    from cwsw_desktop.ui.settings_dialog import SettingsDialog

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    dialog = SettingsDialog(window.store.engine, DEMO_TODAY, window)
    qtbot.addWidget(dialog)
    half_start, half_end = dialog.half_fields[0]
    assert half_start.text() == "26/10/2026"  # the usual October half term, proposed
    half_start.setText("01/12/2026")
    half_end.setText("05/01/2027")  # after the Autumn term ends
    dialog._on_save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Autumn half term must fall inside the Autumn term" in warnings[-1]
    half_start.setText("2026-10-19")
    half_end.setText("23/10/2026")
    dialog._on_save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    autumn = year_dates(window.store.engine, 2026).terms[0]
    assert (autumn.half_term_start, autumn.half_term_end) == (date(2026, 10, 19), date(2026, 10, 23))


def test_every_menu_item_has_its_own_keyboard_letter(window):
    """Alt+F then one letter reaches every File (and every other menu's) item: no letter twice in
    one menu, and no item without one."""
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        letters: dict[str, str] = {}
        for action in menu.actions():
            if action.isSeparator():
                continue
            text = action.text()
            assert "&" in text, f"{menu.title()}: {text!r} has no keyboard letter"
            letter = text[text.index("&") + 1].lower()
            assert letter not in letters, f"{menu.title()}: {text!r} and {letters[letter]!r} share &{letter}"
            letters[letter] = text
