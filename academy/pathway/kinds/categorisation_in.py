"""categorisation_in: the driver's FIA categorisation on the day is one of those allowed (the
dated history says which applied then)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from academy.enums import Categorisation, label
from academy.pathway import wording as words
from academy.pathway.checks import Check, CheckContext, DriverView
from academy.pathway.kinds import Kind, no_horizon, register
from academy.pathway.reading import Reader
from academy.pathway.rules import Requirement
from academy.pathway.verdicts import RequirementVerdict, Status


@dataclass(frozen=True, slots=True)
class CategorisationIn:
    allowed: frozenset[Categorisation]


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> CategorisationIn:
    allowed = reader.members(Categorisation, raw, "allowed", "categorisation", where, required=True)
    return CategorisationIn(allowed=allowed)


class CategorisationCheck(Check):
    __slots__ = ("params", "allowed_words", "answers")

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, CategorisationIn)
        self.params = requirement.params
        self.allowed_words = words.either(label(item) for item in sorted(self.params.allowed))
        self.answers: dict[Categorisation | None, RequirementVerdict] = {}
        super().__init__(requirement, context)

    def describe(self) -> str:
        return f"FIA driver categorisation {self.allowed_words}"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        category = view.facts.categorisation_on(self.as_of)
        # The verdict depends on the category alone: made once per category, then shared.
        answer = self.answers.get(category)
        if answer is None:
            answer = self.answers[category] = self.answer(category)
        return answer

    def answer(self, category: Categorisation | None) -> RequirementVerdict:
        if category is None:
            return self.verdict(
                Status.UNKNOWN, missing="unknown: no FIA driver categorisation recorded"
            )
        if category in self.params.allowed:
            return self.verdict(Status.MET)
        return self.verdict(
            Status.NOT_MET,
            missing=(
                f"an FIA driver categorisation of {self.allowed_words} (yours is {label(category)})"
            ),
        )


register(
    Kind(
        name="categorisation_in",
        params=CategorisationIn,
        fields=frozenset({"allowed"}),
        read=read,
        check=CategorisationCheck,
        # A new category starts on its record's day, a fact dated later: no horizon of its own.
        horizon=no_horizon,
        listed=80,
    )
)
