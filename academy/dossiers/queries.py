"""What the dossier pages load; each function a fixed number of statements."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from academy.dossiers.pdf.verification import normalise_code
from academy.enums import DossierKind
from academy.extensions import db
from academy.models import Dossier, Driver

MAX_INITIALS = 4


class DossierStatus(enum.Enum):
    GENUINE = "genuine"
    REVOKED = "revoked"


class RecordSince(enum.Enum):
    """Whether the driver's record (results, gradings, licences, medicals, sessions) has changed
    since a dossier was generated."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    UNKNOWN = "unknown"  # recorded before dossiers kept the driver's facts_version


@dataclass(frozen=True)
class ListedDossier:
    record: Dossier
    status: DossierStatus
    record_since: RecordSince


@dataclass(frozen=True)
class VerifyAnswer:
    """What the public verification page may say: nothing private."""

    code: str
    kind: DossierKind
    generated_at: datetime
    issued_to: str
    rule_set_key: str
    sha256: str
    initials: str
    status: DossierStatus
    revoked_at: datetime | None
    revoked_reason: str | None
    record_since: RecordSince


def status_of(record: Dossier) -> DossierStatus:
    """A dossier is genuine until it is revoked; other dossiers never change that."""
    return DossierStatus.REVOKED if record.revoked_at is not None else DossierStatus.GENUINE


def record_since(record: Dossier, facts_version_now: int) -> RecordSince:
    if record.facts_version is None:
        return RecordSince.UNKNOWN
    if facts_version_now != record.facts_version:
        return RecordSince.CHANGED
    return RecordSince.UNCHANGED


def dossiers_of(driver_id: int) -> list[ListedDossier]:
    """A driver's dossiers, newest first, each with its status (two statements)."""
    records = list(
        db.session.execute(
            select(Dossier)
            .where(Dossier.driver_id == driver_id)
            .options(joinedload(Dossier.generated_by))
            .order_by(Dossier.id.desc())
        ).scalars()
    )
    now = db.session.execute(
        select(Driver.facts_version).where(Driver.id == driver_id)
    ).scalar_one_or_none()
    return [
        ListedDossier(record, status_of(record), record_since(record, now or 0))
        for record in records
    ]


def initials(name: str) -> str:
    """'Ren Sato' -> 'R. S.': enough to match a code to the paper, too little to identify."""
    letters = [word[0].upper() for word in name.split() if word[:1].isalpha()]
    return " ".join(f"{letter}." for letter in letters[:MAX_INITIALS])


def verify_code(typed: str) -> VerifyAnswer | None:
    """The public answer for a code, or None when no dossier carries it (one statement)."""
    code = normalise_code(typed)
    if code is None:
        return None
    record = db.session.execute(
        select(Dossier).where(Dossier.verification_code == code).options(joinedload(Dossier.driver))
    ).scalar_one_or_none()
    if record is None:
        return None
    return VerifyAnswer(
        code=code,
        kind=record.kind,
        generated_at=record.generated_at,
        issued_to=record.issued_to,
        rule_set_key=record.rule_set_key,
        sha256=record.sha256,
        initials=initials(record.driver.legal_name),
        status=status_of(record),
        revoked_at=record.revoked_at,
        revoked_reason=record.revoked_reason,
        record_since=record_since(record, record.driver.facts_version),
    )
