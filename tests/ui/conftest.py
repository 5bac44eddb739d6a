from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from support import DEMO_TODAY


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, demo_store, qsettings, tmp_path):
    from cwsw_desktop.paths import AppPaths
    from cwsw_desktop.ui.main_window import MainWindow

    win = MainWindow(AppPaths(tmp_path, demo_store.path), qsettings, today=lambda: DEMO_TODAY)
    qtbot.addWidget(win)
    win.show()
    win.set_store(demo_store)
    qtbot.waitUntil(lambda: not win.jobs.busy, timeout=15000)
    yield win
    win.jobs.wait()
