"""Before a rule set is put in use: which drivers' stages and verdicts would change today.

Every driver's facts are loaded once (the facts loader's fixed statements) and evaluated under
the rule set in use and under the candidate; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from academy.pathway.engine import EvaluationFailed, evaluate_many
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import DriverPathway, RequirementVerdict, StageVerdict
from academy.progress.facts_loader import EVERY_DRIVER, DriverSummary, load_facts

SHOWN_DRIVERS = 200  # the page lists this many changed drivers, and says how many there are


@dataclass(frozen=True)
class ChangedVerdict:
    stage: str
    label: str
    before: str  # a status label, or "not in this version"
    after: str


@dataclass(frozen=True)
class DriverChange:
    driver: DriverSummary
    stage_before: str  # the current stage's name, "none yet" when none
    stage_after: str
    verdicts: tuple[ChangedVerdict, ...]


@dataclass(frozen=True)
class Preview:
    as_of: date
    drivers: int
    changes: tuple[DriverChange, ...]  # at most SHOWN_DRIVERS
    changed: int  # how many drivers in all
    failure: str = ""  # the candidate cannot evaluate someone: activation would be refused


def preview_activation(in_use: RuleSet, candidate: RuleSet, as_of: date) -> Preview:
    loaded = load_facts(EVERY_DRIVER)
    facts = loaded.in_order()
    before = evaluate_many(facts, in_use, as_of)
    try:
        after = evaluate_many(facts, candidate, as_of)
    except EvaluationFailed as error:
        return Preview(as_of, len(facts), (), 0, str(error))
    changes: list[DriverChange] = []
    changed = 0
    for driver, old, new in zip(loaded.drivers, before, after, strict=True):
        change = _change(driver, old, new)
        if change is not None:
            changed += 1
            if len(changes) < SHOWN_DRIVERS:
                changes.append(change)
    return Preview(as_of, len(facts), tuple(changes), changed)


def _verdicts(pathway: DriverPathway) -> dict[str, tuple[str, RequirementVerdict]]:
    return {
        verdict.requirement_id: (stage.name, verdict)
        for stage in pathway.stages
        for verdict in stage.requirements
    }


def _stage_name(pathway: DriverPathway) -> str:
    return pathway.current.name if pathway.current else "none yet"


def _stage_state(stage: StageVerdict) -> str:
    if stage.reached and not stage.held:
        return "Reached, not held now"
    return "Reached" if stage.reached else "Not reached"


def _change(driver: DriverSummary, old: DriverPathway, new: DriverPathway) -> DriverChange | None:
    """What a reader would see change: stages reached or not, verdicts of requirements in both
    versions, and requirements only one version has when they are not met there."""
    rows = []
    for stage in new.stages:
        was = old.stage(stage.key)
        if was is not None and _stage_state(was) != _stage_state(stage):
            rows.append(
                ChangedVerdict(stage.name, "the stage", _stage_state(was), _stage_state(stage))
            )
    old_verdicts, new_verdicts = _verdicts(old), _verdicts(new)
    for requirement_id, (stage_name, verdict) in new_verdicts.items():
        previous = old_verdicts.get(requirement_id)
        if previous is None:
            if not verdict.met:
                rows.append(ChangedVerdict(stage_name, verdict.label, "new", verdict.status.label))
        elif previous[1].status is not verdict.status:
            rows.append(
                ChangedVerdict(
                    stage_name, verdict.label, previous[1].status.label, verdict.status.label
                )
            )
    for requirement_id, (stage_name, verdict) in old_verdicts.items():
        if requirement_id not in new_verdicts and not verdict.met:
            rows.append(ChangedVerdict(stage_name, verdict.label, verdict.status.label, "dropped"))
    stage_before, stage_after = _stage_name(old), _stage_name(new)
    if not rows and stage_before == stage_after:
        return None
    return DriverChange(driver, stage_before, stage_after, tuple(rows))
