"""Start the GUI: paint the window first, then open the store in a worker.

First run (no database yet): a dialog to choose the passphrase of the new, encrypted
database, or to start with the demo (unencrypted, fictitious, in a temporary folder). An
existing encrypted database: the window asks for its passphrase (ui/unlock_dialog.py) and
opens it in a worker, asking again after a wrong one. ``--demo`` stays unencrypted.
"""

from __future__ import annotations

import logging
import sys
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
    passphrase: str | None = None
    if not demo and not paths.db_path.exists():
        choice = first_run(paths)
        if choice is None:
            return 0
        demo = choice == DEMO_CHOICE
        passphrase = None if demo else choice
    folder: Path | None = None
    if demo:  # a throwaway database: removed again when the app closes
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="cwsw-demo-"))
        paths = AppPaths(data_dir=folder, db_path=folder / "demo.db")
    window = MainWindow(paths, QSettings(ORG_NAME, APP_NAME), demo=demo)
    window.show()
    # after the first paint; the key derivation runs in the window's worker
    QTimer.singleShot(0, lambda: window.open_store_async(passphrase=passphrase))
    QTimer.singleShot(0, lambda: window.jobs.run(_sweep_demo_leftovers, _ignore, _ignore))
    try:
        return app.exec()
    finally:
        if folder is not None:
            window.jobs.wait(10000)
            if window.store is not None:
                window.store.close()
            import shutil

            shutil.rmtree(folder, ignore_errors=True)


def _sweep_demo_leftovers() -> None:
    """Remove the folders of demos that were killed (never one in use): in the worker."""
    from cwsw_desktop.services.demo_leftovers import remove_stale_demo_folders

    remove_stale_demo_folders()


def _ignore(_result: object) -> None:
    """A sweep that could not finish is tried again at the next start."""


DEMO_CHOICE = "demo"  # = unlock_dialog.DEMO (not imported here: the first paint stays light)


def first_run(paths: AppPaths) -> str | None:
    """No database yet: choose a passphrase for a new encrypted one (typed twice, with the
    strength hint), or look around with the demo first (DEMO_CHOICE), or quit (None)."""
    from cwsw_desktop.ui.unlock_dialog import ask_first_run

    return ask_first_run(paths.db_path)
