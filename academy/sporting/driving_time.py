"""Driving time per driver per race, checked against the season's limits. Pure.

From the laps (each lap: who drove it and its time, in order, with the elapsed time at the line
when known) the engine builds each driver's stints, their total, and the most they drove in any
rolling window (Le Mans: 4 h in any 6 h), computed exactly over the stints. Where there are no
laps, the classification's drive time gives the total only.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from academy.enums import Categorisation
from academy.sporting import wording
from academy.sporting.crews import CrewMember
from academy.sporting.rules import DrivingTimeRules, Key, SportingRules


class DrivingTimeInputError(ValueError):
    """Laps that cannot be read as given (a driver outside the crew, a negative lap time...)."""


@dataclass(frozen=True, slots=True)
class DriverLap:
    """One lap of a car: who drove it, its time, and (when the timing file says) the time
    since the start when the car crossed the line at its end."""

    driver: Key
    lap_ms: int
    elapsed_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Stint:
    """A run of consecutive laps by one driver, from `start_ms` to `end_ms` after the start."""

    driver: Key
    start_ms: int
    end_ms: int
    laps: int

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


class TimeSource(enum.Enum):
    LAPS = "laps"
    CLASSIFICATION = "classification"
    NONE = "none"


class MinimumStatus(enum.Enum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"  # no time known, or the minimum depends on an unknown category
    NO_MINIMUM = "no_minimum"

    @property
    def words(self) -> str:
        return wording.minimum_status_words(self)


class MaximumStatus(enum.Enum):
    WITHIN = "within"
    EXCEEDED = "exceeded"
    UNKNOWN = "unknown"
    NO_MAXIMUM = "no_maximum"

    @property
    def words(self) -> str:
        return wording.maximum_status_words(self)


@dataclass(frozen=True, slots=True)
class DrivingTime:
    """One driver's driving time in one race, and the checks of the season's limits."""

    driver: Key
    name: str
    category: Categorisation | None
    source: TimeSource
    total_ms: int | None
    stints: tuple[Stint, ...]
    window_ms: int | None  # the rolling window of the rules (Le Mans: 6 h), None if none
    most_in_window_ms: int | None  # the most driven in any such window, when known
    min_ms: int | None  # the minimum that applies to this driver, when one applies and is known
    max_ms: int | None  # the maximum in total (the tighter of the race's and the driver's)
    window_max_ms: int | None
    minimum: MinimumStatus
    maximum: MaximumStatus
    window: MaximumStatus
    reasons: tuple[str, ...]  # in words, one per check that is not plainly fine

    @property
    def ok(self) -> bool:
        return (
            self.minimum in (MinimumStatus.MET, MinimumStatus.NO_MINIMUM)
            and self.maximum is not MaximumStatus.EXCEEDED
            and self.window is not MaximumStatus.EXCEEDED
        )


def stints_from_laps(laps: Sequence[DriverLap]) -> tuple[Stint, ...]:
    """The stints of one car's laps in order. Uses the elapsed times when every lap has one
    (a lap then runs from elapsed - lap time to elapsed), otherwise adds the lap times up."""
    use_elapsed = bool(laps) and all(lap.elapsed_ms is not None for lap in laps)
    stints: list[Stint] = []
    clock = 0
    for number, lap in enumerate(laps, start=1):
        if lap.lap_ms <= 0:
            raise DrivingTimeInputError(f"lap {number}: a lap time must be positive")
        if use_elapsed:
            assert lap.elapsed_ms is not None
            end = lap.elapsed_ms
            start = end - lap.lap_ms
            if start < clock - 1000:  # a second of rounding between lap time and elapsed
                raise DrivingTimeInputError(
                    f"lap {number}: it would start before the lap before it ended"
                )
            start = max(start, clock)
        else:
            start = clock
            end = clock + lap.lap_ms
        clock = end
        last = stints[-1] if stints else None
        if last is not None and last.driver == lap.driver and start <= last.end_ms:
            stints[-1] = Stint(last.driver, last.start_ms, end, last.laps + 1)
        else:
            stints.append(Stint(lap.driver, start, end, 1))
    return tuple(stints)


def most_in_window(stints: Sequence[Stint], window_ms: int) -> int:
    """The most driving time of these stints (one driver's) that fits in any `window_ms`,
    exactly: the best window starts where a stint starts or ends where one ends."""
    if window_ms <= 0 or not stints:
        return 0
    spans = sorted((stint.start_ms, stint.end_ms) for stint in stints)

    def inside(low: int, high: int) -> int:
        return sum(max(0, min(end, high) - max(start, low)) for start, end in spans)

    best = 0
    for start, end in spans:
        best = max(best, inside(start, start + window_ms), inside(end - window_ms, end))
    return best


def driving_times(
    rules: SportingRules,
    class_name: str,
    crew: Sequence[CrewMember],
    *,
    laps: Sequence[DriverLap] | None = None,
    drive_times: Mapping[Key, int | None] | None = None,
) -> tuple[DrivingTime, ...]:
    """Each crew member's driving time in one race of `class_name`, from the car's `laps` when
    given, else from `drive_times` (the classification's time per driver), and checked."""
    limits = rules.driving_time
    members = {member.driver: member for member in crew}
    stints: tuple[Stint, ...] = ()
    if laps:
        for lap in laps:
            if lap.driver not in members:
                raise DrivingTimeInputError(f"a lap was driven by {lap.driver!r}, not in the crew")
        stints = stints_from_laps(laps)
    results: list[DrivingTime] = []
    for member in crew:
        own = tuple(stint for stint in stints if stint.driver == member.driver)
        if laps:
            source = TimeSource.LAPS
            total: int | None = sum(stint.duration_ms for stint in own)
        else:
            given = (drive_times or {}).get(member.driver)
            source = TimeSource.NONE if given is None else TimeSource.CLASSIFICATION
            total = given
            if total is not None and total < 0:
                raise DrivingTimeInputError(f"{member.name}: a drive time cannot be negative")
        results.append(_checked(limits, class_name, len(crew), member, source, total, own))
    return tuple(results)


def _checked(
    limits: DrivingTimeRules,
    class_name: str,
    crew_size: int,
    member: CrewMember,
    source: TimeSource,
    total: int | None,
    own: tuple[Stint, ...],
) -> DrivingTime:
    window = limits.rolling_window_ms
    most: int | None = None
    if window is not None and source is TimeSource.LAPS:
        most = most_in_window(own, window)
    categories = (member.category,) if member.category is not None else tuple(Categorisation)
    # A driver whose category is not known: each check holds only if it holds for every
    # category the driver could have.
    bounds = [_bounds(limits, class_name, category, crew_size) for category in categories]
    mins = {low for low, _ in bounds}
    maxes = {high for _, high in bounds}
    min_ms = next(iter(mins)) if len(mins) == 1 else None
    max_ms = next(iter(maxes)) if len(maxes) == 1 else None
    min_statuses = {_minimum(low, total) for low in mins}
    max_statuses = {_maximum(high, total) for high in maxes}
    minimum = min_statuses.pop() if len(min_statuses) == 1 else MinimumStatus.UNKNOWN
    maximum = max_statuses.pop() if len(max_statuses) == 1 else MaximumStatus.UNKNOWN
    reasons: list[str] = []
    if len(mins) > 1 and minimum is MinimumStatus.UNKNOWN:
        reasons.append(wording.limits_depend_on_category_words(member.name))
    elif minimum is MinimumStatus.NOT_MET and total is not None:
        reasons.append(
            wording.minimum_not_met_words(
                member.name, total, min(low for low in mins if low is not None)
            )
        )
    elif minimum is MinimumStatus.UNKNOWN and min_ms is not None:
        reasons.append(wording.no_time_words(member.name, min_ms))
    if maximum is MaximumStatus.EXCEEDED and total is not None:
        highest = max(high for high in maxes if high is not None)
        reasons.append(wording.maximum_exceeded_words(member.name, total, highest))
    elif (
        len(maxes) > 1 and maximum is MaximumStatus.UNKNOWN and minimum is not MinimumStatus.UNKNOWN
    ):
        reasons.append(wording.limits_depend_on_category_words(member.name))

    window_max = limits.rolling_max_ms
    window_status = MaximumStatus.NO_MAXIMUM
    if window is not None and window_max is not None:
        if most is not None:
            window_status = MaximumStatus.EXCEEDED if most > window_max else MaximumStatus.WITHIN
        elif total is not None and total <= window_max:
            # Less than the limit in all: no window can hold more.
            window_status = MaximumStatus.WITHIN
        else:
            window_status = MaximumStatus.UNKNOWN
        if window_status is MaximumStatus.EXCEEDED and most is not None:
            reasons.append(wording.window_exceeded_words(member.name, most, window_max, window))
        elif window_status is MaximumStatus.UNKNOWN:
            reasons.append(wording.window_unknown_words(member.name, window_max, window))
    return DrivingTime(
        driver=member.driver,
        name=member.name,
        category=member.category,
        source=source,
        total_ms=total,
        stints=own,
        window_ms=window,
        most_in_window_ms=most,
        min_ms=min_ms,
        max_ms=max_ms,
        window_max_ms=window_max,
        minimum=minimum,
        maximum=maximum,
        window=window_status,
        reasons=tuple(reasons),
    )


def _bounds(
    limits: DrivingTimeRules, class_name: str, category: Categorisation, crew_size: int
) -> tuple[int | None, int | None]:
    """The minimum and maximum for one driver: the highest minimum and the lowest maximum of
    the limits that apply, and the race's maximum in total."""
    minimum: int | None = None
    maximum = limits.max_total_ms
    for limit in limits.limits:
        if not limit.applies(class_name, category, crew_size):
            continue
        if limit.min_ms is not None:
            minimum = limit.min_ms if minimum is None else max(minimum, limit.min_ms)
        if limit.max_ms is not None:
            maximum = limit.max_ms if maximum is None else min(maximum, limit.max_ms)
    return minimum, maximum


def _minimum(min_ms: int | None, total: int | None) -> MinimumStatus:
    if min_ms is None:
        return MinimumStatus.NO_MINIMUM
    if total is None:
        return MinimumStatus.UNKNOWN
    return MinimumStatus.MET if total >= min_ms else MinimumStatus.NOT_MET


def _maximum(max_ms: int | None, total: int | None) -> MaximumStatus:
    if max_ms is None:
        return MaximumStatus.NO_MAXIMUM
    if total is None:
        return MaximumStatus.UNKNOWN
    return MaximumStatus.EXCEEDED if total > max_ms else MaximumStatus.WITHIN
