"""Auto-lock and the File menu's security section.

The window locks after N idle minutes (default 5, 1–15, kept in QSettings), on Ctrl+L (from
any window of the app, dialogs included), and on resume from sleep (the wall clock jumps
ahead of the monotonic clock). Activity is any key, click, wheel or mouse move, seen by an
application-wide event filter. Both clocks are injectable, so tests fast-forward time.

Locking:
- the tabs are taken out of the window (the central widget becomes a lock screen saying only
  "Locked — enter your passphrase") and every table is emptied;
- every other open window (a half-filled pupil dialog, a message box) is *veiled*, not
  hidden: its contents are hidden and a lock screen laid over it, its title replaced. Hiding a
  QDialog ends its ``exec()`` as Rejected, which would throw the DT's unsaved edits away; a
  veiled dialog stays open with everything typed in it, and is unveiled after unlocking. The
  top modal dialog's lock screen is the one that takes the passphrase (Qt lets input reach
  only the top modal window);
- the store is locked (``Store.lock``): pooled connections closed, passphrase forgotten, no
  new connection until unlocked.
Unlocking runs the key derivation in a worker (the window keeps painting), then restores the
same tab and the dialogs, and refreshes the tables. A plain store (the demo, tests) locks the
same way; its lock screen has a "Show" button instead of a passphrase field, since there is no
key to forget.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QToolTip,
    QWidget,
)

from cwsw_desktop.ui.idle_watcher import IdleWatcher
from cwsw_desktop.ui.lock_screen import LockScreen, Veil
from cwsw_desktop.ui.window_host import WindowHost

if TYPE_CHECKING:
    from cwsw_desktop.store import Store

log = logging.getLogger(__name__)

SETTING = "security/autolock_minutes"
DEFAULT_MINUTES, MIN_MINUTES, MAX_MINUTES = 5, 1, 15
CHOICES = [1, 2, 3, 5, 10, 15]


def autolock_minutes(settings: QSettings) -> int:
    try:
        minutes = int(str(settings.value(SETTING, DEFAULT_MINUTES)))
    except (TypeError, ValueError):
        minutes = DEFAULT_MINUTES
    return max(MIN_MINUTES, min(MAX_MINUTES, minutes))


class LockHost(WindowHost, Protocol):
    """What the Locker needs from the window it locks (the main window is one): besides a
    `WindowHost`, the failed unlocks to audit, the database line, a way to take the store back
    after encrypting it and, as QMainWindow has them, its central widget, which a lock screen
    replaces while locked.
    """

    @property
    def failed_unlocks(self) -> list[datetime]: ...
    @property
    def db_label(self) -> QLabel: ...
    def set_store(self, store: Store, /) -> None: ...
    def takeCentralWidget(self) -> QWidget | None: ...
    def setCentralWidget(self, widget: QWidget, /) -> None: ...


class Locker(QObject):
    """Locks and unlocks the window; owns the idle watcher and the security menu items, which
    it puts in `menu` (the File menu) before `before` (Quit)."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: LockHost,
        menu: QMenu,
        before: QAction,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(window.window())
        self.window = window
        self.is_locked = False
        self.watcher = IdleWatcher(
            autolock_minutes(window.qsettings), monotonic=monotonic, wall=wall, parent=self
        )
        self.watcher.timed_out.connect(self.lock)
        self.watcher.clock_jumped.connect(self.lock)
        self.watcher.lock_key.connect(self.lock)
        self.screens: list[LockScreen] = []
        self._veils: list[Veil] = []
        self._content: QWidget | None = None  # the tabs, out of the window while locked
        self._build_menu(menu, before)

    # -- menu --
    def _build_menu(self, menu: QMenu, before: QAction) -> None:
        w = self.window.window()
        self.lock_action = QAction("&Lock now", w)
        self.lock_action.setShortcut("Ctrl+L")
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)
        self.change_action = QAction("C&hange passphrase…", w)
        self.change_action.triggered.connect(self._on_change_passphrase)
        self.encrypt_action = QAction("Encr&ypt database…", w)
        self.encrypt_action.triggered.connect(self._on_encrypt)
        self.minutes_menu = QMenu("&Auto-lock after…", w)
        group = QActionGroup(self.minutes_menu)
        current = autolock_minutes(self.window.qsettings)
        self.minute_actions: dict[int, QAction] = {}
        for minutes in sorted(set(CHOICES) | {current}):
            action = QAction(f"{minutes} minute{'s' if minutes != 1 else ''}", self.minutes_menu)
            action.setCheckable(True)
            action.setChecked(minutes == current)
            action.triggered.connect(lambda _=False, m=minutes: self.set_minutes(m))
            group.addAction(action)
            self.minutes_menu.addAction(action)
            self.minute_actions[minutes] = action
        section = menu.insertSection(before, "Security")
        section.setObjectName("securitySection")
        for action in (self.lock_action, self.change_action, self.encrypt_action):
            menu.insertAction(before, action)
        menu.insertMenu(before, self.minutes_menu)
        menu.insertSeparator(before)
        self.update_actions()

    def set_minutes(self, minutes: int) -> None:
        minutes = max(MIN_MINUTES, min(MAX_MINUTES, minutes))
        self.window.qsettings.setValue(SETTING, minutes)
        self.watcher.minutes = minutes
        if minutes in self.minute_actions:
            self.minute_actions[minutes].setChecked(True)
        self.window.statusBar().showMessage(
            f"The window will lock after {minutes} idle minute{'s' if minutes != 1 else ''}.", 5000
        )

    def update_actions(self) -> None:
        store = self.window.store
        usable = store is not None and not self.is_locked
        self.lock_action.setEnabled(store is not None)
        self.change_action.setEnabled(usable and bool(store and store.encrypted))
        self.encrypt_action.setEnabled(usable and bool(store and not store.encrypted and not store.demo))

    # -- locking --
    def lock(self) -> None:
        w = self.window
        store = w.store
        if self.is_locked or store is None:
            return
        self.is_locked = True
        QToolTip.hideText()
        for menu in w.window().findChildren(QMenu):
            menu.close()
        for other in QApplication.topLevelWidgets():
            if (
                other is not w.window()
                and other.isVisible()
                and not isinstance(other, QMenu)
                and other.isWindow()
                and other.windowType() not in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
            ):
                self._veils.append(Veil(other, store.encrypted))
        self._content = w.takeCentralWidget()  # the tabs leave the window, kept alive here
        screen = LockScreen(store.encrypted)
        w.setCentralWidget(screen)
        self.screens = [screen] + [v.screen for v in self._veils]
        for s in self.screens:
            s.unlock_requested.connect(self.unlock)
        self._clear_tables()
        w.jobs.idle.connect(self._clear_tables)  # rows from a job still running when we locked
        w.set_store_actions_enabled(False)
        self.update_actions()
        from cwsw_desktop.services.audit import log_event

        try:
            log_event(store.engine, "lock", "store")
        except Exception:  # locking must never fail because the audit write did
            log.exception("could not audit the lock")
        store.lock()
        self._status = w.db_label.text()
        w.db_label.setText("Locked")
        top = self._veils[-1].screen if self._veils else screen
        if store.encrypted:
            top.field.setFocus()
        else:
            top.button.setFocus()
        log.info("window locked")
        self.locked_changed.emit(True)

    def _clear_tables(self) -> None:
        from cwsw_desktop.ui.list_tab import RowTable
        from cwsw_desktop.ui.tab_base import Tab

        if self.is_locked and self._content is not None:
            for table in self._content.findChildren(RowTable):
                table.set_rows([])
            for tab in self._content.findChildren(Tab):
                tab.forget_shown()

    def unlock(self, passphrase: str | None) -> None:
        store = self.window.store
        if not self.is_locked or store is None:
            return
        for s in self.screens:
            s.set_busy(True)
        failed = tuple(self.window.failed_unlocks)

        def unlock_and_audit() -> None:
            from cwsw_desktop.services.audit import record_unlock

            store.unlock(passphrase)
            record_unlock(store.engine, failed, "unlocked" if passphrase is not None else "shown")

        self.window.jobs.run(unlock_and_audit, self._on_unlocked, self._on_unlock_failed)

    def _on_unlock_failed(self, exc: Exception) -> None:
        from cwsw_desktop.store.errors import WrongPassphraseError

        if isinstance(exc, WrongPassphraseError):
            self.window.failed_unlocks.append(datetime.now(UTC))
        for s in self.screens:
            s.set_busy(False, str(exc))

    def _on_unlocked(self, _result: Any = None) -> None:
        w = self.window
        w.failed_unlocks.clear()
        with contextlib.suppress(RuntimeError, TypeError):
            w.jobs.idle.disconnect(self._clear_tables)
        self.is_locked = False
        screen = w.takeCentralWidget()
        if screen is not None:
            screen.deleteLater()
        if self._content is not None:
            w.setCentralWidget(self._content)  # the same tabs, on the same tab as before
            self._content = None
        w.set_store_actions_enabled(True)
        self.update_actions()
        w.db_label.setText(getattr(self, "_status", ""))
        w.refresh_all()
        for veil in reversed(self._veils):
            veil.lift()
        self._veils, self.screens = [], []
        self.watcher.reset()
        self._watch_for_commits()
        log.info("window unlocked")
        self.locked_changed.emit(False)

    def _watch_for_commits(self) -> None:
        """Locking closed the store's watching connection: open it again in a worker (a key
        derivation), so that kept results hold on any pooled connection again (data_state)."""
        store = self.window.store
        gate = store.gate if store is not None else None
        if gate is None:
            return

        def not_watching(exc: Exception) -> None:  # views then keep results per connection
            log.info("not watching the store for commits: %s", exc)

        self.window.jobs.run(gate.start_watching, lambda _none: None, not_watching)

    # -- passphrase changes --
    def _on_change_passphrase(self) -> None:
        from cwsw_desktop.services.vault import change_passphrase
        from cwsw_desktop.ui.unlock_dialog import ask_change

        store = self.window.store
        answer = ask_change(self.window.window())
        if store is None or answer is None:
            return
        current, new = answer
        self.window.statusBar().showMessage("Changing the passphrase…")
        self.window.jobs.run(
            lambda: change_passphrase(store, current, new),
            lambda _r: self.window.statusBar().showMessage(
                "Passphrase changed. Backups made before now still open only with the old one.", 15000
            ),
            lambda e: QMessageBox.warning(self.window.window(), "Passphrase not changed", str(e)),
        )

    def _on_encrypt(self) -> None:
        from cwsw_desktop.services.vault import encrypt_store
        from cwsw_desktop.ui.unlock_dialog import ask_new_passphrase

        w = self.window
        store = w.store
        if store is None:
            return
        passphrase = ask_new_passphrase(w.window(), store.path)
        if passphrase is None:
            return
        w.jobs.wait()
        w.set_store_actions_enabled(False)
        w.statusBar().showMessage("Encrypting the database…")

        def done(_r: Any) -> None:
            w.set_store(store)  # the same store, now on a keyed engine: rebuild the tabs on it
            w.statusBar().showMessage(
                "The database is now encrypted. Backups made before now are not: "
                "delete them or keep them safe.",
                20000,
            )

        def failed(exc: Exception) -> None:
            w.set_store_actions_enabled(True)
            QMessageBox.warning(w.window(), "Not encrypted", str(exc))

        w.jobs.run(lambda: encrypt_store(store, passphrase), done, failed)

    # -- where the database is --
    def on_store_opened(self) -> None:
        """Show a synced-folder / network-share warning: in the status bar each time, in a
        message box once per database."""
        self.update_actions()
        store = self.window.store
        if store is None or not store.warnings:
            return
        warning = store.warnings[0]
        self.window.statusBar().showMessage(warning, 30000)
        key = "security/warned/" + str(store.path).replace("/", "|").replace("\\", "|")
        if not self.window.qsettings.value(key, False, type=bool):
            self.window.qsettings.setValue(key, True)
            QMessageBox.warning(self.window.window(), "Where the database is kept", warning)


def lockable_dialogs() -> list[QDialog]:
    """The dialogs a lock would veil (for tests and diagnostics)."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
