"""Which championships a page speaks of: the current season of each series (the latest to have
begun), and the season entry a driver races in. A few statements, then `loader`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from academy.championship import loader
from academy.championship.season import Championship, rules_for
from academy.championship.stored import store_championships, stored_championships
from academy.extensions import db
from academy.models import Event, RaceEntry, Result, Season, Series
from academy.sporting import InvitationRace, SportingRules, StandingRow
from academy.sporting.wording import points_words

if TYPE_CHECKING:
    from academy.dossiers.pdf.model import ChampionshipStanding


def current_seasons(today: date) -> list[loader.SeasonInfo]:
    """The latest season of each series that has begun by `today` and has a race. One
    statement."""
    rows = db.session.execute(
        select(Season.id, Season.label, Season.starts_on, Series.code, Series.name)
        .join(Series, Series.id == Season.series_id)
        .where(Season.starts_on <= today, Season.id.in_(select(Event.season_id)))
        .order_by(Series.code, Season.starts_on.desc())
    ).all()
    latest: dict[str, loader.SeasonInfo] = {}
    for row in rows:
        latest.setdefault(row[3], loader.SeasonInfo(*row))
    return list(latest.values())


def invitation_championships(today: date) -> list[Championship]:
    """The current championships that give Le Mans invitations, with their standings: as
    stored for the data as it is now (`stored`), worked out only when the data changed. Two or
    three statements when stored, whatever the number of races and cars."""
    seasons = invitation_seasons(today)
    found = stored_championships(seasons)
    return [found[season.id] for season, _ in seasons]


def invitation_seasons(today: date) -> list[tuple[loader.SeasonInfo, SportingRules | None]]:
    """The current seasons whose rules give Le Mans invitations, with their rules."""
    return [
        (season, rules)
        for season in current_seasons(today)
        if (rules := rules_for(season)) is not None and rules.invitations
    ]


def store_current_championships(today: date) -> int:
    """Store the current invitation championships for the data as it is now (after a write
    that changes them; flushes only): how many were worked out."""
    return store_championships(invitation_seasons(today))


@dataclass(frozen=True)
class DriverInvitation:
    champ: Championship
    race: InvitationRace
    row: StandingRow

    @property
    def holder(self):  # noqa: ANN201
        return next((h for h in self.race.holders if h.entry == self.row.key), None)

    @property
    def in_contention(self) -> bool:
        return self.race.in_contention(self.row.key)

    @property
    def gap_to_place(self) -> float | None:
        """Points behind the last invitation place (None when holding one)."""
        if self.holder is not None or not self.race.holders:
            return None
        return self.race.holders[-1].row.points - self.row.points


def driver_invitation(driver_id: int) -> DriverInvitation | None:
    """The invitation race of the entry the driver last raced in, when its season gives
    invitations in the car's class. One statement, then the season's championship as stored
    (`stored_championships`: two statements when it is), worked out only when it is not."""
    row = db.session.execute(
        select(
            Season.id,
            Season.label,
            Season.starts_on,
            Series.code,
            Series.name,
            RaceEntry.season_entry_id,
        )
        .join(Series, Series.id == Season.series_id)
        .join(Event, Event.season_id == Season.id)
        .join(RaceEntry, RaceEntry.event_id == Event.id)
        .join(Result, Result.entry_id == RaceEntry.id)
        .where(Result.driver_id == driver_id, RaceEntry.season_entry_id.is_not(None))
        .order_by(Event.starts_on.desc(), Event.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    season, entry_id = loader.SeasonInfo(*row[:5]), row[5]
    if entry_id is None:
        return None
    champ = stored_championships([(season, rules_for(season))])[season.id]
    found = champ.invitation_for(entry_id)
    if found is None:
        return None
    return DriverInvitation(champ, *found)


def championship_standing(driver_id: int) -> ChampionshipStanding | None:
    """The invitation dossier's words for the driver's car in its invitation race."""
    from academy.dossiers.pdf.model import ChampionshipStanding

    found = driver_invitation(driver_id)
    if found is None:
        return None
    race, row, champ = found.race, found.row, found.champ
    rule = race.rule
    where = f"{rule.into} at Le Mans {rule.le_mans}"
    holder = found.holder
    if holder is not None:
        verb = "has secured" if holder.secure else "holds"
        invitation = f"{verb} invitation place {holder.place} ({where})"
    elif found.in_contention:
        invitation = (
            f"in contention for {where}, {points_words(found.gap_to_place or 0)} points behind "
            "the last invitation place"
        )
    else:
        invitation = f"out of contention for {where}"
    if not race.decided:
        invitation += f"; not decided, {points_words(race.points_left)} points still to be won"
    return ChampionshipStanding(
        season=champ.facts.season.name,
        class_name=rule.class_name,
        car=champ.entry(row.key).words,
        position=row.position,
        points=points_words(row.points),
        races=f"{race.races_held} of {race.races_held + race.races_left} races held",
        invitation=invitation,
    )
