"""The rule vocabulary: a rule set, its stages and their requirements, as frozen data.

Each kind of requirement (its parameters, validation, check, horizon and wording) lives in its
own module under academy/pathway/kinds/.

The values come from rule files (academy/rulesets/*.toml, read by loader.py);
nothing here knows a number from a regulation.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from academy.competencies import DEFAULT_KEYS
from academy.enums import LicenceGrade, RaceClass, ResultStatus

# Series codes a rule may name. A result's series_code is one of these.
KNOWN_SERIES: tuple[str, ...] = (
    "ALMS",  # Asian Le Mans Series
    "ELMS",  # European Le Mans Series
    "LMC",  # Michelin Le Mans Cup
    "WEC",  # FIA World Endurance Championship
    "LM24",  # 24 Hours of Le Mans
    "IMSA",  # IMSA SportsCar Championship
    "GTWC",  # GT World Challenge
    "NATIONAL",  # national-grade circuit races
    "OTHER",
)

SERIES_NAMES: dict[str, str] = {
    "ALMS": "ALMS",
    "ELMS": "ELMS",
    "LMC": "Le Mans Cup",
    "WEC": "WEC",
    "LM24": "the 24 Hours of Le Mans",
    "IMSA": "IMSA",
    "GTWC": "GT World Challenge",
    "NATIONAL": "national races",
    "OTHER": "other series",
}

# The default coaching rubric's keys (one list: academy/competencies.py).
KNOWN_COMPETENCIES: tuple[str, ...] = DEFAULT_KEYS


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, clamped to the month's end."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def months_after(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the month's end."""
    return months_before(day, -months)


@dataclass(frozen=True, slots=True)
class Window:
    """Which dates count: the `months` before as_of, or explicit from/to (both inclusive).

    Whatever the window, nothing after as_of counts.
    """

    months: int | None = None
    from_date: date | None = None
    to_date: date | None = None
    # By season: this season and the seasons - 1 before it, each starting on season_start
    # (month, day) every year; e.g. ALMS seasons "2025-26" starting 1 July.
    seasons: int | None = None
    season_start: tuple[int, int] = (1, 1)

    def season_began(self, as_of: date) -> date:
        """The first day of the season as_of is in."""
        month, day = self.season_start
        began = date(as_of.year, month, day)
        return began if began <= as_of else date(as_of.year - 1, month, day)

    def bounds(self, as_of: date) -> tuple[date, date]:
        if self.months is not None:
            return months_before(as_of, self.months), as_of
        if self.seasons is not None:
            began = self.season_began(as_of)
            return began.replace(year=began.year - (self.seasons - 1)), as_of
        start = self.from_date or date.min
        end = min(self.to_date, as_of) if self.to_date else as_of
        return start, end


ANY_TIME = Window()


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    kind: str
    # The kind's own parameters dataclass (academy/pathway/kinds/<kind>.py).
    params: Any
    source: str  # a citation: what a reader can look up (loader.split_source)
    label: str = ""
    note: str = ""
    # The rule file's internal remarks about its research ("count not yet read"): kept with the
    # rule for whoever edits the file, never shown on a page, in a PDF or an API answer.
    source_note: str = ""
    unconfirmed: bool = False  # the value is [UNCONFIRMED]/[check] in the domain notes
    policy: bool = False  # academy policy, not a regulation
    # Must hold on the day of every check, even once the stage is reached (a valid licence, a
    # valid medical); every other requirement only has to have been met once.
    hold: bool = False


@dataclass(frozen=True, slots=True)
class ReachedBy:
    """Results that show a stage reached: racing in its class is the milestone itself."""

    series: frozenset[str] = frozenset()
    classes: frozenset[RaceClass] = frozenset()
    statuses: frozenset[ResultStatus] = frozenset(
        {
            ResultStatus.CLASSIFIED,
            ResultStatus.NOT_CLASSIFIED,
            ResultStatus.DNF,
            ResultStatus.DSQ,
        }
    )


@dataclass(frozen=True, slots=True)
class Stage:
    key: str
    name: str
    requirements: tuple[Requirement, ...]
    requires_stage: str | None = None
    description: str = ""
    reached_by: ReachedBy | None = None  # None: reached only while its requirements are met


@dataclass(frozen=True, slots=True)
class GradeRequirements:
    grade: LicenceGrade
    requirements: tuple[Requirement, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class RuleSet:
    key: str
    name: str
    version: str
    season: str
    effective_from: date
    stages: tuple[Stage, ...]
    licence_grades: tuple[GradeRequirements, ...] = ()
    expiry_warning_days: int = 60
    source_file: str = field(default="", compare=False)
    digest: str = field(default="", compare=False)  # SHA-256 of the rule file's text

    @property
    def ref(self) -> str:
        """Names this exact rule set: key, version and, when read from a file, its text."""
        return f"{self.key}@{self.version}#{self.digest[:16]}"

    def stage(self, key: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.key == key), None)
