"""File → Import training…: read and plan in a worker, list every bad line or preview (new staff,
new courses, names matched through aliases, each session's attendees), save only on Import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.training_import import (
    ParsedTraining,
    TrainingImportResult,
    TrainingPlan,
    apply_training_import,
    describe_plan,
    parse_training_file,
    plan_training_import,
)
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.import_dialog import ImportProblemsDialog
from cwsw_desktop.ui.widgets import fit_to_screen


class TrainingPreviewDialog(QDialog):
    def __init__(self, plan: TrainingPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import training – {plan.source}")
        lines = describe_plan(plan)
        intro = QLabel(
            lines[0]
            + (
                "\nNothing to import: the training log already has every line."
                if plan.nothing_to_do
                else "\nNothing is saved until you choose Import."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("What the import will do")
        self.list.addItems(lines[1:])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(not plan.nothing_to_do)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 480)  # smaller on a small screen

    def texts(self) -> list[str]:
        return [item.text() for i in range(self.list.count()) if (item := self.list.item(i)) is not None]


class TrainingImport(QObject):
    """The import steps for one file; `imported` once saved, `message` for the status bar."""

    imported = Signal(object)
    message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.parent_widget = ctx, parent
        self.dialog: QDialog | None = None

    def start(self, path: Path) -> None:
        engine = self.ctx.store.engine

        def read_and_plan() -> tuple[ParsedTraining, TrainingPlan]:
            parsed = parse_training_file(path)
            return parsed, plan_training_import(engine, parsed)

        self.message.emit(f"Reading {path.name}…")
        self.ctx.jobs.run(read_and_plan, self._on_planned, self._on_failed)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_planned(self, result: tuple[ParsedTraining, TrainingPlan]) -> None:
        parsed, plan = result
        if plan.problems:
            self.message.emit(plan.summary())
            self._show(ImportProblemsDialog(plan.source, plan.problems, self.parent_widget))
            return
        preview = TrainingPreviewDialog(plan, self.parent_widget)
        preview.accepted.connect(lambda: self._apply(parsed))
        preview.rejected.connect(lambda: self.message.emit("Import cancelled: nothing was saved."))
        self._show(preview)

    def _apply(self, parsed: ParsedTraining) -> None:
        engine = self.ctx.store.engine
        self.message.emit("Importing…")
        self.ctx.jobs.run(lambda: apply_training_import(engine, parsed), self._on_applied, self._on_failed)

    def _on_applied(self, result: TrainingImportResult) -> None:
        self.message.emit(result.summary())
        self.imported.emit(result)

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.message.emit("Nothing was imported.")
            self._show(ImportProblemsDialog("the file", exc.problems, self.parent_widget))
        else:
            self.message.emit(f"Import failed, nothing was saved: {exc}")
