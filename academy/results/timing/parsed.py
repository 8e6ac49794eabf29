"""What a timing file says, as plain frozen data: no Flask, no database."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from astral import Observer
from astral.sun import sunrise, sunset

from academy.enums import RaceClass, ResultStatus
from academy.results.timing.classes import DEFAULT_BOOK, ClassBook

# A car has seats 1 to MAX_SEATS: in a timing file, in the database, on the result form.
MAX_SEATS = 5


class TimingFormat(enum.Enum):
    ALKAMEL_CLASSIFICATION = "alkamel_classification"
    ALKAMEL_LAP_ANALYSIS = "alkamel_lap_analysis"
    HOUR_BY_HOUR = "hour_by_hour"

    @property
    def label(self) -> str:
        return {
            TimingFormat.ALKAMEL_CLASSIFICATION: "Al Kamel race classification",
            TimingFormat.ALKAMEL_LAP_ANALYSIS: "Al Kamel lap analysis",
            TimingFormat.HOUR_BY_HOUR: "Hour-by-hour classification compilation",
        }[self]


DAY_MS = 24 * 3600 * 1000


class NightRule(Protocol):
    def is_night(self, hour_ms: int, elapsed_ms: int) -> bool:
        """Whether a lap that crossed the line at local time of day `hour_ms` (the HOUR
        column), `elapsed_ms` after the start, ended in the dark."""
        ...


@dataclass(frozen=True)
class NightWindow:
    """Fixed local times of day between which a lap counts as a night lap (the HOUR column).

    Only for a circuit whose position the app does not know: darkness depends on the circuit
    and the date, so `SunNight` is used whenever the circuit has coordinates. The window wraps
    midnight when start > end.
    """

    start: time = time(22, 0)
    end: time = time(5, 0)

    def contains(self, ms_since_midnight: int) -> bool:
        start = _ms(self.start)
        end = _ms(self.end)
        if start <= end:
            return start <= ms_since_midnight < end
        return ms_since_midnight >= start or ms_since_midnight < end

    def is_night(self, hour_ms: int, elapsed_ms: int) -> bool:
        return self.contains(hour_ms)


@dataclass(frozen=True)
class SunNight:
    """Night as the sky has it: from sunset to sunrise at the circuit, on the race's dates.

    `race_date` is the local date of the start; a lap's local moment is that date's midnight
    plus the start's time of day (HOUR minus ELAPSED) plus ELAPSED, so a 24-hour race that
    crosses midnight lands on the right evening and morning.
    """

    latitude: float
    longitude: float
    timezone: str
    race_date: date
    _dark: tuple[tuple[datetime, datetime], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        zone = ZoneInfo(self.timezone)
        observer = Observer(latitude=self.latitude, longitude=self.longitude)
        dark = []
        for offset in range(-1, 3):
            day = self.race_date + timedelta(days=offset)
            try:
                evening = sunset(observer, day, tzinfo=zone)
                morning = sunrise(observer, day + timedelta(days=1), tzinfo=zone)
            except ValueError:  # midnight sun or polar night: no sunset that day
                continue
            dark.append((evening.replace(tzinfo=None), morning.replace(tzinfo=None)))
        object.__setattr__(self, "_dark", tuple(dark))

    def local_moment(self, hour_ms: int, elapsed_ms: int) -> datetime:
        start_ms = (hour_ms - elapsed_ms) % DAY_MS
        midnight = datetime.combine(self.race_date, time())
        return midnight + timedelta(milliseconds=start_ms + elapsed_ms)

    def is_night(self, hour_ms: int, elapsed_ms: int) -> bool:
        moment = self.local_moment(hour_ms, elapsed_ms)
        return any(evening <= moment < morning for evening, morning in self._dark)


def _ms(moment: time) -> int:
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1000


DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ParseOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    night: NightRule = field(default_factory=NightWindow)
    classes: ClassBook = field(default_factory=lambda: DEFAULT_BOOK)


@dataclass(frozen=True)
class RowError:
    """A row the parser cannot read: physical line in the file (header = line 1) and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class RowWarning:
    """Something odd the parser handled on its own; shown in the preview, never blocking."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ParsedDriver:
    seat: int  # 1-5, the DRIVER_n column or DRIVER_NUMBER of the timing file
    name: str
    drive_time_ms: int | None = None  # only a lap analysis knows these
    laps: int | None = None
    night_laps: int | None = None
    best_lap_ms: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedLap:
    """One line of a lap analysis, as stored (`academy.models.Lap`)."""

    line: int
    seat: int
    lap: int
    lap_ms: int
    elapsed_ms: int
    hour_ms: int | None  # local time of day at the line
    in_pit: bool  # CROSSING_FINISH_LINE_IN_PIT = B: the car ended the lap in the pit lane
    pit_time_ms: int | None  # PIT_TIME: time in the pit lane, given on the lap out of the pits
    flag: str  # FLAG_AT_FL: GF green, FCY full-course yellow, SF safety car, RF red, FF finish
    s1_ms: int | None
    s2_ms: int | None
    s3_ms: int | None
    night: bool


@dataclass(frozen=True)
class ParsedCar:
    line: int  # the row the car's result comes from (its first lap in a lap analysis)
    number: str
    team: str
    vehicle: str
    class_label: str  # as written in the file, with its GROUP
    class_name: str  # the class it is classified in (`classes.ClassBook`); as written if unknown
    race_class: RaceClass | None  # what the class counts as for the pathway; None: unknown
    # None in a lap analysis, which has no status column.
    status: ResultStatus | None
    laps: int
    total_time_ms: int | None
    best_lap_ms: int | None
    best_lap_number: int | None
    position_overall: int | None
    position_in_class: int | None
    drivers: tuple[ParsedDriver, ...]
    pit_stops: int | None = None
    laps_detail: tuple[ParsedLap, ...] = ()  # every lap, from a lap analysis


@dataclass(frozen=True)
class ParsedRace:
    """The outcome of reading one file: either refused as a whole, or cars plus row errors.

    Only an `ok` race may be written; a race with row errors is shown, never imported.
    """

    file_name: str
    sha256: str
    size_bytes: int
    file_format: TimingFormat | None = None
    encoding: str | None = None
    delimiter: str | None = None
    data_rows: int = 0
    cars: tuple[ParsedCar, ...] = ()
    errors: tuple[RowError, ...] = ()
    warnings: tuple[RowWarning, ...] = ()
    refusal: str | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None and not self.errors and bool(self.cars)

    @property
    def classes(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for car in self.cars:
            seen.setdefault(car.class_name, None)
        return tuple(seen)

    @property
    def unknown_classes(self) -> tuple[str, ...]:
        """Class labels the academy does not know: the preview asks what they are."""
        seen: dict[str, None] = {}
        for car in self.cars:
            if car.race_class is None:
                seen.setdefault(car.class_name, None)
        return tuple(seen)

    def car(self, number: str) -> ParsedCar:
        for car in self.cars:
            if car.number == number:
                return car
        raise KeyError(number)
