"""Moving to a new computer, from both ends: File → Move to a new computer… on the old laptop, and
"Restore from a backup…" on the first run of the new one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cwsw_desktop.store import Store
from cwsw_desktop.ui.jobs import Jobs


def move_to_new_computer(
    parent: QWidget, store: Store, jobs: Jobs, today: date, school: str, folder: Path | None = None
) -> None:
    """Ask for a folder (a USB stick), then write the verified backup and its instruction sheet
    there in a worker, and say where they went."""
    if folder is None:
        chosen = QFileDialog.getExistingDirectory(
            parent, "Move to a new computer — choose a folder (a USB stick, say)", str(Path.home())
        )
        if not chosen:
            return
        folder = Path(chosen)

    def write() -> object:
        from cwsw_desktop.services.move import write_move_kit

        return write_move_kit(store, folder, today, school)

    def done(kit: object) -> None:
        from cwsw_desktop.services.move import MoveKit

        assert isinstance(kit, MoveKit)
        QMessageBox.information(
            parent,
            "Ready to move",
            f"A verified backup of {kit.pupils} pupils and a one-page instruction sheet are in "
            f"{kit.backup.parent}:\n\n{kit.backup.name}\n{kit.instructions.name}\n\n"
            + (
                "The backup is encrypted with this database's passphrase: you will need it on the new computer."
                if kit.encrypted
                else "This database is not encrypted, so neither is the backup: keep the USB stick safe."
            ),
        )

    def failed(exc: Exception) -> None:
        QMessageBox.warning(parent, "Move to a new computer", f"Nothing was written: {exc}")

    jobs.run(write, done, failed)


def restore_on_first_run(
    parent: QWidget | None,
    target: Path,
    ask_passphrase: Callable[[Path, str], str | None],
    backup: Path | None = None,
) -> tuple[bool, str | None]:
    """Pick a backup, enter its passphrase, and put a checked copy at `target`.

    Returns (restored?, passphrase to open it with). A wrong passphrase asks again; any other
    problem is shown in one line and nothing is written."""
    from cwsw_desktop.services.backup import RestoreError
    from cwsw_desktop.services.move import restore_new
    from cwsw_desktop.store.crypto import looks_encrypted

    if backup is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Restore from a backup", str(Path.home()), "CWSW backups (*.db);;All files (*)"
        )
        if not chosen:
            return False, None
        backup = Path(chosen)
    error = ""
    while True:
        passphrase: str | None = None
        if looks_encrypted(backup):
            passphrase = ask_passphrase(backup, error)
            if passphrase is None:
                return False, None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            check = restore_new(backup, target, passphrase)
        except RestoreError as exc:
            QGuiApplication.restoreOverrideCursor()
            if passphrase is not None and "passphrase" in str(exc):
                error = f"{exc} Try the passphrase again."
                continue
            QMessageBox.warning(parent, "Restore from a backup", f"{exc} Nothing was restored.")
            return False, None
        except OSError as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(parent, "Restore from a backup", f"Could not restore: {exc}")
            return False, None
        QGuiApplication.restoreOverrideCursor()
        if parent is not None or QGuiApplication.instance() is not None:
            QMessageBox.information(
                parent,
                "Restored",
                f"Restored {check.counts.get('pupil', 0)} pupils from {backup.name}. "
                "Check the register and the Overview before removing the old computer's copy.",
            )
        return True, passphrase
