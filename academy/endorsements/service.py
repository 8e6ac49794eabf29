"""Write an endorsement, and say where each one went. Writes flush; the request commits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from academy import audit
from academy.enums import DossierKind, EndorsementPurpose
from academy.extensions import db
from academy.models import Dossier, Driver, Endorsement, User

FIELDS = ["driver_id", "coach_id", "purpose", "endorsed_on", "text", "signature", "signed_at"]

# Which dossier prints an endorsement of each purpose; the others are kept on record only.
PRINTED_IN: dict[EndorsementPurpose, DossierKind] = {
    EndorsementPurpose.LE_MANS_INVITATION: DossierKind.INVITATION,
}


def write_endorsement(
    driver: Driver,
    coach: User,
    *,
    purpose: EndorsementPurpose,
    endorsed_on: date,
    text: str,
    signature: str,
) -> Endorsement:
    endorsement = Endorsement(
        driver_id=driver.id,
        coach_id=coach.id,
        purpose=purpose,
        endorsed_on=endorsed_on,
        text=text.strip(),
        signature=signature.strip(),
    )
    db.session.add(endorsement)
    db.session.flush()
    audit.record("endorsement_signed", endorsement, after=audit.snapshot(endorsement, FIELDS))
    return endorsement


def latest_endorsement(
    driver_id: int, purpose: EndorsementPurpose, as_of: date
) -> Endorsement | None:
    """The endorsement for `purpose` that counts on `as_of`: the latest dated on or before it."""
    return db.session.execute(
        select(Endorsement)
        .where(
            Endorsement.driver_id == driver_id,
            Endorsement.purpose == purpose,
            Endorsement.endorsed_on <= as_of,
        )
        .options(joinedload(Endorsement.coach))
        .order_by(Endorsement.endorsed_on.desc(), Endorsement.id.desc())
        .limit(1)
    ).scalar_one_or_none()


@dataclass(frozen=True)
class Destination:
    """Where one endorsement went: the dossier kind that prints it and the copies made."""

    endorsement: Endorsement
    printed_in: DossierKind | None
    current: bool  # the one that counts now for its driver and purpose
    dossiers: tuple[Dossier, ...]  # generated while it was the one that counted


def destinations(coach_id: int | None) -> list[Destination]:
    """Every endorsement (one coach's, or all when `coach_id` is None), newest first, with
    where it went. Three statements, however many endorsements and dossiers."""
    query = (
        select(Endorsement)
        .options(joinedload(Endorsement.driver), joinedload(Endorsement.coach))
        .order_by(Endorsement.signed_at.desc(), Endorsement.id.desc())
    )
    if coach_id is not None:
        query = query.where(Endorsement.coach_id == coach_id)
    mine = list(db.session.execute(query).scalars())
    if not mine:
        return []
    driver_ids = {e.driver_id for e in mine}
    # Every endorsement of those drivers (other coaches' too): a newer one supersedes.
    rivals = db.session.execute(
        select(
            Endorsement.id,
            Endorsement.driver_id,
            Endorsement.purpose,
            Endorsement.endorsed_on,
            Endorsement.signed_at,
        ).where(Endorsement.driver_id.in_(driver_ids))
    ).all()
    dossiers = list(
        db.session.execute(
            select(Dossier)
            .where(
                Dossier.driver_id.in_(driver_ids),
                Dossier.kind.in_(list(PRINTED_IN.values())),
            )
            .order_by(Dossier.generated_at.desc())
        ).scalars()
    )
    by_key: dict[tuple[int, EndorsementPurpose], list] = defaultdict(list)
    for row in rivals:
        by_key[(row.driver_id, row.purpose)].append(row)

    def counting_at(driver_id: int, purpose: EndorsementPurpose, moment: datetime) -> int | None:
        candidates = [
            r
            for r in by_key[(driver_id, purpose)]
            if r.signed_at <= moment and r.endorsed_on <= moment.date()
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda r: (r.endorsed_on, r.id)).id

    out = []
    for endorsement in mine:
        kind = PRINTED_IN.get(endorsement.purpose)
        rows = by_key[(endorsement.driver_id, endorsement.purpose)]
        current = max(rows, key=lambda r: (r.endorsed_on, r.id)).id == endorsement.id
        printed = tuple(
            d
            for d in dossiers
            if kind is not None
            and d.kind is kind
            and d.driver_id == endorsement.driver_id
            and counting_at(d.driver_id, endorsement.purpose, d.generated_at) == endorsement.id
        )
        out.append(Destination(endorsement, kind, current, printed))
    return out
