"""What the dossier pages load; each function a fixed number of statements."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from academy.dossiers.verification import normalise_code
from academy.enums import DossierKind
from academy.extensions import db
from academy.models import Dossier, Driver

MAX_INITIALS = 4


class DossierStatus(enum.Enum):
    CURRENT = "current"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"


@dataclass(frozen=True)
class ListedDossier:
    record: Dossier
    status: DossierStatus


@dataclass(frozen=True)
class VerifyAnswer:
    """What the public verification page may say: nothing private."""

    code: str
    kind: DossierKind
    generated_at: datetime
    rule_set_key: str
    sha256: str
    initials: str
    status: DossierStatus
    revoked_at: datetime | None
    superseded_at: datetime | None


def status_of(record: Dossier, newest_id: int | None) -> DossierStatus:
    """Revoked wins; otherwise only the newest dossier of its kind for its driver is current."""
    if record.revoked_at is not None:
        return DossierStatus.REVOKED
    if newest_id is not None and record.id != newest_id:
        return DossierStatus.SUPERSEDED
    return DossierStatus.CURRENT


def dossiers_of(driver_id: int) -> list[ListedDossier]:
    """A driver's dossiers, newest first, each with its status (one statement)."""
    records = list(
        db.session.execute(
            select(Dossier)
            .where(Dossier.driver_id == driver_id)
            .options(joinedload(Dossier.generated_by))
            .order_by(Dossier.id.desc())
        ).scalars()
    )
    newest: dict[DossierKind, int] = {}
    for record in records:
        newest.setdefault(record.kind, record.id)
    return [ListedDossier(record, status_of(record, newest[record.kind])) for record in records]


def initials(name: str) -> str:
    """'Ren Sato' -> 'R. S.': enough to match a code to the paper, too little to identify."""
    letters = [word[0].upper() for word in name.split() if word[:1].isalpha()]
    return " ".join(f"{letter}." for letter in letters[:MAX_INITIALS])


def verify_code(typed: str) -> VerifyAnswer | None:
    """The public answer for a code, or None when no dossier carries it (two statements)."""
    code = normalise_code(typed)
    if code is None:
        return None
    record = db.session.execute(
        select(Dossier).where(Dossier.verification_code == code).options(joinedload(Dossier.driver))
    ).scalar_one_or_none()
    if record is None:
        return None
    newer = db.session.execute(
        select(Dossier.id, Dossier.generated_at)
        .where(
            Dossier.driver_id == record.driver_id,
            Dossier.kind == record.kind,
            Dossier.id > record.id,
        )
        .order_by(Dossier.id)
        .limit(1)
    ).first()
    status = status_of(record, newer.id if newer else None)
    return VerifyAnswer(
        code=code,
        kind=record.kind,
        generated_at=record.generated_at,
        rule_set_key=record.rule_set_key,
        sha256=record.sha256,
        initials=initials(record.driver.legal_name),
        status=status,
        revoked_at=record.revoked_at,
        superseded_at=newer.generated_at if newer else None,
    )


def driver_or_none(driver_id: int) -> Driver | None:
    return db.session.get(Driver, driver_id)
