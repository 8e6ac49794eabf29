"""The cohort board: every driver's verdicts arranged by the stage they have reached.

Plain Python over loaded facts and engine verdicts; the route loads, this arranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from academy.enums import RaceClass
from academy.pathway.engine import evaluate_many
from academy.pathway.facts import DriverFacts
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import DriverPathway, StageVerdict, Status
from academy.progress.collector import collector_paused
from academy.progress.facts_loader import DriverSummary, LoadedFacts

# What the status filter offers, and what each means on the board.
BOARD_STATUSES: dict[str, str] = {
    Status.NOT_MET.value: "Working towards a stage (not met)",
    Status.UNKNOWN.value: "Facts missing (unknown)",
    Status.EXPIRING.value: "Licence or medical expiring",
    Status.MET.value: "Every stage reached (met)",
}
NO_STAGE = "none"


@dataclass(frozen=True)
class BoardRow:
    driver: DriverSummary
    pathway: DriverPathway
    facts: DriverFacts
    flags: frozenset[str]  # BOARD_STATUSES keys that apply

    @property
    def race_class(self) -> RaceClass | None:
        """The class of the latest race on or before the board's day (worked out only for the
        cards shown and when filtering by class)."""
        return latest_class(self.facts, self.pathway.as_of)

    @property
    def working_on(self) -> StageVerdict | None:
        return self.pathway.next

    @property
    def flags_in_order(self) -> list[str]:
        return [status for status in BOARD_STATUSES if status in self.flags]


@dataclass(frozen=True)
class BoardColumn:
    key: str  # a stage key, or NO_STAGE
    name: str
    rows: list[BoardRow]


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


def build_board(
    loaded: LoadedFacts,
    rule_set: RuleSet,
    as_of: date,
    *,
    race_class: RaceClass | None = None,
    status: str | None = None,
) -> list[BoardColumn]:
    """Columns in ladder order (drivers with no stage yet first), every stage shown even when
    empty, drivers by name within each."""
    with collector_paused():
        pathways = evaluate_many(loaded.in_order(), rule_set, as_of)
        columns = {NO_STAGE: BoardColumn(NO_STAGE, "No stage reached yet", [])}
        for stage in rule_set.stages:
            columns[stage.key] = BoardColumn(stage.key, stage.name, [])
        for driver, pathway in zip(loaded.drivers, pathways, strict=True):
            row = BoardRow(
                driver=driver,
                pathway=pathway,
                facts=loaded.facts[driver.id],
                flags=board_flags(pathway),
            )
            if race_class is not None and row.race_class is not race_class:
                continue
            if status and status not in row.flags:
                continue
            columns[pathway.current_stage or NO_STAGE].rows.append(row)
    return list(columns.values())
