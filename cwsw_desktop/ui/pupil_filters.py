"""The Pupils tab's filter bar: category, year group and SEN choices and "Show leavers", put
into the register table's tool row, and what they let through as one test of a row."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QLabel

from cwsw_desktop.services.pupil_types import RegisterRow
from cwsw_desktop.ui.list_tab import RowTable
from cwsw_desktop.ui.pupil_columns import CATEGORY_FILTERS, SEN_FILTERS, FilterCombo


class PupilFilters(QObject):
    """The filter widgets, in `table`'s tool row after its search box; `changed` when any moves."""

    changed = Signal()

    def __init__(self, table: RowTable) -> None:
        super().__init__(table)
        self.category, self.year, self.sen = FilterCombo(table), FilterCombo(table), FilterCombo(table)
        for combo, items in ((self.category, CATEGORY_FILTERS), (self.sen, SEN_FILTERS)):
            for text, data in items:
                combo.addItem(text, data)
        self.year.addItem("All years", None)
        self.category.setToolTip(
            "CLA: looked after · PLA: previously looked after · CIN: child in need · "
            "CP: child protection · Previously CSW: had a social worker in the last 6 years"
        )
        self.show_leavers = QCheckBox("Show &leavers", table)
        position = 1
        for text, combo in (("&Category", self.category), ("&Year", self.year), ("SE&N", self.sen)):
            label = QLabel(text, table)
            label.setBuddy(combo)
            table.tools.insertWidget(position, label)
            table.tools.insertWidget(position + 1, combo)
            position += 2
        table.tools.insertWidget(position, self.show_leavers)
        for combo in (self.category, self.year, self.sen):
            combo.currentIndexChanged.connect(self.changed)
        self.show_leavers.toggled.connect(self.changed)

    def fill_years(self, rows: Sequence[RegisterRow]) -> None:
        """The year groups the register has, keeping the one chosen (quietly)."""
        current = self.year.currentData()
        groups = sorted({(r.year_group, r.year_group_label) for r in rows})
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("All years", None)
        for number, label in groups:
            self.year.addItem(label, number)
        self.year.setCurrentIndex(max(0, self.year.findData(current)))
        self.year.blockSignals(False)

    def clear(self, leavers: bool) -> None:
        """Every pupil (and leavers too when `leavers`): to reveal one the filters hide."""
        for combo in (self.category, self.year, self.sen):
            combo.setCurrentIndex(0)
        if leavers:
            self.show_leavers.setChecked(True)

    def test(self) -> Callable[[RegisterRow], bool]:
        """The choices read once (not once a row on every keystroke), as a test of a row."""
        leavers = self.show_leavers.isChecked()
        category, year, sen = self.category.currentData(), self.year.currentData(), self.sen.currentData()

        def accepts(row: RegisterRow) -> bool:
            if row.leaver and not leavers:
                return False
            if category and category != row.cohort and category not in row.categories:
                return False
            if year is not None and row.year_group != year:
                return False
            return not sen or row.sen_status in sen

        return accepts
