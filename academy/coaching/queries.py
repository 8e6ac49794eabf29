"""What the coaching pages load. Each function runs a fixed number of statements, whatever
the size of the history (no selectinload over sessions: it chunks its IN lists, so the count
would grow with the data)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import exists, func
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from academy.clock import academy_today
from academy.coaching.analysis import CohortRow, cohort_rows, median_of_counts, medians
from academy.enums import PlanStatus, Role, SessionType
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
    PlannedSession,
    RaceEntry,
    Result,
    StoredLatestGrade,
    User,
)
from academy.models.coaching import standing_grades

T = TypeVar("T")

# Sessions whose best lap was driven on the real circuit, comparable with race laps.
REAL_CIRCUIT_TYPES = (SessionType.TRACK, SessionType.TEST_DAY)


@dataclass(frozen=True)
class LatestGrade:
    driver_id: int
    competency_id: int
    score: int
    held_on: date
    session_id: int


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


def open_plans(user: User) -> list[PlannedSession]:
    """Sessions still planned, soonest first: a coach's own, or everyone's for the director.
    Two statements (plans with coach and circuit, then their drivers)."""
    query = (
        db.select(PlannedSession)
        .where(PlannedSession.status == PlanStatus.PLANNED)
        .options(
            joinedload(PlannedSession.coach),
            joinedload(PlannedSession.circuit),
            selectinload(PlannedSession.drivers),
        )
        .order_by(PlannedSession.planned_on, PlannedSession.starts_at, PlannedSession.id)
    )
    if user.role is not Role.ADMIN:
        query = query.where(PlannedSession.coach_id == user.id)
    return list(db.session.execute(query).scalars())


def plan_for_edit(plan_id: int) -> PlannedSession | None:
    return db.session.execute(
        db.select(PlannedSession)
        .where(PlannedSession.id == plan_id)
        .options(joinedload(PlannedSession.circuit), selectinload(PlannedSession.drivers))
    ).scalar_one_or_none()


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


def standing_grade_history(
    which: ColumnElement[bool], as_of: date | None = None, *, with_grader: bool = False
) -> list[Any]:
    """The grades that stand (a corrected grade gives way to its newest revision,
    models.coaching.standing_grades) among those `which` selects, of sessions held on or
    before `as_of`, each dated by the session it judges, in no particular order: rows of
    driver_id, session_id, competency_key, competency_name, score, held_on, and with
    `with_grader` graded_by (the grader's name) and comment. One statement, plain rows."""
    query = (
        db.select(
            Grade.id,
            Grade.supersedes_id,
            Grade.driver_id,
            Grade.session_id,
            Competency.key.label("competency_key"),
            Competency.name.label("competency_name"),
            Grade.score,
            CoachingSession.held_on,
        )
        .join(Competency, Grade.competency_id == Competency.id)
        .join(CoachingSession, Grade.session_id == CoachingSession.id)
        .where(which)
    )
    if with_grader:
        query = query.add_columns(User.display_name.label("graded_by"), Grade.comment).join(
            User, Grade.graded_by_id == User.id
        )
    if as_of is not None:
        query = query.where(CoachingSession.held_on <= as_of)
    return standing_grades(db.session.connection().execute(query).all())


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


def _current_ranked(driver_ids, as_of: date):
    """Every standing grade of these drivers (no correction supersedes it, as
    models.coaching.standing_grades) ranked within its driver and competency, most recent
    session first (by the day it was held, then the session's id; the engine orders grades the
    same way), of sessions held on or before `as_of`: rank 1 is the current grade. The
    triggers of migration 0014 store rank 1 over every session in latest_grades."""
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
    return (
        db.select(
            Grade.driver_id,
            Grade.competency_id,
            Grade.score,
            CoachingSession.held_on,
            Grade.session_id,
            rank,
        )
        .join(CoachingSession, Grade.session_id == CoachingSession.id)
        .where(Grade.driver_id.in_(driver_ids), stands, CoachingSession.held_on <= as_of)
        .subquery()
    )


def _current_grades_from_history(driver_ids, as_of: date) -> list[LatestGrade]:
    ranked = _current_ranked(driver_ids, as_of)
    rows = db.session.execute(
        db.select(
            ranked.c.driver_id,
            ranked.c.competency_id,
            ranked.c.score,
            ranked.c.held_on,
            ranked.c.session_id,
        ).where(ranked.c.rank == 1)
    ).all()
    return [LatestGrade(*row) for row in rows]


def current_grades(driver_ids, as_of: date | None = None) -> list[LatestGrade]:
    """The current grade per competency, the one rule every page, PDF and check follows: the
    grade that stands in the most recent session held on or before `as_of` (default: every
    session). `driver_ids` is a select of driver ids (or a list); one statement whatever the
    history size.

    Today's grades are stored (latest_grades); a past day's are ranked from the history
    (`_current_ranked`), and so is any day before a session logged ahead of it."""
    if as_of is not None and as_of < academy_today():
        return _current_grades_from_history(driver_ids, as_of)
    rows = db.session.execute(
        db.select(
            StoredLatestGrade.driver_id,
            StoredLatestGrade.competency_id,
            StoredLatestGrade.score,
            StoredLatestGrade.held_on,
            StoredLatestGrade.session_id,
        ).where(StoredLatestGrade.driver_id.in_(driver_ids))
    ).all()
    stored = [LatestGrade(*row) for row in rows]
    if as_of is not None and any(grade.held_on > as_of for grade in stored):
        return _current_grades_from_history(driver_ids, as_of)
    return stored


def cohort_current_score_counts(cohort_id: int | None) -> dict[int, dict[int, int]]:
    """competency id -> score -> how many drivers of the cohort have it as their current grade
    (current_grades, as stored in latest_grades).

    One statement that returns at most competencies x 10 rows, whatever the cohort's size:
    the medians are worked out from these counts (analysis.median_of_counts)."""
    rows = db.session.execute(
        db.select(StoredLatestGrade.competency_id, StoredLatestGrade.score, func.count())
        .where(StoredLatestGrade.driver_id.in_(_cohort_driver_ids(cohort_id)))
        .group_by(StoredLatestGrade.competency_id, StoredLatestGrade.score)
    ).all()
    counts: dict[int, dict[int, int]] = {}
    for competency_id, score, count in rows:
        counts.setdefault(competency_id, {})[score] = count
    return counts


def _lap_bests(cohort_id: int | None) -> dict[int, int]:
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
    laps = sessions.union_all(races).subquery()
    rows = db.session.execute(
        db.select(laps.c.circuit_id, func.min(laps.c.best_lap_ms)).group_by(laps.c.circuit_id)
    ).all()
    return {circuit_id: best for circuit_id, best in rows}


@dataclass(frozen=True)
class CohortState:
    """A cohort (None: the whole academy) as its members stand now: the digest of every
    member's (id, facts_version). The triggers of migration 0003 bump a driver's
    facts_version on every change to their sessions, grades and results (and to the races
    those are in), so the same state means the same grades and laps."""

    cohort_id: int | None
    size: int
    digest: bytes


def cohort_state(cohort_id: int | None) -> CohortState:
    query = db.select(Driver.id, Driver.facts_version).order_by(Driver.id)
    if cohort_id is not None:
        query = query.where(Driver.cohort_id == cohort_id)
    members = db.session.connection().execute(query).all()  # plain rows, no ORM machinery
    digest = hashlib.blake2b(repr([tuple(row) for row in members]).encode(), digest_size=16)
    return CohortState(cohort_id, len(members), digest.digest())


# What a cohort's pages compare a driver with (medians, lap bests), kept per app and cohort
# state: every driver's page and dossier of a cohort (a ZIP of 200, a coach going through
# their drivers) would otherwise work the same figures out from every member's history.
_FIGURES_KEPT = 256


def _kept(kind: str, state: CohortState, extra: object, compute: Callable[[], T]) -> T:
    kept: dict = current_app.extensions.setdefault("academy_cohort_figures", {})
    key = (kind, state.cohort_id, state.digest, extra)
    if key not in kept:
        if len(kept) >= _FIGURES_KEPT:
            kept.pop(next(iter(kept)))
        kept[key] = compute()
    return kept[key]


def cohort_medians(state: CohortState, as_of: date | None = None) -> dict[int, float]:
    """competency id -> the median of the cohort's current grades (current_grades), today's
    from the stored counts, a past day's from the history."""

    def compute() -> dict[int, float]:
        if as_of is None:
            return median_of_counts(cohort_current_score_counts(state.cohort_id))
        return medians(current_grades(_cohort_driver_ids(state.cohort_id), as_of))

    return _kept("medians", state, as_of, compute)


def cohort_lap_bests(state: CohortState) -> dict[int, int]:
    """circuit id -> the fastest lap any driver of the cohort set there, in sessions on the
    real circuit or in races."""
    return _kept("lap_bests", state, None, lambda: _lap_bests(state.cohort_id))


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
