"""Exclusions: suspensions and permanent exclusions, with the Virtual School contact for CLA."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cwsw_desktop.services.exclusions import ExclusionRow, exclusion_rows
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.list_tab import ListTab, RowTable
from cwsw_desktop.ui.table_model import Column, fmt_date


def _vsh(r: ExclusionRow) -> str:
    if r.vsh_before is None:
        return "n/a (not CLA)"
    if r.vsh_before:
        return f"Yes, {fmt_date(r.vsh_contacted)}"
    return f"Late, {fmt_date(r.vsh_contacted)}" if r.vsh_contacted else "No — not contacted"


COLUMNS: list[Column[ExclusionRow]] = [
    Column("Start", lambda r: fmt_date(r.start_date), lambda r: r.start_date),
    Column("Pupil", lambda r: r.pupil),
    Column(
        "Category then",
        lambda r: r.category or "none then",
        tooltip=lambda r: "" if r.category else "No social worker status on the day of the suspension",
    ),
    Column("Type", lambda r: r.kind),
    Column(
        "Days",
        lambda r: f"{r.days:g}" if r.kind == "Suspension" else "—",
        lambda r: r.days,
        align_right=True,
        tone=lambda r: "warn" if r.days > 5 else None,
    ),
    Column("Reasons", lambda r: r.reasons),
    Column("VSH contacted before", _vsh, tone=lambda r: "bad" if r.vsh_before is False else None),
    Column("Reintegration", lambda r: fmt_date(r.reintegration_date), lambda r: r.reintegration_date),
]


class ExclusionsTab(ListTab[ExclusionRow]):
    title = "Exclusions"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        table = RowTable(
            COLUMNS,
            "No suspensions or exclusions recorded.",
            "Filter by pupil, reason or type (Ctrl+F)",
            sort_order=Qt.SortOrder.DescendingOrder,
        )
        super().__init__(ctx, lambda: exclusion_rows(ctx.store.engine), table, parent)
        self.note = QLabel(
            "For a looked-after child, contact the Virtual School Head before deciding "
            "to suspend. Duties and deadlines are listed on the Overview.",
            self,
        )
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.table.activated.connect(lambda r: self.open_pupil.emit(r.pupil_id))
        self.refresh()
