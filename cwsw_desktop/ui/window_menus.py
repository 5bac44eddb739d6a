"""The main window's menus and the commands behind them (File, Edit, View, Reports, Help).

`MenuWindow` is the base of `MainWindow`: it builds the actions and carries the commands that
open a dialog or hand work to a tab; `MainWindow` adds the store, the tabs and the geometry.
Like the window, this module imports nothing heavy at module level: each command imports what
it needs when chosen (message boxes and file dialogs too: each costs milliseconds to import),
so the first paint stays as light as a bare window's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from cwsw_desktop import APP_NAME, __version__
from cwsw_desktop.paths import AppPaths
from cwsw_desktop.ui.jobs import Jobs
from cwsw_desktop.ui.tab_base import TAB_NAMES, Tab

if TYPE_CHECKING:
    from cwsw_desktop.store import Store

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


class MenuWindow(QMainWindow):
    """A main window's menus and commands; the subclass provides the store, tabs and status."""

    store_opened = Signal()

    paths: AppPaths
    qsettings: QSettings
    demo: bool
    today: Callable[[], date]
    jobs: Jobs
    store: Store | None
    tab_widgets: Mapping[str, Tab]
    print_dialog: QWidget | None

    # -- what the subclass (MainWindow) provides --
    if TYPE_CHECKING:

        def open_store_async(self, path: Path | None = None, passphrase: str | None = None) -> None: ...

        def refresh_all(self, saved_on: str | None = None) -> None: ...

        def current_tab(self) -> Tab | None: ...

        def show_tab(self, name: str) -> Tab | None:
            """Bring the tab `name` forward (building it if need be) and return it."""

    # -- actions --
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
        self.backup_action = self._action("&Backup…", partial(self._keep, "back_up_now"))
        self.print_action = self._action("&Print…", self._on_print, QKeySequence.StandardKey.Print)
        self.settings_action = self._action("&Settings…", self._on_settings, "Ctrl+,")
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q", store_needed=False)
        file.addActions([self.open_action, self.backup_action, self.print_action])
        self.restore_action = self._action(
            "&Restore from backup…", partial(self._keep, "restore"), store_needed=False
        )
        self.backup_folder_action = self._action(
            "Backup &folder…", partial(self._keep, "choose_backup_folder_dialog"), store_needed=False
        )
        self.retention_action = self._action("Records due for re&view…", self._on_retention)
        self.move_action = self._action("Move to a &new computer…", self._on_move)
        file.addActions(
            [self.restore_action, self.backup_folder_action, self.retention_action, self.move_action]
        )
        file.addSeparator()
        self.import_action = self._action(
            "&Import pupils…", partial(self._call_tab, "Pupils", "import_pupils")
        )
        self.export_action = self._action(
            "&Export register…", partial(self._call_tab, "Pupils", "export_register")
        )
        # Training: the Training log tab runs the import; Exclusions: the Exclusions tab checks,
        # previews and saves; PEP: meetings from a tracker, which the PEP calendar tab applies.
        self.import_training_action = self._action(
            "Import &training…", partial(self._call_tab, "Training log", "import_training")
        )
        self.import_exclusions_action = self._action(
            "Import e&xclusions…", partial(self._call_tab, "Exclusions", "import_exclusions")
        )
        self.import_peps_action = self._action(
            "I&mport PEPs…", partial(self._call_tab, "PEP calendar", "import_peps")
        )
        file.addActions(
            [
                self.import_action,
                self.export_action,
                self.import_training_action,
                self.import_exclusions_action,
                self.import_peps_action,
            ]
        )
        file.addSeparator()
        file.addAction(self.settings_action)
        file.addSeparator()
        file.addAction(self.quit_action)
        self.file_menu = file

        edit = bar.addMenu("&Edit")
        self.find_action = self._action("&Find", self._on_find, QKeySequence.StandardKey.Find)
        self.new_action = self._action("&New record", self._on_new, QKeySequence.StandardKey.New)
        self.refresh_action = self._action(
            "&Refresh", lambda: self.refresh_all(), QKeySequence.StandardKey.Refresh
        )
        edit.addActions([self.find_action, self.new_action, self.refresh_action])

        view = bar.addMenu("&View")
        for i, name in enumerate(TAB_NAMES):
            view.addAction(
                self._action(f"&{i + 1} {name}", partial(self.show_tab, name), f"Ctrl+{i + 1}", False)
            )

        # Governors: Reports → Report to Governors…
        reports = bar.addMenu("&Reports")
        self.governors_action = self._action("Report to &Governors…", self._on_governors_report)
        reports.addAction(self.governors_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", self._on_shortcuts, "F1", store_needed=False))
        self.audit_action = self._action("Audit &log…", partial(self._keep, "show_audit_log"))
        help_menu.addAction(self.audit_action)
        help_menu.addAction(self._action(f"&About {APP_NAME}", self._on_about, store_needed=False))

    # -- commands --
    def _keep(self, command: str) -> None:
        """One of the safe-keeping commands (backup, restore, backup folder, audit log)."""
        from cwsw_desktop.ui import safekeeping

        commands: dict[str, Callable[[safekeeping.Keeper], None]] = {
            "back_up_now": safekeeping.back_up_now,
            "restore": safekeeping.restore,
            "choose_backup_folder_dialog": safekeeping.choose_backup_folder_dialog,
            "show_audit_log": safekeeping.show_audit_log,
        }
        commands[command](self)

    def _call_tab(self, name: str, method: str) -> None:
        """A File menu import or export: the tab that owns it runs it, brought forward first."""
        tab = self.show_tab(name)
        if tab is not None:
            getattr(tab, method)()

    def _on_find(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.focus_search()

    def _on_new(self) -> None:
        tab = self.current_tab()
        if tab is None or not tab.new_record():
            self.statusBar().showMessage("Nothing to add on this tab.", 4000)

    def _on_open_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "Open database", str(self.paths.data_dir), "CWSW database (*.db *.sqlite);;All files (*)"
        )
        if path:
            self.demo = False
            self.paths = AppPaths(data_dir=Path(path).parent, db_path=Path(path))
            self.setWindowTitle(APP_NAME)
            self.open_store_async(Path(path))

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
            from PySide6.QtCore import Qt

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

        def failed(exc: Exception) -> None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Print", f"Could not print: {exc}")

        self.jobs.run(render, show, failed)

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
        from PySide6.QtWidgets import QMessageBox

        rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in SHORTCUTS)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table cellpadding='4'>{rows}</table>")

    def _on_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>For the Designated Teacher of children with "
            "a social worker: the register, PEPs, exclusions, training and the Report to "
            "Governors.</p><p>Your data stays on this computer.</p>",
        )
