"""Builders for races and results in tests: events (with their series, season and circuit)
and cars with their drivers."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from academy.enums import RaceClass, ResultStatus
from academy.extensions import db
from academy.models import Circuit, Driver, Event, RaceEntry, Result, Season, Series

_rounds = itertools.count(1)
HOUR_MS = 3_600_000


def make_event(
    *,
    series: str = "ALMS",
    season: str = "2025-26",
    starts_on: date = date(2025, 12, 13),
    circuit: str = "Sepang International Circuit",
    round_number: int | None = None,
    race_number: int = 1,
    hours: int = 4,
    night: bool = False,
) -> Event:
    with db.session.no_autoflush:
        return _make_event(
            series, season, starts_on, circuit, round_number, race_number, hours, night
        )


def _make_event(series, season, starts_on, circuit, round_number, race_number, hours, night):  # noqa: ANN001, ANN202
    series_row = db.session.execute(
        db.select(Series).where(Series.code == series)
    ).scalar_one_or_none() or Series(code=series, name=f"{series} series")
    season_row = None
    if series_row.id is not None:
        season_row = db.session.execute(
            db.select(Season).where(Season.series_id == series_row.id, Season.label == season)
        ).scalar_one_or_none()
    season_row = season_row or Season(series=series_row, label=season, starts_on=starts_on)
    circuit_row = db.session.execute(
        db.select(Circuit).where(Circuit.name == circuit)
    ).scalar_one_or_none() or Circuit(name=circuit, country="MYS")
    event = Event(
        season=season_row,
        circuit=circuit_row,
        name=f"{series} {season} at {circuit}",
        round_number=round_number or next(_rounds),
        race_number=race_number,
        starts_on=starts_on,
        duration_hours=Decimal(hours),
        night_running=night,
    )
    db.session.add(event)
    db.session.commit()
    return event


def make_entry(
    event: Event,
    crew: list[Driver | str],
    *,
    car_number: str = "7",
    race_class: RaceClass = RaceClass.LMP2,
    status: ResultStatus = ResultStatus.CLASSIFIED,
    position_overall: int | None = 3,
    position_in_class: int | None = 2,
    laps: int = 120,
    total_time_ms: int | None = 4 * HOUR_MS,
    points: str = "18",
    team: str = "Phoenix Endurance",
    drive_times_ms: list[int | None] | None = None,
) -> RaceEntry:
    entry = RaceEntry(
        event_id=event.id,
        car_number=car_number,
        team=team,
        car="Oreca 07 - Gibson",
        race_class=race_class,
        status=status,
        position_overall=position_overall,
        position_in_class=position_in_class,
        laps=laps,
        total_time_ms=total_time_ms,
        best_lap_ms=113_500,
        points=Decimal(points),
    )
    times = drive_times_ms or [None] * len(crew)
    for seat, (who, drive_ms) in enumerate(zip(crew, times, strict=True), start=1):
        entry.results.append(
            Result(
                driver_id=who.id if isinstance(who, Driver) else None,
                external_name=who if isinstance(who, str) else "",
                seat=seat,
                drive_time_ms=drive_ms,
                laps=laps // len(crew),
            )
        )
    db.session.add(entry)
    db.session.commit()
    return entry
