"""What a race debrief loads: the result, its car and race, and the laps of every car of its
class in that race. Three statements, whatever the number of laps."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import joinedload

from academy.debrief.analysis import LapData
from academy.extensions import db
from academy.models import Event, Lap, RaceEntry, Result, Season


@dataclass(frozen=True)
class RaceLaps:
    car: list[LapData]  # the driver's car, in lap order
    # every car of the class: (entry id, seat, lap, lap ms, in pit, pit time ms, flag), in order
    class_rows: list[tuple[int, int, int, int, bool, int | None, str]]


# What pace and consistency are worked out from, per car: the debrief's class comparison and
# the dossiers' race pace read the same columns.
CLASS_LAP_COLUMNS = (
    Lap.entry_id,
    Lap.seat,
    Lap.lap_number,
    Lap.lap_ms,
    Lap.in_pit,
    Lap.pit_time_ms,
    Lap.flag,
)


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
    """The car's laps, and the laps of every car of its class in the race: two statements."""
    car = [
        LapData(*row)
        for row in db.session.execute(
            db.select(
                Lap.seat,
                Lap.lap_number,
                Lap.lap_ms,
                Lap.in_pit,
                Lap.pit_time_ms,
                Lap.flag,
                Lap.elapsed_ms,
                Lap.night,
            )
            .where(Lap.entry_id == entry.id)
            .order_by(Lap.lap_number)
        )
    ]
    if not car:
        return RaceLaps(car=[], class_rows=[])
    same_class = (
        RaceEntry.class_name == entry.class_name
        if entry.class_name
        else RaceEntry.race_class == entry.race_class
    )
    class_rows = [
        row.tuple()
        for row in db.session.execute(
            db.select(*CLASS_LAP_COLUMNS)
            .join(RaceEntry, RaceEntry.id == Lap.entry_id)
            .where(RaceEntry.event_id == entry.event_id, same_class)
            .order_by(Lap.entry_id, Lap.lap_number)
        )
    ]
    return RaceLaps(car=car, class_rows=class_rows)
