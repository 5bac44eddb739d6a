"""A month calendar with PEP meetings marked in colour and in words (initials and status)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QCalendarWidget, QWidget

from cwsw_desktop.rules.pep import PepStatus
from cwsw_desktop.services.pep_types import MeetingRow

# Colours go with words: every mark also says "held", "planned", "off" (postponed or cancelled).
MARKS = {
    PepStatus.PLANNED: ("#2f6fb0", "planned"),
    PepStatus.HELD: ("#2e7d32", "held"),
    PepStatus.POSTPONED: ("#9a6700", "off"),
    PepStatus.CANCELLED: ("#8a8f98", "off"),
}
NO_TARGETS = "#b26a00"


def mark_text(row: MeetingRow) -> str:
    words = MARKS[row.status][1]
    if row.status is PepStatus.HELD and not row.complete:
        words = "held, no targets"
    return f"{row.initials} {words}"


def mark_colour(row: MeetingRow) -> str:
    if row.status is PepStatus.HELD and not row.complete:
        return NO_TARGETS
    return MARKS[row.status][0]


class MeetingCalendar(QCalendarWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setMinimumSize(300, 220)
        self.setAccessibleName("PEP meetings by month")
        self._by_day: dict[date, list[MeetingRow]] = defaultdict(list)

    def set_meetings(self, rows: Sequence[MeetingRow]) -> None:
        self._by_day.clear()
        for row in rows:
            self._by_day[row.meeting_date].append(row)
        self.updateCells()

    def meetings_on(self, day: date) -> list[MeetingRow]:
        return list(self._by_day.get(day, ()))

    def marks_on(self, day: date) -> list[str]:
        """The words drawn in the day's cell (for tests and screen readers)."""
        return [mark_text(r) for r in self._by_day.get(day, ())]

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:  # Qt override
        super().paintCell(painter, rect, qdate)
        day = qdate.toPython()
        rows = self._by_day.get(day, []) if isinstance(day, date) else []
        if not rows:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.72))
        painter.setFont(font)
        line = painter.fontMetrics().height()
        top = rect.top() + rect.height() - line * min(len(rows), 2) - 2
        for i, row in enumerate(rows[:2]):
            band = QRect(rect.left() + 2, top + i * line, rect.width() - 4, line)
            painter.fillRect(band, QColor(mark_colour(row)))
            painter.setPen(QColor("white"))
            text = mark_text(row) if len(rows) <= 2 or i == 0 else f"+{len(rows) - 1} more"
            painter.drawText(band.adjusted(2, 0, -1, 0), Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()
