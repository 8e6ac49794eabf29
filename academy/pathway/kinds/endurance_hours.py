"""endurance_hours: hours of driving (the driver's own drive time) in some series and classes
within a window."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from academy.enums import RaceClass
from academy.pathway import wording as words
from academy.pathway.checks import (
    STARTED,
    Check,
    CheckContext,
    DriverView,
    ResultFilter,
    Unsaid,
)
from academy.pathway.facts import DriverFacts
from academy.pathway.kinds import Kind, register
from academy.pathway.kinds._horizon import season_turns, still_inside
from academy.pathway.reading import MAX_HOURS, Reader
from academy.pathway.rules import ANY_TIME, Requirement, Window
from academy.pathway.verdicts import Progress, RequirementVerdict, Status, new


@dataclass(frozen=True, slots=True)
class EnduranceHours:
    hours: float
    series: frozenset[str] = frozenset()
    classes: frozenset[RaceClass] = frozenset()
    window: Window = ANY_TIME


UNTIMED = Unsaid(
    ("result", "results"),
    "no drive time recorded",
    ("it counts as 0 hours", "they count as 0 hours"),
)


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> EnduranceHours:
    hours = reader.number(raw, "hours", where, maximum=MAX_HOURS)
    return EnduranceHours(
        hours=hours or 0.0,
        series=reader.series(raw, where),
        classes=reader.members(RaceClass, raw, "classes", "class", where, required=False),
        window=reader.window(raw, where),
    )


class EnduranceHoursCheck(Check):
    __slots__ = ("params", "slot", "start", "end", "tail", "window", "need_seconds", "phrases")

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, EnduranceHours)
        self.params = params
        self.start, self.end = params.window.bounds(context.as_of)
        self.slot = context.results.register(
            ResultFilter(params.series, params.classes, STARTED), self.start
        )
        classes = f" in {words.classes_words(params.classes)}" if params.classes else ""
        self.tail = f"{classes}{words.series_words(params.series)}"
        self.window = words.window_words(params.window, context.as_of)
        self.need_seconds = params.hours * 3600
        self.phrases: dict[tuple[int, bool], str] = {}
        super().__init__(requirement, context)

    def describe(self) -> str:
        hours = words.hours_words(self.params.hours)
        return f"{hours} of driving{self.tail}{words.window_label(self.params.window)}"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        driven = 0
        untimed = 0
        counted = []
        for _day, result, evidence in view.select_results(self.slot, self.start, self.end):
            seconds = result.drive_time_seconds
            if seconds is None:
                untimed += 1
            elif seconds > 0:
                driven += seconds
                counted.append(evidence)
        notes = UNTIMED.note(untimed)
        # Shown rounded down, so a driver never reads "10 of 10 hours" while still short.
        progress = new(Progress, (math.floor(driven / 360) / 10, self.params.hours, "hours"))
        if driven >= self.need_seconds:
            return self.verdict(Status.MET, evidence=tuple(counted), progress=progress, notes=notes)
        return self.verdict(
            Status.NOT_MET,
            evidence=tuple(counted),
            progress=progress,
            notes=notes,
            missing=self.missing(driven),
        )

    def missing(self, driven: int) -> str:
        # Shortfalls are said in whole minutes, so each sentence is written once.
        minutes = math.ceil((self.need_seconds - driven) / 60)
        phrase = self.phrases.get((minutes, driven > 0))
        if phrase is None:
            short = words.duration_words(minutes * 60)
            amount = f"{short} more driving" if driven else f"{short} of driving"
            phrase = f"{amount}{self.tail}{self.window}"
            self.phrases[(minutes, driven > 0)] = phrase
        return phrase


def horizon(
    verdict: RequirementVerdict, facts: DriverFacts, as_of: date, memo: dict[Any, Any]
) -> Iterable[date]:
    """Met hours change when so much driving has left the window that too little remains."""
    if verdict.status is not Status.MET:
        return
    params = verdict.requirement.params
    turn = season_turns(params.window, as_of)
    if turn is not None:
        yield turn
        return
    if params.window.months is None:
        return
    seconds = memo.get("drive_seconds")
    if seconds is None:  # once per driver, for every hours requirement
        seconds = memo["drive_seconds"] = {
            result.id: result.drive_time_seconds or 0 for result in facts.results
        }
    by_date = sorted(verdict.evidence, key=lambda evidence: evidence.on or as_of)
    remaining = sum(seconds.get(evidence.id, 0) for evidence in by_date)
    breaking = None
    for evidence in by_date:
        remaining -= seconds.get(evidence.id, 0)
        if remaining < params.hours * 3600:
            breaking = evidence.on
            break
    last = still_inside(params.window, breaking, as_of)
    if last is not None:
        yield last


register(
    Kind(
        name="endurance_hours",
        params=EnduranceHours,
        fields=frozenset({"hours", "series", "classes", "window"}),
        read=read,
        check=EnduranceHoursCheck,
        horizon=horizon,
        listed=50,
    )
)
