"""Championships stored per version of the data they are made of, so that a page that shows
the current seasons' standings (the director's dashboard) does not work them out on every view.

A stored championship serves while what it was made from is what it would be made from now:
- the championship data version (DataVersion "championship"), which database triggers replace
  on every write to results, race entries, season entries, teams, events, seasons, series,
  categorisation records or a driver's name or category (migration 0013);
- the season's sporting rules file (its digest);
- the code that works standings out (CODE_DIGEST).
It lives in the database, so every app server shares it, with a memo per process in front (a
memo entry is as good as the stored row it was read from: same `made_from`).

A view stores nothing (a GET writes nothing): one that finds none stored for the data as it is
works them out and keeps them in its process's memo. They are stored by the write that changes
them most, a confirmed timing import (in its commit), and by `flask championship
store-standings` (nightly from cron, and `flask setup`), both through store_championships.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from academy.championship import loader
from academy.championship.season import Championship, championship
from academy.clock import utcnow
from academy.extensions import db
from academy.models import DataVersion, StoredStandings
from academy.sporting import SportingRules

log = logging.getLogger(__name__)

CHAMPIONSHIP_DATA = "championship"
_PACKAGE = Path(__file__).resolve().parents[1]
# What a championship is worked out with: a deploy that changes any of it stores them anew.
_CODE_FILES = sorted(
    [*(_PACKAGE / "sporting").glob("*.py"), _PACKAGE / "championship" / "loader.py"]
    + [_PACKAGE / "championship" / "season.py"]
)
CODE_DIGEST = hashlib.sha256(b"".join(path.read_bytes() for path in _CODE_FILES)).hexdigest()[:16]
# Per process: season id -> (made_from, championship). A handful of current seasons.
_memo: dict[int, tuple[str, Championship]] = {}
MEMO_LIMIT = 32


# Built once: the stored pages read it on every view, and building it cost more than running it.
_CHAMPIONSHIP_VERSION = select(DataVersion.version).where(DataVersion.name == CHAMPIONSHIP_DATA)


def championship_data_version() -> str | None:
    """The current championship data version; None before any championship data was written
    (nothing is then stored or read: the championships are worked out). One statement."""
    return db.session.execute(_CHAMPIONSHIP_VERSION).scalar_one_or_none()


def made_from(version: str, rules: SportingRules | None) -> str:
    return f"{version}:{rules.digest if rules else '-'}:{CODE_DIGEST}"


def stored_championships(
    seasons: Sequence[tuple[loader.SeasonInfo, SportingRules | None]],
) -> dict[int, Championship]:
    """Each season's championship (given with its rules, `rules_for`), by season id: from the
    memo, else as stored, else worked out (kept in the memo). Two statements when all are stored
    (the version, the stored rows not in the memo), and the loader's five for each season
    worked out."""
    if not seasons:
        return {}
    version = championship_data_version()
    if version is None:
        return {season.id: _worked_out(season.id) for season, _ in seasons}
    wanted = {season.id: made_from(version, rules) for season, rules in seasons}
    found = {
        season_id: memo[1]
        for season_id, key in wanted.items()
        if (memo := _memo.get(season_id)) is not None and memo[0] == key
    }
    missing = [season_id for season_id in wanted if season_id not in found]
    if missing:
        found.update(_read_stored({season_id: wanted[season_id] for season_id in missing}))
    for season_id in wanted:
        if season_id not in found:
            found[season_id] = _worked_out(season_id)
            _remember(season_id, wanted[season_id], found[season_id])
    return found


def store_championships(
    seasons: Sequence[tuple[loader.SeasonInfo, SportingRules | None]],
) -> int:
    """Work out and store the seasons' championships whose stored one no longer holds, for
    the data as this transaction sees it (after the writes of the request or command, which
    then commits). Flushes only. How many were worked out."""
    version = championship_data_version()
    if version is None or not seasons:
        return 0
    wanted = {season.id: made_from(version, rules) for season, rules in seasons}
    current = set(
        db.session.execute(
            select(StoredStandings.season_id).where(
                StoredStandings.season_id.in_(wanted),
                StoredStandings.made_from.in_(set(wanted.values())),
            )
        ).scalars()
    )
    fresh = {
        season_id: (key, _worked_out(season_id))
        for season_id, key in wanted.items()
        if season_id not in current
    }
    if fresh:
        _store(fresh)
    return len(fresh)


def _worked_out(season_id: int) -> Championship:
    facts = loader.season_facts(season_id)
    if facts is None:
        raise LookupError(f"no season {season_id}")
    return championship(facts)


def _remember(season_id: int, key: str, champ: Championship) -> None:
    if len(_memo) >= MEMO_LIMIT and season_id not in _memo:
        _memo.pop(next(iter(_memo)))
    _memo[season_id] = (key, champ)


def _read_stored(wanted: dict[int, str]) -> dict[int, Championship]:
    found = {}
    rows = db.session.execute(
        select(StoredStandings.season_id, StoredStandings.made_from, StoredStandings.payload).where(
            StoredStandings.season_id.in_(wanted)
        )
    ).all()
    for season_id, key, payload in rows:
        if key != wanted[season_id]:
            continue
        try:
            # Written only by _store below, from this code (CODE_DIGEST is part of the key).
            champ = pickle.loads(payload)
        except Exception as error:  # a row this code cannot read is worked out again
            log.warning(
                "stored standings unreadable", extra={"season_id": season_id, "error": str(error)}
            )
            continue
        _remember(season_id, key, champ)
        found[season_id] = champ
    return found


def _store(fresh: dict[int, tuple[str, Championship]]) -> None:
    """Insert or replace the seasons' stored championships. Two writers at once: the database's
    upsert settles it, and should it still refuse (SQLite busy), the next view works them out."""
    rows = [
        {
            "season_id": season_id,
            "made_from": key,
            "payload": pickle.dumps(champ, protocol=pickle.HIGHEST_PROTOCOL),
            "stored_at": utcnow(),
        }
        for season_id, (key, champ) in fresh.items()
    ]
    dialect_insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(StoredStandings)
    upsert = statement.on_conflict_do_update(
        index_elements=[StoredStandings.season_id],
        set_={name: statement.excluded[name] for name in ("made_from", "payload", "stored_at")},
    )
    try:
        with db.session.begin_nested():
            db.session.execute(upsert, rows)
    except DBAPIError as error:
        log.warning("stored standings not stored: %s", error.orig)
