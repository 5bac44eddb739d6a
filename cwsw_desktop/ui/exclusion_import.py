"""Import exclusions: check the file in a worker, list every bad line or preview, save on Import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.services.exclusion_import import (
    ExclusionImportPlan,
    apply_exclusion_import,
    plan_exclusion_import,
)
from cwsw_desktop.ui.exclusion_words import KIND_WORDS
from cwsw_desktop.ui.file_import import FileImport, ListPreviewDialog


class ExclusionPreviewDialog(ListPreviewDialog):
    """What the import would do, line by line; Import saves it all."""

    def __init__(self, plan: ExclusionImportPlan, parent: QWidget | None = None) -> None:
        lines = []
        for item in plan.lines:
            what = "new" if item.existing_id is None else ("update" if item.changes else "unchanged")
            lines.append(
                f"line {item.line}: {item.upn}, {KIND_WORDS[item.data.kind]} from "
                f"{format_date(item.data.start_date)}, {item.data.days:g} days – {what}"
            )
        intro = f"{plan.summary()}. Nothing is saved until you choose Import."
        super().__init__(f"Import exclusions from {plan.source}", intro, lines, (560, 400), parent=parent)


class ExclusionImport(FileImport):
    """``imported`` carries the summary of what was saved."""

    def start(self, path: Path) -> None:
        engine = self.ctx.store.engine
        self.message.emit(f"Reading {path.name}…")
        self.ctx.jobs.run(lambda: plan_exclusion_import(engine, path), self._on_planned, self._on_failed)

    def _on_planned(self, plan: ExclusionImportPlan) -> None:
        if plan.problems:
            problems = f"Nothing was imported: {len(plan.problems)} problem(s) in {plan.source}."
            self._show_problems(plan.source, plan.problems, problems)
            return
        self.message.emit("")
        self._offer(ExclusionPreviewDialog(plan, self.parent_widget), lambda: self._apply(plan))

    def _apply(self, plan: ExclusionImportPlan) -> None:
        engine = self.ctx.store.engine
        self._save(lambda: apply_exclusion_import(engine, plan))

    def done(self, result: object) -> str:
        return f"Imported: {result}."
