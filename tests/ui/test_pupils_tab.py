"""The Pupils tab on demo data: filters, the detail panel, archive, delete and export."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from support import DEMO_TODAY

from cwsw_desktop.services.errors import NotFoundError
from cwsw_desktop.services.pupils import get_pupil
from cwsw_desktop.ui.main_window import TAB_NAMES
from cwsw_desktop.ui.pupil_actions import ArchiveDialog, DeleteDialog


def settle(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=10000)


@pytest.fixture
def tab(window):
    window.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))
    return window.tab_widgets["Pupils"]


def shown(tab) -> list:
    return tab.table.visible_rows()


def the_leaver(tab):
    """The demo's one leaver, found by what it is rather than by a seed's row id."""
    (leaver,) = [r for r in tab.table.model.rows() if r.leaver]
    return leaver


def on_roll(tab):
    """A demo pupil still on roll (the first by id)."""
    return min((r for r in tab.table.model.rows() if not r.leaver), key=lambda r: r.id)


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_leavers_are_hidden_until_show_leavers_is_ticked(tab, qtbot):
    assert tab.table.model.total() == 30
    assert len(shown(tab)) == 29 and all(not r.leaver for r in shown(tab))
    assert tab.table.count.text() == "29 of 30"
    qtbot.mouseClick(tab.show_leavers, Qt.MouseButton.LeftButton)
    assert tab.show_leavers.isChecked()
    assert len(shown(tab)) == 30 and any(r.id == the_leaver(tab).id for r in shown(tab))
    assert not tab.table.view.isColumnHidden(len(tab.table.model.columns()) - 1)  # "Left" shows


def test_category_year_and_sen_filters_narrow_the_rows(tab):
    choose(tab.category, "CLA")
    cla = shown(tab)
    assert len(cla) == 10 and all("CLA" in r.categories for r in cla)
    choose(tab.category, "Previous")
    assert shown(tab) and all(r.cohort == "Previous" for r in shown(tab))
    choose(tab.category, None)
    choose(tab.year, 8)
    assert shown(tab) and all(r.year_group == 8 for r in shown(tab))
    choose(tab.sen, "E")
    assert [r.display_name for r in shown(tab)] == ["Vee Hollowell", "Bailey Vowles"]
    choose(tab.sen, "KE")
    assert all(r.sen_status in "KE" for r in shown(tab)) and len(shown(tab)) > 2


def test_typing_filters_on_names_and_upn_only(tab, qtbot):
    qtbot.keyClicks(tab.table.search, "cotterill")
    assert {r.display_name for r in shown(tab)} == {"Darcey Cotterill", "Kai Cotterill", "Quilla Cotterill"}
    tab.table.search.clear()
    qtbot.keyClicks(tab.table.search, "kairo")  # a legal forename behind a preferred one
    assert {r.display_name for r in shown(tab)} == {"Kai Cotterill", "Kai Elsworth", "Kai Yardley"}
    tab.table.search.clear()
    qtbot.keyClicks(tab.table.search, "w919499915003")
    assert [r.display_name for r in shown(tab)] == ["Saoirse Larkworthy"]
    tab.table.search.clear()
    qtbot.keyClicks(tab.table.search, "Year 8")  # not a name: the Year column is not searched
    assert shown(tab) == []


def test_selecting_a_pupil_shows_facts_contacts_and_timeline_in_date_order(window, tab, qtbot):
    qtbot.keyClicks(tab.table.search, "Darcey")
    tab.table.view.setFocus()
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Down)  # the keyboard selects the first row
    settle(window, qtbot)
    detail = tab.detail
    assert detail.current is not None and detail.current.legal_name == "Darcey Cotterill"
    assert detail.heading.text() == "Darcey Cotterill"
    assert detail.facts["UPN"].text() == "J919499921001"
    assert {c.role for c in detail.contacts.rows()} >= {"Social worker", "Carer"}
    timeline = detail.timeline_rows()
    assert [t.date for t in timeline] == sorted(t.date for t in timeline)
    assert {"School", "Status", "PEP", "SDQ"} <= {t.kind for t in timeline}
    tab.table.search.clear()
    qtbot.keyClicks(tab.table.search, "zzz")
    assert detail.current is None and "Select a pupil" in detail.message.text()


def test_archive_as_leaver_hides_the_pupil_unless_show_leavers(window, tab, qtbot):
    pupil = on_roll(tab)
    assert tab.show_pupil(pupil.id)
    settle(window, qtbot)
    qtbot.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, ArchiveDialog)
    dialog.leaving_date.clear()
    qtbot.keyClicks(dialog.leaving_date, "20/11/2026")
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert all(r.id != pupil.id for r in shown(tab))
    assert "archived as a leaver" in tab.message.text()
    tab.show_leavers.setChecked(True)
    row = next(r for r in shown(tab) if r.id == pupil.id)
    assert row.leaver and row.leaving_date.isoformat() == "2026-11-20"
    assert get_pupil(window.store.engine, pupil.id, DEMO_TODAY).display_name == pupil.display_name  # kept


def test_delete_needs_the_exact_legal_name(window, tab, qtbot):
    (pupil,) = [r for r in tab.table.model.rows() if r.display_name == "Cerys Underhill"]
    assert tab.show_pupil(pupil.id)
    settle(window, qtbot)
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Delete)  # the Delete key asks, never deletes at once
    dialog = tab.dialog
    assert isinstance(dialog, DeleteDialog) and "Delete Cerys Underhill" in dialog.intro.text()
    qtbot.keyClicks(dialog.confirm, "Cerys Underhil")
    assert not dialog.action_button.isEnabled()
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert get_pupil(window.store.engine, pupil.id, DEMO_TODAY).legal_surname == "Underhill"
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "  cerys   UNDERHILL ")
    assert dialog.action_button.isEnabled()
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    with pytest.raises(NotFoundError):
        get_pupil(window.store.engine, pupil.id, DEMO_TODAY)
    assert all(r.id != pupil.id for r in tab.table.model.rows()) and tab.table.model.total() == 29
    assert tab.detail.current is None


def test_show_pupil_clears_filters_that_hide_a_leaver(tab):
    choose(tab.category, "CLA")
    leaver = the_leaver(tab)
    assert tab.show_pupil(leaver.id)
    assert tab.show_leavers.isChecked() and tab.category.currentData() is None
    assert tab.table.current_row().id == leaver.id


def test_export_register_writes_csv(window, tab, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "register.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_action.trigger()
    settle(window, qtbot)
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 31
    assert "Register of 30 pupils saved" in tab.message.text()


def test_search_matches_rows_reloaded_after_a_rename_and_any_letter_case(tab, qtbot):
    import dataclasses

    from cwsw_desktop.ui.pupils_tab import search_keys

    row = on_roll(tab)
    renamed = dataclasses.replace(row, display_name="Straße Öztürk", legal_surname="Öztürk")
    assert search_keys(renamed)[0].startswith("strasse öztürk")
    tab.show_result([renamed if r.id == row.id else r for r in tab.table.model.rows()])
    qtbot.keyClicks(tab.table.search, "ÖZTÜRK")
    assert [r.id for r in shown(tab)] == [row.id]  # the keys were rebuilt with the new rows
    tab.table.search.clear()
    qtbot.keyClicks(tab.table.search, row.upn.lower())
    assert [r.id for r in shown(tab)] == [row.id]
