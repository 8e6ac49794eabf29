"""Which team a timing file means by the name it writes.

Timing files write a team's name as the entry was registered, and that changes with the
sponsor: "Vista AF Corse" and "Richard Mille AF Corse" are AF Corse's cars, "AO by TF" and
"CrowdStrike Racing by APR" are run by TF Sport and Algarve Pro Racing. A name is matched, in
this order, to a team

1. whose name or a name mapped to it (`Team.aliases`) is the same, ignoring case, accents,
   punctuation and a leading or trailing "Team";
2. named after the last " by " ("X by Y" is Y's car), the same way;
3. whose name ends the file's name (a sponsor's prefix: "Vista AF Corse" is AF Corse), the
   longest such name, when exactly one team has it.

A name that matches no team, or two, stays unmatched: the import preview lists it for the
director to map to a team or to create as a new one; an unanswered name becomes a new team when
the file is imported (`resolve_teams`).

`team_key` and `TeamMatcher` are pure; `load_team_matcher`, `map_team_name` and
`resolve_teams` talk to the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from academy import audit
from academy.extensions import db
from academy.models import RaceEntry, SeasonEntry, Team
from academy.text import search_key

_NOISE = ("team",)
UNNAMED = "Unnamed team"  # the team of a car whose file gives no team name


def team_key(name: str) -> str:
    """'Team Virage' -> 'virage', 'TEAM  VIRAGE.' -> 'virage', 'Ébène Racing' -> 'ebene racing'."""
    words = search_key(name).split()
    while len(words) > 1 and words[0] in _NOISE:
        words = words[1:]
    while len(words) > 1 and words[-1] in _NOISE:
        words = words[:-1]
    return " ".join(words)


@dataclass(frozen=True)
class KnownTeam:
    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamMatch:
    name: str  # as the file writes it
    team_id: int | None
    team_name: str | None
    how: str  # "same name", "run by", "sponsor's name before it", or why it is unmatched


class TeamMatcher:
    def __init__(self, teams: Iterable[KnownTeam]) -> None:
        self._by_key: dict[str, set[KnownTeam]] = {}
        for team in teams:
            for name in (team.name, *team.aliases):
                key = team_key(name)
                if key:
                    self._by_key.setdefault(key, set()).add(team)

    def _exact(self, key: str) -> set[KnownTeam]:
        """The teams of that name: none, one, or (an ambiguous name) several."""
        return self._by_key.get(key, set())

    def match(self, name: str) -> TeamMatch:
        key = team_key(name) or team_key(UNNAMED)
        found = self._exact(key)
        if len(found) > 1:
            return TeamMatch(name, None, None, "the name of more than one team")
        for team in found:
            return TeamMatch(name, team.id, team.name, "same name")
        words = key.split()
        if "by" in words[1:-1]:
            at = len(words) - 1 - words[::-1].index("by")
            runners = self._exact(team_key(" ".join(words[at + 1 :])))
            if len(runners) == 1:
                runner = next(iter(runners))
                return TeamMatch(name, runner.id, runner.name, "run by")
        for start in range(1, len(words)):
            found = self._exact(" ".join(words[start:]))
            if len(found) > 1:
                return TeamMatch(name, None, None, "ends with the name of more than one team")
            for team in found:
                return TeamMatch(name, team.id, team.name, "sponsor's name before it")
        return TeamMatch(name, None, None, "no team of that name")


def load_team_matcher() -> TeamMatcher:
    """Every team, one statement."""
    rows = db.session.execute(db.select(Team.id, Team.name, Team.aliases)).all()
    return TeamMatcher(KnownTeam(id_, name, tuple(aliases or ())) for id_, name, aliases in rows)


class TeamNameError(ValueError):
    pass


def map_team_name(name: str, *, team_id: int | None, country: str = "") -> Team:
    """The director's answer for a name the matcher could not place: another name of team
    `team_id`, or (team_id None) a new team of that name. Flushes; the caller commits."""
    clean = " ".join(name.split())[:200]
    if not team_key(clean):
        raise TeamNameError("A team needs a name with letters or digits.")
    if team_id is None:
        existing = load_team_matcher().match(clean)
        if existing.how == "same name":
            raise TeamNameError(f"{existing.team_name} already has that name.")
        team = Team(name=clean, country=country.strip().upper()[:3], aliases=[])
        db.session.add(team)
        db.session.flush()
        audit.record("team_created", team, after={"name": team.name, "country": team.country})
        return team
    known = db.session.get(Team, team_id)
    if known is None:
        raise TeamNameError("That team does not exist.")
    if clean not in known.aliases:
        before = list(known.aliases)
        known.aliases = [*known.aliases, clean]
        db.session.flush()
        audit.record(
            "team_alias_added", known, before={"aliases": before}, after={"aliases": known.aliases}
        )
    return known


def resolve_teams(names: Iterable[str], matcher: TeamMatcher | None = None) -> dict[str, int]:
    """The team id of every name, creating a team for each name nothing matches (a file's team
    the director left unanswered). Flushes."""
    names = list(names)
    matcher = matcher or load_team_matcher()
    ids: dict[str, int] = {}
    created: dict[str, Team] = {}
    for name in names:
        if name in ids:
            continue
        match = matcher.match(name)
        if match.team_id is not None:
            ids[name] = match.team_id
            continue
        clean = " ".join(name.split())[:200] or UNNAMED
        if team_key(clean) not in created:
            created[team_key(clean)] = Team(name=clean, aliases=[])
            db.session.add(created[team_key(clean)])
    if created:
        db.session.flush()
        for name in names:
            if name not in ids:
                ids[name] = created[team_key(" ".join(name.split())[:200] or UNNAMED)].id
    return ids


def attach_season_entries(
    entries: Iterable[RaceEntry], season_id: int, matcher: TeamMatcher | None = None
) -> None:
    """Link each race entry to its team's car in the season (`SeasonEntry`), creating the
    season entries and teams that do not exist yet. Three statements and the inserts,
    whatever the number of cars. Flushes."""
    entries = [entry for entry in entries if entry.season_entry_id is None]
    if not entries:
        return
    team_ids = resolve_teams([entry.team for entry in entries], matcher)
    known = {
        (row.team_id, row.car_number): row
        for row in db.session.execute(
            db.select(SeasonEntry).where(SeasonEntry.season_id == season_id)
        ).scalars()
    }
    for entry in entries:
        key = (team_ids[entry.team], entry.car_number)
        if key not in known:
            known[key] = SeasonEntry(season_id=season_id, team_id=key[0], car_number=key[1])
            db.session.add(known[key])
        entry.season_entry = known[key]
    db.session.flush()
