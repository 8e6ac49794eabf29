"""What the coaching pages load. Each function runs a fixed number of statements, whatever
the size of the history (no selectinload over sessions: it chunks its IN lists, so the count
would grow with the data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func
from sqlalchemy.orm import aliased, joinedload

from academy.coaching.analysis import CohortRow, cohort_rows
from academy.enums import Role, SessionType
from academy.extensions import db
from academy.models import (
    AuditEvent,
    Circuit,
    CoachingSession,
    Cohort,
    Competency,
    Driver,
    Event,
    Grade,
    RaceEntry,
    Result,
    User,
)

# Sessions whose best lap was driven on the real circuit, comparable with race laps.
REAL_CIRCUIT_TYPES = (SessionType.TRACK, SessionType.TEST_DAY)


@dataclass(frozen=True)
class LatestGrade:
    driver_id: int
    competency_id: int
    score: int
    held_on: date


@dataclass(frozen=True)
class RaceLap:
    on: date
    circuit_id: int
    circuit_name: str
    best_lap_ms: int
    race: str


@dataclass(frozen=True)
class SessionSummary:
    count: int
    last_held_on: date | None


@dataclass(frozen=True)
class LastChange:
    by: str
    at: datetime  # naive UTC


def competencies() -> list[Competency]:
    """The whole rubric, retired lines included (their history still shows)."""
    return list(
        db.session.execute(
            db.select(Competency).order_by(Competency.position, Competency.id)
        ).scalars()
    )


def circuits() -> list[Circuit]:
    return list(
        db.session.execute(
            db.select(Circuit).order_by(func.lower(Circuit.name), Circuit.id)
        ).scalars()
    )


def cohorts() -> list[Cohort]:
    return list(db.session.execute(db.select(Cohort).order_by(Cohort.year, Cohort.name)).scalars())


def driver_with_cohort(driver_id: int) -> Driver | None:
    return db.session.execute(
        db.select(Driver)
        .where(Driver.id == driver_id)
        .options(joinedload(Driver.cohort), joinedload(Driver.coach))
    ).scalar_one_or_none()


def drivers_loggable_by(user: User) -> list[Driver]:
    """The drivers a user may log sessions for: a coach's own, or everyone for the director."""
    query = db.select(Driver).order_by(Driver.legal_name)
    if user.role is not Role.ADMIN:
        query = query.where(Driver.coach_id == user.id)
    return list(db.session.execute(query).scalars())


def drivers_by_id(driver_ids: list[int]) -> dict[int, Driver]:
    if not driver_ids:
        return {}
    rows = db.session.execute(db.select(Driver).where(Driver.id.in_(driver_ids))).scalars()
    return {driver.id: driver for driver in rows}


def sessions_of(driver_id: int) -> list[CoachingSession]:
    """A driver's sessions, newest first, with circuit and coach in the same statement."""
    return list(
        db.session.execute(
            db.select(CoachingSession)
            .where(CoachingSession.driver_id == driver_id)
            .options(joinedload(CoachingSession.circuit), joinedload(CoachingSession.coach))
            .order_by(CoachingSession.held_on.desc(), CoachingSession.id.desc())
        ).scalars()
    )


def grades_of_driver(driver_id: int) -> list[Grade]:
    """Every grade revision of a driver, with who graded it, in one statement."""
    return list(
        db.session.execute(
            db.select(Grade)
            .where(Grade.driver_id == driver_id)
            .options(joinedload(Grade.graded_by))
            .order_by(Grade.session_id, Grade.competency_id, Grade.revision)
        ).scalars()
    )


def session_for_edit(session_id: int) -> CoachingSession | None:
    return db.session.execute(
        db.select(CoachingSession)
        .where(CoachingSession.id == session_id)
        .options(
            joinedload(CoachingSession.driver),
            joinedload(CoachingSession.circuit),
            joinedload(CoachingSession.coach),
        )
    ).scalar_one_or_none()


def grades_of_session(session_id: int) -> list[Grade]:
    return list(
        db.session.execute(
            db.select(Grade)
            .where(Grade.session_id == session_id)
            .options(joinedload(Grade.graded_by))
            .order_by(Grade.competency_id, Grade.revision)
        ).scalars()
    )


def last_change(session: CoachingSession) -> LastChange | None:
    """Who last logged or corrected a session, from the audit log."""
    row = db.session.execute(
        db.select(AuditEvent)
        .where(AuditEvent.entity_type == CoachingSession.__tablename__)
        .where(AuditEvent.entity_id == session.id)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        return None
    return LastChange(by=row.actor.display_name if row.actor else "someone", at=row.at)


def race_laps_of(driver_id: int) -> list[RaceLap]:
    """The driver's best lap in each race, with the race's circuit."""
    rows = db.session.execute(
        db.select(Event.starts_on, Circuit.id, Circuit.name, Result.best_lap_ms, Event.name)
        .select_from(Result)
        .join(RaceEntry, Result.entry_id == RaceEntry.id)
        .join(Event, RaceEntry.event_id == Event.id)
        .join(Circuit, Event.circuit_id == Circuit.id)
        .where(Result.driver_id == driver_id, Result.best_lap_ms.is_not(None))
        .order_by(Event.starts_on)
    ).all()
    return [RaceLap(on, circuit_id, name, best, race) for on, circuit_id, name, best, race in rows]


def _cohort_driver_ids(cohort_id: int | None):
    """Drivers compared with one another: the cohort, or the whole academy without one."""
    query = db.select(Driver.id)
    if cohort_id is not None:
        query = query.where(Driver.cohort_id == cohort_id)
    return query


def _current_ranked(driver_ids, as_of: date | None = None):
    """Every standing grade of these drivers (no correction supersedes it, as
    models.coaching.standing_grades) ranked within its driver and competency, most recent
    session first (by the day it was held, then the session's id; the engine orders grades the
    same way), of sessions held on or before `as_of` (default: every session): rank 1 is the
    current grade."""
    superseding = aliased(Grade)
    stands = ~exists().where(superseding.supersedes_id == Grade.id)
    rank = (
        func.row_number()
        .over(
            partition_by=(Grade.driver_id, Grade.competency_id),
            order_by=(CoachingSession.held_on.desc(), CoachingSession.id.desc()),
        )
        .label("rank")
    )
    held = [CoachingSession.held_on <= as_of] if as_of is not None else []
    return (
        db.select(Grade.driver_id, Grade.competency_id, Grade.score, CoachingSession.held_on, rank)
        .join(CoachingSession, Grade.session_id == CoachingSession.id)
        .where(Grade.driver_id.in_(driver_ids), stands, *held)
        .subquery()
    )


def current_grades(driver_ids, as_of: date | None = None) -> list[LatestGrade]:
    """The current grade per competency, the one rule every page, PDF and check follows
    (`_current_ranked`). `driver_ids` is a select of driver ids (or a list); one statement
    whatever the history size."""
    ranked = _current_ranked(driver_ids, as_of)
    rows = db.session.execute(
        db.select(
            ranked.c.driver_id, ranked.c.competency_id, ranked.c.score, ranked.c.held_on
        ).where(ranked.c.rank == 1)
    ).all()
    return [LatestGrade(*row) for row in rows]


def cohort_current_grades(cohort_id: int | None) -> list[LatestGrade]:
    return current_grades(_cohort_driver_ids(cohort_id))


def cohort_current_score_counts(cohort_id: int | None) -> dict[int, dict[int, int]]:
    """competency id -> score -> how many drivers of the cohort have it as their current grade.

    One statement that returns at most competencies x 10 rows, whatever the cohort's size:
    the medians are worked out from these counts (analysis.median_of_counts)."""
    ranked = _current_ranked(_cohort_driver_ids(cohort_id))
    rows = db.session.execute(
        db.select(ranked.c.competency_id, ranked.c.score, func.count())
        .where(ranked.c.rank == 1)
        .group_by(ranked.c.competency_id, ranked.c.score)
    ).all()
    counts: dict[int, dict[int, int]] = {}
    for competency_id, score, count in rows:
        counts.setdefault(competency_id, {})[score] = count
    return counts


def cohort_lap_bests(cohort_id: int | None, circuit_ids: set[int] | None = None) -> dict[int, int]:
    """The fastest lap any driver of the cohort set at each circuit, in sessions or races
    (only at `circuit_ids` when given: the circuits a page shows)."""
    if circuit_ids is not None and not circuit_ids:
        return {}
    driver_ids = _cohort_driver_ids(cohort_id)
    sessions = (
        db.select(
            CoachingSession.circuit_id.label("circuit_id"),
            CoachingSession.best_lap_ms.label("best_lap_ms"),
        )
        .where(CoachingSession.driver_id.in_(driver_ids))
        .where(CoachingSession.session_type.in_(REAL_CIRCUIT_TYPES))
        .where(CoachingSession.circuit_id.is_not(None), CoachingSession.best_lap_ms.is_not(None))
    )
    races = (
        db.select(Event.circuit_id.label("circuit_id"), Result.best_lap_ms.label("best_lap_ms"))
        .select_from(Result)
        .join(RaceEntry, Result.entry_id == RaceEntry.id)
        .join(Event, RaceEntry.event_id == Event.id)
        .where(Result.driver_id.in_(driver_ids), Result.best_lap_ms.is_not(None))
    )
    if circuit_ids is not None:
        sessions = sessions.where(CoachingSession.circuit_id.in_(circuit_ids))
        races = races.where(Event.circuit_id.in_(circuit_ids))
    laps = sessions.union_all(races).subquery()
    rows = db.session.execute(
        db.select(laps.c.circuit_id, func.min(laps.c.best_lap_ms)).group_by(laps.c.circuit_id)
    ).all()
    return {circuit_id: best for circuit_id, best in rows}


def cohort_drivers(user: User, cohort_id: int | None) -> list[Driver]:
    """The drivers on the cohort board: a coach's own, or all for the director."""
    query = db.select(Driver).options(joinedload(Driver.cohort)).order_by(Driver.legal_name)
    if user.role is not Role.ADMIN:
        query = query.where(Driver.coach_id == user.id)
    if cohort_id is not None:
        query = query.where(Driver.cohort_id == cohort_id)
    return list(db.session.execute(query).scalars())


def session_summaries(driver_ids: list[int]) -> dict[int, SessionSummary]:
    if not driver_ids:
        return {}
    rows = db.session.execute(
        db.select(
            CoachingSession.driver_id,
            func.count(CoachingSession.id),
            func.max(CoachingSession.held_on),
        )
        .where(CoachingSession.driver_id.in_(driver_ids))
        .group_by(CoachingSession.driver_id)
    ).all()
    return {driver_id: SessionSummary(count, last) for driver_id, count, last in rows}


def cohort_table(user: User, cohort_id: int | None) -> tuple[list[Competency], list[CohortRow]]:
    """The cohort grades page and its CSV: the rubric's lines in use, and a row for each driver
    on the board (`cohort_drivers`) with their latest grade per line and their sessions."""
    in_use = [competency for competency in competencies() if not competency.retired]
    drivers = cohort_drivers(user, cohort_id)
    driver_ids = [driver.id for driver in drivers]
    rows = cohort_rows(
        drivers,
        current_grades(driver_ids),
        session_summaries(driver_ids),
        {competency.id for competency in in_use},
    )
    return in_use, rows


def grade_counts() -> dict[int, int]:
    """How many grade rows each competency holds (the rubric page shows that history is kept)."""
    rows = db.session.execute(
        db.select(Grade.competency_id, func.count(Grade.id)).group_by(Grade.competency_id)
    ).all()
    return dict(rows)


def competency_key_taken(key: str) -> bool:
    return (
        db.session.execute(db.select(Competency.id).where(Competency.key == key)).first()
        is not None
    )


def next_position() -> int:
    return (db.session.execute(db.select(func.max(Competency.position))).scalar() or 0) + 1
