"""The cohort board's standings, stored so that a board of thousands is not worked out anew on
every view.

Evaluating a driver needs all their facts; for 10,000 drivers loading those alone takes
seconds. Yet from one view of the board to the next almost nobody's standing changes. So each
driver's standing (models.PathwayStanding) is kept with what it was worked out from, and is
used only while all of these still hold:
- the rule set in use is the same (RuleSet.ref: key, version and the file's hash);
- the driver's facts are the same: drivers.facts_version, which database triggers bump on
  every change to anything the engine reads (migration 0003), equals the one stored;
- the day asked for lies within evaluated_on..valid_through, the days over which the
  statuses cannot change with time alone (academy/pathway/horizon.py).
Everyone else is evaluated afresh. Viewing the board stores nothing (a GET writes nothing);
standings are stored by `flask pathway store-standings` (nightly from cron, and by `flask
setup`) and by putting a rule set in use (a job), both through store_todays_standings.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from academy.clock import academy_today
from academy.extensions import db
from academy.models import Driver, PathwayStanding
from academy.pathway.engine import evaluate_many
from academy.pathway.facts import DriverFacts
from academy.pathway.horizon import unchanged_through
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import DriverPathway
from academy.progress.board import Standing, standing_of
from academy.progress.collector import collector_paused
from academy.progress.facts_loader import (
    EVERY_DRIVER,
    DriverSummary,
    Selection,
    drivers_query,
    load_facts,
    summary_of,
)

log = logging.getLogger(__name__)

# Above this many drivers to evaluate, their facts are loaded with the board's own selection
# rather than a list of ids (a statement has a limited number of parameters).
ID_LIST_LIMIT = 5000
# After storing this many standings at once, PostgreSQL's statistics are brought up to date.
ANALYZE_AFTER = 1000


class StoredBoard:
    """What stored_board read: every selected driver's row, by name, with their stored
    standing where it holds. A board whose content is stored needs only its version; the
    drivers and standings are built from the rows when the board is drawn."""

    __slots__ = ("rows",)

    def __init__(self, rows: Sequence[Any]) -> None:
        self.rows = rows

    def drivers_and_standings(self) -> tuple[list[DriverSummary], dict[int, Standing]]:
        drivers = []
        standings = {}
        for row in self.rows:
            driver = summary_of(row)
            drivers.append(driver)
            current, following, flags, race_class, standing_driver = row[-5:]
            if standing_driver is not None:
                standings[driver.id] = Standing(
                    current_stage=current,
                    next_stage=following,
                    flags=frozenset(flags.split(",")) if flags else frozenset(),
                    latest_class=race_class,
                )
        return drivers, standings

    def version(self) -> str:
        """A digest of everything the board is drawn from beside the rule set, the day and the
        viewer: every driver's row (their facts_version names their facts) and stored
        standing (its flags are stored sorted). Enum members by their values: an enum's
        repr is a Python call, and this runs over every driver on every view."""
        values = [
            (
                *row[:7],
                row[7] and row[7]._value_,
                *row[8:-2],
                row[-2] and row[-2]._value_,
                row[-1],
            )
            for row in self.rows
        ]
        return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BoardStandings:
    drivers: list[DriverSummary]  # by name
    standings: dict[int, Standing]  # by driver id, every driver
    pathways: dict[int, DriverPathway]  # the drivers evaluated afresh here
    stored: int  # how many standings were used as stored


def board_standings(
    selection: Selection,
    rule_set: RuleSet,
    as_of: date,
    *,
    store: bool,
    read: StoredBoard | None = None,
) -> BoardStandings:
    """Every selected driver's standing on `as_of`: stored ones while they hold, the others
    evaluated now (and stored when `store`, i.e. when the board is for today). `read`: what
    stored_board already read for the same selection, rule set and day."""
    with collector_paused():
        drivers, standings = (
            read or stored_board(selection, rule_set, as_of)
        ).drivers_and_standings()
        stale = [driver.id for driver in drivers if driver.id not in standings]
        pathways: dict[int, DriverPathway] = {}
        if stale:
            pathways, facts, versions = evaluate_drivers(
                stale if len(stale) <= ID_LIST_LIMIT else selection, rule_set, as_of
            )
            fresh = {
                driver_id: standing_of(pathway, facts[driver_id])
                for driver_id, pathway in pathways.items()
            }
            if store:
                _store(fresh, pathways, facts, versions, rule_set)
            standings.update(fresh)
    return BoardStandings(
        drivers=drivers,
        standings=standings,
        pathways=pathways,
        stored=len(drivers) - len(stale),
    )


def store_todays_standings(rule_set: RuleSet, *, afresh: bool = False) -> BoardStandings:
    """Every driver's standing today, stored where it no longer held (after a rule set is
    activated, or nightly), so that no coach waits for a board worked out from nothing;
    `afresh`: every driver worked out and stored again, whatever is stored. Flushes only: the
    caller commits (a rule set activation commits only once every driver evaluates).
    EvaluationFailed names a driver the rule set cannot evaluate."""
    if afresh:
        db.session.execute(delete(PathwayStanding))
    return board_standings(EVERY_DRIVER, rule_set, academy_today(), store=True)


def evaluate_drivers(
    selection: Selection, rule_set: RuleSet, as_of: date
) -> tuple[dict[int, DriverPathway], dict[int, DriverFacts], dict[int, int]]:
    """Load and evaluate the selected drivers: their pathways, facts and facts_version, by id."""
    loaded = load_facts(selection)
    facts_list = loaded.in_order()
    pathways = evaluate_many(facts_list, rule_set, as_of)
    return (
        {facts.driver_id: pathway for facts, pathway in zip(facts_list, pathways, strict=True)},
        loaded.facts,
        {driver.id: driver.facts_version for driver in loaded.drivers},
    )


def shown_pathways(
    shown: list[int],
    board: BoardStandings,
    selection: Selection,
    rule_set: RuleSet,
    as_of: date,
) -> dict[int, DriverPathway]:
    """The full verdicts of the cards a page draws (what is missing, in words of as_of):
    those just worked out, the others now, their stored standing checked against them (see
    check_shown: a stored standing that disagrees is replaced in `board.standings`)."""
    pathways = {
        driver_id: board.pathways[driver_id] for driver_id in shown if driver_id in board.pathways
    }
    to_evaluate = [driver_id for driver_id in shown if driver_id not in pathways]
    if to_evaluate:
        fresh, facts, _ = evaluate_drivers(
            to_evaluate if len(to_evaluate) <= ID_LIST_LIMIT else selection, rule_set, as_of
        )
        check_shown(fresh, facts, board.standings)
        pathways.update(fresh)
    return pathways


def check_shown(
    pathways: dict[int, DriverPathway],
    facts: dict[int, DriverFacts],
    standings: dict[int, Standing],
) -> list[int]:
    """Drivers whose stored standing disagrees with the verdicts just worked out for their
    card (a fact changed without its trigger firing: it must not happen). The page uses the
    standing just worked out (replaced in `standings`) and the ids are logged; nothing is
    written (a GET writes nothing): the stored row gives way at the driver's next change, or
    to `flask pathway store-standings --afresh`."""
    wrong = {
        driver_id: standing_of(pathway, facts[driver_id])
        for driver_id, pathway in pathways.items()
        if driver_id in standings and standings[driver_id] != standing_of(pathway, facts[driver_id])
    }
    if wrong:
        log.warning("stored pathway standings out of date", extra={"drivers": sorted(wrong)})
        standings.update(wrong)
    return sorted(wrong)


# --- reading and writing ----------------------------------------------------------------------


def stored_board(selection: Selection, rule_set: RuleSet, as_of: date) -> StoredBoard:
    """The drivers, and the stored standings that hold for them on as_of (one statement)."""
    query = drivers_query(
        selection,
        PathwayStanding.current_stage,
        PathwayStanding.next_stage,
        PathwayStanding.flags,
        PathwayStanding.latest_class,
        PathwayStanding.driver_id,
    ).outerjoin(
        PathwayStanding,
        and_(
            PathwayStanding.driver_id == Driver.id,
            PathwayStanding.rule_set_ref == rule_set.ref,
            PathwayStanding.facts_version == Driver.facts_version,
            PathwayStanding.evaluated_on <= as_of,
            PathwayStanding.valid_through >= as_of,
        ),
    )
    return StoredBoard(db.session.connection().execute(query).all())


def _store(
    fresh: dict[int, Standing],
    pathways: dict[int, DriverPathway],
    facts: dict[int, DriverFacts],
    versions: dict[int, int],
    rule_set: RuleSet,
) -> None:
    """Insert or replace the drivers' stored standings. Two boards viewed at once may both
    store the same drivers: the database's upsert settles it, and should it still refuse
    (SQLite busy), the standings are simply worked out again next time."""
    rows = [
        {
            "driver_id": driver_id,
            "rule_set_ref": rule_set.ref,
            "facts_version": versions[driver_id],
            "evaluated_on": pathways[driver_id].as_of,
            "valid_through": unchanged_through(facts[driver_id], pathways[driver_id]),
            "current_stage": standing.current_stage,
            "next_stage": standing.next_stage,
            "flags": ",".join(sorted(standing.flags)),
            "latest_class": standing.latest_class,
        }
        for driver_id, standing in fresh.items()
    ]
    if not rows:
        return
    dialect_insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(PathwayStanding)
    upsert = statement.on_conflict_do_update(
        index_elements=[PathwayStanding.driver_id],
        set_={name: statement.excluded[name] for name in rows[0] if name != "driver_id"},
    )
    try:
        with db.session.begin_nested():
            db.session.execute(upsert, rows)
            if len(rows) >= ANALYZE_AFTER and db.engine.dialect.name == "postgresql":
                # So that the next board reads them by index, not by a plan made for an
                # empty table (autovacuum would only catch up within a minute or so).
                db.session.execute(text("ANALYZE pathway_standings"))
    except DBAPIError as error:
        log.warning("pathway standings not stored: %s", error.orig)
