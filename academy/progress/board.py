"""The cohort board: every driver arranged by the stage they have reached.

Plain Python: a driver's standing (stage reached, next stage, status flags, latest class)
comes from the engine's verdicts, here; the route loads them (stored or afresh, see
standings.py) and this arranges them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from academy.enums import RaceClass
from academy.pathway.facts import DriverFacts
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import DriverPathway, Status
from academy.progress.facts_loader import DriverSummary

# What the status filter offers, and what each means on the board.
BOARD_STATUSES: dict[str, str] = {
    Status.NOT_MET.value: "Working towards a stage (not met)",
    Status.UNKNOWN.value: "Facts missing (unknown)",
    Status.EXPIRING.value: "Licence or medical expiring",
    Status.MET.value: "Every stage reached (met)",
}
NO_STAGE = "none"


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a driver stands: enough to place, count and filter their card."""

    current_stage: str | None  # key of the highest stage reached
    next_stage: str | None  # key of the stage worked towards
    flags: frozenset[str]  # BOARD_STATUSES keys that apply
    latest_class: RaceClass | None  # class of the latest race on or before the day


def latest_class(facts: DriverFacts, as_of: date) -> RaceClass | None:
    latest = max(
        (result for result in facts.results if result.event_date <= as_of),
        key=lambda result: (result.event_date, result.id),
        default=None,
    )
    return latest.race_class if latest else None


def board_flags(pathway: DriverPathway) -> frozenset[str]:
    """Which statuses a driver shows on the board: what is expiring or unknown in the stages
    reached and the one worked towards; not met while a stage is ahead; met at the top."""
    watched = [stage for stage in pathway.stages if stage.reached]
    if pathway.next is not None:
        watched.append(pathway.next)
    seen = {verdict.status for stage in watched for verdict in stage.requirements}
    flags = {status.value for status in (Status.EXPIRING, Status.UNKNOWN) if status in seen}
    if pathway.next is not None:
        flags.add(Status.NOT_MET.value)
    elif pathway.current is not None:
        flags.add(Status.MET.value)
    return frozenset(flags)


def standing_of(pathway: DriverPathway, facts: DriverFacts) -> Standing:
    return Standing(
        current_stage=pathway.current_stage,
        next_stage=pathway.next_stage,
        flags=board_flags(pathway),
        latest_class=latest_class(facts, pathway.as_of),
    )


@dataclass(frozen=True, slots=True)
class BoardRow:
    driver: DriverSummary
    standing: Standing

    @property
    def race_class(self) -> RaceClass | None:
        return self.standing.latest_class

    @property
    def flags_in_order(self) -> list[str]:
        return [status for status in BOARD_STATUSES if status in self.standing.flags]


@dataclass(frozen=True)
class BoardColumn:
    key: str  # a stage key, or NO_STAGE
    name: str
    rows: list[BoardRow]


def build_board(
    drivers: list[DriverSummary],
    standings: Mapping[int, Standing],
    rule_set: RuleSet,
    *,
    race_class: RaceClass | None = None,
    status: str | None = None,
) -> list[BoardColumn]:
    """Columns in ladder order (drivers with no stage yet first), every stage shown even when
    empty, drivers in the order given (by name) within each."""
    columns = {NO_STAGE: BoardColumn(NO_STAGE, "No stage reached yet", [])}
    for stage in rule_set.stages:
        columns[stage.key] = BoardColumn(stage.key, stage.name, [])
    for driver in drivers:
        standing = standings.get(driver.id)
        if standing is None:  # removed while the board was being worked out
            continue
        if race_class is not None and standing.latest_class is not race_class:
            continue
        if status and status not in standing.flags:
            continue
        column = columns.get(standing.current_stage or NO_STAGE, columns[NO_STAGE])
        column.rows.append(BoardRow(driver, standing))
    return list(columns.values())


def shown_rows(columns: list[BoardColumn], card_limit: int, expanded: str) -> list[BoardRow]:
    """The cards a page draws: the first `card_limit` of each column, all of the expanded one."""
    return [
        row
        for column in columns
        for row in (column.rows if column.key == expanded else column.rows[:card_limit])
    ]
