"""A rule set in words, and the difference between two: what the director reads instead of
TOML. Plain data out, like the verdicts; the labels are the ones every verdict shows (written by
each kind's check when the rule file gave none)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from academy.enums import label
from academy.pathway import wording as words
from academy.pathway.engine import prepare
from academy.pathway.kinds.groups import Group
from academy.pathway.rules import Requirement, RuleSet, Stage


@dataclass(frozen=True, slots=True)
class RequirementText:
    id: str
    label: str
    source: str
    meaning: str = ""  # the engine's own words, when the rule file's label says it otherwise
    note: str = ""
    policy: bool = False
    unconfirmed: bool = False
    hold: bool = False
    either: bool = False  # the parts are alternatives (any_of), else all needed
    parts: tuple[RequirementText, ...] = ()

    @property
    def flags(self) -> tuple[str, ...]:
        found = []
        if self.policy:
            found.append("academy policy")
        if self.unconfirmed:
            found.append("value to confirm")
        if self.hold:
            found.append("must hold")
        return tuple(found)

    def as_line(self) -> str:
        """One line that changes whenever anything a reader sees changes (for the comparison)."""
        parts = "".join(f" [{part.as_line()}]" for part in self.parts)
        flags = f" ({', '.join(self.flags)})" if self.flags else ""
        meaning = f" = {self.meaning}" if self.meaning else ""
        return f"{self.label}{meaning}{flags}{parts} — {self.source}"


@dataclass(frozen=True, slots=True)
class StageText:
    key: str
    name: str
    description: str
    reached_by: str  # "" when the stage is reached only while its requirements are met
    requirements: tuple[RequirementText, ...]


@dataclass(frozen=True, slots=True)
class RuleSetText:
    key: str
    name: str
    version: str
    season: str
    effective_from: date
    stages: tuple[StageText, ...]
    licence_grades: tuple[StageText, ...]


def describe_rule_set(rule_set: RuleSet, as_of: date) -> RuleSetText:
    """Every stage and licence grade of the rule set, its requirements in words."""
    labels = prepare(rule_set, as_of).labels()
    stages = tuple(_stage_text(stage, labels) for stage in rule_set.stages)
    grades = tuple(
        StageText(
            key=entry.grade.value,
            name=f"{label(entry.grade)} licence",
            description=entry.description,
            reached_by="",
            requirements=tuple(_text(req, labels) for req in entry.requirements),
        )
        for entry in rule_set.licence_grades
    )
    return RuleSetText(
        rule_set.key,
        rule_set.name,
        rule_set.version,
        rule_set.season,
        rule_set.effective_from,
        stages,
        grades,
    )


def _stage_text(stage: Stage, labels: dict[str, tuple[str, str]]) -> StageText:
    reached_by = ""
    if stage.reached_by is not None:
        found = stage.reached_by
        classes = words.classes_words(found.classes) if found.classes else "any class"
        reached_by = (
            f"Reached by a race in {classes}{words.series_words(found.series)}; stays reached"
        )
    return StageText(
        stage.key,
        stage.name,
        stage.description,
        reached_by,
        tuple(_text(req, labels) for req in stage.requirements),
    )


def _text(requirement: Requirement, labels: dict[str, tuple[str, str]]) -> RequirementText:
    params = requirement.params
    parts: tuple[RequirementText, ...] = ()
    either = False
    if isinstance(params, Group):
        parts = tuple(_text(part, labels) for part in params.parts)
        either = params.any
    shown, meaning = labels.get(requirement.id, (requirement.label or requirement.id, ""))
    return RequirementText(
        id=requirement.id,
        label=shown,
        source=requirement.source,
        meaning="" if meaning == shown else meaning,
        note=requirement.note,
        policy=requirement.policy,
        unconfirmed=requirement.unconfirmed,
        hold=requirement.hold,
        either=either,
        parts=parts,
    )


@dataclass(frozen=True, slots=True)
class ComparedRow:
    """One requirement in two versions: '' on the side that lacks it."""

    stage: str
    id: str
    left: str
    right: str

    @property
    def change(self) -> str:
        if not self.left:
            return "added"
        if not self.right:
            return "removed"
        return "changed" if self.left != self.right else "same"


def compare_rule_sets(left: RuleSet, right: RuleSet, as_of: date) -> list[ComparedRow]:
    """Side by side, by stage (or licence grade) and requirement id, in the right one's order
    with what only the left one has after it."""

    def lines(text: RuleSetText) -> dict[tuple[str, str], str]:
        found: dict[tuple[str, str], str] = {}
        for stage in (*text.stages, *text.licence_grades):
            if stage.reached_by:
                found[(stage.name, f"{stage.key}.reached_by")] = stage.reached_by
            for requirement in stage.requirements:
                found[(stage.name, requirement.id)] = requirement.as_line()
        return found

    old = lines(describe_rule_set(left, as_of))
    new = lines(describe_rule_set(right, as_of))
    order = list(new) + [key for key in old if key not in new]
    return [
        ComparedRow(stage, rid, old.get((stage, rid), ""), new.get((stage, rid), ""))
        for stage, rid in order
    ]
