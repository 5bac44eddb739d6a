"""What the window's helpers (the auto-lock, the safe-keeping commands) need of the main window,
as small interfaces rather than the whole window: `WindowHost` is what both need; `autolock.LockHost`
and `safekeeping.Keeper` add their own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QStatusBar, QWidget

if TYPE_CHECKING:
    from cwsw_desktop.store import Store
    from cwsw_desktop.ui.jobs import Jobs


class WindowHost(Protocol):
    """Its settings, store and jobs; a way to switch the store's actions off and on and to
    refresh; its status line; and itself, the parent of dialogs (QWidget.window())."""

    @property
    def qsettings(self) -> QSettings: ...
    @property
    def store(self) -> Store | None: ...
    @property
    def jobs(self) -> Jobs: ...
    def set_store_actions_enabled(self, enabled: bool, /) -> None: ...
    def refresh_all(self) -> None: ...
    def window(self) -> QWidget: ...
    def statusBar(self) -> QStatusBar: ...
