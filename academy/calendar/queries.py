"""What the calendar shows a user, as plain items: three statements (events, held sessions,
planned sessions) for any window, whatever the number of each.

Who sees which coaching sessions: the director all of them, a coach those they ran (or plan),
a driver their own; a principal none. Events (the races of every season) are everyone's.
A planned session shows while it is still planned: once recorded its held sessions stand for
it, and a cancelled one leaves the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select

from academy.drivers.queries import driver_of_user
from academy.enums import PlanStatus, Role, SessionType, label
from academy.extensions import db
from academy.models import (
    Circuit,
    CoachingSession,
    Driver,
    Event,
    PlannedSession,
    Season,
    Series,
    User,
)
from academy.models.coaching import planned_session_drivers


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
class CalendarPlan:
    """A coaching session planned ahead, for one or several drivers."""

    id: int
    planned_on: date
    starts_at: time | None  # local in the academy's zone
    ends_at: time | None
    session_type: SessionType
    place: str
    driver_names: tuple[str, ...]
    coach_name: str
    notes: str

    @property
    def title(self) -> str:
        return f"{label(self.session_type)} session"


@dataclass(frozen=True)
class CalendarItems:
    events: list[CalendarEvent]
    sessions: list[CalendarSession]
    plans: list[CalendarPlan]


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
    seen = _seen_by(viewer, query, CoachingSession.coach_id, CoachingSession.driver_id)
    if seen is None:
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
            seen
        ).all()
    ]


def _seen_by(viewer: User, query: Select, coach_id: Any, driver_id: Any) -> Select | None:
    """The coaching a viewer may see: the director all of it, a coach their own, a driver
    theirs; None for anyone else (a principal sees no coaching)."""
    if viewer.role is Role.ADMIN:
        return query
    if viewer.role is Role.COACH:
        return query.where(coach_id == viewer.id)
    if viewer.role is Role.DRIVER:
        own = driver_of_user(viewer)
        return None if own is None else query.where(driver_id == own.id)
    return None


def _place(session_type: SessionType, circuit: str | None, simulator: str | None) -> str:
    if session_type is SessionType.SIMULATOR:
        return f"Simulator: {simulator}" if simulator else "Simulator"
    return circuit or ""


def plans_between(viewer: User, first: date, last: date) -> list[CalendarPlan]:
    """The sessions still planned in the window that the viewer may see, in one statement
    (a row per plan and driver, gathered here)."""
    coach = User.__table__.alias("coach")
    query = (
        select(
            PlannedSession.id,
            PlannedSession.planned_on,
            PlannedSession.starts_at,
            PlannedSession.ends_at,
            PlannedSession.session_type,
            Circuit.name,
            PlannedSession.simulator_title,
            PlannedSession.notes,
            coach.c.display_name,
            Driver.legal_name,
        )
        .join(
            planned_session_drivers,
            planned_session_drivers.c.planned_session_id == PlannedSession.id,
        )
        .join(Driver, planned_session_drivers.c.driver_id == Driver.id)
        .join(coach, PlannedSession.coach_id == coach.c.id)
        .outerjoin(Circuit, PlannedSession.circuit_id == Circuit.id)
        .where(
            PlannedSession.status == PlanStatus.PLANNED,
            PlannedSession.planned_on >= first,
            PlannedSession.planned_on <= last,
        )
        .order_by(
            PlannedSession.planned_on,
            PlannedSession.starts_at,
            PlannedSession.id,
            Driver.legal_name,
        )
    )
    seen = _seen_by(viewer, query, PlannedSession.coach_id, Driver.id)
    if seen is None:
        return []
    plans: dict[int, CalendarPlan] = {}
    for row in db.session.execute(seen).all():
        plan_id, on, starts, ends, kind, circuit, simulator, notes, coach_name, driver_name = row
        if plan_id in plans:
            known = plans[plan_id]
            plans[plan_id] = replace(known, driver_names=(*known.driver_names, driver_name))
            continue
        plans[plan_id] = CalendarPlan(
            id=plan_id,
            planned_on=on,
            starts_at=starts,
            ends_at=ends,
            session_type=kind,
            place=_place(kind, circuit, simulator),
            driver_names=(driver_name,),
            coach_name=coach_name,
            notes=notes,
        )
    return list(plans.values())


def items_between(viewer: User, first: date, last: date) -> CalendarItems:
    return CalendarItems(
        events_between(first, last),
        sessions_between(viewer, first, last),
        plans_between(viewer, first, last),
    )
