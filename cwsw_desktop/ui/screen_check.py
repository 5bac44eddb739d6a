"""What "fits" means for a window or dialog (on its screen, nothing cut off or squeezed), and
waiting for a window's work to finish and paint: for the screen gallery, its screenshots and its
test."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)

from cwsw_desktop.ui.widgets import available_area

if TYPE_CHECKING:
    from cwsw_desktop.ui.main_window import MainWindow


def pause(seconds: float) -> None:
    """Keep the event loop turning for a while (for work Qt does in its own threads)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def settle(window: MainWindow, timeout: float = 20.0) -> None:
    """Let the window's workers finish and their results paint."""
    deadline = time.monotonic() + timeout
    app = QApplication.instance()
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if not window.jobs.busy:
            QApplication.processEvents()
            if not window.jobs.busy:
                break
        time.sleep(0.01)
    if app is not None:  # widgets deleteLater()'d are gone in the running app: here too
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


# -- what "fits" means --
def off_screen(widget: QWidget) -> str | None:
    """Why the window does not fit on its screen (frame included), or None."""
    area = available_area(widget)
    frame = widget.frameGeometry()
    if not area.contains(frame):
        return (
            f"{widget.windowTitle() or type(widget).__name__}: {frame.width()}×{frame.height()} at "
            f"({frame.x()}, {frame.y()}) is not within the screen's {area.width()}×{area.height()}"
        )
    return None


_COMPOUND = (QLineEdit, QComboBox, QAbstractSpinBox)  # their inner parts are theirs to lay out


def _visible_descendants(widget: QWidget) -> Iterator[QWidget]:
    for child in widget.findChildren(QWidget):
        if child.isVisible() and not child.isWindow() and not isinstance(child.parentWidget(), _COMPOUND):
            yield child


def cut_off(window: QWidget) -> list[str]:
    """Visible widgets that stick out of their window or are squeezed below what they need to show
    (a clipped label, a button without room for its words). Contents of scroll areas may extend:
    they scroll."""
    problems: list[str] = []
    bounds = window.rect()
    for child in _visible_descendants(window):
        if _inside_scroll_area(child, window):
            continue
        rect = QRect(child.mapTo(window, child.rect().topLeft()), child.size())
        name = child.objectName() or child.accessibleName() or type(child).__name__
        text = getattr(child, "text", None)
        label = f"{name} {text()!r}" if callable(text) and isinstance(text(), str) and text() else name
        if not bounds.contains(rect) and rect.width() > 0 and rect.height() > 0:
            problems.append(f"{label} sticks out of the window ({rect} not within {bounds})")
            continue
        hint = child.minimumSizeHint()
        if child.height() + 1 < hint.height() and child.height() > 0:
            problems.append(f"{label} is {child.height()} high but needs {hint.height()}")
    return problems


def _inside_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False
