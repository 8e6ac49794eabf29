"""What every rule kind's check is built on: the Check base class, the wording kinds share, and
the arranged view of a driver's facts the checks read. The checks themselves live with their
kinds (academy/pathway/kinds/; the counting kinds' shared check in kinds/_counting.py).

A check is built once per rule set and evaluation day (dates, filters and phrases worked out
then) and evaluated for any number of drivers. Nothing dated after as_of is ever read.

Speed matters here (a cohort board evaluates thousands of drivers at once), hence the shape:
each check that reads results or sessions registers a filter and gets a slot; a driver's
facts are sorted by date once and put into every slot by C-level passes (each fact's key
looked up in the set of keys the slot accepts), with one Evidence per fact, and a check then
only bisects its slot by date. Milestones take the oldest result of each key.
"""

from __future__ import annotations

import abc
import dataclasses
from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from academy.enums import RaceClass, ResultStatus, SessionType
from academy.pathway import wording as words
from academy.pathway.facts import (
    DriverFacts,
    GradeFact,
    ResultFact,
)
from academy.pathway.rules import Requirement
from academy.pathway.verdicts import (
    Evidence,
    Progress,
    RequirementVerdict,
    Status,
    new,
    new_verdict,
)

_RESULT_ORDER = attrgetter("event_date", "id")
_EVENT_DATE = attrgetter("event_date")
_SESSION_ORDER = attrgetter("held_on", "id")
_ID = attrgetter("id")
_SESSION_ID = attrgetter("session_id")
_GRADED_ON = attrgetter("graded_on")
_COMPETENCY = attrgetter("competency_key")
# What decides whether a fact can count for a check: series code, class, status and night flag
# of a result; type, night flag and ACO approval of a session (by a C-level getter).
_RESULT_KEY = attrgetter("series_code", "race_class", "status", "night")
_SESSION_KEY = attrgetter("session_type", "night", "aco_approved")

# A race the driver did not start gave no driving, whatever else it says.
STARTED = frozenset(ResultStatus) - {ResultStatus.DNS}

ResultKey = tuple[str, RaceClass, ResultStatus, bool]
SessionKey = tuple[SessionType, bool, bool]


class ResultFilter:
    """Which results a check reads, apart from their dates."""

    __slots__ = ("series", "classes", "statuses", "night_only")

    def __init__(
        self,
        series: frozenset[str],
        classes: frozenset[RaceClass],
        statuses: frozenset[ResultStatus],
        night_only: bool = False,
    ) -> None:
        self.series = series
        self.classes = classes
        self.statuses = statuses
        self.night_only = night_only

    @property
    def identity(self) -> tuple[object, ...]:
        return (self.series, self.classes, self.statuses, self.night_only)

    def accepts(self, key: ResultKey) -> bool:
        series, race_class, status, night = key
        return (
            (not self.series or series.upper() in self.series)
            and (not self.classes or race_class in self.classes)
            and status in self.statuses
            and (night or not self.night_only)
        )


class SessionFilter:
    """Which coaching sessions a check reads, apart from their dates."""

    __slots__ = ("types", "night_only", "approved_only")

    def __init__(
        self,
        types: frozenset[SessionType],
        night_only: bool = False,
        approved_only: bool = False,
    ) -> None:
        self.types = types  # empty: any type
        self.night_only = night_only
        self.approved_only = approved_only

    @property
    def identity(self) -> tuple[object, ...]:
        return (self.types, self.night_only, self.approved_only)

    def accepts(self, key: SessionKey) -> bool:
        session_type, night, approved = key
        return (
            (not self.types or session_type in self.types)
            and (night or not self.night_only)
            and (approved or not self.approved_only)
        )


class FilterIndex:
    """The filters of a prepared rule set, numbered (their slots); for each key it remembers
    which slots accept it. Checks that read the same facts share a slot."""

    __slots__ = ("filters", "accepting", "earliest")

    def __init__(self) -> None:
        self.filters: list[Any] = []
        self.accepting: dict[tuple[Any, ...], tuple[int, ...]] = {}
        self.earliest = date.max  # no check reads a fact dated before this

    def register(self, fact_filter: ResultFilter | SessionFilter, start: date) -> int:
        """The slot of a filter whose check reads facts from `start` on."""
        self.earliest = min(self.earliest, start)
        for slot, known in enumerate(self.filters):
            if known.identity == fact_filter.identity:
                return slot
        self.filters.append(fact_filter)
        self.accepting.clear()
        return len(self.filters) - 1

    def slots_for(self, key: tuple[Any, ...]) -> tuple[int, ...]:
        found = self.accepting.get(key)
        if found is None:
            found = tuple(
                slot for slot, fact_filter in enumerate(self.filters) if fact_filter.accepts(key)
            )
            self.accepting[key] = found
        return found


class CheckContext:
    """What the checks of one prepared rule set share."""

    __slots__ = ("as_of", "stage_names", "results", "sessions", "milestones", "result_slots")

    def __init__(self, as_of: date, stage_names: dict[str, str]) -> None:
        self.as_of = as_of
        self.stage_names = stage_names
        self.results = FilterIndex()
        self.sessions = FilterIndex()
        # Results that reach stages (any date up to as_of): kept apart, so that reading the
        # whole history for them does not widen what the windowed checks sort.
        self.milestones = FilterIndex()
        # A result's key: the slots of the windowed checks and of the milestones accepting it.
        self.result_slots: dict[ResultKey, tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def slots_for_result(self, key: ResultKey) -> tuple[tuple[int, ...], tuple[int, ...]]:
        found = self.result_slots[key] = (
            self.results.slots_for(key),
            self.milestones.slots_for(key),
        )
        return found


# What a slot holds for each fact: its date, the fact and its Evidence, oldest first.
Entry = tuple[date, Any, Evidence]
DAY = itemgetter(0)
_EVIDENCE = itemgetter(2)


def evidence_of(entries: list[Entry]) -> tuple[Evidence, ...]:
    return tuple(map(_EVIDENCE, entries))


class DriverView:
    """The facts of one driver up to as_of, arranged so that each check reads only its own."""

    __slots__ = (
        "facts",
        "as_of",
        "standing",
        "memo",
        "_results",
        "_sessions",
        "_grades",
        "_grade_evidence",
        "milestones",
    )

    def __init__(self, facts: DriverFacts, as_of: date, context: CheckContext) -> None:
        self.facts = facts
        self.as_of = as_of
        # How each stage evaluated so far stands for a previous-stage check: MET once reached,
        # else its status.
        self.standing: dict[str, Status] = {}
        # What several checks find alike, keyed by (kind of finding, ...): licence and
        # medical findings.
        self.memo: dict[tuple[object, ...], Any] = {}
        self._grades: dict[str, list[GradeFact]] | None = None
        self._grade_evidence: dict[tuple[str, int], tuple[Evidence, ...]] = {}

        index = context.results
        milestones = context.milestones
        results: list[list[Entry]] = [[] for _ in index.filters]
        first: list[ResultFact | None] = [None] * len(milestones.filters)
        if milestones.filters:
            # Milestones read every result up to as_of, the windowed checks those from
            # `earliest` on: one sort serves both, and the first result a milestone slot
            # meets is its oldest. Results before `earliest` are read only until every
            # milestone slot has its first.
            earliest, both = index.earliest, context.result_slots
            unfilled = len(first)
            # Sorted whole, then cut at as_of: no Python pass over the results to drop the
            # few dated later. By date, then id: two sorts with plain keys cost less than one
            # by a tuple.
            upto = sorted(sorted(facts.results, key=_ID), key=_EVENT_DATE)
            del upto[bisect_right(upto, as_of, key=_EVENT_DATE) :]
            cut = bisect_left(upto, earliest, key=_EVENT_DATE)
            reaching = milestones.accepting
            # Each result with the milestone slots accepting its key (known keys looked up
            # in C; a key first met is worked out once).
            for _position, result, reached in zip(
                range(cut), upto, map(reaching.get, map(_RESULT_KEY, upto)), strict=False
            ):
                if reached is None:
                    reached = milestones.slots_for(_RESULT_KEY(result))
                for slot in reached:
                    if first[slot] is None:
                        first[slot] = result
                        unfilled -= 1
                if not unfilled:
                    break
            window = upto[cut:]
            for result, found in zip(window, map(both.get, map(_RESULT_KEY, window)), strict=True):
                if found is None:
                    found = context.slots_for_result(_RESULT_KEY(result))
                slots, reached = found
                if unfilled and reached:
                    for slot in reached:
                        if first[slot] is None:
                            first[slot] = result
                            unfilled -= 1
                if slots:
                    day = result.event_date
                    entry = (day, result, new(Evidence, ("result", result.id, day, "")))
                    for slot in slots:
                        results[slot].append(entry)
        elif index.filters:
            accepting, earliest = index.accepting, index.earliest
            in_reach = [r for r in facts.results if earliest <= r.event_date <= as_of]
            in_reach.sort(key=_RESULT_ORDER)
            for result, accepted in zip(
                in_reach, map(accepting.get, map(_RESULT_KEY, in_reach)), strict=True
            ):
                if accepted is None:
                    accepted = index.slots_for(_RESULT_KEY(result))
                if accepted:
                    day = result.event_date
                    entry = (day, result, new(Evidence, ("result", result.id, day, "")))
                    for slot in accepted:
                        results[slot].append(entry)
        self._results = results
        # The result that first reached each milestone slot, as evidence (None: not reached),
        # and a None after the last slot (for "no slot").
        milestone_evidence: list[Evidence | None] = [
            None if result is None else new(Evidence, ("result", result.id, result.event_date, ""))
            for result in first
        ]
        milestone_evidence.append(None)
        self.milestones = milestone_evidence

        index = context.sessions
        sessions: list[list[Entry]] = [[] for _ in index.filters]
        if index.filters:
            accepting, earliest = index.accepting, index.earliest
            held = [s for s in facts.sessions if earliest <= s.held_on <= as_of]
            held.sort(key=_SESSION_ORDER)
            for session, session_slots in zip(
                held, map(accepting.get, map(_SESSION_KEY, held)), strict=True
            ):
                if session_slots is None:
                    session_slots = index.slots_for(_SESSION_KEY(session))
                if session_slots:
                    on = session.held_on
                    found_entry = (on, session, new(Evidence, ("session", session.id, on, "")))
                    for slot in session_slots:
                        sessions[slot].append(found_entry)
        self._sessions = sessions

    def select_results(self, slot: int, start: date, end: date) -> list[Entry]:
        """A slot's results dated start..end (both inclusive), oldest first."""
        entries = self._results[slot]
        low = bisect_left(entries, start, key=DAY)
        return entries[low : bisect_right(entries, end, low, key=DAY)]

    def select_sessions(self, slot: int, start: date, end: date) -> list[Entry]:
        """A slot's sessions dated start..end (both inclusive), oldest first."""
        entries = self._sessions[slot]
        low = bisect_left(entries, start, key=DAY)
        return entries[low : bisect_right(entries, end, low, key=DAY)]

    def grades(self) -> dict[str, list[GradeFact]]:
        """Grades given on or before as_of by competency, each oldest first (by day, then
        session)."""
        grouped = self._grades
        if grouped is None:
            # By day, then session (two sorts with plain keys cost less than one by a tuple),
            # cut at as_of, then by competency: the sort is stable, so each competency's
            # grades stay in order, and groupby gathers them in C.
            ordered = sorted(sorted(self.facts.grades, key=_SESSION_ID), key=_GRADED_ON)
            del ordered[bisect_right(ordered, self.as_of, key=_GRADED_ON) :]
            ordered.sort(key=_COMPETENCY)
            grouped = self._grades = {
                key: list(graded) for key, graded in groupby(ordered, key=_COMPETENCY)
            }
        return grouped

    def grade_evidence(
        self, competency: str, take: int, competency_words: str
    ) -> tuple[Evidence, ...]:
        """A competency's last `take` grades as evidence (made once, when first needed)."""
        key = (competency, take)
        evidence = self._grade_evidence.get(key)
        if evidence is None:
            evidence = self._grade_evidence[key] = tuple(
                new(
                    Evidence,
                    (
                        "grade",
                        grade.session_id,
                        grade.graded_on,
                        _graded(competency_words, grade.score),
                    ),
                )
                for grade in self.grades()[competency][-take:]
            )
        return evidence


@lru_cache(maxsize=4096)
def _graded(competency_words: str, score: float) -> str:
    """'racecraft 7': scores come from a short scale, so each is written once."""
    return f"{competency_words} {words.number(score)}"


def more_phrase(have: int | float, amount: str) -> str:
    """'2 more' once something counts, plain '2' before anything does."""
    return f"{amount} more" if have else amount


def article(text: str) -> str:
    return "an" if text[:1].lower() in "aeiou" else "a"


def have_phrase(count: int, singular: str, plural: str) -> str:
    return f"{words.plural(count, singular, plural)} {'has' if count == 1 else 'have'}"


class Unsaid(NamedTuple):
    """A note for the facts that do not say whether they count: '2 results have no race
    length recorded, so they do not count here'. `nouns` and `so` are said for one fact and
    for several."""

    nouns: tuple[str, str]
    what: str
    so: tuple[str, str]

    def note(self, unsaid: int) -> tuple[str, ...]:
        """The note for `unsaid` facts (none when every fact says)."""
        if not unsaid:
            return ()
        so = self.so[0] if unsaid == 1 else self.so[1]
        return (f"{have_phrase(unsaid, *self.nouns)} {self.what}, so {so}",)


# --- the base of every kind's check ----------------------------------------------------------


class Check(abc.ABC):
    """One requirement, ready to be evaluated against any driver on the prepared day."""

    __slots__ = ("requirement", "as_of", "_shared")

    def __init__(self, requirement: Requirement, context: CheckContext):
        self.as_of = context.as_of
        self._shared: dict[tuple[Status, str, Progress | None], RequirementVerdict] = {}
        # The requirement as every verdict shows it: with a label, written here if the rule
        # file gave none.
        self.requirement = requirement
        if not requirement.label:
            self.requirement = dataclasses.replace(requirement, label=self.describe())

    @abc.abstractmethod
    def describe(self) -> str:
        """The requirement in plain words, for a rule file that gave no label."""

    @abc.abstractmethod
    def evaluate(self, view: DriverView) -> RequirementVerdict:
        """The verdict for one driver."""

    def verdict(
        self,
        status: Status,
        *,
        evidence: tuple[Evidence, ...] = (),
        missing: str = "",
        progress: Progress | None = None,
        notes: tuple[str, ...] = (),
    ) -> RequirementVerdict:
        if evidence or notes:
            return new_verdict(self.requirement, status, evidence, missing, progress, notes)
        # A verdict with nothing of the driver's own in it is the same for every driver who
        # gets it (verdicts are immutable): made once, then shared.
        key = (status, missing, progress)
        found = self._shared.get(key)
        if found is None:
            found = new_verdict(self.requirement, status, (), missing, progress)
            if len(self._shared) < _SHARED_LIMIT:
                self._shared[key] = found
        return found


# Enough for every plain outcome of a check; beyond it (sentences with a driver's own
# dates in them) verdicts are simply made afresh.
_SHARED_LIMIT = 256


# What a licence or medical check found for a driver: status, evidence, missing.
Finding = tuple[Status, tuple[Evidence, ...], str]


def expiry_finding(
    expires_on: date, as_of: date, warn_days: int, evidence: Evidence, what: str
) -> Finding:
    """MET, or EXPIRING when the document runs out within warn_days of as_of."""
    days_left = (expires_on - as_of).days
    if days_left <= warn_days:
        when = "today" if days_left == 0 else f"on {words.format_date(expires_on)}"
        return Status.EXPIRING, (evidence,), f"renew your {what}: it expires {when}"
    return Status.MET, (evidence,), ""
