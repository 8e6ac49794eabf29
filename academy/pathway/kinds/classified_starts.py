"""classified_starts: N starts (classified, unless other statuses are given) in some series and
classes within a window; optionally in races of at least some hours, or with a finishing
position at least as good as `top` (overall or in class)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from academy.enums import RaceClass, ResultStatus
from academy.pathway import wording as words
from academy.pathway.checks import (
    CheckContext,
    DriverView,
    ResultFilter,
    Unsaid,
    evidence_of,
)
from academy.pathway.kinds import Kind, register
from academy.pathway.kinds._counting import CountingCheck, count_horizon
from academy.pathway.reading import MAX_COUNT, MAX_RACE_HOURS, Reader
from academy.pathway.rules import ANY_TIME, Requirement, Window
from academy.pathway.verdicts import RequirementVerdict


@dataclass(frozen=True, slots=True)
class ClassifiedStarts:
    count: int
    series: frozenset[str] = frozenset()  # empty: any series
    classes: frozenset[RaceClass] = frozenset()  # empty: any class
    window: Window = ANY_TIME
    statuses: frozenset[ResultStatus] = frozenset({ResultStatus.CLASSIFIED})
    min_race_hours: float | None = None
    top: int | None = None  # finishing position at least this good, counted by `position`
    position: str = "overall"  # "overall" or "class"


NO_LENGTH = Unsaid(
    ("result", "results"),
    "no race length recorded",
    ("it does not count here", "they do not count here"),
)


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> ClassifiedStarts:
    count = reader.integer(raw, "count", where, minimum=1, maximum=MAX_COUNT)
    statuses = reader.members(ResultStatus, raw, "statuses", "result status", where, required=False)
    return ClassifiedStarts(
        count=count or 1,
        series=reader.series(raw, where),
        classes=reader.members(RaceClass, raw, "classes", "class", where, required=False),
        window=reader.window(raw, where),
        statuses=statuses or frozenset({ResultStatus.CLASSIFIED}),
        min_race_hours=reader.number(
            raw, "min_race_hours", where, required=False, maximum=MAX_RACE_HOURS
        ),
        top=reader.integer(raw, "top", where, required=False, minimum=1, maximum=MAX_COUNT),
        position=reader.choice(raw, "position", ("overall", "class"), where),
    )


class ClassifiedStartsCheck(CountingCheck[ClassifiedStarts]):
    __slots__ = ("slot",)

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, ClassifiedStarts)
        super().__init__(requirement, context, requirement.params, "starts")

    def read_from(self, context: CheckContext) -> None:
        params = self.params
        self.slot = context.results.register(
            ResultFilter(params.series, params.classes, params.statuses), self.start
        )
        classes = words.classes_words(params.classes) + " " if params.classes else ""
        if params.statuses == {ResultStatus.CLASSIFIED}:
            self.singular, self.plural = f"classified {classes}start", f"classified {classes}starts"
        else:
            qualifier = f" ({words.statuses_words(params.statuses)})"
            self.singular = f"{classes}start{qualifier}"
            self.plural = f"{classes}starts{qualifier}"
        if params.top is not None:
            where = " in class" if params.position == "class" else " overall"
            self.singular = f"top-{params.top}{where} finish ({self.singular})"
            self.plural = f"top-{params.top}{where} finishes ({self.plural})"
        tail = words.series_words(params.series)
        if params.min_race_hours is not None:
            tail += f" in races of {words.hours_words(params.min_race_hours)} or more"
        self.tail = tail

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        entries = view.select_results(self.slot, self.start, self.end)
        top = self.params.top
        if top is not None:
            attribute = (
                "position_in_class" if self.params.position == "class" else "position_overall"
            )
            entries = [
                entry
                for entry in entries
                if (place := getattr(entry[1], attribute)) is not None and place <= top
            ]
        shortest = self.params.min_race_hours
        if shortest is None:
            return self.counted(len(entries), evidence_of(entries))
        return self.count_at_least(entries, "race_duration_hours", shortest, NO_LENGTH)


register(
    Kind(
        name="classified_starts",
        params=ClassifiedStarts,
        fields=frozenset(
            {
                "count",
                "series",
                "classes",
                "window",
                "statuses",
                "min_race_hours",
                "top",
                "position",
            }
        ),
        read=read,
        check=ClassifiedStartsCheck,
        horizon=count_horizon,
        listed=40,
    )
)
