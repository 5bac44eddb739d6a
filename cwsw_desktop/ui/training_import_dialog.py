"""File → Import training…: read and plan in a worker, list every bad line or preview (new staff,
new courses, names matched through aliases, each session's attendees), save only on Import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from cwsw_desktop.services.training_import import (
    ParsedTraining,
    TrainingPlan,
    apply_training_import,
    describe_plan,
    parse_training_file,
    plan_training_import,
)
from cwsw_desktop.ui.file_import import FileImport, ListPreviewDialog


class TrainingPreviewDialog(ListPreviewDialog):
    def __init__(self, plan: TrainingPlan, parent: QWidget | None = None) -> None:
        lines = describe_plan(plan)
        intro = lines[0] + (
            "\nNothing to import: the training log already has every line."
            if plan.nothing_to_do
            else "\nNothing is saved until you choose Import."
        )
        title = f"Import training – {plan.source}"
        super().__init__(title, intro, lines[1:], (760, 480), not plan.nothing_to_do, parent)


class TrainingImport(FileImport):
    """The import steps for one file; ``imported`` carries the TrainingImportResult once saved."""

    def start(self, path: Path) -> None:
        engine = self.ctx.store.engine

        def read_and_plan() -> tuple[ParsedTraining, TrainingPlan]:
            parsed = parse_training_file(path)
            return parsed, plan_training_import(engine, parsed)

        self.message.emit(f"Reading {path.name}…")
        self.ctx.jobs.run(read_and_plan, self._on_planned, self._on_failed)

    def _on_planned(self, result: tuple[ParsedTraining, TrainingPlan]) -> None:
        parsed, plan = result
        if plan.problems:
            self._show_problems(plan.source, plan.problems, plan.summary())
            return
        self._offer(TrainingPreviewDialog(plan, self.parent_widget), lambda: self._apply(parsed))

    def _apply(self, parsed: ParsedTraining) -> None:
        engine = self.ctx.store.engine
        self._save(lambda: apply_training_import(engine, parsed))
