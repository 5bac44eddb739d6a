"""The main window: tabs, status bar, the store. Menus and their commands are in
`window_menus.py`; the tabs are built lazily by `tab_set.py`.

The first paint is kept as light as a bare window's: nothing that only a tab, a dialog or a report
needs is imported at module level here, and neither is PySide6's `Qt` namespace (creating its
~100 enums costs about as much as the bare window's whole paint). sqlmodel, the services and the
tab modules load in the worker that opens the store; only the tab on screen is then built.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from cwsw_desktop import APP_NAME
from cwsw_desktop.paths import AppPaths
from cwsw_desktop.ui.jobs import Jobs
from cwsw_desktop.ui.screen_fit import ElidedLabel, scrolling
from cwsw_desktop.ui.store_opening import open_and_prepare, settle_after_opening
from cwsw_desktop.ui.tab_base import TAB_NAMES, Tab
from cwsw_desktop.ui.tab_set import TabSet
from cwsw_desktop.ui.window_menus import SHORTCUTS, MenuWindow

if TYPE_CHECKING:
    from cwsw_desktop.store import Store
    from cwsw_desktop.ui.autolock import Locker
    from cwsw_desktop.ui.context import AppContext

__all__ = ["SHORTCUTS", "TAB_NAMES", "MainWindow"]

log = logging.getLogger(__name__)
DEFAULT_SIZE = QSize(1180, 760)  # on a first run, or less on a smaller screen
MINIMUM_SIZE = QSize(760, 460)  # what every tab is laid out to fit (checked by tests/ui/test_fits_screen.py)


class MainWindow(MenuWindow):
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
        self.tab_widgets: TabSet = TabSet()
        self._status_noted: set[str] = set()  # tabs whose status note has shown since opening
        self.print_dialog: QWidget | None = None
        self._locker: Locker | None = None
        self._build()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._restore_geometry()

    # -- building --
    def _build(self) -> None:
        self.setWindowTitle(APP_NAME + (" — DEMO (fictitious data, not encrypted)" if self.demo else ""))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self._layouts: dict[str, QVBoxLayout] = {}
        for name in TAB_NAMES:
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.setContentsMargins(8, 8, 8, 8)
            self._layouts[name] = layout
            # a tab that needs more room than a small screen gives scrolls rather than being cut off
            self.tabs.addTab(scrolling(page), name)
        self.setCentralWidget(self.tabs)
        self.db_label = ElidedLabel(self)  # a long path gives way rather than cutting the status off
        self.school_label = QLabel(self)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.school_label)
        self._build_menus()

    @property
    def locker(self) -> Locker:
        """Auto-lock, Ctrl+L and File → Security: made when first needed (the store opening, or a
        test), not before the first paint."""
        return self._ensure_locker()

    def _ensure_locker(self) -> Locker:
        if self._locker is None:
            from cwsw_desktop.ui.autolock import Locker

            self._locker = Locker(self, self.file_menu, self.quit_action)
        return self._locker

    # -- the store --
    def open_store_async(
        self, path: Path | None = None, passphrase: str | None = None, error: str = ""
    ) -> None:
        self._ensure_locker()  # made here, once the window has painted
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
        shown = self._shown_name()  # its modules load in the worker

        def settle() -> None:  # a write before this runs the check itself (unit_of_work)
            store = self.store
            if store is not None:  # ONE job: the other worker stays free for the tabs' loads

                def settled(_: Store) -> None:  # the unlock's audit event was a commit: what
                    if self.store is store:  # is on screen reloads (in a worker), as after a save
                        self.refresh_all()

                self.jobs.run(
                    lambda: settle_after_opening(store, passphrase, failed),
                    settled,
                    lambda exc: self._on_check_failed(store, exc, target),
                )

        def opened(store: Store) -> None:
            self.set_store(store)
            self._after_first_load(settle)  # right after the first tab's data shows

        self.jobs.run(
            lambda: open_and_prepare(target, self.demo, self.today(), passphrase, failed, shown),
            opened,
            lambda exc: self._on_store_failed(exc, target),
        )

    def _after_first_load(self, then: Callable[[], None]) -> None:
        """Run `then` once the jobs started with the store (the first tab's load) are done."""
        from PySide6.QtCore import QTimer

        if not self.jobs.busy:
            then()
            return

        def idle() -> None:
            self.jobs.idle.disconnect(idle)
            QTimer.singleShot(0, then)

        self.jobs.idle.connect(idle)

    def _on_check_failed(self, store: Store, exc: Exception, target: Path) -> None:
        """The integrity check after opening failed: drop the (still read-only) store and say
        so as an open that failed would: the same message and the guided restore."""
        if self.store is store:
            self.jobs.wait()  # the first tab's load, which may have failed on the damage too
            store.close()
            self.store, self.ctx = None, None
            self.tab_widgets = TabSet()
            self.set_store_actions_enabled(False)
            for layout in self._layouts.values():
                _empty(layout)
        self._on_store_failed(exc, target)

    def set_store(self, store: Store) -> None:
        from cwsw_desktop.ui.context import AppContext

        if self.store is not None and self.store is not store:
            self.store.close()
        self.store = store
        self.failed_unlocks.clear()
        self.ctx = AppContext(
            store=store, paths=self.paths, jobs=self.jobs, today=self.today, settings=self.qsettings
        )
        for layout in self._layouts.values():
            _empty(layout)  # the tabs of a previous store, or a message
        self.tab_widgets = TabSet(self.ctx, self._adopt, self._shown_name)
        self._status_noted = set()
        self.set_store_actions_enabled(True)
        self._update_status()
        self.tab_widgets.show(self._shown_name())  # only the tab on screen is built now
        self.locker.on_store_opened()
        self.store_opened.emit()

    def _adopt(self, name: str, widget: Tab) -> None:
        """A tab was built: onto its page, and listened to."""
        self._layouts[name].addWidget(widget)
        widget.open_pupil.connect(self.show_pupil)
        widget.changed.connect(partial(self.refresh_all, name))  # a tab saved something
        widget.act_on.connect(self.act_on)
        widget.loaded.connect(partial(self._on_tab_loaded, name))  # counts in titles and status

    def _on_store_failed(self, exc: Exception, target: Path | None = None) -> None:
        from cwsw_desktop.store.errors import PassphraseRequiredError, WrongPassphraseError

        if isinstance(exc, WrongPassphraseError):
            self.failed_unlocks.append(datetime.now(UTC))  # audited after the next unlock
        if target is not None and isinstance(exc, (WrongPassphraseError, PassphraseRequiredError)):
            self.open_store_async(target, error=str(exc))  # ask again, saying why
            return
        log.error("could not open the store: %s", exc)
        self.db_label.setText("No database open")
        from cwsw_desktop.ui import safekeeping

        if safekeeping.offer_restore(self, exc, target):
            return
        for layout in self._layouts.values():
            _empty(layout)
            message = QLabel(f"{exc}\n\nUse File → Open database… to choose another file.")
            message.setObjectName("emptyState")
            message.setWordWrap(True)
            layout.addWidget(message)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(self, "Could not open the database", str(exc))

    def _update_status(self) -> None:
        if self.store is None:
            return
        from cwsw_desktop.services.school_read import read_settings  # no ORM, no model module
        from cwsw_desktop.store.reader import reading

        with reading(self.store.engine) as r:
            school = read_settings(r).name or "School not set (File → Settings…)"
        demo = "  ·  DEMO: fictitious data, not encrypted" if self.store.demo else ""
        if not self.store.demo:
            demo = (
                "  ·  encrypted" if self.store.encrypted else "  ·  NOT encrypted (File → Encrypt database…)"
            )
        self.db_label.setText(f"Database: {self.store.path}{demo}")
        self.school_label.setText(school)

    # -- the tabs --
    def refresh_all(self, saved_on: str | None = None) -> None:
        """Something changed: the tab on screen (and the tab it was saved on) reloads now, the
        others when next shown."""
        self.tab_widgets.refresh_all(saved_on)
        self._update_status()

    def show_pupil(self, pupil_id: int) -> None:
        from cwsw_desktop.rules.duties import Act, ActOn

        self.act_on(Act(ActOn.PUPIL, pupil_id, pupil_id))

    def act_on(self, act: object) -> None:
        """Open the record an item names, on the first tab that owns it (a tab is built only if
        its kind may own it)."""
        from cwsw_desktop.rules.duties import Act, ActOn

        if not isinstance(act, Act):
            return
        for name in TAB_NAMES:
            if self.tab_widgets.may_open(name, act) and self.tab_widgets[name].open_act(act):
                self.show_tab(name)
                return
        if act.on is ActOn.SETTINGS:
            self._on_settings()
        elif act.on is ActOn.RETENTION:
            self._on_retention()
        elif act.pupil_id is not None and act.on is not ActOn.PUPIL:
            self.show_pupil(act.pupil_id)

    def _on_tab_loaded(self, name: str) -> None:
        """A tab loaded: its caption may carry counts; its status note shows once after opening."""
        widget = self.tab_widgets.built().get(name)
        if widget is None:
            return
        self.tabs.setTabText(TAB_NAMES.index(name), widget.caption())
        note = widget.status_note()
        if note and name not in self._status_noted:
            self._status_noted.add(name)
            if not self.statusBar().currentMessage():  # never over a message the user must read
                self.statusBar().showMessage(note, 15000)

    def _shown_name(self) -> str:
        return TAB_NAMES[max(0, self.tabs.currentIndex())]

    def show_tab(self, name: str) -> Tab | None:
        self.tabs.setCurrentIndex(TAB_NAMES.index(name))  # builds or refreshes it if need be
        return self.tab_widgets.get(name)

    def current_tab(self) -> Tab | None:
        return self.tab_widgets.show(self._shown_name())

    def _on_tab_changed(self, index: int) -> None:
        self.qsettings.setValue("main/tab", index)
        if 0 <= index < len(TAB_NAMES):
            self.tab_widgets.show(TAB_NAMES[index])  # built on first show; a stale one reloads

    # -- geometry --
    def _minimum_size(self) -> QSize:
        from cwsw_desktop.ui.screen_fit import screen_room

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
        from cwsw_desktop.ui.screen_fit import available_area

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

        from cwsw_desktop.ui.screen_fit import FRAME_ALLOWANCE, fit_to_screen

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


def _empty(layout: QVBoxLayout) -> None:
    """Take every widget out of a tab's page (and delete it)."""
    while layout.count():
        item = layout.takeAt(0)
        old = item.widget() if item is not None else None
        if old is not None:
            old.deleteLater()
