"""What a locked window shows: the lock screen ("Locked — enter your passphrase", nothing else),
and the veil laid over any other open window (a half-filled dialog keeps its edits under it).
Used by ui/autolock.py."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from cwsw_desktop import APP_NAME


class LockScreen(QWidget):
    """ "Locked — enter your passphrase" and nothing else: no names, no counts."""

    unlock_requested = Signal(object)  # the passphrase (None for a plain store)

    def __init__(self, encrypted: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.encrypted = encrypted
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel("Locked — enter your passphrase" if encrypted else "Locked", self)
        self.title.setObjectName("heading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Passphrase")
        self.field.setMaximumWidth(360)
        self.field.setVisible(encrypted)
        layout.addWidget(self.field, 0, Qt.AlignmentFlag.AlignHCenter)
        self.button = QPushButton("&Unlock" if encrypted else "&Show", self)
        self.button.setDefault(True)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel(self)
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.button.clicked.connect(self._on_unlock)
        self.field.returnPressed.connect(self._on_unlock)

    def _on_unlock(self) -> None:
        if self.encrypted and not self.field.text():
            self.message.setText("Enter the passphrase.")
            return
        self.set_busy(True)
        self.unlock_requested.emit(self.field.text() if self.encrypted else None)

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.button.setEnabled(not busy)
        self.field.setEnabled(not busy)
        self.message.setText("Unlocking…" if busy else message)
        if not busy:
            self.field.clear()
            self.field.setFocus()


class Veil(QObject):
    """Covers one open window while locked, keeping everything typed in it."""

    def __init__(self, window: QWidget, encrypted: bool) -> None:
        super().__init__(window)
        self.window = window
        self.title = window.windowTitle()
        self.focus = window.focusWidget()
        self.hidden = [
            c
            for c in window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if c.isVisible()
        ]
        self.size = window.size()
        for child in self.hidden:
            child.hide()
        window.setWindowTitle(f"{APP_NAME} — locked")
        self.screen = LockScreen(encrypted, window)
        self.screen.setGeometry(window.rect())
        self.screen.show()
        self.screen.raise_()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.screen.setGeometry(self.window.rect())
        return False

    def lift(self) -> None:
        self.window.removeEventFilter(self)
        self.screen.hide()
        self.screen.deleteLater()
        for child in self.hidden:
            child.show()
        self.window.setWindowTitle(self.title)
        self.window.resize(self.size)
        if self.focus is not None:
            self.focus.setFocus()
        self.deleteLater()
