"""What the calendar shows a user, as plain items: two statements (events, sessions) for any
window, whatever the number of either.

Who sees which coaching sessions: the director all of them, a coach those they ran, a driver
their own; a principal none. Events (the races of every season) are everyone's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from sqlalchemy import select

from academy.drivers.queries import driver_of_user
from academy.enums import Role, SessionType, label
from academy.extensions import db
from academy.models import Circuit, CoachingSession, Driver, Event, Season, Series, User


@dataclass(frozen=True)
class CalendarEvent:
    id: int
    name: str
    series: str
    season: str
    round_words: str
    circuit: str
    circuit_timezone: str | None
    starts_on: date
    start_time: time | None  # local at the circuit
    duration_hours: Decimal


@dataclass(frozen=True)
class CalendarSession:
    id: int
    held_on: date
    session_type: SessionType
    place: str
    driver_name: str
    driver_id: int
    coach_name: str

    @property
    def title(self) -> str:
        return f"{label(self.session_type)} session"


@dataclass(frozen=True)
class CalendarItems:
    events: list[CalendarEvent]
    sessions: list[CalendarSession]


def events_between(first: date, last: date) -> list[CalendarEvent]:
    rows = db.session.execute(
        select(Event, Series.name, Season.label, Circuit.name, Circuit.timezone)
        .join(Season, Event.season_id == Season.id)
        .join(Series, Season.series_id == Series.id)
        .join(Circuit, Event.circuit_id == Circuit.id)
        .where(Event.starts_on >= first, Event.starts_on <= last)
        .order_by(Event.starts_on, Event.start_time, Event.id)
    ).all()
    return [
        CalendarEvent(
            id=event.id,
            name=event.name,
            series=series,
            season=season,
            round_words=event.round_words,
            circuit=circuit,
            circuit_timezone=zone,
            starts_on=event.starts_on,
            start_time=event.start_time,
            duration_hours=event.duration_hours,
        )
        for event, series, season, circuit, zone in rows
    ]


def sessions_between(viewer: User, first: date, last: date) -> list[CalendarSession]:
    """The coaching sessions the viewer may see in the window (none for a principal)."""
    coach = User.__table__.alias("coach")
    query = (
        select(
            CoachingSession.id,
            CoachingSession.held_on,
            CoachingSession.session_type,
            Circuit.name,
            CoachingSession.simulator_title,
            Driver.legal_name,
            Driver.id,
            coach.c.display_name,
        )
        .join(Driver, CoachingSession.driver_id == Driver.id)
        .join(coach, CoachingSession.coach_id == coach.c.id)
        .outerjoin(Circuit, CoachingSession.circuit_id == Circuit.id)
        .where(CoachingSession.held_on >= first, CoachingSession.held_on <= last)
        .order_by(CoachingSession.held_on, CoachingSession.id)
    )
    if viewer.role is Role.ADMIN:
        pass
    elif viewer.role is Role.COACH:
        query = query.where(CoachingSession.coach_id == viewer.id)
    elif viewer.role is Role.DRIVER:
        own = driver_of_user(viewer)
        if own is None:
            return []
        query = query.where(CoachingSession.driver_id == own.id)
    else:
        return []
    return [
        CalendarSession(
            id=session_id,
            held_on=held_on,
            session_type=session_type,
            place=_place(session_type, circuit, simulator),
            driver_name=driver_name,
            driver_id=driver_id,
            coach_name=coach_name,
        )
        for session_id, held_on, session_type, circuit, simulator, driver_name, driver_id, coach_name in db.session.execute(
            query
        ).all()
    ]


def _place(session_type: SessionType, circuit: str | None, simulator: str | None) -> str:
    if session_type is SessionType.SIMULATOR:
        return f"Simulator: {simulator}" if simulator else "Simulator"
    return circuit or ""


def items_between(viewer: User, first: date, last: date) -> CalendarItems:
    return CalendarItems(events_between(first, last), sessions_between(viewer, first, last))
