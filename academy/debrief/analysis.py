"""A coach's race debrief from the laps of a lap analysis. Pure Python: plain data in and out.

Words used on the page, defined once here:

* a **green-flag lap** is a racing lap: the flag at the line is green (`GF`, or no flag column),
  it is not the first lap, it does not end in the pit lane (the in-lap) and it does not start
  there (the out-lap, which carries the PIT_TIME); laps under safety car (`SF`), full-course
  yellow (`FCY`), red flag or the finish lap (`FF`) are not green;
* a **stint** is one driver's consecutive laps between pit stops: it ends with a lap into the
  pits, or when another seat takes over;
* a **pit stop** is a lap ending in the pit lane; its duration is the PIT_TIME of the next lap
  (time in the pit lane, from entry to exit);
* **drive time** is the sum of the driver's lap times, pit-lane time included (the figure of
  the race history); the debrief also gives it without the time spent in the pit lane;
* **consistency** is the spread (standard deviation) of the driver's green-flag laps within
  107% of their best green lap: traffic and incidents beyond that are not pace.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GREEN_FLAGS = frozenset({"GF", ""})
CONSISTENCY_WINDOW = 1.07


@dataclass(frozen=True)
class LapData:
    seat: int
    lap: int
    lap_ms: int
    in_pit: bool = False
    pit_time_ms: int | None = None
    flag: str = "GF"
    elapsed_ms: int = 0
    night: bool = False


@dataclass(frozen=True)
class Stint:
    number: int  # 1, 2, … within the driver's race
    seat: int
    first_lap: int
    last_lap: int
    laps: int
    green_laps: int
    green_average_ms: int | None
    best_ms: int | None
    # How the green-flag pace changed through the stint, in ms per lap (least squares; > 0: slower)
    fall_ms_per_lap: float | None
    ends_in_pit: bool


@dataclass(frozen=True)
class PitStop:
    lap: int  # the in-lap
    seat: int
    duration_ms: int | None  # time in the pit lane; None when the file does not say


@dataclass(frozen=True)
class Comparison:
    name: str
    green_laps: int
    green_average_ms: int | None
    gap_ms: int | None  # the driver's average minus this one's (< 0: the driver is quicker)


@dataclass(frozen=True)
class ChartPoint:
    lap: int
    lap_ms: int
    seat: int
    mine: bool
    green: bool
    flag: str
    pit: bool


@dataclass(frozen=True)
class Debrief:
    seat: int
    laps: int
    green_laps: int
    drive_time_ms: int
    drive_time_without_pit_ms: int
    best_ms: int | None
    green_average_ms: int | None
    consistency_ms: float | None
    consistency_pct: float | None
    stints: tuple[Stint, ...]
    pit_stops: tuple[PitStop, ...]
    co_drivers: tuple[Comparison, ...]
    gap_to_co_drivers_ms: int | None  # to the average of the co-drivers' green laps
    class_average_ms: int | None  # median of the per-driver green averages in the class
    gap_to_class_ms: int | None
    class_rank: int | None  # by green average among the drivers of the class
    class_drivers: int
    chart: tuple[ChartPoint, ...]


def green_flags(laps: Sequence[LapData]) -> list[bool]:
    """For a car's laps in lap order, which are green-flag laps (see the module docstring)."""
    green = []
    previous_in_pit = False
    for index, lap in enumerate(laps):
        out_lap = previous_in_pit or lap.pit_time_ms is not None
        green.append(
            index > 0 and lap.lap > 1 and lap.flag in GREEN_FLAGS and not lap.in_pit and not out_lap
        )
        previous_in_pit = lap.in_pit
    return green


def _average(values: Sequence[int]) -> int | None:
    return round(statistics.fmean(values)) if values else None


def _slope(points: Sequence[tuple[int, int]]) -> float | None:
    if len(points) < 3:
        return None
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def stints_of(laps: Sequence[LapData], green: Sequence[bool], seat: int) -> list[Stint]:
    """The stints of `seat` in a car's laps (in lap order)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, lap in enumerate(laps):
        if current and laps[current[-1]].seat != lap.seat:
            runs.append(current)
            current = []
        current.append(index)
        if lap.in_pit:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    stints: list[Stint] = []
    for run in runs:
        if laps[run[0]].seat != seat:
            continue
        green_laps = [(laps[i].lap, laps[i].lap_ms) for i in run if green[i]]
        stints.append(
            Stint(
                number=len(stints) + 1,
                seat=seat,
                first_lap=laps[run[0]].lap,
                last_lap=laps[run[-1]].lap,
                laps=len(run),
                green_laps=len(green_laps),
                green_average_ms=_average([ms for _, ms in green_laps]),
                best_ms=min(laps[i].lap_ms for i in run),
                fall_ms_per_lap=_slope(green_laps),
                ends_in_pit=laps[run[-1]].in_pit,
            )
        )
    return stints


def pit_stops_of(laps: Sequence[LapData]) -> list[PitStop]:
    stops = []
    for index, lap in enumerate(laps):
        if lap.in_pit:
            following = laps[index + 1] if index + 1 < len(laps) else None
            stops.append(PitStop(lap.lap, lap.seat, following.pit_time_ms if following else None))
    return stops


def consistency(green_ms: Sequence[int]) -> tuple[float | None, float | None]:
    """(standard deviation in ms, as % of the average) of green laps within 107% of the best."""
    if len(green_ms) < 3:
        return None, None
    best = min(green_ms)
    kept = [ms for ms in green_ms if ms <= best * CONSISTENCY_WINDOW]
    if len(kept) < 3:
        return None, None
    spread = statistics.pstdev(kept)
    return spread, 100 * spread / statistics.fmean(kept)


def debrief(
    car_laps: Sequence[LapData],
    seat: int,
    seat_names: dict[int, str],
    class_green_averages: Iterable[int],
) -> Debrief:
    """The debrief of `seat` in a car (its laps in lap order, every seat), against the co-drivers
    and the class (each class driver's green-flag average, this driver's included)."""
    laps = sorted(car_laps, key=lambda lap: lap.lap)
    green = green_flags(laps)
    mine = [lap for lap in laps if lap.seat == seat]
    green_by_seat: dict[int, list[int]] = defaultdict(list)
    for lap, is_green in zip(laps, green, strict=True):
        if is_green:
            green_by_seat[lap.seat].append(lap.lap_ms)
    my_green = green_by_seat.get(seat, [])
    my_average = _average(my_green)
    co_drivers = []
    for other in sorted(seat_names):
        if other == seat:
            continue
        average = _average(green_by_seat.get(other, []))
        co_drivers.append(
            Comparison(
                name=seat_names[other],
                green_laps=len(green_by_seat.get(other, [])),
                green_average_ms=average,
                gap_ms=my_average - average if my_average and average else None,
            )
        )
    co_green = [ms for other, values in green_by_seat.items() if other != seat for ms in values]
    co_average = _average(co_green)
    class_averages = sorted(class_green_averages)
    class_average = round(statistics.median(class_averages)) if class_averages else None
    rank = None
    if my_average is not None and class_averages:
        rank = 1 + sum(1 for value in class_averages if value < my_average)
    spread, spread_pct = consistency(my_green)
    pit_stops = pit_stops_of(laps)
    drive_time = sum(lap.lap_ms for lap in mine)
    return Debrief(
        seat=seat,
        laps=len(mine),
        green_laps=len(my_green),
        drive_time_ms=drive_time,
        drive_time_without_pit_ms=drive_time - _pit_lane_ms(laps, seat),
        best_ms=min((lap.lap_ms for lap in mine), default=None),
        green_average_ms=my_average,
        consistency_ms=spread,
        consistency_pct=spread_pct,
        stints=tuple(stints_of(laps, green, seat)),
        # The stops this driver brought the car in for (their in-laps).
        pit_stops=tuple(stop for stop in pit_stops if stop.seat == seat),
        co_drivers=tuple(co_drivers),
        gap_to_co_drivers_ms=my_average - co_average if my_average and co_average else None,
        class_average_ms=class_average,
        gap_to_class_ms=my_average - class_average if my_average and class_average else None,
        class_rank=rank,
        class_drivers=len(class_averages),
        chart=tuple(
            ChartPoint(
                lap.lap, lap.lap_ms, lap.seat, lap.seat == seat, is_green, lap.flag, lap.in_pit
            )
            for lap, is_green in zip(laps, green, strict=True)
        ),
    )


def _pit_lane_ms(laps: Sequence[LapData], seat: int) -> int:
    """The pit-lane time inside the seat's lap times: PIT_TIME is given on the out-lap, and the
    time is split between the in-lap and the out-lap; both belong to whoever drove those laps,
    so the out-lap's PIT_TIME is counted for the seat of the out-lap."""
    return sum(lap.pit_time_ms or 0 for lap in laps if lap.seat == seat)


def class_green_averages(
    rows: Iterable[tuple[int, int, int, int, bool, int | None, str]],
) -> list[int]:
    """Each driver's green-flag average in a class, from (car, seat, lap, lap ms, in pit, pit
    time, flag) rows in car and lap order: the same rule as `green_flags`, in one pass."""
    totals: dict[tuple[int, int], list[int]] = {}
    previous_car = None
    previous_in_pit = False
    for car, seat, lap, lap_ms, in_pit, pit_time_ms, flag in rows:
        first_of_car = car != previous_car
        out_lap = (previous_in_pit and not first_of_car) or pit_time_ms is not None
        if not first_of_car and lap > 1 and flag in GREEN_FLAGS and not in_pit and not out_lap:
            total = totals.setdefault((car, seat), [0, 0])
            total[0] += lap_ms
            total[1] += 1
        previous_car, previous_in_pit = car, in_pit
    return [round(total / count) for total, count in totals.values()]
