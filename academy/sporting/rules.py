"""Sporting rules of one series and season, as frozen data.

The values come from rule files (academy/rulesets/sporting/*.toml, read by loader.py); nothing
here knows a number from a regulation. Every part carries the `Citation` it was taken from, with
`unconfirmed` set where the governing text was not read.

Durations are minutes in the files and milliseconds here (the timing files' unit).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from academy.enums import Categorisation
from academy.results.timing.classes import label_key

# Driver ids, entry ids and race ids are the caller's (database ids or names): the engine only
# compares them and hands them back.
Key = int | str

MINUTE_MS = 60_000


@lru_cache(maxsize=1024)
def class_key(name: str) -> str:
    """How class names are compared: trimmed, spaces squeezed, upper case ('LMP2 Pro/Am' and
    'lmp2  pro/am' are one class), the same rule as the timing importer's labels."""
    return label_key(name)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a value comes from. `unconfirmed`: the governing text was not read."""

    source: str
    unconfirmed: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class PointsScale:
    """Points per class position: `positions[0]` for P1; `other_classified` for every other
    classified car; `pole` for the class pole position."""

    name: str
    positions: tuple[float, ...]
    other_classified: float
    pole: float
    citation: Citation

    def for_position(self, class_position: int) -> float:
        if 1 <= class_position <= len(self.positions):
            return self.positions[class_position - 1]
        return self.other_classified

    @property
    def best_race(self) -> float:
        """The most one race can give one entry: a win from pole."""
        return (self.positions[0] if self.positions else self.other_classified) + self.pole


@dataclass(frozen=True, slots=True)
class SeasonClass:
    """A class the season runs, with the points scale its championship uses (None: the season
    has no championship, e.g. the 24 Hours of Le Mans on its own)."""

    name: str
    points: PointsScale | None
    citation: Citation

    @property
    def key(self) -> str:
        return class_key(self.name)


class TieBreakStep(enum.Enum):
    """One step of the order that separates entries level on points.

    COUNTBACK: most wins, then most second places, then most thirds... (every class position
    down to the lowest anyone reached). LAST_RACE: the better class position in the last race
    held. LAST_RACES: the last race, then the one before, and so on back to the first.
    MOST_POLES: more pole positions.
    """

    COUNTBACK = "countback"
    LAST_RACE = "last_race"
    LAST_RACES = "last_races"
    MOST_POLES = "most_poles"


@dataclass(frozen=True, slots=True)
class TieBreak:
    order: tuple[TieBreakStep, ...]
    citation: Citation


@dataclass(frozen=True, slots=True)
class InvitationRule:
    """The top `places` teams of `class_name` at the season's end are invited to the 24 Hours
    of Le Mans edition `le_mans` with an entry in the Le Mans class `into`."""

    class_name: str
    places: int
    le_mans: int
    into: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class CategoryLimit:
    """At least `minimum` and at most `maximum` (None: no maximum) drivers whose category is
    one of `categories` ("at least one Bronze": {BRONZE}, 1, None; "no Platinum": {PLATINUM},
    0, 0; "at least one Silver or Bronze": {SILVER, BRONZE}, 1, None)."""

    categories: frozenset[Categorisation]
    minimum: int
    maximum: int | None
    citation: Citation

    def allows(self, count: int) -> bool:
        return count >= self.minimum and (self.maximum is None or count <= self.maximum)


@dataclass(frozen=True, slots=True)
class CrewRule:
    """Who may share a car in a class: crew size and limits by FIA category."""

    class_name: str
    min_drivers: int
    max_drivers: int
    limits: tuple[CategoryLimit, ...]
    citation: Citation
    series: str = ""  # the series code, for the words ("ALMS requires at least one")


@dataclass(frozen=True, slots=True)
class DriveLimit:
    """Minimum and/or maximum driving time per driver in one race, for the drivers it applies
    to: classes, categories and crew sizes (None: any)."""

    classes: frozenset[str] | None  # class keys (`class_key`)
    categories: frozenset[Categorisation] | None
    crew_sizes: frozenset[int] | None
    min_ms: int | None
    max_ms: int | None
    citation: Citation

    def applies(self, class_name: str, category: Categorisation, crew_size: int) -> bool:
        return (
            (self.classes is None or class_key(class_name) in self.classes)
            and (self.categories is None or category in self.categories)
            and (self.crew_sizes is None or crew_size in self.crew_sizes)
        )


@dataclass(frozen=True, slots=True)
class DrivingTimeRules:
    """Per race: at most `max_total_ms` for any driver; at most `rolling_max_ms` in any
    `rolling_window_ms` (Le Mans: 4 h in any 6 h); and the per-driver `limits`."""

    max_total_ms: int | None
    rolling_window_ms: int | None
    rolling_max_ms: int | None
    limits: tuple[DriveLimit, ...]
    citation: Citation


NO_DRIVING_TIME_RULES = DrivingTimeRules(None, None, None, (), Citation("no rule in the file"))


@dataclass(frozen=True, slots=True)
class SportingRules:
    """The sporting rules of one series and season (one file)."""

    key: str  # the file's name without .toml: "alms-2024-25"
    name: str
    series: str  # a code of academy.pathway.rules.KNOWN_SERIES: "ALMS", "ELMS", "LM24"
    season: str  # "2024-25", "2026"
    version: str
    races: int  # races in the season (the championship's calendar)
    calendar: Citation
    classes: tuple[SeasonClass, ...]
    tie_break: TieBreak
    invitations: tuple[InvitationRule, ...]
    crews: tuple[CrewRule, ...]
    driving_time: DrivingTimeRules
    source_file: str = ""
    digest: str = ""

    @property
    def championship(self) -> bool:
        return any(season_class.points is not None for season_class in self.classes)

    def season_class(self, name: str) -> SeasonClass | None:
        wanted = class_key(name)
        for season_class in self.classes:
            if season_class.key == wanted:
                return season_class
        return None

    def crew_rule(self, class_name: str) -> CrewRule | None:
        return _rule_of_class(self.crews, class_name)

    def invitation(self, class_name: str) -> InvitationRule | None:
        return _rule_of_class(self.invitations, class_name)


_ClassRule = TypeVar("_ClassRule", CrewRule, InvitationRule)


def _rule_of_class(rules: tuple[_ClassRule, ...], class_name: str) -> _ClassRule | None:
    wanted = class_key(class_name)
    return next((rule for rule in rules if class_key(rule.class_name) == wanted), None)
