"""A championship season in the database: races, cars of teams with their crews, for the
season page tests and the benchmark."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from academy.enums import Categorisation, RaceClass, ResultStatus
from academy.extensions import db
from academy.models import (
    CategorisationRecord,
    Circuit,
    Driver,
    Event,
    RaceEntry,
    Result,
    Season,
    Series,
)
from academy.results.timing.teams import attach_season_entries

CLASSES = (("LMP2", RaceClass.LMP2), ("LMP3", RaceClass.LMP3), ("GT", RaceClass.GT))


def make_season(
    series: str = "ALMS", label: str = "2025-26", starts_on: date = date(2025, 12, 13)
) -> Season:
    series_row = db.session.execute(
        db.select(Series).where(Series.code == series)
    ).scalar_one_or_none()
    series_row = series_row or Series(
        code=series, name="Asian Le Mans Series" if series == "ALMS" else series
    )
    season = Season(series=series_row, label=label, starts_on=starts_on)
    db.session.add(season)
    db.session.flush()
    return season


def season_with_races(
    races: int,
    cars: int,
    *,
    academy: list[Driver] = (),
    season: Season | None = None,
    order=None,
) -> Season:
    """`races` 4-hour races of `cars` cars spread over the ALMS classes, three drivers each (a
    Bronze, a Silver, a Gold, so every crew is legal), the academy drivers in car #1. The
    finishing order of race i is `order(i, cars)` (car indexes), by default the number order
    turned by one car each race."""
    season = season or make_season()
    circuit = db.session.execute(
        db.select(Circuit).where(Circuit.name == "Sepang International Circuit")
    ).scalar_one_or_none()
    circuit = circuit or Circuit(name="Sepang International Circuit", country="MYS")
    order = order or (lambda race, count: [(car + race) % count for car in range(count)])
    for race in range(races):
        event = Event(
            season=season,
            circuit=circuit,
            name=f"Race {race + 1}",
            round_number=race // 2 + 1,
            race_number=race % 2 + 1,
            starts_on=season.starts_on + timedelta(days=7 * race),
            duration_hours=Decimal(4),
        )
        db.session.add(event)
        finishing = order(race, cars)
        per_class: dict[str, int] = {}
        entries = []
        for overall, car in enumerate(finishing, start=1):
            class_name, race_class = CLASSES[car % len(CLASSES)]
            per_class[class_name] = per_class.get(class_name, 0) + 1
            entry = RaceEntry(
                event=event,
                car_number=str(car + 1),
                team=f"Team {car + 1}",
                race_class=race_class,
                class_name=class_name,
                status=ResultStatus.CLASSIFIED,
                position_overall=overall,
                position_in_class=per_class[class_name],
                laps=100,
                points=Decimal(0),
            )
            if car == 0 and academy:
                for seat, driver in enumerate(academy, start=1):
                    entry.results.append(
                        Result(driver=driver, seat=seat, drive_time_ms=80 * 60_000)
                    )
                start = len(academy) + 1
            else:
                start = 1
            for seat in range(start, 4):
                entry.results.append(
                    Result(
                        external_name=f"Driver {car + 1}-{seat}",
                        seat=seat,
                        drive_time_ms=80 * 60_000,
                    )
                )
            entries.append(entry)
        db.session.add_all(entries)
        db.session.flush()
        attach_season_entries(entries, season.id)
    db.session.commit()
    return season


def categorise(driver: Driver, category: Categorisation | None, on: date) -> None:
    db.session.add(CategorisationRecord(driver_id=driver.id, category=category, effective_on=on))
    db.session.commit()
