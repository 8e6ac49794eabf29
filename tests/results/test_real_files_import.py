"""Every real timing file in ../shared/data/real imports through the command line (`events
create`, then `import-results`), and what is stored equals the totals computed from the file
with the csv module (tests/results/real_totals.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from astral import Observer
from astral.sun import sunrise, sunset

from academy.extensions import db
from academy.models import Event, Lap, RaceEntry
from tests.results.real_totals import FileTotal, file_totals, real_files

# The race each known file is from: series, season, circuit, date, hours. A file added later
# without a line here is imported into a made-up event (night is then not checked).
RACES = {
    "alms-2025-sepang-race1-classification.csv": ("ALMS", "2024-25", "Sepang", "2024-12-07", 4),
    "elms-2014-silverstone-classification.csv": ("ELMS", "2014", "Silverstone", "2014-04-19", 4),
    "elms-2025-barcelona-4h-classification.csv": ("ELMS", "2025", "Barcelona", "2025-04-06", 4),
    "lemans-2023-hour-by-hour.csv": ("LM24", "2023", "Le Mans", "2023-06-10", 24),
    "wec-2021-lemans-24h-lap-analysis.csv": ("LM24", "2021", "Le Mans", "2021-08-21", 24),
    "wec-2023-lemans-24h-lap-analysis.csv": ("LM24", "2023", "Le Mans", "2023-06-10", 24),
    "wec-2024-bahrain-8h-lap-analysis.csv": ("WEC", "2024", "Bahrain", "2024-11-02", 8),
    "wec-2025-cota-6h-lap-analysis.csv": ("WEC", "2025", "COTA", "2025-09-07", 6),
}
# Independent of the app's table: where these circuits are.
PLACES = {
    "Le Mans": (47.9560, 0.2070, "Europe/Paris"),
    "Bahrain": (26.0325, 50.5106, "Asia/Bahrain"),
    "COTA": (30.1328, -97.6411, "America/Chicago"),
}


def create_event(runner, file: Path) -> Event:
    series, season, circuit, day, hours = RACES.get(
        file.name, ("WEC", "2030", "Test Ring", "2030-06-01", 6)
    )
    args = [
        "events",
        "create",
        "--series",
        series,
        "--season",
        season,
        "--circuit",
        circuit,
        "--date",
        day,
        "--hours",
        str(hours),
    ]
    if circuit == "Test Ring":
        args += ["--country", "FRA"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    event_id = int(result.output.strip().splitlines()[-1])
    return db.session.get(Event, event_id)


def import_file(runner, file: Path, event: Event) -> str:
    result = runner.invoke(args=["import-results", str(file), "--event", str(event.id)])
    assert result.exit_code == 0, result.output
    return result.output


def stored(event: Event) -> dict[str, RaceEntry]:
    db.session.expire_all()
    return {
        entry.car_number: entry
        for entry in db.session.execute(
            db.select(RaceEntry).where(RaceEntry.event_id == event.id)
        ).scalars()
    }


@pytest.mark.parametrize("file", real_files(), ids=lambda path: path.name)
def test_every_real_file_imports_and_matches_its_own_totals(runner, app, file: Path) -> None:
    expected = file_totals(file)
    event = create_event(runner, file)
    import_file(runner, file, event)
    entries = stored(event)

    assert set(entries) == set(expected.cars), "cars"
    assert {n: e.laps for n, e in entries.items()} == {n: c.laps for n, c in expected.cars.items()}
    assert {n: len(e.results) for n, e in entries.items()} == {
        n: c.drivers for n, c in expected.cars.items()
    }
    classes: dict[str, set[str]] = {}
    for number, entry in entries.items():
        classes.setdefault(entry.class_name, set()).add(number)
    assert {frozenset(cars) for cars in classes.values()} == expected.class_partition()
    if expected.kind != "lap analysis":
        _check_classification(entries, expected)
    else:
        _check_lap_analysis(entries, expected)
        if file.name in RACES:
            _check_night(event, entries, expected, RACES[file.name])


def _check_classification(entries: dict[str, RaceEntry], expected: FileTotal) -> None:
    classified = {n for n, e in entries.items() if e.position_overall is not None}
    assert len(classified) == expected.classified
    assert {n: entries[n].position_overall for n in classified} == {
        n: c.position for n, c in expected.cars.items() if c.classified
    }
    assert {n: entries[n].position_in_class for n in classified} == expected.positions_in_class()
    if expected.kind == "classification":
        assert {n: e.car for n, e in entries.items()} == {
            n: c.vehicle for n, c in expected.cars.items()
        }


def _check_lap_analysis(entries: dict[str, RaceEntry], expected: FileTotal) -> None:
    for number, car in expected.cars.items():
        entry = entries[number]
        seats = {result.seat: result for result in entry.results}
        assert set(seats) == set(car.seats), number
        for seat, total in car.seats.items():
            result = seats[seat]
            assert (
                result.external_name,
                result.laps,
                result.drive_time_ms,
                result.best_lap_ms,
            ) == (
                total.name,
                total.laps,
                total.drive_time_ms,
                total.best_lap_ms,
            ), (number, seat)
        laps = entry.laps_detail
        assert len(laps) == car.lap_rows
        assert sum(lap.in_pit for lap in laps) == car.pit_laps
        assert sum(lap.pit_time_ms or 0 for lap in laps) == car.pit_time_ms


def _check_night(event: Event, entries, expected: FileTotal, race: tuple) -> None:
    """Night laps from sunset to sunrise at the circuit, worked out here with astral."""
    latitude, longitude, zone_name = PLACES[race[2]]
    zone = ZoneInfo(zone_name)
    day = date.fromisoformat(race[3])
    observer = Observer(latitude, longitude)
    dark = [
        (
            sunset(observer, d, tzinfo=zone).replace(tzinfo=None),
            sunrise(observer, d + timedelta(days=1), tzinfo=zone).replace(tzinfo=None),
        )
        for d in (day - timedelta(days=1), day, day + timedelta(days=1))
    ]
    day_ms = 86_400_000
    total_night = 0
    for number, car in expected.cars.items():
        night = 0
        for hour_ms, elapsed_ms in car.crossings:
            start_ms = (hour_ms - elapsed_ms) % day_ms
            moment = datetime.combine(day, datetime.min.time()) + timedelta(
                milliseconds=start_ms + elapsed_ms
            )
            night += any(evening <= moment < morning for evening, morning in dark)
        stored_night = sum(result.night_laps or 0 for result in entries[number].results)
        assert stored_night == night, number
        total_night += night
    lap_nights = db.session.execute(
        db.select(db.func.count(Lap.id))
        .join(RaceEntry)
        .where(RaceEntry.event_id == event.id, Lap.night.is_(True))
    ).scalar_one()
    assert lap_nights == total_night
    assert event.night_running is (total_night > 0)
