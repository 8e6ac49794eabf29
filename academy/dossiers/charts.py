"""Charts drawn with reportlab's own graphics, every axis labelled."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from statistics import mean

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from academy.dossiers.fonts import BASE_FONT, BASE_FONT_BOLD, clean_text
from academy.dossiers.model import GradeEntry, RaceResultRow
from academy.dossiers.styles import INK, MUTED, RULE, SERIES_COLOURS
from academy.enums import ResultStatus

AXIS_FONT_SIZE = 7
TITLE_FONT_SIZE = 8


def _month_index(day: date) -> int:
    return day.year * 12 + (day.month - 1)


def _month_label(index: float) -> str:
    index = int(round(index))
    year, month = divmod(index, 12)
    return f"{('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[month]} {year % 100:02d}"


def _lap_label(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


def _axis_titles(drawing: Drawing, x: float, y: float, w: float, h: float, x_title: str, y_title: str) -> None:
    drawing.add(
        String(x + w / 2, y - 26, x_title, fontName=BASE_FONT, fontSize=TITLE_FONT_SIZE,
               fillColor=MUTED, textAnchor="middle")
    )
    rotated = Group(
        String(0, 0, y_title, fontName=BASE_FONT, fontSize=TITLE_FONT_SIZE, fillColor=MUTED,
               textAnchor="middle")
    )
    rotated.transform = (0, 1, -1, 0, x - 34, y + h / 2)
    drawing.add(rotated)


def _style_axes(plot) -> None:
    for axis in (plot.xValueAxis if hasattr(plot, "xValueAxis") else plot.categoryAxis,
                 plot.yValueAxis if hasattr(plot, "yValueAxis") else plot.valueAxis):
        axis.labels.fontName = BASE_FONT
        axis.labels.fontSize = AXIS_FONT_SIZE
        axis.labels.fillColor = INK
        axis.strokeColor = MUTED
        axis.strokeWidth = 0.5


def _legend(drawing: Drawing, x: float, y: float, names: Sequence[str], columns: int = 4) -> None:
    legend = Legend()
    legend.x = x
    legend.y = y
    legend.fontName = BASE_FONT
    legend.fontSize = AXIS_FONT_SIZE
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.columnMaximum = max(1, (len(names) + columns - 1) // columns)
    legend.dx = 6
    legend.dy = 6
    legend.deltax = 95
    legend.dxTextSpace = 4
    legend.colorNamePairs = [
        (SERIES_COLOURS[i % len(SERIES_COLOURS)], clean_text(name)[:28]) for i, name in enumerate(names)
    ]
    drawing.add(legend)


def grading_trend_chart(grades: Sequence[GradeEntry], width: float, height: float = 190) -> Drawing | None:
    """Monthly mean score per competency over time."""
    per_competency: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for grade in grades:
        per_competency[grade.competency][_month_index(grade.graded_on)].append(grade.score)
    if not per_competency:
        return None
    names = sorted(per_competency)
    data = []
    for name in names:
        months = per_competency[name]
        data.append([(month, round(mean(months[month]), 2)) for month in sorted(months)])
    all_months = [m for series in data for m, _ in series]
    all_scores = [s for series in data for _, s in series]
    legend_rows = (len(names) + 3) // 4
    drawing = Drawing(width, height + legend_rows * 11)
    plot = LinePlot()
    plot.x, plot.y = 46, 40 + legend_rows * 11
    plot.width, plot.height = width - 60, height - 56
    plot.data = data
    plot.joinedLines = 1
    for i in range(len(names)):
        line = plot.lines[i]
        line.strokeColor = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        line.strokeWidth = 1.2
        line.symbol = makeMarker("FilledCircle", size=2.2,
                                 fillColor=SERIES_COLOURS[i % len(SERIES_COLOURS)])
    first, last = min(all_months), max(all_months)
    if first == last:
        first, last = first - 1, last + 1
    plot.xValueAxis.valueMin = first
    plot.xValueAxis.valueMax = last
    step = max(1, (last - first) // 8)
    plot.xValueAxis.valueSteps = list(range(first, last + 1, step))
    plot.xValueAxis.labelTextFormat = _month_label
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.valueMax = 10 if max(all_scores) <= 10 else max(all_scores)
    plot.yValueAxis.valueStep = 2 if plot.yValueAxis.valueMax <= 10 else None
    plot.yValueAxis.visibleGrid = 1
    plot.yValueAxis.gridStrokeColor = RULE
    plot.yValueAxis.gridStrokeWidth = 0.3
    _style_axes(plot)
    drawing.add(plot)
    _axis_titles(drawing, plot.x, plot.y, plot.width, plot.height, "Month graded", "Mean score (0-10)")
    _legend(drawing, plot.x, legend_rows * 11 + 4, names)
    return drawing


def results_by_season_chart(results: Sequence[RaceResultRow], width: float, height: float = 170) -> Drawing | None:
    """Starts, classified finishes and class podiums per season."""
    seasons = sorted({r.season for r in results})
    if not seasons:
        return None
    starts = [sum(1 for r in results if r.season == s and r.status != ResultStatus.DNS) for s in seasons]
    classified = [
        sum(1 for r in results if r.season == s and r.status == ResultStatus.CLASSIFIED) for s in seasons
    ]
    podiums = [
        sum(
            1
            for r in results
            if r.season == s and r.status == ResultStatus.CLASSIFIED and r.position_in_class
            and r.position_in_class <= 3
        )
        for s in seasons
    ]
    drawing = Drawing(width, height + 14)
    chart = VerticalBarChart()
    chart.x, chart.y = 46, 52
    chart.width, chart.height = width - 60, height - 62
    chart.data = [starts, classified, podiums]
    chart.categoryAxis.categoryNames = [clean_text(s)[:12] for s in seasons]
    chart.categoryAxis.labels.angle = 30 if len(seasons) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(seasons) > 6 else "n"
    chart.valueAxis.valueMin = 0
    top = max(starts) if starts else 1
    chart.valueAxis.valueMax = max(1, top)
    chart.valueAxis.valueStep = max(1, (top + 5) // 6)
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.groupSpacing = 8
    chart.barSpacing = 1
    for i in range(3):
        chart.bars[i].fillColor = SERIES_COLOURS[i]
        chart.bars[i].strokeColor = None
    _style_axes(chart)
    drawing.add(chart)
    _axis_titles(drawing, chart.x, chart.y - 8, chart.width, chart.height, "Season", "Races")
    _legend(drawing, chart.x, height + 12, ["Starts", "Classified", "Class podiums"], columns=3)
    return drawing


def lap_progression_chart(circuit: str, points: Sequence[tuple[date, int]], width: float,
                          height: float = 120) -> Drawing | None:
    """Best lap per session at one circuit, over time (lower is better)."""
    points = sorted(points)
    if len(points) < 2:
        return None
    drawing = Drawing(width, height + 12)
    plot = LinePlot()
    plot.x, plot.y = 50, 36
    plot.width, plot.height = width - 62, height - 44
    ordinals = [d.toordinal() for d, _ in points]
    seconds = [ms / 1000 for _, ms in points]
    plot.data = [list(zip(ordinals, seconds, strict=True))]
    plot.lines[0].strokeColor = SERIES_COLOURS[0]
    plot.lines[0].strokeWidth = 1.2
    plot.lines[0].symbol = makeMarker("FilledCircle", size=2.4, fillColor=SERIES_COLOURS[1])
    low, high = min(seconds), max(seconds)
    pad = max(0.5, (high - low) * 0.1)
    plot.yValueAxis.valueMin = low - pad
    plot.yValueAxis.valueMax = high + pad
    plot.yValueAxis.labelTextFormat = _lap_label
    plot.yValueAxis.visibleGrid = 1
    plot.yValueAxis.gridStrokeColor = RULE
    plot.yValueAxis.gridStrokeWidth = 0.3
    first, last = min(ordinals), max(ordinals)
    if first == last:
        first, last = first - 1, last + 1
    plot.xValueAxis.valueMin = first
    plot.xValueAxis.valueMax = last
    span = last - first
    plot.xValueAxis.valueSteps = [first + span * k / 5 for k in range(6)]
    plot.xValueAxis.labelTextFormat = lambda v: date.fromordinal(int(v)).strftime("%d %b %y")
    _style_axes(plot)
    drawing.add(plot)
    drawing.add(String(plot.x, height + 2, clean_text(circuit)[:60], fontName=BASE_FONT_BOLD,
                       fontSize=TITLE_FONT_SIZE + 0.5, fillColor=INK))
    _axis_titles(drawing, plot.x, plot.y + 4, plot.width, plot.height, "Session date", "Best lap")
    return drawing


def cohort_chart(competencies: Sequence[str], driver: Sequence[float], median: Sequence[float],
                 width: float) -> Drawing | None:
    if not competencies:
        return None
    row = 18
    height = len(competencies) * row + 60
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 40
    chart.width, chart.height = width - 170, height - 58
    chart.data = [list(reversed(driver)), list(reversed(median))]
    chart.categoryAxis.categoryNames = [clean_text(c)[:30] for c in reversed(competencies)]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 10
    chart.valueAxis.valueStep = 2
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.bars[0].fillColor = SERIES_COLOURS[0]
    chart.bars[1].fillColor = colors.HexColor("#A9B4C6")
    chart.bars[0].strokeColor = None
    chart.bars[1].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 5
    _style_axes(chart)
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 12, "Latest score (0-10)", fontName=BASE_FONT,
                       fontSize=TITLE_FONT_SIZE, fillColor=MUTED, textAnchor="middle"))
    rotated = Group(String(0, 0, "Competency", fontName=BASE_FONT, fontSize=TITLE_FONT_SIZE,
                           fillColor=MUTED, textAnchor="middle"))
    rotated.transform = (0, 1, -1, 0, 10, chart.y + chart.height / 2)
    drawing.add(rotated)
    _legend(drawing, chart.x, height - 2, ["Driver", "Cohort median"], columns=2)
    return drawing
