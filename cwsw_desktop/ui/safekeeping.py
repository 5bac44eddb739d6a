"""Keeping the records safe from the window: backup now, the second backup folder, the audit
log, restore from a backup (also offered when the database is damaged), and retention review.

Functions of the main window, kept here so main_window.py stays about the window itself. Each
takes the window as a `Keeper`: only what these functions need of it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cwsw_desktop.ui.window_host import WindowHost

if TYPE_CHECKING:
    from cwsw_desktop.paths import AppPaths


class Keeper(WindowHost, Protocol):
    """What backup, restore, the audit log and retention review need of the window (the main
    window is one): besides a `WindowHost`, where things are, the date, and a way to reopen
    the store (and hear that it opened)."""

    @property
    def paths(self) -> AppPaths: ...
    @property
    def today(self) -> Callable[[], date]: ...
    @property
    def store_opened(self) -> SignalInstance: ...
    def open_store_async(self, path: Path | None = None, passphrase: str | None = None) -> None: ...


def offer_restore(window: Keeper, exc: Exception, target: Path | None) -> bool:
    """A damaged database: offer the newest verified backup (a guided restore)."""
    from cwsw_desktop.store.errors import DamagedStoreError

    if target is None or not target.exists():
        return False
    if not (isinstance(exc, DamagedStoreError) or "damaged" in str(exc)):
        return False
    from cwsw_desktop.services.backup import list_backups
    from cwsw_desktop.ui.restore_dialog import backup_folders

    backups = [
        b
        for folder in backup_folders(window.paths, window.qsettings)
        for b in list_backups(folder)
        if b.verified
    ]
    if not backups:
        return False
    newest = max(backups, key=lambda b: b.taken)
    answer = QMessageBox.question(
        window.window(),
        "The database is damaged",
        f"{exc}\n\nThe newest verified backup was taken {newest.taken:%d/%m/%Y at %H:%M} "
        f"({newest.name}). Restore from a backup now? The damaged file is kept as a copy first, "
        "and you choose the backup on the next screen.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Yes:
        restore(window)
        return True
    return False


def back_up_now(window: Keeper) -> None:
    if window.store is None:
        return
    suggested = window.paths.backup_dir / f"cwsw-{window.today():%Y-%m-%d}.db"
    path, _ = QFileDialog.getSaveFileName(
        window.window(), "Back up the database", str(suggested), "CWSW database (*.db)"
    )
    if not path:
        return
    from cwsw_desktop.services.backup import backup_to

    store = window.store
    window.statusBar().showMessage("Backing up…")
    window.jobs.run(
        lambda: backup_to(store, Path(path)),
        lambda r: window.statusBar().showMessage(
            f"Backup verified and saved: {r.path} ({r.pupils} pupils)", 8000
        ),
        lambda e: QMessageBox.warning(window.window(), "Backup failed", str(e)),
    )


def show_audit_log(window: Keeper) -> None:
    if window.store is not None:
        from cwsw_desktop.ui.audit_dialog import AuditDialog

        AuditDialog(window.store.engine, window.jobs, window.window()).exec()


def choose_backup_folder_dialog(window: Keeper) -> None:
    from cwsw_desktop.ui.restore_dialog import choose_backup_folder

    chosen = choose_backup_folder(window.window(), window.qsettings)
    if chosen is not None:
        window.statusBar().showMessage(f"Daily backups will also be kept in {chosen}", 8000)


def restore(window: Keeper) -> None:
    from cwsw_desktop.services.restore import record_restore, restore_from
    from cwsw_desktop.ui.restore_dialog import RestoreDialog, backup_folders, detached_store

    # no open store (it was damaged, say): restore into its file all the same
    parent = window.window()
    store = window.store or detached_store(window.paths.db_path, parent)
    if store is None:
        return
    dialog = RestoreDialog(backup_folders(window.paths, window.qsettings), store.path, parent)
    if not dialog.exec() or dialog.chosen is None:
        return
    chosen, safety = dialog.chosen, window.paths.backup_dir
    passphrase = getattr(store, "passphrase", None)  # reopen without asking again
    window.jobs.wait()
    window.set_store_actions_enabled(False)
    window.statusBar().showMessage("Restoring…")

    def reopen(result: Any) -> None:
        def audited() -> None:
            window.store_opened.disconnect(audited)
            if window.store is not None:
                record_restore(window.store, result)
            window.statusBar().showMessage(
                f"Restored {result.counts.get('pupil', 0)} pupils from "
                f"{result.restored_from.name}; the previous database was kept "
                f"as {result.safety_copy}",
                15000,
            )

        window.store_opened.connect(audited)
        window.open_store_async(store.path, **({"passphrase": passphrase} if passphrase else {}))

    def failed(exc: Exception) -> None:
        window.set_store_actions_enabled(window.store is not None)
        QMessageBox.warning(parent, "Restore failed", f"{exc}\n\nThe database has not been changed.")

    window.jobs.run(lambda: restore_from(store, chosen, safety), reopen, failed)


def review_retention(window: Keeper) -> None:
    if window.store is not None:
        from cwsw_desktop.ui.retention_dialog import RetentionDialog

        dialog = RetentionDialog(window.store, window.jobs, window.today, window.window())
        dialog.deleted.connect(lambda _id: window.refresh_all())
        dialog.exec()
