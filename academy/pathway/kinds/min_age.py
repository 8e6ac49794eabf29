"""min_age: at least N years old on the day, by birthday or by calendar year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from academy.pathway import wording as words
from academy.pathway.checks import Check, CheckContext, DriverView
from academy.pathway.facts import DriverFacts
from academy.pathway.kinds import Kind, register
from academy.pathway.kinds._horizon import FOREVER, ONE_DAY
from academy.pathway.reading import MAX_YEARS, Reader
from academy.pathway.rules import Requirement
from academy.pathway.verdicts import Progress, RequirementVerdict, Status, new
from academy.validity import age_on, birthday_in


@dataclass(frozen=True, slots=True)
class MinAge:
    years: int
    # "birthday": completed years on the day (a 29 February birthday falls on 1 March in
    # common years); "calendar_year": the age reached in the day's calendar year, as some
    # national sporting authorities count it (DMSB: "18 in the year of application").
    counted: str = "birthday"


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> MinAge | None:
    years = reader.integer(raw, "years", where, minimum=1, maximum=MAX_YEARS)
    counted = reader.choice(raw, "counted", ("birthday", "calendar_year"), where)
    if years is None:
        return None
    return MinAge(years=years, counted=counted)


class MinAgeCheck(Check):
    __slots__ = ("params",)

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, MinAge)
        self.params = requirement.params
        super().__init__(requirement, context)

    def describe(self) -> str:
        years = words.plural(self.params.years, "year")
        if self.params.counted == "calendar_year":
            return f"{years} old in the calendar year (the year of the birthday counts)"
        return f"At least {years} old"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        years = self.params.years
        born = view.facts.date_of_birth
        if born is None:
            return self.verdict(Status.UNKNOWN, missing="unknown: no date of birth recorded")
        if born > self.as_of:
            return self.verdict(
                Status.UNKNOWN,
                missing=(
                    f"unknown: the date of birth recorded ({words.format_date(born)}) is after "
                    f"{words.format_date(self.as_of)}; please correct it"
                ),
            )
        by_year = self.params.counted == "calendar_year"
        age = self.as_of.year - born.year if by_year else age_on(born, self.as_of)
        progress = new(Progress, (age, years, "years"))
        if age >= years:
            return self.verdict(Status.MET, progress=progress)
        if by_year:
            missing = (
                f"turn {years} in the calendar year: from 1 January {born.year + years} "
                f"(you turn {years} in {born.year + years})"
            )
        else:
            turns = birthday_in(born, born.year + years)
            missing = f"be {years} years old: you turn {years} on {words.format_date(turns)}"
        return self.verdict(Status.NOT_MET, progress=progress, missing=missing)


def horizon(
    verdict: RequirementVerdict, facts: DriverFacts, as_of: date, memo: dict[Any, Any]
) -> Iterable[date]:
    """The day before the birthday (or the 1 January) that makes the age."""
    params = verdict.requirement.params
    born = facts.date_of_birth
    if born is None or born.year + params.years > FOREVER.year:
        return
    if params.counted == "calendar_year":
        birthday = date(born.year + params.years, 1, 1)
    else:
        birthday = birthday_in(born, born.year + params.years)
    if birthday > as_of:
        yield birthday - ONE_DAY


register(
    Kind(
        name="min_age",
        params=MinAge,
        fields=frozenset({"years", "counted"}),
        read=read,
        check=MinAgeCheck,
        horizon=horizon,
        listed=20,
    )
)
