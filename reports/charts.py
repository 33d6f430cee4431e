"""Vector charts for the PDF reports (reportlab.graphics: no browser, no image files)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from reports.formatting import plain, score

BP_COLOUR = colors.HexColor("#1565C0")
AVERAGE_COLOUR = colors.HexColor("#B0BEC5")


def _label(value: float) -> str:
    return score(value)


def _axis_label(value: float) -> str:
    return plain(value)


def indicator_chart(labels: Sequence[str], scores: Sequence[Decimal | None],
                    averages: Sequence[Decimal | None], width: float, *,
                    own_label: str = "Badan publik ini",
                    average_label: str = "Rata-rata kategori") -> Drawing:
    """Horizontal bars per indicator: this badan publik's score beside the category
    average (0–100). A missing score is drawn as no bar."""
    n = max(len(labels), 1)
    bar_area = 26 * n
    height = bar_area + 44
    drawing = Drawing(width, height)
    label_width = min(150.0, width * 0.34)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 34
    chart.width = width - label_width - 40
    chart.height = bar_area
    # reportlab draws the first category (and the first series of a group) at the bottom:
    # reverse both so indicators read top-down with this badan publik's bar above the
    # average. None draws no bar and no label.
    chart.data = [
        [float(v) if v is not None else None for v in reversed(averages)],
        [float(v) if v is not None else None for v in reversed(scores)],
    ]
    chart.categoryAxis.categoryNames = [_short(t) for t in reversed(labels)]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = colors.HexColor("#9E9E9E")
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _axis_label
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E0E0E0")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.valueAxis.strokeColor = colors.HexColor("#9E9E9E")
    chart.bars[0].fillColor = AVERAGE_COLOUR
    chart.bars[1].fillColor = BP_COLOUR
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 7
    chart.barLabelFormat = _label
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabels.fillColor = colors.HexColor("#424242")
    drawing.add(chart)
    legend = Legend()
    legend.x = label_width
    legend.y = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 110
    legend.fontName = "Helvetica"
    legend.fontSize = 7.5
    legend.boxAnchor = "w"
    legend.strokeColor = None
    legend.dx = legend.dy = 7
    legend.colorNamePairs = [(BP_COLOUR, own_label), (AVERAGE_COLOUR, average_label)]
    drawing.add(legend)
    if not labels:
        drawing.add(String(width / 2, height / 2, "Tidak ada nilai indikator",
                           fontName="Helvetica", fontSize=8, textAnchor="middle"))
    return drawing


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
