"""Realistic Al Kamel timing files, made up but shaped like the real ones. Pure and deterministic.

For tests, the demo seed and the import benchmark: simulate a race lap by lap, then write the
same race as an Al Kamel lap analysis and as an Al Kamel race classification, byte for byte in
the publisher's style (UTF-8 with a BOM, ';' separators and a ';' at the end of every line,
CRLF line ends, the lap-analysis header with its stray spaces, times like 1:58.123 and
5:44'41.101)::

    grid = sample_grid(12, seed=7)
    race = simulate_race(grid, laps=120, seed=7)
    lap_file = alkamel_bytes(lap_analysis_csv(race))
    classification_file = alkamel_bytes(classification_csv(race))

The same seed always gives the same bytes. Nothing here reads a clock or a file.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

LAP_ANALYSIS_HEADER = (
    "NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; LAP_IMPROVEMENT; CROSSING_FINISH_LINE_IN_PIT; "
    "S1; S1_IMPROVEMENT; S2; S2_IMPROVEMENT; S3; S3_IMPROVEMENT; KPH; ELAPSED; HOUR;"
    "S1_LARGE;S2_LARGE;S3_LARGE;TOP_SPEED;DRIVER_NAME;PIT_TIME;CLASS;GROUP;TEAM;MANUFACTURER;"
    "FLAG_AT_FL;S1_SECONDS;S2_SECONDS;S3_SECONDS;"
)
CLASSIFICATION_HEADER = (
    "POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;DRIVER_3;DRIVER_4;VEHICLE;TYRES;CLASS;GROUP;"
    "DIVISION;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;FL_KPH;DRIVER_5;"
)
LINE_END = "\r\n"
_BOM = "\ufeff"
DAY_MS = 24 * 3600 * 1000

# Sepang, where the ALMS races: 5.543 km, LMP2 about 1:58, LMP3 2:08, GT3 2:05.
SEPANG_KM = 5.543
_BASE_LAP_MS = {"LMP2": 118_000, "LMP3": 128_000, "GT": 125_000}
_CARS_BY_CLASS = {
    "LMP2": (("Oreca 07 - Gibson", "Oreca"),),
    "LMP3": (("Ligier JS P320 - Nissan", "Ligier"), ("Duqueine D09 - Nissan", "Duqueine")),
    "GT": (
        ("Ferrari 296 GT3", "Ferrari"),
        ("Porsche 911 GT3 R", "Porsche"),
        ("BMW M4 GT3", "BMW"),
        ("Aston Martin Vantage AMR GT3", "Aston Martin"),
    ),
}
_TYRES = {"LMP2": "G", "LMP3": "M", "GT": "M"}
_TEAM_WORDS = (
    ("Pacific", "Racing"), ("Eastern", "Motorsport"), ("Garnet", "Racing Team"),
    ("Harbour", "Competition"), ("Monsoon", "Racing"), ("Tiger Bay", "Motorsport"),
    ("Lion City", "Racing"), ("Crimson Peak", "Autosport"), ("Jade", "Engineering"),
    ("Northstar", "Racing"), ("Blue Lagoon", "Motorsport"), ("Sakura", "Racing"),
)  # fmt: skip
_FIRST_NAMES = (
    "Kamui", "Sébastien", "Ye", "Jarno", "Nicolás", "Anders", "Mikkel", "Rahel", "Kenta",
    "Sean", "Jonas", "Ritomo", "Hiroshi", "Louis", "Marta", "Oliver", "Daniel", "Chen",
    "Björn", "Thomas", "Grégoire", "Lucía", "Akash", "Felipe", "Ayhancan", "Jack", "Naomi",
)  # fmt: skip
_SURNAMES = (
    "KOBAYASHI", "BUEMI", "YIFEI", "OPMEER", "VARRONE", "FJORDBACH", "JENSEN", "FREY",
    "YAMASHITA", "GELAEL", "GALLARDO", "MIYATA", "HOSHINO", "DELÉTRAZ", "GARCÍA", "RASMUSSEN",
    "MANCINELLI", "WEIRONG", "ØDEGÅRD", "PREINING", "SAUCY", "NAVARRO", "NANDAN", "NASR",
    "GÜVEN", "AITKEN", "SCHIFFER",
)  # fmt: skip


@dataclass(frozen=True)
class SampleCar:
    number: str
    team: str
    vehicle: str
    manufacturer: str
    class_label: str  # the CLASS cell: LMP2, LMP3 or GT
    group: str  # the GROUP cell: "PRO/AM" for an LMP2 Pro/Am crew, else ""
    drivers: tuple[str, ...]  # seat 1 first, "First LAST" as Al Kamel writes names


@dataclass(frozen=True)
class SampleLap:
    number: str
    seat: int
    lap: int
    lap_ms: int
    elapsed_ms: int
    hour_ms: int  # time of day at the line, milliseconds since midnight
    in_pit: bool  # ended in the pit lane (CROSSING_FINISH_LINE_IN_PIT = B)
    pit_time_ms: int | None  # on the lap out of the pits
    flag: str
    sectors_ms: tuple[int, int, int]
    top_speed_kph: float


@dataclass(frozen=True)
class SampleRace:
    cars: tuple[SampleCar, ...]
    laps: tuple[SampleLap, ...]  # by car, then lap, as Al Kamel sorts them
    statuses: dict[str, str]  # car number -> STATUS as Al Kamel writes it
    circuit_km: float

    def laps_of(self, number: str) -> tuple[SampleLap, ...]:
        return tuple(lap for lap in self.laps if lap.number == number)


def sample_grid(count: int, *, seed: int) -> tuple[SampleCar, ...]:
    """`count` cars in three classes (LMP2 with some Pro/Am crews, LMP3, GT), 2-3 drivers each,
    unique numbers and names."""
    rng = random.Random(seed)
    classes = ("LMP2", "LMP3", "GT")
    names = [f"{first} {last}" for first in _FIRST_NAMES for last in _SURNAMES]
    rng.shuffle(names)
    numbers = rng.sample(range(2, 100), min(count, 98))
    if count > len(numbers):
        numbers += range(100, 100 + count - len(numbers))
    grid: list[SampleCar] = []
    for index in range(count):
        class_label = classes[index % len(classes)]
        vehicle, manufacturer = rng.choice(_CARS_BY_CLASS[class_label])
        first, second = _TEAM_WORDS[(index // len(classes)) % len(_TEAM_WORDS)]
        team = f"{first} {second}" if index < 3 * len(_TEAM_WORDS) else f"{first} {second} {index}"
        seats = 3 if class_label != "GT" or rng.random() < 0.5 else 2
        drivers = tuple(names[(index * 3 + seat) % len(names)] for seat in range(seats))
        group = "PRO/AM" if class_label == "LMP2" and rng.random() < 0.4 else ""
        grid.append(
            SampleCar(
                number=str(numbers[index]),
                team=team,
                vehicle=vehicle,
                manufacturer=manufacturer,
                class_label=class_label,
                group=group,
                drivers=drivers,
            )
        )
    return tuple(grid)


def simulate_race(
    grid: Sequence[SampleCar],
    *,
    laps: int,
    seed: int,
    start: time = time(13, 0),
    retirements: int = 0,
    stint_laps: int = 28,
    circuit_km: float = SEPANG_KM,
) -> SampleRace:
    """Every car runs `laps` laps except `retirements` cars that stop early (status Retired).

    Lap times vary around the class's pace; every `stint_laps` or so the car pits (B on the
    in-lap, PIT_TIME and about a minute more on the out-lap) and the next seat takes over.
    """
    rng = random.Random(seed)
    start_ms = ((start.hour * 60 + start.minute) * 60 + start.second) * 1000
    retiring = set(rng.sample(range(len(grid)), min(retirements, len(grid))))
    all_laps: list[SampleLap] = []
    statuses: dict[str, str] = {}
    for index, car in enumerate(grid):
        pace = _BASE_LAP_MS[car.class_label] + rng.randint(-1500, 1500)
        driver_offsets = [rng.randint(-800, 1200) for _ in car.drivers]
        car_laps = rng.randint(1, max(1, laps - 1)) if index in retiring else laps
        statuses[car.number] = "Retired" if index in retiring else "Classified"
        seat = 1
        elapsed = 0
        next_stop = stint_laps + rng.randint(-3, 3)
        pit_out = False
        for lap in range(1, car_laps + 1):
            lap_ms = pace + driver_offsets[seat - 1] + rng.randint(-900, 900)
            flag = "GF"
            if rng.random() < 0.02:
                flag = "FCY"
                lap_ms += rng.randint(25_000, 40_000)
            if lap == 1:
                lap_ms += 6_000  # standing start behind the safety car
            pit_time_ms = None
            if pit_out:
                pit_time_ms = rng.randint(55_000, 75_000)
                lap_ms += pit_time_ms
                pit_out = False
            in_pit = lap == next_stop and lap < car_laps
            if in_pit:
                lap_ms += rng.randint(12_000, 16_000)
            elapsed += lap_ms
            all_laps.append(
                SampleLap(
                    number=car.number,
                    seat=seat,
                    lap=lap,
                    lap_ms=lap_ms,
                    elapsed_ms=elapsed,
                    hour_ms=(start_ms + elapsed) % DAY_MS,
                    in_pit=in_pit,
                    pit_time_ms=pit_time_ms,
                    flag=flag,
                    sectors_ms=_sectors(lap_ms, rng),
                    top_speed_kph=round(rng.uniform(255.0, 290.0), 1),
                )
            )
            if in_pit:
                pit_out = True
                next_stop = lap + stint_laps + rng.randint(-3, 3)
                seat = seat % len(car.drivers) + 1  # the driver change happens at the stop
    return SampleRace(tuple(grid), tuple(all_laps), statuses, circuit_km)


@dataclass(frozen=True)
class RecordedSeat:
    """A seat of a car as the demo recorded it: the laps it drove and for how long."""

    seat: int
    laps: int
    drive_time_ms: int


def laps_of_recorded_car(
    number: str,
    seats: Sequence[RecordedSeat],
    *,
    start_ms: int,
    seed: int,
    stint_laps: int = 26,
) -> tuple[SampleLap, ...]:
    """The laps of a car whose seats' laps and drive times are known: stints in turn (the
    driver changes at a stop), lap times around each seat's average with pit laps and the odd
    full-course yellow, then scaled so that each seat's laps add up to its drive time exactly
    (so a lap analysis of them agrees with the recorded result to the millisecond)."""
    rng = random.Random(seed)
    left = {recorded.seat: recorded.laps for recorded in seats}
    order: list[int] = []
    turn = 0
    while any(left.values()):
        seat = seats[turn % len(seats)].seat
        turn += 1
        stint = min(left[seat], stint_laps + rng.randint(-3, 3))
        order += [seat] * stint
        left[seat] -= stint
    raw: list[int] = []
    flags: list[str] = []
    pits: list[tuple[bool, int | None]] = []
    average = {recorded.seat: recorded.drive_time_ms / max(recorded.laps, 1) for recorded in seats}
    for index, seat in enumerate(order):
        lap_ms = average[seat] * rng.uniform(0.955, 0.99)
        flag = "GF"
        if rng.random() < 0.03:
            flag, lap_ms = "FCY", lap_ms * 1.3
        in_pit = index + 1 < len(order) and order[index + 1] != seat
        out_lap = index > 0 and order[index - 1] != seat
        pit_time_ms = rng.randint(55_000, 70_000) if out_lap else None
        lap_ms += (pit_time_ms or 0) + (rng.randint(12_000, 16_000) if in_pit else 0)
        raw.append(int(lap_ms))
        flags.append(flag)
        pits.append((in_pit, pit_time_ms))
    scaled = list(raw)
    for recorded in seats:
        mine = [index for index, who in enumerate(order) if who == recorded.seat]
        if not mine:
            continue
        factor = recorded.drive_time_ms / sum(raw[index] for index in mine)
        for index in mine:
            scaled[index] = int(raw[index] * factor)
        scaled[max(mine, key=lambda index: scaled[index])] += recorded.drive_time_ms - sum(
            scaled[index] for index in mine
        )
    laps: list[SampleLap] = []
    elapsed = 0
    for index, (seat, lap_ms) in enumerate(zip(order, scaled, strict=True)):
        elapsed += lap_ms
        in_pit, pit_time_ms = pits[index]
        laps.append(
            SampleLap(
                number=number,
                seat=seat,
                lap=index + 1,
                lap_ms=lap_ms,
                elapsed_ms=elapsed,
                hour_ms=(start_ms + elapsed) % DAY_MS,
                in_pit=in_pit,
                pit_time_ms=pit_time_ms,
                flag=flags[index],
                sectors_ms=_sectors(lap_ms, rng),
                top_speed_kph=round(rng.uniform(255.0, 290.0), 1),
            )
        )
    return tuple(laps)


def lap_analysis_csv(race: SampleRace) -> str:
    """The race as an Al Kamel lap analysis (text; see `alkamel_bytes`)."""
    cars = {car.number: car for car in race.cars}
    best: dict[str, int] = {}
    out = io.StringIO()
    out.write(LAP_ANALYSIS_HEADER + LINE_END)
    writer = csv.writer(out, delimiter=";", lineterminator=";" + LINE_END)
    for lap in race.laps:
        car = cars[lap.number]
        improvement = 0
        if lap.number not in best or lap.lap_ms < best[lap.number]:
            best[lap.number] = lap.lap_ms
            improvement = 2 if lap.lap > 1 else 0
        s1, s2, s3 = lap.sectors_ms
        writer.writerow(
            [
                lap.number,
                lap.seat,
                lap.lap,
                lap_time(lap.lap_ms),
                improvement,
                "B" if lap.in_pit else "",
                sector_time(s1),
                0,
                sector_time(s2),
                0,
                sector_time(s3),
                0,
                f"{race.circuit_km * 3_600_000 / lap.lap_ms:.1f}",
                elapsed_time(lap.elapsed_ms),
                clock_time(lap.hour_ms),
                large_time(s1),
                large_time(s2),
                large_time(s3),
                f"{lap.top_speed_kph:.1f}",
                car.drivers[lap.seat - 1],
                lap_time(lap.pit_time_ms) if lap.pit_time_ms is not None else "",
                car.class_label,
                car.group,
                car.team,
                car.manufacturer,
                lap.flag,
                f"{s1 / 1000:.3f}",
                f"{s2 / 1000:.3f}",
                f"{s3 / 1000:.3f}",
            ]
        )
    return out.getvalue()


def classification_csv(race: SampleRace) -> str:
    """The race as an Al Kamel race classification: classified cars by laps then time, then
    the retired ones; positions for every row, as Al Kamel lists them."""
    finish: dict[str, SampleLap] = {}
    fastest: dict[str, SampleLap] = {}
    for lap in race.laps:
        finish[lap.number] = lap
        if lap.number not in fastest or lap.lap_ms < fastest[lap.number].lap_ms:
            fastest[lap.number] = lap
    cars = [car for car in race.cars if car.number in finish]

    def order(car: SampleCar) -> tuple[bool, int, int]:
        last = finish[car.number]
        return (race.statuses[car.number] != "Classified", -last.lap, last.elapsed_ms)

    cars.sort(key=order)
    out = io.StringIO()
    out.write(CLASSIFICATION_HEADER + LINE_END)
    writer = csv.writer(out, delimiter=";", lineterminator=";" + LINE_END)
    leader = finish[cars[0].number] if cars else None
    previous: SampleLap | None = None
    for position, car in enumerate(cars, start=1):
        last = finish[car.number]
        best = fastest[car.number]
        drivers = [*car.drivers, "", "", "", "", ""][:5]
        writer.writerow(
            [
                position,
                car.number,
                car.team,
                *drivers[:4],
                car.vehicle,
                _TYRES[car.class_label],
                car.class_label,
                car.group,
                "",
                race.statuses[car.number],
                last.lap,
                total_time(last.elapsed_ms),
                _gap(leader, last) if position > 1 else "",
                _gap(previous, last) if previous is not None else "",
                best.lap,
                classification_lap_time(best.lap_ms),
                f"{race.circuit_km * 3_600_000 / best.lap_ms:.1f}",
                drivers[4],
            ]
        )
        previous = last
    return out.getvalue()


def alkamel_bytes(text: str) -> bytes:
    """Text as Al Kamel publishes it: UTF-8 with a byte-order mark."""
    return (_BOM + text).encode("utf-8")


def sample_lap_analysis_bytes(*, cars: int, laps: int, seed: int) -> bytes:
    """A whole lap-analysis file in one call: `cars` cars of `laps` laps each."""
    race = simulate_race(sample_grid(cars, seed=seed), laps=laps, seed=seed)
    return alkamel_bytes(lap_analysis_csv(race))


# --- Al Kamel time formats ----------------------------------------------------------------


def lap_time(ms: int) -> str:
    """1:58.123 (an hour or more: 1:02:03.456)."""
    hours, minutes, seconds, millis = _split(ms)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{minutes}:{seconds:02d}.{millis:03d}"


def elapsed_time(ms: int) -> str:
    return lap_time(ms)


def sector_time(ms: int) -> str:
    """45.985 under a minute, 1:26.214 above."""
    hours, minutes, seconds, millis = _split(ms)
    if hours or minutes:
        return lap_time(ms)
    return f"{seconds}.{millis:03d}"


def large_time(ms: int) -> str:
    """0:45.985, the S1_LARGE style."""
    hours, minutes, seconds, millis = _split(ms)
    return f"{hours * 60 + minutes}:{seconds:02d}.{millis:03d}"


def clock_time(ms_since_midnight: int) -> str:
    """16:04:19.878."""
    hours, minutes, seconds, millis = _split(ms_since_midnight % DAY_MS)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def total_time(ms: int) -> str:
    """5:44'41.101 (under an hour: 44'41.101)."""
    hours, minutes, seconds, millis = _split(ms)
    if hours:
        return f"{hours}:{minutes:02d}'{seconds:02d}.{millis:03d}"
    return f"{minutes}'{seconds:02d}.{millis:03d}"


def classification_lap_time(ms: int) -> str:
    """1'58.056."""
    return total_time(ms)


def _gap(ahead: SampleLap | None, behind: SampleLap) -> str:
    if ahead is None:
        return ""
    laps_down = ahead.lap - behind.lap
    if laps_down:
        return f"{laps_down} Lap" + ("s" if laps_down > 1 else "")
    difference = behind.elapsed_ms - ahead.elapsed_ms
    return f"+{total_time(difference)}" if difference >= 60_000 else f"+{_seconds(difference)}"


def _seconds(ms: int) -> str:
    return f"{ms // 1000}.{ms % 1000:03d}"


def _split(ms: int) -> tuple[int, int, int, int]:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return hours, minutes, seconds, millis


def _sectors(lap_ms: int, rng: random.Random) -> tuple[int, int, int]:
    first = round(lap_ms * rng.uniform(0.20, 0.24))
    second = round(lap_ms * rng.uniform(0.38, 0.42))
    return first, second, lap_ms - first - second
