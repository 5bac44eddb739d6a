"""Import pupils from a MIS export: parse and plan in a worker, list every bad row or preview the
changes, and save only when the user says Import (in a worker too). Both workers show their
progress, and Cancel stops them: a cancelled save is rolled back, so the store is unchanged."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QTreeWidget, QTreeWidgetItem, QWidget

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.upn import upn_warnings
from cwsw_desktop.services.pupil_import import (
    ImportCancelled,
    ImportPlan,
    apply_import,
    parse_file,
    plan_import,
)
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.file_import import CANCELLED, FileImport, ImportProblemsDialog, PreviewDialog

__all__ = ["ImportPreviewDialog", "ImportProblemsDialog", "PupilImport"]


class ImportPreviewDialog(PreviewDialog):
    """What the import would do: pupils to add, pupils to change (field: old → new), episodes."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Import preview – {plan.source}")
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("What the import will do")
        self._fill()
        nothing = not (plan.to_add or plan.to_change or plan.episodes_to_add or plan.episodes_to_update)
        summary = plan.summary() + (
            "\nNothing to import: the register already matches the file."
            if nothing
            else "\nNothing is saved until you choose Import."
        )
        if plan.ignored_columns:
            summary += f"\nColumns not used: {', '.join(plan.ignored_columns)}."
        summary += "".join(f"\n⚠ {w}" for w in upn_warnings((r.line, r.upn) for r in plan.rows))
        self._lay_out(summary, self.tree, (720, 520), can_import=not nothing)
        self.tree.setFocus()

    def _group(self, title: str, count: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [f"{title} ({count})"])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setExpanded(True)
        return item

    def _fill(self) -> None:
        plan = self.plan
        names = {p.upn: p.name for p in plan.to_add} | {c.upn: c.name for c in plan.to_change}
        if plan.to_add:
            group = self._group("Pupils to add", len(plan.to_add))
            for p in plan.to_add:
                status = ", ".join(f"{e.category} from {format_date(e.start_date)}" for e in p.episodes)
                QTreeWidgetItem(
                    group,
                    [
                        f"{p.name} — UPN {p.upn}, born {format_date(p.data.date_of_birth)}"
                        + (f", {status}" if status else "")
                        + f" (line {p.line})"
                    ],
                )
        if plan.to_change:
            group = self._group("Pupils to change", len(plan.to_change))
            for c in plan.to_change:
                pupil = QTreeWidgetItem(group, [f"{c.name} — UPN {c.upn} (line {c.line})"])
                for f in c.changes:
                    QTreeWidgetItem(pupil, [f"{f.field}: {f.old or '(blank)'} → {f.new or '(blank)'}"])
                pupil.setExpanded(True)
        for title, episodes in (
            ("Status episodes to add", plan.episodes_to_add),
            ("Status episodes to update", plan.episodes_to_update),
        ):
            if not episodes:
                continue
            group = self._group(title, len(episodes))
            for e in episodes:
                end = f" to {format_date(e.end_date)}" if e.end_date else " (open)"
                QTreeWidgetItem(
                    group, [f"{names.get(e.upn, e.upn)}: {e.category} from {format_date(e.start_date)}{end}"]
                )

    def texts(self) -> list[str]:
        """Every line shown, depth first (for tests and for reading aloud)."""
        out: list[str] = []

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            out.append(item.text(0))
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return out


class PupilImport(FileImport):
    """The import steps for one file; ``imported`` carries the ImportResult once saved."""

    progressed = Signal(int, int, str)  # done, total, what: emitted by the worker, queued to the window

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(ctx, parent)
        self.progress: QProgressDialog | None = None
        self.cancel = threading.Event()
        self.progressed.connect(self._on_progress)

    def start(self, path: Path) -> None:
        engine, today = self.ctx.store.engine, self.ctx.today()
        report = self._begin(f"Reading {path.name}…", "Checking rows")

        def read_and_plan() -> ImportPlan:
            parsed = parse_file(path, today, progress=report)
            if parsed.problems:
                return parsed
            self.progressed.emit(0, 0, "Comparing with the register")
            return plan_import(engine, parsed.rows, today, source=parsed.source)

        self.message.emit(f"Reading {path.name}…")
        self.ctx.jobs.run(read_and_plan, self._on_planned, self._on_failed)

    # -- progress and cancel --
    def _begin(self, label: str, what: str) -> Callable[[int, int], None]:
        """Show a progress dialog with Cancel; returns the worker's progress callback, which
        raises ImportCancelled once Cancel was pressed."""
        self.cancel = cancel = threading.Event()
        dialog = QProgressDialog(label, "&Cancel", 0, 0, self.parent_widget)
        dialog.setWindowTitle("Import pupils")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        dialog.show()
        self.progress = dialog

        def report(done: int, total: int) -> None:
            if cancel.is_set():
                raise ImportCancelled()
            self.progressed.emit(done, total, what)

        return report

    def _on_progress(self, done: int, total: int, what: str) -> None:
        if self.progress is None:
            return
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setLabelText(f"{what}: {done:,} of {total:,}…" if total else f"{what}…")

    def _end(self) -> None:
        if self.progress is not None:
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None

    def _on_planned(self, plan: ImportPlan) -> None:
        self._end()
        if self.cancel.is_set():
            self.message.emit(CANCELLED)
            return
        if plan.problems:
            self._show_problems(plan.source, plan.problems, plan.summary())
            return
        self.message.emit("")
        self._offer(ImportPreviewDialog(plan, self.parent_widget), lambda: self._apply(plan))

    def _apply(self, plan: ImportPlan) -> None:
        engine, today = self.ctx.store.engine, self.ctx.today()
        report = self._begin(f"Importing {plan.source}…", "Saving pupils")
        self._save(lambda: apply_import(engine, plan, today, progress=report))

    def _on_applied(self, result: object) -> None:
        self._end()
        super()._on_applied(result)

    def _on_failed(self, exc: Exception) -> None:
        self._end()
        if isinstance(exc, ImportCancelled):
            self.message.emit(CANCELLED)
        else:
            super()._on_failed(exc)
