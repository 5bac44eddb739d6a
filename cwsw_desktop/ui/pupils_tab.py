"""Pupils: the register of children with a social worker."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cwsw_desktop.rules.year_group import year_group_label
from cwsw_desktop.services.snapshot import PupilFacts, load_snapshot
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.list_tab import ListTab, RowTable
from cwsw_desktop.ui.table_model import Column, fmt_date

SEN = {"N": "", "K": "SEN support", "E": "EHCP"}

COLUMNS: list[Column[PupilFacts]] = [
    Column("Name", lambda p: p.display_name, lambda p: (p.legal_surname.lower(), p.legal_forename.lower())),
    Column("UPN", lambda p: p.upn),
    Column("Date of birth", lambda p: fmt_date(p.date_of_birth), lambda p: p.date_of_birth),
    Column("Year", lambda p: year_group_label(p.year_group), lambda p: p.year_group),
    Column("Category", lambda p: p.cohort or ""),
    Column("SEN", lambda p: SEN.get(p.sen_status, p.sen_status)),
    Column("PEP this term", lambda p: p.pep.current_status if p.pep else ""),
    Column("Attendance", lambda p: f"{p.attendance_pct:.1f}%" if p.attendance_pct is not None else "",
           lambda p: p.attendance_pct, align_right=True,
           tone=lambda p: "bad" if p.attendance_band not in (None, "OK") else None),
    Column("Left", lambda p: fmt_date(p.leaving_date), lambda p: p.leaving_date),
]


class PupilsTab(ListTab):
    title = "Pupils"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, lambda: list(load_snapshot(ctx.store.engine, ctx.today()).pupils), parent)
        self.table = RowTable(COLUMNS, "No pupils yet. Use File → Import… or Ctrl+N to add one.",
                              "Filter by name or UPN (Ctrl+F)", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.refresh()

    def show_pupil(self, pupil_id: int) -> None:
        assert self.table is not None
        self.table.search.clear()
        for row in range(self.table.proxy.rowCount()):
            index = self.table.proxy.index(row, 0)
            if self.table.model.row_at(self.table.proxy.mapToSource(index).row()).id == pupil_id:
                self.table.view.selectRow(row)
                self.table.view.scrollTo(index)
                return
