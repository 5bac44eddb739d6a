"""The interface the main window speaks to: every tab is a `Tab`.

An explicit base class rather than a `typing.Protocol`, because Qt signals have to be declared on
a QObject subclass: a Protocol could name the methods but not carry `open_pupil` or `changed`.
The main window calls only what is declared here (no duck typing, no `getattr`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from cwsw_desktop.reports.table import TableDocument
    from cwsw_desktop.rules.duties import Act


# The tabs, in order: (name, module, class). Defined once; modules are imported only when the
# store is open (off the first paint), by `ui/tabs.py`; each tab is built the first time it is
# shown (`ui/tab_set.py`). This module stays light: the window imports it before its first paint.
TABS: tuple[tuple[str, str, str], ...] = (
    ("Overview", "cwsw_desktop.ui.overview_tab", "OverviewTab"),
    ("Pupils", "cwsw_desktop.ui.pupils_tab", "PupilsTab"),
    ("PEP calendar", "cwsw_desktop.ui.pep_tab", "PepTab"),
    ("Exclusions", "cwsw_desktop.ui.exclusions_tab", "ExclusionsTab"),
    ("Training log", "cwsw_desktop.ui.training_tab", "TrainingTab"),
)
TAB_NAMES: tuple[str, ...] = tuple(name for name, _, _ in TABS)
# The line under each tab's heading that says what the tab is for (a tab may set its own
# `explanation` of its own).
EXPLANATIONS: dict[str, str] = {
    "Pupils": (
        "Every child with a social worker, now or in the last 6 years, and what each needs. "
        "Choose a pupil to see their record below; Enter or a double-click edits it."
    ),
    "PEP calendar": (
        "Every looked-after child needs a PEP each term: at least 3 a year, in 3 different terms. "
        "Book meetings, print the pack, record what was agreed; the grid shows each term."
    ),
    "Training log": (
        "Who is trained, and what the policy still needs: the DT's days, attachment-aware and "
        "trauma-informed training for all staff, the DSL's training, and courses past their date."
    ),
}


class Tab(QWidget):
    title: ClassVar[str] = ""
    explanation: ClassVar[str] = ""  # the one line under the heading that says what the tab is for

    loaded = Signal()  # a refresh finished and the tab shows fresh data
    open_pupil = Signal(int)  # show this pupil on the Pupils tab
    changed = Signal()  # the tab saved something: the window refreshes every tab
    act_on = Signal(object)  # an `Act` (from the Overview): open the record it names

    def refresh(self) -> None:
        """Reload from the store (in a worker; `loaded` when done)."""
        raise NotImplementedError

    def forget_shown(self) -> None:
        """The lock has emptied the tab's tables: show the next result even if it is the one kept
        (a tab that skips showing an unchanged result overrides this)."""

    def new_record(self) -> bool:
        """Ctrl+N: start a new record of this tab's kind. False when the tab has none to add."""
        return False

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the tab's filter box."""
        from PySide6.QtCore import Qt

        from cwsw_desktop.ui.widgets import SearchBox

        box = self.findChild(SearchBox)
        if box is not None:
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            box.selectAll()

    def printable(self) -> TableDocument | None:
        """Ctrl+P: what the tab shows, as a document to print (None: nothing to print)."""
        return None

    def caption(self) -> str:
        """The tab's title in the tab bar, with any counts ("Overview (3 overdue)")."""
        return self.title

    def status_note(self) -> str:
        """A line for the status bar once the tab has first loaded ("" for none)."""
        return ""

    @classmethod
    def may_open(cls, act: object) -> bool:
        """Whether a tab of this kind could open `act`, asked before the tab is built (so a tab
        is built only when it may be the one). By default: a tab that opens anything at all."""
        return cls.open_act is not Tab.open_act

    def open_act(self, act: Act) -> bool:
        """Open the record an Overview item names, if this tab owns it. False if it does not."""
        return False
