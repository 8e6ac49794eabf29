"""minimum_driving_time: N races in which the driver drove the race's minimum driving time, in
some series and classes within a window (the result's `driving_time_minimum_met`; a result
that does not say is never counted as met, and the verdict says how many did not say)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from academy.enums import RaceClass
from academy.pathway import wording as words
from academy.pathway.checks import (
    STARTED,
    CheckContext,
    DriverView,
    ResultFilter,
    Unsaid,
)
from academy.pathway.kinds import Kind, register
from academy.pathway.kinds._counting import CountingCheck, count_horizon
from academy.pathway.reading import MAX_COUNT, Reader
from academy.pathway.rules import ANY_TIME, Requirement, Window
from academy.pathway.verdicts import RequirementVerdict


@dataclass(frozen=True, slots=True)
class MinimumDrivingTime:
    count: int
    series: frozenset[str] = frozenset()  # empty: any series
    classes: frozenset[RaceClass] = frozenset()  # empty: any class
    window: Window = ANY_TIME


NOT_KNOWN = Unsaid(
    ("race", "races"),
    "no record of whether the minimum driving time was met",
    ("it does not count", "they do not count"),
)


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> MinimumDrivingTime:
    count = reader.integer(raw, "count", where, minimum=1, maximum=MAX_COUNT)
    return MinimumDrivingTime(
        count=count or 1,
        series=reader.series(raw, where),
        classes=reader.members(RaceClass, raw, "classes", "class", where, required=False),
        window=reader.window(raw, where),
    )


class MinimumDrivingTimeCheck(CountingCheck[MinimumDrivingTime]):
    __slots__ = ("slot",)

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, MinimumDrivingTime)
        super().__init__(requirement, context, requirement.params, "races")

    def read_from(self, context: CheckContext) -> None:
        params = self.params
        # Every race the driver started: one not started had no driving time to meet.
        self.slot = context.results.register(
            ResultFilter(params.series, params.classes, STARTED), self.start
        )
        self.singular = "race with the minimum driving time met"
        self.plural = "races with the minimum driving time met"
        classes = f" in {words.classes_words(params.classes)}" if params.classes else ""
        self.tail = f"{classes}{words.series_words(params.series)}"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        entries = view.select_results(self.slot, self.start, self.end)
        # Met: True, the least that counts; not known: None.
        return self.count_at_least(entries, "driving_time_minimum_met", True, NOT_KNOWN)


register(
    Kind(
        name="minimum_driving_time",
        params=MinimumDrivingTime,
        fields=frozenset({"count", "series", "classes", "window"}),
        read=read,
        check=MinimumDrivingTimeCheck,
        horizon=count_horizon,
        listed=45,
    )
)
