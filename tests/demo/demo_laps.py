"""Laps for the demo: lap analyses of a few races, written as Al Kamel publishes them for the
academy's cars and imported through the normal importer (plan, then write), so the debrief,
driving times and pace of those races have laps behind them.

Each file agrees with what the demo recorded for the car: the laps and drive time of every
seat to the millisecond; the best laps and night laps are the file's (the importer's own
night rule counts them), written onto the recorded results before the import so that the
file contradicts nothing.
"""

from __future__ import annotations

from academy.extensions import db
from academy.models import Event, RaceEntry, Result
from academy.results.options import night_rule, parse_options
from academy.results.timing.reader import parse_timing_file
from academy.results.timing.writer import plan_import, write_import
from tests.demo.timing_files import (
    RecordedSeat,
    SampleCar,
    SampleLap,
    SampleRace,
    alkamel_bytes,
    lap_analysis_csv,
    laps_of_recorded_car,
)

# The races with laps: (series code, season label, round, race) - the 24 Hours and the last
# two ELMS rounds of 2026 (a night race and a day race), some 2,100 laps. Parsing them is most
# of what the laps add to the demo build; the Asian series' races, with most of the academy's
# cars, would nearly double it.
RACES_WITH_LAPS = (
    ("LM24", "2026", 1, 1),
    ("ELMS", "2026", 5, 1),
    ("ELMS", "2026", 6, 1),
)
HOUR_MS = 3_600_000


def import_demo_laps(events: list[Event], seed: int) -> int:
    """Import a lap analysis of each race in RACES_WITH_LAPS; the laps stored."""
    wanted = {
        (event.season.series.code, event.season.label, event.round_number, event.race_number): event
        for event in events
    }
    stored = 0
    for index, key in enumerate(RACES_WITH_LAPS):
        event = wanted.get(key)
        if event is not None:
            stored += _import_laps(event, seed + index)
    return stored


def _academy_cars(event: Event) -> list[RaceEntry]:
    entries = db.session.execute(
        db.select(RaceEntry).where(RaceEntry.event_id == event.id).order_by(RaceEntry.car_number)
    ).scalars()
    return [entry for entry in entries if any(r.driver_id for r in entry.results)]


def _import_laps(event: Event, seed: int) -> int:
    night = night_rule(event)
    start_ms = _start_ms(event, night)
    cars: list[SampleCar] = []
    laps: list[SampleLap] = []
    for offset, entry in enumerate(_academy_cars(event)):
        results = sorted(entry.results, key=lambda result: result.seat)
        _share_laps(entry, results)
        seats = [RecordedSeat(r.seat, r.laps or 0, r.drive_time_ms or 0) for r in results]
        car_laps = laps_of_recorded_car(
            entry.car_number, seats, start_ms=start_ms, seed=seed * 100 + offset
        )
        _match_file(entry, results, car_laps, night)
        class_label, group = _class_cells(entry)
        cars.append(
            SampleCar(
                number=entry.car_number,
                team=entry.team,
                vehicle=entry.car,
                manufacturer=entry.car,
                class_label=class_label,
                group=group,
                drivers=tuple(
                    r.driver.legal_name if r.driver else r.external_name for r in results
                ),
            )
        )
        laps += car_laps
    if not cars:
        return 0
    db.session.flush()
    race = SampleRace(
        tuple(cars),
        tuple(laps),
        {car.number: "Classified" for car in cars},
        float(event.circuit.length_km or 5),
    )
    name = f"{event.season.series.code}-{event.season.label}-R{event.round_number}"
    parsed = parse_timing_file(
        alkamel_bytes(lap_analysis_csv(race)),
        f"{name}-race{event.race_number}-lap-analysis.csv",
        parse_options(event),
    )
    plan = plan_import(parsed, event)
    if plan.blocking_reason is not None:
        raise RuntimeError(f"demo lap analysis of {event.name}: {plan.blocking_reason}")
    return write_import(plan, event, imported_by_id=None).laps_added


def _start_ms(event: Event, night) -> int:  # noqa: ANN001
    """The start hour that gives the race the night running the calendar says it has."""
    hours = float(event.duration_hours)
    for hour in (13, 12, 14, 15, 16, 17, 18, 11, 10, 19, 20):
        start_ms = hour * HOUR_MS
        dark = any(
            night.is_night((start_ms + step) % (24 * HOUR_MS), step)
            for step in range(0, int(hours * HOUR_MS) + 1, 10 * 60_000)
        )
        if dark == event.night_running:
            return start_ms
    return 13 * HOUR_MS


def _share_laps(entry: RaceEntry, results: list[Result]) -> None:
    """The seats' laps add up to the car's (the demo rounds each seat's share)."""
    for result in results:
        result.laps = max(result.laps or 0, 1)
    missing = entry.laps - sum(result.laps or 0 for result in results)
    busiest = max(results, key=lambda result: result.laps or 0)
    busiest.laps = (busiest.laps or 0) + missing


def _match_file(entry: RaceEntry, results: list[Result], laps, night) -> None:  # noqa: ANN001
    """Best laps and night laps as the file gives them."""
    for result in results:
        mine = [lap for lap in laps if lap.seat == result.seat]
        result.best_lap_ms = min(lap.lap_ms for lap in mine)
        result.night_laps = sum(1 for lap in mine if night.is_night(lap.hour_ms, lap.elapsed_ms))
    entry.best_lap_ms = min(lap.lap_ms for lap in laps)
    entry.total_time_ms = laps[-1].elapsed_ms  # the seats' drive times, added up


def _class_cells(entry: RaceEntry) -> tuple[str, str]:
    name = entry.class_name or entry.race_class.value
    if name.upper().endswith(" PRO/AM"):
        return name[: -len(" Pro/Am")], "PRO/AM"
    return name, ""
