from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from academy.extensions import Model
from academy.models._types import utcnow


class DataVersion(Model):
    """The version of a body of data: a random token that database triggers replace on every
    write to it (migration 0013). `championship`: everything a season's standings are made of."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[str] = mapped_column(String(40))


class StoredStandings(Model):
    """A season's championship as last worked out (academy/championship/stored.py), kept while
    `made_from` (the championship data version, the season's rules file and the code that
    works it out) is still what it would be made from now."""

    __tablename__ = "stored_standings"

    season_id: Mapped[int] = mapped_column(
        ForeignKey("seasons.id", ondelete="CASCADE"), primary_key=True
    )
    made_from: Mapped[str] = mapped_column(String(200))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[datetime] = mapped_column(default=utcnow)
