"""Fitting a school laptop's screen, and the status bar's path label: the parts of the window that
are on the first paint's path, so this module imports no `Qt` namespace (creating its ~100 enums
costs more than a bare window's whole paint) and nothing of ours.

A 1366×768 laptop at 150% scaling offers about 910×480 logical pixels (less the taskbar); every
window and dialog sizes itself within what its screen offers, and long forms scroll.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

FRAME_ALLOWANCE = QSize(16, 40)  # the window frame and title bar the system adds around a window


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the screen a window may use (without the taskbar): the widget's screen, or the
    primary one."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def screen_room(widget: QWidget | None = None) -> QSize:
    """The largest size a window's contents can have and still fit, frame and all, on the screen."""
    area = available_area(widget)
    return QSize(
        max(200, area.width() - FRAME_ALLOWANCE.width()), max(150, area.height() - FRAME_ALLOWANCE.height())
    )


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize a dialog or window to width×height, or smaller when its screen has less room; a
    minimum size larger than the screen is lowered too (its contents scroll instead)."""
    room = screen_room(window)
    minimum = window.minimumSize()
    window.setMinimumSize(min(minimum.width(), room.width()), min(minimum.height(), room.height()))
    window.resize(min(width, room.width()), min(height, room.height()))


def scrolling(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """``content`` in a frameless scroll area (scroll bars as needed): a long form scrolls on a
    small screen rather than pushing its window off it."""
    area = QScrollArea(parent)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class ElidedLabel(QLabel):
    """One line of text that gives way in a narrow window: the middle is elided ("…") rather than
    the end cut off, and the whole text is in the tooltip. For a status bar's file path."""

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.text():
            return  # nothing to draw (the first paint, before the store opens)
        from PySide6.QtCore import Qt  # here, not at import: see the module's docstring

        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
