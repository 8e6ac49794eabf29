"""The hour-by-hour classification compilation (the real Le Mans 2023 file) to cars. Pure Python.

One comma-separated row per car and race hour: `S.No, Hour, Car No., Team, Drivers
("S. BUEMI / B. HARTLEY / R. HIRAKAWA"), Car, Category, Tyres, Laps, Total Time (HH:MM:SS),
Pitstops, Best Lap Number, Best LapTime, Best Lap Kph, Status ("Running", "Retired")`.
Every row is checked; the result is the classification of the last hour (the highest Hour),
in file order. Positions go to the cars still running ("Running" = classified), by that
order; the position in class is the rank among them in the class.

The compilation has three known defects, each handled with a warning:

* "Total Time" is a clock that wraps at 24 hours: a car running at hour 24 shows
  00:00:18 for 24:00:18. A running car at hour H has run at least H-1 hours, so whole days
  are added until it has.
* A car that retired early can be missing from the last hour (car 14 at Le Mans 2023
  retired in hour 2 and is absent from hour 24). Its last row is taken: a retirement does not
  change. A car missing from the last hour whose last row says it was running is left out.
* A row may have lost the comma between Drivers and Car ("P. FITTIPALDIOreca 07 - Gibson",
  then an empty Car). When the Drivers cell ends with the car this number has in its other
  rows, the two are split again.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace

from academy.enums import ResultStatus
from academy.results.timing.alkamel import optional_count, optional_duration_ms
from academy.results.timing.cars import Assembly, CarRow, ClassReader, rank_in_class, read_records
from academy.results.timing.classes import ClassBook
from academy.results.timing.parsed import MAX_SEATS, ParsedDriver, RowError, RowWarning
from academy.results.timing.table import CellReader, Layout, Row
from academy.results.timing.values import (
    parse_car_number,
    parse_count,
    parse_duration_ms,
    split_driver_list,
    squeeze,
    status_from_label,
)

HOUR_MS = 3600 * 1000
DAY_MS = 24 * HOUR_MS


@dataclass
class _HourRow(CarRow):
    total_time_ms: int
    hour: int
    drivers_text: str
    drivers: tuple[str, ...]
    pit_stops: int | None


def assemble_hour_by_hour(layout: Layout, rows: list[Row], book: ClassBook) -> Assembly:
    assembly = Assembly()
    classes = ClassReader(book, assembly)
    read = read_records(layout, rows, lambda cells: _read_row(cells, classes), assembly)
    _check_duplicates(read, assembly)
    if assembly.errors or not read:
        return assembly
    final = _final_rows(read, assembly)
    final = _unwrap_total_times(final, assembly)
    final = [_split_lost_comma(r, read, assembly) for r in final]
    classified = [r for r in final if r.status is ResultStatus.CLASSIFIED]
    positions = {id(r): position for position, r in enumerate(classified, start=1)}
    class_ranks = rank_in_class([(positions[id(r)], r.class_name) for r in classified])
    for r in final:
        drivers = tuple(
            ParsedDriver(seat=seat, name=name) for seat, name in enumerate(r.drivers, start=1)
        )
        assembly.cars.append(r.car(positions.get(id(r)), class_ranks, drivers, r.pit_stops))
    return assembly


def _read_row(cells: CellReader, classes: ClassReader) -> _HourRow | None:
    hour = cells.parse("HOUR", parse_count, "hour")
    if hour == 0:
        cells.problem("HOUR", "race hours count from 1")
    number = cells.parse("CAR NO.", parse_car_number)
    team = cells.name("TEAM", "team")
    drivers_text = squeeze(cells.text("DRIVERS"))
    drivers = _drivers(cells, drivers_text)
    vehicle = cells.name("CAR", "car", required=False)
    race_class = classes.read(cells, "CATEGORY")
    status = cells.cached("STATUS", status_from_label)
    laps = cells.parse("LAPS", parse_count, "lap count")
    total_time_ms = cells.parse("TOTAL TIME", parse_duration_ms)
    pit_stops = cells.parse("PITSTOPS", optional_count, "pit-stop count")
    best_lap_number = cells.parse("BEST LAP NUMBER", optional_count, "best-lap number")
    best_lap_ms = cells.parse("BEST LAPTIME", optional_duration_ms)
    if best_lap_number is not None and laps is not None and best_lap_number > laps:
        cells.problem("BEST LAP NUMBER", f"best lap {best_lap_number} but the car did {laps} laps")
    if cells.problems:
        return None
    assert hour is not None and number is not None and race_class is not None
    assert status is not None and laps is not None and total_time_ms is not None
    return _HourRow(
        line=cells.line,
        hour=hour,
        number=number,
        team=team,
        drivers_text=drivers_text,
        drivers=drivers,
        vehicle=vehicle,
        class_label=squeeze(cells.text("CATEGORY")),
        class_name=race_class.name,
        race_class=race_class.counts_as,
        status=status,
        laps=laps,
        total_time_ms=total_time_ms,
        pit_stops=pit_stops,
        best_lap_number=best_lap_number,
        best_lap_ms=best_lap_ms,
    )


def _drivers(cells: CellReader, text: str) -> tuple[str, ...]:
    names = split_driver_list(text)
    if not names:
        cells.problem("DRIVERS", "no driver named")
    elif len(names) > MAX_SEATS:
        cells.problem("DRIVERS", f"{len(names)} drivers named; a car has at most {MAX_SEATS}")
    return tuple(cells.check_name(name, "DRIVERS", "driver name") for name in names)


def _check_duplicates(read: list[_HourRow], assembly: Assembly) -> None:
    first_line: dict[tuple[int, str], int] = {}
    for r in read:
        key = (r.hour, r.number)
        if key in first_line:
            assembly.errors.append(
                RowError(
                    r.line,
                    f"car {r.number} is listed twice in hour {r.hour} "
                    f"(also on line {first_line[key]})",
                )
            )
        else:
            first_line[key] = r.line


def _final_rows(read: list[_HourRow], assembly: Assembly) -> list[_HourRow]:
    final_hour = max(r.hour for r in read)
    final = [r for r in read if r.hour == final_hour]
    in_final = {r.number for r in final}
    last_row: dict[str, _HourRow] = {}
    for r in read:
        if r.number not in in_final and (
            r.number not in last_row or r.hour >= last_row[r.number].hour
        ):
            last_row[r.number] = r
    for r in sorted(last_row.values(), key=lambda r: r.line):
        if r.status is ResultStatus.CLASSIFIED:
            assembly.warnings.append(
                RowWarning(
                    r.line,
                    f"car {r.number} appears last in hour {r.hour}, still running, and not in "
                    f"hour {final_hour}; it is left out",
                )
            )
        else:
            assembly.warnings.append(
                RowWarning(
                    r.line,
                    f"car {r.number} ({r.team}) is missing from hour {final_hour}; its last row "
                    f"(hour {r.hour}, {r.status.value.replace('_', ' ').upper()}) is its result",
                )
            )
            final.append(r)
    return final


def _unwrap_total_times(final: list[_HourRow], assembly: Assembly) -> list[_HourRow]:
    unwrapped: list[_HourRow] = []
    first_line: int | None = None
    count = 0
    for r in final:
        at_least = (r.hour - 1) * HOUR_MS
        if r.status is ResultStatus.CLASSIFIED and r.total_time_ms < at_least:
            days = math.ceil((at_least - r.total_time_ms) / DAY_MS)
            r = replace(r, total_time_ms=r.total_time_ms + days * DAY_MS)
            count += 1
            first_line = r.line if first_line is None else first_line
        unwrapped.append(r)
    if first_line is not None:
        assembly.warnings.append(
            RowWarning(
                first_line,
                f"the total time of {count} running car{'s' if count > 1 else ''} wraps past 24 "
                "hours (00:00:18 for 24:00:18); read with the full days added",
            )
        )
    return unwrapped


def _split_lost_comma(r: _HourRow, read: list[_HourRow], assembly: Assembly) -> _HourRow:
    if r.vehicle:
        return r
    known = Counter(other.vehicle for other in read if other.number == r.number and other.vehicle)
    if not known:
        return r
    vehicle = known.most_common(1)[0][0]
    if not r.drivers_text.endswith(vehicle) or r.drivers_text == vehicle:
        return r
    drivers_text = r.drivers_text[: -len(vehicle)].rstrip()
    assembly.warnings.append(
        RowWarning(
            r.line,
            f"the Car cell is empty and Drivers ends with {vehicle!r}, the car of #{r.number} in "
            f"its other rows; read as Drivers {drivers_text!r} and Car {vehicle!r}",
        )
    )
    return replace(
        r, drivers_text=drivers_text, drivers=split_driver_list(drivers_text), vehicle=vehicle
    )
