"""Start the GUI: paint the window first, then open the store in a worker."""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cwsw_desktop import APP_NAME, ORG_NAME, __version__
from cwsw_desktop.paths import AppPaths, resource_path
from cwsw_desktop.ui.main_window import MainWindow


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    icon = resource_path("icons", "app.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style = resource_path("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def run_gui(paths: AppPaths, demo: bool = False) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    app = make_app()
    if demo:
        folder = Path(tempfile.mkdtemp(prefix="cwsw-demo-"))
        paths = AppPaths(data_dir=folder, db_path=folder / "demo.db")
    window = MainWindow(paths, QSettings(ORG_NAME, APP_NAME), demo=demo)
    window.show()
    QTimer.singleShot(0, window.open_store_async)  # after the first paint
    return app.exec()
