from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import DossierKind
from academy.extensions import Model
from academy.models._types import enum_column, utcnow

if TYPE_CHECKING:
    from academy.models.drivers import Driver
    from academy.models.users import User


class Dossier(Model):
    """A record of one generated PDF; the PDF itself is not kept."""

    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DossierKind] = mapped_column(enum_column(DossierKind, "dossier_kind"))
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    rule_set_key: Mapped[str] = mapped_column(String(100))
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    verification_code: Mapped[str] = mapped_column(String(32), unique=True)
    # Whom it was issued to, in words that name a role and nothing private ("a team principal").
    issued_to: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # The driver's facts_version when it was generated: a higher one now means the record changed.
    facts_version: Mapped[int | None]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(200))

    driver: Mapped[Driver] = relationship("Driver")
    generated_by: Mapped[User | None] = relationship("User")
