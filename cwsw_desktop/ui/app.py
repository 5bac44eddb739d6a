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


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_BYTES, LOG_FILES = 1_000_000, 3


def add_log_file(folder: Path) -> Path | None:
    """Also log to `folder/cwsw-desktop.log` (0600, rotated at 1 MB, 3 kept) for IT to read after a
    problem. The app logs what happened, never a child's name. None if the folder is not writable."""
    from logging.handlers import RotatingFileHandler

    path = folder / "cwsw-desktop.log"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.touch(mode=0o600, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_FILES, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logging.getLogger().addHandler(handler)
    return path


def run_gui(paths: AppPaths, demo: bool = False, self_test: bool = False) -> int:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if not demo:
        add_log_file(paths.data_dir / "logs")
    app = make_app()
    passphrase: str | None = None
    while not demo and not paths.db_path.exists():
        choice = first_run(paths)
        if choice is None:
            return 0
        if choice == RESTORE_CHOICE:
            restored, passphrase = restore_first_run(paths)
            if restored:
                break
            continue
        demo = choice == DEMO_CHOICE
        passphrase = None if demo else choice
        break
    folder: Path | None = None
    if demo:  # a throwaway database: removed again when the app closes
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="cwsw-demo-"))
        paths = AppPaths(data_dir=folder, db_path=folder / "demo.db")
    window = MainWindow(paths, QSettings(ORG_NAME, APP_NAME), demo=demo)
    window.show()
    if self_test:
        watch_self_test(window, app)
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


SELF_TEST_SECONDS = 120


def watch_self_test(window: MainWindow, app: QApplication) -> None:
    """--self-test: quit with 0 once the store is open and every tab has loaded its data, or with
    1 if that has not happened within SELF_TEST_SECONDS (an install check for IT, and CI's check
    of the frozen build)."""
    waiting: set[str] = set()

    def on_opened() -> None:
        waiting.update(window.tab_widgets)
        for name, tab in window.tab_widgets.items():
            tab.loaded.connect(lambda name=name: loaded(name))

    def loaded(name: str) -> None:
        waiting.discard(name)
        if not waiting:
            print(f"Self-test passed: {len(window.tab_widgets)} tabs loaded from {window.paths.db_path.name}")
            app.exit(0)

    def too_slow() -> None:
        print(
            f"Self-test failed: not loaded after {SELF_TEST_SECONDS} s ({', '.join(sorted(waiting))})",
            file=sys.stderr,
        )
        app.exit(1)

    window.store_opened.connect(on_opened)
    QTimer.singleShot(SELF_TEST_SECONDS * 1000, too_slow)


def _sweep_demo_leftovers() -> None:
    """Remove the folders of demos that were killed (never one in use): in the worker."""
    from cwsw_desktop.services.demo_leftovers import remove_stale_demo_folders

    remove_stale_demo_folders()


def _ignore(_result: object) -> None:
    """A sweep that could not finish is tried again at the next start."""


DEMO_CHOICE = "demo"  # = unlock_dialog.DEMO (not imported here: the first paint stays light)
RESTORE_CHOICE = "restore"  # = unlock_dialog.RESTORE


def restore_first_run(paths: AppPaths) -> tuple[bool, str | None]:
    """A new computer: restore the backup the DT brought into the data folder."""
    from cwsw_desktop.ui.move_dialog import restore_on_first_run
    from cwsw_desktop.ui.unlock_dialog import ask_unlock

    return restore_on_first_run(None, paths.db_path, lambda path, error: ask_unlock(None, path, error))


def first_run(paths: AppPaths) -> str | None:
    """No database yet: choose a passphrase for a new encrypted one (typed twice, with the
    strength hint), or look around with the demo first (DEMO_CHOICE), or quit (None)."""
    from cwsw_desktop.ui.unlock_dialog import ask_first_run

    return ask_first_run(paths.db_path)
