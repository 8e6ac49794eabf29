from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import EndorsementPurpose
from academy.extensions import Model
from academy.models._types import enum_column, utcnow

if TYPE_CHECKING:
    from academy.models.drivers import Driver
    from academy.models.users import User


class Endorsement(Model):
    """A coach's formal endorsement of a driver for one purpose, dated and signed.

    Signed means the coach typed their own name under the text; the signature and the
    moment it was given are kept as written, and the record is never edited (a coach who
    changes their mind writes a new one: the latest for a purpose is the one that counts).
    """

    __tablename__ = "endorsements"

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[EndorsementPurpose] = mapped_column(
        enum_column(EndorsementPurpose, "endorsement_purpose")
    )
    endorsed_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    driver: Mapped[Driver] = relationship("Driver")
    coach: Mapped[User] = relationship("User")
