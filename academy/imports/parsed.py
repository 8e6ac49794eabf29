"""What a timing file says, as plain frozen data: no Flask, no database."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import time

from academy.enums import RaceClass, ResultStatus


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


@dataclass(frozen=True)
class NightWindow:
    """Local times of day between which a lap counts as a night lap (the HOUR column).

    The window wraps midnight when start > end. Darkness depends on the circuit and the date
    (Le Mans in June: about 22:00 to 05:30; Sepang: about 19:30 to 07:00), so the importer takes
    it per event; the default is a cautious 22:00 to 05:00.
    """

    start: time = time(22, 0)
    end: time = time(5, 0)

    def contains(self, ms_since_midnight: int) -> bool:
        start = _ms(self.start)
        end = _ms(self.end)
        if start <= end:
            return start <= ms_since_midnight < end
        return ms_since_midnight >= start or ms_since_midnight < end


def _ms(moment: time) -> int:
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1000


DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ParseOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    night: NightWindow = field(default_factory=NightWindow)


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


@dataclass(frozen=True)
class ParsedCar:
    line: int  # the row the car's result comes from (its first lap in a lap analysis)
    number: str
    team: str
    vehicle: str
    class_label: str  # as written in the file
    race_class: RaceClass
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
    def classes(self) -> tuple[RaceClass, ...]:
        seen: dict[RaceClass, None] = {}
        for car in self.cars:
            seen.setdefault(car.race_class, None)
        return tuple(seen)

    def car(self, number: str) -> ParsedCar:
        for car in self.cars:
            if car.number == number:
                return car
        raise KeyError(number)
