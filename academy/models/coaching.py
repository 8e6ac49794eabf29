from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Protocol, TypeVar

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import PlanStatus, SessionType
from academy.extensions import Model
from academy.models._types import enum_column, utcnow

if TYPE_CHECKING:
    from academy.models.drivers import Driver
    from academy.models.racing import Circuit
    from academy.models.users import User

SCORE_MIN, SCORE_MAX = 1, 10


class Competency(Model):
    """A rubric line. Retired competencies keep their history but take no new grades."""

    __tablename__ = "competencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # What the levels mean, e.g. "1-3: ...\n4-6: ...\n7-8: ...\n9-10: ...".
    level_guide: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None]

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


class CoachingSession(Model):
    __tablename__ = "coaching_sessions"
    __table_args__ = (
        CheckConstraint("laps IS NULL OR laps >= 0", name="laps_non_negative"),
        CheckConstraint("best_lap_ms IS NULL OR best_lap_ms > 0", name="best_lap_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    held_on: Mapped[date] = mapped_column(index=True)
    session_type: Mapped[SessionType] = mapped_column(enum_column(SessionType, "session_type"))
    circuit_id: Mapped[int | None] = mapped_column(ForeignKey("circuits.id"))
    simulator_title: Mapped[str] = mapped_column(String(150), default="")
    laps: Mapped[int | None]
    best_lap_ms: Mapped[int | None]
    conditions: Mapped[str] = mapped_column(String(100), default="")
    # Driven in the dark (night test, night stint on the simulator counts only if the rule says so).
    night: Mapped[bool] = mapped_column(default=False)
    # On a simulator the ACO approved: what the Le Mans rookie simulator day asks for.
    aco_approved: Mapped[bool] = mapped_column(default=False, server_default=false())
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    driver: Mapped[Driver] = relationship("Driver")
    coach: Mapped[User] = relationship("User")
    circuit: Mapped[Circuit | None] = relationship("Circuit")
    grades: Mapped[list[Grade]] = relationship(
        back_populates="session", order_by="Grade.id", cascade="all, delete-orphan"
    )


class Grade(Model):
    """One score on one competency in one session. Never updated: a correction is a new
    revision that points at the one it supersedes."""

    __tablename__ = "grades"
    __table_args__ = (
        UniqueConstraint("session_id", "competency_id", "revision"),
        CheckConstraint(f"score BETWEEN {SCORE_MIN} AND {SCORE_MAX}", name="score_range"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("coaching_sessions.id"), index=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id"), index=True)
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("grades.id"), index=True)
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    graded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    graded_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[CoachingSession] = relationship(back_populates="grades")
    driver: Mapped[Driver] = relationship("Driver")
    competency: Mapped[Competency] = relationship("Competency")
    graded_by: Mapped[User] = relationship("User")


class StoredLatestGrade(Model):
    """A driver's current grade on a competency (the rule: coaching.queries.current_grades),
    stored. Database triggers (migration 0014) keep it in the transaction of every write to
    grades or to a session's day; nothing in the application writes it."""

    __tablename__ = "latest_grades"

    driver_id: Mapped[int] = mapped_column(
        ForeignKey("drivers.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id"), primary_key=True)
    score: Mapped[int]
    session_id: Mapped[int] = mapped_column(ForeignKey("coaching_sessions.id"))
    held_on: Mapped[date]


class _Revision(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def supersedes_id(self) -> int | None: ...


R = TypeVar("R", bound=_Revision)


def standing_grades(grades: Iterable[R]) -> list[R]:
    """The grades that stand, in their order: a corrected grade gives way to the revision that
    supersedes it. Takes anything with ``id`` and ``supersedes_id`` (models or loaded rows)."""
    grades = list(grades)
    superseded = {grade.supersedes_id for grade in grades if grade.supersedes_id is not None}
    return [grade for grade in grades if grade.id not in superseded]


planned_session_drivers = Table(
    "planned_session_drivers",
    Model.metadata,
    Column("planned_session_id", ForeignKey("planned_sessions.id"), primary_key=True),
    Column("driver_id", ForeignKey("drivers.id"), primary_key=True, index=True),
)


class PlannedSession(Model):
    """A session a coach has put on the calendar ahead of its day. It holds no grades and no
    laps: it is evidence for nothing. On or after its day the coach records it (which logs a
    `CoachingSession` per driver, the only rows the pathway reads) or cancels it."""

    __tablename__ = "planned_sessions"
    __table_args__ = (
        CheckConstraint(
            "ends_at IS NULL OR (starts_at IS NOT NULL AND ends_at > starts_at)",
            name="ends_after_start",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    planned_on: Mapped[date] = mapped_column(index=True)
    # Local time in the academy's zone; a plan without a time is a whole day.
    starts_at: Mapped[time | None]
    ends_at: Mapped[time | None]
    session_type: Mapped[SessionType] = mapped_column(enum_column(SessionType, "session_type"))
    circuit_id: Mapped[int | None] = mapped_column(ForeignKey("circuits.id"))
    simulator_title: Mapped[str] = mapped_column(String(150), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PlanStatus] = mapped_column(
        enum_column(PlanStatus, "plan_status"), default=PlanStatus.PLANNED
    )
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    coach: Mapped[User] = relationship("User")
    circuit: Mapped[Circuit | None] = relationship("Circuit")
    drivers: Mapped[list[Driver]] = relationship(
        "Driver", secondary=planned_session_drivers, order_by="Driver.legal_name"
    )

    def due(self, today: date) -> bool:
        """Still planned and its day has come: the coach records or cancels it now."""
        return self.status is PlanStatus.PLANNED and self.planned_on <= today
