"""The two charts of the Report to Governors, drawn with reportlab's own graphics.

A withheld value (fewer than 3 children) is never drawn as a bar, since its height would give
the number away: the chart writes "withheld" where the bar would stand.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from cwsw_desktop.reports.base import FONT, FONT_BOLD, INK, RULE, register_fonts
from cwsw_desktop.reports.governors_data import ChartData

PALETTE = (colors.HexColor("#2f5d8a"), colors.HexColor("#9fb8d3"), colors.HexColor("#c9772b"))
REFERENCE = colors.HexColor("#9b1c1c")


def bar_chart(data: ChartData, width: float, height: float = 190) -> Drawing:
    """A grouped vertical bar chart with a legend, and a dashed reference line if given."""
    register_fonts()
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, data.title, fontName=FONT_BOLD, fontSize=10, fillColor=INK))
    chart = VerticalBarChart()
    chart.x, chart.y = 38, 22
    chart.width = width - chart.x - 10
    chart.height = height - chart.y - 52
    values = [[v if v is not None else 0 for v in s.values] for s in data.series]
    chart.data = values
    shown = [v for s in data.series for v in s.values if v is not None]
    top = max([*shown, data.reference or 0, 1])
    if data.unit == "%":
        low = min([*shown, data.reference or 100, 100])
        chart.valueAxis.valueMin = max(0, (int(low) // 10) * 10 - 10)
        chart.valueAxis.valueMax = 100
        chart.valueAxis.valueStep = 10 if chart.valueAxis.valueMin >= 50 else 20
        chart.valueAxis.labelTextFormat = "%d%%"
    else:
        chart.valueAxis.valueMin = 0
        step = max(1, round(top / 5))
        chart.valueAxis.valueMax = step * (int(top // step) + 1)
        chart.valueAxis.valueStep = step
        chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e4e8ee")
    chart.categoryAxis.categoryNames = list(data.categories)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.strokeColor = RULE
    chart.barSpacing = 2
    chart.groupSpacing = 12
    for i in range(len(data.series)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    for si, s in enumerate(data.series):
        for ci, v in enumerate(s.values):
            if v is None:  # no bar: the height would show the number
                chart.bars[(si, ci)].fillColor = colors.white
    chart.barLabelFormat = _label_format(data.unit)
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    chart.barLabelArray = [
        [("withheld" if v is None else _label_format(data.unit) % v) for v in s.values] for s in data.series
    ]
    chart.barLabelFormat = "values"
    drawing.add(chart)
    if data.reference is not None:
        span = chart.valueAxis.valueMax - chart.valueAxis.valueMin
        y = chart.y + chart.height * (data.reference - chart.valueAxis.valueMin) / span
        line = Line(chart.x, y, chart.x + chart.width, y, strokeColor=REFERENCE, strokeWidth=1.2)
        line.strokeDashArray = [4, 3]
        drawing.add(line)
        label = f"{data.reference_label} {data.reference:.1f}{data.unit}"
        drawing.add(
            String(
                chart.x + chart.width,
                y + 3,
                label,
                fontName=FONT_BOLD,
                fontSize=7.5,
                fillColor=REFERENCE,
                textAnchor="end",
            )
        )
    if len(data.series) > 1:
        legend = Legend()
        legend.x, legend.y = chart.x, height - 20
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 150
        legend.fontName = FONT
        legend.fontSize = 8
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], s.name) for i, s in enumerate(data.series)]
        legend.boxAnchor = "nw"
        legend.dx = legend.dy = 7
        drawing.add(legend)
    return drawing


def _label_format(unit: str) -> str:
    return "%.1f%%" if unit == "%" else "%d"
