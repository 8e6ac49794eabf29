from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from academy.extensions import Model
from academy.models._types import utcnow


class ShortlistEntry(Model):
    """A driver on a scout's shortlist, kept between visits. Consent is still asked on every
    page: a driver who withdraws it stays in this table but is shown to no one."""

    __tablename__ = "scouting_shortlist"
    __table_args__ = (UniqueConstraint("user_id", "driver_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
