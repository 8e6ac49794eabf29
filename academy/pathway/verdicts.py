"""What the engine answers, as frozen data: one verdict per requirement, per stage, per driver.

The verdicts are named tuples (immutable, compared and shown field by field like frozen
dataclasses): a board makes hundreds of thousands of them, and a named tuple is made in one
C call where a frozen dataclass sets each field through object.__setattr__.

serialise.py turns these into the JSON shape shared by the API, the CLI and the pages.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from academy.enums import LicenceGrade
from academy.formatting import format_date
from academy.pathway.rules import Requirement


class Status(enum.Enum):
    MET = "met"
    EXPIRING = "expiring"  # met today, but a licence or medical runs out within warn_days
    NOT_MET = "not_met"
    UNKNOWN = "unknown"  # the facts needed are not recorded (no date of birth, ...)

    # Members are singletons compared by identity: hash them so, in C (Enum's own __hash__ is
    # Python code, and a board hashes statuses for verdict after verdict).
    __hash__ = object.__hash__

    @property
    def counts_as_met(self) -> bool:
        return self is Status.MET or self is Status.EXPIRING

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.MET: "Met",
    Status.EXPIRING: "Met, expiring soon",
    Status.NOT_MET: "Not met",
    Status.UNKNOWN: "Unknown",
}


def combined_status(statuses: Iterable[Status]) -> Status:
    """A stage's status from its requirements': the worst one wins (not met, then unknown,
    then expiring)."""
    # `in` on a list compares members by identity, in C: a board asks this for every stage.
    found = statuses if type(statuses) is list else list(statuses)
    if Status.NOT_MET in found:
        return Status.NOT_MET
    if Status.UNKNOWN in found:
        return Status.UNKNOWN
    if Status.EXPIRING in found:
        return Status.EXPIRING
    return Status.MET


class Evidence(NamedTuple):
    """A fact that counts towards a requirement.

    kind is "result", "session", "licence", "medical" or "grade"; for "grade" the id is
    the coaching session in which the grade was given. (A named tuple rather than a
    dataclass: a board makes hundreds of thousands of these.)
    """

    kind: str
    id: int
    on: date | None = None
    detail: str = ""


class Progress(NamedTuple):
    have: float
    need: float
    unit: str  # "starts", "hours", "night runs", "sessions", "years", "competencies"

    @property
    def fraction(self) -> float:
        """0.0 to 1.0, for a progress bar."""
        if self.need <= 0:
            return 1.0
        return max(0.0, min(1.0, self.have / self.need))


class RequirementVerdict(NamedTuple):
    """How one driver stands against one requirement.

    `requirement` is the rule as the rule set gives it (its label always filled in);
    the properties below read it, so a verdict answers for its id, label, source and flags.
    """

    requirement: Requirement
    status: Status
    evidence: tuple[Evidence, ...] = ()
    missing: str = ""  # what is still to do, in plain words; "" when met and not expiring
    progress: Progress | None = None
    notes: tuple[str, ...] = ()  # things the driver should know (data gaps, ...)
    parts: tuple[RequirementVerdict, ...] = ()  # an any_of / all_of group's own verdicts

    @property
    def met(self) -> bool:
        return self.status.counts_as_met

    @property
    def requirement_id(self) -> str:
        return self.requirement.id

    @property
    def label(self) -> str:
        return self.requirement.label

    @property
    def kind(self) -> str:
        return self.requirement.kind

    @property
    def source(self) -> str:
        """The regulation article or document the requirement comes from."""
        return self.requirement.source

    @property
    def note(self) -> str:
        """The rule file's own explanation of the requirement."""
        return self.requirement.note

    @property
    def policy(self) -> bool:
        """Academy policy, not a regulation."""
        return self.requirement.policy

    @property
    def unconfirmed(self) -> bool:
        """The value is not yet confirmed in the governing text."""
        return self.requirement.unconfirmed


class StageVerdict(NamedTuple):
    key: str
    name: str
    status: Status
    requirements: tuple[RequirementVerdict, ...]
    description: str = ""
    # A milestone: the day of the first result that reached the stage, and that result. Once
    # reached a stage stays reached; its status then says whether what must hold still holds.
    reached_on: date | None = None
    reached_by: tuple[Evidence, ...] = ()

    @property
    def reached(self) -> bool:
        return self.reached_on is not None or self.status.counts_as_met

    @property
    def held(self) -> bool:
        """Everything that must hold on the day does (always, for a stage not reached)."""
        return self.status.counts_as_met

    @property
    def not_held(self) -> tuple[str, ...]:
        """For a reached stage whose requirements that must hold do not: what is missing."""
        if self.reached_on is None or self.held:
            return ()
        return tuple(
            verdict.missing
            for verdict in self.requirements
            if verdict.requirement.hold and not verdict.met and verdict.missing
        )

    @property
    def met_count(self) -> int:
        return sum(1 for verdict in self.requirements if verdict.met)

    @property
    def label(self) -> str:
        """The stage's status in words, as its badge says it. A milestone reached says so with
        its day, whatever its other requirements say now (they only had to be met once):
        'Reached on 3 March 2025'; 'Reached, not held now' when what must hold does not; a
        stage not reached that way says its status ('Met', 'Not met', ...)."""
        if self.reached_on is None:
            return self.status.label
        if not self.held:
            return "Reached, not held now"
        reached = f"Reached on {format_date(self.reached_on)}"
        return f"{reached}, expiring soon" if self.status is Status.EXPIRING else reached

    @property
    def badge(self) -> str:
        """The badge's colour name: 'reached' for a milestone held, 'expiring' for one not held
        now or expiring, else the status's value ('met', 'not_met', ...)."""
        if self.reached_on is None:
            return self.status.value
        return "reached" if self.status is Status.MET else "expiring"


class DriverPathway(NamedTuple):
    driver_id: int
    rule_set_key: str
    rule_set_version: str
    as_of: date
    stages: tuple[StageVerdict, ...]
    current_stage: str | None  # key of the highest stage reached, None if none yet
    next_stage: str | None  # key of the first stage after it not yet reached
    notices: tuple[str, ...] = ()

    def stage(self, key: str) -> StageVerdict | None:
        return next((stage for stage in self.stages if stage.key == key), None)

    @property
    def current(self) -> StageVerdict | None:
        return self.stage(self.current_stage) if self.current_stage else None

    @property
    def next(self) -> StageVerdict | None:
        return self.stage(self.next_stage) if self.next_stage else None


class LicenceGradeVerdict(NamedTuple):
    driver_id: int
    rule_set_key: str
    rule_set_version: str
    as_of: date
    grade: LicenceGrade
    status: Status
    requirements: tuple[RequirementVerdict, ...]
    description: str = ""

    @property
    def eligible(self) -> bool:
        return self.status.counts_as_met


# --- made fast -------------------------------------------------------------------------------
# The engine makes its verdicts with tuple.__new__ rather than by calling the classes: calling a
# named tuple class goes through type.__call__ and its Python __new__, which costs twice what
# the tuple itself does, and a board makes hundreds of thousands. Every field is given.
new = tuple.__new__


def new_evidence(kind: str, fact_id: int, on: date | None, detail: str = "") -> Evidence:
    return new(Evidence, (kind, fact_id, on, detail))


def new_verdict(
    requirement: Requirement,
    status: Status,
    evidence: tuple[Evidence, ...] = (),
    missing: str = "",
    progress: Progress | None = None,
    notes: tuple[str, ...] = (),
    parts: tuple[RequirementVerdict, ...] = (),
) -> RequirementVerdict:
    return new(RequirementVerdict, (requirement, status, evidence, missing, progress, notes, parts))
