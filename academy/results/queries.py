"""What the event and import pages load: each function a fixed number of statements."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from academy.enums import ResultStatus
from academy.extensions import db
from academy.formatting import format_date
from academy.models import (
    Circuit,
    Event,
    ImportBatch,
    RaceEntry,
    Result,
    Season,
    Series,
    Team,
    User,
)


def event_with_season(event_id: int) -> Event | None:
    return db.session.execute(
        db.select(Event)
        .where(Event.id == event_id)
        .options(joinedload(Event.season).joinedload(Season.series), joinedload(Event.circuit))
    ).scalar_one_or_none()


def events_listing() -> list[tuple[Event, int, int]]:
    """Every event, newest first, with its number of cars and of imported files."""
    cars = (
        db.select(func.count(RaceEntry.id))
        .where(RaceEntry.event_id == Event.id)
        .correlate(Event)
        .scalar_subquery()
    )
    files = (
        db.select(func.count(ImportBatch.id))
        .where(ImportBatch.event_id == Event.id)
        .correlate(Event)
        .scalar_subquery()
    )
    rows = db.session.execute(
        db.select(Event, cars, files)
        .options(joinedload(Event.season).joinedload(Season.series), joinedload(Event.circuit))
        .order_by(Event.starts_on.desc(), Event.id.desc())
    ).all()
    return [(event, car_count, file_count) for event, car_count, file_count in rows]


def event_entries(event_id: int) -> list[RaceEntry]:
    """The event's cars in finishing order (classified by position, then the others by laps)."""
    entries = db.session.execute(
        db.select(RaceEntry)
        .where(RaceEntry.event_id == event_id)
        .options(selectinload(RaceEntry.results).joinedload(Result.driver))
    ).scalars()
    return sorted(
        entries,
        key=lambda entry: (
            entry.status is not ResultStatus.CLASSIFIED or entry.position_overall is None,
            entry.position_overall or 0,
            -entry.laps,
            entry.car_number,
        ),
    )


def event_batches(event_id: int) -> list[tuple[ImportBatch, str | None]]:
    """The files imported into the event, newest first, with who imported them."""
    rows = db.session.execute(
        db.select(ImportBatch, User.display_name)
        .outerjoin(User, User.id == ImportBatch.imported_by_id)
        .where(ImportBatch.event_id == event_id)
        .order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())
    ).all()
    return [(batch, name) for batch, name in rows]


def all_series() -> list[Series]:
    return list(db.session.execute(db.select(Series).order_by(Series.code)).scalars())


def all_circuits() -> list[Circuit]:
    return list(
        db.session.execute(
            db.select(Circuit).order_by(func.lower(Circuit.name), Circuit.id)
        ).scalars()
    )


def all_teams() -> list[Team]:
    return list(db.session.execute(db.select(Team).order_by(Team.name)).scalars())


def result_of_driver(driver_id: int, result_id: int) -> Result | None:
    """The driver's result with its car, its crew and its event (circuit, season, series), or
    None (also when it is another driver's): the result form and the race debrief."""
    return (
        db.session.execute(
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
        )
        .unique()
        .scalar_one_or_none()
    )


def events_for_choice() -> list[Event]:
    return list(
        db.session.execute(
            db.select(Event)
            .options(
                joinedload(Event.season).joinedload(Season.series),
                joinedload(Event.circuit),
            )
            .order_by(Event.starts_on.desc(), Event.id.desc())
        ).scalars()
    )


def event_label(event: Event) -> str:
    return (
        f"{event.season.series.code} {event.season.label} · {event.round_words} · "
        f"{event.circuit.name} · {format_date(event.starts_on)}"
    )
