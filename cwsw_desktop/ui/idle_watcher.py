"""When to lock: idle for N minutes, a jump of the wall clock past the monotonic one (the
laptop slept), or Ctrl+L from any window of the app. Both clocks are injectable, so tests
fast-forward time. Used by ui/autolock.py."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

JUMP_SECONDS = 90.0  # wall clock ahead of the monotonic clock by more than this: we slept
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}

INSTALL_AFTER_MS = 400  # the activity filter starts once the window has painted


def _is_lock_key(event: QEvent) -> bool:
    return (
        isinstance(event, QKeyEvent)
        and event.key() == Qt.Key.Key_L
        and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.ControlModifier
    )


class IdleWatcher(QObject):
    """Tells when to lock: idle for `minutes`, a wall-clock jump (sleep), or Ctrl+L."""

    timed_out = Signal()
    clock_jumped = Signal()
    lock_key = Signal()

    def __init__(
        self,
        minutes: int,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        tick_ms: int = 5000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.minutes = minutes
        self.monotonic = monotonic
        self.wall = wall
        self.reset()
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.installed = False
        # Every event in the app passes through an application-wide filter written in Python, so
        # install it after the first paint (it doubled the time to first paint when installed here).
        QTimer.singleShot(INSTALL_AFTER_MS, self._install)

    def _install(self) -> None:
        app = QApplication.instance()
        if app is not None and self.timer.isActive() and not self.installed:
            app.installEventFilter(self)
            self.installed = True

    def reset(self) -> None:
        self.last_activity = self.monotonic()
        self._mark = (self.monotonic(), self.wall())

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY:
            self.last_activity = self.monotonic()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and _is_lock_key(event):
            self.lock_key.emit()
        return False

    def check(self) -> None:
        mono, wall = self.monotonic(), self.wall()
        slept = (wall - self._mark[1]) - (mono - self._mark[0])
        self._mark = (mono, wall)
        if slept > JUMP_SECONDS:
            log.info("clock jumped %.0f s ahead (resume from sleep?): locking", slept)
            self.clock_jumped.emit()
        elif mono - self.last_activity >= self.minutes * 60:
            self.timed_out.emit()
