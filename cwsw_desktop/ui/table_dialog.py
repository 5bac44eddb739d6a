"""A dialog that is one read-only, sorted table of rows to pick from (a backup to restore, a record
due for review, an audit event), with the picked row, and the question that guards a dangerous
action on it: type the child's name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit, QMessageBox, QWidget

from cwsw_desktop.services.pupils import normalise_name
from cwsw_desktop.ui.forms import Part, stack
from cwsw_desktop.ui.table_model import Column, Row
from cwsw_desktop.ui.widgets import fit_to_screen, sorted_table


class TableDialog(QDialog, Generic[Row]):
    """``columns`` over the rows, sorted by ``sort_column``; `_lay_out` puts it on the dialog."""

    def __init__(
        self,
        title: str,
        columns: Sequence[Column[Row]],
        sort: tuple[int, Qt.SortOrder],
        size: tuple[int, int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, *size)
        self.model, self.proxy, self.table = sorted_table(columns, self, *sort)

    def _lay_out(self, intro: str, *below: Part) -> None:
        """The intro's words, the table taking the room, then ``below``."""
        label = QLabel(intro, self)
        label.setWordWrap(True)
        stack(self, label, (self.table, 1), *below)

    def show_rows(self, rows: Sequence[Row]) -> None:
        self.model.set_rows(list(rows))
        self.table.resizeColumnsToContents()

    def selected(self) -> Row | None:
        """The row picked, or None."""
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row: Row = self.model.row_at(self.proxy.mapToSource(indexes[0]).row())
        return row


def name_typed(parent: QWidget, title: str, question: str, name: str) -> str | None:
    """Ask for ``name`` to be typed before deleting for good: what was typed when it matches
    (spaces and case aside); None, after saying so, when it does not; None when cancelled."""
    typed, ok = QInputDialog.getText(parent, title, question, QLineEdit.EchoMode.Normal, "")
    if not ok:
        return None
    if normalise_name(typed) != normalise_name(name):
        QMessageBox.information(parent, "Not deleted", "The name did not match, so nothing was deleted.")
        return None
    return typed
