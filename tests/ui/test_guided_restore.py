"""A database that fails its integrity check on open: the window offers the newest verified
backup and restores it (keeping the damaged file), instead of leaving the DT at an error."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QMessageBox
from support import DEMO_TODAY

from cwsw_desktop.paths import AppPaths
from cwsw_desktop.services.backup import backup_to
from cwsw_desktop.services.demo import generate_demo
from cwsw_desktop.store import open_store
from cwsw_desktop.ui.main_window import MainWindow
from cwsw_desktop.ui.restore_dialog import RestoreDialog


def _damaged_store_with_a_backup(tmp_path):
    path = tmp_path / "cwsw.db"
    store = open_store(path)
    generate_demo(store.engine, size=30, seed=7, today=DEMO_TODAY)
    backup_to(store, tmp_path / "backups" / "cwsw-2026-11-22.db")
    store.close()
    with path.open("r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)
    return path


def test_opening_a_damaged_store_offers_the_newest_backup_and_restores_it(
    qtbot, qsettings, tmp_path, monkeypatch
):
    path = _damaged_store_with_a_backup(tmp_path)
    asked = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: asked.append("critical: " + a[2]))

    def fake_exec(dialog):  # the DT picks the first (newest) backup in the list
        dialog.restore_button.click()
        return 1

    monkeypatch.setattr(RestoreDialog, "exec", fake_exec)
    win = MainWindow(AppPaths(tmp_path, path), qsettings, today=lambda: DEMO_TODAY)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.store_opened, timeout=20000):
        win.open_store_async()
    qtbot.waitUntil(lambda: not win.jobs.busy, timeout=15000)
    assert "damaged" in asked[0] and "cwsw-2026-11-22.db" in asked[0]
    assert not any(a.startswith("critical") for a in asked)
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT count(*) FROM pupil").fetchone()[0] == 30
    c.close()
    assert list(path.parent.glob(path.name + ".damaged-*"))  # the damaged file is kept, moved aside
    win.jobs.wait()
    win.close()


def test_declining_the_restore_leaves_the_damaged_file_untouched(qtbot, qsettings, tmp_path, monkeypatch):
    path = _damaged_store_with_a_backup(tmp_path)
    before = path.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    win = MainWindow(AppPaths(tmp_path, path), qsettings, today=lambda: DEMO_TODAY)
    qtbot.addWidget(win)
    win.open_store_async()
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert "damaged" in shown[0]
    assert path.read_bytes() == before and win.store is None
