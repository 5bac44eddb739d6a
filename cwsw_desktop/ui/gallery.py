"""Every tab and dialog a DT can meet, opened on demand on an open (demo) store.

One list, two users: ``docs/screenshot.py`` photographs each screen at a given screen size and
scale, and ``tests/ui/test_fits_screen.py`` checks that each fits a 1280×720 screen with nothing
cut off. When you add a dialog, add one `Screen` to `SCREENS` (or `tab_screens`) and both cover it.

Each opener builds its widget, shows it without blocking (``show()``, never ``exec()``), waits for
any work it started, and returns the top-level widget to look at; `close_screen` undoes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from cwsw_desktop.ui import gallery_openers as openers
from cwsw_desktop.ui.screen_check import cut_off, off_screen, pause, settle
from cwsw_desktop.ui.tab_base import TAB_NAMES

if TYPE_CHECKING:
    from cwsw_desktop.ui.main_window import MainWindow

__all__ = [
    "Screen",
    "close_screen",
    "cut_off",
    "every_screen",
    "off_screen",
    "pause",
    "settle",
    "tab_screens",
]


@dataclass(frozen=True)
class Screen:
    name: str  # a file-name-friendly name: "tab-pupils", "settings"
    open: Callable[[MainWindow], QWidget]


def _tab(index: int) -> Callable[[MainWindow], QWidget]:
    def open_tab(window: MainWindow) -> QWidget:
        window.tabs.setCurrentIndex(index)
        settle(window)
        return window

    return open_tab


def _pupil_chosen(window: MainWindow) -> QWidget:
    tab = window.tab_widgets["Pupils"]
    window.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))
    tab.open_act(openers.act_for(openers.a_pupil(window).id))
    settle(window)
    return window


def _lock_screen(window: MainWindow) -> QWidget:
    window.locker.lock()
    settle(window)
    return window


def _page(tab_name: str, index: int) -> Callable[[MainWindow], QWidget]:
    """A tab showing one of its inner pages (the PEP calendar's calendar, the Training log's records)."""

    def open_page(window: MainWindow) -> QWidget:
        from PySide6.QtWidgets import QTabWidget

        window.tabs.setCurrentIndex(TAB_NAMES.index(tab_name))
        pages = getattr(window.tab_widgets[tab_name], "pages", None)
        assert isinstance(pages, QTabWidget), f"{tab_name} has no pages"
        pages.setCurrentIndex(index)
        settle(window)
        return window

    return open_page


def tab_screens() -> list[Screen]:
    screens = [Screen("tab-" + name.lower().replace(" ", "-"), _tab(i)) for i, name in enumerate(TAB_NAMES)]
    screens.insert(TAB_NAMES.index("Pupils") + 1, Screen("tab-pupils-chosen", _pupil_chosen))
    pep = next(n for n, s in enumerate(screens) if s.name == "tab-pep-calendar")
    screens[pep + 1 : pep + 1] = [
        Screen("tab-pep-calendar-agenda", _page("PEP calendar", 1)),
        Screen("tab-pep-calendar-meetings", _page("PEP calendar", 2)),
    ]
    training = next(n for n, s in enumerate(screens) if s.name == "tab-training-log")
    screens.insert(training + 1, Screen("tab-training-log-records", _page("Training log", 1)))
    return screens


SCREENS: list[Screen] = [
    Screen("settings", openers.settings()),
    *(Screen(f"settings-{page}", openers.settings(page)) for page in range(1, 7)),
    Screen("pupil-edit", openers.pupil_dialog),
    Screen("pupil-new", openers.new_pupil),
    Screen("pupil-archive", openers.archive),
    Screen("pupil-delete", openers.delete),
    Screen("import-preview", openers.import_preview),
    Screen("import-problems", openers.import_problems),
    Screen("audit-log", openers.audit_log),
    Screen("restore", openers.restore),
    Screen("retention", openers.retention),
    Screen("passphrase-first-run", openers.passphrase("create", offer_demo=True)),
    Screen("passphrase-unlock", openers.passphrase("unlock", error=True)),
    Screen("passphrase-change", openers.passphrase("change")),
    Screen("passphrase-encrypt", openers.passphrase("encrypt")),
    Screen("print-preview", openers.print_preview),
    Screen("contact-log", openers.contact_log),
    Screen("pep-book", openers.pep_book),
    Screen("pep-hold", openers.pep_hold),
    Screen("pep-call-off", openers.pep_call_off),
    Screen("exclusion-new", openers.exclusion(edit=False)),
    Screen("exclusion-edit", openers.exclusion(edit=True)),
    Screen("exclusion-risk-assessment", openers.exclusion_support("risk")),
    Screen("exclusion-provision", openers.exclusion_support("provision")),
    Screen("training-session", openers.training_session(whole_staff=False)),
    Screen("training-whole-staff", openers.training_session(whole_staff=True)),
    Screen("training-staff", openers.training_staff),
    Screen("training-courses", openers.training_courses),
    Screen("governors", openers.governors),
    Screen("lock-screen", _lock_screen),  # last: it locks the window
]


def every_screen() -> list[Screen]:
    return [*tab_screens(), *SCREENS]


def close_screen(window: MainWindow, widget: QWidget) -> None:
    """Undo what an opener did: close its dialog, or unlock the window."""
    if widget is window:
        if window.locker.is_locked:
            window.locker.unlock(None if not window.store or not window.store.encrypted else "")
            settle(window)
        return
    if isinstance(widget, QDialog):
        widget.reject()
    widget.close()
    widget.deleteLater()
    settle(window)
