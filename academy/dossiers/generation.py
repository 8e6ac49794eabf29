"""Generate a dossier: draw its verification code, load, build, checksum, record.

The code is drawn before the build so that it (and the address that checks it) is printed on
every page; the SHA-256 is taken of the finished bytes. The PDF itself is not kept: the record
says who generated which kind for whom, when, under which rule set, and its checksum.
The caller commits (a batch commits after each dossier, so every code handed out is on record).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select

from academy import audit
from academy.clock import academy_zone
from academy.dossiers.loader import load_dossier_input, rule_set_label
from academy.dossiers.pdf import build_dossier
from academy.dossiers.pdf.model import Verification
from academy.dossiers.pdf.verification import new_verification_code, sha256_hex
from academy.enums import DossierKind, Role
from academy.extensions import db
from academy.models import Dossier, Driver, User
from academy.pathway.rules import RuleSet
from academy.progress.rule_sets import current_rule_set
from academy.public_urls import public_url
from academy.text import search_key

DOSSIER_FIELDS = [
    "kind",
    "driver_id",
    "rule_set_key",
    "generated_by_id",
    "generated_at",
    "sha256",
    "verification_code",
    "issued_to",
    "facts_version",
]
ROLE_WORDS = {
    Role.ADMIN: "academy director",
    Role.COACH: "coach",
    Role.DRIVER: "driver",
    Role.PRINCIPAL: "team principal",
}
# What /verify says a dossier was issued to: a role, never a name.
ISSUED_TO_WORDS = {
    Role.ADMIN: "the academy director",
    Role.COACH: "a coach of the academy",
    Role.DRIVER: "the driver themself",
    Role.PRINCIPAL: "a team principal",
}
_CODE_ATTEMPTS = 5
_SLUG_LENGTH = 40


@dataclass(frozen=True)
class GeneratedDossier:
    record: Dossier
    pdf: bytes
    filename: str


class DriverNotFound(LookupError):
    pass


def parse_kind(text: str) -> DossierKind | None:
    try:
        return DossierKind(text)
    except ValueError:
        return None


def generated_by_words(user: User) -> str:
    return f"{user.display_name} ({ROLE_WORDS[user.role]})"


def generate_dossier(
    driver_id: int,
    kind: DossierKind,
    user: User,
    *,
    rule_set: RuleSet | None = None,
    now: datetime | None = None,
) -> GeneratedDossier:
    """Build and record one dossier (added to the session; the caller commits).

    The record stands on its own: generating another dossier never changes what /verify says
    about this one."""
    rule_set = rule_set or current_rule_set()
    # Kept to the microsecond, so that what counted when it was made (an endorsement signed the
    # same second) is decided by the order things happened; printed to the second.
    made_at = (now or datetime.now(UTC)).astimezone(UTC)
    generated_at = made_at.replace(microsecond=0)
    code = _unused_code()
    verification = Verification(code=code, verify_url=public_url("dossiers.verify", code=code))
    zone = academy_zone(current_app.config["ACADEMY_TIMEZONE"])
    data = load_dossier_input(
        driver_id,
        kind,
        rule_set=rule_set,
        # In the academy's time zone: the dossier is "as of" the academy's today.
        generated_at=generated_at.astimezone(zone),
        generated_by=generated_by_words(user),
        academy_name=current_app.config["ACADEMY_NAME"],
        verification=verification,
    )
    if data is None:
        raise DriverNotFound(driver_id)
    pdf = build_dossier(data)
    # The version of the facts the dossier prints: the driver row the loader read them with
    # (in the session already, so no statement).
    facts_version = db.session.get_one(Driver, driver_id).facts_version
    record = Dossier(
        kind=kind,
        driver_id=driver_id,
        rule_set_key=rule_set_label(rule_set)[0],
        generated_by_id=user.id,
        generated_at=made_at.replace(tzinfo=None),
        sha256=sha256_hex(pdf),
        verification_code=code,
        issued_to=ISSUED_TO_WORDS[user.role],
        facts_version=facts_version,
    )
    db.session.add(record)
    audit.record("dossier_generated", record, after=audit.snapshot(record, DOSSIER_FIELDS))
    return GeneratedDossier(record, pdf, dossier_filename(kind, data.driver.legal_name, code))


def _unused_code() -> str:
    """A fresh code; 50 random bits make a clash all but impossible, but it is checked."""
    for _ in range(_CODE_ATTEMPTS):
        code = new_verification_code()
        taken = db.session.execute(
            select(Dossier.id).where(Dossier.verification_code == code)
        ).first()
        if taken is None:
            return code
    raise RuntimeError("could not draw an unused verification code")


def dossier_filename(kind: DossierKind, legal_name: str, code: str) -> str:
    """ASCII file name: `scouting-ren-sato-7KQ2M-XW4PD.pdf` (a name with no Latin letters
    is left out; the code still tells the files apart)."""
    ascii_name = search_key(legal_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:_SLUG_LENGTH].strip("-")
    return "-".join(part for part in (kind.value, slug, code) if part) + ".pdf"
