"""Coaching writes: log sessions with their grades, correct a session (grades are history: a
correction adds a revision), and keep the rubric. Each function adds its rows and audit events
to the session and flushes; the view commits once (as in licensing.service and
rules_admin.service)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from academy import audit
from academy.clock import utcnow
from academy.coaching import queries
from academy.enums import PlanStatus, SessionType
from academy.extensions import db
from academy.models import CoachingSession, Competency, Driver, Grade, PlannedSession, User
from academy.text import search_key

SESSION_FIELDS = [
    "driver_id",
    "coach_id",
    "held_on",
    "session_type",
    "circuit_id",
    "simulator_title",
    "laps",
    "best_lap_ms",
    "conditions",
    "night",
    "aco_approved",
    "notes",
    "version",
]
GRADE_FIELDS = [
    "session_id",
    "driver_id",
    "competency_id",
    "score",
    "comment",
    "revision",
    "supersedes_id",
    "correction_reason",
    "graded_by_id",
]
COMPETENCY_FIELDS = ["key", "name", "description", "level_guide", "position", "retired_at"]

Scores = dict[int, tuple[int | None, str]]  # competency id -> (score or None, comment)


@dataclass(frozen=True)
class SessionDetails:
    """What a coach says about a session, read from the form and cleaned."""

    held_on: date
    session_type: SessionType
    circuit_id: int | None
    simulator_title: str
    laps: int | None
    best_lap_ms: int | None
    conditions: str
    night: bool
    aco_approved: bool
    notes: str


@dataclass(frozen=True)
class CompetencyDetails:
    name: str
    description: str
    level_guide: str
    position: int


def _apply(session: CoachingSession, details: SessionDetails) -> None:
    session.held_on = details.held_on
    session.session_type = details.session_type
    session.circuit_id = details.circuit_id
    session.simulator_title = details.simulator_title
    session.laps = details.laps
    session.best_lap_ms = details.best_lap_ms
    session.conditions = details.conditions
    session.night = details.night
    session.aco_approved = details.aco_approved
    session.notes = details.notes


def grades_summary(grades: list[Grade]) -> list[dict[str, Any]]:
    return [
        {
            "competency_id": g.competency_id,
            "score": g.score,
            "comment": g.comment,
            "revision": g.revision,
        }
        for g in grades
    ]


def log_sessions(
    drivers: list[Driver], details: SessionDetails, scores: Scores, coach: User
) -> list[CoachingSession]:
    """One session per driver, same details and grades, each audited."""
    logged = []
    for driver in drivers:
        session = CoachingSession(driver_id=driver.id, coach_id=coach.id)
        _apply(session, details)
        session.driver = driver
        for competency_id, (score, comment) in scores.items():
            if score is not None:
                session.grades.append(
                    Grade(
                        driver_id=driver.id,
                        competency_id=competency_id,
                        score=score,
                        comment=comment,
                        revision=1,
                        graded_by_id=coach.id,
                    )
                )
        db.session.add(session)
        db.session.flush()
        audit.record(
            "coaching_session_logged",
            session,
            after={
                **audit.snapshot(session, SESSION_FIELDS),
                "grades": grades_summary(session.grades),
            },
        )
        logged.append(session)
    return logged


def correct_session(
    session: CoachingSession,
    details: SessionDetails,
    corrections: list[tuple[Grade, int, str]],
    additions: list[tuple[int, int, str]],
    reason: str,
    editor: User,
) -> bool:
    """Apply a correction; False when it changes nothing (then nothing is written).

    Corrections are (grade corrected, new score, new comment), additions (competency, score,
    comment). Raises StaleDataError or IntegrityError at the flush when another save went in
    between the read and this write."""
    fields_before = audit.snapshot(session, SESSION_FIELDS)
    _apply(session, details)
    if audit.snapshot(session, SESSION_FIELDS) == fields_before and not (corrections or additions):
        return False
    # Touching the row bumps its version even when only grades change, so a second editor
    # holding the old version is refused (the UPDATE checks the version it read).
    session.updated_at = utcnow()
    new_grades = []
    for old, score, comment in corrections:
        grade = Grade(
            session_id=session.id,
            driver_id=session.driver_id,
            competency_id=old.competency_id,
            score=score,
            comment=comment,
            revision=old.revision + 1,
            supersedes_id=old.id,
            correction_reason=reason,
            graded_by_id=editor.id,
        )
        db.session.add(grade)
        new_grades.append(grade)
        audit.record(
            "grade_corrected",
            grade,
            before=audit.snapshot(old, GRADE_FIELDS),
            after=audit.snapshot(grade, GRADE_FIELDS),
        )
    for competency_id, score, comment in additions:
        grade = Grade(
            session_id=session.id,
            driver_id=session.driver_id,
            competency_id=competency_id,
            score=score,
            comment=comment,
            revision=1,
            correction_reason=reason,
            graded_by_id=editor.id,
        )
        db.session.add(grade)
        new_grades.append(grade)
        audit.record("grade_added", grade, after=audit.snapshot(grade, GRADE_FIELDS))
    audit.record(
        "coaching_session_corrected",
        session,
        before=fields_before,
        after={
            **audit.snapshot(session, SESSION_FIELDS),
            "new_grades": grades_summary(new_grades),
            "reason": reason,
        },
    )
    db.session.flush()
    return True


def _new_key(name: str) -> str:
    base = "_".join(search_key(name).split())[:40] or "competency"
    key, number = base, 2
    while queries.competency_key_taken(key):
        key, number = f"{base}_{number}", number + 1
    return key


def add_competency(details: CompetencyDetails) -> Competency:
    competency = Competency(key=_new_key(details.name))
    _apply_competency(competency, details)
    db.session.add(competency)
    audit.record(
        "competency_added", competency, after=audit.snapshot(competency, COMPETENCY_FIELDS)
    )
    db.session.flush()
    return competency


def _apply_competency(competency: Competency, details: CompetencyDetails) -> None:
    competency.name = details.name
    competency.description = details.description
    competency.level_guide = details.level_guide
    competency.position = details.position


def edit_competency(competency: Competency, details: CompetencyDetails) -> None:
    before = audit.snapshot(competency, COMPETENCY_FIELDS)
    _apply_competency(competency, details)
    audit.record(
        "competency_edited",
        competency,
        before=before,
        after=audit.snapshot(competency, COMPETENCY_FIELDS),
    )
    db.session.flush()


def set_retired(competency: Competency, retire: bool) -> bool:
    """Retire (or bring back) a competency; False when it already was."""
    if competency.retired == retire:
        return False
    before = audit.snapshot(competency, COMPETENCY_FIELDS)
    competency.retired_at = utcnow() if retire else None
    audit.record(
        "competency_retired" if retire else "competency_restored",
        competency,
        before=before,
        after=audit.snapshot(competency, COMPETENCY_FIELDS),
    )
    db.session.flush()
    return True


def delete_session(session: CoachingSession, reason: str) -> None:
    """Remove a wrongly logged session and its grades. The audit log keeps everything it held
    (every grade revision too) and the reason, so nothing is lost for good."""
    grades = list(
        db.session.execute(
            db.select(Grade).where(Grade.session_id == session.id).order_by(Grade.id)
        ).scalars()
    )
    audit.record(
        "coaching_session_deleted",
        session,
        before={
            **audit.snapshot(session, SESSION_FIELDS),
            "grades": [audit.snapshot(grade, GRADE_FIELDS) for grade in grades],
        },
        after={"reason": reason},
    )
    # One statement for the grades: a correction points at the revision it supersedes, so
    # deleting them row by row could trip that key on PostgreSQL.
    db.session.execute(
        db.delete(Grade).where(Grade.session_id == session.id),
        execution_options={"synchronize_session": False},
    )
    for grade in grades:
        db.session.expunge(grade)
    db.session.delete(session)
    db.session.flush()


# Sessions planned ahead ------------------------------------------------------------------

PLAN_FIELDS = [
    "coach_id",
    "planned_on",
    "starts_at",
    "ends_at",
    "session_type",
    "circuit_id",
    "simulator_title",
    "notes",
    "status",
    "cancel_reason",
]


@dataclass(frozen=True)
class PlanDetails:
    planned_on: date
    starts_at: time | None
    ends_at: time | None
    session_type: SessionType
    circuit_id: int | None
    simulator_title: str
    notes: str


def _plan_snapshot(plan: PlannedSession) -> dict[str, Any]:
    return {
        **audit.snapshot(plan, PLAN_FIELDS),
        "driver_ids": [driver.id for driver in plan.drivers],
    }


def plan_session(drivers: list[Driver], details: PlanDetails, coach: User) -> PlannedSession:
    """Put a session on the calendar ahead of its day, for one or several drivers."""
    plan = PlannedSession(
        coach_id=coach.id,
        planned_on=details.planned_on,
        starts_at=details.starts_at,
        ends_at=details.ends_at,
        session_type=details.session_type,
        circuit_id=details.circuit_id,
        simulator_title=details.simulator_title,
        notes=details.notes,
        status=PlanStatus.PLANNED,
        cancel_reason="",
    )
    plan.drivers = list(drivers)
    db.session.add(plan)
    db.session.flush()
    audit.record("session_planned", plan, after=_plan_snapshot(plan))
    return plan


def record_plan(plan: PlannedSession, logged: list[CoachingSession]) -> None:
    """The plan was held: its coaching sessions (logged with their grades) stand for it."""
    before = _plan_snapshot(plan)
    plan.status = PlanStatus.HELD
    plan.closed_at = utcnow()
    audit.record(
        "planned_session_held",
        plan,
        before=before,
        after={**_plan_snapshot(plan), "session_ids": [session.id for session in logged]},
    )
    db.session.flush()


def cancel_plan(plan: PlannedSession, reason: str) -> None:
    before = _plan_snapshot(plan)
    plan.status = PlanStatus.CANCELLED
    plan.cancel_reason = reason
    plan.closed_at = utcnow()
    audit.record("planned_session_cancelled", plan, before=before, after=_plan_snapshot(plan))
    db.session.flush()
