"""What every real timing file says, computed here with the csv module and plain string
handling (no importer code): the totals the stored race must equal.

The layout is told by the header alone, so a file added to ../shared/data/real later is read
the same way: an Al Kamel classification (POSITION, NUMBER, DRIVER_1…), an Al Kamel lap
analysis (NUMBER, DRIVER_NUMBER, LAP_NUMBER…) or the hour-by-hour compilation (Hour, Car No.).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tests.results.independent import REAL_DATA, time_ms

# GROUP values that make LMP2 a classification of its own (Le Mans: P/A; ELMS: PRO/AM).
PRO_AM_GROUPS = {"P/A", "PRO/AM", "PRO-AM", "PRO AM", "PROAM"}


def real_files() -> list[Path]:
    return sorted(REAL_DATA.glob("*.csv"))


@dataclass
class SeatTotal:
    name: str
    laps: int = 0
    drive_time_ms: int = 0
    best_lap_ms: int | None = None


@dataclass
class CarTotal:
    number: str
    class_key: str
    laps: int
    drivers: int
    classified: bool | None  # None: a lap analysis does not say
    position: int | None = None
    vehicle: str = ""
    seats: dict[int, SeatTotal] = field(default_factory=dict)
    pit_laps: int = 0
    pit_time_ms: int = 0
    lap_rows: int = 0
    # (hour_ms, elapsed_ms) of every lap, for night checks
    crossings: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class FileTotal:
    kind: str  # "classification", "lap analysis", "hour by hour"
    cars: dict[str, CarTotal]

    @property
    def classified(self) -> int:
        return sum(1 for car in self.cars.values() if car.classified)

    def class_partition(self) -> set[frozenset[str]]:
        groups: dict[str, set[str]] = defaultdict(set)
        for car in self.cars.values():
            groups[car.class_key].add(car.number)
        return {frozenset(numbers) for numbers in groups.values()}

    def positions_in_class(self) -> dict[str, int]:
        ranks: dict[str, int] = {}
        seen: dict[str, int] = defaultdict(int)
        placed = [car for car in self.cars.values() if car.classified and car.position]
        for car in sorted(placed, key=lambda car: car.position or 0):
            seen[car.class_key] += 1
            ranks[car.number] = seen[car.class_key]
        return ranks


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _rows(text: str) -> list[dict[str, str]]:
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [" ".join(name.split()).upper() for name in next(reader)]
    return [dict(zip(header, row, strict=False)) for row in reader if any(c.strip() for c in row)]


def _words(text: str) -> str:
    return " ".join(text.split())


def _class_key(class_cell: str, group_cell: str = "") -> str:
    key = _words(class_cell).upper()
    group = _words(group_cell).upper()
    if key == "LMP2" and group in PRO_AM_GROUPS:
        return "LMP2 PRO/AM"
    if key.startswith("HYPERCAR"):  # 'HYPERCAR H' (hybrid) races with the other Hypercars
        return "HYPERCAR"
    return key


def file_totals(path: Path) -> FileTotal:
    rows = _rows(_text(path))
    header = set(rows[0])
    if {"NUMBER", "DRIVER_NUMBER", "LAP_NUMBER"} <= header:
        return _lap_analysis(rows)
    if {"POSITION", "NUMBER", "DRIVER_1"} <= header:
        return _classification(rows)
    return _hour_by_hour(rows)


def _classification(rows: list[dict[str, str]]) -> FileTotal:
    cars = {}
    for row in rows:
        number = row["NUMBER"].strip()
        drivers = sum(
            1
            for key in ("DRIVER_1", "DRIVER_2", "DRIVER_3", "DRIVER_4", "DRIVER_5")
            if row.get(key, "").strip()
        )
        classified = row["STATUS"].strip().lower() in ("classified", "")
        cars[number] = CarTotal(
            number=number,
            class_key=_class_key(row["CLASS"], row.get("GROUP", "")),
            laps=int(row["LAPS"]),
            drivers=drivers,
            classified=classified,
            position=int(row["POSITION"]) if classified else None,
            vehicle=_words(row.get("VEHICLE", "")),
        )
    return FileTotal("classification", cars)


def _lap_analysis(rows: list[dict[str, str]]) -> FileTotal:
    cars: dict[str, CarTotal] = {}
    for row in rows:
        number = row["NUMBER"].strip()
        car = cars.get(number)
        if car is None:
            car = cars[number] = CarTotal(
                number=number,
                class_key=_class_key(row["CLASS"], row.get("GROUP", "")),
                laps=0,
                drivers=0,
                classified=None,
            )
        lap_ms = time_ms(row["LAP_TIME"])
        car.laps = max(car.laps, int(row["LAP_NUMBER"]))
        car.lap_rows += 1
        seat = car.seats.setdefault(
            int(row["DRIVER_NUMBER"]), SeatTotal(_words(row["DRIVER_NAME"]))
        )
        seat.laps += 1
        seat.drive_time_ms += lap_ms
        seat.best_lap_ms = lap_ms if seat.best_lap_ms is None else min(seat.best_lap_ms, lap_ms)
        if row["CROSSING_FINISH_LINE_IN_PIT"].strip() == "B":
            car.pit_laps += 1
        if row.get("PIT_TIME", "").strip():
            car.pit_time_ms += time_ms(row["PIT_TIME"])
        car.crossings.append((time_ms(row["HOUR"]), time_ms(row["ELAPSED"])))
        car.drivers = len(car.seats)
    return FileTotal("lap analysis", cars)


def _hour_by_hour(rows: list[dict[str, str]]) -> FileTotal:
    """The last hour's rows, and the cars that retired before it (their last row)."""
    last_hour = max(int(row["HOUR"]) for row in rows)
    last_row: dict[str, dict[str, str]] = {}
    drivers: dict[str, int] = defaultdict(int)
    for row in rows:
        number = row["CAR NO."].strip()
        last_row[number] = row
        if row["CAR"].strip():  # a row whose Car cell lost its comma names the car as a driver
            drivers[number] = max(
                drivers[number], len([n for n in row["DRIVERS"].split("/") if n.strip()])
            )
    cars = {}
    running = [
        r["CAR NO."].strip()
        for r in rows
        if int(r["HOUR"]) == last_hour and r["STATUS"].strip().lower() == "running"
    ]
    for number, row in last_row.items():
        status = row["STATUS"].strip().lower()
        if int(row["HOUR"]) != last_hour and status != "retired":
            continue  # seen running in an early hour, then never again: not a result
        cars[number] = CarTotal(
            number=number,
            class_key=_class_key(row["CATEGORY"]),
            laps=int(row["LAPS"]),
            drivers=drivers[number],
            classified=int(row["HOUR"]) == last_hour and status == "running",
            position=running.index(number) + 1 if number in running else None,
        )
    return FileTotal("hour by hour", cars)
