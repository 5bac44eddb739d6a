"""The real entry point: `cwsw-desktop --demo` paints the window, opens a throwaway demo store in a
worker, and removes it again when the DT closes the window; a killed demo's folder is removed at
the next start."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from cwsw_desktop.paths import resolve_paths
from cwsw_desktop.ui.app import run_gui
from cwsw_desktop.ui.main_window import MainWindow


def test_demo_run_opens_every_tab_then_cleans_up(qtbot, tmp_path, monkeypatch):
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "conf"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    killed = tmp_path / "cwsw-demo-killed"  # a demo killed two hours ago left its folder
    killed.mkdir()
    (killed / "demo.db").write_bytes(b"fictitious")
    two_hours_ago = (killed / "demo.db").stat().st_mtime - 7200
    for path in (killed / "demo.db", killed):
        os.utime(path, (two_hours_ago, two_hours_ago))
    seen: dict[str, object] = {}

    def check_then_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if not windows or windows[0].store is None or windows[0].jobs.busy:
            QTimer.singleShot(100, check_then_close)
            return
        win = windows[0]
        if win.tabs.currentIndex() < win.tabs.count() - 1:  # each tab is built when first shown
            win.tabs.setCurrentIndex(win.tabs.currentIndex() + 1)
            QTimer.singleShot(100, check_then_close)
            return
        seen["title"] = win.windowTitle()
        seen["rows"] = {name: tab.table.model.rowCount() for name, tab in win.tab_widgets.items()}
        seen["db"] = win.store.path
        win.close()

    QTimer.singleShot(100, check_then_close)
    assert run_gui(resolve_paths(str(tmp_path / "never-created.db")), demo=True) == 0
    assert "DEMO" in str(seen["title"])
    assert all(n > 0 for n in seen["rows"].values()), seen["rows"]
    assert not Path(str(seen["db"])).exists()  # the throwaway database is gone
    assert not (tmp_path / "never-created.db").exists()
    assert not killed.exists()  # removed at this start
