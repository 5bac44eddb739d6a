"""Passphrase dialogs: unlock an encrypted database, choose a passphrase (first run, or to
encrypt a plain database), change it. Passphrases are never echoed; the strength hint is
shown in words (not by colour alone) as you type.

The key derivation itself never runs here: the window opens the store in a worker with the
passphrase these dialogs return, and asks again with the error if it was wrong.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop import APP_NAME
from cwsw_desktop.services.vault import POLICY, passphrase_problem, strength

UNLOCK, CREATE, ENCRYPT, CHANGE = "unlock", "create", "encrypt", "change"
DEMO = "demo"  # what ask_first_run returns when the DT chooses to look around first
RESTORE = "restore"  # ... and when they choose to restore a backup (a new computer)

INTRO = {
    UNLOCK: "{name} is encrypted. Enter its passphrase to open it.",
    CREATE: "Welcome. The register holds sensitive information about children, so it is kept "
    "encrypted on this computer. Choose a passphrase to protect it: you will need it each "
    "time you open the app, and nobody (not even IT) can recover it if it is lost.",
    ENCRYPT: "Encrypt {name} with a passphrase. You will need it each time you open the app; it "
    "cannot be recovered if lost. Backups made before now are not encrypted: once this "
    "is done, delete them or keep them somewhere safe.",
    CHANGE: "Choose a new passphrase. Backups made before the change keep the old passphrase: "
    "keep a note of it somewhere safe for as long as you keep those backups.",
}
TITLE = {
    UNLOCK: f"Unlock {APP_NAME}",
    CREATE: f"{APP_NAME} — choose a passphrase",
    ENCRYPT: "Encrypt the database",
    CHANGE: "Change the passphrase",
}


def _secret(parent: QWidget, accessible: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    field.setMinimumWidth(320)
    return field


class PassphraseDialog(QDialog):
    """One dialog for the four cases; `passphrase()` / `current()` hold what was typed."""

    def __init__(
        self,
        mode: str,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
        error: str = "",
        offer_demo: bool = False,
        offer_restore: bool = False,
    ) -> None:
        super().__init__(parent)
        self.mode = mode
        self.choice: str | None = None  # DEMO or RESTORE when one of those buttons was used
        self._offer_restore = offer_restore
        self.setWindowTitle(TITLE[mode])
        self.setModal(True)
        self._build(path, error, offer_demo)
        self._connect()
        self._on_changed()

    def _build(self, path: Path | None, error: str, offer_demo: bool) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO[self.mode].format(name=path.name if path else "The database"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.current_field: QLineEdit | None = None
        self.confirm: QLineEdit | None = None
        if self.mode == CHANGE:
            self.current_field = _secret(self, "Current passphrase")
            form.addRow("&Current passphrase:", self.current_field)
        self.field = _secret(self, "Passphrase" if self.mode == UNLOCK else "New passphrase")
        form.addRow("&Passphrase:" if self.mode == UNLOCK else "&New passphrase:", self.field)
        if self.mode != UNLOCK:
            self.confirm = _secret(self, "Type the passphrase again")
            form.addRow("Type it &again:", self.confirm)
        layout.addLayout(form)
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(self.mode != UNLOCK)
        layout.addWidget(self.hint)
        self.error = QLabel(error, self)
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(self)
        ok_text = {UNLOCK: "&Unlock", CREATE: "&Create the database", ENCRYPT: "&Encrypt", CHANGE: "C&hange"}[
            self.mode
        ]
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.demo_button: QPushButton | None = None
        if offer_demo:
            self.demo_button = self.buttons.addButton(
                "Look around with the &demo first", QDialogButtonBox.ButtonRole.ActionRole
            )
        self.restore_button: QPushButton | None = None
        if self._offer_restore:
            self.restore_button = self.buttons.addButton(
                "&Restore from a backup…", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.restore_button.setToolTip("Moving from another computer: open the backup you brought")
        cancel = QDialogButtonBox.StandardButton.Cancel
        self.buttons.addButton(cancel)
        if self.mode in (UNLOCK, CREATE):
            self.buttons.button(cancel).setText("&Quit" if self.mode == CREATE else "&Cancel")
        layout.addWidget(self.buttons)
        self.field.setFocus()

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.field.textChanged.connect(self._on_changed)
        if self.confirm is not None:
            self.confirm.textChanged.connect(self._on_changed)
        if self.demo_button is not None:
            self.demo_button.clicked.connect(self._on_demo)
        if self.restore_button is not None:
            self.restore_button.clicked.connect(self._on_restore)

    # -- reading --
    def passphrase(self) -> str:
        return self.field.text()

    def current(self) -> str:
        return self.current_field.text() if self.current_field is not None else ""

    def problem(self) -> str | None:
        """Why OK cannot be pressed yet, or None."""
        if self.mode == UNLOCK:
            return None if self.passphrase() else "Enter the passphrase."
        if self.current_field is not None and not self.current():
            return "Enter the current passphrase."
        problem = passphrase_problem(self.passphrase())
        if problem:
            return problem
        if self.confirm is not None and self.confirm.text() != self.passphrase():
            return "The two passphrases differ."
        if self.mode == CHANGE and self.passphrase() == self.current():
            return "The new passphrase is the same as the current one."
        return None

    # -- slots --
    def _on_changed(self) -> None:
        problem = self.problem()
        self.ok.setEnabled(problem is None)
        if self.mode != UNLOCK:
            typed = self.passphrase()
            self.hint.setText(f"{strength(typed).text}. {POLICY}" if typed else POLICY)
            if typed and problem and self.confirm is not None and self.confirm.text():
                self.hint.setText(self.hint.text() + f"\n{problem}")

    def _on_ok(self) -> None:
        if self.problem() is None:
            self.accept()

    def _on_demo(self) -> None:
        self.choice = DEMO
        self.accept()

    def _on_restore(self) -> None:
        self.choice = RESTORE
        self.accept()


def ask_unlock(parent: QWidget | None, path: Path, error: str = "") -> str | None:
    """The passphrase for `path`, or None if the DT cancelled."""
    dialog = PassphraseDialog(UNLOCK, parent, path=path, error=error)
    return dialog.passphrase() if dialog.exec() else None


def ask_first_run(path: Path, parent: QWidget | None = None) -> str | None:
    """First run with no database: a new passphrase, DEMO, RESTORE, or None (quit)."""
    dialog = PassphraseDialog(CREATE, parent, path=path, offer_demo=True, offer_restore=True)
    if not dialog.exec():
        return None
    return dialog.choice if dialog.choice in (DEMO, RESTORE) else dialog.passphrase()


def ask_new_passphrase(parent: QWidget | None, path: Path) -> str | None:
    """A passphrase to encrypt a plain database with, or None."""
    dialog = PassphraseDialog(ENCRYPT, parent, path=path)
    return dialog.passphrase() if dialog.exec() else None


def ask_change(parent: QWidget | None) -> tuple[str, str] | None:
    """(current, new) passphrases, or None."""
    dialog = PassphraseDialog(CHANGE, parent)
    return (dialog.current(), dialog.passphrase()) if dialog.exec() else None


def passphrase_to_open(
    parent: QWidget | None,
    path: Path,
    *,
    known: str | None = None,
    error: str = "",
    backup_folders: list[Path] | None = None,
) -> tuple[bool, str | None]:
    """(go ahead?, passphrase) for opening `path`: no passphrase for a plain or new file; the
    `known` one when reopening the same file; otherwise ask (with `error` after a wrong try)."""
    from cwsw_desktop.services.vault import looks_encrypted

    if not looks_encrypted(path):
        return True, None
    if known and not error:
        return True, known
    shown = wrong_passphrase_help(error, backup_folders or []) if error else ""
    passphrase = ask_unlock(parent, path, shown)
    return passphrase is not None, passphrase


def wrong_passphrase_help(error: str, backup_folders: list[Path]) -> str:
    """The error, and where the newest verified backup is (in case the file is damaged)."""
    try:
        from cwsw_desktop.services.backup import list_backups
    except ImportError:
        return error
    newest = None
    for folder in backup_folders:
        for info in list_backups(folder):
            if info.verified and (newest is None or info.taken > newest.taken):
                newest = info
            if info.verified:
                break
    if newest is None:
        return error
    return (
        f"{error} If the file is damaged, the newest verified backup is {newest.name} "
        f"({newest.taken:%d/%m/%Y %H:%M}) in {newest.path.parent}."
    )
