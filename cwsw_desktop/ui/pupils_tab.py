"""Pupils: the register of children with a social worker, what needs attention for each, and the
selected pupil's record. Add, edit, archive, delete, import and export start here.

Everything that touches the store runs in a worker (``ctx.jobs``); dialogs are opened with
``open()`` so the window keeps painting while they are up.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMetaMethod, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.rules.duties import Act, ActOn
from cwsw_desktop.services.export import export_register_csv
from cwsw_desktop.services.pupils import (
    PupilDetail,
    RegisterRow,
    get_pupil,
    register_rows,
)
from cwsw_desktop.ui.contact_log_dialog import log_contact
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.import_dialog import PupilImport
from cwsw_desktop.ui.list_tab import ListTab, RowTable
from cwsw_desktop.ui.pupil_actions import (
    ArchiveDialog,
    DeleteDialog,
    ask_register_export,
)
from cwsw_desktop.ui.pupil_columns import (
    COLUMNS,
    LEFT_COLUMN,
)
from cwsw_desktop.ui.pupil_detail import DETAIL_HEIGHT_KEY, PupilDetailPanel, RecordSplitter
from cwsw_desktop.ui.pupil_dialog import PupilDialog
from cwsw_desktop.ui.pupil_filters import PupilFilters
from cwsw_desktop.ui.tab_base import EXPLANATIONS
from cwsw_desktop.ui.table_model import fmt_date

__all__ = ["DETAIL_HEIGHT_KEY", "PupilsTab", "search_keys", "search_text"]


def search_keys(row: RegisterRow) -> tuple[str, str]:
    """What the search box matches in a row: its names joined and case-folded, and its UPN."""
    names = f"{row.display_name} {row.legal_forename} {row.legal_surname} {row.preferred_forename}"
    return names.casefold(), row.upn.casefold()


def search_text(row: RegisterRow) -> str:
    """A row's one search string (made once when the rows arrive): names, then the UPN."""
    return "\x1f".join(search_keys(row))


class PupilsTab(ListTab[RegisterRow]):
    title = "Pupils"
    explanation = EXPLANATIONS[title]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        engine = ctx.store.engine
        table = RowTable(
            COLUMNS,
            "No pupils yet. Use File → Import pupils… or Ctrl+N to add one.",
            "Filter by name or UPN (Ctrl+F)",
            search=search_text,
        )
        super().__init__(ctx, lambda today: register_rows(engine, today), table, parent, inputs=ctx.today)
        self.dialog: QDialog | None = None
        self._select_id: int | None = None  # reveal this pupil once the rows are loaded
        self._detail_id: int | None = None  # the pupil the detail panel shows (or is loading)
        self._build()
        self._connect()
        self.refresh()

    # -- building --
    def _build(self) -> None:
        self.filters = PupilFilters(self.table)
        self.category, self.year, self.sen = self.filters.category, self.filters.year, self.filters.sen
        self.show_leavers = self.filters.show_leavers
        self.table.search.setMinimumWidth(140)
        self.table.search.setMaximumWidth(320)
        self.table.tools.setStretchFactor(self.table.search, 3)
        self.table.view.setColumnHidden(LEFT_COLUMN, True)

        self.add_button = QPushButton("&Add pupil…", self)
        self.edit_button = QPushButton("Ed&it…", self)
        self.archive_button = QPushButton("A&rchive as leaver…", self)
        self.delete_button = QPushButton("&Delete…", self)
        self.import_button = QPushButton("I&mport pupils…", self)
        self.export_button = QPushButton("E&xport register…", self)
        self.edit_button.setToolTip("Edit the selected pupil (Enter or double-click)")
        self.add_button.setToolTip("Add a pupil (Ctrl+N)")
        self.delete_button.setToolTip("Delete the selected pupil's record (asks you to type their name)")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.archive_button, self.delete_button):
            buttons.addWidget(b)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setObjectName("summary")
        self.message.hide()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)

        self.detail = PupilDetailPanel(self)
        self.detail.log_contact.connect(lambda d: log_contact(self, self.ctx, d, self._after_change))
        self.detail.act_on.connect(self.act_on)  # the PEP button: the window opens the PEP tab
        # The register takes the window; the chosen pupil's record opens below it (the full width
        # keeps every register column readable at 1366×768) and closes while no one is chosen.
        self.splitter = RecordSplitter(self.table, self.detail, self.ctx.settings, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading_block())
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addWidget(self.splitter, 1)
        self.importer = PupilImport(self.ctx, self)
        chain = [
            self.table.search,
            self.category,
            self.year,
            self.sen,
            self.show_leavers,
            self.add_button,
            self.edit_button,
            self.archive_button,
            self.delete_button,
            self.import_button,
            self.export_button,
            self.table.view,
            self.detail.contacts_view,
            self.detail.timeline_view,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._update_actions()

    def _connect(self) -> None:
        self.filters.changed.connect(self._apply_filters)
        # The search matches names and UPN only (not every column), so this tab does the filtering.
        self.table.set_search_handler(lambda _text: self._apply_filters())
        self.table.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.activated.connect(lambda _row: self.edit_selected())
        self.add_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.archive_button.clicked.connect(self.archive_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(lambda: self.import_pupils())
        self.export_button.clicked.connect(lambda: self.export_register())
        self.importer.message.connect(self._say)
        self.importer.imported.connect(lambda _result: self._after_change())
        self.table.view.installEventFilter(self)  # the Delete key on the table asks to delete

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.table is not None
            and watched is self.table.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
        ):
            self.delete_selected()
            return True
        return super().eventFilter(watched, event)

    # -- rows and filters --
    def show_result(self, result: Any) -> None:
        rows: list[RegisterRow] = result
        target, reveal = (self._select_id, True) if self._select_id is not None else (self._detail_id, False)
        self._select_id = None
        if self.table.set_rows(rows):  # else the very rows shown: nothing in the register changed
            self.filters.fill_years(rows)
            self._apply_filters()
        self._detail_id = None  # reload the detail: the record may have changed
        if target is None or not (self.show_pupil(target) if reveal else self._select(target)):
            self._on_current_changed(QModelIndex(), QModelIndex())
        elif self._detail_id is None:  # the same row still chosen: no signal, so reload it here
            self._on_current_changed(self.table.view.currentIndex(), QModelIndex())

    def accepts(self, row: RegisterRow) -> bool:
        """Whether the filters (not the search text) let this pupil through."""
        return self.filters.test()(row)

    def _apply_filters(self) -> None:
        """One pass over the rows (in the model), however many filters changed: the text is
        matched as typed or, for a UPN typed in groups, without its spaces."""
        text = self.table.search.text()
        self.table.model.set_filter((text, text.replace(" ", "")), self.filters.test())
        self.table.view.setColumnHidden(LEFT_COLUMN, not self.show_leavers.isChecked())
        self.table.update_count()
        self._on_current_changed(self.table.view.currentIndex(), QModelIndex())

    def _select(self, pupil_id: int) -> bool:
        proxy = self.table.proxy
        for r, row in enumerate(self.table.model.shown_rows()):
            if row.id == pupil_id:
                index = proxy.mapFromSource(self.table.model.index(r, 0))
                self.table.view.setCurrentIndex(index)
                self.table.view.selectRow(index.row())
                self.table.view.scrollTo(index)
                return True
        return False

    def show_pupil(self, pupil_id: int) -> bool:
        """Select a pupil (from the Overview or PEP tabs), clearing filters that hide them."""
        if self._select(pupil_id):
            return True
        row = next((r for r in self.table.model.rows() if r.id == pupil_id), None)
        if row is None:  # not loaded yet: select once the rows arrive
            self._select_id = pupil_id
            return False
        self.table.search.clear()
        self.filters.clear(leavers=row.leaver)
        return self._select(pupil_id)

    # -- the detail panel --
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.table.current_row() if current.isValid() else None
        self._update_actions(row)
        if row is None:
            self._detail_id = None
            self.detail.show_message("Select a pupil to see their record, contacts and timeline.")
            self.splitter.show_record(False)
        else:
            self.splitter.show_record(True)
            if row.id != self._detail_id:
                self._load_detail(row.id)

    def detail_shown(self) -> bool:
        return self.splitter.record_shown()

    def _load_detail(self, pupil_id: int, then_edit: bool = False) -> None:
        self._detail_id = pupil_id
        engine, today = self.ctx.store.engine, self.ctx.today()
        self.ctx.jobs.run(
            lambda: get_pupil(engine, pupil_id, today),
            lambda d: self._on_detail(pupil_id, d, then_edit),
            lambda e: self._on_detail_failed(pupil_id, e),
        )

    def _on_detail(self, pupil_id: int, detail: PupilDetail, then_edit: bool) -> None:
        if pupil_id != self._detail_id:
            return  # the user has moved on
        self.detail.show_detail(detail)
        if then_edit:
            self._open_editor(detail)

    def _on_detail_failed(self, pupil_id: int, exc: Exception) -> None:
        if pupil_id == self._detail_id:
            self.detail.show_message(f"Could not load this pupil: {exc}")

    def _update_actions(self, row: RegisterRow | None = None) -> None:
        for button in (self.edit_button, self.archive_button, self.delete_button):
            button.setEnabled(row is not None)
        if row is not None and row.leaver:
            self.archive_button.setEnabled(False)

    # -- actions --
    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _show_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog

        def finished() -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def _dialog_open(self) -> bool:
        return self.dialog is not None and self.dialog.isVisible()

    def _selected(self) -> RegisterRow | None:
        row = self.table.current_row()
        if row is None:
            self._say("Select a pupil first.")
        return row

    @classmethod
    def may_open(cls, act: object) -> bool:
        return isinstance(act, Act) and act.on is ActOn.PUPIL

    def open_act(self, act: Act) -> bool:
        if act.on is ActOn.PUPIL and act.record_id is not None:
            self.show_pupil(act.record_id)
            return True
        return False

    def new_record(self) -> bool:
        self._open_editor(None)
        return True

    def edit_selected(self) -> None:
        row = self._selected()
        if row is None or self._dialog_open():
            return
        if self.detail.current is not None and self.detail.current.id == row.id:
            self._open_editor(self.detail.current)
        else:
            self._load_detail(row.id, then_edit=True)

    def _open_editor(self, detail: PupilDetail | None) -> None:
        if self._dialog_open():
            return
        dialog = PupilDialog(self.ctx, detail, self)
        dialog.saved.connect(self._on_saved)
        self._show_dialog(dialog)

    def _on_saved(self, pupil_id: int) -> None:
        self._select_id = pupil_id
        self._after_change("Saved.")

    def archive_selected(self) -> None:
        row = self._selected()
        if row is None or self._dialog_open():
            return
        if row.leaver:
            self._say(
                f"{row.display_name} left on {fmt_date(row.leaving_date)}; edit the record to change it."
            )
            return
        dialog = ArchiveDialog(self.ctx, row, self)
        dialog.completed.connect(lambda _id: self._after_change(f"{row.display_name} archived as a leaver."))
        self._show_dialog(dialog)

    def delete_selected(self) -> None:
        row = self._selected()
        if row is None or self._dialog_open():
            return
        dialog = DeleteDialog(self.ctx, row, self)
        dialog.completed.connect(lambda _id: self._after_change("Record deleted."))
        self._show_dialog(dialog)

    def import_pupils(self, path: str | Path | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                "Import pupils",
                str(Path.home()),
                "Pupil lists (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx)",
            )
            if not path:
                return
        self.importer.start(Path(path))

    def export_register(self, path: str | Path | None = None, encrypted: bool | None = None) -> None:
        """Save the register. From an encrypted database it is an AES-256 ZIP with the same
        passphrase unless the DT explicitly chooses a plain CSV (and confirms)."""
        choice = ask_register_export(self, self.ctx.store, self.ctx.today(), path, encrypted)
        if choice is None:
            return
        target, passphrase = choice
        engine, today = self.ctx.store.engine, self.ctx.today()
        how = (
            "encrypted: open it with 7-Zip and the database passphrase"
            if passphrase
            else "not encrypted: it names children, keep it secure"
        )
        self._say("Exporting…")
        self.ctx.jobs.run(
            lambda: export_register_csv(engine, target, today, passphrase=passphrase),
            lambda n: self._say(f"Register of {n} pupils saved to {target.name} ({how})."),
            lambda e: self._say(f"Export failed: {e}"),
        )

    def _after_change(self, message: str | None = None) -> None:
        """Refresh every tab if the window listens, else just this one."""
        if message is not None:
            self._say(message)
        if self.isSignalConnected(QMetaMethod.fromSignal(self.changed)):
            self.changed.emit()
        else:
            self.refresh()
