from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import Categorisation, LicenceGrade
from academy.extensions import Model
from academy.models._types import enum_column, utcnow
from academy.text import search_key

if TYPE_CHECKING:
    from academy.models.users import User


class Cohort(Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    year: Mapped[int]

    drivers: Mapped[list[Driver]] = relationship(back_populates="cohort")


class Driver(Model):
    __tablename__ = "drivers"
    __table_args__ = (CheckConstraint("length(legal_name) > 0", name="legal_name_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(300))
    native_name: Mapped[str | None] = mapped_column(String(300))
    romanised_name: Mapped[str | None] = mapped_column(String(300))
    # Every name form, lower-cased and stripped of accents, for search and import matching.
    search_text: Mapped[str] = mapped_column(Text, default="")
    nationality: Mapped[str] = mapped_column(String(3))
    date_of_birth: Mapped[date | None]
    categorisation: Mapped[Categorisation | None] = mapped_column(
        enum_column(Categorisation, "categorisation")
    )
    categorisation_review_on: Mapped[date | None]
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    consent_scouting: Mapped[bool] = mapped_column(default=False)
    # When scouting consent was last given (a principal's inbox lists drivers newly open).
    consent_scouting_at: Mapped[datetime | None]
    consent_sponsor: Mapped[bool] = mapped_column(default=False)
    biography: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Bumped by database triggers whenever anything the pathway engine reads about this
    # driver changes (migration 0003); the app never writes it.
    facts_version: Mapped[int] = mapped_column(default=0, server_default="0")

    cohort: Mapped[Cohort | None] = relationship(back_populates="drivers")
    coach: Mapped[User | None] = relationship("User", foreign_keys=[coach_id])
    user: Mapped[User | None] = relationship("User", foreign_keys=[user_id])
    licences: Mapped[list[Licence]] = relationship(
        back_populates="driver", order_by="Licence.issued_on", cascade="all, delete-orphan"
    )
    medicals: Mapped[list[MedicalCertificate]] = relationship(
        back_populates="driver",
        order_by="MedicalCertificate.issued_on",
        cascade="all, delete-orphan",
    )
    photo: Mapped[DriverPhoto | None] = relationship(
        back_populates="driver", cascade="all, delete-orphan"
    )
    categorisation_records: Mapped[list[CategorisationRecord]] = relationship(
        back_populates="driver",
        order_by="CategorisationRecord.effective_on",
        cascade="all, delete-orphan",
    )

    def record_categorisation(self, category: Categorisation | None, effective_on: date) -> None:
        """The FIA category from `effective_on` on: kept as the driver's current category and
        added to the dated history (a second change on the same day replaces the first), so a
        check as of any day uses the category of that day."""
        first = not self.categorisation_records and category is not None
        if self.categorisation is not category or first:
            same_day = [r for r in self.categorisation_records if r.effective_on == effective_on]
            if same_day:
                same_day[0].category = category
            else:
                self.categorisation_records.append(
                    CategorisationRecord(category=category, effective_on=effective_on)
                )
        self.categorisation = category

    @property
    def display_name(self) -> str:
        if self.native_name and self.native_name != self.legal_name:
            return f"{self.legal_name} ({self.native_name})"
        return self.legal_name

    def refresh_search_text(self) -> None:
        self.search_text = search_key(
            " ".join(filter(None, [self.legal_name, self.native_name, self.romanised_name]))
        )

    def __repr__(self) -> str:
        return f"<Driver {self.id} {self.legal_name}>"


class CategorisationRecord(Model):
    """A driver's FIA driver categorisation with the day it took effect (DESIGN.md, second
    cut): the category on a day is the latest record in effect by then. None: not categorised."""

    __tablename__ = "categorisation_records"
    __table_args__ = (UniqueConstraint("driver_id", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id", ondelete="CASCADE"))
    category: Mapped[Categorisation | None] = mapped_column(
        enum_column(Categorisation, "record_categorisation")
    )
    effective_on: Mapped[date]
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    driver: Mapped[Driver] = relationship(back_populates="categorisation_records")


class DriverPhoto(Model):
    __tablename__ = "driver_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), unique=True)
    content_type: Mapped[str] = mapped_column(String(50))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    driver: Mapped[Driver] = relationship(back_populates="photo")


class Licence(Model):
    __tablename__ = "licences"
    __table_args__ = (
        UniqueConstraint("asn", "number"),
        CheckConstraint("expires_on >= issued_on", name="expiry_after_issue"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    grade: Mapped[LicenceGrade] = mapped_column(enum_column(LicenceGrade, "licence_grade"))
    asn: Mapped[str] = mapped_column(String(100))
    number: Mapped[str] = mapped_column(String(50))
    issued_on: Mapped[date]
    expires_on: Mapped[date]

    driver: Mapped[Driver] = relationship(back_populates="licences")


class MedicalCertificate(Model):
    __tablename__ = "medical_certificates"
    __table_args__ = (CheckConstraint("expires_on >= issued_on", name="expiry_after_issue"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    issued_on: Mapped[date]
    expires_on: Mapped[date]
    examiner: Mapped[str] = mapped_column(String(200), default="")

    driver: Mapped[Driver] = relationship(back_populates="medicals")
