"""Revoking dossiers: by the director, one at a time, and every scouting report of a driver who
withdraws their consent to scouting. Each function flushes its changes and audit events; the
request commits."""

from __future__ import annotations

from sqlalchemy import select

from academy import audit
from academy.clock import utcnow
from academy.enums import DossierKind
from academy.extensions import db
from academy.models import Dossier

# How the verification page ends "It was revoked on 1 December 2026 …".
REVOKED_BY_DIRECTOR = "by decision of the academy director"
CONSENT_WITHDRAWN = "because the driver withdrew their consent to scouting"
_REVOCATION_FIELDS = ["revoked_at", "revoked_reason"]


def revoke_dossier(record: Dossier, reason: str = REVOKED_BY_DIRECTOR) -> bool:
    """Revoke one dossier; False (and nothing written) when it was revoked already."""
    if record.revoked_at is not None:
        return False
    before = audit.snapshot(record, _REVOCATION_FIELDS)
    record.revoked_at = utcnow()
    record.revoked_reason = reason
    audit.record(
        "dossier_revoked", record, before=before, after=audit.snapshot(record, _REVOCATION_FIELDS)
    )
    db.session.flush()
    return True


def revoke_scouting_dossiers(driver_id: int) -> int:
    """Revoke every scouting report of a driver still standing (one statement to find them);
    how many were revoked."""
    records = db.session.execute(
        select(Dossier).where(
            Dossier.driver_id == driver_id,
            Dossier.kind == DossierKind.SCOUTING,
            Dossier.revoked_at.is_(None),
        )
    ).scalars()
    return sum(revoke_dossier(record, CONSENT_WITHDRAWN) for record in records)
