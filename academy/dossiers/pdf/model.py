"""The dossier input: plain, frozen data handed to the builder.

Nothing here knows about Flask or the database. The web layer's loader turns
rows into these objects; tests and the benchmark build them by hand.
Times are milliseconds (lap times) or seconds (drive time) as integers so the
builder never has to guess a unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from academy.enums import (
    Categorisation,
    DossierKind,
    LicenceGrade,
    RaceClass,
    ResultStatus,
    SessionType,
)


@dataclass(frozen=True)
class DriverIdentity:
    display_name: str
    legal_name: str
    native_name: str | None
    romanised_name: str | None
    nationality: str
    date_of_birth: date | None
    story: str = ""
    photo: bytes | None = None


@dataclass(frozen=True)
class LicenceInfo:
    grade: LicenceGrade
    issuing_asn: str
    number: str
    issued_on: date | None
    expires_on: date | None
    valid: bool = True  # False: no licence is valid on the day, and this is the last that ran out


@dataclass(frozen=True)
class CategorisationInfo:
    category: Categorisation
    review_date: date | None


@dataclass(frozen=True)
class RaceResultRow:
    event: str
    series: str
    season: str
    circuit: str
    race_class: RaceClass | str
    car: str
    team: str
    co_drivers: tuple[str, ...]
    position_overall: int | None
    position_in_class: int | None
    status: ResultStatus
    drive_time_s: int
    points: float
    held_on: date
    best_lap_ms: int | None = None
    night_running: bool = False
    class_field_size: int | None = None
    # For the scouting comparison: the whole crew's drive time, the fastest
    # co-driver's best lap and the class's fastest lap in the same race.
    crew_drive_time_s: int | None = None
    co_driver_best_lap_ms: int | None = None
    class_best_lap_ms: int | None = None
    # From the race's lap analysis (the race debrief): green-flag pace against the co-drivers
    # (the driver's average minus theirs) and consistency (spread of green-flag laps).
    pace_gap_to_crew_ms: int | None = None
    consistency_ms: float | None = None


@dataclass(frozen=True)
class GradeEntry:
    competency: str
    score: float
    graded_on: date
    coach: str = ""
    comment: str = ""


@dataclass(frozen=True)
class SessionRow:
    held_on: date
    session_type: SessionType
    circuit: str
    laps: int
    best_lap_ms: int | None
    coach: str = ""
    notes: str = ""


@dataclass(frozen=True)
class RequirementVerdict:
    requirement: str
    status: str  # "met", "not_met", "expiring" as the pathway engine says
    evidence: tuple[str, ...] = ()
    missing: str = ""
    source: str = ""  # regulation article or "academy policy"


@dataclass(frozen=True)
class StageVerdict:
    stage: str
    eligible: bool
    requirements: tuple[RequirementVerdict, ...]
    # A milestone reached: the engine's words for it ('Reached on 3 March 2025', 'Reached, not
    # held now'), said instead of eligible or not; "" for a stage not reached that way.
    reached: str = ""
    held: bool = True  # for a milestone: what must hold still does


@dataclass(frozen=True)
class CoachEndorsement:
    coach_name: str
    endorsed_on: date
    text: str


@dataclass(frozen=True)
class ChampionshipStanding:
    """The team's championship position and Le Mans invitation status, for the invitation
    dossier: words from `academy.championship` (the sporting engine)."""

    season: str  # "Asian Le Mans Series 2025-26"
    class_name: str
    car: str  # "#30 Phoenix Endurance"
    position: int
    points: str
    races: str  # "4 of 6 races held"
    invitation: str  # "holds invitation place 1 (LMP2 at Le Mans 2026)", "in contention..."


@dataclass(frozen=True)
class CohortComparison:
    """The driver's latest score per competency next to the cohort median."""

    cohort_name: str
    cohort_size: int
    driver_scores: dict[str, float] = field(default_factory=dict)
    cohort_medians: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Verification:
    """Printed on every page; the QR code opens ``verify_url``.

    The caller draws the code (``verification.new_verification_code``) before
    the build and puts it in the URL, e.g. ``https://host/verify/ABCDE-12345``.
    """

    code: str
    verify_url: str


@dataclass(frozen=True)
class DossierInput:
    kind: DossierKind
    academy_name: str
    rule_set_key: str
    rule_set_name: str
    generated_at: datetime
    generated_by: str
    verification: Verification
    driver: DriverIdentity
    licence: LicenceInfo | None = None
    categorisation: CategorisationInfo | None = None
    results: tuple[RaceResultRow, ...] = ()
    grades: tuple[GradeEntry, ...] = ()
    sessions: tuple[SessionRow, ...] = ()
    pathway: tuple[StageVerdict, ...] = ()
    endorsement: CoachEndorsement | None = None
    cohort: CohortComparison | None = None
    media_work: tuple[str, ...] = ()
    championship: ChampionshipStanding | None = None


KIND_TITLES: dict[DossierKind, str] = {
    DossierKind.INVITATION: "Le Mans Invitation Dossier",
    DossierKind.SPONSOR: "Sponsor Profile",
    DossierKind.SCOUTING: "Scouting Report",
}
