"""previous_stage: an earlier stage reached (the stage order of a rule set, shown to the driver
like any other requirement)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from academy.pathway.checks import Check, CheckContext, DriverView
from academy.pathway.kinds import Kind, no_horizon, register
from academy.pathway.reading import Reader
from academy.pathway.rules import Requirement
from academy.pathway.verdicts import RequirementVerdict, Status


@dataclass(frozen=True, slots=True)
class PreviousStage:
    stage: str


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> PreviousStage | None:
    """The stage's key; the loader checks it names an earlier stage of the file."""
    stage = reader.text(raw, "stage", where)
    return PreviousStage(stage=stage) if stage else None


class PreviousStageCheck(Check):
    __slots__ = ("stage_key", "stage_name", "answers")

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, PreviousStage)
        self.stage_key = requirement.params.stage
        self.stage_name = context.stage_names.get(self.stage_key, self.stage_key)
        super().__init__(requirement, context)
        # The verdict depends on nothing but the earlier stage's status: made once, shared.
        name = self.stage_name
        self.answers = {
            Status.MET: self.verdict(Status.MET),
            Status.EXPIRING: self.verdict(
                Status.EXPIRING, missing=f"keep {name} valid: something there expires soon"
            ),
            Status.UNKNOWN: self.verdict(
                Status.UNKNOWN,
                missing=f"unknown: {name} cannot be checked until its missing facts are recorded",
            ),
            Status.NOT_MET: self.verdict(
                Status.NOT_MET, missing=f"first complete the previous stage, {name}"
            ),
        }

    def describe(self) -> str:
        return f"Previous stage reached: {self.stage_name}"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        standing = view.standing.get(self.stage_key)
        if standing is None:
            return self.verdict(
                Status.UNKNOWN,
                missing=f"unknown: there is no stage {self.stage_key!r} in this rule set",
            )
        # Reached once stays reached (MET); what must hold there is asked again where it
        # matters.
        return self.answers[standing]


register(
    Kind(
        name="previous_stage",
        params=PreviousStage,
        fields=frozenset({"stage"}),
        read=read,
        check=PreviousStageCheck,
        # The earlier stage's own requirements carry its horizon.
        horizon=no_horizon,
        listed=100,
    )
)
