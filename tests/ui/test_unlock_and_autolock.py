"""Locking and unlocking the window on a real encrypted store: idle time (injected clocks),
Ctrl+L, a wall-clock jump; no child's name visible while locked; unlocking restores the tab
and an open dialog's typed text. Also the passphrase prompts on open, first run, changing
the passphrase and encrypting a plain store from the File menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)
from sqlalchemy import text
from support import DEMO_TODAY

from cwsw_desktop.ui.autolock import SETTING, LockScreen
from cwsw_desktop.ui.main_window import TAB_NAMES, MainWindow

PASS = "correct horse battery staple"


class Clock:
    """Monotonic and wall time that only move when told to."""

    def __init__(self) -> None:
        self.mono, self.wall = 1000.0, 1_790_000_000.0

    def advance(self, seconds: float, wall: float | None = None) -> None:
        self.mono += seconds
        self.wall += seconds if wall is None else wall


@pytest.fixture
def encrypted_store(tmp_path):
    from cwsw_desktop.services.demo import generate_demo
    from cwsw_desktop.store import open_store

    store = open_store(tmp_path / "school.db", passphrase=PASS)
    generate_demo(store.engine, size=30, seed=7, today=DEMO_TODAY)
    yield store
    store.close()


def _window(qtbot, make_window, store, clock):
    win = make_window(store, clock=clock)
    qtbot.waitUntil(lambda: win.locker.watcher.installed, timeout=15000)
    return win


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def enc_window(qtbot, make_window, encrypted_store, clock):
    return _window(qtbot, make_window, encrypted_store, clock)


@pytest.fixture
def plain_window(qtbot, make_window, demo_store, clock):
    return _window(qtbot, make_window, demo_store, clock)


def _names(store) -> set[str]:
    with store.engine.connect() as c:
        rows = c.execute(text("SELECT legal_surname, legal_forename FROM pupil")).all()
    return {n for row in rows for n in row if n}


def _visible_texts() -> list[str]:
    """Every text a person could read on screen: window titles, labels, fields, buttons, cells."""
    texts = []
    for w in QApplication.allWidgets():
        if not w.isVisible():
            continue
        if w.isWindow():
            texts.append(w.windowTitle())
        if isinstance(w, (QLabel, QLineEdit, QAbstractButton)):
            texts.append(w.text())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            texts += [
                str(model.index(r, c).data())
                for r in range(model.rowCount())
                for c in range(model.columnCount())
            ]
    return texts


def _shown_names(names: set[str]) -> set[str]:
    joined = "\n".join(_visible_texts())
    return {n for n in names if n in joined}


def test_idle_time_locks_and_then_no_name_is_visible(enc_window, clock, qtbot):
    w = enc_window
    names = _names(w.store)
    w.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))
    qtbot.waitUntil(lambda: bool(_shown_names(names)), timeout=5000)  # the negative control

    clock.advance(4 * 60)
    w.locker.watcher.check()
    assert not w.locker.is_locked
    clock.advance(60)
    w.locker.watcher.check()
    assert w.locker.is_locked and w.store.locked

    assert _shown_names(names) == set()
    assert isinstance(w.centralWidget(), LockScreen)
    assert w.centralWidget().title.text() == "Locked — enter your passphrase"
    from cwsw_desktop.ui.list_tab import RowTable

    assert all(t.model.rowCount() == 0 for t in w.tabs.findChildren(RowTable))
    assert not w.settings_action.isEnabled() and not w.backup_action.isEnabled()


def test_activity_resets_the_idle_time(enc_window, clock, qtbot):
    w = enc_window
    clock.advance(4 * 60)
    qtbot.keyClick(w.tabs, Qt.Key.Key_Right)
    clock.advance(4 * 60)
    w.locker.watcher.check()
    assert not w.locker.is_locked


def test_the_idle_time_is_a_setting(enc_window, clock, qsettings):
    w = enc_window
    w.locker.minute_actions[10].trigger()
    assert int(qsettings.value(SETTING)) == 10
    clock.advance(9 * 60)
    w.locker.watcher.check()
    assert not w.locker.is_locked
    clock.advance(60)
    w.locker.watcher.check()
    assert w.locker.is_locked


def test_ctrl_l_locks(enc_window, qtbot):
    qtbot.keyClick(enc_window.tabs, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert enc_window.locker.is_locked


def test_a_wall_clock_jump_locks_resume_from_sleep(enc_window, clock):
    clock.advance(5, wall=3600)  # the monotonic clock barely moved while the laptop slept
    enc_window.locker.watcher.check()
    assert enc_window.locker.is_locked


def test_unlock_restores_the_tab_and_an_open_dialogs_typed_text(enc_window, qtbot):
    w = enc_window
    names = _names(w.store)
    w.tabs.setCurrentIndex(TAB_NAMES.index("Exclusions"))
    dialog = QDialog(w)
    dialog.setWindowTitle("Edit pupil — Thistlewood")
    edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(edit)
    seen: dict[str, object] = {}

    def during() -> None:
        try:
            qtbot.keyClicks(edit, "half-typed note")
            qtbot.keyClick(edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # from inside the dialog
            seen["locked"] = w.locker.is_locked
            seen["shown"] = _shown_names(names | {"half-typed note"})
            screen = dialog.findChild(LockScreen)
            qtbot.keyClicks(screen.field, "not the passphrase at all")
            qtbot.keyClick(screen.field, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: "Wrong passphrase" in screen.message.text(), timeout=5000)
            seen["still_locked"] = w.locker.is_locked
            qtbot.keyClicks(screen.field, PASS)
            qtbot.keyClick(screen.field, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: not w.locker.is_locked, timeout=5000)
            seen["after"] = (edit.text(), edit.isVisible(), dialog.windowTitle())
        finally:
            dialog.accept()

    QTimer.singleShot(0, during)
    assert dialog.exec() == QDialog.DialogCode.Accepted  # the dialog was never closed by the lock
    assert seen["locked"] and seen["still_locked"]
    assert seen["shown"] == set()  # not in the dialog, not in its title, not in the window
    assert seen["after"] == ("half-typed note", True, "Edit pupil — Thistlewood")
    assert w.tabs.currentIndex() == TAB_NAMES.index("Exclusions") and w.centralWidget() is w.tabs
    qtbot.waitUntil(lambda: w.tab_widgets["Exclusions"].table.model.rowCount() > 0, timeout=5000)


def test_a_plain_store_locks_too_and_shows_again_without_a_passphrase(plain_window, qtbot):
    w = plain_window
    names = _names(w.store)
    w.locker.lock_action.trigger()
    assert w.locker.is_locked and _shown_names(names) == set()
    screen = w.centralWidget()
    assert not screen.field.isVisible() and screen.button.text() == "&Show"
    assert w.store.gate.watcher is None  # nothing of the store is left open while locked
    screen.button.click()
    qtbot.waitUntil(lambda: not w.locker.is_locked, timeout=5000)
    w.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))  # emptied when locked: reloads when shown
    qtbot.waitUntil(lambda: w.tab_widgets["Pupils"].table.model.total() == 30, timeout=5000)
    qtbot.waitUntil(lambda: w.store.gate.watcher is not None, timeout=5000)  # watching again


def test_opening_an_encrypted_file_asks_until_the_passphrase_is_right(
    qtbot, qsettings, tmp_path, encrypted_store, monkeypatch
):
    from cwsw_desktop.paths import AppPaths
    from cwsw_desktop.ui import unlock_dialog

    path = encrypted_store.path
    encrypted_store.close()
    answers, errors = iter(["first guess, wrong", PASS]), []
    monkeypatch.setattr(
        unlock_dialog, "ask_unlock", lambda parent, p, error="": errors.append(error) or next(answers)
    )
    win = MainWindow(AppPaths(tmp_path, path), qsettings, today=lambda: DEMO_TODAY)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.store_opened, timeout=20000):
        win.open_store_async()
    assert errors[0] == "" and errors[1].startswith("Wrong passphrase, or the file is damaged.")
    assert win.store.encrypted and "encrypted" in win.db_label.text()
    qtbot.waitUntil(lambda: not win.jobs.busy, timeout=15000)
    win.close()


def test_cancelling_the_passphrase_opens_nothing(qtbot, qsettings, tmp_path, encrypted_store, monkeypatch):
    from cwsw_desktop.paths import AppPaths
    from cwsw_desktop.ui import unlock_dialog

    encrypted_store.close()
    monkeypatch.setattr(unlock_dialog, "ask_unlock", lambda *a, **k: None)
    win = MainWindow(AppPaths(tmp_path, encrypted_store.path), qsettings)
    qtbot.addWidget(win)
    win.open_store_async()
    assert win.store is None and "No database open" in win.db_label.text()
    assert not win.jobs.busy


def test_choosing_a_passphrase_checks_it_live(qtbot):
    from cwsw_desktop.ui.unlock_dialog import CREATE, DEMO, PassphraseDialog

    dialog = PassphraseDialog(CREATE, offer_demo=True)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.field, "short")
    assert "Strength: too short" in dialog.hint.text() and not dialog.ok.isEnabled()
    dialog.field.setText(PASS)
    assert "Strength: strong" in dialog.hint.text()
    qtbot.keyClicks(dialog.confirm, PASS + "x")
    assert not dialog.ok.isEnabled() and "differ" in dialog.hint.text()
    dialog.confirm.setText(PASS)
    assert dialog.ok.isEnabled()
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password
    dialog.demo_button.click()
    assert dialog.choice == DEMO and dialog.result() == QDialog.DialogCode.Accepted


def test_change_passphrase_from_the_file_menu(enc_window, qtbot, monkeypatch):
    from cwsw_desktop.store import WrongPassphraseError, open_store
    from cwsw_desktop.ui import unlock_dialog

    w = enc_window
    assert w.locker.change_action.isEnabled() and not w.locker.encrypt_action.isEnabled()
    monkeypatch.setattr(unlock_dialog, "ask_change", lambda parent: (PASS, "a whole new passphrase"))
    w.locker.change_action.trigger()
    qtbot.waitUntil(lambda: "Passphrase changed" in w.statusBar().currentMessage(), timeout=10000)
    assert "old one" in w.statusBar().currentMessage()
    path = w.store.path
    w.close()
    with pytest.raises(WrongPassphraseError):
        open_store(path, passphrase=PASS)
    open_store(path, passphrase="a whole new passphrase").close()


def test_encrypt_a_plain_database_from_the_file_menu(qtbot, make_window, store, clock, monkeypatch):
    from cwsw_desktop.services.demo import generate_demo
    from cwsw_desktop.store.crypto import file_kind
    from cwsw_desktop.ui import unlock_dialog

    generate_demo(store.engine, size=12, seed=3, today=DEMO_TODAY)
    w = _window(qtbot, make_window, store, clock)
    assert "NOT encrypted" in w.db_label.text() and w.locker.encrypt_action.isEnabled()
    monkeypatch.setattr(unlock_dialog, "ask_new_passphrase", lambda parent, path: PASS)
    with qtbot.waitSignal(w.store_opened, timeout=20000):
        w.locker.encrypt_action.trigger()
    assert w.store.encrypted and "encrypted" in w.db_label.text()
    qtbot.waitUntil(lambda: w.tab_widgets["Pupils"].table.model.total() == 12, timeout=10000)
    assert file_kind(store.path) == "encrypted"
    w.jobs.wait()


def test_a_synced_folder_is_warned_about_once(enc_window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    enc_window.store.warnings.append("This database is in a folder synced by OneDrive.")
    enc_window.locker.on_store_opened()
    enc_window.locker.on_store_opened()
    assert shown == ["This database is in a folder synced by OneDrive."]
    assert "OneDrive" in enc_window.statusBar().currentMessage()
