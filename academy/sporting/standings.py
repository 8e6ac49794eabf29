"""Championship standings per class, for teams (season entries) and drivers. Pure.

Races come in calendar order, only those held. Every points figure is explained: a row's
`races` give, per race, each `PointsItem` it earned and why ("P3 in class: 15", "classified
outside the top ten: 0.5", "pole: 1"). A classified result without a class position scores
nothing and marks the row `incomplete` (it may have been worth anything from 0.5 to a win);
a car not classified is shown as such with 0.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from academy.enums import ResultStatus
from academy.sporting.rules import (
    Key,
    PointsScale,
    SeasonClass,
    SportingRules,
    TieBreak,
    TieBreakStep,
    class_key,
)


class StandingsInputError(ValueError):
    """Results that cannot be scored as given (the same car twice in one race...)."""


@dataclass(frozen=True, slots=True)
class RaceResult:
    """One car's result in one race.

    `entry`: the season entry (a team's car number in the season), the caller's id.
    `class_position`: the position in class, None when the result does not say.
    `drivers`: the crew of this race, the caller's driver ids.
    """

    entry: Key
    class_name: str
    class_position: int | None
    status: ResultStatus
    pole: bool = False
    drivers: tuple[Key, ...] = ()

    @property
    def classified(self) -> bool:
        return self.status is ResultStatus.CLASSIFIED


@dataclass(frozen=True, slots=True)
class Race:
    """A race held, with every car's result. `key` is the caller's id; `name` is shown."""

    key: Key
    name: str
    results: tuple[RaceResult, ...]


class StandingsKind(enum.Enum):
    TEAMS = "teams"
    DRIVERS = "drivers"


class PointsKind(enum.Enum):
    POSITION = "position"  # a scoring class position
    OTHER_CLASSIFIED = "other_classified"  # classified below the scoring positions
    POLE = "pole"
    NOT_CLASSIFIED = "not_classified"  # no points: not classified, DNF, DNS, DSQ
    NO_POSITION = "no_position"  # classified but no class position given: not counted


@dataclass(frozen=True, slots=True)
class PointsItem:
    """One reason for points in one race; `words` says it ("P3 in class: 15")."""

    kind: PointsKind
    points: float
    class_position: int | None
    status: ResultStatus
    scoring_positions: int  # how many positions the scale scores, for "outside the top ten"

    @property
    def words(self) -> str:
        from academy.sporting.wording import points_item_words

        return points_item_words(self)


@dataclass(frozen=True, slots=True)
class RaceScore:
    """What one race gave one entry (or one driver, through the entry they drove)."""

    race: Key
    race_name: str
    race_index: int  # 0 for the first race held
    entry: Key
    class_position: int | None
    status: ResultStatus
    pole: bool
    items: tuple[PointsItem, ...]

    @property
    def points(self) -> float:
        return sum(item.points for item in self.items)

    @property
    def counted(self) -> bool:
        """False when the result could not be scored (classified without a class position)."""
        return all(item.kind is not PointsKind.NO_POSITION for item in self.items)

    @property
    def words(self) -> str:
        from academy.sporting.wording import race_score_words

        return race_score_words(self)


@dataclass(frozen=True, slots=True)
class StandingRow:
    """One team entry or one driver in a class's standings.

    `position` is shared by rows still level after every tie-break step (`tied`).
    `decided_by`: the tie-break step that put this row behind the row above it, when both
    have the same points; None otherwise.
    """

    position: int
    key: Key
    points: float
    races: tuple[RaceScore, ...]
    tied: bool = False
    decided_by: TieBreakStep | None = None
    entries: tuple[Key, ...] = ()  # the entries whose results count (a driver's cars)

    @property
    def incomplete(self) -> bool:
        """Some result could not be scored: the points may be too low."""
        return any(not score.counted for score in self.races)

    def count_of(self, class_position: int) -> int:
        return sum(
            1
            for score in self.races
            if score.status is ResultStatus.CLASSIFIED and score.class_position == class_position
        )

    @property
    def wins(self) -> int:
        return self.count_of(1)

    @property
    def poles(self) -> int:
        return sum(1 for score in self.races if score.pole)


@dataclass(frozen=True, slots=True)
class ClassStandings:
    class_name: str
    kind: StandingsKind
    rows: tuple[StandingRow, ...]
    races_held: int  # races in which the class had at least one result
    scale: PointsScale
    tie_break: TieBreak
    _by_key: dict[Key, StandingRow] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key.update((row.key, row) for row in self.rows)

    def row(self, key: Key) -> StandingRow | None:
        return self._by_key.get(key)

    @property
    def leader(self) -> StandingRow | None:
        return self.rows[0] if self.rows else None


@dataclass(frozen=True, slots=True)
class SeasonStandings:
    rules_key: str
    races_held: int
    teams: tuple[ClassStandings, ...]
    drivers: tuple[ClassStandings, ...]
    # Results in a class the season's rules do not know: shown, never scored.
    unscored: tuple[tuple[Key, RaceResult], ...] = ()

    def team_class(self, class_name: str) -> ClassStandings | None:
        return _find(self.teams, class_name)

    def driver_class(self, class_name: str) -> ClassStandings | None:
        return _find(self.drivers, class_name)


def _find(tables: Iterable[ClassStandings], class_name: str) -> ClassStandings | None:
    wanted = class_key(class_name)
    return next((table for table in tables if class_key(table.class_name) == wanted), None)


def score_result(scale: PointsScale, result: RaceResult) -> tuple[PointsItem, ...]:
    """The points one result earns under `scale`, item by item."""
    top = len(scale.positions)
    items: list[PointsItem] = []
    position = result.class_position
    if not result.classified:
        items.append(PointsItem(PointsKind.NOT_CLASSIFIED, 0.0, position, result.status, top))
    elif position is None:
        items.append(PointsItem(PointsKind.NO_POSITION, 0.0, None, result.status, top))
    elif position <= top:
        items.append(
            PointsItem(
                PointsKind.POSITION, scale.positions[position - 1], position, result.status, top
            )
        )
    else:
        items.append(
            PointsItem(
                PointsKind.OTHER_CLASSIFIED, scale.other_classified, position, result.status, top
            )
        )
    if result.pole and scale.pole:
        items.append(PointsItem(PointsKind.POLE, scale.pole, position, result.status, top))
    return tuple(items)


def season_standings(rules: SportingRules, races: Sequence[Race]) -> SeasonStandings:
    """Team and driver standings of every class of the season that has points."""
    _check_races(races)
    scored = [season_class for season_class in rules.classes if season_class.points is not None]
    known = {season_class.key for season_class in scored}
    unscored = tuple(
        (race.key, result)
        for race in races
        for result in race.results
        if class_key(result.class_name) not in known
    )
    return SeasonStandings(
        rules_key=rules.key,
        races_held=len(races),
        teams=tuple(_standings(rules, races, c, StandingsKind.TEAMS) for c in scored),
        drivers=tuple(_standings(rules, races, c, StandingsKind.DRIVERS) for c in scored),
        unscored=unscored,
    )


def class_standings(
    rules: SportingRules,
    races: Sequence[Race],
    class_name: str,
    kind: StandingsKind = StandingsKind.TEAMS,
) -> ClassStandings:
    """The standings of one class; StandingsInputError if the season has no points for it."""
    season_class = rules.season_class(class_name)
    if season_class is None or season_class.points is None:
        known = ", ".join(c.name for c in rules.classes if c.points is not None) or "none"
        raise StandingsInputError(
            f"{rules.name} has no championship for class {class_name!r} (classes: {known})"
        )
    _check_races(races)
    return _standings(rules, races, season_class, kind)


def _check_races(races: Sequence[Race]) -> None:
    seen_races: set[Key] = set()
    for race in races:
        if race.key in seen_races:
            raise StandingsInputError(f"race {race.name!r} is given twice")
        seen_races.add(race.key)
        entries: set[Key] = set()
        drivers: dict[Key, Key] = {}
        for result in race.results:
            if result.entry in entries:
                raise StandingsInputError(
                    f"{race.name}: entry {result.entry!r} has more than one result"
                )
            entries.add(result.entry)
            if result.class_position is not None and result.class_position < 1:
                raise StandingsInputError(
                    f"{race.name}: entry {result.entry!r} has class position "
                    f"{result.class_position}; positions start at 1"
                )
            for driver in result.drivers:
                other = drivers.setdefault(driver, result.entry)
                if other != result.entry:
                    raise StandingsInputError(
                        f"{race.name}: driver {driver!r} is in the crews of both "
                        f"{other!r} and {result.entry!r}"
                    )


def _standings(
    rules: SportingRules, races: Sequence[Race], season_class: SeasonClass, kind: StandingsKind
) -> ClassStandings:
    scale = season_class.points
    assert scale is not None
    wanted = season_class.key
    scores: dict[Key, list[RaceScore]] = {}
    entries_of: dict[Key, list[Key]] = {}
    held: list[int] = []
    for index, race in enumerate(races):
        in_class = [r for r in race.results if class_key(r.class_name) == wanted]
        if in_class:
            held.append(index)
        for result in in_class:
            score = RaceScore(
                race=race.key,
                race_name=race.name,
                race_index=index,
                entry=result.entry,
                class_position=result.class_position,
                status=result.status,
                pole=result.pole,
                items=score_result(scale, result),
            )
            owners = (result.entry,) if kind is StandingsKind.TEAMS else result.drivers
            for owner in owners:
                scores.setdefault(owner, []).append(score)
                cars = entries_of.setdefault(owner, [])
                if result.entry not in cars:
                    cars.append(result.entry)
    rows = _rank(scores, entries_of, rules.tie_break.order, held)
    return ClassStandings(
        class_name=season_class.name,
        kind=kind,
        rows=rows,
        races_held=len(held),
        scale=scale,
        tie_break=rules.tie_break,
    )


_WORST = math.inf  # not classified or absent: behind every classified position


def _step_key(
    step: TieBreakStep, races: Sequence[RaceScore], deepest: int, held: Sequence[int]
) -> tuple[float, ...]:
    """Smaller is better."""
    if step is TieBreakStep.COUNTBACK:
        counts = [0] * deepest
        for score in races:
            position = score.class_position
            if score.status is ResultStatus.CLASSIFIED and position is not None:
                counts[position - 1] += 1
        return tuple(-count for count in counts)
    if step is TieBreakStep.MOST_POLES:
        return (-sum(1 for score in races if score.pole),)
    by_race = {score.race_index: score for score in races}
    order = list(reversed(held))
    if step is TieBreakStep.LAST_RACE:
        order = order[:1]
    positions: list[float] = []
    for index in order:
        there = by_race.get(index)
        classified = there is not None and there.status is ResultStatus.CLASSIFIED
        position = there.class_position if there is not None and classified else None
        positions.append(_WORST if position is None else position)
    return tuple(positions)


def _rank(
    scores: dict[Key, list[RaceScore]],
    entries_of: dict[Key, list[Key]],
    steps: Sequence[TieBreakStep],
    held: Sequence[int],
) -> tuple[StandingRow, ...]:
    deepest = max(
        (
            score.class_position
            for races in scores.values()
            for score in races
            if score.class_position is not None and score.status is ResultStatus.CLASSIFIED
        ),
        default=0,
    )
    keyed = []
    for owner, races in scores.items():
        points = sum(score.points for score in races)
        step_keys = tuple(_step_key(step, races, deepest, held) for step in steps)
        keyed.append(((-points, step_keys), owner, points, races))
    # Rows level after every step keep a stable order by their id's text.
    keyed.sort(key=lambda item: (item[0], str(item[1])))
    rows: list[StandingRow] = []
    for index, (full_key, owner, points, races) in enumerate(keyed):
        position = index + 1
        tied = False
        decided_by: TieBreakStep | None = None
        if index > 0 and keyed[index - 1][0] == full_key:
            position = rows[-1].position
            tied = True
        elif index > 0 and keyed[index - 1][0][0] == full_key[0]:
            above = keyed[index - 1][0][1]
            decided_by = next(
                step
                for step, mine, theirs in zip(steps, full_key[1], above, strict=True)
                if mine != theirs
            )
        if index + 1 < len(keyed) and keyed[index + 1][0] == full_key:
            tied = True
        rows.append(
            StandingRow(
                position=position,
                key=owner,
                points=points,
                races=tuple(races),
                tied=tied,
                decided_by=decided_by,
                entries=tuple(entries_of.get(owner, ())),
            )
        )
    return tuple(rows)
