from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from support import DEMO_TODAY


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, qsettings, tmp_path) -> Iterator[Callable[..., Any]]:
    """The one recipe for a test's main window: `make_window(store)` builds a MainWindow on an
    open store (today = DEMO_TODAY), shows it and waits until its jobs are idle. With `clock`
    (anything with `.mono` and `.wall`), the auto-lock watcher runs on that clock instead of
    the real ones. Each window's jobs are waited for at the end of the test. The window builds
    its tabs lazily (only the one on screen); here every tab is built at once unless `lazy`
    (tests/ui/test_lazy_tabs.py covers the lazy path)."""
    from cwsw_desktop.paths import AppPaths
    from cwsw_desktop.ui.main_window import MainWindow

    made: list[MainWindow] = []

    def make(store: Any, *, clock: Any = None, lazy: bool = False) -> MainWindow:
        win = MainWindow(AppPaths(tmp_path, store.path), qsettings, today=lambda: DEMO_TODAY)
        if clock is not None:
            win.locker.watcher.monotonic = lambda: clock.mono
            win.locker.watcher.wall = lambda: clock.wall
            win.locker.watcher.reset()
        qtbot.addWidget(win)
        win.show()
        win.set_store(store)
        if not lazy:  # every tab built and loaded up front, so a test may look at any tab's rows
            for name in win.tab_widgets:
                win.tab_widgets[name]
        qtbot.waitUntil(lambda: not win.jobs.busy, timeout=15000)
        made.append(win)
        return win

    yield make
    for win in made:
        win.jobs.wait()


@pytest.fixture
def window(make_window, demo_store):
    """The main window on the seeded demo store."""
    return make_window(demo_store)
