"""Al Kamel Systems timing files (ALMS, ELMS, WEC, Le Mans) to cars. Pure Python.

Two layouts, both one header and semicolon-separated rows:

* the race classification, one row per car (POSITION, NUMBER, TEAM, DRIVER_1..DRIVER_5,
  VEHICLE, CLASS, GROUP, STATUS, LAPS, TOTAL_TIME like 5:44'41.101, FL_LAPNUM, FL_TIME);
* the lap analysis, one row per lap (NUMBER, DRIVER_NUMBER = the seat 1-5 in the car,
  LAP_NUMBER, LAP_TIME, CROSSING_FINISH_LINE_IN_PIT = B on a pit lap, ELAPSED since the
  start, HOUR = time of day at the line, DRIVER_NAME, CLASS, GROUP, TEAM, MANUFACTURER).

Positions are only given to classified cars: a retired car's POSITION is its place in the
list, not a result. The position in class is the car's rank by POSITION among the classified
cars of its class (LMP2 Pro/Am, signalled in GROUP, is a class of its own).

A lap analysis has no status and no positions: it knows laps, not penalties. Per seat it
gives the drive time (the sum of the seat's lap times), laps, night laps (the time of day
when the lap ends falls in the night window; None when the file has no HOUR column) and best
lap. Its laps are cross-checked: lap numbers run 1, 2, 3... per car, and each lap time must
equal the difference between the ELAPSED (and HOUR) of that lap and the lap before, so a
damaged time cannot slip into a drive time unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from academy.enums import RaceClass, ResultStatus
from academy.results.timing.cars import Assembly, CarRow, ClassReader, rank_in_class, read_records
from academy.results.timing.classes import ClassBook
from academy.results.timing.parsed import (
    MAX_SEATS,
    NightRule,
    ParsedCar,
    ParsedDriver,
    ParsedLap,
    RowError,
    RowWarning,
)
from academy.results.timing.table import CellReader, Layout, Row
from academy.results.timing.values import (
    parse_car_number,
    parse_clock_ms,
    parse_count,
    parse_duration_ms,
    squeeze,
    status_from_label,
)

DRIVER_COLUMNS = ("DRIVER_1", "DRIVER_2", "DRIVER_3", "DRIVER_4", "DRIVER_5")
DAY_MS = 24 * 3600 * 1000
# Al Kamel derives LAP_TIME, ELAPSED and HOUR from the same millisecond crossing times, so
# they agree exactly; a few milliseconds leave room for a system that rounds each on its own.
CROSSING_TOLERANCE_MS = 10


def class_label(race_class_cell: str, group_cell: str) -> str:
    """The class as written, with the group when there is one: 'LMP2 PRO/AM'."""
    label = squeeze(race_class_cell)
    group = squeeze(group_cell)
    return f"{label} {group}" if group else label


def positive_duration_ms(text: str) -> int:
    value = parse_duration_ms(text)
    if value == 0:
        raise ValueError(f"time {text.strip()!r} is zero")
    return value


def optional_duration_ms(text: str) -> int | None:
    return positive_duration_ms(text) if text.strip() else None


def optional_time_ms(text: str) -> int | None:
    """A sector or pit-lane time, which may be missing (a sector the loop did not time)."""
    return parse_duration_ms(text) if text.strip() else None


def optional_count(text: str, what: str) -> int | None:
    return parse_count(text, what) if text.strip() else None


# --- classification ---------------------------------------------------------------------


@dataclass
class _ClassifiedRow(CarRow):
    position: int | None
    drivers: tuple[ParsedDriver, ...]


def assemble_classification(layout: Layout, rows: list[Row], book: ClassBook) -> Assembly:
    assembly = Assembly()
    classes = ClassReader(book, assembly)
    read = read_records(
        layout,
        rows,
        lambda cells: _read_classification_row(layout, cells, classes, assembly),
        assembly,
    )
    _check_classification(read, assembly)
    if assembly.errors:
        return assembly
    class_ranks = rank_in_class(
        [(r.position, r.class_name) for r in read if r.status is ResultStatus.CLASSIFIED]
    )
    for r in read:
        classified = r.status is ResultStatus.CLASSIFIED
        assembly.cars.append(r.car(r.position if classified else None, class_ranks, r.drivers))
    return assembly


def _read_classification_row(
    layout: Layout, cells: CellReader, classes: ClassReader, assembly: Assembly
) -> _ClassifiedRow | None:
    number = cells.parse("NUMBER", parse_car_number)
    status = cells.parse("STATUS", status_from_label)
    laps = cells.parse("LAPS", parse_count, "lap count")
    position_text = cells.text("POSITION").strip()
    position: int | None = None
    if position_text.isascii() and position_text.isdigit() and int(position_text) > 0:
        position = int(position_text)
    elif status is ResultStatus.CLASSIFIED:
        cells.problem(
            "POSITION",
            f"a classified car needs a position, not {position_text!r}"
            if position_text
            else "a classified car needs a position",
        )
    total_text = cells.text("TOTAL_TIME")
    total_time_ms = cells.parse("TOTAL_TIME", optional_duration_ms)
    if not total_text.strip() and status is ResultStatus.CLASSIFIED:
        cells.problem("TOTAL_TIME", "a classified car needs its race time")
    best_lap_ms = cells.parse("FL_TIME", optional_duration_ms)
    best_lap_number = cells.parse("FL_LAPNUM", optional_count, "fastest-lap number")
    if best_lap_number is not None and laps is not None and best_lap_number > laps:
        if status is ResultStatus.CLASSIFIED:
            cells.problem("FL_LAPNUM", f"fastest lap {best_lap_number} but the car did {laps} laps")
        else:
            # A car not classified (too few laps, or still running but not past the line in
            # time) may have its laps counted short of the fastest lap's number: kept.
            assembly.warnings.append(
                RowWarning(
                    cells.line,
                    f"car {number} is {status.value.replace('_', ' ') if status else 'out'}"
                    f" with {laps} laps but its fastest lap is lap {best_lap_number}: kept as"
                    " the file gives it",
                )
            )
    race_class = classes.read(cells, "CLASS", "GROUP")
    team = cells.name("TEAM", "team")
    vehicle = cells.name("VEHICLE", "car", required=False)
    drivers: list[ParsedDriver] = []
    for seat, key in enumerate(DRIVER_COLUMNS, start=1):
        if layout.has(key):
            name = cells.name(key, "driver name", required=False)
            if name:
                drivers.append(ParsedDriver(seat=seat, name=name))
    if not drivers:
        cells.problem("DRIVER_1", "no driver named in DRIVER_1 to DRIVER_5")
    if cells.problems:
        return None
    assert number is not None and status is not None and laps is not None
    assert race_class is not None
    return _ClassifiedRow(
        line=cells.line,
        position=position,
        number=number,
        team=team,
        vehicle=vehicle,
        class_label=class_label(cells.text("CLASS"), cells.text("GROUP")),
        class_name=race_class.name,
        race_class=race_class.counts_as,
        status=status,
        laps=laps,
        total_time_ms=total_time_ms,
        best_lap_ms=best_lap_ms,
        best_lap_number=best_lap_number,
        drivers=tuple(drivers),
    )


def _check_classification(read: list[_ClassifiedRow], assembly: Assembly) -> None:
    first_line_of_car: dict[str, int] = {}
    first_line_of_position: dict[int, int] = {}
    for r in read:
        if r.number in first_line_of_car:
            assembly.errors.append(
                RowError(
                    r.line,
                    f"car {r.number} is listed twice (also on line {first_line_of_car[r.number]})",
                )
            )
        else:
            first_line_of_car[r.number] = r.line
        if r.status is ResultStatus.CLASSIFIED and r.position is not None:
            if r.position in first_line_of_position:
                assembly.errors.append(
                    RowError(
                        r.line,
                        f"position {r.position} is given twice (also on line "
                        f"{first_line_of_position[r.position]})",
                    )
                )
            else:
                first_line_of_position[r.position] = r.line


# --- lap analysis -----------------------------------------------------------------------


@dataclass
class _Lap:
    line: int
    number: str
    seat: int
    lap: int
    lap_ms: int
    elapsed_ms: int
    hour_ms: int | None
    in_pit: bool
    pit_time_ms: int | None
    flag: str
    sectors: tuple[int | None, int | None, int | None]
    driver_name: str
    team: str
    class_label: str
    class_name: str
    race_class: RaceClass | None
    manufacturer: str


@dataclass
class _Seat:
    name: str
    line: int
    drive_time_ms: int = 0
    laps: int = 0
    night_laps: int = 0
    best_lap_ms: int | None = None


@dataclass
class _Car:
    first: _Lap
    last: _Lap
    index_of_last: int  # position of `last` among the file's data rows
    seats: dict[int, _Seat] = field(default_factory=dict)
    best_lap_ms: int | None = None
    best_lap_number: int | None = None
    pit_stops: int = 0
    laps: list[ParsedLap] = field(default_factory=list)


def assemble_lap_analysis(
    layout: Layout, rows: list[Row], night: NightRule, book: ClassBook
) -> Assembly:
    assembly = Assembly()
    classes = ClassReader(book, assembly)
    has_hour = layout.has("HOUR")
    cars: dict[str, _Car] = {}
    memo: dict[tuple[Any, ...], Any] = {}
    last_failure = -1  # index of the last row that could not be read
    for index, row in enumerate(rows):
        if row.error is not None:
            assembly.errors.append(RowError(row.line, row.error))
            last_failure = index
            continue
        cells = CellReader(layout, row, memo)
        lap = _read_lap_row(cells, has_hour, classes)
        error = cells.error()
        if error is not None or lap is None:
            if error is not None:
                assembly.errors.append(error)
            last_failure = index
            continue
        car = cars.get(lap.number)
        problems = _check_lap(lap, car, last_failure)
        if problems:
            assembly.errors.append(RowError(lap.line, "; ".join(problems)))
            last_failure = index
            if car is not None and lap.lap <= car.last.lap:
                continue  # keep counting from the highest lap seen
        if car is None:
            car = cars[lap.number] = _Car(first=lap, last=lap, index_of_last=index)
        else:
            car.last = lap
            car.index_of_last = index
        _count_lap(car, lap, night if has_hour else None)
    if assembly.errors:
        return assembly
    for car in cars.values():
        assembly.cars.append(
            ParsedCar(
                line=car.first.line,
                number=car.first.number,
                team=car.first.team,
                vehicle=car.first.manufacturer,
                class_label=car.first.class_label,
                class_name=car.first.class_name,
                race_class=car.first.race_class,
                status=None,
                laps=car.last.lap,
                total_time_ms=car.last.elapsed_ms,
                best_lap_ms=car.best_lap_ms,
                best_lap_number=car.best_lap_number,
                position_overall=None,
                position_in_class=None,
                pit_stops=car.pit_stops,
                laps_detail=tuple(car.laps),
                drivers=tuple(
                    ParsedDriver(
                        seat=seat,
                        name=data.name,
                        drive_time_ms=data.drive_time_ms,
                        laps=data.laps,
                        night_laps=data.night_laps if has_hour else None,
                        best_lap_ms=data.best_lap_ms,
                    )
                    for seat, data in sorted(car.seats.items())
                ),
            )
        )
    return assembly


def _read_lap_row(cells: CellReader, has_hour: bool, classes: ClassReader) -> _Lap | None:
    number = cells.cached("NUMBER", parse_car_number)
    seat = cells.cached("DRIVER_NUMBER", parse_count, "driver number")
    if seat is not None and not 1 <= seat <= MAX_SEATS:
        cells.problem("DRIVER_NUMBER", f"driver number {seat} is not a seat from 1 to 5")
    lap = cells.parse("LAP_NUMBER", parse_count, "lap number")
    if lap == 0:
        cells.problem("LAP_NUMBER", "lap numbers start at 1")
    lap_ms = cells.parse("LAP_TIME", positive_duration_ms)
    elapsed_ms = cells.parse("ELAPSED", parse_duration_ms)
    hour_ms = cells.parse("HOUR", parse_clock_ms) if has_hour else None
    pit_flag = squeeze(cells.text("CROSSING_FINISH_LINE_IN_PIT")).upper()
    if pit_flag not in ("", "B"):
        cells.problem("CROSSING_FINISH_LINE_IN_PIT", f"expected B or nothing, not {pit_flag!r}")
    pit_time_ms = cells.cached("PIT_TIME", optional_time_ms)
    sectors = (
        cells.parse("S1", optional_time_ms),
        cells.parse("S2", optional_time_ms),
        cells.parse("S3", optional_time_ms),
    )
    flag = squeeze(cells.text("FLAG_AT_FL")).upper()[:8]
    race_class = classes.read(cells, "CLASS", "GROUP")
    driver_name = cells.name("DRIVER_NAME", "driver name")
    team = cells.name("TEAM", "team")
    manufacturer = cells.name("MANUFACTURER", "manufacturer", required=False)
    if cells.problems:
        return None
    assert number is not None and seat is not None and lap is not None
    assert lap_ms is not None and elapsed_ms is not None and race_class is not None
    return _Lap(
        line=cells.line,
        number=number,
        seat=seat,
        lap=lap,
        lap_ms=lap_ms,
        elapsed_ms=elapsed_ms,
        hour_ms=hour_ms,
        in_pit=pit_flag == "B",
        pit_time_ms=pit_time_ms,
        flag=flag,
        sectors=sectors,
        driver_name=driver_name,
        team=team,
        class_label=class_label(cells.text("CLASS"), cells.text("GROUP")),
        class_name=race_class.name,
        race_class=race_class.counts_as,
        manufacturer=manufacturer,
    )


def _check_lap(lap: _Lap, car: _Car | None, last_failure: int) -> list[str]:
    """The lap against the car's previous lap. After an unreadable row the sequence checks
    are skipped once: that row may have been this car's missing lap."""
    problems: list[str] = []
    if car is None:
        if lap.lap != 1 and last_failure < 0:
            missing = "lap 1 is" if lap.lap == 2 else f"laps 1-{lap.lap - 1} are"
            problems.append(f"car {lap.number} starts at lap {lap.lap}: {missing} missing")
        elif lap.lap == 1 and lap.lap_ms > lap.elapsed_ms + CROSSING_TOLERANCE_MS:
            problems.append(
                f"lap 1 of car {lap.number} took {_show(lap.lap_ms)}, longer than the "
                f"{_show(lap.elapsed_ms)} elapsed since the start"
            )
        return problems
    previous = car.last
    if lap.lap == previous.lap:
        return [f"lap {lap.lap} of car {lap.number} is listed twice (also on line {previous.line})"]
    if lap.lap < previous.lap:
        return [
            f"lap {lap.lap} of car {lap.number} comes after lap {previous.lap} "
            f"(line {previous.line}): laps go backwards"
        ]
    for key, first, other in (
        ("TEAM", car.first.team, lap.team),
        ("CLASS", car.first.class_label, lap.class_label),
    ):
        if first != other:
            problems.append(
                f"{key} of car {lap.number} is {other!r} here but {first!r} on line "
                f"{car.first.line}"
            )
    seat = car.seats.get(lap.seat)
    if seat is not None and seat.name != lap.driver_name:
        problems.append(
            f"seat {lap.seat} of car {lap.number} is {lap.driver_name!r} here but "
            f"{seat.name!r} on line {seat.line}"
        )
    if last_failure > car.index_of_last:
        return problems
    if lap.lap > previous.lap + 1:
        problems.append(
            _missing_laps(lap.number, previous.lap + 1, lap.lap - 1, f"line {previous.line}")
        )
        return problems
    elapsed_step = lap.elapsed_ms - previous.elapsed_ms
    if abs(elapsed_step - lap.lap_ms) > CROSSING_TOLERANCE_MS:
        problems.append(
            f"lap time {_show(lap.lap_ms)} does not match ELAPSED, which grew by "
            f"{_show(elapsed_step)} since lap {previous.lap} (line {previous.line})"
        )
    elif lap.hour_ms is not None and previous.hour_ms is not None:
        hour_step = (lap.hour_ms - previous.hour_ms) % DAY_MS
        if abs(hour_step - lap.lap_ms % DAY_MS) > CROSSING_TOLERANCE_MS:
            problems.append(
                f"lap time {_show(lap.lap_ms)} does not match HOUR, which moved by "
                f"{_show(hour_step)} since lap {previous.lap} (line {previous.line})"
            )
    return problems


def _count_lap(car: _Car, lap: _Lap, night: NightRule | None) -> None:
    seat = car.seats.get(lap.seat)
    if seat is None:
        seat = car.seats[lap.seat] = _Seat(name=lap.driver_name, line=lap.line)
    seat.drive_time_ms += lap.lap_ms
    seat.laps += 1
    is_night = (
        night is not None
        and lap.hour_ms is not None
        and night.is_night(lap.hour_ms, lap.elapsed_ms)
    )
    if is_night:
        seat.night_laps += 1
    car.laps.append(
        ParsedLap(
            line=lap.line,
            seat=lap.seat,
            lap=lap.lap,
            lap_ms=lap.lap_ms,
            elapsed_ms=lap.elapsed_ms,
            hour_ms=lap.hour_ms,
            in_pit=lap.in_pit,
            pit_time_ms=lap.pit_time_ms,
            flag=lap.flag,
            s1_ms=lap.sectors[0],
            s2_ms=lap.sectors[1],
            s3_ms=lap.sectors[2],
            night=is_night,
        )
    )
    if seat.best_lap_ms is None or lap.lap_ms < seat.best_lap_ms:
        seat.best_lap_ms = lap.lap_ms
    if car.best_lap_ms is None or lap.lap_ms < car.best_lap_ms:
        car.best_lap_ms = lap.lap_ms
        car.best_lap_number = lap.lap
    if lap.in_pit:
        car.pit_stops += 1


def _missing_laps(number: str, first: int, last: int, after: str) -> str:
    if first == last:
        return f"lap {first} of car {number} is missing (after {after})"
    return f"laps {first}-{last} of car {number} are missing (after {after})"


def _show(ms: int) -> str:
    """Milliseconds as a race time for messages: 1:45.123, 2:01:45.123, -0.250."""
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    hours, rest = divmod(ms, 3600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    if minutes:
        return f"{sign}{minutes}:{seconds:02d}.{millis:03d}"
    return f"{sign}{seconds}.{millis:03d}"
