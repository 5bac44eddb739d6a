"""Import exclusions: check the file in a worker, list every bad line or preview, save on Import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.services.exclusion_import import (
    ExclusionImportPlan,
    apply_exclusion_import,
    plan_exclusion_import,
)
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.exclusion_words import KIND_WORDS
from cwsw_desktop.ui.import_dialog import ImportProblemsDialog
from cwsw_desktop.ui.widgets import fit_to_screen


class ExclusionPreviewDialog(QDialog):
    """What the import would do, line by line; Import saves it all."""

    def __init__(self, plan: ExclusionImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import exclusions from {plan.source}")
        self.summary = QLabel(f"{plan.summary()}. Nothing is saved until you choose Import.", self)
        self.summary.setWordWrap(True)
        self.lines = QListWidget(self)
        for item in plan.lines:
            what = "new" if item.existing_id is None else ("update" if item.changes else "unchanged")
            self.lines.addItem(
                f"line {item.line}: {item.upn}, {KIND_WORDS[item.data.kind]} from "
                f"{format_date(item.data.start_date)}, {item.data.days:g} days – {what}"
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 400)  # smaller on a small screen


class ExclusionImport(QObject):
    imported = Signal(str)
    message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.dialog: QDialog | None = None

    def start(self, path: Path) -> None:
        engine = self.ctx.store.engine
        self.message.emit(f"Reading {path.name}…")
        self.ctx.jobs.run(lambda: plan_exclusion_import(engine, path), self._on_planned, self._on_failed)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_planned(self, plan: ExclusionImportPlan) -> None:
        if plan.problems:
            self.message.emit(f"Nothing was imported: {len(plan.problems)} problem(s) in {plan.source}.")
            self._show(ImportProblemsDialog(plan.source, plan.problems, self.parent_widget))
            return
        self.message.emit("")
        preview = ExclusionPreviewDialog(plan, self.parent_widget)
        preview.accepted.connect(lambda: self._apply(plan))
        preview.rejected.connect(lambda: self.message.emit("Import cancelled: nothing was saved."))
        self._show(preview)

    def _apply(self, plan: ExclusionImportPlan) -> None:
        engine = self.ctx.store.engine
        self.message.emit("Importing…")
        self.ctx.jobs.run(lambda: apply_exclusion_import(engine, plan), self._on_applied, self._on_failed)

    def _on_applied(self, summary: str) -> None:
        self.message.emit(f"Imported: {summary}.")
        self.imported.emit(summary)

    def _on_failed(self, exc: Exception) -> None:
        self.message.emit(f"Import failed, nothing was saved: {exc}")
