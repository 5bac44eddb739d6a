"""Locking and unlocking are in the audit trail, failed attempts included (written after the
next successful unlock, because a wrong passphrase cannot open the store to write them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import col, select
from support import DEMO_TODAY

from cwsw_desktop.models import AuditEvent
from cwsw_desktop.paths import AppPaths
from cwsw_desktop.services.audit import verify_chain
from cwsw_desktop.store import open_store, unit_of_work
from cwsw_desktop.ui.main_window import MainWindow

PASS = "correct horse battery staple"


def _actions(store, since_id: int = 0) -> list[tuple[str, str]]:
    with unit_of_work(store.engine) as s:
        rows = s.exec(select(AuditEvent).where(col(AuditEvent.id) > since_id).order_by(col(AuditEvent.id)))
        return [(e.action, e.detail) for e in rows]


def _last_id(store) -> int:
    with unit_of_work(store.engine) as s:
        return max(s.exec(select(AuditEvent.id)).all() or [0])


def test_lock_failed_unlock_and_unlock_are_audited_in_order(qtbot, make_window, tmp_path):
    store = open_store(tmp_path / "school.db", passphrase=PASS)
    win = make_window(store)
    start = _last_id(store)

    win.locker.lock_action.trigger()
    screen = win.centralWidget()
    qtbot.keyClicks(screen.field, "a wrong passphrase here")
    qtbot.keyClick(screen.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong passphrase" in screen.message.text(), timeout=10000)
    screen.field.clear()
    qtbot.keyClicks(screen.field, PASS)
    qtbot.keyClick(screen.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.locker.is_locked, timeout=10000)
    qtbot.waitUntil(lambda: not win.jobs.busy, timeout=10000)

    actions = _actions(store, start)
    assert [a for a, _ in actions] == ["lock", "unlock_failed", "unlock"]
    assert actions[1][1].startswith("wrong passphrase at ")
    assert verify_chain(store.engine).ok
    win.close()
    store.close()


def test_opening_with_a_wrong_then_right_passphrase_is_audited(qtbot, qsettings, tmp_path, monkeypatch):
    from cwsw_desktop.ui import unlock_dialog

    path = tmp_path / "school.db"
    open_store(path, passphrase=PASS).close()
    answers = iter(["first guess, wrong", PASS])
    monkeypatch.setattr(unlock_dialog, "ask_unlock", lambda parent, p, error="": next(answers))
    win = MainWindow(AppPaths(tmp_path, path), qsettings, today=lambda: DEMO_TODAY)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.store_opened, timeout=20000):
        win.open_store_async()
    # the unlock is audited once the integrity check after opening has passed (after the data shows)
    qtbot.waitUntil(lambda: "unlock" in [a for a, _ in _actions(win.store)], timeout=15000)
    actions = [a for a, _ in _actions(win.store)]
    assert actions[-2:] == ["unlock_failed", "unlock"]
    win.close()
