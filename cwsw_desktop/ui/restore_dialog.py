"""File → Restore from backup…, File → Backup folder…, and the daily backups made on close.

The dialog only chooses: it lists the backups in the data folder's backups and in the folder the
DT chose (a USB stick or a network drive, remembered in QSettings), or takes any file, and asks
for confirmation. The main window does the restore (services.restore.restore_from) because it
owns the store: it closes it, swaps the file and reopens it through its usual open path.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from cwsw_desktop.services.backup import BackupInfo, auto_backup, list_backups
from cwsw_desktop.services.restore import DetachedStore
from cwsw_desktop.ui.forms import confirmed
from cwsw_desktop.ui.table_dialog import TableDialog
from cwsw_desktop.ui.table_model import Column

if TYPE_CHECKING:
    from cwsw_desktop.paths import AppPaths
    from cwsw_desktop.services.backup import BackupResult
    from cwsw_desktop.store import Store

log = logging.getLogger(__name__)
EXTRA_FOLDER_KEY = "backup/extra_folder"


# --- where backups go ----------------------------------------------------------------------------


def extra_folder(settings: QSettings) -> Path | None:
    value = settings.value(EXTRA_FOLDER_KEY, "")
    return Path(str(value)) if value else None


def backup_folders(paths: AppPaths, settings: QSettings) -> list[Path]:
    """The data folder's backups, then the DT's own folder if one is set."""
    folders = [paths.backup_dir]
    extra = extra_folder(settings)
    if extra is not None and extra != paths.backup_dir:
        folders.append(extra)
    return folders


def choose_backup_folder(parent: QWidget, settings: QSettings) -> Path | None:
    """Ask for a second folder for the daily backups (blank choice keeps the current one)."""
    current = extra_folder(settings)
    chosen = QFileDialog.getExistingDirectory(
        parent,
        "Also keep the daily backups in… (a USB stick or a network drive)",
        str(current or Path.home()),
    )
    if not chosen:
        return None
    settings.setValue(EXTRA_FOLDER_KEY, chosen)
    settings.sync()
    return Path(chosen)


def run_auto_backups(store: Store, folders: Sequence[Path], today: date) -> list[str]:
    """Today's backup in each folder unless it is there already; never raises (the window is
    closing). The first folder (the data folder's) is created if need be; the others must exist,
    so an unplugged USB stick is skipped rather than recreated on the laptop's own disk.
    Returns one line per folder for the log."""
    notes = []
    for number, folder in enumerate(folders):
        try:
            if number and not folder.is_dir():
                notes.append(f"{folder}: not available (unplugged?), skipped")
                continue
            result: BackupResult | None = auto_backup(store, folder, today)
            notes.append(
                f"{folder}: "
                + ("already backed up today" if result is None else f"backed up in {result.seconds:.2f} s")
            )
        except Exception as exc:  # a full USB stick must not stop the app closing
            notes.append(f"{folder}: backup failed ({exc})")
    for note in notes:
        log.info("backup on close: %s", note)
    return notes


def detached_store(path: Path, parent: QWidget) -> DetachedStore | None:
    """The store's file when it could not be opened, keyed if it is not a plain SQLite file
    (asks for the passphrase); None if there is no file or the DT cancels."""
    if not path.is_file():
        QMessageBox.information(
            parent, "Restore from backup", f"There is no database at {path} to restore into."
        )
        return None
    with path.open("rb") as handle:
        plain = handle.read(16) == b"SQLite format 3\x00"
    if plain:
        return DetachedStore(path)
    passphrase, ok = QInputDialog.getText(
        parent,
        "Restore from backup",
        f"{path.name} is encrypted (or its first page is damaged).\n"
        "Enter its passphrase: backups of it are encrypted with the same one.",
        QLineEdit.EchoMode.Password,
    )
    return DetachedStore(path, passphrase) if ok and passphrase else None


# --- the dialog ----------------------------------------------------------------------------------

COLUMNS: list[Column[BackupInfo]] = [
    Column("Taken", lambda b: b.taken.strftime("%d/%m/%Y %H:%M"), key=lambda b: b.taken),
    Column("File", lambda b: b.name),
    Column("Kind", lambda b: b.kind),
    Column(
        "Checked",
        lambda b: "Verified" if b.verified else "Not verified",
        tooltip=lambda b: (
            "The file still matches the checksum written when the backup was checked"
            if b.verified
            else "No checksum, or the file has changed since it was written: "
            "it is checked fully before a restore"
        ),
        tone=lambda b: None if b.verified else "warn",
    ),
    Column("Size", lambda b: f"{b.size / 1_000_000:.1f} MB", key=lambda b: b.size, align_right=True),
    Column("Folder", lambda b: str(b.path.parent)),
]


class RestoreDialog(TableDialog[BackupInfo]):
    """Pick a backup; ``chosen`` is its path once the DT confirms."""

    def __init__(self, folders: Sequence[Path], db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            "Restore from backup", COLUMNS, (0, Qt.SortOrder.DescendingOrder), (860, 440), parent
        )
        self.folders = list(folders)
        self.db_path = db_path
        self.chosen: Path | None = None
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.empty_label = QLabel("", self)
        self.file_button = QPushButton("Choose a &file…", self)
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton("&Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._lay_out(
            "Choose the backup to go back to. It is checked first; then the current database is "
            "backed up (so nothing is lost) and replaced. Changes made since the backup will be "
            "in that safety copy, not in the restored database.",
            self.empty_label,
            self.buttons,
        )

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore)
        self.file_button.clicked.connect(self._on_file)
        self.table.doubleClicked.connect(lambda _index: self._on_restore())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    def refresh(self) -> None:
        rows: list[BackupInfo] = []
        for folder in self.folders:
            rows += list_backups(folder)
        rows.sort(key=lambda b: b.taken, reverse=True)
        self.show_rows(rows)
        if rows:
            self.table.selectRow(0)
            self.empty_label.setText(f"{len(rows)} backup(s) in {', '.join(str(f) for f in self.folders)}.")
        else:
            self.empty_label.setText(
                "No backups found in "
                + ", ".join(str(f) for f in self.folders)
                + ". Use “Choose a file…” to pick one elsewhere."
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _on_file(self) -> None:
        start = str(self.folders[0]) if self.folders else ""
        path, _ = QFileDialog.getOpenFileName(
            self, "Restore from a backup file", start, "CWSW backup (*.db);;All files (*)"
        )
        if path:
            self._confirm(Path(path))

    def _on_restore(self) -> None:
        info = self.selected()
        if info is not None:
            self._confirm(info.path)

    def _confirm(self, path: Path) -> None:
        if confirmed(
            self,
            "Restore from backup",
            f"Replace the database with the backup\n{path}?\n\nThe current database will be backed up "
            "first, so it is not lost.",
            cancel=True,
        ):
            self.chosen = path
            self.accept()
