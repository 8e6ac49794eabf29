from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from academy.enums import RaceClass
from academy.extensions import Model
from academy.models._types import enum_column


class PathwayStanding(Model):
    """Where a driver stood on the cohort board when last worked out, kept so that a board of
    thousands is not re-evaluated on every view (academy/progress/standings.py).

    A standing serves a board only while all of these hold: it was worked out with the rule
    set in use (`rule_set_ref`), from the driver's facts as they are now (`facts_version`
    equals drivers.facts_version, which database triggers bump on every change to a fact, see
    migration 0003), and the day asked for lies within evaluated_on..valid_through (the days
    over which the statuses cannot change with time alone).
    """

    __tablename__ = "pathway_standings"

    driver_id: Mapped[int] = mapped_column(
        ForeignKey("drivers.id", ondelete="CASCADE"), primary_key=True
    )
    rule_set_ref: Mapped[str] = mapped_column(String(200))
    facts_version: Mapped[int]
    evaluated_on: Mapped[date]
    valid_through: Mapped[date]
    current_stage: Mapped[str | None] = mapped_column(String(100))
    next_stage: Mapped[str | None] = mapped_column(String(100))
    # The board's status flags that apply, comma-separated ("expiring,not_met").
    flags: Mapped[str] = mapped_column(String(100), default="")
    latest_class: Mapped[RaceClass | None] = mapped_column(
        enum_column(RaceClass, "standing_race_class")
    )
