"""The debrief's lap-time chart as SVG geometry (pure): every lap of the car, the driver's own
laps marked, pit stops as lines, safety-car and full-course-yellow laps as shaded bands."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from academy.debrief.analysis import ChartPoint

WIDTH, HEIGHT = 960, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 32
NEUTRALISED = {"SF": "safety car", "FCY": "full-course yellow", "RF": "red flag"}


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    mine: bool
    green: bool
    clipped: bool  # slower than the chart's top: drawn at the top
    title: str


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    dots: tuple[Dot, ...]
    pits: tuple[float, ...]
    bands: tuple[Band, ...]
    ticks: tuple[Tick, ...]
    lap_ticks: tuple[tuple[float, int], ...]
    plot: tuple[int, int, int, int]  # left, top, right, bottom


def _lap_text(ms: int) -> str:
    minutes, rest = divmod(ms, 60_000)
    return f"{minutes}:{rest / 1000:06.3f}"


def lap_chart(points: Sequence[ChartPoint]) -> Chart | None:
    if not points:
        return None
    green = [p.lap_ms for p in points if p.green] or [p.lap_ms for p in points]
    low = min(green) * 0.99
    high = statistics.median(green) * 1.12
    first, last = points[0].lap, points[-1].lap
    span = max(last - first, 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x_of(lap: float) -> float:
        return round(LEFT + (lap - first) / span * plot_w, 1)

    def y_of(ms: float) -> float:
        ms = min(max(ms, low), high)
        return round(TOP + (high - ms) / (high - low) * plot_h, 1)

    dots = tuple(
        Dot(
            x_of(p.lap),
            y_of(p.lap_ms),
            p.mine,
            p.green,
            p.lap_ms > high,
            f"Lap {p.lap}: {_lap_text(p.lap_ms)}"
            + (f" · {NEUTRALISED[p.flag]}" if p.flag in NEUTRALISED else "")
            + (" · into the pits" if p.pit else ""),
        )
        for p in points
    )
    bands = []
    run: list[ChartPoint] = []
    for p in [*points, None]:
        if run and (p is None or p.flag != run[0].flag):
            left = x_of(run[0].lap - 0.5)
            right = x_of(run[-1].lap + 0.5)
            bands.append(Band(left, max(right - left, 1.0), NEUTRALISED[run[0].flag]))
            run = []
        if p is not None and p.flag in NEUTRALISED:
            run.append(p)
    step = (high - low) / 4
    ticks = tuple(Tick(y_of(low + step * i), _lap_text(round(low + step * i))) for i in range(5))
    lap_step = max(1, round(span / 8 / 10) * 10) if span > 20 else max(1, span // 4)
    lap_ticks = tuple((x_of(lap), lap) for lap in range(first, last + 1, lap_step))
    return Chart(
        WIDTH,
        HEIGHT,
        dots,
        tuple(x_of(p.lap) for p in points if p.pit),
        tuple(bands),
        ticks,
        lap_ticks,
        (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM),
    )
