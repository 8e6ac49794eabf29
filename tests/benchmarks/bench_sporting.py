"""How fast the sporting engine scores a season and checks its crews.

Run: python tests/benchmarks/bench_sporting.py [--races 6] [--cars 50] [--repeat 7]
Not collected by pytest (no test_ prefix); `make bench` runs it. Targets (issue 12): the standings
of a season (6 races, 50 cars, 150 drivers; teams and drivers, every class) well under 50 ms;
the crew checks of a whole season (6 races x 50 cars) well under 200 ms; also the invitation
race and the driving time of every driver from laps. The last line is `BENCH_JSON {...}` for
tests/benchmarks/run_all.py.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from academy.enums import Categorisation, ResultStatus  # noqa: E402
from academy.sporting import (  # noqa: E402
    CrewMember,
    DriverLap,
    Race,
    RaceResult,
    check_crew,
    driving_times,
    invitation_races,
    season_standings,
    sporting_rules_for,
)

CLASSES = ("LMP2", "LMP3", "GT")
CATEGORIES = (*Categorisation, None)  # a few drivers whose category is not known


def timed(repeat: int, action) -> tuple[float, float, object]:
    """Best wall and best CPU seconds of `repeat` runs, and the last outcome."""
    walls, cpus = [], []
    outcome = None
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = action()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls), min(cpus), outcome


def make_season(races: int, cars: int, rng: random.Random):
    """`cars` entries of three drivers each (150 drivers for 50 cars), spread over the
    classes; per race a shuffled finishing order, some retirements, a pole per class."""
    entries = [(f"car{n}", CLASSES[n % len(CLASSES)]) for n in range(cars)]
    crews = {entry: tuple(f"{entry}-d{seat}" for seat in range(3)) for entry, _ in entries}
    categories = {driver: rng.choice(CATEGORIES) for crew in crews.values() for driver in crew}
    season = []
    for number in range(races):
        results = []
        for class_name in CLASSES:
            in_class = [entry for entry, name in entries if name == class_name]
            rng.shuffle(in_class)
            for position, entry in enumerate(in_class, start=1):
                retired = rng.random() < 0.1
                results.append(
                    RaceResult(
                        entry=entry,
                        class_name=class_name,
                        class_position=None if retired else position,
                        status=ResultStatus.DNF if retired else ResultStatus.CLASSIFIED,
                        pole=position == 1,
                        drivers=crews[entry],
                    )
                )
        season.append(Race(f"R{number + 1}", f"Race {number + 1}", tuple(results)))
    return entries, crews, categories, season


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--races", type=int, default=6)
    parser.add_argument("--cars", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    rules = sporting_rules_for("ALMS", "2025-26")
    le_mans = sporting_rules_for("LM24", "2026")
    rng = random.Random(2026)
    entries, crews, categories, season = make_season(args.races, args.cars, rng)
    drivers = sum(len(crew) for crew in crews.values())

    standings_wall, standings_cpu, standings = timed(
        args.repeat, lambda: season_standings(rules, season)
    )
    rows = sum(len(table.rows) for table in standings.teams + standings.drivers)

    invitations_wall, invitations_cpu, _ = timed(
        args.repeat, lambda: invitation_races(rules, season[:-2])
    )

    members = {
        entry: [CrewMember(driver, driver, categories[driver]) for driver in crew]
        for entry, crew in crews.items()
    }
    checks = [
        (result.class_name, members[result.entry]) for race in season for result in race.results
    ]
    crews_wall, crews_cpu, verdicts = timed(
        args.repeat, lambda: [check_crew(rules, name, crew) for name, crew in checks]
    )
    statuses = {}
    for verdict in verdicts:
        statuses[verdict.status.value] = statuses.get(verdict.status.value, 0) + 1

    # Le Mans: 24 h of 3:30 laps, stints of 12 laps, the crew taking turns.
    lap_ms = 210_000
    laps = [DriverLap(f"d{(lap // 12) % 3}", lap_ms) for lap in range(24 * 3_600_000 // lap_ms)]
    crew = [CrewMember(f"d{seat}", f"Driver {seat}", Categorisation.GOLD) for seat in range(3)]
    drive_wall, drive_cpu, _ = timed(
        args.repeat,
        lambda: [driving_times(le_mans, "LMP2", crew, laps=laps) for _ in range(args.cars)],
    )

    print(f"machine: {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}, one process")
    print(
        f"season: {args.races} races x {args.cars} cars ({drivers} drivers, {len(CLASSES)} "
        f"classes), best of {args.repeat}"
    )
    print(
        f"standings (teams and drivers, every class; {rows} rows): "
        f"{standings_wall * 1000:.1f} ms wall, {standings_cpu * 1000:.1f} ms CPU (target < 50 ms)"
    )
    print(
        f"invitation race (every class, 4 races held): {invitations_wall * 1000:.1f} ms wall, "
        f"{invitations_cpu * 1000:.1f} ms CPU"
    )
    print(
        f"crew checks ({len(checks)} crews, {statuses}): {crews_wall * 1000:.1f} ms wall, "
        f"{crews_cpu * 1000:.1f} ms CPU (target < 200 ms)"
    )
    print(
        f"driving time from laps ({args.cars} cars x {len(laps)} laps of a 24-hour race): "
        f"{drive_wall * 1000:.1f} ms wall, {drive_cpu * 1000:.1f} ms CPU"
    )
    figures = {
        "standings_ms": round(standings_wall * 1000, 2),
        "standings_cpu_ms": round(standings_cpu * 1000, 2),
        "invitations_ms": round(invitations_wall * 1000, 2),
        "crew_checks_ms": round(crews_wall * 1000, 2),
        "crew_checks_cpu_ms": round(crews_cpu * 1000, 2),
        "driving_time_24h_cars_ms": round(drive_wall * 1000, 2),
    }
    print("BENCH_JSON " + json.dumps(figures))


if __name__ == "__main__":
    main()
