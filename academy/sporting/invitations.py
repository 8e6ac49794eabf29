"""The race for the Le Mans invitations of a season. Pure.

Per invitation-bearing class: who holds each invited place today (the team standings), the gap
to the next car, the races and points still to be won, and whether it is decided. Decided means
no one can take the place away, counted conservatively: a car that could draw level on points
could win the tie-break, so drawing level is catching; and while points remain to be won, a car
yet to score could still arrive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from academy.sporting import wording
from academy.sporting.rules import InvitationRule, Key, SportingRules
from academy.sporting.standings import (
    ClassStandings,
    Race,
    StandingRow,
    StandingsKind,
    class_standings,
)


@dataclass(frozen=True, slots=True)
class InvitationHolder:
    place: int  # 1 to the rule's places
    row: StandingRow
    gap_to_next: float | None  # points ahead of the row below; None when no one is below
    margin: float | None  # points ahead of the first car outside the places; None if none
    secure: bool  # no one can take the place away

    @property
    def entry(self) -> Key:
        return self.row.key

    @property
    def words(self) -> str:
        return wording.holder_words(self)


@dataclass(frozen=True, slots=True)
class InvitationRace:
    rule: InvitationRule
    standings: ClassStandings
    races_held: int
    races_left: int
    points_per_race: float  # the most one race gives one car (a win from pole)
    points_left: float  # the most a car can still win this season
    holders: tuple[InvitationHolder, ...]
    contenders: tuple[Key, ...]  # entries outside the places that can still reach one

    @property
    def class_name(self) -> str:
        return self.rule.class_name

    @property
    def decided(self) -> bool:
        return len(self.holders) == self.rule.places and all(h.secure for h in self.holders)

    def in_contention(self, entry: Key) -> bool:
        """Holds a place or can still reach one."""
        return entry in self.contenders or any(h.entry == entry for h in self.holders)

    @property
    def words(self) -> str:
        return wording.invitation_race_words(self)


def invitation_races(rules: SportingRules, races: Sequence[Race]) -> tuple[InvitationRace, ...]:
    """The invitation race of every invitation-bearing class, in the file's order."""
    return tuple(_race(rules, races, rule) for rule in rules.invitations)


def invitation_race(
    rules: SportingRules, races: Sequence[Race], class_name: str
) -> InvitationRace | None:
    """The invitation race of one class; None if the class earns no invitation."""
    rule = rules.invitation(class_name)
    return None if rule is None else _race(rules, races, rule)


def _race(rules: SportingRules, races: Sequence[Race], rule: InvitationRule) -> InvitationRace:
    standings = class_standings(rules, races, rule.class_name, StandingsKind.TEAMS)
    races_left = max(0, rules.races - len(races))
    per_race = standings.scale.best_race
    left = per_race * races_left
    rows = standings.rows
    places = rule.places
    holders: list[InvitationHolder] = []
    outside = rows[places] if len(rows) > places else None
    for index, row in enumerate(rows[:places]):
        below = rows[index + 1] if index + 1 < len(rows) else None
        holders.append(
            InvitationHolder(
                place=index + 1,
                row=row,
                gap_to_next=None if below is None else row.points - below.points,
                margin=None if outside is None else row.points - outside.points,
                secure=_secure(rows, index, places, left),
            )
        )
    cut = rows[places - 1].points if len(rows) >= places else 0.0
    contenders: list[Key] = []
    for row in rows[places:]:
        if left > 0 and row.points + left >= cut or left == 0 and row.position <= places:
            contenders.append(row.key)
    return InvitationRace(
        rule=rule,
        standings=standings,
        races_held=standings.races_held,
        races_left=races_left,
        points_per_race=per_race,
        points_left=left,
        holders=tuple(holders),
        contenders=tuple(contenders),
    )


def _secure(rows: Sequence[StandingRow], index: int, places: int, left: float) -> bool:
    """Whether the row at `index` ends the season in the top `places` whatever happens."""
    row = rows[index]
    if left == 0:
        # The season is over: secure unless level, after every tie-break, with a car that
        # would then share the last invited place.
        return (
            row.position <= places and sum(1 for r in rows if r.position <= row.position) <= places
        )
    if left >= row.points:
        return False  # even a car yet to score could draw level
    # The holder scores nothing more; every other car wins everything left.
    threats = sum(
        1 for i, other in enumerate(rows) if i != index and other.points + left >= row.points
    )
    return threats <= places - 1
