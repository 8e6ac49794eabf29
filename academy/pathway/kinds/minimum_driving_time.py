"""minimum_driving_time: N races in which the driver drove the race's minimum driving time, in
some series and classes within a window (the result's `driving_time_minimum_met`; a result
that does not say is never counted as met, and the verdict says how many did not say)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from academy.enums import RaceClass
from academy.pathway import wording as words
from academy.pathway.checks import (
    STARTED,
    CheckContext,
    CountingCheck,
    DriverView,
    ResultFilter,
    have_phrase,
)
from academy.pathway.facts import DriverFacts
from academy.pathway.kinds import Kind, register
from academy.pathway.kinds._horizon import count_stays_met
from academy.pathway.reading import MAX_COUNT, Reader
from academy.pathway.rules import ANY_TIME, Requirement, Window
from academy.pathway.verdicts import RequirementVerdict, Status


@dataclass(frozen=True, slots=True)
class MinimumDrivingTime:
    count: int
    series: frozenset[str] = frozenset()  # empty: any series
    classes: frozenset[RaceClass] = frozenset()  # empty: any class
    window: Window = ANY_TIME


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> MinimumDrivingTime:
    count = reader.integer(raw, "count", where, minimum=1, maximum=MAX_COUNT)
    return MinimumDrivingTime(
        count=count or 1,
        series=reader.series(raw, where),
        classes=reader.members(RaceClass, raw, "classes", "class", where, required=False),
        window=reader.window(raw, where),
    )


class MinimumDrivingTimeCheck(CountingCheck):
    __slots__ = ("params", "slot")

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, MinimumDrivingTime)
        self.params = params
        self.start, self.end = params.window.bounds(context.as_of)
        # Every race the driver started: one not started had no driving time to meet.
        self.slot = context.results.register(
            ResultFilter(params.series, params.classes, STARTED), self.start
        )
        self.singular = "race with the minimum driving time met"
        self.plural = "races with the minimum driving time met"
        classes = f" in {words.classes_words(params.classes)}" if params.classes else ""
        self.tail = f"{classes}{words.series_words(params.series)}"
        self.window = words.window_words(params.window, context.as_of)
        self.window_label = words.window_label(params.window)
        super().__init__(requirement, context, params.count, "races")

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        met = []
        not_known = 0
        for _day, result, evidence in view.select_results(self.slot, self.start, self.end):
            answer = result.driving_time_minimum_met
            if answer is None:
                not_known += 1
            elif answer:
                met.append(evidence)
        notes: tuple[str, ...] = ()
        if not_known:
            notes = (
                f"{have_phrase(not_known, 'race', 'races')} no record of whether the minimum "
                f"driving time was met, so {'it does' if not_known == 1 else 'they do'} not "
                "count",
            )
        return self.counted(len(met), tuple(met), notes)


def horizon(
    verdict: RequirementVerdict, facts: DriverFacts, as_of: date, memo: dict[Any, Any]
) -> Iterable[date]:
    """A met count changes when enough of its races have left the window."""
    if verdict.status is not Status.MET:
        return ()
    params = verdict.requirement.params
    counted = [evidence.on for evidence in verdict.evidence if evidence.on is not None]
    return count_stays_met(params.window, counted, params.count, as_of)


register(
    Kind(
        name="minimum_driving_time",
        params=MinimumDrivingTime,
        fields=frozenset({"count", "series", "classes", "window"}),
        read=read,
        check=MinimumDrivingTimeCheck,
        horizon=horizon,
        listed=45,
    )
)
