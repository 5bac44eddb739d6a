"""The main window: tabs, menus, status bar. Tabs are built once the store is open.

Nothing that only a tab or a report needs is imported at module level here, so the window
paints before sqlmodel, the services or reportlab load (they load in the worker that opens
the store).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop import APP_NAME, __version__
from cwsw_desktop.paths import AppPaths
from cwsw_desktop.ui.autolock import Locker
from cwsw_desktop.ui.jobs import Jobs
from cwsw_desktop.ui.tab_base import TAB_NAMES, Tab
from cwsw_desktop.ui.widgets import ElidedLabel, scrolling

if TYPE_CHECKING:
    from cwsw_desktop.store import Store
    from cwsw_desktop.ui.context import AppContext

log = logging.getLogger(__name__)
DEFAULT_SIZE = QSize(1180, 760)  # on a first run, or less on a smaller screen
MINIMUM_SIZE = QSize(760, 460)  # what every tab is laid out to fit (checked by tests/ui/test_fits_screen.py)
SHORTCUTS = [
    ("Ctrl+F", "Find: filter the current table"),
    ("Ctrl+N", "New record on the current tab"),
    ("Ctrl+P", "Print the current tab"),
    ("Ctrl+O", "Open another database"),
    ("Ctrl+,", "Settings"),
    ("Ctrl+L", "Lock now (also after idle minutes: File → Auto-lock after…)"),
    ("F5", "Refresh"),
    ("Ctrl+1 … Ctrl+5", "Go to a tab"),
    ("Ctrl+Q", "Quit"),
]


def _open_and_prepare(
    path: Path,
    demo: bool,
    today: date,
    passphrase: str | None = None,
    failed_unlocks: tuple[datetime, ...] = (),
) -> Store:
    """Runs in a worker: open (and for --demo, fill) the store; warm the service imports.
    With a passphrase, the key derivation (~0.1 s) happens here, off the main thread."""
    from cwsw_desktop.store import open_store

    fresh = not path.exists()
    store = open_store(path, demo=demo, passphrase=passphrase)
    if passphrase is not None:
        from cwsw_desktop.services.audit import record_unlock

        record_unlock(store.engine, failed_unlocks, "opened with the passphrase")
    if demo and fresh:
        from cwsw_desktop.services.demo import generate_demo

        generate_demo(store.engine, today=today)
    from cwsw_desktop.ui.tabs import warm_imports

    warm_imports()  # sqlmodel, the services and the tabs load here, off the main thread

    return store


class MainWindow(QMainWindow):
    store_opened = Signal()

    def __init__(
        self, paths: AppPaths, settings: QSettings, demo: bool = False, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__()
        self.paths = paths
        self.qsettings = settings
        self.demo = demo
        self.today = today
        self.jobs = Jobs(self)
        self.store: Store | None = None
        self.failed_unlocks: list[datetime] = []
        self.ctx: AppContext | None = None
        self.tab_widgets: dict[str, Tab] = {}
        self._status_noted: set[str] = set()  # tabs whose status note has shown since opening
        self.print_dialog: QWidget | None = None
        self._build()
        self.locker = Locker(self, self.file_menu, self.quit_action)  # auto-lock, Ctrl+L, File → Security
        self._connect()
        self._restore_geometry()

    # -- building --
    def _build(self) -> None:
        self.setWindowTitle(APP_NAME + (" — DEMO (fictitious data, not encrypted)" if self.demo else ""))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self._pages: dict[str, QWidget] = {}
        self._layouts: dict[str, QVBoxLayout] = {}
        for name in TAB_NAMES:
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.setContentsMargins(8, 8, 8, 8)
            waiting = QLabel("Opening the database…", page)
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            waiting.setObjectName("emptyState")
            layout.addWidget(waiting)
            self._pages[name] = page
            self._layouts[name] = layout
            # a tab that needs more room than a small screen gives scrolls rather than being cut off
            self.tabs.addTab(scrolling(page), name)
        self.setCentralWidget(self.tabs)
        self.db_label = ElidedLabel(self)  # a long path gives way rather than cutting the status off
        self.school_label = QLabel(self)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.school_label)
        self._build_menus()

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        store_needed: bool = True,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if store_needed:
            action.setEnabled(False)
            self._store_actions.append(action)
        return action

    def set_store_actions_enabled(self, enabled: bool) -> None:
        """Switch on or off every action that needs an open store (while locked, restoring, …)."""
        for action in self._store_actions:
            action.setEnabled(enabled)

    def _build_menus(self) -> None:
        self._store_actions: list[QAction] = []
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.open_action = self._action(
            "&Open database…", self._on_open_database, QKeySequence.StandardKey.Open, store_needed=False
        )
        self.backup_action = self._action("&Backup…", self._on_backup)
        self.print_action = self._action("&Print…", self._on_print, QKeySequence.StandardKey.Print)
        self.settings_action = self._action("&Settings…", self._on_settings, "Ctrl+,")
        self.quit_action = self._action(
            "&Quit", self.close, QKeySequence.StandardKey.Quit, store_needed=False
        )
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        for a in (self.open_action, self.backup_action, self.print_action):
            file.addAction(a)
        self.restore_action = self._action("&Restore from backup…", self._on_restore, store_needed=False)
        self.backup_folder_action = self._action(
            "Backup &folder…", self._on_backup_folder, store_needed=False
        )
        self.retention_action = self._action("Records due for re&view…", self._on_retention)
        self.move_action = self._action("Move to a &new computer…", self._on_move)
        file.addActions(
            [self.restore_action, self.backup_folder_action, self.retention_action, self.move_action]
        )
        file.addSeparator()
        self.import_action = self._action("&Import pupils…", lambda: self._call_pupils("import_pupils"))
        self.export_action = self._action("&Export register…", lambda: self._call_pupils("export_register"))
        file.addActions([self.import_action, self.export_action])
        # Training: File → Import training… (the Training log tab runs the import).
        self.import_training_action = self._action("Import &training…", self._on_import_training)
        file.addAction(self.import_training_action)
        # Exclusions: File → Import exclusions… (the Exclusions tab checks, previews and saves).
        self.import_exclusions_action = self._action(
            "Import e&xclusions…", lambda: self._call_tab("Exclusions", "import_exclusions")
        )
        file.addAction(self.import_exclusions_action)
        # PEP: meetings from a tracker; the PEP calendar tab checks, previews and applies them.
        self.import_peps_action = self._action("I&mport PEPs…", self._on_import_peps)
        file.addAction(self.import_peps_action)
        file.addSeparator()
        file.addAction(self.settings_action)
        file.addSeparator()
        file.addAction(self.quit_action)
        self.file_menu = file

        edit = bar.addMenu("&Edit")
        self.find_action = self._action("&Find", self._on_find, QKeySequence.StandardKey.Find)
        self.new_action = self._action("&New record", self._on_new, QKeySequence.StandardKey.New)
        self.refresh_action = self._action("&Refresh", self.refresh_all, QKeySequence.StandardKey.Refresh)
        for a in (self.find_action, self.new_action, self.refresh_action):
            edit.addAction(a)

        view = bar.addMenu("&View")
        for i, name in enumerate(TAB_NAMES):
            view.addAction(
                self._action(
                    f"&{i + 1} {name}",
                    partial(self.tabs.setCurrentIndex, i),
                    f"Ctrl+{i + 1}",
                    store_needed=False,
                )
            )

        # Governors: Reports → Report to Governors…
        reports = bar.addMenu("&Reports")
        self.governors_action = self._action("Report to &Governors…", self._on_governors_report)
        reports.addAction(self.governors_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", self._on_shortcuts, "F1", store_needed=False))
        self.audit_action = self._action("Audit &log…", self._on_audit_log)
        help_menu.addAction(self.audit_action)
        help_menu.addAction(self._action(f"&About {APP_NAME}", self._on_about, store_needed=False))

    def _connect(self) -> None:
        self.tabs.currentChanged.connect(self._on_tab_changed)

    # -- the store --
    def open_store_async(
        self, path: Path | None = None, passphrase: str | None = None, error: str = ""
    ) -> None:
        target = path or self.paths.db_path
        if passphrase is None and not self.demo:  # an encrypted file: ask (again, after `error`)
            from cwsw_desktop.ui.unlock_dialog import passphrase_to_open

            same = self.store is not None and self.store.path == target
            go, passphrase = passphrase_to_open(
                self,
                target,
                error=error,
                known=self.store.passphrase if same and self.store else None,
                backup_folders=[self.paths.backup_dir],
            )
            if not go:
                self.db_label.setText("No database open (no passphrase entered): File → Open database…")
                return
        self.db_label.setText(f"Opening {target}…")
        failed = tuple(self.failed_unlocks)
        self.jobs.run(
            lambda: _open_and_prepare(target, self.demo, self.today(), passphrase, failed),
            self.set_store,
            lambda exc: self._on_store_failed(exc, target),
        )

    def set_store(self, store: Store) -> None:
        from cwsw_desktop.ui.context import AppContext
        from cwsw_desktop.ui.tabs import build_tabs

        if self.store is not None and self.store is not store:
            self.store.close()
        self.store = store
        self.failed_unlocks.clear()
        self.ctx = AppContext(
            store=store, paths=self.paths, jobs=self.jobs, today=self.today, settings=self.qsettings
        )
        self.tab_widgets = build_tabs(self.ctx)
        for name, widget in self.tab_widgets.items():
            layout = self._layouts[name]
            while layout.count():
                item = layout.takeAt(0)
                old = item.widget() if item is not None else None
                if old is not None:
                    old.deleteLater()
            layout.addWidget(widget)
            widget.open_pupil.connect(self.show_pupil)
            widget.changed.connect(self.refresh_all)  # a tab saved something
            widget.act_on.connect(self.act_on)
            widget.loaded.connect(partial(self._on_tab_loaded, name))  # counts in titles and status
        self._status_noted = set()
        self.set_store_actions_enabled(True)
        self._update_status()
        self.locker.on_store_opened()
        self.store_opened.emit()

    def _on_store_failed(self, exc: Exception, target: Path | None = None) -> None:
        from cwsw_desktop.store.errors import PassphraseRequiredError, WrongPassphraseError

        if isinstance(exc, WrongPassphraseError):
            self.failed_unlocks.append(datetime.now(UTC))  # audited after the next unlock
        if target is not None and isinstance(exc, (WrongPassphraseError, PassphraseRequiredError)):
            self.open_store_async(target, error=str(exc))  # ask again, saying why
            return
        log.error("could not open the store: %s", exc)
        self.db_label.setText("No database open")
        if self._offer_restore(exc, target):
            return
        for page in self._pages.values():
            label = page.findChild(QLabel)
            if label is not None:
                label.setText(f"{exc}\n\nUse File → Open database… to choose another file.")
        QMessageBox.critical(self, "Could not open the database", str(exc))

    def _offer_restore(self, exc: Exception, target: Path | None) -> bool:
        from cwsw_desktop.ui import safekeeping

        return safekeeping.offer_restore(self, exc, target)

    def _update_status(self) -> None:
        if self.store is None:
            return
        from cwsw_desktop.services.school import load_settings

        school = load_settings(self.store.engine).name or "School not set (File → Settings…)"
        demo = "  ·  DEMO: fictitious data, not encrypted" if self.store.demo else ""
        if not self.store.demo:
            demo = (
                "  ·  encrypted" if self.store.encrypted else "  ·  NOT encrypted (File → Encrypt database…)"
            )
        self.db_label.setText(f"Database: {self.store.path}{demo}")
        self.school_label.setText(school)

    def refresh_all(self) -> None:
        for widget in self.tab_widgets.values():
            widget.refresh()
        self._update_status()

    def show_pupil(self, pupil_id: int) -> None:
        from cwsw_desktop.rules.duties import Act, ActOn

        self.act_on(Act(ActOn.PUPIL, pupil_id, pupil_id))

    def act_on(self, act: object) -> None:
        """Open the record an item names, on the first tab that owns it."""
        from cwsw_desktop.rules.duties import Act, ActOn

        if not isinstance(act, Act):
            return
        for name, widget in self.tab_widgets.items():
            if widget.open_act(act):
                self.tabs.setCurrentIndex(TAB_NAMES.index(name))
                return
        if act.on is ActOn.SETTINGS:
            self._on_settings()
        elif act.on is ActOn.RETENTION:
            self._on_retention()
        elif act.pupil_id is not None and act.on is not ActOn.PUPIL:
            self.show_pupil(act.pupil_id)

    def _on_tab_loaded(self, name: str) -> None:
        """A tab loaded: its caption may carry counts; its status note shows once after opening."""
        widget = self.tab_widgets.get(name)
        if widget is None:
            return
        self.tabs.setTabText(TAB_NAMES.index(name), widget.caption())
        note = widget.status_note()
        if note and name not in self._status_noted:
            self._status_noted.add(name)
            if not self.statusBar().currentMessage():  # never over a message the user must read
                self.statusBar().showMessage(note, 15000)

    def _on_import_training(self) -> None:
        from cwsw_desktop.ui.training_tab import TrainingTab

        tab = self.tab_widgets.get("Training log")
        if isinstance(tab, TrainingTab):
            self.tabs.setCurrentIndex(TAB_NAMES.index("Training log"))
            tab.import_training()

    def _call_pupils(self, method: str) -> None:
        tab = self.tab_widgets.get("Pupils")
        if tab is not None:
            self.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))
            getattr(tab, method)()

    def _call_tab(self, name: str, method: str) -> None:
        tab = self.tab_widgets.get(name)
        if tab is not None:
            self.tabs.setCurrentIndex(TAB_NAMES.index(name))
            getattr(tab, method)()

    def _on_import_peps(self) -> None:
        from cwsw_desktop.ui.pep_tab import PepTab

        tab = self.tab_widgets.get("PEP calendar")
        if isinstance(tab, PepTab):
            self.tabs.setCurrentIndex(TAB_NAMES.index("PEP calendar"))
            tab.import_peps()

    def current_tab(self) -> Tab | None:
        return self.tab_widgets.get(TAB_NAMES[self.tabs.currentIndex()])

    # -- slots --
    def _on_tab_changed(self, index: int) -> None:
        self.qsettings.setValue("main/tab", index)

    def _on_find(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.focus_search()

    def _on_new(self) -> None:
        tab = self.current_tab()
        if tab is None or not tab.new_record():
            self.statusBar().showMessage("Nothing to add on this tab.", 4000)

    def _on_open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open database", str(self.paths.data_dir), "CWSW database (*.db *.sqlite);;All files (*)"
        )
        if path:
            self.demo = False
            self.paths = AppPaths(data_dir=Path(path).parent, db_path=Path(path))
            self.setWindowTitle(APP_NAME)
            self.open_store_async(Path(path))

    def _on_backup(self) -> None:
        from cwsw_desktop.ui import safekeeping

        safekeeping.back_up_now(self)

    def _on_print(self) -> None:
        tab = self.current_tab()
        document = tab.printable() if tab is not None else None
        if document is None or self.store is None:
            self.statusBar().showMessage("Nothing to print on this tab.", 4000)
            return
        engine = self.store.engine

        def render() -> bytes:
            import io

            from cwsw_desktop.reports.table import render_table
            from cwsw_desktop.services.school import load_settings

            out = io.BytesIO()
            render_table(replace(document, school=load_settings(engine).name), out)
            return out.getvalue()

        def show(data: bytes) -> None:
            from cwsw_desktop.services.audit import log_event
            from cwsw_desktop.ui.pdf_preview import PdfPreviewDialog

            dialog = PdfPreviewDialog(data, f"Print — {document.title}", f"{document.title}.pdf", self)

            def audit(what: str) -> None:
                log_event(engine, "print", "tab", detail=f"{what} the {document.title} tab")

            dialog.printed.connect(lambda: audit("printed"))
            dialog.saved.connect(lambda path: audit("saved as PDF"))
            dialog.printed.connect(lambda: self.statusBar().showMessage("Sent to the printer.", 4000))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            self.print_dialog = dialog

        self.jobs.run(render, show, lambda exc: QMessageBox.warning(self, "Print", f"Could not print: {exc}"))

    def _on_audit_log(self) -> None:
        from cwsw_desktop.ui import safekeeping

        safekeeping.show_audit_log(self)

    def _on_backup_folder(self) -> None:
        from cwsw_desktop.ui import safekeeping

        safekeeping.choose_backup_folder_dialog(self)

    def _on_restore(self) -> None:
        from cwsw_desktop.ui import safekeeping

        safekeeping.restore(self)

    def _on_move(self) -> None:
        if self.store is None:
            return
        from cwsw_desktop.services.school import load_settings
        from cwsw_desktop.ui.move_dialog import move_to_new_computer

        school = load_settings(self.store.engine).name
        move_to_new_computer(self, self.store, self.jobs, self.today(), school)

    def _on_retention(self) -> None:
        from cwsw_desktop.ui import safekeeping

        safekeeping.review_retention(self)

    def _on_settings(self) -> None:
        if self.store is None:
            return
        from cwsw_desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.store.engine, self.today(), self)
        if dialog.exec():
            self.refresh_all()

    def _on_governors_report(self) -> None:  # Governors
        if self.store is None:
            return
        from cwsw_desktop.ui.governors_dialog import GovernorsDialog

        GovernorsDialog(self.store.engine, self.today(), self.jobs, self).exec()

    def _on_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in SHORTCUTS)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table cellpadding='4'>{rows}</table>")

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>For the Designated Teacher of children with "
            "a social worker: the register, PEPs, exclusions, training and the Report to "
            "Governors.</p><p>Your data stays on this computer.</p>",
        )

    # -- geometry --
    def _minimum_size(self) -> QSize:
        from cwsw_desktop.ui.widgets import screen_room

        room = screen_room(self)
        return QSize(min(MINIMUM_SIZE.width(), room.width()), min(MINIMUM_SIZE.height(), room.height()))

    def _restore_geometry(self) -> None:
        """The size and place the window had, corrected when it no longer suits the screen: never
        below the minimum, never larger than the screen, never off it (a settings file from an
        older version, another computer or an unplugged monitor)."""
        geometry = self.qsettings.value("main/geometry")
        if not (
            isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.restoreGeometry(geometry)
        ):
            self._default_geometry()
        elif not (self.isMaximized() or self.isFullScreen()) and not self._geometry_fits():
            log.info("the remembered window geometry did not suit the screen: reset")
            self._default_geometry()
        self.setMinimumSize(self._minimum_size())
        tab = self.qsettings.value("main/tab", 0)
        try:
            self.tabs.setCurrentIndex(int(str(tab)))
        except (TypeError, ValueError):
            self.tabs.setCurrentIndex(0)

    def _geometry_fits(self) -> bool:
        """At least the minimum size, and wholly on one screen (without its taskbar)."""
        from cwsw_desktop.ui.widgets import available_area

        size, minimum = self.size(), self._minimum_size()
        if size.width() < minimum.width() or size.height() < minimum.height():
            return False
        frame = self.frameGeometry()
        screen = self.screen()
        areas = (
            [s.availableGeometry() for s in screen.virtualSiblings()] if screen else [available_area(self)]
        )
        return any(area.contains(frame) for area in areas)

    def _default_geometry(self) -> None:
        """1180×760, or less on a smaller screen, centred on the primary screen."""
        from PySide6.QtGui import QGuiApplication

        from cwsw_desktop.ui.widgets import FRAME_ALLOWANCE, fit_to_screen

        screen = QGuiApplication.primaryScreen()
        if screen is not None and self.screen() is not screen:
            self.setScreen(screen)
        fit_to_screen(self, DEFAULT_SIZE.width(), DEFAULT_SIZE.height())
        area = screen.availableGeometry() if screen is not None else self.geometry()
        self.move(
            area.x() + max(0, (area.width() - self.width() - FRAME_ALLOWANCE.width()) // 2),
            area.y() + max(0, (area.height() - self.height() - FRAME_ALLOWANCE.height()) // 2),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.qsettings.setValue("main/geometry", self.saveGeometry())
        self.qsettings.setValue("main/tab", self.tabs.currentIndex())
        self.qsettings.sync()
        self.jobs.wait(10000)
        if self.store is not None and not self.store.demo:  # at most one backup a day per folder
            from cwsw_desktop.ui.restore_dialog import backup_folders, run_auto_backups

            run_auto_backups(self.store, backup_folders(self.paths, self.qsettings), self.today())
        if self.store is not None:
            self.store.close()
        super().closeEvent(event)
