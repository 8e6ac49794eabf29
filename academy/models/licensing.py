from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import ApplicationStatus, LicenceGrade
from academy.extensions import Model
from academy.models._types import enum_column, utcnow

if TYPE_CHECKING:
    from academy.models.drivers import Driver, Licence
    from academy.models.users import User


class LicenceApplication(Model):
    __tablename__ = "licence_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    target_grade: Mapped[LicenceGrade] = mapped_column(enum_column(LicenceGrade, "licence_grade"))
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus, "application_status"), default=ApplicationStatus.DRAFT
    )
    asn: Mapped[str] = mapped_column(String(100), default="")
    rule_set_key: Mapped[str] = mapped_column(String(100))
    override_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    granted_licence_id: Mapped[int | None] = mapped_column(ForeignKey("licences.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    driver: Mapped[Driver] = relationship("Driver")
    created_by: Mapped[User] = relationship("User")
    granted_licence: Mapped[Licence | None] = relationship("Licence")
    transitions: Mapped[list[ApplicationTransition]] = relationship(
        back_populates="application", order_by="ApplicationTransition.id"
    )


class ApplicationTransition(Model):
    __tablename__ = "application_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("licence_applications.id"), index=True)
    from_status: Mapped[ApplicationStatus | None] = mapped_column(
        enum_column(ApplicationStatus, "from_status")
    )
    to_status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus, "to_status")
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    overridden: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[LicenceApplication] = relationship(back_populates="transitions")
    actor: Mapped[User] = relationship("User")
