"""Server-rendered SVG charts for the coaching pages. Pure Python: plain data in, markup out.

Every text that reaches the markup is escaped here. Colours and line styles are SVG
presentation attributes or CSS classes (the content security policy forbids inline styles).
Each data point carries data-* attributes, so tests (and curious readers) can read the
values back from the chart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

from academy.formatting import format_date, format_lap_ms

SCORE_MIN, SCORE_MAX = 1, 10
INK = "#1b1f24"
MUTED = "#5f6b7a"
GRID = "#dde2e8"
DRIVER = "#c8102e"
COHORT = "#14213d"
RACE = "#1e7b3c"


@dataclass(frozen=True)
class TrendPoint:
    on: date
    score: int
    note: str = ""


@dataclass(frozen=True)
class RadarAxis:
    label: str
    value: int | None
    median: float | None


@dataclass(frozen=True)
class LapPoint:
    on: date
    lap_ms: int
    source: str  # "session" or "race"
    note: str = ""


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _month(day: date) -> str:
    return f"{day:%b %Y}"


def _x_scale(days: list[date], left: float, right: float):
    first, last = min(days), max(days)
    span = (last - first).days

    def x(day: date) -> float:
        if span == 0:
            return (left + right) / 2
        return left + (right - left) * (day - first).days / span

    return x


def _svg_open(width: int, height: int, title: str, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_attr(title)}">',
        f"<title>{escape(title)}</title>",
    ]


def _chart_title(x: float, text: str) -> str:
    return f'<text x="{x}" y="16" class="chart-title" fill="{INK}">{escape(text)}</text>'


def _grid_line(left: float, right: float, y: float, label: str) -> str:
    """A horizontal grid line across the plot with its value at the left."""
    return (
        f'<line x1="{left}" x2="{right}" y1="{_number(y)}" y2="{_number(y)}" '
        f'stroke="{GRID}" stroke-width="1"/>'
        f'<text x="{left - 6}" y="{_number(y + 4)}" text-anchor="end" class="chart-axis" '
        f'fill="{MUTED}">{label}</text>'
    )


def _driver_path(coordinates: list[tuple[float, float]]) -> str:
    path = " ".join(f"{_number(px)},{_number(py)}" for px, py in coordinates)
    return (
        f'<polyline points="{path}" fill="none" stroke="{DRIVER}" stroke-width="1.5" '
        f'stroke-opacity="0.55"/>'
    )


def _month_axis(first: date, last: date, left: float, right: float, height: int) -> list[str]:
    """The first month under the left end of the time axis, the last under the right."""
    labels = [
        f'<text x="{left}" y="{height - 6}" class="chart-axis" fill="{MUTED}">{_month(first)}</text>'
    ]
    if last != first:
        labels.append(
            f'<text x="{right}" y="{height - 6}" text-anchor="end" class="chart-axis" '
            f'fill="{MUTED}">{_month(last)}</text>'
        )
    return labels


def _trend_line(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Least-squares slope and intercept, or None when there is no spread in x."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope, mean_y - slope * mean_x


def trend_chart(title: str, points: list[TrendPoint], *, retired: bool = False) -> Markup:
    """Scores of one competency over time, 1 to 10, with a dashed least-squares trend."""
    width, height = 320, 170
    left, right, top, bottom = 30, width - 12, 26, height - 24
    label = f"{title}: {len(points)} grade{'s' if len(points) != 1 else ''}"
    parts = _svg_open(width, height, label, "chart-trend")
    parts.append(_chart_title(left, f"{title} (retired)" if retired else title))

    def y(score: float) -> float:
        return bottom - (bottom - top) * (score - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)

    for score in (1, 4, 7, 10):
        parts.append(_grid_line(left, right, y(score), str(score)))
    if not points:
        parts.append(
            f'<text x="{(left + right) / 2}" y="{(top + bottom) / 2}" text-anchor="middle" '
            f'class="chart-empty" fill="{MUTED}">not graded yet</text></svg>'
        )
        return Markup("".join(parts))

    ordered = sorted(points, key=lambda point: point.on)
    x = _x_scale([point.on for point in ordered], left + 6, right - 6)
    coordinates = [(x(point.on), y(point.score)) for point in ordered]
    if len(ordered) > 1:
        parts.append(_driver_path(coordinates))
    if len(ordered) >= 3:
        fit = _trend_line(
            [(px, float(point.score)) for (px, _), point in zip(coordinates, ordered, strict=True)]
        )
        if fit is not None:
            slope, intercept = fit
            x1, x2 = coordinates[0][0], coordinates[-1][0]
            s1 = min(max(slope * x1 + intercept, SCORE_MIN), SCORE_MAX)
            s2 = min(max(slope * x2 + intercept, SCORE_MIN), SCORE_MAX)
            parts.append(
                f'<line class="trend-fit" x1="{_number(x1)}" y1="{_number(y(s1))}" '
                f'x2="{_number(x2)}" y2="{_number(y(s2))}" stroke="{COHORT}" stroke-width="1.5" '
                f'stroke-dasharray="5 4" data-from="{_number(s1)}" data-to="{_number(s2)}"/>'
            )
    for (px, py), point in zip(coordinates, ordered, strict=True):
        tip = f"{format_date(point.on)}: {point.score}/10"
        if point.note:
            tip += f" ({point.note})"
        parts.append(
            f'<circle class="point" cx="{_number(px)}" cy="{_number(py)}" r="3" fill="{DRIVER}" '
            f'data-date="{point.on.isoformat()}" data-score="{point.score}">'
            f"<title>{escape(tip)}</title></circle>"
        )
    parts.extend(_month_axis(ordered[0].on, ordered[-1].on, left, right, height))
    parts.append("</svg>")
    return Markup("".join(parts))


def _label_lines(label: str, width: int = 16) -> list[str]:
    """Break a long axis label in two at a space near its middle."""
    if len(label) <= width or " " not in label:
        return [label]
    middle = len(label) // 2
    spaces = [index for index, char in enumerate(label) if char == " "]
    cut = min(spaces, key=lambda index: abs(index - middle))
    return [label[:cut], label[cut + 1 :]]


def radar_chart(
    axes: list[RadarAxis],
    *,
    driver_label: str = "Latest grades",
    median_label: str = "Cohort median",
) -> Markup:
    """Latest grade per competency against the cohort's median, on a 0-10 radar."""
    width, height = 540, 470
    cx, cy, radius = width / 2, height / 2 + 8, 140
    parts = _svg_open(
        width, height, f"{driver_label} against the {median_label.lower()}", "chart-radar"
    )
    if len(axes) < 3:
        parts.append(
            f'<text x="{cx}" y="{cy}" text-anchor="middle" class="chart-empty" fill="{MUTED}">'
            "A radar needs at least three competencies.</text></svg>"
        )
        return Markup("".join(parts))

    def angle(index: int) -> float:
        return -math.pi / 2 + 2 * math.pi * index / len(axes)

    def point(index: int, value: float) -> tuple[float, float]:
        distance = radius * max(0.0, min(value, SCORE_MAX)) / SCORE_MAX
        return cx + distance * math.cos(angle(index)), cy + distance * math.sin(angle(index))

    def polygon_points(values: Iterable[float | None]) -> str:
        """The points of the polygon through these values, one per axis in order."""
        return " ".join(
            f"{_number(px)},{_number(py)}"
            for px, py in (point(i, value or 0) for i, value in enumerate(values))
        )

    for ring in (2, 4, 6, 8, 10):
        ring_points = polygon_points([ring] * len(axes))
        parts.append(
            f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="1"/>'
        )
        rx, ry = point(0, ring)
        parts.append(
            f'<text x="{_number(rx + 4)}" y="{_number(ry + 12)}" class="chart-axis" fill="{MUTED}">{ring}</text>'
        )
    line_height = 13
    for index, axis in enumerate(axes):
        ex, ey = point(index, SCORE_MAX)
        parts.append(
            f'<line x1="{cx}" y1="{cy}" x2="{_number(ex)}" y2="{_number(ey)}" stroke="{GRID}" stroke-width="1"/>'
        )
        # The label block sits outside the ring: above it at the top, below it at the bottom.
        lx = cx + (radius + 12) * math.cos(angle(index))
        ly = cy + (radius + 12) * math.sin(angle(index))
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        lines = _label_lines(axis.label)
        block = line_height * (len(lines) + 1)
        first_baseline = ly + 10 + (math.sin(angle(index)) - 1) / 2 * block
        value = "–" if axis.value is None else str(axis.value)
        median = "–" if axis.median is None else _number(axis.median)
        parts.append(
            f'<text x="{_number(lx)}" y="{_number(first_baseline)}" text-anchor="{anchor}" '
            f'class="chart-label" fill="{INK}">'
        )
        for line_index, line in enumerate(lines):
            dy = 0 if line_index == 0 else line_height
            parts.append(f'<tspan x="{_number(lx)}" dy="{dy}">{escape(line)}</tspan>')
        parts.append(
            f'<tspan x="{_number(lx)}" dy="{line_height}" class="chart-axis" fill="{MUTED}">'
            f"{escape(value)} · median {escape(median)}</tspan></text>"
        )

    if any(axis.median is not None for axis in axes):
        median_points = polygon_points(axis.median for axis in axes)
        parts.append(
            f'<polygon class="series-median" points="{median_points}" fill="{COHORT}" '
            f'fill-opacity="0.08" stroke="{COHORT}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    driver_points = polygon_points(axis.value for axis in axes)
    parts.append(
        f'<polygon class="series-driver" points="{driver_points}" fill="{DRIVER}" '
        f'fill-opacity="0.18" stroke="{DRIVER}" stroke-width="2"/>'
    )
    for index, axis in enumerate(axes):
        px, py = point(index, axis.value or 0)
        median = "" if axis.median is None else _number(axis.median)
        value = "" if axis.value is None else str(axis.value)
        tip = f"{axis.label}: {value or 'not graded'}; {median_label.lower()} {median or '–'}"
        parts.append(
            f'<circle class="point" cx="{_number(px)}" cy="{_number(py)}" r="3.5" fill="{DRIVER}" '
            f'data-competency="{_attr(axis.label)}" data-value="{value}" data-median="{median}">'
            f"<title>{escape(tip)}</title></circle>"
        )
    legend_y = 18
    parts.append(
        f'<rect x="12" y="{legend_y - 9}" width="12" height="10" fill="{DRIVER}" fill-opacity="0.5"/>'
        f'<text x="30" y="{legend_y}" class="chart-axis" fill="{INK}">{escape(driver_label)}</text>'
        f'<line x1="12" x2="24" y1="{legend_y + 14}" y2="{legend_y + 14}" stroke="{COHORT}" '
        f'stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="30" y="{legend_y + 18}" class="chart-axis" fill="{INK}">{escape(median_label)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def lap_chart(circuit: str, points: list[LapPoint], cohort_best_ms: int | None) -> Markup:
    """Best laps at one circuit over time, faster higher, with the cohort's best as a line."""
    width, height = 360, 190
    left, right, top, bottom = 58, width - 12, 28, height - 24
    parts = _svg_open(width, height, f"Best laps at {circuit}", "chart-laps")
    parts.append(_chart_title(left, circuit))
    if not points:
        parts.append("</svg>")
        return Markup("".join(parts))
    ordered = sorted(points, key=lambda point: (point.on, point.lap_ms))
    times = [point.lap_ms for point in ordered] + ([cohort_best_ms] if cohort_best_ms else [])
    fastest, slowest = min(times), max(times)
    margin = max((slowest - fastest) * 0.1, 300)
    low, high = fastest - margin, slowest + margin

    def y(lap_ms: float) -> float:  # faster is higher
        return top + (bottom - top) * (lap_ms - low) / (high - low)

    for tick in (low + (high - low) * share for share in (0.15, 0.5, 0.85)):
        parts.append(_grid_line(left, right, y(tick), format_lap_ms(round(tick))))
    if cohort_best_ms:
        parts.append(
            f'<line class="cohort-best" x1="{left}" x2="{right}" y1="{_number(y(cohort_best_ms))}" '
            f'y2="{_number(y(cohort_best_ms))}" stroke="{COHORT}" stroke-width="1.5" '
            f'stroke-dasharray="5 4" data-ms="{cohort_best_ms}">'
            f"<title>Cohort best {format_lap_ms(cohort_best_ms)}</title></line>"
        )
    x = _x_scale([point.on for point in ordered], left + 8, right - 8)
    if len(ordered) > 1:
        parts.append(_driver_path([(x(p.on), y(p.lap_ms)) for p in ordered]))
    for point in ordered:
        px, py = x(point.on), y(point.lap_ms)
        tip = f"{format_date(point.on)}: {format_lap_ms(point.lap_ms)} ({point.source}"
        tip += f", {point.note})" if point.note else ")"
        data = (
            f'data-date="{point.on.isoformat()}" data-ms="{point.lap_ms}" '
            f'data-source="{_attr(point.source)}"'
        )
        if point.source == "race":
            parts.append(
                f'<rect class="point" x="{_number(px - 3.5)}" y="{_number(py - 3.5)}" width="7" '
                f'height="7" fill="{RACE}" {data}><title>{escape(tip)}</title></rect>'
            )
        else:
            parts.append(
                f'<circle class="point" cx="{_number(px)}" cy="{_number(py)}" r="3.5" '
                f'fill="{DRIVER}" {data}><title>{escape(tip)}</title></circle>'
            )
    parts.extend(_month_axis(ordered[0].on, ordered[-1].on, left, right, height))
    parts.append("</svg>")
    return Markup("".join(parts))
