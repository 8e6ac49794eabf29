"""Closed sets of the domain, each with its order defined once.

Pure Python: the pathway engine, the importers, the dossier builders and the
models all share these, so nothing here may import Flask or SQLAlchemy.
"""

from __future__ import annotations

import enum
from typing import TypeVar


class DomainEnum(enum.Enum):
    """Members are singletons, equal only to themselves: hashed by identity, in C (Enum's own
    __hash__ is Python code, and the pathway engine hashes classes, statuses and session types
    for fact after fact)."""

    __hash__ = object.__hash__


class RankedEnum(DomainEnum):
    """An enum whose members compare by their position in the class body (each such class is
    decorated with @ranked, which numbers its members once)."""

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return _RANKS[self] < _RANKS[other]

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return _RANKS[self] <= _RANKS[other]

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return _RANKS[self] > _RANKS[other]

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return _RANKS[self] >= _RANKS[other]

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").title())


class Role(enum.Enum):
    ADMIN = "admin"
    COACH = "coach"
    DRIVER = "driver"
    PRINCIPAL = "principal"


R = TypeVar("R", bound="RankedEnum")
# Each ranked member's position in its class body (looked up by identity, in C).
_RANKS: dict[object, int] = {}


def ranked(cls: type[R]) -> type[R]:
    """Number the members of a ranked enum by their position in the class body."""
    for index, member in enumerate(cls):
        _RANKS[member] = index
    return cls


@ranked
class LicenceGrade(RankedEnum):
    """FIA circuit licence grades, lowest first (ISC Appendix L)."""

    NATIONAL = "national"
    INTERNATIONAL_D = "international_d"
    INTERNATIONAL_C = "international_c"
    INTERNATIONAL_B = "international_b"
    INTERNATIONAL_A = "international_a"


@ranked
class Categorisation(RankedEnum):
    """FIA driver categorisation, lowest first."""

    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"
    PLATINUM = "platinum"


class ResultStatus(DomainEnum):
    CLASSIFIED = "classified"
    NOT_CLASSIFIED = "not_classified"
    DNF = "dnf"
    DNS = "dns"
    DSQ = "dsq"


class RaceClass(DomainEnum):
    HYPERCAR = "HYPERCAR"
    LMP1 = "LMP1"
    LMP2 = "LMP2"
    LMP2_PRO_AM = "LMP2 PRO-AM"
    LMP3 = "LMP3"
    LMGT3 = "LMGT3"
    GT = "GT"
    GTE_PRO = "LMGTE PRO"
    GTE_AM = "LMGTE AM"
    INNOVATIVE = "INNOVATIVE"


class SessionType(DomainEnum):
    TRACK = "track"
    SIMULATOR = "simulator"
    TEST_DAY = "test_day"
    FITNESS = "fitness"
    MEDIA = "media"
    CLASSROOM = "classroom"


class PlanStatus(enum.Enum):
    """A session planned ahead: still to come, held (recorded as coaching sessions), or
    called off. Only a held session's coaching sessions are evidence for anything."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class ApplicationStatus(enum.Enum):
    DRAFT = "draft"
    ENDORSED = "endorsed"
    APPROVED = "approved"
    SUBMITTED = "submitted"
    GRANTED = "granted"
    REJECTED = "rejected"


class DossierKind(enum.Enum):
    INVITATION = "invitation"
    SPONSOR = "sponsor"
    SCOUTING = "scouting"


class EndorsementPurpose(enum.Enum):
    """What a coach's formal endorsement is for; the invitation dossier prints LE_MANS."""

    LE_MANS_INVITATION = "le_mans_invitation"
    LICENCE_UPGRADE = "licence_upgrade"
    TEAM_PLACEMENT = "team_placement"
    SPONSORSHIP = "sponsorship"


_LABELS: dict[enum.Enum, str] = {
    LicenceGrade.NATIONAL: "National",
    LicenceGrade.INTERNATIONAL_D: "International D",
    LicenceGrade.INTERNATIONAL_C: "International C",
    LicenceGrade.INTERNATIONAL_B: "International B",
    LicenceGrade.INTERNATIONAL_A: "International A",
    ResultStatus.CLASSIFIED: "Classified",
    ResultStatus.NOT_CLASSIFIED: "Not classified",
    ResultStatus.DNF: "DNF",
    ResultStatus.DNS: "DNS",
    ResultStatus.DSQ: "DSQ",
    EndorsementPurpose.LE_MANS_INVITATION: "Le Mans invitation",
    EndorsementPurpose.LICENCE_UPGRADE: "Licence upgrade",
    EndorsementPurpose.TEAM_PLACEMENT: "Team placement",
    EndorsementPurpose.SPONSORSHIP: "Sponsorship",
}
# A result's status in running text ("Sepang 4 Hours, LMP3, did not finish"); label() gives
# the short form for tables (DNF).
_RESULT_STATUS_WORDS: dict[ResultStatus, str] = {
    ResultStatus.CLASSIFIED: "classified",
    ResultStatus.NOT_CLASSIFIED: "not classified",
    ResultStatus.DNF: "did not finish",
    ResultStatus.DNS: "did not start",
    ResultStatus.DSQ: "disqualified",
}


def status_words(status: ResultStatus) -> str:
    return _RESULT_STATUS_WORDS[status]


def label(member: enum.Enum) -> str:
    """Human label for any member of the enums above."""
    if member in _LABELS:
        return _LABELS[member]
    if isinstance(member, RaceClass):
        return member.value
    return member.value.replace("_", " ").title()
