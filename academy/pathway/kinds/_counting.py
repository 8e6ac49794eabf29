"""What the counting kinds share (classified_starts, minimum_driving_time, night_running,
sessions_completed): the facts a filter reads within a window, counted against the rule's
count, in words ('2 more classified starts ... in the last 24 months'), with a note for facts
that do not say whether they count, and a horizon: a met count holds until so many counted
facts have left the window that too few remain.

A counting kind's check says only what differs: which facts it reads (its slot, `read_from`),
its nouns, and which of the facts count (`evaluate`).
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from academy.pathway import wording as words
from academy.pathway.checks import Check, CheckContext, Entry, Unsaid, more_phrase
from academy.pathway.facts import DriverFacts
from academy.pathway.kinds._horizon import count_stays_met
from academy.pathway.rules import Requirement, Window
from academy.pathway.verdicts import Evidence, Progress, RequirementVerdict, Status, new_verdict


class CountParams(Protocol):
    """The parameters every counting kind has."""

    @property
    def count(self) -> int: ...

    @property
    def window(self) -> Window: ...


P = TypeVar("P", bound=CountParams)


class CountingCheck(Check, Generic[P]):
    """A check that counts facts within a window: 'have' of 'need', and '2 more ...' in words.

    The same counts come up for driver after driver, so each progress and each sentence
    is made once and then shared.
    """

    __slots__ = (
        "params",
        "need",
        "unit",
        "start",
        "end",
        "singular",
        "plural",
        "tail",
        "window",
        "window_label",
        "_progress",
        "_missing",
    )

    # Set by each kind's read_from: its nouns and what follows them (series, classes...).
    singular: str
    plural: str
    tail: str

    def __init__(self, requirement: Requirement, context: CheckContext, params: P, unit: str):
        self.params = params
        self.need = params.count
        self.unit = unit
        self.start, self.end = params.window.bounds(context.as_of)
        # The window in words with and without the evaluation day.
        self.window = words.window_words(params.window, context.as_of)
        self.window_label = words.window_label(params.window)
        self._progress: dict[int, Progress] = {}
        self._missing: dict[int, str] = {}
        self.read_from(context)
        super().__init__(requirement, context)

    @abc.abstractmethod
    def read_from(self, context: CheckContext) -> None:
        """Register the facts the check reads from `start` on (its slots) and set its nouns."""

    def noun(self, count: int) -> str:
        return self.singular if count == 1 else self.plural

    def describe(self) -> str:
        count = self.need
        return f"{count} {self.noun(count)}{self.tail}{self.window_label}"

    def counted(
        self, have: int, evidence: tuple[Evidence, ...], notes: tuple[str, ...] = ()
    ) -> RequirementVerdict:
        progress = self._progress.get(have)
        if progress is None:
            progress = self._progress[have] = Progress(have, self.need, self.unit)
        if not evidence and not notes:
            status = Status.MET if have >= self.need else Status.NOT_MET
            return self.verdict(status, missing=self.missing_for(have), progress=progress)
        if have >= self.need:
            return new_verdict(self.requirement, Status.MET, evidence, "", progress, notes)
        return new_verdict(
            self.requirement, Status.NOT_MET, evidence, self.missing_for(have), progress, notes
        )

    def count_at_least(
        self, entries: list[Entry], attribute: str, least: float, unsaid: Unsaid
    ) -> RequirementVerdict:
        """Count the entries whose fact's `attribute` is at least `least`; those whose
        attribute is None do not say, and the note says how many."""
        enough = tuple(
            evidence
            for _day, fact, evidence in entries
            if (value := getattr(fact, attribute)) is not None and value >= least
        )
        unsaid_count = sum(1 for _day, fact, _ in entries if getattr(fact, attribute) is None)
        return self.counted(len(enough), enough, unsaid.note(unsaid_count))

    def missing_for(self, have: int) -> str:
        if have >= self.need:
            return ""
        missing = self._missing.get(have)
        if missing is None:
            short = self.need - have
            missing = f"{more_phrase(have, str(short))} {self.noun(short)}{self.tail}{self.window}"
            self._missing[have] = missing
        return missing


def count_horizon(
    verdict: RequirementVerdict, facts: DriverFacts, as_of: date, memo: dict[Any, Any]
) -> Iterable[date]:
    """A met count changes when enough of what counts has left its window."""
    if verdict.status is not Status.MET:
        return ()
    return counted_days_stay_met(verdict, as_of, days_of(verdict))


def days_of(verdict: RequirementVerdict) -> list[date]:
    return [evidence.on for evidence in verdict.evidence if evidence.on is not None]


def counted_days_stay_met(
    verdict: RequirementVerdict, as_of: date, counted: list[date]
) -> Iterable[date]:
    params = verdict.requirement.params
    return count_stays_met(params.window, counted, params.count, as_of)
