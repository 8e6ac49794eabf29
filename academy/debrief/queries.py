"""What a race debrief loads: the result, its car and race, and the laps of every car of its
class in that race. Three statements, whatever the number of laps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import joinedload

from academy.debrief.analysis import LapData
from academy.extensions import db
from academy.models import Event, Lap, RaceEntry, Result, Season


@dataclass(frozen=True)
class RaceLaps:
    car: list[LapData]  # the driver's car, in lap order
    class_cars: dict[int, list[LapData]]  # entry id -> laps, every car of the class


def result_of_driver(driver_id: int, result_id: int) -> Result | None:
    return db.session.execute(
        db.select(Result)
        .where(Result.id == result_id, Result.driver_id == driver_id)
        .options(
            joinedload(Result.entry)
            .joinedload(RaceEntry.event)
            .options(
                joinedload(Event.circuit),
                joinedload(Event.season).joinedload(Season.series),
            ),
            joinedload(Result.entry).selectinload(RaceEntry.results).joinedload(Result.driver),
        )
    ).scalar_one_or_none()


def race_laps(entry: RaceEntry) -> RaceLaps:
    """The laps of every car of the entry's class in its race, in one statement."""
    same_class = (
        RaceEntry.class_name == entry.class_name
        if entry.class_name
        else RaceEntry.race_class == entry.race_class
    )
    rows = db.session.execute(
        db.select(
            Lap.entry_id,
            Lap.seat,
            Lap.lap_number,
            Lap.lap_ms,
            Lap.in_pit,
            Lap.pit_time_ms,
            Lap.flag,
            Lap.elapsed_ms,
            Lap.night,
        )
        .join(RaceEntry, RaceEntry.id == Lap.entry_id)
        .where(RaceEntry.event_id == entry.event_id, same_class)
        .order_by(Lap.entry_id, Lap.lap_number)
    ).all()
    cars: dict[int, list[LapData]] = defaultdict(list)
    for row in rows:
        cars[row.entry_id].append(
            LapData(
                row.seat,
                row.lap_number,
                row.lap_ms,
                row.in_pit,
                row.pit_time_ms,
                row.flag,
                row.elapsed_ms,
                row.night,
            )
        )
    return RaceLaps(car=cars.get(entry.id, []), class_cars=dict(cars))
