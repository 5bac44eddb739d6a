"""A RowTable whose columns fit a sample of the rows, for tables of thousands of rows.

``QTableView.resizeColumnsToContents`` lays out every cell of up to 1,000 rows, asking the model
for eight roles of each through Python: 3.4 s on the Exclusions tab at 5,000 pupils, on the main
thread, after every refresh. Measuring the words of the first rows (in the order shown) with the
view's font gives the same widths as Qt's on a table of up to ``SAMPLE`` rows, in a few
milliseconds; past that, a wider cell further down is cut short with "…" and its tooltip or the
column's drag handle shows the rest.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QFontMetricsF, QShowEvent
from PySide6.QtWidgets import QStyle

from cwsw_desktop.ui.list_tab import RowTable

WIDEST = 420  # as RowTable's own fit


class SampledFitTable(RowTable):
    """A RowTable that fits its columns to a sample of its rows, and only once it is on screen
    (a table on a page not shown is fitted when its page is shown)."""

    SAMPLE = 200  # rows measured: a few screens' worth
    _unfitted = False

    def _fit_columns(self, widest: int = WIDEST) -> None:
        self._unfitted = not self.isVisible()
        if not self._unfitted:
            self.fit_sample(widest)

    def showEvent(self, event: QShowEvent) -> None:
        if self._unfitted:
            self._unfitted = False
            self.fit_sample()
        super().showEvent(event)

    def fit_sample(self, widest: int = WIDEST) -> None:
        """Each column as wide as its header or its widest text in the first SAMPLE rows, at most
        `widest` (the last column stretches)."""
        view, header = self.view, self.view.horizontalHeader()
        metrics = QFontMetricsF(view.font())
        # What Qt adds to the text: the item's margins either side, and the grid line.
        margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
        margin += 1 if view.showGrid() else 0
        rows = [self.model.row_at(i) for i in range(min(self.model.rowCount(), self.SAMPLE))]
        last = self.model.columnCount() - 1
        for i, column in enumerate(self.model.columns()):
            texts = {column.text(r) for r in rows}
            content = math.ceil(max(metrics.horizontalAdvance(t) for t in texts)) + margin if texts else 0
            width = max(content, header.sectionSizeHint(i))
            header.resizeSection(i, width if i == last else min(width, widest))
