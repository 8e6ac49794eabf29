"""Charts drawn with reportlab's own graphics, every axis labelled."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from math import sqrt
from statistics import fmean
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import FILL_NON_ZERO, Drawing, Group, Path, PolyLine, Rect, String
from reportlab.lib import colors

from academy.dossiers.pdf.fonts import (
    BASE_FONT,
    clean_text,
    fit_text,
    single_font,
    string_width,
)
from academy.dossiers.pdf.model import GradeEntry, RaceResultRow
from academy.dossiers.pdf.styles import INK, MUTED, RULE, SERIES_COLOURS
from academy.enums import ResultStatus

AXIS_FONT_SIZE = 7
TITLE_FONT_SIZE = 8
LEGEND_ROW = 11
COHORT_GREY = colors.HexColor("#A9B4C6")


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    # The renderer's starting font would be Helvetica, which is not embedded.
    drawing.initialFontName = BASE_FONT
    return drawing


def _month_index(day: date) -> int:
    return day.year * 12 + (day.month - 1)


def _month_label(index: float) -> str:
    index = int(round(index))
    year, month = divmod(index, 12)
    return f"{('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[month]} {year % 100:02d}"


def _lap_label(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


# A quarter circle as one Bézier curve: its control points lie this fraction of the radius
# along the tangents (the curves reportlab draws a circle with).
_QUARTER_CIRCLE = 4 / 3 * (sqrt(2) - 1)
# reportlab's markers are outlined this thin in black.
DOT_OUTLINE = 0.1


def _dots(centres: Sequence[tuple[float, float]], size: float, colour: colors.Color) -> Path:
    """A filled dot of diameter ``size`` at each centre, all in one path."""
    path = Path(
        fillColor=colour,
        strokeColor=colors.black,
        strokeWidth=DOT_OUTLINE,
        fillMode=FILL_NON_ZERO,
        autoclose="pdf",
    )
    r = size / 2
    k = _QUARTER_CIRCLE * r
    for x, y in centres:
        path.moveTo(x + r, y)
        path.curveTo(x + r, y + k, x + k, y + r, x, y + r)
        path.curveTo(x - k, y + r, x - r, y + k, x - r, y)
        path.curveTo(x - r, y - k, x - k, y - r, x, y - r)
        path.curveTo(x + k, y - r, x + r, y - k, x + r, y)
        path.closePath()
    return path


class _DottedLinePlot(LinePlot):
    """A plot of one line with a dot at each point, drawn as two shapes: the line and a path of
    dots. LinePlot's own lines look up a style and a label for every point and a marker
    is a widget per point, built and drawn apart (most of a chart's time)."""

    def __init__(self, dot_size: float, dot_colour: colors.Color) -> None:
        super().__init__()
        self._dot_size = dot_size
        self._dot_colour = dot_colour

    def makeLines(self) -> Group:  # noqa: N802 (reportlab's name)
        style = self.lines[0]
        # _positions: each line's points on the page, worked out by LinePlot.draw.
        points = self._positions[0]
        lines = Group()
        # As LinePlot draws a joined line.
        lines.add(
            PolyLine(
                [coordinate for point in points for coordinate in point],
                strokeColor=style.strokeColor,
                strokeWidth=style.strokeWidth,
                strokeLineCap=0,
                strokeLineJoin=1,
            )
        )
        lines.add(_dots(points, self._dot_size, self._dot_colour))
        return lines


def _axis_title(text: str, x: float, y: float) -> String:
    """An axis title centred on (x, y)."""
    return String(
        x,
        y,
        text,
        fontName=BASE_FONT,
        fontSize=TITLE_FONT_SIZE,
        fillColor=MUTED,
        textAnchor="middle",
    )


def _upright_axis_title(text: str, x: float, y: float) -> Group:
    """An axis title centred on (x, y), read from bottom to top."""
    rotated = Group(_axis_title(text, 0, 0))
    rotated.transform = (0, 1, -1, 0, x, y)
    return rotated


def _axis_titles(
    drawing: Drawing, x: float, y: float, w: float, h: float, x_title: str, y_title: str
) -> None:
    drawing.add(_axis_title(x_title, x + w / 2, y - 26))
    drawing.add(_upright_axis_title(y_title, x - 34, y + h / 2))


def _style_axes(plot: Any) -> None:
    for axis in (
        plot.xValueAxis if hasattr(plot, "xValueAxis") else plot.categoryAxis,
        plot.yValueAxis if hasattr(plot, "yValueAxis") else plot.valueAxis,
    ):
        axis.labels.fontName = BASE_FONT
        axis.labels.fontSize = AXIS_FONT_SIZE
        axis.labels.fillColor = INK
        axis.strokeColor = MUTED
        axis.strokeWidth = 0.5


def _label(
    text: str, max_width: float, size: float = AXIS_FONT_SIZE, bold: bool = False
) -> tuple[str, str]:
    """(font, text) for a chart label: one font that can draw it, cut to fit."""
    text = fit_text(text, size, max_width, bold)
    return single_font(text, bold), text


def _legend_rows(names: Sequence[str], width: float) -> int:
    columns = _legend_columns(names, width)
    return (len(names) + columns - 1) // columns


def _legend_columns(names: Sequence[str], width: float) -> int:
    widest = max((string_width(clean_text(n), AXIS_FONT_SIZE) for n in names), default=0)
    return max(1, min(len(names), int(width // (widest + 20))))


def _legend(drawing: Drawing, x: float, y: float, names: Sequence[str], width: float) -> None:
    """Swatch and name per series, in as many columns as the widest name allows.

    ``y`` is the top of the legend; rows go down from there.
    """
    columns = _legend_columns(names, width)
    column_width = width / columns
    for index, name in enumerate(names):
        row, column = divmod(index, columns)
        left = x + column * column_width
        top = y - row * LEGEND_ROW
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        drawing.add(Rect(left, top - 7, 7, 7, fillColor=colour, strokeColor=None))
        font, text = _label(name, column_width - 14)
        drawing.add(
            String(
                left + 10, top - 6.5, text, fontName=font, fontSize=AXIS_FONT_SIZE, fillColor=INK
            )
        )


PANEL_HEIGHT = 74  # one competency's small chart, title included


def grading_trend_chart(
    grades: Sequence[GradeEntry], width: float, height: float | None = None
) -> Drawing | None:
    """Monthly mean score per competency over time, as small multiples: one small chart per
    competency, all on the same months and the same 0-10 scale, so eight lines never cross
    and each trend reads on its own. `height` is ignored (the grid sets it)."""
    per_competency: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for grade in grades:
        per_competency[grade.competency][_month_index(grade.graded_on)].append(grade.score)
    if not per_competency:
        return None
    names = sorted(per_competency)
    all_months = [month for months in per_competency.values() for month in months]
    first, last = min(all_months), max(all_months)
    if first == last:
        first, last = first - 1, last + 1
    top = max(
        max(fmean(scores) for scores in months.values()) for months in per_competency.values()
    )
    scale_top = 10 if top <= 10 else top
    columns = 4 if width >= 400 else 2
    rows = -(-len(names) // columns)
    left_margin, bottom_margin = 46, 34
    panel_width = (width - left_margin) / columns
    drawing = _drawing(width, rows * PANEL_HEIGHT + bottom_margin)
    for index, name in enumerate(names):
        row, column = divmod(index, columns)
        x0 = left_margin + column * panel_width
        y0 = bottom_margin + (rows - 1 - row) * PANEL_HEIGHT
        months = per_competency[name]
        series = [(month, round(fmean(months[month]), 2)) for month in sorted(months)]
        plot = _DottedLinePlot(dot_size=2.2, dot_colour=SERIES_COLOURS[0])
        plot.x, plot.y = x0 + 10, y0 + 12
        # A gap between panels wide enough for the month labels of neighbours not to touch.
        plot.width, plot.height = panel_width - 32, PANEL_HEIGHT - 30
        plot.data = [series]
        plot.joinedLines = 1
        plot.lines[0].strokeColor = SERIES_COLOURS[0]
        plot.lines[0].strokeWidth = 1.2
        plot.xValueAxis.valueMin = first
        plot.xValueAxis.valueMax = last
        # The first and last month under every chart of the bottom row only.
        plot.xValueAxis.valueSteps = [first, last]
        plot.xValueAxis.labelTextFormat = _month_label
        plot.xValueAxis.visibleLabels = row == rows - 1 or index + columns >= len(names)
        plot.yValueAxis.valueMin = 0
        plot.yValueAxis.valueMax = scale_top
        plot.yValueAxis.valueSteps = [0, scale_top / 2, scale_top]
        plot.yValueAxis.labelTextFormat = lambda v: f"{v:g}"
        # The scale beside the first chart of each row only.
        plot.yValueAxis.visibleLabels = column == 0
        plot.yValueAxis.visibleGrid = 1
        plot.yValueAxis.gridStrokeColor = RULE
        plot.yValueAxis.gridStrokeWidth = 0.3
        _style_axes(plot)
        drawing.add(plot)
        font, title = _label(name, panel_width - 12, AXIS_FONT_SIZE + 0.5, bold=True)
        drawing.add(
            String(
                plot.x,
                plot.y + plot.height + 5,
                title,
                fontName=font,
                fontSize=AXIS_FONT_SIZE + 0.5,
                fillColor=INK,
            )
        )
    _axis_titles(
        drawing,
        left_margin,
        bottom_margin,
        width - left_margin,
        rows * PANEL_HEIGHT - 14,
        "Month graded",
        "Mean score (0-10)",
    )
    return drawing


def results_by_season_chart(
    results: Sequence[RaceResultRow], width: float, height: float = 170
) -> Drawing | None:
    """Starts, classified finishes and class podiums per season."""
    seasons = sorted({r.season for r in results})
    if not seasons:
        return None
    starts = [
        sum(1 for r in results if r.season == s and r.status != ResultStatus.DNS) for s in seasons
    ]
    classified = [
        sum(1 for r in results if r.season == s and r.status == ResultStatus.CLASSIFIED)
        for s in seasons
    ]
    podiums = [
        sum(
            1
            for r in results
            if r.season == s
            and r.status == ResultStatus.CLASSIFIED
            and r.position_in_class
            and r.position_in_class <= 3
        )
        for s in seasons
    ]
    names = ["Starts", "Classified", "Class podiums"]
    chart = VerticalBarChart()
    chart.x, chart.y = 46, 48
    chart.width, chart.height = width - 56, height - 56
    legend_height = _legend_rows(names, chart.width) * LEGEND_ROW + 6
    drawing = _drawing(width, height + legend_height)
    chart.data = [starts, classified, podiums]
    slot = chart.width / len(seasons)
    crowded = len(seasons) > 6
    labels = [_label(season, 60 if crowded else slot - 4) for season in seasons]
    chart.categoryAxis.categoryNames = [text for _, text in labels]
    chart.categoryAxis.labels.angle = 30 if crowded else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if crowded else "n"
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
    for index, (font, _) in enumerate(labels):
        chart.categoryAxis.labels[index].fontName = font
    drawing.add(chart)
    _axis_titles(
        drawing,
        chart.x,
        chart.y - (14 if crowded else 0),
        chart.width,
        chart.height,
        "Season",
        "Races",
    )
    _legend(drawing, chart.x, height + legend_height, names, chart.width)
    return drawing


def lap_progression_chart(
    circuit: str, points: Sequence[tuple[date, int]], width: float, height: float = 120
) -> Drawing | None:
    """Best lap per session at one circuit, over time, faster higher (as on the web page's
    lap chart): the axis runs on negated seconds and labels them as lap times."""
    points = sorted(points)
    if len(points) < 2:
        return None
    drawing = _drawing(width, height + 12)
    plot = _DottedLinePlot(dot_size=2.4, dot_colour=SERIES_COLOURS[1])
    plot.x, plot.y = 50, 36
    plot.width, plot.height = width - 62, height - 44
    ordinals = [d.toordinal() for d, _ in points]
    seconds = [ms / 1000 for _, ms in points]
    plot.data = [[(day, -lap) for day, lap in zip(ordinals, seconds, strict=True)]]
    plot.lines[0].strokeColor = SERIES_COLOURS[0]
    plot.lines[0].strokeWidth = 1.2
    low, high = min(seconds), max(seconds)
    pad = max(0.5, (high - low) * 0.1)
    plot.yValueAxis.valueMin = -(high + pad)
    plot.yValueAxis.valueMax = -(low - pad)
    plot.yValueAxis.labelTextFormat = lambda value: _lap_label(-value)
    plot.yValueAxis.visibleGrid = 1
    plot.yValueAxis.gridStrokeColor = RULE
    plot.yValueAxis.gridStrokeWidth = 0.3
    first, last = min(ordinals), max(ordinals)
    if first == last:
        first, last = first - 1, last + 1
    plot.xValueAxis.valueMin = first
    plot.xValueAxis.valueMax = last
    span = last - first
    # One tick per ~45 points of axis so the date labels never touch.
    ticks = max(2, min(6, int(plot.width // 45)))
    plot.xValueAxis.valueSteps = [first + span * k / (ticks - 1) for k in range(ticks)]
    plot.xValueAxis.labelTextFormat = _tick_date_format(span)
    _style_axes(plot)
    drawing.add(plot)
    font, title = _label(circuit, width - plot.x, TITLE_FONT_SIZE + 0.5, bold=True)
    drawing.add(
        String(
            plot.x, height + 2, title, fontName=font, fontSize=TITLE_FONT_SIZE + 0.5, fillColor=INK
        )
    )
    _axis_titles(
        drawing, plot.x, plot.y + 4, plot.width, plot.height, "Session date", "Best lap (faster up)"
    )
    return drawing


def _tick_date_format(span_days: int) -> Callable[[float], str]:
    pattern = "%d %b" if span_days < 300 else "%b %y"
    return lambda value: date.fromordinal(int(value)).strftime(pattern)


def cohort_chart(
    competencies: Sequence[str], driver: Sequence[float], median: Sequence[float], width: float
) -> Drawing | None:
    if not competencies:
        return None
    row = 18
    names = ["Driver", "Cohort median"]
    label_room = min(
        150.0, max(string_width(clean_text(c), AXIS_FONT_SIZE) for c in competencies) + 30
    )
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 36
    chart.width = width - label_room - 12
    chart.height = len(competencies) * row
    drawing = _drawing(width, chart.height + 36 + LEGEND_ROW + 8)
    chart.data = [list(reversed(driver)), list(reversed(median))]
    labels = [_label(c, label_room - 24) for c in reversed(competencies)]
    chart.categoryAxis.categoryNames = [text for _, text in labels]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 10
    chart.valueAxis.valueStep = 2
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.bars[0].fillColor = SERIES_COLOURS[0]
    chart.bars[1].fillColor = COHORT_GREY
    chart.bars[0].strokeColor = None
    chart.bars[1].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 5
    _style_axes(chart)
    for index, (font, _) in enumerate(labels):
        chart.categoryAxis.labels[index].fontName = font
    drawing.add(chart)
    drawing.add(_axis_title("Latest score (0-10)", chart.x + chart.width / 2, 10))
    drawing.add(_upright_axis_title("Competency", 8, chart.y + chart.height / 2))
    legend_colours = (SERIES_COLOURS[0], COHORT_GREY)
    top = drawing.height
    for index, name in enumerate(names):
        left = chart.x + index * 90
        drawing.add(Rect(left, top - 7, 7, 7, fillColor=legend_colours[index], strokeColor=None))
        drawing.add(
            String(
                left + 10,
                top - 6.5,
                name,
                fontName=BASE_FONT,
                fontSize=AXIS_FONT_SIZE,
                fillColor=INK,
            )
        )
    return drawing
