"""Import pupils from a MIS export: parse and plan in a worker, list every bad row or preview the
changes, and save only when the user says Import (in a worker too). Both workers show their
progress, and Cancel stops them: a cancelled save is rolled back, so the store is unchanged."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.upn import upn_warnings
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.pupil_import import (
    ImportCancelled,
    ImportPlan,
    ImportResult,
    apply_import,
    parse_file,
    plan_import,
)
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.widgets import fit_to_screen


def _intro(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ImportProblemsDialog(QDialog):
    """Every bad row of a file, by line and column; nothing was imported."""

    def __init__(self, source: str, problems: Sequence[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import: nothing was imported")
        self.problems = list(problems)
        intro = _intro(
            f"Nothing was imported from {source}: {len(self.problems)} problem(s) found. "
            "Correct these rows in the file and import it again.",
            self,
        )
        intro.setObjectName("errorText")
        self.table = QTableWidget(len(self.problems), 3, self)
        self.table.setHorizontalHeaderLabels(["Line", "Column", "Problem"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)  # one line a problem; the full text is in the tooltip
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName("Problems in the file")
        for r, p in enumerate(self.problems):
            for c, text in enumerate(("" if p.line is None else str(p.line), p.field, p.message)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(p))
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("&Copy the list", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._on_copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 420)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    def _on_copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.lines()))


class ImportPreviewDialog(QDialog):
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
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(not nothing)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_intro(summary, self))
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 720, 520)
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


class PupilImport(QObject):
    """The import steps for one file; ``imported`` carries the result once saved."""

    imported = Signal(object)  # ImportResult
    message = Signal(str)
    progressed = Signal(int, int, str)  # done, total, what: emitted by the worker, queued to the window

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.dialog: QDialog | None = None
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

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_planned(self, plan: ImportPlan) -> None:
        self._end()
        if self.cancel.is_set():
            self.message.emit("Import cancelled: nothing was saved.")
            return
        if plan.problems:
            self.message.emit(plan.summary())
            self._show(ImportProblemsDialog(plan.source, plan.problems, self.parent_widget))
            return
        self.message.emit("")
        preview = ImportPreviewDialog(plan, self.parent_widget)
        preview.accepted.connect(lambda: self._apply(plan))
        preview.rejected.connect(lambda: self.message.emit("Import cancelled: nothing was saved."))
        self._show(preview)

    def _apply(self, plan: ImportPlan) -> None:
        engine, today = self.ctx.store.engine, self.ctx.today()
        report = self._begin(f"Importing {plan.source}…", "Saving pupils")
        self.message.emit("Importing…")
        self.ctx.jobs.run(
            lambda: apply_import(engine, plan, today, progress=report), self._on_applied, self._on_failed
        )

    def _on_applied(self, result: ImportResult) -> None:
        self._end()
        self.message.emit(result.summary())
        self.imported.emit(result)

    def _on_failed(self, exc: Exception) -> None:
        self._end()
        if isinstance(exc, ImportCancelled):
            self.message.emit("Import cancelled: nothing was saved.")
        elif isinstance(exc, ValidationError):
            self.message.emit("Nothing was imported.")
            self._show(ImportProblemsDialog("the file", exc.problems, self.parent_widget))
        else:
            self.message.emit(f"Import failed, nothing was saved: {exc}")
