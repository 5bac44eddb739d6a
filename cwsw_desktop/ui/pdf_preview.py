"""Preview a finished PDF in the window (QtPdf), then Print… or Save as PDF….

Every printed document goes through here: the reports/ base makes the bytes, this dialog shows
them page by page, sends them to the system print dialog, or saves them (0600). The caller
audits what happened through the `printed` and `saved` signals.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

Saver = Callable[[Path, bytes], Path]


def save_plain(path: Path, data: bytes) -> Path:
    from cwsw_desktop.services.export import write_document

    return write_document(path, data)


class PdfPreviewDialog(QDialog):
    printed = Signal()
    saved = Signal(str)  # the path written

    def __init__(
        self,
        data: bytes,
        title: str,
        suggested_name: str,
        parent: QWidget | None = None,
        saver: Saver = save_plain,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._data = data
        self._suggested = suggested_name
        self._saver = saver
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self._build(note)

    def _build(self, note: str) -> None:
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        pages = self.document.pageCount()
        self.summary = QLabel(f"{pages} page{'s' if pages != 1 else ''}. {note}".strip(), self)
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = QPushButton("&Print…", self)
        self.save_button = QPushButton("&Save as PDF…", self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self._on_print)
        self.save_button.clicked.connect(self._on_save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.print_button.setDefault(True)
        screen = self.screen().availableGeometry() if self.screen() else QRect(0, 0, 1280, 720)
        self.resize(min(900, screen.width() - 40), min(1000, screen.height() - 60))

    def page_count(self) -> int:
        return self.document.pageCount()

    def print_to(self, printer: QPrinter) -> None:
        """Paint every page onto the printer at its resolution (also used to print to a file)."""
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("The printer could not be started.")
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                target = painter.viewport()
                size = self.document.pagePointSize(page).toSize()
                scale = min(target.width() / max(size.width(), 1), target.height() / max(size.height(), 1))
                image = self.document.render(
                    page, QSize(int(size.width() * scale), int(size.height() * scale))
                )
                painter.drawImage(0, 0, image)
        finally:
            painter.end()

    def _on_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except OSError as exc:
            QMessageBox.warning(self, "Print", str(exc))
            return
        self.printed.emit()

    def _on_save(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save as PDF", str(Path.home() / self._suggested), "PDF documents (*.pdf)"
        )
        if chosen:
            self.save_as(Path(chosen))

    def save_as(self, path: Path) -> Path | None:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            written = self._saver(path, self._data)
        except OSError as exc:
            QMessageBox.warning(self, "Save as PDF", f"Could not save {path.name}: {exc.strerror or exc}")
            return None
        self.saved.emit(str(written))
        self.summary.setText(f"Saved to {written}.")
        return written
