"""What every File → Import… shares: read and check the file in a worker, then either list every
bad line (nothing imported) or preview what would change, and save all of it only on Import, in a
worker too. Pupils, exclusions and training each add their own reading, preview and summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.forms import stack
from cwsw_desktop.ui.widgets import fit_to_screen

CANCELLED = "Import cancelled: nothing was saved."


def intro_label(text: str, parent: QWidget) -> QLabel:
    """A wrapped line of plain text (a file's contents are never read as HTML)."""
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
        intro = intro_label(
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
        stack(self, intro, (self.table, 1), buttons)
        fit_to_screen(self, 760, 420)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    def _on_copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.lines()))


class PreviewDialog(QDialog):
    """What an import would do, above Cancel and Import (Import disabled when there is nothing
    to do). A subclass makes the body, then calls `_lay_out`."""

    def _lay_out(self, intro: str, body: QWidget, size: tuple[int, int], can_import: bool = True) -> None:
        self.intro = intro_label(intro, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(can_import)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        stack(self, self.intro, (body, 1), self.buttons)
        fit_to_screen(self, *size)  # smaller on a small screen


class ListPreviewDialog(PreviewDialog):
    """A preview that is one line per change."""

    def __init__(
        self,
        title: str,
        intro: str,
        lines: Sequence[str],
        size: tuple[int, int],
        can_import: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.list = QListWidget(self)
        self.list.setAccessibleName("What the import will do")
        self.list.addItems(list(lines))
        self._lay_out(intro, self.list, size, can_import)

    def texts(self) -> list[str]:
        return [item.text() for i in range(self.list.count()) if (item := self.list.item(i)) is not None]


class FileImport(QObject):
    """The steps of importing one file; ``imported`` carries the result once saved, ``message``
    says what is happening (for a status line)."""

    imported = Signal(object)
    message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.dialog: QDialog | None = None

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _show_problems(self, source: str, problems: Sequence[Problem], message: str) -> None:
        self.message.emit(message)
        self._show(ImportProblemsDialog(source, problems, self.parent_widget))

    def _offer(self, preview: QDialog, apply: Callable[[], None]) -> None:
        """Show the preview: Import runs ``apply``; Cancel saves nothing."""
        preview.accepted.connect(apply)
        preview.rejected.connect(lambda: self.message.emit(CANCELLED))
        self._show(preview)

    def _save(self, work: Callable[[], object]) -> None:
        """Import: ``work`` saves it all in a worker."""
        self.message.emit("Importing…")
        self.ctx.jobs.run(work, self._on_applied, self._on_failed)

    def done(self, result: Any) -> str:
        """What the status line says once the import is saved: the result's own summary."""
        return str(result.summary())

    def _on_applied(self, result: object) -> None:
        self.message.emit(self.done(result))
        self.imported.emit(result)

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self._show_problems("the file", exc.problems, "Nothing was imported.")
        else:
            self.message.emit(f"Import failed, nothing was saved: {exc}")
